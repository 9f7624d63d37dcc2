package bench

import (
	"regexp"
	"testing"

	"github.com/piid/piid/patterns"
)

// euShapes are the written forms the generators may write, per type.
var euShapes = map[string]*regexp.Regexp{
	"be_national_number":  regexp.MustCompile(`^(?:\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}|\d{11})$`),
	"at_social_insurance": regexp.MustCompile(`^[1-9]\d{3} ?\d{6}$`),
	"pt_nif":              regexp.MustCompile(`^(?:\d{3} \d{3} \d{3}|\d{9})$`),
	"se_personnummer":     regexp.MustCompile(`^(?:\d{2})?\d{6}-?\d{4}$`),
	"dk_cpr":              regexp.MustCompile(`^\d{6}-?\d{4}$`),
	"fi_hetu":             regexp.MustCompile(`^\d{6}[-A-FU-Y]\d{3}[0-9A-Y]$`),
	"no_fodselsnummer":    regexp.MustCompile(`^\d{6} ?\d{5}$`),
	"ie_ppsn":             regexp.MustCompile(`^\d{7}[A-W][ABW]?$`),
}

// euValueValid checks a planted value of one of euIDs' types with the
// scanner's own validators; ok is false for another type.
func euValueValid(typ, v string) (why string, ok bool) {
	re, ok := euShapes[typ]
	if !ok {
		return "", false
	}
	if !re.MatchString(v) {
		return "not a written form of " + typ, true
	}
	c := compactID(v)
	var valid bool
	switch typ {
	case "be_national_number":
		valid = patterns.BENationalNumberValid(c)
	case "at_social_insurance":
		valid = patterns.ATSocialInsuranceValid(c)
	case "pt_nif":
		valid = patterns.PTNIFValid(c)
	case "se_personnummer":
		valid = patterns.SEPersonnummerValid(c)
	case "dk_cpr":
		valid = patterns.DKCPRValid(c)
	case "fi_hetu":
		valid = patterns.FIHETUValid([]byte(v))
	case "no_fodselsnummer":
		valid = patterns.NOFodselsnummerValid(c)
	case "ie_ppsn":
		valid = patterns.IEPPSNValid(c)
	}
	if !valid {
		return "fails the scanner's " + typ + " check", true
	}
	return "", true
}

// TestEUIDGenerators: every generated id passes the scanner's check and
// the generator's own, and is no older numeric id; every near miss fails
// both, for every one of these types.
func TestEUIDGenerators(t *testing.T) {
	r := newRNG(7)
	for _, id := range euIDs {
		typ := typeIDs[id.t]
		for i := 0; i < 300; i++ {
			v := id.gen(r)
			if why, _ := euValueValid(typ, v); why != "" {
				t.Errorf("%s %q: %s", typ, v, why)
			}
			if c := compactKeepSign(v); !euValid(c) && !euValid(compactDigits(v)) {
				t.Errorf("%s %q: the generator's own check refuses it", typ, v)
			}
			if euClash(v) { // a bare digit run: the dashed forms are no other id's shape
				t.Errorf("%s %q is also an older numeric id", typ, v)
			}
			bad := id.bad(r)
			if !euShapes[typ].MatchString(bad) {
				t.Errorf("%s near miss %q has another shape", typ, bad)
			}
			for _, other := range euIDs {
				if why, _ := euValueValid(typeIDs[other.t], bad); why == "" {
					t.Errorf("%s near miss %q is a valid %s", typ, bad, typeIDs[other.t])
				}
			}
		}
	}
}
