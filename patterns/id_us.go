package patterns

// usFamily is the US Social Security number.
func usFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "us_ssn", Category: CategoryGovernmentID, Strong: true, Country: "US", Description: "US Social Security number", Validator: "SSA rules (no area 000/666/9xx, group 00, serial 0000)",
				Check: checkSSN, Normalize: normCompact, Mask: maskKeepLast(4), Keywords: kwSSN, Numeric: true,
				Examples: []string{"SSN: 536-22-1234", "social security 219-44-5678", "SSN 536 22 1234", "SSN: 536.22.1234", "ssn 536221234"},
				NotExamples: []string{"000-12-3456", "666-12-3456", "123-00-4567", "901-22-1234", "SSN 666.22.1234", "call 536.22.1234",
					"order 536221234 shipped"}},
		},
		Detectors: []Detector{
			{`\b\d{3}-\d{2}-\d{4}\b|\b\d{3} \d{2} \d{4}\b|\b\d{3}\.\d{2}\.\d{4}\b`, []string{"us_ssn"}, "", 0, 130},
		},
		Fields: []FieldRule{
			{Names: []string{"ssn", "social_security", "social_security_number"}, Types: []string{"us_ssn"}},
		},
	}
}

// ssnBare is the confidence of nine bare digits that pass the SSA rules:
// below the default threshold, as most random nine-digit runs pass them
// (bench/README.md, "Found without context").
const ssnBare = 0.2

var (
	kwSSN = []string{"ssn", "social", "security", "ss#", "ssa", "tin", "taxpayer"}
)

func checkSSN(v []byte, env *Env) (Span, float64, bool) {
	if glued(env) {
		return Span{}, 0, false
	}
	d := compact(env.Buf[:0], v)
	if !SSNValid(d) {
		return Span{}, 0, false
	}
	switch {
	case len(v) == 9:
		// Bare nine digits: most such runs pass the SSA rules, so an SSN
		// only next to its keyword or in its field.
		return whole(v), ssnBare, true
	case v[3] != '-':
		// Spaces or dots: a phone's or a version's shape as well.
		return whole(v), 0.45, true
	}
	return whole(v), 0.7, true
}

// SSNValid reports whether d is a plausible U.S. Social Security Number
// (SSA rules): 9 digits, area not 000, 666 or 900-999, group not 00,
// serial not 0000, and not one of the well-known invalid or advertising
// numbers 078-05-1120, 219-09-9999 and 123-45-6789.
func SSNValid(d []byte) bool {
	if len(d) != 9 || !ckAllDigits(d) {
		return false
	}
	area := ckValue(d[:3])
	if area == 0 || area == 666 || area >= 900 {
		return false
	}
	if ckValue(d[3:5]) == 0 || ckValue(d[5:]) == 0 {
		return false
	}
	switch ckValue(d) {
	case 78051120, 219099999, 123456789:
		return false
	}
	return true
}
