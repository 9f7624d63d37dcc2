package patterns

// noFamily is the Norwegian national identity number.
func noFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "no_fodselsnummer", Category: CategoryGovernmentID, Strong: true, Country: "NO", Description: "Norwegian national identity number (fødselsnummer, D-nummer)", Validator: "two mod 11 check digits + encoded birth date (D-number day +40)",
				Check: checkNOFNR, Normalize: normCompact, Mask: maskKeepLast(2), Keywords: kwNOFNR, Numeric: true,
				Examples:    []string{"fødselsnummer: 150565 47948", "fnr 24050751216", "fnr (D-nummer): 41018012365"},
				NotExamples: []string{"fødselsnummer: 150565 47949", "fnr 29028334557", "ordrenummer 24050751216"}},
		},
		Detectors: []Detector{
			// DDMMYY, a space, the individual number and check digits; the
			// bare eleven digits are a candidate of the digit run.
			{`\b\d{6} \d{5}\b`, []string{"no_fodselsnummer"}, "", 0, 156},
		},
		Fields: []FieldRule{
			{Names: []string{"fodselsnummer", "fødselsnummer", "foedselsnummer", "fnr", "d_nummer", "dnummer"}, Types: []string{"no_fodselsnummer"}},
		},
	}
}

var (
	kwNOFNR = []string{"fødselsnummer", "fodselsnummer", "foedselsnummer", "fødselsnr", "fnr", "dnummer", "personnummer", "identity"}
)

func checkNOFNR(v []byte, env *Env) (Span, float64, bool) {
	if glued(env) {
		return Span{}, 0, false
	}
	d := compact(env.Buf[:0], v)
	if !NOFodselsnummerValid(d) {
		return Span{}, 0, false
	}
	if len(v) == 12 {
		return whole(v), 0.4, true
	}
	return whole(v), 0.32, true
}

// NOFodselsnummerValid reports whether d is a valid Norwegian
// fødselsnummer (Folkeregisteret): 11 digits DDMMYYIIIKK, KK two mod 11
// check digits (weights 3,7,6,1,8,9,4,5,2 then 5,4,3,2,7,6,5,4,3,2; 11
// gives 0, 10 is never issued), the century told by the individual number
// III, and a real date; a D-number adds 40 to the day.
func NOFodselsnummerValid(d []byte) bool {
	if len(d) != 11 || !ckAllDigits(d) {
		return false
	}
	if !noCheck(d[:9], []int{3, 7, 6, 1, 8, 9, 4, 5, 2}, d[9]) || !noCheck(d[:10], []int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2}, d[10]) {
		return false
	}
	day, month, yy := int(ckValue(d[0:2])), int(ckValue(d[2:4])), int(ckValue(d[4:6]))
	if day > 40 {
		day -= 40
	}
	var year int
	switch ind := ckValue(d[6:9]); {
	case ind <= 499:
		year = 1900 + yy
	case ind <= 749 && yy >= 55:
		year = 1800 + yy
	case yy <= 39:
		year = 2000 + yy
	case ind >= 900:
		year = 1900 + yy
	default:
		return false
	}
	return ValidDate(year, month, day)
}

// noCheck reports whether c is the mod 11 check digit of d weighted w.
func noCheck(d []byte, w []int, c byte) bool {
	k := 11 - ckWeighted(d, w)%11
	if k == 11 {
		k = 0
	}
	return k != 10 && int(c-'0') == k
}
