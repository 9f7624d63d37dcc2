package scanner

import (
	"testing"

	"github.com/piid/piid/patterns"
)

// A finding matches surely only as a strong identifier met as given; a
// weak one (Wanted false) or a reading of a guess never attributes.
func TestMatchStrength(t *testing.T) {
	strong, weak, alt := patterns.Hash{1}, patterns.Hash{2}, patterns.Hash{3}
	want := Wanted{strong: true, weak: false, alt: true}
	for _, tc := range []struct {
		f    Finding
		want Match
	}{
		{Finding{Hash: strong}, SureMatch},
		{Finding{Hash: weak}, WeakMatch},
		{Finding{Hash: strong, Ambiguous: true}, AmbiguousMatch},
		{Finding{Hash: patterns.Hash{9}, Ambiguous: true, AltHashes: []patterns.Hash{alt}}, AmbiguousMatch},
		{Finding{Hash: patterns.Hash{9}}, NoMatch},
	} {
		if m, _ := tc.f.Match(want); m != tc.want || m.Attributes() != (tc.want == SureMatch) {
			t.Errorf("%+v: %v, want %v", tc.f, m, tc.want)
		}
	}
}

// The unit of attribution is the row and, in a JSON document, the array
// element; a report's record is the whole document.
func TestRecordKeyElement(t *testing.T) {
	a := Finding{Record: &Record{Row: 1, Pointer: "/customers/0/email"}}
	b := Finding{Record: &Record{Row: 1, Pointer: "/customers/1/mobile"}}
	if a.RecordKey() == b.RecordKey() || a.RecordKey().Document() != b.RecordKey().Document() {
		t.Fatalf("keys %+v %+v: want two units of one document", a.RecordKey(), b.RecordKey())
	}
	if k := a.RecordKey(); k.Element != "/customers/0" {
		t.Errorf("element %q", k.Element)
	}
	csv := Finding{Record: &Record{Row: 2, Field: "email"}}
	if k := csv.RecordKey(); k.Element != "" || k.Row != 2 {
		t.Errorf("csv key %+v", k)
	}
}
