package scanner

import (
	"encoding/json"
	"strings"
	"testing"
)

// annaHex is the keyed hash the scanner has always given
// anna.rossi@example.it under the test key (HMAC-SHA256 of "email", 0,
// the normalized value).
const annaHex = "5d026117302a37754ff6cea21feb1c94bb68974a0c83378af28733bc731257a1"

// TestFindingHash: a finding carries the 32 bytes of its keyed hash, the
// same for each occurrence (the second from the worker's memo), and its
// JSON shows them as the hex it always has.
func TestFindingHash(t *testing.T) {
	cat := testCatalog(t)
	fs := scanWith(t, cat, Options{MinConfidence: 0.5}, []byte("contact: anna.rossi@example.it\nreply to ANNA.ROSSI@example.it\n"))
	if len(fs) != 2 {
		t.Fatalf("%d findings, want 2: %v", len(fs), keys(fs))
	}
	want := cat.Hasher().Sum("email", []byte("anna.rossi@example.it"))
	for _, f := range fs {
		if f.Hash != want || f.Hash.String() != annaHex {
			t.Fatalf("%s: hash %s, want %s", key(f), f.Hash, annaHex)
		}
		b, err := json.Marshal(f)
		if err != nil || !strings.Contains(string(b), `"hash":"`+annaHex+`"`) {
			t.Fatalf("JSON %s %v", b, err)
		}
	}
	w, err := New(cat, Options{}).newWorker()
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	if h := w.hash("email", []byte("anna.rossi@example.it")); h != want || w.hash("email", []byte("anna.rossi@example.it")) != want || w.hashes["email\x00anna.rossi@example.it"] != want {
		t.Fatalf("memo: %s, want %s", h, want)
	}
}
