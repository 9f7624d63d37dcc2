package bench

import (
	"strings"
	"testing"

	"github.com/piid/piid/patterns"
)

// euIDs2Valid holds a planted value of this batch against the scanner's
// validator ("" when valid, else why not; "unknown type" for others): c
// is v compacted, an MRZ is read as written.
func euIDs2Valid(typ, v string, c []byte) string {
	var ok bool
	switch typ {
	case "cz_sk_birth_number":
		ok = patterns.BirthNumberValid(c)
	case "ro_cnp":
		ok = patterns.CNPValid(c)
	case "bg_egn":
		ok = patterns.EGNValid(c)
	case "hr_oib":
		ok = patterns.OIBValid(c)
	case "si_emso":
		ok = patterns.EMSOValid(c)
	case "ee_lt_personal_code":
		ok = patterns.EELTCodeValid(c)
	case "passport_mrz":
		ok = patterns.MRZValid([]byte(v))
	default:
		return "unknown type"
	}
	if !ok {
		return "bad " + typ
	}
	return ""
}

// euIDs2ScannerValid reports whether the scanner's validators accept the
// digits d as a numeric type of this batch.
func euIDs2ScannerValid(d []byte) bool {
	return patterns.BirthNumberValid(d) || patterns.CNPValid(d) || patterns.EGNValid(d) || patterns.OIBValid(d) ||
		patterns.EMSOValid(d) || patterns.EELTCodeValid(d)
}

// The generators of this batch make values the scanner's validators
// accept, for people of every locale; the near misses pass none.
func TestEUIDs2Generators(t *testing.T) {
	r := newRNG(7)
	for i := 0; i < 2000; i++ {
		p := newPerson(r, randomLocale(r))
		for _, ty := range euIDs2 {
			v := euID2(r, ty, p)
			if why := euIDs2Valid(typeIDs[ty], v, compactID(v)); why != "" {
				t.Errorf("%s %q: %s", typeIDs[ty], v, why)
			}
		}
	}
	var b strings.Builder
	w := &fw{r: r}
	for i := 0; i < 500; i++ {
		w.buf = w.buf[:0]
		euIDs2Decoy(w)
		b.Write(w.buf)
	}
	c, err := patterns.New(patterns.Options{HashKey: []byte("k")})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Find([]byte(b.String()), 0.5)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range got {
		t.Errorf("near miss reported: %s %q", f.Type, b.String()[f.Start:f.End])
	}
}
