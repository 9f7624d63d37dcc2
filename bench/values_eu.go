package bench

import "strconv"

// National ids of BE, AT, PT, SE, DK, FI, NO and IE: generators with the
// published check digits (our own code; the tests compare it with
// patterns/), their near misses, and where each is planted.

// euID is one of these types: its national field name, the words an
// English text names it by, a generator and a near miss.
type euID struct {
	t     typ
	field string
	label string
	gen   func(r *rng) string
	bad   func(r *rng) string
}

var euIDs = []euID{
	{tBENN, "rijksregisternummer", "national register number", genBENN, badBENN},
	{tATSV, "svnr", "social insurance number", genATSV, badATSV},
	{tPTNIF, "nif", "NIF", genPTNIF, badPTNIF},
	{tSEPNR, "personnummer", "personnummer", genSEPNR, badSEPNR},
	{tDKCPR, "cpr", "CPR number", genDKCPR, badDKCPR},
	{tFIHETU, "hetu", "henkilötunnus", genFIHETU, badFIHETU},
	{tNOFNR, "fodselsnummer", "fødselsnummer", genNOFNR, badNOFNR},
	{tIEPPSN, "ppsn", "PPS number", genIEPPSN, badIEPPSN},
}

// yymmdd and ddmmyy write a birth date as these ids encode it.
func yymmdd(y, m, d int) string { return zpad(y%100, 2) + zpad(m, 2) + zpad(d, 2) }
func ddmmyy(y, m, d int) string { return zpad(d, 2) + zpad(m, 2) + zpad(y%100, 2) }

// euClash reports whether the digits of an id are also a valid older
// numeric id (one type per value).
func euClash(s string) bool {
	if !allDigits(s) {
		return false
	}
	d := []byte(s)
	return bsnOK(d) || nhsOK(d) || peselOK(d) || deTaxOK(d) || nirOK(d) || (cardLike(d) && luhnOK(d)) || euIDs2Check(d, nTypes)
}

// genBENN writes a Belgian national register number (a BIS number one
// time in ten), dotted or bare.
func genBENN(r *rng) string {
	for {
		y, m, d := birthDate(r)
		if r.chance(0.1) {
			m += pick(r, []int{20, 40})
		}
		body := yymmdd(y, m, d) + zpad(r.between(1, 997), 3)
		n, _ := strconv.Atoi(body)
		if y >= 2000 {
			n += 2000000000
		}
		s := body + zpad(97-n%97, 2)
		if euClash(s) {
			continue
		}
		if r.chance(0.5) {
			return s[:2] + "." + s[2:4] + "." + s[4:6] + "-" + s[6:9] + "." + s[9:]
		}
		return s
	}
}

func beOK(s string) bool {
	if len(s) != 11 || !allDigits(s) {
		return false
	}
	n, _ := strconv.Atoi(s[:9])
	cc, _ := strconv.Atoi(s[9:])
	y, _ := strconv.Atoi(s[:2])
	switch {
	case 97-n%97 == cc:
		y += 1900
	case 97-(2000000000+n)%97 == cc:
		y += 2000
	default:
		return false
	}
	m, _ := strconv.Atoi(s[2:4])
	d, _ := strconv.Atoi(s[4:6])
	m %= 20
	return realDate(y, m, d) || (m == 0 && d == 0) || (m > 0 && m <= 12 && d == 0)
}

// genATSV writes an Austrian social insurance number, grouped or bare.
func genATSV(r *rng) string {
	for {
		y, m, d := birthDate(r)
		serial := zpad(r.between(100, 999), 3)
		c := weighted([]byte(serial+"0"+ddmmyy(y, m, d)), []int{3, 7, 9, 0, 5, 8, 4, 2, 1, 6}) % 11
		if c == 10 {
			continue
		}
		s := serial + strconv.Itoa(c) + ddmmyy(y, m, d)
		if euClash(s) {
			continue
		}
		if r.chance(0.5) {
			return s[:4] + " " + s[4:]
		}
		return s
	}
}

func atOK(s string) bool {
	if len(s) != 10 || !allDigits(s) || s[0] == '0' {
		return false
	}
	if weighted([]byte(s), []int{3, 7, 9, 0, 5, 8, 4, 2, 1, 6})%11 != int(s[3]-'0') {
		return false
	}
	d, _ := strconv.Atoi(s[4:6])
	m, _ := strconv.Atoi(s[6:8])
	y, _ := strconv.Atoi(s[8:])
	return realDate(1900+y, m, d) || realDate(2000+y, m, d)
}

// ptCheck is the NIF's mod 11 check digit of 8 digits.
func ptCheck(d string) int {
	c := 11 - weighted([]byte(d), []int{9, 8, 7, 6, 5, 4, 3, 2})%11
	if c >= 10 {
		c = 0
	}
	return c
}

// genPTNIF writes a Portuguese NIF of a person, bare or in threes.
func genPTNIF(r *rng) string {
	for {
		d := pick(r, []string{"1", "2", "2", "3", "45"})
		d += string(digits(r, 8-len(d)))
		s := d + strconv.Itoa(ptCheck(d))
		if euClash(s) {
			continue
		}
		if r.chance(0.2) {
			return s[:3] + " " + s[3:6] + " " + s[6:]
		}
		return s
	}
}

func ptOK(s string) bool {
	if len(s) != 9 || !allDigits(s) || !(s[0] >= '1' && s[0] <= '3' || s[:2] == "45") {
		return false
	}
	return ptCheck(s[:8]) == int(s[8]-'0')
}

// genSEPNR writes a Swedish personnummer (a samordningsnummer one time in
// twenty) in its written forms.
func genSEPNR(r *rng) string {
	for {
		y, m, d := birthDate(r)
		if r.chance(0.05) {
			d += 60
		}
		s := string(luhnComplete([]byte(yymmdd(y, m, d) + string(digits(r, 3)))))
		cent := strconv.Itoa(y / 100)
		switch x := r.intn(20); {
		case x < 10:
			return s[:6] + "-" + s[6:]
		case x < 14:
			if !euClash(cent + s) {
				return cent + s
			}
		case x < 17:
			return cent + s[:6] + "-" + s[6:]
		default:
			if !euClash(s) {
				return s
			}
		}
	}
}

func seOK(s string) bool {
	if len(s) == 12 && allDigits(s) {
		y, _ := strconv.Atoi(s[:4])
		m, _ := strconv.Atoi(s[4:6])
		d, _ := strconv.Atoi(s[6:8])
		return luhnOK([]byte(s[2:])) && realDate(y, m, d%60)
	}
	if len(s) != 10 || !allDigits(s) || !luhnOK([]byte(s)) {
		return false
	}
	y, _ := strconv.Atoi(s[:2])
	m, _ := strconv.Atoi(s[2:4])
	d, _ := strconv.Atoi(s[4:6])
	if d > 60 {
		d -= 60
	}
	return realDate(1900+y, m, d) || realDate(2000+y, m, d)
}

// genDKCPR writes a Danish CPR number whose serial tells its century.
func genDKCPR(r *rng) string {
	for {
		y, m, d := birthDate(r)
		first := r.intn(4) // 1900s
		if y >= 2000 {
			first = r.between(4, 9)
		}
		s := ddmmyy(y, m, d) + strconv.Itoa(first) + string(digits(r, 3))
		if r.chance(0.6) {
			return s[:6] + "-" + s[6:]
		}
		if !euClash(s) {
			return s
		}
	}
}

func dkOK(s string) bool {
	if len(s) != 10 || !allDigits(s) {
		return false
	}
	d, _ := strconv.Atoi(s[:2])
	m, _ := strconv.Atoi(s[2:4])
	yy, _ := strconv.Atoi(s[4:6])
	y := 1900 + yy
	switch s[6] {
	case '4', '9':
		if yy <= 36 {
			y = 2000 + yy
		}
	case '5', '6', '7', '8':
		if yy <= 57 {
			y = 2000 + yy
		} else {
			y = 1800 + yy
		}
	}
	return realDate(y, m, d)
}

const hetuChars = "0123456789ABCDEFHJKLMNPRSTUVWXY"

// genFIHETU writes a Finnish henkilötunnus, with the signs of 2023 one
// time in five.
func genFIHETU(r *rng) string {
	y, m, d := birthDate(r)
	sign := "-"
	if y >= 2000 {
		sign = "A"
	}
	if r.chance(0.2) {
		sign = pick(r, []string{"Y", "X", "W", "V", "U"})
		if y >= 2000 {
			sign = pick(r, []string{"B", "C", "D", "E", "F"})
		}
	}
	z := zpad(r.between(2, 899), 3)
	n, _ := strconv.Atoi(ddmmyy(y, m, d) + z)
	return ddmmyy(y, m, d) + sign + z + string(hetuChars[n%31])
}

func fiOK(s string) bool {
	if len(s) != 11 || !allDigits(s[:6]) || !allDigits(s[7:10]) {
		return false
	}
	y, _ := strconv.Atoi(s[4:6])
	switch s[6] {
	case '+':
		y += 1800
	case '-', 'Y', 'X', 'W', 'V', 'U':
		y += 1900
	case 'A', 'B', 'C', 'D', 'E', 'F':
		y += 2000
	default:
		return false
	}
	n, _ := strconv.Atoi(s[:6] + s[7:10])
	m, _ := strconv.Atoi(s[2:4])
	d, _ := strconv.Atoi(s[:2])
	return s[7:10] >= "002" && hetuChars[n%31] == s[10] && realDate(y, m, d)
}

// noChecks appends the two mod 11 check digits to 9 digits, or "".
func noChecks(d string) string {
	for _, w := range [][]int{{3, 7, 6, 1, 8, 9, 4, 5, 2}, {5, 4, 3, 2, 7, 6, 5, 4, 3, 2}} {
		k := 11 - weighted([]byte(d), w)%11
		if k == 10 {
			return ""
		}
		d += strconv.Itoa(k % 11)
	}
	return d
}

// genNOFNR writes a Norwegian fødselsnummer (a D-number one time in ten),
// bare or with a space after the date.
func genNOFNR(r *rng) string {
	for {
		y, m, d := birthDate(r)
		if r.chance(0.1) {
			d += 40
		}
		ind := r.intn(500)
		if y >= 2000 {
			ind = r.between(500, 999)
		}
		s := noChecks(ddmmyy(y, m, d) + zpad(ind, 3))
		if s == "" || euClash(s) {
			continue
		}
		if r.chance(0.3) {
			return s[:6] + " " + s[6:]
		}
		return s
	}
}

func noOK(s string) bool {
	if len(s) != 11 || !allDigits(s) || noChecks(s[:9]) != s {
		return false
	}
	d, _ := strconv.Atoi(s[:2])
	m, _ := strconv.Atoi(s[2:4])
	yy, _ := strconv.Atoi(s[4:6])
	ind, _ := strconv.Atoi(s[6:9])
	if d > 40 {
		d -= 40
	}
	y := 0
	switch {
	case ind < 500:
		y = 1900 + yy
	case ind < 750 && yy >= 55:
		y = 1800 + yy
	case yy < 40:
		y = 2000 + yy
	case ind >= 900:
		y = 1900 + yy
	}
	return realDate(y, m, d)
}

const ppsLetters = "WABCDEFGHIJKLMNOPQRSTUV"

// ieCheck is the PPSN check letter of 7 digits and a second letter.
func ieCheck(d string, second byte) byte {
	s := weighted([]byte(d), []int{8, 7, 6, 5, 4, 3, 2})
	if second >= 'A' && second <= 'I' {
		s += 9 * int(second-'A'+1)
	}
	return ppsLetters[s%23]
}

// genIEPPSN writes an Irish PPS number: new (second letter A or B), old
// (W) or with no second letter.
func genIEPPSN(r *rng) string {
	d := string(digits(r, 7))
	d = string(rune('1'+r.intn(9))) + d[1:]
	second := pick(r, []string{"", "", "A", "A", "B", "W"})
	var b byte
	if second != "" {
		b = second[0]
	}
	return d + string(ieCheck(d, b)) + second
}

func ieOK(s string) bool {
	if (len(s) != 8 && len(s) != 9) || !allDigits(s[:7]) {
		return false
	}
	var b byte
	if len(s) == 9 {
		if b = s[8]; b != 'W' && (b < 'A' || b > 'I') {
			return false
		}
	}
	return ieCheck(s[:7], b) == s[7]
}

// euValid reports whether the compact s is a valid id of any of these
// types: their near misses must not be.
func euValid(s string) bool {
	return beOK(s) || atOK(s) || ptOK(s) || seOK(s) || dkOK(s) || fiOK(s) || noOK(s) || ieOK(s)
}

// euChecked reports whether the digits of s pass a check of these types:
// adversarial numbers must not (see numericValid). A CPR has no check to
// fail, only a date, so it is left out: its near misses are dates.
func euChecked(s string) bool {
	return allDigits(s) && (beOK(s) || atOK(s) || ptOK(s) || seOK(s) || noOK(s))
}

// nearMiss corrupts a generated id until no type accepts it: bump makes
// the one change (a check digit, a day).
func nearMiss(r *rng, gen func(*rng) string, bump func(r *rng, s []byte)) string {
	for {
		s := []byte(gen(r))
		bump(r, s)
		c := compactKeepSign(string(s))
		if !euValid(c) && !euValid(compactDigits(string(s))) && !euClash(compactDigits(string(s))) {
			return string(s)
		}
	}
}

// bumpLast changes the last character (a check digit or letter).
func bumpLast(r *rng, s []byte) {
	i := len(s) - 1
	if s[i] >= '0' && s[i] <= '9' {
		s[i] = '0' + (s[i]-'0'+byte(1+r.intn(9)))%10
	} else {
		s[i] = 'A' + (s[i]-'A'+byte(1+r.intn(20)))%23
	}
}

func badBENN(r *rng) string { return nearMiss(r, genBENN, bumpLast) }
func badATSV(r *rng) string {
	return nearMiss(r, genATSV, func(r *rng, s []byte) { s[3] = '0' + (s[3]-'0'+1)%10 })
}

// badPTNIF is bare: nine digits in threes are a phone's shape too, which
// the phone check decides by itself.
func badPTNIF(r *rng) string { return compactDigits(nearMiss(r, genPTNIF, bumpLast)) }
func badSEPNR(r *rng) string { return nearMiss(r, genSEPNR, bumpLast) }
func badNOFNR(r *rng) string { return nearMiss(r, genNOFNR, bumpLast) }
func badIEPPSN(r *rng) string {
	return nearMiss(r, genIEPPSN, func(r *rng, s []byte) { s[7] = ppsLetters[(stringIndex(ppsLetters, s[7])+1+r.intn(21))%23] })
}
func badFIHETU(r *rng) string { return nearMiss(r, genFIHETU, bumpLast) }

// badDKCPR has no check digit to get wrong: its date is impossible.
func badDKCPR(r *rng) string {
	return nearMiss(r, genDKCPR, func(r *rng, s []byte) { s[0], s[1] = '3', '2'+byte(r.intn(8)) })
}

func stringIndex(s string, c byte) int {
	for i := range s {
		if s[i] == c {
			return i
		}
	}
	return 0
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}

func realDate(y, m, d int) bool { return y > 0 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m) }

// compactDigits keeps the letters and digits of s; compactKeepSign keeps
// a HETU's sign too.
func compactDigits(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' {
			b = append(b, c)
		}
	}
	return string(b)
}

func compactKeepSign(s string) string {
	if len(s) == 11 && (s[6] == '-' || s[6] == '+') {
		return s
	}
	return compactDigits(s)
}
