package patterns

// frFamily is the French social security number (NIR). Its detector also
// proposes cards and phones, which a NIR-shaped number may be.
func frFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "fr_nir", Category: CategoryGovernmentID, Strong: true, Country: "FR", Description: "French social security number (NIR)", Validator: "INSEE structure + 97-mod key",
				Check: checkNIR, Normalize: normCompact, Mask: maskKeepFirstLast(1, 2), Keywords: kwNIR, Numeric: true,
				Examples:    []string{"n° sécurité sociale : 1 85 05 78 006 084 91", "NIR 185057800608491"},
				NotExamples: []string{"1 85 05 78 006 084 92", "id 185057800608491"}},
		},
		Detectors: []Detector{
			{`\b[12378][ ]?\d{2}[ ]?(?:0[1-9]|1[0-2]|[2-9]\d)[ ]?(?:\d{2}|2[ABab])[ ]?\d{3}[ ]?\d{3}[ ]?\d{2}\b`, []string{"fr_nir", "credit_card", "phone"}, "", 0, 140},
		},
		Fields: []FieldRule{
			{Names: []string{"nir", "numero_securite_sociale", "securite_sociale", "numero_secu"}, Types: []string{"fr_nir"}},
		},
	}
}

var (
	kwNIR = []string{"sécurité", "securite", "sociale", "nir", "insee", "sécu", "secu", "ss", "vitale"}
)

func checkNIR(v []byte, env *Env) (Span, float64, bool) {
	if glued(env) {
		return Span{}, 0, false
	}
	d := compact(env.Buf[:0], v)
	if !NIRValid(d) || isCardNumber(d) {
		return Span{}, 0, false
	}
	// One random 15-digit run in 200 passes the structure and key: bare,
	// a NIR needs its keyword or field; INSEE's grouping is evidence.
	if len(v) == len(d) {
		return whole(v), 0.45, true
	}
	return whole(v), 0.85, true
}

// NIRValid reports whether s is a valid French NIR (numéro de sécurité
// sociale, INSEE): 15 characters, sex 1 or 2 (3, 4, 7, 8 for special
// cases), 2-digit year, month 01-12 or 20-42 or 50-99, department as 2
// digits or 2A/2B (Corsica), 3-digit commune, 3-digit order and a 2-digit
// key = 97 - (first 13 digits mod 97). For the key, 2A and 2B count as 20
// minus 1,000,000 and 2,000,000 on the 13-digit number (i.e. 19 and 18).
func NIRValid(s []byte) bool {
	if len(s) != 15 {
		return false
	}
	switch s[0] {
	case '1', '2', '3', '4', '7', '8':
	default:
		return false
	}
	if !ckAllDigits(s[1:5]) || !ckAllDigits(s[7:]) {
		return false
	}
	month := ckValue(s[3:5])
	if !((month >= 1 && month <= 12) || (month >= 20 && month <= 42) || month >= 50) {
		return false
	}
	var corsica uint64
	if !ckAllDigits(s[5:7]) {
		if s[5] != '2' {
			return false
		}
		switch s[6] {
		case 'A':
			corsica = 1000000
		case 'B':
			corsica = 2000000
		default:
			return false
		}
	}
	var n uint64
	for i := 0; i < 13; i++ {
		v := uint64(0) // the A/B of 2A/2B counts as 0
		if ckDigit(s[i]) {
			v = uint64(s[i] - '0')
		}
		n = n*10 + v
	}
	n -= corsica
	return 97-n%97 == ckValue(s[13:])
}
