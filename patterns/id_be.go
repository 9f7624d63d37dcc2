package patterns

import "bytes"

// beFamily is the Belgian national register number (and its BIS variant).
func beFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "be_national_number", Category: CategoryGovernmentID, Strong: true, Country: "BE", Description: "Belgian national register number (Rijksregisternummer / numéro de registre national, BIS number)", Validator: "mod 97 check (2000+ rule) + encoded birth date",
				Check: checkBENN, Normalize: normCompact, Mask: maskKeepLast(2), Keywords: kwBENN, Numeric: true,
				Examples:    []string{"Rijksregisternummer: 90.02.01-011.20", "numéro de registre national 05031412595", "INSZ 92.26.15-087.25"},
				NotExamples: []string{"Rijksregisternummer: 90.02.01-011.21", "rijksregisternummer 90.02.30-011.23", "bestelling 90020101120"}},
		},
		Detectors: []Detector{
			// The written form YY.MM.DD-SSS.CC; the bare eleven digits are a
			// candidate of the digit run.
			{`\b\d{2}\.?\d{2}\.?\d{2}-\d{3}\.?\d{2}\b`, []string{"be_national_number"}, "", 0, 145},
		},
		Fields: []FieldRule{
			{Names: []string{"rijksregisternummer", "rijksregister_nummer", "rrn", "insz", "niss", "numero_national", "registre_national", "national_register_number", "nationalregisternummer", "nn_number"}, Types: []string{"be_national_number"}},
		},
	}
}

var (
	kwBENN = []string{"rijksregisternummer", "rijksregister", "rijksregisternr", "registre", "register", "insz", "niss", "rrn", "nationaal", "nationalregisternummer"}
)

func checkBENN(v []byte, env *Env) (Span, float64, bool) {
	if glued(env) {
		return Span{}, 0, false
	}
	d := compact(env.Buf[:0], v)
	if !BENationalNumberValid(d) {
		return Span{}, 0, false
	}
	// The dashed register form is rarer by chance than eleven bare digits,
	// which PESELs and tax ids share: context decides either way.
	if bytes.IndexByte(v, '-') >= 0 {
		return whole(v), 0.45, true
	}
	return whole(v), 0.32, true
}

// BENationalNumberValid reports whether d is a valid Belgian national
// register number (Rijksregister): 11 digits YYMMDDSSSCC where CC is
// 97 - (YYMMDDSSS mod 97), or, for births from 2000, 97 - (2YYMMDDSSS mod
// 97). A BIS number adds 20 or 40 to the month. The birth date must be
// real, or partly unknown as the register writes it (day 00, or month and
// day 00).
func BENationalNumberValid(d []byte) bool {
	if len(d) != 11 || !ckAllDigits(d) {
		return false
	}
	body := ckValue(d[:9])
	cc := int(ckValue(d[9:]))
	year := int(ckValue(d[:2]))
	switch {
	case 97-int(body%97) == cc:
		year += 1900
	case 97-int((2000000000+body)%97) == cc:
		year += 2000
	default:
		return false
	}
	month := int(ckValue(d[2:4]))
	day := int(ckValue(d[4:6]))
	if month >= 40 {
		month -= 40
	} else if month >= 20 {
		month -= 20
	}
	switch {
	case month > 12:
		return false
	case month == 0:
		return day == 0
	case day == 0:
		return true
	}
	return ValidDate(year, month, day)
}
