package patterns

// Checksum and structure validators for personal-data identifiers.
//
// Every validator takes the COMPACT form of a candidate match: separators
// (spaces, dashes, dots, slashes) already removed and letters already
// upper-cased. They never panic, whatever the input, and never allocate:
// they are called on every regex candidate in the scanner's hot path.

// ckDigit reports whether c is an ASCII digit.
func ckDigit(c byte) bool { return c >= '0' && c <= '9' }

// ckUpper reports whether c is an ASCII upper-case letter.
func ckUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

// ckAllDigits reports whether b is non-empty and made of ASCII digits only.
func ckAllDigits(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if !ckDigit(c) {
			return false
		}
	}
	return true
}

// ckPair packs two bytes into one value to switch on, so that two-letter
// codes are matched without converting the input to a string: the code
// "AT" is ckPair('A', 'T') == 'A'<<8 | 'T'.
func ckPair(a, b byte) uint16 { return uint16(a)<<8 | uint16(b) }

// ckEqual reports whether b holds exactly the bytes of s.
func ckEqual(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		if b[i] != s[i] {
			return false
		}
	}
	return true
}

// ckAllSame reports whether every byte of b equals b[0].
func ckAllSame(b []byte) bool {
	for _, c := range b {
		if c != b[0] {
			return false
		}
	}
	return true
}

// ckValue returns the value of the ASCII digits in b; the caller has
// checked ckAllDigits and keeps len(b) <= 18 so the result fits in uint64.
func ckValue(b []byte) uint64 {
	var n uint64
	for _, c := range b {
		n = n*10 + uint64(c-'0')
	}
	return n
}

// ckWeighted returns sum(w[i] * digit(b[i])) over the shorter of b and w.
func ckWeighted(b []byte, w []int) int {
	s := 0
	for i := 0; i < len(b) && i < len(w); i++ {
		s += w[i] * int(b[i]-'0')
	}
	return s
}

// ckLuhnSum returns the Luhn sum of the digits in d (the rightmost digit is
// not doubled). The caller has checked ckAllDigits.
func ckLuhnSum(d []byte) int {
	sum := 0
	double := false
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i] - '0')
		if double {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		double = !double
	}
	return sum
}

// ckMod1110 checks an all-digit string whose last digit is the
// ISO/IEC 7064 MOD 11,10 check digit (German Steuer-ID and USt-IdNr,
// Croatian OIB). The caller has checked ckAllDigits and len >= 2.
func ckMod1110(d []byte) bool {
	p := 10
	for _, c := range d[:len(d)-1] {
		s := (int(c-'0') + p) % 10
		if s == 0 {
			s = 10
		}
		p = (2 * s) % 11
	}
	check := 11 - p
	if check == 10 {
		check = 0
	}
	return int(d[len(d)-1]-'0') == check
}

// LuhnValid reports whether d is a string of at least 2 digits that passes
// the Luhn (mod 10) check of ISO/IEC 7812-1, as used by payment cards. A
// string of zeros, which passes trivially, is rejected.
func LuhnValid(d []byte) bool {
	if len(d) < 2 || !ckAllDigits(d) || (d[0] == '0' && ckAllSame(d)) {
		return false
	}
	return ckLuhnSum(d)%10 == 0
}

// CardBrand returns the payment card brand of the digit string d, judged by
// its issuer identification number (IIN) range and its length as published
// by the card schemes, or "" if none matches. It does not check Luhn.
//
// Brands: visa (4; 13, 16, 19 digits), mastercard (51-55, 2221-2720; 16),
// amex (34, 37; 15), discover (6011, 644-649, 65, 622126-622925; 16-19),
// jcb (3528-3589; 16-19), diners (300-305, 36, 38-39; 14-19),
// unionpay (62; 16-19) and maestro (50, 56-58, 63, 67; 12-19). Where ranges
// overlap (622126-622925) the earlier brand in this list wins.
func CardBrand(d []byte) string {
	n := len(d)
	if n < 12 || n > 19 || !ckAllDigits(d) {
		return ""
	}
	p2 := int(ckValue(d[:2]))
	p3 := int(ckValue(d[:3]))
	p4 := int(ckValue(d[:4]))
	p6 := int(ckValue(d[:6]))
	switch {
	case d[0] == '4':
		if n == 13 || n == 16 || n == 19 {
			return "visa"
		}
	case (p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720):
		if n == 16 {
			return "mastercard"
		}
	case p2 == 34 || p2 == 37:
		if n == 15 {
			return "amex"
		}
	case p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65 ||
		(p6 >= 622126 && p6 <= 622925):
		if n >= 16 {
			return "discover"
		}
	case p4 >= 3528 && p4 <= 3589:
		if n >= 16 {
			return "jcb"
		}
	case (p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39:
		if n >= 14 {
			return "diners"
		}
	case p2 == 62:
		if n >= 16 {
			return "unionpay"
		}
	case p2 == 50 || (p2 >= 56 && p2 <= 58) || p2 == 63 || p2 == 67:
		return "maestro" // 12-19 digits, already checked above
	}
	return ""
}

// ckIBANRegistry lists, for every country of the SWIFT IBAN registry, the BBAN
// structure in the registry's notation without the "!" (every field there
// is of fixed length): "8n10n" is 8 digits then 10 digits; n = digits,
// a = upper-case letters, c = upper-case letters or digits.
// Source: SWIFT IBAN Registry (89 countries).
var ckIBANRegistry = [...]struct{ cc, bban string }{
	{"AD", "4n4n12c"}, {"AE", "3n16n"}, {"AL", "8n16c"}, {"AT", "5n11n"},
	{"AZ", "4a20c"}, {"BA", "3n3n8n2n"}, {"BE", "3n7n2n"}, {"BG", "4a4n2n8c"},
	{"BH", "4a14c"}, {"BI", "5n5n11n2n"}, {"BR", "8n5n10n1a1c"}, {"BY", "4c4n16c"},
	{"CH", "5n12c"}, {"CR", "4n14n"}, {"CY", "3n5n16c"}, {"CZ", "4n6n10n"},
	{"DE", "8n10n"}, {"DJ", "5n5n11n2n"}, {"DK", "4n9n1n"}, {"DO", "4c20n"},
	{"EE", "2n14n"}, {"EG", "4n4n17n"}, {"ES", "4n4n1n1n10n"}, {"FI", "3n11n"},
	{"FK", "2a12n"}, {"FO", "4n9n1n"}, {"FR", "5n5n11c2n"}, {"GB", "4a6n8n"},
	{"GE", "2a16n"}, {"GI", "4a15c"}, {"GL", "4n9n1n"}, {"GR", "3n4n16c"},
	{"GT", "4c20c"}, {"HN", "4a20n"}, {"HR", "7n10n"}, {"HU", "3n4n1n15n1n"},
	{"IE", "4a6n8n"}, {"IL", "3n3n13n"}, {"IQ", "4a3n12n"}, {"IS", "4n2n6n10n"},
	{"IT", "1a5n5n12c"}, {"JO", "4a4n18c"}, {"KW", "4a22c"}, {"KZ", "3n13c"},
	{"LB", "4n20c"}, {"LC", "4a24c"}, {"LI", "5n12c"}, {"LT", "5n11n"},
	{"LU", "3n13c"}, {"LV", "4a13c"}, {"LY", "3n3n15n"}, {"MC", "5n5n11c2n"},
	{"MD", "2c18c"}, {"ME", "3n13n2n"}, {"MK", "3n10c2n"}, {"MN", "4n12n"},
	{"MR", "5n5n11n2n"}, {"MT", "4a5n18c"}, {"MU", "4a2n2n12n3n3a"}, {"NI", "4a20n"},
	{"NL", "4a10n"}, {"NO", "4n6n1n"}, {"OM", "3n16c"}, {"PK", "4a16c"},
	{"PL", "8n16n"}, {"PS", "4a21c"}, {"PT", "4n4n11n2n"}, {"QA", "4a21c"},
	{"RO", "4a16c"}, {"RS", "3n13n2n"}, {"RU", "9n5n15c"}, {"SA", "2n18c"},
	{"SC", "4a2n2n16n3a"}, {"SD", "2n12n"}, {"SE", "3n16n1n"}, {"SI", "5n8n2n"},
	{"SK", "4n6n10n"}, {"SM", "1a5n5n12c"}, {"SO", "4n3n12n"}, {"ST", "8n11n2n"},
	{"SV", "4a20n"}, {"TL", "3n14n2n"}, {"TN", "2n3n13n2n"}, {"TR", "5n1n16c"},
	{"UA", "6n19c"}, {"VA", "3n15n"}, {"VG", "4a16n"}, {"XK", "4n10n2n"},
	{"YE", "4a4n18c"},
}

// ckIBANBBAN maps a country code (26*(c0-'A') + c1-'A') to its BBAN
// structure; ckIBANLen to the full IBAN length (0: not an IBAN country).
var (
	ckIBANBBAN [26 * 26]string
	ckIBANLen  [26 * 26]uint8
)

func init() {
	for _, e := range ckIBANRegistry {
		k := int(e.cc[0]-'A')*26 + int(e.cc[1]-'A')
		ckIBANBBAN[k] = e.bban
		ckIBANLen[k] = uint8(4 + ckBBANLen(e.bban))
	}
}

// IBANLength returns the IBAN length the SWIFT IBAN registry sets for the
// country code in the first two bytes of cc (upper case), or 0 if cc does
// not start with a registry country.
func IBANLength(cc []byte) int {
	if len(cc) < 2 || !ckUpper(cc[0]) || !ckUpper(cc[1]) {
		return 0
	}
	return int(ckIBANLen[int(cc[0]-'A')*26+int(cc[1]-'A')])
}

// ckBBANLen returns the number of characters described by a structure.
func ckBBANLen(spec string) int {
	total, n := 0, 0
	for i := 0; i < len(spec); i++ {
		if ckDigit(spec[i]) {
			n = n*10 + int(spec[i]-'0')
		} else {
			total += n
			n = 0
		}
	}
	return total
}

// ckBBANMatches reports whether b follows the registry structure spec; the
// caller has checked that len(b) is the structure's length.
func ckBBANMatches(b []byte, spec string) bool {
	pos, n := 0, 0
	for i := 0; i < len(spec); i++ {
		k := spec[i]
		if ckDigit(k) {
			n = n*10 + int(k-'0')
			continue
		}
		for j := 0; j < n; j++ {
			if pos >= len(b) {
				return false
			}
			c := b[pos]
			pos++
			switch k {
			case 'n':
				if !ckDigit(c) {
					return false
				}
			case 'a':
				if !ckUpper(c) {
					return false
				}
			default: // 'c'
				if !ckDigit(c) && !ckUpper(c) {
					return false
				}
			}
		}
		n = 0
	}
	return pos == len(b)
}

// ckMod97 folds the characters of b (digits, and letters as A=10 ..
// Z=35, i.e. two decimal digits) into the running remainder r mod 97, as
// ISO 7064 MOD 97-10 does for IBANs. It returns -1 on any other byte.
func ckMod97(r int, b []byte) int {
	for _, c := range b {
		switch {
		case ckDigit(c):
			r = (r*10 + int(c-'0')) % 97
		case ckUpper(c):
			r = (r*100 + int(c-'A') + 10) % 97
		default:
			return -1
		}
	}
	return r
}

// IBANValid reports whether s is a valid IBAN (ISO 13616) in compact
// upper-case form: a country of the SWIFT IBAN registry, that country's
// exact length and BBAN structure, check digits 02..98, and the ISO 7064
// MOD 97-10 check (the BBAN followed by the first four characters,
// letters as 10..35, is 1 mod 97).
func IBANValid(s []byte) bool {
	if len(s) < 5 || len(s) > 34 || !ckUpper(s[0]) || !ckUpper(s[1]) ||
		!ckDigit(s[2]) || !ckDigit(s[3]) {
		return false
	}
	if IBANLength(s) != len(s) {
		return false
	}
	if cd := int(s[2]-'0')*10 + int(s[3]-'0'); cd < 2 || cd > 98 {
		return false
	}
	if !ckBBANMatches(s[4:], ckIBANBBAN[int(s[0]-'A')*26+int(s[1]-'A')]) {
		return false
	}
	r := ckMod97(0, s[4:])
	if r < 0 {
		return false
	}
	return ckMod97(r, s[:4]) == 1
}

// SSNValid reports whether d is a plausible U.S. Social Security Number
// (SSA rules): 9 digits, area not 000, 666 or 900-999, group not 00,
// serial not 0000, and not one of the well-known invalid or advertising
// numbers 078-05-1120, 219-09-9999 and 123-45-6789.
func SSNValid(d []byte) bool {
	if len(d) != 9 || !ckAllDigits(d) {
		return false
	}
	area := ckValue(d[:3])
	if area == 0 || area == 666 || area >= 900 {
		return false
	}
	if ckValue(d[3:5]) == 0 || ckValue(d[5:]) == 0 {
		return false
	}
	switch ckValue(d) {
	case 78051120, 219099999, 123456789:
		return false
	}
	return true
}

// NINOValid reports whether s is a valid UK National Insurance number
// (HMRC NIM39110): two prefix letters, six digits and a suffix A-D. The
// first letter is not D, F, I, Q, U or V; the second not D, F, I, O, Q, U
// or V; the prefixes BG, GB, KN, NK, NT, TN and ZZ are never allocated.
func NINOValid(s []byte) bool {
	if len(s) != 9 || !ckUpper(s[0]) || !ckUpper(s[1]) {
		return false
	}
	switch s[0] {
	case 'D', 'F', 'I', 'Q', 'U', 'V':
		return false
	}
	switch s[1] {
	case 'D', 'F', 'I', 'O', 'Q', 'U', 'V':
		return false
	}
	switch ckPair(s[0], s[1]) {
	case 'B'<<8 | 'G', 'G'<<8 | 'B', 'K'<<8 | 'N', 'N'<<8 | 'K',
		'N'<<8 | 'T', 'T'<<8 | 'N', 'Z'<<8 | 'Z':
		return false
	}
	if !ckAllDigits(s[2:8]) {
		return false
	}
	return s[8] >= 'A' && s[8] <= 'D'
}

// NHSValid reports whether d is a valid NHS number (NHS Data Dictionary):
// 10 digits whose last is the modulus 11 check digit over the first nine
// with weights 10..2 (check = 11 - sum%11; 11 means 0, 10 is never
// issued). Numbers made of a single repeated digit are rejected.
func NHSValid(d []byte) bool {
	if len(d) != 10 || !ckAllDigits(d) || ckAllSame(d) {
		return false
	}
	sum := ckWeighted(d[:9], []int{10, 9, 8, 7, 6, 5, 4, 3, 2})
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check != 10 && int(d[9]-'0') == check
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

// BSNValid reports whether d is a valid Dutch burgerservicenummer: 9 digits
// (8 digits are taken as left-padded with a 0) passing the "11-proef":
// sum of digits weighted 9..2 and -1 for the last is divisible by 11. All
// zeros is rejected.
func BSNValid(d []byte) bool {
	if (len(d) != 8 && len(d) != 9) || !ckAllDigits(d) || ckValue(d) == 0 {
		return false
	}
	pad := 9 - len(d) // a leading 0 has weight 9 and adds nothing
	sum := 0
	for i, c := range d[:len(d)-1] {
		sum += (9 - pad - i) * int(c-'0')
	}
	sum -= int(d[len(d)-1] - '0')
	return sum%11 == 0
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

// DETaxIDValid reports whether d is a valid German Steuerliche
// Identifikationsnummer (§139b AO; BZSt rules since 2016): 11 digits, the
// first not 0; in the first 10 digits exactly one digit occurs twice or
// three times, every other digit at most once, and a digit occurring three
// times may not stand in three consecutive places; the last digit is the
// ISO/IEC 7064 MOD 11,10 check digit.
func DETaxIDValid(d []byte) bool {
	if len(d) != 11 || !ckAllDigits(d) || d[0] == '0' {
		return false
	}
	var count [10]int
	for _, c := range d[:10] {
		count[c-'0']++
	}
	repeated := -1
	for v, n := range count {
		switch {
		case n > 3:
			return false
		case n > 1:
			if repeated >= 0 {
				return false // more than one repeated digit
			}
			repeated = v
		}
	}
	if repeated < 0 {
		return false
	}
	if count[repeated] == 3 {
		r := byte('0' + repeated)
		for i := 0; i+2 < 10; i++ {
			if d[i] == r && d[i+1] == r && d[i+2] == r {
				return false
			}
		}
	}
	return ckMod1110(d)
}

// ckDaysIn returns the number of days in month m (1..12), with February
// having 29 days when leap is true; 0 for an invalid month.
func ckDaysIn(m int, leap bool) int {
	switch m {
	case 1, 3, 5, 7, 8, 10, 12:
		return 31
	case 4, 6, 9, 11:
		return 30
	case 2:
		if leap {
			return 29
		}
		return 28
	}
	return 0
}

// ValidDate reports whether y-m-d is a date of the (proleptic) Gregorian
// calendar, for years >= 1: leap years are divisible by 4, except
// centuries not divisible by 400.
func ValidDate(y, m, d int) bool {
	if y < 1 {
		return false
	}
	leap := y%4 == 0 && (y%100 != 0 || y%400 == 0)
	return d >= 1 && d <= ckDaysIn(m, leap)
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

// ckVATAT: "U" + 8 digits; check = (6 - Luhn sum of digits 1-7) mod 10
// (BMF: weights 1,2,1,2,1,2,1 with digit sums, plus 4).
func ckVATAT(n []byte) bool {
	if len(n) != 9 || n[0] != 'U' || !ckAllDigits(n[1:]) {
		return false
	}
	check := (6 - ckLuhnSum(n[1:8])%10 + 10) % 10
	return int(n[8]-'0') == check
}

// ckVATBE: 10 digits starting 0 or 1 (9-digit old form taken with a leading
// 0); the last 2 digits are 97 - (first 8 mod 97).
func ckVATBE(n []byte) bool {
	if !ckAllDigits(n) {
		return false
	}
	var v uint64
	switch len(n) {
	case 9:
		v = ckValue(n)
	case 10:
		if n[0] != '0' && n[0] != '1' {
			return false
		}
		v = ckValue(n)
	default:
		return false
	}
	return v != 0 && (v/100+v%100)%97 == 0
}

// ckVATBG: 9 digits (legal entity: weights 1..8 mod 11, retried with weights
// 3..10 when 10, then mod 10) or 10 digits (persons, foreigners and
// others: format only).
func ckVATBG(n []byte) bool {
	if !ckAllDigits(n) {
		return false
	}
	switch len(n) {
	case 9:
		c := ckWeighted(n[:8], []int{1, 2, 3, 4, 5, 6, 7, 8}) % 11
		if c == 10 {
			c = ckWeighted(n[:8], []int{3, 4, 5, 6, 7, 8, 9, 10}) % 11
		}
		return c%10 == int(n[8]-'0')
	case 10:
		return true
	}
	return false
}

// ckVATCY: 8 digits (not starting with 12) and a check letter: digits in odd
// positions map through 0→1 1→0 2→5 3→7 4→9 5→13 6→15 7→17 8→19 9→21,
// even positions count as themselves; letter = 'A' + sum%26.
func ckVATCY(n []byte) bool {
	if len(n) != 9 || !ckAllDigits(n[:8]) || (n[0] == '1' && n[1] == '2') {
		return false
	}
	odd := [10]int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21}
	sum := 0
	for i := 0; i < 8; i++ {
		v := int(n[i] - '0')
		if i%2 == 0 {
			v = odd[v]
		}
		sum += v
	}
	return n[8] == byte('A'+sum%26)
}

// ckVATCZ: 8 digits (legal entity, not starting with 9: weights 8..2,
// check = (11 - sum%11)%11 with 0→1, 10→0), 9 digits starting with 6
// (special: weights 8..2 over digits 2-8), 10 digits (birth number:
// divisible by 11, or first 9 mod 11 == 10 and last 0) or other 9 digits
// (pre-1954 birth number, no check).
func ckVATCZ(n []byte) bool {
	if !ckAllDigits(n) {
		return false
	}
	switch len(n) {
	case 8:
		if n[0] == '9' {
			return false
		}
		c := (11 - ckWeighted(n[:7], []int{8, 7, 6, 5, 4, 3, 2})%11) % 11
		if c == 0 {
			c = 1
		}
		return c%10 == int(n[7]-'0')
	case 9:
		if n[0] != '6' {
			return true
		}
		c := ckWeighted(n[1:8], []int{8, 7, 6, 5, 4, 3, 2}) % 11
		return (8-(10-c)%11+10)%10 == int(n[8]-'0')
	case 10:
		v := ckValue(n)
		return v%11 == 0 || ((v/10)%11 == 10 && n[9] == '0')
	}
	return false
}

// ckVATEL: 9 digits (8-digit old form taken with a leading 0); weights
// 256,128,...,2 on the first 8, check = sum%11%10.
func ckVATEL(n []byte) bool {
	if (len(n) != 8 && len(n) != 9) || !ckAllDigits(n) {
		return false
	}
	sum := 0
	for _, c := range n[:len(n)-1] {
		sum = sum*2 + int(c-'0')
	}
	return (sum*2)%11%10 == int(n[len(n)-1]-'0')
}

// ckVATES: Spanish NIF, 9 characters: DNI (8 digits + letter), K/L/M + 7
// digits + DNI letter, NIE (X/Y/Z), or a CIF (entity letter of
// ABCDEFGHJNPQRSUVW, 7 digits, check digit from Luhn or its letter of
// JABCDEFGHI; either form is accepted as usage is inconsistent).
func ckVATES(n []byte) bool {
	if len(n) != 9 || !ckAllDigits(n[1:8]) {
		return false
	}
	c := n[0]
	switch {
	case ckDigit(c):
		return DNIValid(n)
	case c == 'K' || c == 'L' || c == 'M':
		return n[8] == ckDNILetters[ckValue(n[1:8])%23]
	case c == 'X' || c == 'Y' || c == 'Z':
		return NIEValid(n)
	}
	switch c {
	case 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'N', 'P', 'Q', 'R', 'S', 'U', 'V', 'W':
	default:
		return false
	}
	// Luhn check digit of the 7 digits: the digit that makes the sum of
	// the 7 digits plus it (not doubled) a multiple of 10.
	var sum int
	for i := 1; i < 8; i++ {
		v := int(n[i] - '0')
		if i%2 == 1 { // odd positions of the 7 digits are doubled
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	check := (10 - sum%10) % 10
	return n[8] == byte('0'+check) || n[8] == "JABCDEFGHI"[check]
}

// ckFRAlphabet is the alphabet of new-style French TVA keys (no I and O).
const ckFRAlphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// ckFRIndex returns the position of c in ckFRAlphabet, or -1.
func ckFRIndex(c byte) int {
	for i := 0; i < len(ckFRAlphabet); i++ {
		if ckFRAlphabet[i] == c {
			return i
		}
	}
	return -1
}

// ckVATFR: 2-character key + 9-digit SIREN (Luhn-valid unless it starts 000,
// Monaco). Numeric key = (SIREN*100 + 12) mod 97; new-style keys with a
// letter follow the DGFiP alphanumeric rule.
func ckVATFR(n []byte) bool {
	if len(n) != 11 || !ckAllDigits(n[2:]) {
		return false
	}
	k0, k1 := ckFRIndex(n[0]), ckFRIndex(n[1])
	if k0 < 0 || k1 < 0 {
		return false
	}
	if !(n[2] == '0' && n[3] == '0' && n[4] == '0') && ckLuhnSum(n[2:])%10 != 0 {
		return false
	}
	siren := ckValue(n[2:])
	if ckDigit(n[0]) && ckDigit(n[1]) {
		return uint64(k0*10+k1) == (siren*100+12)%97
	}
	var check int
	if ckDigit(n[0]) {
		check = k0*24 + k1 - 10
	} else {
		check = k0*34 + k1 - 100
	}
	return (siren+1+uint64(check/11))%11 == uint64(check%11)
}

// ckVATGB: 9 digits (or 12: + 3-digit branch): weights 8,7,6,5,4,3,2 and the
// last two digits as one number with weight 1 (i.e. 10, 1): sum mod 97
// must be 0, or also 42 (the "9755" series) or 55 for numbers from 100
// upwards; or GD + 3 digits < 500 (government) / HA + 3 digits >= 500
// (health authorities).
func ckVATGB(n []byte) bool {
	switch len(n) {
	case 5:
		if !ckAllDigits(n[2:]) {
			return false
		}
		v := ckValue(n[2:])
		return (n[0] == 'G' && n[1] == 'D' && v < 500) ||
			(n[0] == 'H' && n[1] == 'A' && v >= 500)
	case 9, 12:
		if !ckAllDigits(n) {
			return false
		}
		c := ckWeighted(n[:9], []int{8, 7, 6, 5, 4, 3, 2, 10, 1}) % 97
		if ckValue(n[:3]) >= 100 {
			return c == 0 || c == 42 || c == 55
		}
		return c == 0
	}
	return false
}

// ckIEAlphabet maps mod-23 remainders to Irish check letters.
const ckIEAlphabet = "WABCDEFGHIJKLMNOPQRSTUV"

// ckIEIndex returns the position of c in ckIEAlphabet, or -1.
func ckIEIndex(c byte) int {
	for i := 0; i < len(ckIEAlphabet); i++ {
		if ckIEAlphabet[i] == c {
			return i
		}
	}
	return -1
}

// ckVATIE: new format 7 digits + check letter (+ optional second letter,
// e.g. A or H, weighted 9 by its ckIEAlphabet position); old format digit,
// letter or + or *, 5 digits, check letter computed over "0" + the 5
// digits + the first digit. Weights 8..2, letter = ckIEAlphabet[sum%23].
func ckVATIE(n []byte) bool {
	if (len(n) != 8 && len(n) != 9) || !ckDigit(n[0]) || !ckAllDigits(n[2:7]) {
		return false
	}
	w := []int{8, 7, 6, 5, 4, 3, 2}
	var sum int
	if ckDigit(n[1]) {
		sum = ckWeighted(n[:7], w)
		if len(n) == 9 {
			x := ckIEIndex(n[8])
			if x < 0 {
				return false
			}
			sum += 9 * x
		}
	} else {
		if len(n) != 8 || !(ckUpper(n[1]) || n[1] == '+' || n[1] == '*') {
			return false
		}
		// digits 3-7 take weights 7..3, the first digit weight 2.
		sum = ckWeighted(n[2:7], w[1:]) + 2*int(n[0]-'0')
	}
	return n[7] == ckIEAlphabet[sum%23]
}

// ckVATIT: partita IVA, 11 digits: company number (7 digits, not all 0),
// office code 001-100, 120, 121, 888 or 999, and a Luhn check digit.
func ckVATIT(n []byte) bool {
	if len(n) != 11 || !ckAllDigits(n) || ckValue(n[:7]) == 0 {
		return false
	}
	office := ckValue(n[7:10])
	if !((office >= 1 && office <= 100) || office == 120 || office == 121 ||
		office == 888 || office == 999) {
		return false
	}
	return ckLuhnSum(n)%10 == 0
}

// ckVATLT: 9 digits (8th is 1) or 12 digits (11th is 1); weights 1..9,1,2
// repeating, sum mod 11; if 10, weights 3..9,1,2,... again; 10 then means 0.
func ckVATLT(n []byte) bool {
	if !ckAllDigits(n) {
		return false
	}
	switch len(n) {
	case 9:
		if n[7] != '1' {
			return false
		}
	case 12:
		if n[10] != '1' {
			return false
		}
	default:
		return false
	}
	body := n[:len(n)-1]
	sum := 0
	for i, c := range body {
		sum += (1 + i%9) * int(c-'0')
	}
	c := sum % 11
	if c == 10 {
		sum = 0
		for i, c := range body {
			sum += (1 + (i+2)%9) * int(c-'0')
		}
		c = sum % 11 % 10
	}
	return c == int(n[len(n)-1]-'0')
}

// ckVATLV: 11 digits; legal entities (first digit > 3): weights
// 9,1,4,8,3,10,2,5,7,6,1, sum%11 == 3; natural persons (personal code):
// format only.
func ckVATLV(n []byte) bool {
	if len(n) != 11 || !ckAllDigits(n) {
		return false
	}
	if n[0] <= '3' {
		return true
	}
	return ckWeighted(n, []int{9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1})%11 == 3
}

// ckVATNL: "NL" + 9 digits + "B" + 2 digits (not 00): either the 9 digits
// pass the BSN/RSIN 11-proof, or (btw-identificatienummer, since 2020) the
// whole "NL…B.." string passes ISO 7064 MOD 97-10.
func ckVATNL(s []byte) bool {
	n := s[2:]
	if len(n) != 12 || n[9] != 'B' || !ckAllDigits(n[:9]) || !ckAllDigits(n[10:]) ||
		ckValue(n[10:]) == 0 {
		return false
	}
	return BSNValid(n[:9]) || ckMod97(0, s) == 1
}

// ckVATPT: NIF, 9 digits, first not 0; weights 9..2, check = (11 - sum%11)%11%10.
func ckVATPT(n []byte) bool {
	if len(n) != 9 || !ckAllDigits(n) || n[0] == '0' {
		return false
	}
	sum := ckWeighted(n[:8], []int{9, 8, 7, 6, 5, 4, 3, 2})
	return (11-sum%11)%11%10 == int(n[8]-'0')
}

// ckVATRO: CUI, 2-10 digits, first not 0; the digits before the check take
// weights 7,5,3,2,1,7,5,3,2 aligned right; check = sum*10 % 11 % 10.
func ckVATRO(n []byte) bool {
	if len(n) < 2 || len(n) > 10 || !ckAllDigits(n) || n[0] == '0' {
		return false
	}
	w := [9]int{7, 5, 3, 2, 1, 7, 5, 3, 2}
	body := n[:len(n)-1]
	sum := ckWeighted(body, w[9-len(body):])
	return sum*10%11%10 == int(n[len(n)-1]-'0')
}

// ckVATSI: 8 digits, first not 0; weights 8..2, check = 11 - sum%11, with 10
// meaning 0 and 11 invalid.
func ckVATSI(n []byte) bool {
	if len(n) != 8 || !ckAllDigits(n) || n[0] == '0' {
		return false
	}
	c := 11 - ckWeighted(n[:7], []int{8, 7, 6, 5, 4, 3, 2})%11
	if c == 10 {
		c = 0
	}
	return c == int(n[7]-'0')
}

// ckVATCH: Swiss UID "CHE" + 9 digits, optionally followed by MWST, TVA, IVA
// or TPV; weights 5,4,3,2,7,6,5,4, check = (11 - sum%11)%11, 10 invalid.
func ckVATCH(s []byte) bool {
	if len(s) < 12 || s[2] != 'E' || !ckAllDigits(s[3:12]) {
		return false
	}
	if sfx := s[12:]; len(sfx) > 0 && !ckEqual(sfx, "MWST") && !ckEqual(sfx, "TVA") &&
		!ckEqual(sfx, "IVA") && !ckEqual(sfx, "TPV") {
		return false
	}
	c := (11 - ckWeighted(s[3:11], []int{5, 4, 3, 2, 7, 6, 5, 4})%11) % 11
	return c == int(s[11]-'0')
}
