package patterns

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// annaHex is the keyed hash piid has always filed anna.rossi@example.it
// (an email) under with this key: HMAC-SHA256 of "email", 0, the value.
const annaHex = "e08a55439f9b4f500448a0066bff54c6b60fabd8aa56649cffb6da9d32cf5804"

func TestHasherSum(t *testing.T) {
	h := NewHasher([]byte("test key of the erasure tests 32"))
	got := h.Sum("email", []byte("anna.rossi@example.it"))
	if got.String() != annaHex {
		t.Fatalf("Sum %s, want %s", got, annaHex)
	}
	if h.Sum("phone", []byte("anna.rossi@example.it")) == got || h.Sum("email", []byte("anna.rossi@example.com")) == got {
		t.Fatal("the type and the value must both change the hash")
	}
	// The race detector drops pooled states at random.
	if n := testing.AllocsPerRun(100, func() { h.Sum("email", []byte("anna.rossi@example.it")) }); n != 0 && !raceEnabled {
		t.Fatalf("Sum allocates %.0f times", n)
	}
}

func TestParseHash(t *testing.T) {
	h, err := ParseHash(annaHex)
	if err != nil || h.String() != annaHex {
		t.Fatalf("%s: %s %v", annaHex, h, err)
	}
	if up, err := ParseHash(strings.ToUpper(annaHex)); err != nil || up != h {
		t.Fatalf("upper case: %s %v", up, err)
	}
	for _, c := range []struct{ in, why string }{
		{"", "0 characters, want 64"},
		{annaHex[:63], "63 characters, want 64"},
		{annaHex + "0", "65 characters, want 64"},
		{"g" + annaHex[1:], "not hexadecimal"},
		{annaHex[:62] + " 4", "not hexadecimal"},
	} {
		_, err := ParseHash(c.in)
		if !errors.Is(err, ErrInvalidHash) || !strings.Contains(err.Error(), c.why) {
			t.Errorf("ParseHash(%q): %v, want %q", c.in, err, c.why)
		}
	}
}

// TestHashJSON: JSON shows a hash as the lower-case hex it always did,
// the zero Hash (no hash) as "" (or nothing, with omitzero), and reads
// both back.
func TestHashJSON(t *testing.T) {
	h, _ := ParseHash(annaHex)
	type doc struct {
		Hash  Hash         `json:"hash"`
		Maybe Hash         `json:"maybe,omitzero"`
		By    map[Hash]int `json:"by"`
	}
	b, err := json.Marshal(doc{Hash: h, By: map[Hash]int{h: 1}})
	want := `{"hash":"` + annaHex + `","by":{"` + annaHex + `":1}}`
	if err != nil || string(b) != want {
		t.Fatalf("marshal: %s %v\nwant %s", b, err, want)
	}
	var d doc
	if err := json.Unmarshal(b, &d); err != nil || d.Hash != h || d.By[h] != 1 || !d.Maybe.IsZero() {
		t.Fatalf("unmarshal: %+v %v", d, err)
	}
	if b, _ := json.Marshal(doc{}); string(b) != `{"hash":"","by":null}` {
		t.Fatalf("zero: %s", b)
	}
	if err := json.Unmarshal([]byte(`{"hash":""}`), &d); err != nil || !d.Hash.IsZero() {
		t.Fatalf(`"" reads as the zero Hash: %v %v`, d.Hash, err)
	}
	if err := json.Unmarshal([]byte(`{"hash":"abc"}`), &d); !errors.Is(err, ErrInvalidHash) {
		t.Fatalf("a bad hash in JSON: %v", err)
	}
	if got := string(h.AppendHex([]byte("x"))); got != "x"+annaHex {
		t.Fatalf("AppendHex: %s", got)
	}
}

func BenchmarkHasherSum(b *testing.B) {
	h := NewHasher([]byte("test key of the erasure tests 32"))
	v := []byte("anna.rossi@example.it")
	b.ReportAllocs()
	for b.Loop() {
		h.Sum("email", v)
	}
}
