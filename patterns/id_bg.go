package patterns

// bgFamily is the Bulgarian uniform civil number (ЕГН).
func bgFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "bg_egn", Category: CategoryGovernmentID, Strong: true, Country: "BG", Description: "Bulgarian uniform civil number (EGN)",
				Validator: "weighted check digit (2,4,8,5,10,9,7,3,6 mod 11) + birth date",
				Check:     checkEGN, Normalize: normCompact, Mask: maskKeepLast(2), Keywords: kwEGN, Numeric: true,
				Examples:    []string{"ЕГН: 8710247024", "EGN 0547038129", "egn=8001010008"},
				NotExamples: []string{"ЕГН: 8710247025", "ЕГН: 8713247020", "order 8710247024", "8710247024"}},
		},
		Fields: []FieldRule{
			{Names: []string{"egn", "егн"}, Types: []string{"bg_egn"}},
		},
	}
}

var kwEGN = []string{"егн", "egn"}

func checkEGN(v []byte, env *Env) (Span, float64, bool) {
	d := compact(env.Buf[:0], v)
	if !EGNValid(d) {
		return Span{}, 0, false
	}
	return whole(v), deferScore(d, 0.4), true
}

// EGNValid reports whether d is a valid Bulgarian ЕГН (Единен граждански
// номер): YYMMDD, the month raised by 20 for births in the 1800s and by
// 40 in the 2000s, three digits of region and sex, and a check digit: the
// sum weighted 2,4,8,5,10,9,7,3,6 mod 11, 10 written as 0.
func EGNValid(d []byte) bool {
	if len(d) != 10 || !ckAllDigits(d) {
		return false
	}
	year := 1900 + int(ckValue(d[:2]))
	month := int(ckValue(d[2:4]))
	switch {
	case month > 40:
		year, month = year+100, month-40
	case month > 20:
		year, month = year-100, month-20
	}
	if !ValidDate(year, month, int(ckValue(d[4:6]))) {
		return false
	}
	c := ckWeighted(d[:9], []int{2, 4, 8, 5, 10, 9, 7, 3, 6}) % 11
	if c == 10 {
		c = 0
	}
	return c == int(d[9]-'0')
}
