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
