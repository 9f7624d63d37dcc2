package patterns

// esFamily is the Spanish DNI and NIE.
func esFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "es_dni", Category: CategoryGovernmentID, Strong: true, Country: "ES", Description: "Spanish DNI", Validator: "mod-23 control letter",
				Check: checkDNI, Normalize: normCompact, Mask: maskKeepLast(1), Keywords: kwDNI, Numeric: true,
				Examples:    []string{"DNI: 12345678Z", "con NIF 00000023-T"},
				NotExamples: []string{"DNI: 12345678A", "ref 87654321X"}},
			{ID: "es_nie", Category: CategoryGovernmentID, Strong: true, Country: "ES", Description: "Spanish foreigner id (NIE)", Validator: "mod-23 control letter",
				Check: checkNIE, Normalize: normCompact, Mask: maskKeepFirstLast(1, 1), Keywords: kwDNI, Numeric: true,
				Examples:    []string{"NIE X1234567L", "nie: Y-1234567-X"},
				NotExamples: []string{"NIE X1234567A"}},
		},
		Detectors: []Detector{
			{`\b[XYZxyz][ -]?\d{7}[ -]?[A-Za-z]\b`, []string{"es_nie"}, "", 0, 70},
			{`\b\d{8}[ -]?[A-Za-z]\b`, []string{"es_dni"}, "", 0, 80},
		},
		Fields: []FieldRule{
			{Names: []string{"dni"}, Types: []string{"es_dni"}},
			{Names: []string{"nif"}, Types: []string{"es_dni", "pt_nif"}}, // a Spanish or a Portuguese NIF
			{Names: []string{"nie"}, Types: []string{"es_nie"}},
		},
	}
}

var (
	kwDNI = []string{"dni", "nif", "documento", "identidad", "nie", "extranjero", "id"}
)

func checkDNI(v []byte, env *Env) (Span, float64, bool) {
	d := compact(env.Buf[:0], v)
	if !DNIValid(d) {
		return Span{}, 0, false
	}
	return whole(v), 0.75, true
}

func checkNIE(v []byte, env *Env) (Span, float64, bool) {
	d := compact(env.Buf[:0], v)
	if !NIEValid(d) {
		return Span{}, 0, false
	}
	return whole(v), 0.8, true
}

// ckDNILetters is the Spanish DNI/NIE control letter table (Real Decreto
// 1553/2005): the letter is ckDNILetters[number % 23].
const ckDNILetters = "TRWAGMYFPDXBNJZSQVHLCKE"

// DNIValid reports whether s is a valid Spanish DNI: 8 digits followed by
// the control letter "TRWAGMYFPDXBNJZSQVHLCKE"[number % 23].
func DNIValid(s []byte) bool {
	if len(s) != 9 || !ckAllDigits(s[:8]) {
		return false
	}
	return s[8] == ckDNILetters[ckValue(s[:8])%23]
}

// NIEValid reports whether s is a valid Spanish NIE (foreigner number):
// X, Y or Z (standing for 0, 1, 2), 7 digits and the DNI control letter
// computed over the resulting 8-digit number.
func NIEValid(s []byte) bool {
	if len(s) != 9 || !ckAllDigits(s[1:8]) {
		return false
	}
	var lead uint64
	switch s[0] {
	case 'X':
		lead = 0
	case 'Y':
		lead = 1
	case 'Z':
		lead = 2
	default:
		return false
	}
	n := lead*10000000 + ckValue(s[1:8])
	return s[8] == ckDNILetters[n%23]
}
