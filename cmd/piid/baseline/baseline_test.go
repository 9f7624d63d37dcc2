package baseline

import (
	"bytes"
	"strings"
	"testing"

	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
)

// TestWriteThenParse: what the writer writes reads back as the same keys,
// sorted one per line, without the raw value.
func TestWriteThenParse(t *testing.T) {
	w := NewWriter()
	fs := []*scanner.Finding{
		{Path: "b.csv", Type: "email", Start: 40, Hash: patterns.Hash{2}, Masked: "a***@e******.it", Value: "anna@example.it"},
		{Path: "a.log", Type: "iban", Start: 3, Hash: patterns.Hash{1}},
		{Path: "b.csv", Type: "email", Start: 90, Hash: patterns.Hash{2}}, // the same value again: one entry
		{Path: "b.csv", Type: "phone", Start: 10, Hash: patterns.Hash{3}},
	}
	for _, f := range fs {
		w.Add(f)
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "anna@example.it") {
		t.Fatalf("a raw value in the baseline:\n%s", out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 5 || !strings.Contains(lines[1], `"a.log"`) || !strings.Contains(lines[2], `"phone"`) || !strings.Contains(lines[3], `"start":40`) {
		t.Fatalf("layout:\n%s", out)
	}
	s, err := Parse("base.json", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 3 {
		t.Errorf("%d keys, want 3", s.Len())
	}
	for _, f := range fs {
		if !s.Has(f) {
			t.Errorf("%+v not in the baseline", f)
		}
	}
	if s.Has(&scanner.Finding{Path: "a.log", Type: "email", Hash: patterns.Hash{1}}) {
		t.Error("the type is part of the key")
	}
}
