package patterns

// dkFamily is the Danish CPR number.
func dkFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "dk_cpr", Category: CategoryGovernmentID, Strong: true, Country: "DK", Description: "Danish personal identification number (CPR-nummer)", Validator: "encoded birth date + century digit (no check digit since 2007)",
				Check: checkDKCPR, Normalize: normCompact, Mask: maskKeepLast(2), Keywords: kwDKCPR, Numeric: true,
				Examples:    []string{"CPR-nr.: 240507-5121", "cpr 1506654799", "CPR nummer 290284-3455"},
				NotExamples: []string{"CPR-nr.: 310207-5121", "240507-5121", "ordrenummer 1506654799"}},
		},
		// The dashed form comes from the Nordic detector, the bare ten
		// digits from the digit run.
		Fields: []FieldRule{
			{Names: []string{"cpr", "cpr_nr", "cprnr", "cpr_nummer", "cpr_number"}, Types: []string{"dk_cpr"}},
		},
	}
}

var (
	kwDKCPR = []string{"cpr", "cprnr", "personnummer", "personnr"}
)

func checkDKCPR(v []byte, env *Env) (Span, float64, bool) {
	if glued(env) || (len(v) == 11 && v[6] != '-') {
		return Span{}, 0, false
	}
	d := compact(env.Buf[:0], v)
	if !DKCPRValid(d) {
		return Span{}, 0, false
	}
	// A date and four digits is all there is to check: about one random
	// ten-digit run in thirty passes, so only context may report it.
	if len(v) == 11 {
		return whole(v), 0.2, true
	}
	return whole(v), 0.15, true
}

// DKCPRValid reports whether d is a valid Danish CPR number (CPR-kontoret):
// 10 digits DDMMYYSSSS whose date is real in the century the first serial
// digit gives (0-3: 1900s; 4 and 9: 2000-2036, else 1900s; 5-8: 2000-2057,
// else 1858-1899). The mod 11 check was dropped in 2007.
func DKCPRValid(d []byte) bool {
	if len(d) != 10 || !ckAllDigits(d) {
		return false
	}
	day, month, yy := int(ckValue(d[0:2])), int(ckValue(d[2:4])), int(ckValue(d[4:6]))
	year := 1900 + yy
	switch d[6] {
	case '4', '9':
		if yy <= 36 {
			year = 2000 + yy
		}
	case '5', '6', '7', '8':
		if yy <= 57 {
			year = 2000 + yy
		} else {
			year = 1800 + yy
		}
	}
	return ValidDate(year, month, day)
}
