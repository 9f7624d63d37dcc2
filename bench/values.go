package bench

import (
	"net/netip"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Value generators. Every value is built to be valid: checksums computed,
// real number plans and IIN ranges. The tests hold them against the
// scanner's validators and libphonenumber.

// digits returns n random decimal digits.
func digits(r *rng, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.intn(10))
	}
	return b
}

func zpad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// group writes s in groups of the given sizes separated by sep.
func group(s string, sep string, sizes ...int) string {
	var b strings.Builder
	i := 0
	for k, n := range sizes {
		if i >= len(s) {
			break
		}
		if k > 0 {
			b.WriteString(sep)
		}
		if k == len(sizes)-1 || i+n > len(s) {
			n = len(s) - i
		}
		b.WriteString(s[i : i+n])
		i += n
	}
	return b.String()
}

// ---------------------------------------------------------------------------
// Checksums (our own; the tests compare them with the validators of patterns/).

func luhnSum(d []byte) int {
	sum, double := 0, false
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

// luhnComplete appends the Luhn check digit to d.
func luhnComplete(d []byte) []byte {
	d = append(d, '0')
	if s := luhnSum(d) % 10; s != 0 {
		d[len(d)-1] = byte('0' + 10 - s)
	}
	return d
}

func luhnOK(d []byte) bool { return len(d) > 1 && luhnSum(d)%10 == 0 }

// mod97 is the ISO 7064 MOD 97-10 remainder of s, letters counting 10..35.
func mod97(s string) int {
	r := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			r = (r*100 + int(c-'A') + 10) % 97
		} else {
			r = (r*10 + int(c-'0')) % 97
		}
	}
	return r
}

// mod1110 returns the ISO 7064 MOD 11,10 check digit of d.
func mod1110(d []byte) byte {
	p := 10
	for _, c := range d {
		s := (int(c-'0') + p) % 10
		if s == 0 {
			s = 10
		}
		p = (2 * s) % 11
	}
	c := 11 - p
	if c == 10 {
		c = 0
	}
	return byte('0' + c)
}

func weighted(d []byte, w []int) int {
	s := 0
	for i := range w {
		s += w[i] * int(d[i]-'0')
	}
	return s
}

// nhsCheck is the NHS mod-11 check digit of 9 digits, or -1 if none.
func nhsCheck(d []byte) int {
	c := 11 - weighted(d, []int{10, 9, 8, 7, 6, 5, 4, 3, 2})%11
	if c == 11 {
		c = 0
	}
	if c == 10 {
		return -1
	}
	return c
}

func nhsOK(d []byte) bool {
	if len(d) != 10 {
		return false
	}
	same := true
	for _, c := range d {
		same = same && c == d[0]
	}
	return !same && nhsCheck(d[:9]) == int(d[9]-'0')
}

func bsnOK(d []byte) bool {
	if len(d) != 9 {
		return false
	}
	s := weighted(d, []int{9, 8, 7, 6, 5, 4, 3, 2}) - int(d[8]-'0')
	return s%11 == 0 && string(d) != "000000000"
}

func peselOK(d []byte) bool {
	if len(d) != 11 {
		return false
	}
	c := (10 - weighted(d, []int{1, 3, 7, 9, 1, 3, 7, 9, 1, 3})%10) % 10
	return c == int(d[10]-'0')
}

// deTaxShape reports whether the first 10 digits follow the Steuer-ID
// digit distribution (one digit twice or three times, not three in a row).
func deTaxShape(d []byte) bool {
	if d[0] == '0' {
		return false
	}
	var count [10]int
	for _, c := range d[:10] {
		count[c-'0']++
	}
	rep := -1
	for v, n := range count {
		if n > 3 || (n > 1 && rep >= 0) {
			return false
		}
		if n > 1 {
			rep = v
		}
	}
	if rep < 0 {
		return false
	}
	for i := 0; i+2 < 10; i++ {
		if d[i] == d[i+1] && d[i+1] == d[i+2] {
			return false
		}
	}
	return true
}

func deTaxOK(d []byte) bool {
	return len(d) == 11 && deTaxShape(d) && mod1110(d[:10]) == d[10]
}

func ssnOK(d []byte) bool {
	if len(d) != 9 {
		return false
	}
	a, _ := strconv.Atoi(string(d[:3]))
	g, _ := strconv.Atoi(string(d[3:5]))
	s, _ := strconv.Atoi(string(d[5:]))
	return a != 0 && a != 666 && a < 900 && g != 0 && s != 0
}

// nirOK checks the key of a 15-digit NIR (any sex digit the scanner
// accepts, no Corsican letters).
func nirOK(d []byte) bool {
	if len(d) != 15 || !strings.ContainsRune("123478", rune(d[0])) {
		return false
	}
	n, _ := strconv.ParseUint(string(d[:13]), 10, 64)
	k, _ := strconv.Atoi(string(d[13:]))
	return uint64(97-n%97) == uint64(k)
}

// cardLike reports whether d has a card brand's prefix and length.
func cardLike(d []byte) bool {
	n := len(d)
	if n < 12 || n > 19 {
		return false
	}
	p2, _ := strconv.Atoi(string(d[:2]))
	p4, _ := strconv.Atoi(string(d[:4]))
	switch {
	case d[0] == '4', p2 >= 50 && p2 <= 69, p2 == 34 || p2 == 37, p2 == 36 || p2 == 38 || p2 == 39 || p2 == 30,
		p4 >= 2221 && p4 <= 2720, p4 >= 3528 && p4 <= 3589:
		return true
	}
	return false
}

// numericValid reports whether a digit string passes any checksum of a
// numeric identifier type: adversarial numbers must not.
func numericValid(d []byte) bool {
	return euChecked(string(d)) || euIDs2Check(d, nTypes) || classicNumericValid(d)
}

// classicNumericValid is numericValid for the types before issue 22.
func classicNumericValid(d []byte) bool {
	switch len(d) {
	case 9:
		if bsnOK(d) {
			return true
		}
	case 10:
		if nhsOK(d) {
			return true
		}
	case 11:
		if peselOK(d) || deTaxOK(d) {
			return true
		}
	case 15:
		if nirOK(d) {
			return true
		}
	}
	return cardLike(d) && luhnOK(d)
}

// ---------------------------------------------------------------------------
// People.

type person struct {
	loc     *locale
	female  bool
	first   string
	last    string
	y, m, d int // birth date
	email   string
}

func newPerson(r *rng, loc *locale) *person {
	p := &person{loc: loc, female: r.chance(0.5)}
	if p.female {
		p.first = pick(r, loc.female)
	} else {
		p.first = pick(r, loc.male)
	}
	p.last = pick(r, loc.last)
	switch loc.cc {
	case "ES":
		// Two surnames.
		for {
			second := pick(r, loc.last)
			if second != p.last {
				p.last += " " + second
				break
			}
		}
	case "PL":
		if p.female && strings.HasSuffix(p.last, "ski") {
			p.last = strings.TrimSuffix(p.last, "ski") + "ska"
		}
	}
	p.y, p.m, p.d = birthDate(r)
	p.email = emailFor(r, p)
	return p
}

// randomLocale picks a locale, English and the big EU countries first.
func randomLocale(r *rng) *locale {
	switch x := r.intn(100); {
	case x < 20:
		return locales[0] // GB
	case x < 32:
		return locales[1] // US
	case x < 48:
		return locales[2] // FR
	case x < 64:
		return locales[3] // DE
	case x < 76:
		return locales[4] // ES
	case x < 88:
		return locales[5] // IT
	case x < 96:
		return locales[6] // NL
	}
	return locales[7] // PL
}

func (p *person) full() string { return p.first + " " + p.last }

// surname is the last name as written after a title: Dutch particles
// take a capital when no first name precedes them.
func (p *person) surname() string {
	if p.loc.cc == "NL" {
		r, n := utf8.DecodeRuneInString(p.last)
		return string(unicode.ToUpper(r)) + p.last[n:]
	}
	return p.last
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func birthDate(r *rng) (y, m, d int) {
	y = r.between(1942, 2005)
	m = r.between(1, 12)
	d = r.between(1, daysIn(y, m))
	return
}

// asciiName lower-cases a name and folds it to ASCII letters, digits,
// dots and hyphens, for mail addresses and handles.
func asciiName(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		switch {
		case c >= 'a' && c <= 'z', c == '-':
			b.WriteRune(c)
		case c == ' ':
			// "van den Berg" -> "vandenberg"
		default:
			if f, ok := fold[c]; ok {
				b.WriteString(f)
			}
		}
	}
	return b.String()
}

func emailFor(r *rng, p *person) string {
	f, l := asciiName(p.first), asciiName(p.last)
	if p.loc.cc == "ES" {
		l = asciiName(strings.Fields(p.last)[0])
	}
	var local string
	switch r.intn(8) {
	case 0, 1, 2:
		local = f + "." + l
	case 3:
		local = f[:1] + l
	case 4:
		local = f + "." + l + strconv.Itoa(r.between(1, 99))
	case 5:
		local = f + "_" + l
	case 6:
		local = f + strconv.Itoa(p.y%100)
	default:
		local = l + "." + f[:1]
	}
	domain := pick(r, p.loc.domains)
	if r.chance(0.15) {
		domain = pick(r, corpDomains)
		local = f + "." + l
	}
	return local + "@" + domain
}

// handle is a user name for profile URLs.
func handle(r *rng, p *person) string {
	return asciiName(p.first)[:1] + strings.ReplaceAll(asciiName(p.last), "-", "") + strconv.Itoa(r.between(1, 99))
}

func profileURL(r *rng, p *person) string {
	h := pick(r, profileHosts)
	switch r.intn(4) {
	case 0:
		return "https://" + h + "/users/" + handle(r, p)
	case 1:
		return "https://" + h + "/profile?user=" + handle(r, p)
	case 2:
		return "https://" + h + "/u/" + handle(r, p)
	}
	return "https://" + h + "/account/" + handle(r, p) + "/settings"
}

// ---------------------------------------------------------------------------
// Dates of birth in the ways each language writes them.

var monthNames = map[string][13]string{
	"en": {"", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	"fr": {"", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	"de": {"", "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
	"es": {"", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
	"it": {"", "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"},
	"nl": {"", "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
}

// isoDate is 1985-03-12.
func (p *person) isoDate() string { return zpad(p.y, 4) + "-" + zpad(p.m, 2) + "-" + zpad(p.d, 2) }

// numericDate writes the date day first (month first in the US) with sep.
func (p *person) numericDate(sep string) string {
	if p.loc.cc == "US" {
		return zpad(p.m, 2) + sep + zpad(p.d, 2) + sep + strconv.Itoa(p.y)
	}
	return zpad(p.d, 2) + sep + zpad(p.m, 2) + sep + strconv.Itoa(p.y)
}

// longDate writes the date with the month in words, in lang.
func (p *person) longDate(lang string) string {
	mn := monthNames[lang]
	if mn[1] == "" {
		mn = monthNames["en"]
		lang = "en"
	}
	switch lang {
	case "en":
		if p.loc.cc == "US" {
			return mn[p.m] + " " + strconv.Itoa(p.d) + ", " + strconv.Itoa(p.y)
		}
		return strconv.Itoa(p.d) + " " + mn[p.m] + " " + strconv.Itoa(p.y)
	case "de":
		return strconv.Itoa(p.d) + ". " + mn[p.m] + " " + strconv.Itoa(p.y)
	case "es":
		return strconv.Itoa(p.d) + " de " + mn[p.m] + " de " + strconv.Itoa(p.y)
	}
	return strconv.Itoa(p.d) + " " + mn[p.m] + " " + strconv.Itoa(p.y)
}

// ---------------------------------------------------------------------------
// Phones: national significant numbers from real plans, written national
// or international.

type phonePlan struct {
	prefix string // national significant number prefix
	rest   int    // random digits after it
}

var phonePlans = map[string][]phonePlan{
	"FR": {{"60", 7}, {"61", 7}, {"62", 7}, {"64", 7}, {"65", 7}, {"66", 7}, {"67", 7}, {"68", 7},
		{"73", 7}, {"75", 7}, {"76", 7}, {"77", 7}, {"78", 7}, {"79", 7},
		{"12", 7}, {"14", 7}, {"15", 7}, {"42", 7}, {"47", 7}, {"49", 7}, {"9", 8}},
	"GB": {{"207946", 4}, {"740", 7}, {"771", 7}, {"772", 7}, {"773", 7}, {"777", 7}, {"780", 7}, {"781", 7},
		{"790", 7}, {"795", 7}, {"161", 7}, {"151", 7}},
	"DE": {{"30", 8}, {"30", 7}, {"40", 8}, {"89", 8}, {"221", 7}, {"151", 8}, {"170", 7}, {"176", 8}},
	"ES": {{"6", 8}, {"91", 7}, {"93", 7}},
	"IT": {{"32", 8}, {"33", 8}, {"34", 8}, {"35", 8}, {"36", 8}, {"38", 8}, {"39", 8}, {"068", 7}, {"069", 7}, {"024", 7}, {"028", 7}},
	"NL": {{"61", 7}, {"62", 7}, {"63", 7}, {"64", 7}, {"65", 7}, {"68", 7}, {"20", 7}, {"10", 7}},
	"US": {{"212", 0}, {"415", 0}, {"646", 0}, {"312", 0}, {"617", 0}, {"206", 0}, {"305", 0}, {"512", 0}, {"718", 0}, {"202", 0}},
	"PL": {{"50", 7}, {"51", 7}, {"60", 7}, {"69", 7}, {"72", 7}, {"88", 7}, {"22", 7}},
}

var countryCodes = map[string]string{"FR": "33", "GB": "44", "DE": "49", "ES": "34", "IT": "39", "NL": "31", "US": "1", "PL": "48"}

// phoneNSN returns a national significant number of country cc.
func phoneNSN(r *rng, cc string) string {
	pl := pick(r, phonePlans[cc])
	if cc == "US" {
		// NXX exchange: 2-9, not N11, not 555.
		for {
			x := r.between(200, 999)
			if x%100 != 11 && x != 555 && x != 950 && x != 958 && x != 959 && x != 976 {
				return pl.prefix + strconv.Itoa(x) + string(digits(r, 4))
			}
		}
	}
	return pl.prefix + string(digits(r, pl.rest))
}

// genPhone returns a phone number of country cc written as people do.
func genPhone(r *rng, cc string) string {
	return formatPhone(r, cc, phoneNSN(r, cc), r.chance(0.45))
}

func formatPhone(r *rng, cc, nsn string, intl bool) string {
	plus := "+" + countryCodes[cc] + " "
	switch cc {
	case "FR":
		g := group(nsn[1:], " ", 2, 2, 2, 2)
		if intl {
			if r.chance(0.2) {
				return "+33" + nsn
			}
			return plus + nsn[:1] + " " + g
		}
		switch r.intn(5) {
		case 0:
			return "0" + nsn
		case 1:
			return "0" + nsn[:1] + "." + group(nsn[1:], ".", 2, 2, 2, 2)
		}
		return "0" + nsn[:1] + " " + g
	case "GB":
		var a, b string
		switch {
		case strings.HasPrefix(nsn, "20"):
			a, b = nsn[:2], group(nsn[2:], " ", 4, 4)
		case nsn[0] == '7':
			a, b = nsn[:4], nsn[4:]
		default:
			a, b = nsn[:3], group(nsn[3:], " ", 3, 4)
		}
		if intl {
			return plus + a + " " + b
		}
		return "0" + a + " " + b
	case "DE":
		n := 2
		if nsn[0] == '1' || nsn[0] == '2' {
			n = 3
		}
		if intl {
			if r.chance(0.2) {
				return plus + "(0)" + nsn[:n] + " " + nsn[n:]
			}
			return plus + nsn[:n] + " " + nsn[n:]
		}
		if r.chance(0.25) {
			return "0" + nsn[:n] + "/" + nsn[n:]
		}
		return "0" + nsn[:n] + " " + nsn[n:]
	case "ES":
		var g string
		if nsn[0] == '6' {
			g = group(nsn, " ", 3, 3, 3)
		} else {
			g = group(nsn, " ", 2, 3, 2, 2)
		}
		if intl {
			return plus + g
		}
		return g
	case "IT":
		var g string
		if nsn[0] == '3' {
			g = group(nsn, " ", 3, 3, 4)
		} else {
			g = group(nsn, " ", 2, 4, 4)
		}
		if intl {
			return plus + g
		}
		return g
	case "NL":
		if nsn[0] == '6' {
			if intl {
				return plus + "6 " + nsn[1:]
			}
			if r.chance(0.5) {
				return "06-" + nsn[1:]
			}
			return "06 " + group(nsn[1:], " ", 2, 2, 2, 2)
		}
		if intl {
			return plus + nsn[:2] + " " + group(nsn[2:], " ", 3, 4)
		}
		return "0" + nsn[:2] + " " + group(nsn[2:], " ", 3, 4)
	case "US":
		a, x, l := nsn[:3], nsn[3:6], nsn[6:]
		if intl {
			if r.chance(0.5) {
				return "+1 (" + a + ") " + x + "-" + l
			}
			return "+1 " + a + "-" + x + "-" + l
		}
		if r.chance(0.6) {
			return "(" + a + ") " + x + "-" + l
		}
		return a + "-" + x + "-" + l
	case "PL":
		g := group(nsn, " ", 3, 3, 3)
		if nsn[0] == '2' {
			g = group(nsn, " ", 2, 3, 2, 2)
		}
		if intl || r.chance(0.5) {
			return plus + g
		}
		return g
	}
	return plus + nsn
}

// ---------------------------------------------------------------------------
// Payment cards.

var cardPrefixes = []struct {
	prefix string
	n      int
}{
	{"4532", 16}, {"4556", 16}, {"4916", 16}, {"4024007", 16}, {"4485", 16}, {"4716", 16}, {"4929", 16}, {"4111", 16},
	{"51", 16}, {"52", 16}, {"53", 16}, {"54", 16}, {"55", 16}, {"2221", 16}, {"2223", 16}, {"2306", 16}, {"2720", 16},
	{"34", 15}, {"37", 15},
}

// cardDigits returns a Luhn-valid card number of a real brand. An amex
// number that is also a valid French NIR (sex digit 3) is drawn again: a
// planted value has one type.
func cardDigits(r *rng) []byte {
	for {
		cp := pick(r, cardPrefixes)
		d := luhnComplete(append([]byte(cp.prefix), digits(r, cp.n-len(cp.prefix)-1)...))
		if !nirOK(d) {
			return d
		}
	}
}

// genCard writes a card number compact or grouped.
func genCard(r *rng) string {
	d := string(cardDigits(r))
	return formatCard(r, d)
}

func formatCard(r *rng, d string) string {
	sep := " "
	switch r.intn(4) {
	case 0:
		return d
	case 1:
		sep = "-"
	}
	if len(d) == 15 {
		return group(d, sep, 4, 6, 5)
	}
	return group(d, sep, 4, 4, 4, 4)
}

// ---------------------------------------------------------------------------
// IBANs: BBANs of real bank codes with their national check digits, then
// the ISO 13616 check digits.

var (
	blzDE    = []string{"37040044", "10070000", "50010517", "20041133", "12030000", "70150000", "10010010", "43060967", "76026000", "66050101"}
	bankFR   = []string{"30004", "30003", "20041", "30002", "10107", "11315", "17515", "18206", "10278", "30066"}
	bankGB   = []string{"NWBK", "BARC", "LOYD", "HBUK", "MIDL", "NAIA", "SRLG", "CPBK"}
	bankNL   = []string{"ABNA", "INGB", "RABO", "SNSB", "TRIO", "KNAB", "BUNQ", "ASNB"}
	bankES   = []string{"2100", "0049", "0182", "0081", "2038", "0128", "0075", "2085"}
	bankIT   = []string{"03069", "02008", "05034", "01030", "03062", "05696", "03111", "08327"}
	bankBE   = []string{"001", "068", "091", "310", "539", "734", "363", "063"}
	bankPL   = []string{"10201026", "11402004", "10501445", "12401037", "10901014", "11602202"}
	ibanCCs  = []string{"DE", "FR", "GB", "NL", "ES", "IT", "BE"}
	itOddTab = [26]int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23}
)

// italianCheck is the odd/even-table check letter shared by the codice
// fiscale and the Italian CIN.
func italianCheck(s string) byte {
	sum := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		v := 0
		if c >= '0' && c <= '9' {
			v = int(c - '0')
		} else {
			v = int(c - 'A')
		}
		if i%2 == 0 {
			v = itOddTab[v]
		}
		sum += v
	}
	return byte('A' + sum%26)
}

// esControl is one Spanish CCC control digit over 10 digits.
func esControl(d string) byte {
	w := []int{1, 2, 4, 8, 5, 10, 9, 7, 3, 6}
	s := 0
	for i := 0; i < 10; i++ {
		s += w[i] * int(d[i]-'0')
	}
	c := 11 - s%11
	switch c {
	case 11:
		c = 0
	case 10:
		c = 1
	}
	return byte('0' + c)
}

// ibanCompact returns a valid IBAN of country cc in compact form.
func ibanCompact(r *rng, cc string) string {
	var bban string
	switch cc {
	case "DE":
		bban = pick(r, blzDE) + string(digits(r, 10))
	case "FR":
		bank, branch, acct := pick(r, bankFR), string(digits(r, 5)), string(digits(r, 11))
		b, _ := strconv.Atoi(bank)
		g, _ := strconv.Atoi(branch)
		a, _ := strconv.ParseInt(acct, 10, 64)
		key := 97 - int((89*int64(b)+15*int64(g)+3*a)%97)
		bban = bank + branch + acct + zpad(key, 2)
	case "GB":
		bban = pick(r, bankGB) + string(digits(r, 6)) + string(digits(r, 8))
	case "NL":
		bban = pick(r, bankNL) + string(digits(r, 10))
	case "ES":
		bank, branch, acct := pick(r, bankES), string(digits(r, 4)), string(digits(r, 10))
		bban = bank + branch + string([]byte{esControl("00" + bank + branch), esControl(acct)}) + acct
	case "IT":
		abi, cab, acct := pick(r, bankIT), string(digits(r, 5)), "0000"+string(digits(r, 8))
		bban = string(italianCheck(abi+cab+acct)) + abi + cab + acct
	case "BE":
		first := pick(r, bankBE) + string(digits(r, 7))
		n, _ := strconv.ParseInt(first, 10, 64)
		c := int(n % 97)
		if c == 0 {
			c = 97
		}
		bban = first + zpad(c, 2)
	case "PL":
		bban = pick(r, bankPL) + string(digits(r, 16))
	default:
		panic("bench: no IBAN for " + cc)
	}
	check := 98 - mod97(bban+cc+"00")
	return cc + zpad(check, 2) + bban
}

// ibanCountry is the country of a person's bank account.
func ibanCountry(r *rng, cc string) string {
	switch cc {
	case "US":
		return pick(r, ibanCCs)
	case "FR", "NL":
		if r.chance(0.1) {
			return "BE"
		}
	}
	return cc
}

// formatIBAN writes an IBAN compact or in print groups of four.
func formatIBAN(r *rng, iban string) string {
	if r.chance(0.4) {
		return iban
	}
	var b strings.Builder
	for i := 0; i < len(iban); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(iban[i:min(i+4, len(iban))])
	}
	return b.String()
}

// genIBAN writes an IBAN for a person of country cc. A grouped form whose
// digit groups would join into another valid number (a card, an NHS
// number) is written compact instead, so no unlabelled value hides in it.
func genIBAN(r *rng, cc string) string {
	iban := ibanCompact(r, ibanCountry(r, cc))
	if s := formatIBAN(r, iban); !hiddenValid(s) {
		return s
	}
	return iban
}

// ---------------------------------------------------------------------------
// National identifiers.

func genSSN(r *rng) string {
	for {
		a := r.between(1, 899)
		if a == 666 || a == 78 || a == 219 || a == 123 {
			continue
		}
		return zpad(a, 3) + "-" + zpad(r.between(1, 99), 2) + "-" + zpad(r.between(1, 9999), 4)
	}
}

const (
	ninoFirst  = "ABCEGHJKLMNOPRSTWXYZ"
	ninoSecond = "ABCEGHJKLMNPRSTWXYZ"
)

func genNINO(r *rng) string {
	for {
		p := string([]byte{ninoFirst[r.intn(len(ninoFirst))], ninoSecond[r.intn(len(ninoSecond))]})
		switch p {
		case "BG", "GB", "KN", "NK", "NT", "TN", "ZZ":
			continue
		}
		d := string(digits(r, 6))
		s := string("ABCD"[r.intn(4)])
		if r.chance(0.5) {
			return p + " " + d[:2] + " " + d[2:4] + " " + d[4:] + " " + s
		}
		return p + d + s
	}
}

func genNHS(r *rng) string {
	for {
		d := append([]byte{byte('0' + pick(r, []int{4, 6, 7, 9}))}, digits(r, 8)...)
		c := nhsCheck(d)
		if c < 0 {
			continue
		}
		d = append(d, byte('0'+c))
		if r.chance(0.7) {
			return group(string(d), " ", 3, 3, 4)
		}
		return string(d)
	}
}

// genNIR writes the French social security number of p.
func genNIR(r *rng, p *person) string {
	sex := "1"
	if p.female {
		sex = "2"
	}
	dept := zpad(r.between(1, 95), 2)
	if dept == "20" {
		dept = "75"
	}
	body := sex + zpad(p.y%100, 2) + zpad(p.m, 2) + dept + zpad(r.between(1, 990), 3) + zpad(r.between(1, 999), 3)
	n, _ := strconv.ParseUint(body, 10, 64)
	key := zpad(int(97-n%97), 2)
	if r.chance(0.5) {
		return body[:1] + " " + body[1:3] + " " + body[3:5] + " " + body[5:7] + " " + body[7:10] + " " + body[10:13] + " " + key
	}
	return body + key
}

// genDETaxID writes a Steuer-ID: ten digits in which one digit occurs
// twice (never three in a row), then the MOD 11,10 check digit.
func genDETaxID(r *rng) string {
	for {
		// Nine distinct digits, one of them doubled.
		perm := []byte("0123456789")
		for i := 9; i > 0; i-- {
			j := r.intn(i + 1)
			perm[i], perm[j] = perm[j], perm[i]
		}
		d := append([]byte{}, perm[:9]...)
		d = append(d, d[r.intn(9)])
		for i := 9; i > 0; i-- {
			j := r.intn(i + 1)
			d[i], d[j] = d[j], d[i]
		}
		if !deTaxShape(d) {
			continue
		}
		d = append(d, mod1110(d))
		if !peselOK(d) { // one type per value: not also a PESEL
			return string(d)
		}
	}
}

const dniLetters = "TRWAGMYFPDXBNJZSQVHLCKE"

func genDNI(r *rng) string {
	n := r.between(1000000, 79999999)
	s := zpad(n, 8) + string(dniLetters[n%23])
	if r.chance(0.2) {
		return s[:8] + "-" + s[8:]
	}
	return s
}

func genNIE(r *rng) string {
	lead := r.intn(3)
	n := r.intn(10000000)
	s := string("XYZ"[lead]) + zpad(n, 7) + string(dniLetters[(lead*10000000+n)%23])
	if r.chance(0.2) {
		return s[:1] + "-" + s[1:8] + "-" + s[8:]
	}
	return s
}

// cfLetters returns the consonants then the vowels of a name, upper case.
func cfLetters(s string) (cons, vows string) {
	for _, c := range strings.ToUpper(asciiName(s)) {
		switch {
		case strings.ContainsRune("AEIOU", c):
			vows += string(c)
		case c >= 'A' && c <= 'Z':
			cons += string(c)
		}
	}
	return
}

// genCF writes the codice fiscale of p, born in city c.
func genCF(p *person, c city) string {
	cons, vows := cfLetters(p.last)
	sur := (cons + vows + "XXX")[:3]
	cons, vows = cfLetters(p.first)
	var name string
	if len(cons) >= 4 {
		name = cons[:1] + cons[2:4]
	} else {
		name = (cons + vows + "XXX")[:3]
	}
	day := p.d
	if p.female {
		day += 40
	}
	code := c.code
	if code == "" {
		code = "H501"
	}
	s := sur + name + zpad(p.y%100, 2) + string("ABCDEHLMPRST"[p.m-1]) + zpad(day, 2) + code
	return s + string(italianCheck(s))
}

func genBSN(r *rng) string {
	for {
		d := append([]byte{byte('1' + r.intn(9))}, digits(r, 7)...)
		c := weighted(d, []int{9, 8, 7, 6, 5, 4, 3, 2}) % 11
		if c == 10 {
			continue
		}
		d = append(d, byte('0'+c))
		if r.chance(0.3) {
			s := string(d)
			return s[:4] + "." + s[4:6] + "." + s[6:]
		}
		return string(d)
	}
}

// genPESEL writes the PESEL of p (never one that is also a Steuer-ID).
func genPESEL(r *rng, p *person) string {
	m := p.m
	if p.y >= 2000 {
		m += 20
	}
	for {
		sex := 2 * r.intn(5)
		if !p.female {
			sex++
		}
		d := []byte(zpad(p.y%100, 2) + zpad(m, 2) + zpad(p.d, 2) + zpad(r.intn(1000), 3) + strconv.Itoa(sex))
		c := (10 - weighted(d, []int{1, 3, 7, 9, 1, 3, 7, 9, 1, 3})%10) % 10
		if d = append(d, byte('0'+c)); !deTaxOK(d) {
			return string(d)
		}
	}
}

// genVAT writes a VAT number of country cc with its published check.
func genVAT(r *rng, cc string) string {
	switch cc {
	case "FR":
		siren := luhnComplete(append([]byte{byte('1' + r.intn(9))}, digits(r, 7)...))
		n, _ := strconv.ParseUint(string(siren), 10, 64)
		return "FR" + zpad(int((n*100+12)%97), 2) + string(siren)
	case "GB":
		for {
			d := append([]byte{byte('1' + r.intn(9))}, digits(r, 6)...)
			c := (97 - weighted(d, []int{8, 7, 6, 5, 4, 3, 2})%97) % 97
			s := string(d) + zpad(c, 2)
			if r.chance(0.3) {
				return "GB " + s[:3] + " " + s[3:7] + " " + s[7:]
			}
			return "GB" + s
		}
	case "NL":
		return "NL" + strings.ReplaceAll(genBSN(r), ".", "") + "B0" + strconv.Itoa(r.between(1, 3))
	case "IT":
		d := append([]byte{}, digits(r, 7)...)
		d[0] = byte('1' + r.intn(9))
		d = append(d, zpad(r.between(1, 100), 3)...)
		return "IT" + string(luhnComplete(d))
	case "ES":
		d := digits(r, 7)
		sum := 0
		for i, c := range d {
			v := int(c - '0')
			if i%2 == 0 {
				v *= 2
				if v > 9 {
					v -= 9
				}
			}
			sum += v
		}
		return "ES" + string("ABG"[r.intn(3)]) + string(d) + strconv.Itoa((10-sum%10)%10)
	case "BE":
		first := "0" + strconv.Itoa(r.between(2000000, 9999999))
		n, _ := strconv.Atoi(first)
		return "BE" + first + zpad(97-n%97, 2)
	}
	// DE and the rest: USt-IdNr.
	d := append([]byte{byte('1' + r.intn(9))}, digits(r, 7)...)
	return "DE" + string(append(d, mod1110(d)))
}

// ---------------------------------------------------------------------------
// Addresses.

// street writes the street line of an address in p's country.
func street(r *rng, loc *locale) string {
	num := strconv.Itoa(r.between(1, 180))
	switch loc.cc {
	case "GB":
		if r.chance(0.03) {
			return "221B Baker Street"
		}
		if r.chance(0.1) {
			num += string("AB"[r.intn(2)])
		}
		return num + " " + pick(r, loc.streets) + " " + pick(r, loc.types)
	case "US":
		return strconv.Itoa(r.between(1, 9999)) + " " + pick(r, loc.streets) + " " + pick(r, loc.types)
	case "FR":
		if r.chance(0.08) {
			num += " bis"
		}
		return num + " " + pick(r, loc.streets)
	case "DE", "NL":
		if r.chance(0.1) {
			num += string("ab"[r.intn(2)])
		}
		return pick(r, loc.streets) + " " + num
	case "ES":
		switch r.intn(4) {
		case 0:
			return pick(r, loc.streets) + ", " + num
		case 1:
			return pick(r, loc.streets) + " nº " + num
		}
		return pick(r, loc.streets) + " " + num
	case "IT":
		if r.chance(0.3) {
			return pick(r, loc.streets) + ", " + num
		}
		return pick(r, loc.streets) + " " + num
	}
	return pick(r, loc.streets) + " " + num
}

// ukInward is the "1AA" part of a UK postcode.
const ukInwardLetters = "ABDEFGHJLNPQRSTUWXYZ"

func ukPostcode(r *rng, c city) string {
	return pick(r, c.areas) + " " + strconv.Itoa(r.intn(10)) +
		string(ukInwardLetters[r.intn(len(ukInwardLetters))]) + string(ukInwardLetters[r.intn(len(ukInwardLetters))])
}

// postcode returns a postcode of city c in country cc.
func postcode(r *rng, cc string, c city) string {
	switch cc {
	case "GB":
		return ukPostcode(r, c)
	case "US":
		return c.state + " " + zpad(c.pcBase+r.intn(c.pcSpan), 5)
	case "NL":
		for {
			l := string([]byte{byte('A' + r.intn(26)), byte('A' + r.intn(26))})
			if l == "SS" || l == "SA" || l == "SD" {
				continue
			}
			return strconv.Itoa(c.pcBase+r.intn(c.pcSpan)) + " " + l
		}
	case "PL":
		s := zpad(c.pcBase+r.intn(c.pcSpan), 5)
		return s[:2] + "-" + s[2:]
	}
	return zpad(c.pcBase+r.intn(c.pcSpan), 5)
}

// ---------------------------------------------------------------------------
// Network identifiers.

var publicFirstOctets = []int{2, 5, 24, 31, 37, 46, 50, 62, 64, 66, 67, 68, 69, 71, 72, 73, 75, 76, 77, 78, 79, 80, 81, 82, 83,
	84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 104, 107, 108, 109, 151, 176, 178, 185, 188, 193, 194, 195, 212, 213, 217}

// genIPv4 returns a client address: public mostly, private sometimes.
func genIPv4(r *rng, private bool) string {
	var a, b int
	if private {
		switch r.intn(3) {
		case 0:
			a, b = 10, r.intn(256)
		case 1:
			a, b = 192, 168
		default:
			a, b = 172, r.between(16, 31)
		}
	} else {
		a, b = pick(r, publicFirstOctets), r.intn(256)
	}
	return strconv.Itoa(a) + "." + strconv.Itoa(b) + "." + strconv.Itoa(r.intn(256)) + "." + strconv.Itoa(r.between(1, 254))
}

var v6Prefixes = []uint16{0x2a01, 0x2a02, 0x2001, 0x2600, 0x2a00, 0x2003, 0x2604, 0x2806, 0x2c0f, 0x2405}

// genIPv6 returns a global unicast IPv6 address in canonical form.
func genIPv6(r *rng) string {
	var b [16]byte
	p := pick(r, v6Prefixes)
	b[0], b[1] = byte(p>>8), byte(p)
	for i := 2; i < 16; i++ {
		b[i] = byte(r.intn(256))
	}
	if r.chance(0.4) {
		// A run of zero groups in the middle, written "::".
		for i := 8; i < 12; i++ {
			b[i] = 0
		}
	}
	b[2] |= 0x10 // keep the third group non-zero
	return netip.AddrFrom16(b).String()
}

var macOUIs = []string{"3c:22:fb", "00:1a:2b", "f4:5c:89", "b8:27:eb", "dc:a6:32", "00:50:56", "ac:de:48", "a4:83:e7", "f0:18:98", "28:cf:e9", "00:1b:63", "e4:5f:01"}

func genMAC(r *rng) string {
	s := pick(r, macOUIs)
	for i := 0; i < 3; i++ {
		s += ":" + string(hexDigits[r.intn(16)]) + string(hexDigits[r.intn(16)])
	}
	if r.chance(0.3) {
		return strings.ToUpper(strings.ReplaceAll(s, ":", "-"))
	}
	return s
}
