// Package patterns owns what personal data looks like: the catalog of types
// (id, GDPR category, regex, base confidence, whether it is a strong
// identifier and its country), validators (checksums), normalizers (the
// form that gets hashed), masked previews, context keywords and field
// names, a phone's region from evidence, keyed hashing, and the pattern
// keys of the config (custom patterns, keywords, allow and ignore lists).
// Each type family is one file (email.go, phone.go, id_fr.go, …), listed
// in builtin.go.
//
// It is pure: no file or network I/O but the hash key's file. It must
// not import index/, dsar/ or api/, nor scanner/ beyond its leaf package
// of path globs (scanner/glob, which imports nothing of piid).
package patterns
