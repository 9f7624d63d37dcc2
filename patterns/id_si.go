package patterns

// siFamily is the Slovenian unique master citizen number (EMŠO).
func siFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "si_emso", Category: CategoryGovernmentID, Strong: true, Country: "SI", Description: "Slovenian unique master citizen number (EMŠO)",
				Validator: "mod 11 check digit (weights 7..2) + birth date + register region",
				Check:     checkEMSO, Normalize: normCompact, Mask: maskKeepLast(2), Keywords: kwEMSO, Numeric: true,
				Examples:    []string{"EMŠO: 0101006500006", "emso 2902988505006", "emšo=1506979500127", "EMŠO 3101995501238"},
				NotExamples: []string{"EMŠO: 0101006500007", "EMŠO: 3002988505005", "order 0101006500006", "0101006500006"}},
		},
		Fields: []FieldRule{
			{Names: []string{"emso", "emšo", "maticna_stevilka"}, Types: []string{"si_emso"}},
		},
	}
}

var kwEMSO = []string{"emšo", "emso"}

func checkEMSO(v []byte, env *Env) (Span, float64, bool) {
	d := compact(env.Buf[:0], v)
	if !EMSOValid(d) {
		return Span{}, 0, false
	}
	return whole(v), deferScore(d, 0.4), true
}

// EMSOValid reports whether d is a valid Slovenian EMŠO (Enotna matična
// številka občana), the Yugoslav JMBG format: DDMMYYY (the year's last
// three digits: 800-999 the 1800s and 1900s, else the 2000s), RR a
// register region (10-59, 70-99), BBB a serial and sex, K the check
// digit: 11 minus the sum weighted 7,6,5,4,3,2,7,6,5,4,3,2 mod 11, 11
// and 10 written as 0.
func EMSOValid(d []byte) bool {
	if len(d) != 13 || !ckAllDigits(d) {
		return false
	}
	year := 1000 + int(ckValue(d[4:7]))
	if year < 1800 {
		year += 1000
	}
	if !ValidDate(year, int(ckValue(d[2:4])), int(ckValue(d[:2]))) {
		return false
	}
	if rr := ckValue(d[7:9]); rr < 10 || (rr >= 60 && rr < 70) {
		return false
	}
	c := (11 - ckWeighted(d[:12], []int{7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2})%11) % 11 % 10
	return c == int(d[12]-'0')
}
