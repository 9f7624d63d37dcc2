// Package patterns owns what personal data looks like: the catalog of types
// (id, GDPR category, regex, base confidence), validators (checksums),
// normalizers (the form that gets hashed), masked previews, context
// keywords, keyed hashing and the loading of custom patterns from config.
//
// It is pure: no file or network I/O except reading a config file the
// caller names. It must not import scanner/, index/, dsar/ or api/.
package patterns
