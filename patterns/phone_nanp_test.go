package patterns

import "testing"

// TestNANPShapeNormalizesAsFound: the hash is computed on the normalized
// value, so check and normalize must read a North American number alike,
// and so must a subject search.
func TestNANPShapeNormalizesAsFound(t *testing.T) {
	c := testCatalog(t, Options{})
	for _, s := range []string{"call (415) 555-2671 today", "tel 612-345-6789", "phone: 201-234-5678"} {
		fs, err := c.Find([]byte(s), 0.5)
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) != 1 || fs[0].Type != "phone" || fs[0].Norm[:2] != "+1" {
			t.Fatalf("%q: %+v, want one +1 phone", s, fs)
		}
		v := s[fs[0].Start:fs[0].End]
		if n, ok := NormalizePhone(v, nil); !ok || n != fs[0].Norm {
			t.Errorf("%q: search normalizes to %q, scan to %q", v, n, fs[0].Norm)
		}
	}
}
