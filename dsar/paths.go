package dsar

import (
	"strings"
	"unicode"

	"github.com/piid/piid/patterns"
)

// PathRef is how the audit trail and notices name a file: a file's name
// may itself be personal data (an export named after a customer's
// email), and the trail keeps no personal data. The keyed hash finds the
// file again among the erasure's files or the index's; the masked form
// only hints at it.
type PathRef struct {
	Hash   patterns.Hash `json:"hash"`
	Masked string        `json:"masked"`
}

// AuditPath is the one way an event names a path.
func AuditPath(cat *patterns.Catalog, path string) PathRef {
	return PathRef{Hash: cat.Hasher().Sum("path", []byte(path)), Masked: MaskPath(path)}
}

// MaskPath masks every component of a path, since any of them may hold
// an identifier: each keeps its first character, its separators (. _ - @
// and the like) and, for the last, a short extension; other letters and
// digits become '*'. "/srv/exports/anna.rossi@example.it.csv" gives
// "/s**/e******/a***.*****@*******.**.csv".
func MaskPath(path string) string {
	comps := strings.Split(path, "/")
	for i, c := range comps {
		ext := ""
		if i == len(comps)-1 {
			if j := strings.LastIndexByte(c, '.'); j > 0 && len(c)-j <= 5 && isWord(c[j+1:]) {
				c, ext = c[:j], c[j:]
			}
		}
		var b strings.Builder
		first := true
		for _, r := range c {
			switch {
			case !unicode.IsLetter(r) && !unicode.IsDigit(r):
				b.WriteRune(r)
			case first:
				b.WriteRune(r)
				first = false
			default:
				b.WriteByte('*')
			}
		}
		comps[i] = b.String() + ext
	}
	return strings.Join(comps, "/")
}

func isWord(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}
