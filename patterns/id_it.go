package patterns

// itFamily is the Italian codice fiscale.
func itFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "it_fiscal_code", Category: CategoryGovernmentID, Strong: true, Country: "IT", Description: "Italian codice fiscale", Validator: "check character (odd/even tables), omocodia",
				Check: checkCF, Normalize: normCompact, Mask: maskKeepFirstLast(3, 1), Keywords: kwCF,
				Examples:    []string{"Codice fiscale: RSSMRA85T10A562S", "CF rssmra85t10a562s"},
				NotExamples: []string{"RSSMRA85T10A562T", "ABCDEF12G34H567I"}},
		},
		Detectors: []Detector{
			{`\b(?i:[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z])\b`, []string{"it_fiscal_code"}, "", 0, 50},
		},
		Fields: []FieldRule{
			{Names: []string{"codice_fiscale", "cf"}, Types: []string{"it_fiscal_code"}},
		},
	}
}

var (
	kwCF = []string{"codice", "fiscale", "cf", "tessera", "sanitaria"}
)

func checkCF(v []byte, env *Env) (Span, float64, bool) {
	d := compact(env.Buf[:0], v)
	if !ItalianFiscalCodeValid(d) {
		return Span{}, 0, false
	}
	return whole(v), 0.9, true
}

// ckCFOdd is the value of characters in odd (1-based) positions for
// the Italian codice fiscale check character (DM 23/12/1976), indexed by
// digit value for digits and by letter-'A' for letters. Characters in even
// positions count as their digit value or letter-'A'.
var ckCFOdd = [26]int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11,
	3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23}

// ckCFDigit decodes a codice fiscale digit position, where a letter of
// LMNPQRSTUV may replace a digit 0-9 (omocodia). It returns -1 otherwise.
func ckCFDigit(c byte) int {
	if ckDigit(c) {
		return int(c - '0')
	}
	switch c {
	case 'L':
		return 0
	case 'M':
		return 1
	case 'N':
		return 2
	case 'P':
		return 3
	case 'Q':
		return 4
	case 'R':
		return 5
	case 'S':
		return 6
	case 'T':
		return 7
	case 'U':
		return 8
	case 'V':
		return 9
	}
	return -1
}

// ckCFMonths maps the month letter of a codice fiscale to months 1..12.
const ckCFMonths = "ABCDEHLMPRST"

// ItalianFiscalCodeValid reports whether s is a valid 16-character Italian
// codice fiscale for a person (DM 23/12/1976): 6 letters, 2-digit year, a
// month letter of ABCDEHLMPRST, a day 01-31 (41-71 for women) that exists
// in that month, a place code (letter + 3 digits) and the check letter from
// the official odd/even tables. Digits at 1-based positions 7, 8, 10, 11,
// 13, 14 and 15 may be replaced by LMNPQRSTUV (omocodia).
func ItalianFiscalCodeValid(s []byte) bool {
	if len(s) != 16 {
		return false
	}
	for _, i := range [...]int{0, 1, 2, 3, 4, 5, 8, 11, 15} {
		if !ckUpper(s[i]) {
			return false
		}
	}
	var dig [16]int
	for _, i := range [...]int{6, 7, 9, 10, 12, 13, 14} {
		if dig[i] = ckCFDigit(s[i]); dig[i] < 0 {
			return false
		}
	}
	month := 0
	for i := 0; i < len(ckCFMonths); i++ {
		if ckCFMonths[i] == s[8] {
			month = i + 1
		}
	}
	if month == 0 {
		return false
	}
	year := dig[6]*10 + dig[7]
	day := dig[9]*10 + dig[10]
	if day > 40 {
		day -= 40 // women: day + 40
	}
	// The century is not encoded: allow 29 February whenever the two-digit
	// year can be a leap year (00 included, for 2000).
	if day < 1 || day > ckDaysIn(month, year%4 == 0) {
		return false
	}
	sum := 0
	for i := 0; i < 15; i++ {
		c := s[i]
		v := 0
		if ckDigit(c) {
			v = int(c - '0')
		} else {
			v = int(c - 'A')
		}
		if i%2 == 0 { // 1-based odd position
			v = ckCFOdd[v]
		}
		sum += v
	}
	return s[15] == byte('A'+sum%26)
}
