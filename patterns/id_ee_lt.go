package patterns

// eeltFamily is the Estonian isikukood and the Lithuanian asmens kodas:
// one format, so one type whose country the number does not say.
func eeltFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "ee_lt_personal_code", Category: CategoryGovernmentID, Strong: true, Country: "", Description: "Estonian / Lithuanian personal code (isikukood, asmens kodas)",
				Validator: "two-stage mod 11 check digit + birth date",
				Check:     checkEELT, Normalize: normCompact, Mask: maskKeepLast(2), Keywords: kwEELT, Numeric: true,
				Examples:    []string{"isikukood: 38001085718", "asmens kodas 49403136526", "isikukood=60002290003"},
				NotExamples: []string{"isikukood: 38001085719", "isikukood: 38002305714", "tellimus 38001085718", "38001085718"}},
		},
		Fields: []FieldRule{
			{Names: []string{"isikukood", "asmens_kodas", "asmenskodas", "personal_code"}, Types: []string{"ee_lt_personal_code"}},
		},
	}
}

var kwEELT = []string{"isikukood", "isikukoodi", "isikukoodiga", "asmens", "kodas"}

func checkEELT(v []byte, env *Env) (Span, float64, bool) {
	d := compact(env.Buf[:0], v)
	if !EELTCodeValid(d) {
		return Span{}, 0, false
	}
	return whole(v), deferScore(d, 0.4), true
}

// EELTCodeValid reports whether d is a valid Estonian isikukood or
// Lithuanian asmens kodas: G YYMMDD SSS C, G giving sex and century (1-2:
// 1800s, 3-4: 1900s, 5-6: 2000s, 7-8: 2100s), a real birth date, and the
// check digit: the sum weighted 1..9,1 mod 11, or if that is 10 the sum
// weighted 3..9,1,2,3 mod 11, 10 again written as 0.
func EELTCodeValid(d []byte) bool {
	if len(d) != 11 || !ckAllDigits(d) || d[0] < '1' || d[0] > '8' {
		return false
	}
	year := 1800 + 100*int((d[0]-'1')/2) + int(ckValue(d[1:3]))
	if !ValidDate(year, int(ckValue(d[3:5])), int(ckValue(d[5:7]))) {
		return false
	}
	c := ckWeighted(d[:10], []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 1}) % 11
	if c == 10 {
		c = ckWeighted(d[:10], []int{3, 4, 5, 6, 7, 8, 9, 1, 2, 3}) % 11
		if c == 10 {
			c = 0
		}
	}
	return c == int(d[10]-'0')
}
