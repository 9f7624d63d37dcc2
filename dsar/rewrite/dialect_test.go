package rewrite

import (
	"errors"
	"os"
	"testing"
)

// TestDialectRefused: a plan made on a file that read one way (its
// dialect, from CheckIn) is not applied to a file that now reads another
// way: the same offsets would name other fields.
func TestDialectRefused(t *testing.T) {
	const planned = "id;email\n1;ann@example.com\n2;bob@example.com\n"
	p := writeFile(t, "d.csv", planned)
	c := CheckIn(nil, p, true, nil)
	if c.Reason != "" || c.Dialect == "" {
		t.Fatalf("CheckIn: %+v", c)
	}
	// The same bytes, now comma-separated.
	const now = "id,email\n1,ann@example.com\n2,bob@example.com\n"
	if err := os.WriteFile(p, []byte(now), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Apply(p, edits(del(t, now, "ann@example.com")), Options{Dialect: c.Dialect})
	if !errors.Is(err, ErrChanged) {
		t.Fatalf("Apply on a file that now reads %q: %v, want ErrChanged", CheckIn(nil, p, true, nil).Dialect, err)
	}
	if b, _ := os.ReadFile(p); string(b) != now {
		t.Fatal("file changed")
	}
	// Read as planned, the plan applies.
	c = CheckIn(nil, p, true, nil)
	if _, err := Apply(p, edits(del(t, now, "ann@example.com")), Options{Dialect: c.Dialect}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "id,email\n2,bob@example.com\n" {
		t.Fatalf("got %q", b)
	}
}
