package config

import (
	"strings"
	"testing"

	"github.com/piid/piid/patterns"
)

// TestAddIgnore: an entry is appended to the ignore list wherever the
// config stands (no file yet, no list yet, "ignore:" with nothing, a list),
// keeping the comments and other keys, and a hash already listed is refused.
func TestAddIgnore(t *testing.T) {
	h1, h2 := strings.Repeat("1a", 32), strings.Repeat("2b", 32)
	e := patterns.IgnoreEntry{Hash: h2, Type: "email", Reason: "support: desk # ours"}
	for _, c := range []struct{ name, in string }{
		{"empty", ""},
		{"comments only", "# nothing yet\n"},
		{"no list", "# scan settings\nmin_confidence: 0.6 # stricter\n"},
		{"empty list", "min_confidence: 0.6\nignore: # triaged values\n"},
		{"a list", "ignore:\n  # the first\n  - hash: " + h1 + "\n    reason: test card\n"},
	} {
		out, err := AddIgnore("piid.yaml", []byte(c.in), e)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		cfg, err := ParseConfig("piid.yaml", out)
		if err != nil {
			t.Fatalf("%s: %v\n%s", c.name, err, out)
		}
		last := cfg.Detect.Ignore[len(cfg.Detect.Ignore)-1]
		if last.Hash != h2 || last.Type != "email" || last.Reason != e.Reason {
			t.Errorf("%s: last entry %+v\n%s", c.name, last, out)
		}
		for _, line := range strings.Split(c.in, "\n") {
			if _, comment, ok := strings.Cut(line, "#"); ok && !strings.Contains(string(out), comment) {
				t.Errorf("%s: lost the comment %q:\n%s", c.name, comment, out)
			}
		}
		if _, err := AddIgnore("piid.yaml", out, patterns.IgnoreEntry{Hash: strings.ToUpper(h2), Reason: "again"}); err == nil ||
			!strings.Contains(err.Error(), "already on the ignore list") {
			t.Errorf("%s: a duplicate: %v", c.name, err)
		}
	}
	for _, bad := range []string{"- a\n- b\n", "ignore: yes\n", "ignore: {a: 1}\n"} {
		if _, err := AddIgnore("piid.yaml", []byte(bad), e); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
