package patterns

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/piid/piid/rure"
)

// ErrNotIdentifier says a value is not one of its type (an email without
// an @, an IBAN whose checksum fails).
var ErrNotIdentifier = errors.New("not a valid value of its type")

// IdentifierError is an identifier refused for what it holds rather than
// for its type: a control character, or nothing once invisible characters
// are removed. Its reason never quotes the value.
type IdentifierError struct{ Reason string }

func (e *IdentifierError) Error() string { return e.Reason }

// Is makes an IdentifierError an ErrNotIdentifier too.
func (e *IdentifierError) Is(target error) bool { return target == ErrNotIdentifier }

// CleanIdentifier is the first step of Identifier: it removes the Unicode
// format characters that are never part of an identifier (zero-width
// space, joiners, word joiner, BOM, bidi controls, soft hyphen: category
// Cf), pasted along with a value and invisible on screen, then the spaces
// around it. A value still holding a control character (NUL, C0, C1, a
// line or paragraph separator), not valid UTF-8, or empty is refused: it
// would hash to something no file holds, and a search or an erasure of it
// would find nothing while seeming to succeed.
func CleanIdentifier(value string) (string, error) {
	if !utf8.ValidString(value) {
		return "", &IdentifierError{Reason: "not valid UTF-8"}
	}
	v := strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, value)
	v = strings.TrimSpace(v)
	for _, r := range v {
		if unicode.IsControl(r) || unicode.In(r, unicode.Zl, unicode.Zp) {
			return "", &IdentifierError{Reason: fmt.Sprintf("holds a control character (%U)", r)}
		}
	}
	if v == "" {
		return "", &IdentifierError{Reason: "empty (once invisible characters and spaces are removed)"}
	}
	return v, nil
}

// IdentifierReason is why Identifier refused an identifier of typeID, in
// words fit for an error message: it never quotes the value.
func IdentifierReason(typeID string, err error) string {
	var u ErrUnknownType
	var ie *IdentifierError
	var ae *AmbiguousError
	switch {
	case errors.As(err, &ae):
		return ae.Error()
	case errors.As(err, &u):
		return fmt.Sprintf("unknown type %q", typeID)
	case errors.As(err, &ie):
		return ie.Reason
	}
	return "not a valid " + typeID
}

// Identifier checks a subject's identifier as a person gives it (no
// context around it) and returns its normalized form: what the scanner
// hashes for the same value found in a file, so a search for "+33 6 12 34
// 56 78" meets a file's "06 12 34 56 78". Types that are found by their
// context (names, addresses) take any non-empty value. It is the one
// place where search, DSAR requests and erasure plans check identifiers
// (CleanIdentifier first). An identifier whose normalization would be a
// guess is refused with an *AmbiguousError (guess).
func (c *Catalog) Identifier(typeID, value string) (string, error) {
	t, ok := c.TypeByID(typeID)
	if !ok {
		return "", ErrUnknownType{typeID}
	}
	clean, err := CleanIdentifier(value)
	if err != nil {
		return "", err
	}
	v := []byte(clean)
	if len(v) > 1024 {
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
	if one, err := c.guess(t, v); err != nil || one != "" {
		return one, err
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
