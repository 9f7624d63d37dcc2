package patterns

// vatFamily is EU VAT identification numbers (and the UK's and
// Switzerland's); the per-country checks are in vat_countries.go.
func vatFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "eu_vat", RegionOf: ibanRegion, Category: CategoryFinancial, Description: "EU VAT identification number", Validator: "per-country format and published check digits",
				Check: checkVAT, Normalize: normCompact, Mask: maskKeepFirstLast(2, 2), Keywords: kwVAT,
				Examples:    []string{"USt-IdNr.: DE136695976", "TVA FR40303265045", "VAT: GB 980 7806 84", "BTW NL004495445B01"},
				NotExamples: []string{"DE136695977", "FRXX303265045"}},
		},
		Detectors: []Detector{
			{`\b(?:ATU\d{8}|BE[ ]?[01]\d{3}\.?\d{3}\.?\d{3}|BG\d{9,10}|CY\d{8}[A-Z]|CZ\d{8,10}|DE[ ]?\d{9}|DK[ ]?\d{8}|EE\d{9}|EL\d{9}|` +
				`ES[ ]?[A-Z0-9]\d{7}[A-Z0-9]|FI\d{8}|FR[ ]?[A-HJ-NP-Z0-9]{2}[ ]?\d{9}|HR\d{11}|HU\d{8}|IE\d[A-Z0-9+*]\d{5}[A-W][A-I]?|` +
				`IT[ ]?\d{11}|LT(?:\d{9}|\d{12})|LU\d{8}|LV\d{11}|MT\d{8}|NL[ ]?\d{9}B\d{2}|PL[ ]?\d{10}|PT[ ]?\d{9}|RO\d{2,10}|` +
				`SE[ ]?\d{10}01|SI\d{8}|SK\d{10}|(?:GB|XI)[ ]?(?:\d{3}[ ]?\d{4}[ ]?\d{2}(?:[ ]?\d{3})?|GD\d{3}|HA\d{3})|CHE[-. ]?\d{3}\.?\d{3}\.?\d{3})\b`, []string{"eu_vat"}, "", 0, 40},
		},
		Fields: []FieldRule{
			{Names: []string{"vat", "vat_number", "vat_id", "vatin", "ust_id", "ustid", "tva", "numero_tva", "iva", "partita_iva", "btw", "btw_nummer"},
				Types: []string{"eu_vat"}},
		},
	}
}

var (
	kwVAT = []string{"vat", "tva", "ust", "ustid", "ust-idnr", "mwst", "iva", "btw", "nif", "cif", "partita", "tax", "intracommunautaire", "umsatzsteuer"}
)

func checkVAT(v []byte, env *Env) (Span, float64, bool) {
	d := compact(env.Buf[:0], v)
	if !EUVATValid(d) {
		return Span{}, 0, false
	}
	return whole(v), 0.8, true
}

// EUVATValid reports whether s is a valid VAT identification number in
// compact upper-case form with its prefix: the EU27 member states (EL for
// Greece), XI (Northern Ireland) and GB, and CHE for Switzerland (with an
// optional MWST/TVA/IVA/TPV suffix). The format follows the VIES
// specification for each country and the published check-digit algorithm
// is applied where one exists (all countries here except parts of BG, CZ
// and LV, which are checked for format only).
func EUVATValid(s []byte) bool {
	if len(s) < 4 {
		return false
	}
	if s[0] == 'C' && s[1] == 'H' {
		return ckVATCH(s)
	}
	n := s[2:]
	switch ckPair(s[0], s[1]) {
	case 'A'<<8 | 'T':
		return ckVATAT(n)
	case 'B'<<8 | 'E':
		return ckVATBE(n)
	case 'B'<<8 | 'G':
		return ckVATBG(n)
	case 'C'<<8 | 'Y':
		return ckVATCY(n)
	case 'C'<<8 | 'Z':
		return ckVATCZ(n)
	case 'D'<<8 | 'E':
		// USt-IdNr: 9 digits, first not 0, ISO 7064 MOD 11,10.
		return len(n) == 9 && ckAllDigits(n) && n[0] != '0' && ckMod1110(n)
	case 'D'<<8 | 'K':
		// CVR: 8 digits, first not 0, weights 2,7,6,5,4,3,2,1, sum%11 == 0.
		return len(n) == 8 && ckAllDigits(n) && n[0] != '0' &&
			ckWeighted(n, []int{2, 7, 6, 5, 4, 3, 2, 1})%11 == 0
	case 'E'<<8 | 'E':
		// KMKR: 9 digits, weights 3,7,1,..., sum%10 == 0.
		return len(n) == 9 && ckAllDigits(n) &&
			ckWeighted(n, []int{3, 7, 1, 3, 7, 1, 3, 7, 1})%10 == 0
	case 'E'<<8 | 'L':
		return ckVATEL(n)
	case 'E'<<8 | 'S':
		return ckVATES(n)
	case 'F'<<8 | 'I':
		// ALV: 8 digits, weights 7,9,10,5,8,4,2,1, sum%11 == 0.
		return len(n) == 8 && ckAllDigits(n) &&
			ckWeighted(n, []int{7, 9, 10, 5, 8, 4, 2, 1})%11 == 0
	case 'F'<<8 | 'R':
		return ckVATFR(n)
	case 'G'<<8 | 'B', 'X'<<8 | 'I':
		return ckVATGB(n)
	case 'H'<<8 | 'R':
		// OIB: 11 digits, ISO 7064 MOD 11,10.
		return len(n) == 11 && ckAllDigits(n) && ckMod1110(n)
	case 'H'<<8 | 'U':
		// ANUM: 8 digits, weights 9,7,3,1,9,7,3,1, sum%10 == 0.
		return len(n) == 8 && ckAllDigits(n) &&
			ckWeighted(n, []int{9, 7, 3, 1, 9, 7, 3, 1})%10 == 0
	case 'I'<<8 | 'E':
		return ckVATIE(n)
	case 'I'<<8 | 'T':
		return ckVATIT(n)
	case 'L'<<8 | 'T':
		return ckVATLT(n)
	case 'L'<<8 | 'U':
		// TVA: 8 digits, first 6 mod 89 == last 2.
		return len(n) == 8 && ckAllDigits(n) &&
			ckValue(n[:6])%89 == ckValue(n[6:])
	case 'L'<<8 | 'V':
		return ckVATLV(n)
	case 'M'<<8 | 'T':
		// 8 digits, first not 0, weights 3,4,6,7,8,9,10,1, sum%37 == 0.
		return len(n) == 8 && ckAllDigits(n) && n[0] != '0' &&
			ckWeighted(n, []int{3, 4, 6, 7, 8, 9, 10, 1})%37 == 0
	case 'N'<<8 | 'L':
		return ckVATNL(s)
	case 'P'<<8 | 'L':
		// NIP: 10 digits, weights 6,5,7,2,3,4,5,6,7, sum%11 == last digit.
		return len(n) == 10 && ckAllDigits(n) &&
			ckWeighted(n, []int{6, 5, 7, 2, 3, 4, 5, 6, 7})%11 == int(n[9]-'0')
	case 'P'<<8 | 'T':
		return ckVATPT(n)
	case 'R'<<8 | 'O':
		return ckVATRO(n)
	case 'S'<<8 | 'E':
		// 12 digits: organisation number (Luhn on 10 digits) + "01".
		return len(n) == 12 && ckAllDigits(n) && n[10] == '0' && n[11] == '1' &&
			ckLuhnSum(n[:10])%10 == 0
	case 'S'<<8 | 'I':
		return ckVATSI(n)
	case 'S'<<8 | 'K':
		// IČ DPH: 10 digits divisible by 11.
		return len(n) == 10 && ckAllDigits(n) && ckValue(n)%11 == 0
	}
	return false
}
