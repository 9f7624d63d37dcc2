// Package index owns what piid remembers: findings keyed by the keyed hash
// of their normalized value, by file and by record, and file fingerprints
// so unchanged files are not rescanned. It stores no raw value, ever.
//
// It must not import api/ or dsar/.
package index
