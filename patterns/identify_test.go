package patterns

import (
	"errors"
	"strings"
	"testing"
)

// Invisible characters pasted with an identifier are removed, so the
// identifier hashes as the scanner hashes the value in a file; a control
// character or nothing left is refused, and the reason never quotes the
// value.
func TestIdentifierInvisibleCharacters(t *testing.T) {
	c := testCatalog(t, Options{Regions: []string{"FR"}})
	for _, tc := range []struct{ typ, v, norm string }{
		{"email", "anna.rossi@example.it\u200b", "anna.rossi@example.it"},       // zero-width space
		{"email", "\ufeffanna.rossi@example.it", "anna.rossi@example.it"},       // BOM
		{"email", "anna\u200d.ro\u200cssi@example.it", "anna.rossi@example.it"}, // joiners
		{"email", "\u202aanna.rossi@example.it\u202c", "anna.rossi@example.it"}, // bidi embedding
		{"email", "\u2066anna.rossi@exam\u00adple.it\u2069 ", "anna.rossi@example.it"},
		{"email", "\u200e anna.rossi@example.it\u2060\u200f", "anna.rossi@example.it"},
		{"phone", "06\u200b12 34 56 78", "+33612345678"},
		{"iban", "FR14\u200b2004 1010 0505 0001 3M02 606\ufeff", "FR1420041010050500013M02606"},
	} {
		got, err := c.Identifier(tc.typ, tc.v)
		if err != nil || got != tc.norm {
			t.Errorf("%s %+q: %q, %v; want %q", tc.typ, tc.v, got, err, tc.norm)
		}
	}
	for _, tc := range []struct{ v, why string }{
		{"anna.rossi@example.it\x00", "U+0000"},
		{"anna\x00.rossi@example.it", "U+0000"},
		{"anna.rossi\u0085@example.it", "U+0085"}, // C1
		{"anna.rossi@exa\u2028mple.it", "U+2028"},
		{"anna.rossi@example.it\x1b", "U+001B"},
		{"\u200b\ufeff ", "empty"},
		{"\xff\xfe", "UTF-8"},
	} {
		_, err := c.Identifier("email", tc.v)
		var ie *IdentifierError
		if !errors.As(err, &ie) || !errors.Is(err, ErrNotIdentifier) {
			t.Errorf("%+q: %v, want an IdentifierError", tc.v, err)
			continue
		}
		reason := IdentifierReason("email", err)
		if !strings.Contains(reason, tc.why) || strings.Contains(reason, "rossi") {
			t.Errorf("%+q: reason %q", tc.v, reason)
		}
	}
	if r := IdentifierReason("iban", ErrNotIdentifier); r != "not a valid iban" {
		t.Errorf("reason of a bad value: %q", r)
	}
	if _, err := c.Identifier("shoe_size", "42"); IdentifierReason("shoe_size", err) != `unknown type "shoe_size"` {
		t.Errorf("reason of an unknown type: %q", IdentifierReason("shoe_size", err))
	}
}
