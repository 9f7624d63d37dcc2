package patterns

// The per-country checks of EU VAT numbers (vatFamily), on the number
// without its country prefix unless said otherwise.

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
