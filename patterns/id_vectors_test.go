package patterns

import "testing"

// idVectors are a national id validator's own cases: values it must
// accept and values it must refuse (a wrong check digit, an impossible
// date), in the form the validator takes.
type idVectors struct {
	name           string
	f              func([]byte) bool
	valid, invalid []string
}

// testIDVectors runs the cases, then checks the validator neither
// allocates nor panics on prefixes and corruptions of its valid values.
func testIDVectors(t *testing.T, vs idVectors) {
	t.Helper()
	for _, v := range vs.valid {
		if !vs.f([]byte(v)) {
			t.Errorf("%s(%q) = false, want true", vs.name, v)
		}
	}
	for _, v := range vs.invalid {
		if vs.f([]byte(v)) {
			t.Errorf("%s(%q) = true, want false", vs.name, v)
		}
	}
	b := []byte(vs.valid[0])
	if n := testing.AllocsPerRun(50, func() { vs.f(b) }); n != 0 {
		t.Errorf("%s allocates %v times per call", vs.name, n)
	}
	for _, v := range vs.valid {
		for n := 0; n <= len(v); n++ {
			vs.f([]byte(v[:n]))
		}
		for i := 0; i < len(v); i++ {
			for _, c := range []byte{0, ' ', '0', '9', 'A', 'Z', 'a', 0xff} {
				b := []byte(v)
				b[i] = c
				vs.f(b)
			}
		}
	}
	if vs.f(nil) {
		t.Errorf("%s accepts empty input", vs.name)
	}
}

// testSameNorm checks that every written form of one value is hashed as
// one: the separators, the case and the optional century do not count.
func testSameNorm(t *testing.T, typ string, forms ...string) {
	t.Helper()
	c := testCatalog(t, Options{})
	ty, ok := c.TypeByID(typ)
	if !ok {
		t.Fatalf("no type %s", typ)
	}
	want := c.Normalize(ty, forms[0])
	for _, f := range forms[1:] {
		if got := c.Normalize(ty, f); got != want {
			t.Errorf("%s: %q normalizes to %q, %q to %q", typ, forms[0], want, f, got)
		}
	}
}
