package patterns

import (
	"errors"
	"strings"
	"testing"
)

// TestIdentifierRefusesGuess: an identifier whose normalization would be
// a guess is refused, naming the readings but never the value; one that
// reads one way in the listed regions stays accepted.
func TestIdentifierRefusesGuess(t *testing.T) {
	cat := testCatalog(t, Options{Regions: []string{"FR", "NL"}})
	for _, tc := range []struct{ typ, v, want string }{
		{"phone", "06 12961561", "NL (+31)"},
		{"phone", "06 12 96 15 61", "FR (+33)"},
		{"date_of_birth", "03/04/1985", "YYYY-MM-DD"},
	} {
		_, err := cat.Identifier(tc.typ, tc.v)
		if !errors.Is(err, ErrAmbiguousIdentifier) {
			t.Errorf("%s=%s: err %v, want ambiguous", tc.typ, tc.v, err)
			continue
		}
		msg := IdentifierReason(tc.typ, err)
		if !strings.Contains(msg, tc.want) || strings.Contains(msg, "1296") || strings.Contains(msg, "1985") {
			t.Errorf("%s: reason %q: want %q named, the value not quoted", tc.typ, msg, tc.want)
		}
	}
	for _, tc := range []struct{ typ, v, want string }{
		{"phone", "+31 6 12961561", "+31612961561"},
		{"date_of_birth", "1985-04-03", "1985-04-03"},
		{"date_of_birth", "25/04/1985", "1985-04-25"},
	} {
		got, err := cat.Identifier(tc.typ, tc.v)
		if err != nil || got != tc.want {
			t.Errorf("%s=%s: %q, %v; want %q", tc.typ, tc.v, got, err, tc.want)
		}
	}
	// Valid in one listed region only: read there, as the scanner reads it.
	nl := testCatalog(t, Options{Regions: []string{"ES", "NL"}})
	if got, err := nl.Identifier("phone", "06 12961561"); err != nil || got != "+31612961561" {
		t.Errorf("NL only: %q, %v", got, err)
	}
}
