package patterns

import (
	"errors"
	"strings"

	"github.com/piid/piid/rure"
)

// ErrNotIdentifier says a value is not one of its type (an email without
// an @, an IBAN whose checksum fails).
var ErrNotIdentifier = errors.New("not a valid value of its type")

// Identifier checks a subject's identifier as a person gives it (no
// context around it) and returns its normalized form: what the scanner
// hashes for the same value found in a file, so a search for "+33 6 12 34
// 56 78" meets a file's "06 12 34 56 78". Types that are found by their
// context (names, addresses) take any non-empty value.
func (c *Catalog) Identifier(typeID, value string) (string, error) {
	t, ok := c.TypeByID(typeID)
	if !ok {
		return "", ErrUnknownType{typeID}
	}
	v := []byte(strings.TrimSpace(value))
	if len(v) == 0 || len(v) > 1024 {
		return "", ErrNotIdentifier
	}
	s := c.NewScratch()
	if t.Check != nil && t.ID != "person_name" && t.ID != "street_address" {
		s.env.Buf = s.buf[:0]
		sp, _, ok := t.Check(v, &s.env)
		if !ok || sp.Start != 0 || sp.End != len(v) {
			return "", ErrNotIdentifier
		}
	}
	if t.regex != "" && !matchesWhole(t.regex, v) {
		return "", ErrNotIdentifier
	}
	return string(c.normalize(nil, t, v, s)), nil
}

// matchesWhole says whether a custom type's pattern matches all of v.
// Compiled per call: identifiers are checked a few at a time, and the
// catalog's compiled regexes belong to the scanner's workers.
func matchesWhole(pattern string, v []byte) bool {
	p, err := asciiPattern(pattern)
	if err != nil {
		return false
	}
	re, err := rure.Compile(`^(?:`+p+`)$`, rure.Options{})
	if err != nil {
		return false
	}
	defer re.Close()
	return re.IsMatch(v)
}
