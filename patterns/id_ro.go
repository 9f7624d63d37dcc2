package patterns

// roFamily is the Romanian personal numeric code (CNP).
func roFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "ro_cnp", Category: CategoryGovernmentID, Strong: true, Country: "RO", Description: "Romanian personal numeric code (CNP)",
				Validator: "weighted check digit (279146358279) + birth date + county code",
				Check:     checkCNP, Normalize: normCompact, Mask: maskKeepLast(2), Keywords: kwCNP, Numeric: true,
				Examples:    []string{"CNP: 1850312400081", "Cod numeric personal (CNP) 6040229123458", "cnp=2790101220010"},
				NotExamples: []string{"CNP: 1850312400082", "CNP: 1850230400083", "invoice 1850312400081", "1850312400081"}},
		},
		Fields: []FieldRule{
			{Names: []string{"cnp", "cod_numeric_personal"}, Types: []string{"ro_cnp"}},
		},
	}
}

var kwCNP = []string{"cnp"}

func checkCNP(v []byte, env *Env) (Span, float64, bool) {
	d := compact(env.Buf[:0], v)
	if !CNPValid(d) {
		return Span{}, 0, false
	}
	return whole(v), deferScore(d, 0.4), true
}

// CNPValid reports whether d is a valid Romanian CNP (Cod Numeric
// Personal): S YYMMDD JJ NNN C, where S gives sex and century (1-2: 1900s,
// 3-4: 1800s, 5-6: 2000s; 7-9: residents and foreigners, century not
// said), JJ a county code, NNN a serial from 001, and C the weighted sum
// with 2,7,9,1,4,6,3,5,8,2,7,9 mod 11 (10 written as 1).
func CNPValid(d []byte) bool {
	if len(d) != 13 || !ckAllDigits(d) || d[0] == '0' {
		return false
	}
	yy := int(ckValue(d[1:3]))
	month := int(ckValue(d[3:5]))
	day := int(ckValue(d[5:7]))
	var dateOK bool
	switch d[0] {
	case '1', '2':
		dateOK = ValidDate(1900+yy, month, day)
	case '3', '4':
		dateOK = ValidDate(1800+yy, month, day)
	case '5', '6':
		dateOK = ValidDate(2000+yy, month, day)
	default:
		dateOK = ValidDate(1900+yy, month, day) || ValidDate(2000+yy, month, day)
	}
	if !dateOK || !cnpCounty(int(ckValue(d[7:9]))) || ckValue(d[9:12]) == 0 {
		return false
	}
	c := ckWeighted(d[:12], []int{2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9}) % 11
	if c == 10 {
		c = 1
	}
	return c == int(d[12]-'0')
}

// cnpCounty reports whether jj is a county code of the CNP: the 40
// counties, Bucharest's sectors (41-46, and 47-48 of the former sectors 7
// and 8), Călărași and Giurgiu (51, 52), and 70 for codes issued
// whatever the place.
func cnpCounty(jj int) bool {
	return (jj >= 1 && jj <= 48) || jj == 51 || jj == 52 || jj == 70
}
