package patterns

// plFamily is the Polish PESEL.
func plFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "pl_pesel", Category: CategoryGovernmentID, Strong: true, Country: "PL", Description: "Polish PESEL", Validator: "weighted check digit + encoded birth date",
				Check: checkPESEL, Normalize: normCompact, Mask: maskKeepLast(2), Keywords: kwPESEL, Numeric: true,
				Examples:    []string{"PESEL: 44051401359", "numer PESEL 02070803628"},
				NotExamples: []string{"PESEL: 44051401358", "zamówienie 44051401359"}},
		},
		Fields: []FieldRule{
			{Names: []string{"pesel"}, Types: []string{"pl_pesel"}},
		},
	}
}

var (
	kwPESEL = []string{"pesel", "numer", "ewidencyjny"}
)

func checkPESEL(v []byte, env *Env) (Span, float64, bool) {
	d := compact(env.Buf[:0], v)
	if len(d) != 11 || !PESELValid(d) {
		return Span{}, 0, false
	}
	return whole(v), 0.4, true
}

// PESELValid reports whether d is a valid Polish PESEL (Ustawa o ewidencji
// ludności): 11 digits, check digit (10 - sum%10)%10 with weights
// 1,3,7,9,1,3,7,9,1,3, and a real birth date, the month being offset by 80,
// 0, 20, 40 or 60 for the centuries 1800, 1900, 2000, 2100 and 2200.
func PESELValid(d []byte) bool {
	if len(d) != 11 || !ckAllDigits(d) {
		return false
	}
	sum := ckWeighted(d[:10], []int{1, 3, 7, 9, 1, 3, 7, 9, 1, 3})
	if (10-sum%10)%10 != int(d[10]-'0') {
		return false
	}
	year := int(ckValue(d[:2]))
	month := int(ckValue(d[2:4]))
	day := int(ckValue(d[4:6]))
	switch month / 20 {
	case 4:
		year += 1800
	case 0:
		year += 1900
	case 1:
		year += 2000
	case 2:
		year += 2100
	case 3:
		year += 2200
	}
	return ValidDate(year, month%20, day)
}
