package bench

import (
	"bytes"
	"testing"

	"github.com/piid/piid/patterns"
)

// TestCIFamilyFindsNothing: the CI/build-log family of the adversarial
// profile (pins, firmware, digests, durations, job ids, epochs, sizes,
// ports) yields no finding at the default threshold.
func TestCIFamilyFindsNothing(t *testing.T) {
	var out bytes.Buffer
	w := newFW(&out, "adversarial/ci/job-000.log", "adversarial", newRNG(7), &truthBuf{})
	genAdvCI(w, 256<<10)
	w.flush()
	if w.err != nil || out.Len() < 200<<10 {
		t.Fatalf("generated %d bytes, err %v", out.Len(), w.err)
	}
	cat, err := patterns.New(patterns.Options{HashKey: []byte("k")})
	if err != nil {
		t.Fatal(err)
	}
	found, err := cat.Find(out.Bytes(), 0.5)
	if err != nil {
		t.Fatal(err)
	}
	content := out.Bytes()
	for i, f := range found {
		if i == 20 {
			t.Fatalf("... %d findings in all", len(found))
		}
		lo := bytes.LastIndexByte(content[:f.Start], '\n') + 1
		hi := bytes.IndexByte(content[f.End:], '\n')
		if hi < 0 {
			hi = len(content) - f.End
		}
		t.Errorf("%s %.2f in %q", f.Type, f.Confidence, content[lo:f.End+hi])
	}
}
