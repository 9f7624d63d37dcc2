package patterns

import (
	"strconv"
	"strings"
)

// vatFamily is EU VAT identification numbers (and the UK's and
// Switzerland's); the per-country checks are in vat_countries.go.
func vatFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "eu_vat", RegionOf: ibanRegion, Category: CategoryFinancial, Description: "EU VAT identification number", Validator: "per-country format and published check digits",
				Check: checkVAT, Normalize: normVAT, Mask: maskKeepFirstLast(2, 2), Keywords: kwVAT,
				Examples: []string{"USt-IdNr.: DE136695976", "TVA FR40303265045", "VAT: GB 980 7806 84", "BTW NL004495445B01",
					"VAT de 136 695 976", "TVA FR 40 303 265 045", "BTW be0403.170.701", "BTW NL-004495445-B01", "NIF ESB-58378431",
					"BTW BE 403.170.701", "VAT GR 094259216", "VAT EL 94259216"},
				NotExamples: []string{"DE136695977", "FRXX303265045", "plus de 136 695 976 habitants", "VAT DE 136-695.976",
					"BTW BE 403.170.702", "es 612 345 678", "ref RO-5326"}},
		},
		Detectors: []Detector{
			{reVAT, []string{"eu_vat"}, "", 0, 40},
			{reVATLower, []string{"eu_vat"}, "", passContext, 30},
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
	// The IBAN shape, which proposes VAT numbers too, may have taken the
	// words after one ("BE0403170701 and"): they are cut off.
	for {
		if score, ok := vatScore(v, env); ok {
			return whole(v), score, true
		}
		i := trailingWord(v)
		if i < 0 {
			return Span{}, 0, false
		}
		v = v[:i]
	}
}

func vatScore(v []byte, env *Env) (float64, bool) {
	if len(v) < 2 || !vatSeparatorsConsistent(v) {
		return 0, false
	}
	if !EUVATValid(VATCompact(env.Buf[:0], v)) {
		return 0, false
	}
	// A lower-case country code is also a word ("de", "it", "be"): such a
	// number is a VAT number when a keyword or its field says so.
	if v[0] >= 'a' || v[1] >= 'a' {
		return 0.45, true
	}
	return 0.8, true
}

// trailingWord is the offset of the separator before v's last group when
// that group is letters only, or -1.
func trailingWord(v []byte) int {
	for i := len(v) - 1; i > 0; i-- {
		c := v[i]
		if !isAlnum(c) {
			if i == len(v)-1 {
				return -1
			}
			return i
		}
		if isDigit(c) {
			return -1
		}
	}
	return -1
}

// vatSeparatorsConsistent: after the country code (and the separator
// that may follow it) the groups are parted by one kind of separator:
// "BE 0403.170.701" is one number, "DE 136-695.976" is not.
func vatSeparatorsConsistent(v []byte) bool {
	i := 0
	for i < len(v) && i < 3 && (v[i]|0x20 >= 'a' && v[i]|0x20 <= 'z') {
		i++
	}
	if i < len(v) && !isAlnum(v[i]) {
		i++
	}
	return separatorsConsistent(v[i:])
}

func normVAT(dst, v []byte, env *Env) []byte { return VATCompact(dst, v) }

// VATCompact appends the compact form of a VAT number to dst: letters and
// digits only, upper case, with the older national forms python-stdnum
// accepts made current, so that every written form of one number hashes
// alike: Belgium's 9-digit number is the 10-digit one with a leading 0,
// Greece's 8-digit one gains a leading 0, and GR is written EL.
func VATCompact(dst, v []byte) []byte {
	start := len(dst)
	dst = compact(dst, v)
	d := dst[start:]
	if len(d) < 2 {
		return dst
	}
	switch ckPair(d[0], d[1]) {
	case 'G'<<8 | 'R':
		d[0], d[1] = 'E', 'L'
		fallthrough
	case 'E'<<8 | 'L':
		if len(d) == 10 {
			dst = insertZero(dst, start+2)
		}
	case 'B'<<8 | 'E':
		if len(d) == 11 {
			dst = insertZero(dst, start+2)
		}
	}
	return dst
}

// insertZero inserts a '0' at dst[i].
func insertZero(dst []byte, i int) []byte {
	dst = append(dst, 0)
	copy(dst[i+1:], dst[i:])
	dst[i] = '0'
	return dst
}

// vatBodies are the VAT numbers of the EU27, XI, GB and CH as people write
// them, by country code: the groups with or without one kind of separator
// (space, dot or dash) between them ("FR 40 303 265 045", "be0403.170.701",
// "NL-004495445-B01"), and the older national forms (Belgium's 9 digits,
// Greece's 8, GR for EL).
var vatBodies = []struct{ codes, body string }{
	{"AT", `U` + vs + sepDigits(8)},
	{"BE", `(?:[01]` + vs + `)?` + sepDigits(9)},
	{"BG", sepDigitsN(9, 10)},
	{"CY", sepDigits(8) + vs + `[A-Z]`},
	{"CZ", sepDigitsN(8, 10)},
	{"DE", sepDigits(9)},
	{"DK|FI|HU|LU|MT|SI", sepDigits(8)},
	{"EE", sepDigits(9)},
	{"EL|GR", sepDigitsN(8, 9)},
	// No Spanish NIF is digits at both ends (a DNI ends in its letter).
	{"ES", `(?:[A-Z]` + vs + sepDigits(7) + vs + `[A-Z0-9]|` + sepDigits(8) + vs + `[A-Z])`},
	{"FR", `[A-HJ-NP-Z0-9]{2}` + vs + sepDigits(9)},
	{"HR|IT|LV", sepDigits(11)},
	{"IE", `\d[A-Z0-9+*]\d{5}` + vs + `[A-W][A-I]?`},
	{"LT", `(?:` + sepDigits(12) + `|` + sepDigits(9) + `)`},
	{"NL", sepDigits(9) + vs + `B` + vs + `\d{2}`},
	{"PL", sepDigits(10)},
	{"PT", sepDigits(9)},
	{"SE", sepDigits(10) + vs + `01`},
	{"SK", sepDigits(10)},
	{"GB|XI", `(?:\d{3}` + vs + `\d{4}` + vs + `\d{2}(?:` + vs + `\d{3})?|GD\d{3}|HA\d{3})`},
	{"CHE", `\d{3}` + vs + `\d{3}` + vs + `\d{3}`},
	// Romania's 2 to 10 digits are too short a shape to part from "RO".
	{"RO", `\d{2,10}`},
}

// reVAT is the upper-case country codes.
var reVAT = vatPattern(func(codes string) string { return codes }, "")

// reVATLower is the lower-case ones, in the pass of the context-led
// detectors: a lower-case code is also a word ("de", "it", "si") and the
// groups after it may be a phone's ("el teléfono de 612 345 678"), which
// the first pass still proposes. Spain's and Greece's codes are words of
// Spanish before its ids and phones ("Mi DNI es 12345678Z"), and
// Romania's 2 to 10 digits too short a shape: upper case only.
var reVATLower = vatPattern(func(codes string) string {
	switch codes {
	case "ES", "EL|GR", "RO":
		return ""
	}
	return strings.ToLower(codes)
}, "(?i:")

// vatPattern joins the bodies under the country codes code gives ("" to
// leave a country out), each body opened by open ("(?i:" for either case).
func vatPattern(code func(string) string, open string) string {
	var alts []string
	for _, b := range vatBodies {
		c := code(b.codes)
		if c == "" {
			continue
		}
		body := b.body
		if open != "" {
			body = open + body + ")"
		}
		sep := vs
		if b.codes == "RO" {
			sep = ""
		}
		alts = append(alts, "(?:"+c+")"+sep+body)
	}
	return `\b(?:` + strings.Join(alts, "|") + `)\b`
}

// vs is the separator a VAT number may have between two groups.
const vs = `[ .-]?`

// sepDigits is n digits with a separator allowed between any two.
func sepDigits(n int) string { return sepDigitsN(n, n) }

func sepDigitsN(lo, hi int) string {
	return `\d(?:` + vs + `\d){` + strconv.Itoa(lo-1) + `,` + strconv.Itoa(hi-1) + `}`
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
