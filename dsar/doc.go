// Package dsar owns GDPR requests: access (Art. 15) and erasure (Art. 17),
// their lifecycles, deadlines, reports, verification and tombstones.
//
// It must not import api/.
package dsar
