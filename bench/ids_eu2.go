package bench

import (
	"strconv"
	"strings"
)

// The EU national ids of issue 22's second batch (CZ/SK, RO, BG, HR, SI,
// EE/LT) and passport MRZs: valid generators computed here from the
// published algorithms (the tests hold them against the scanner's
// validators), near misses for the adversarial profile, and how the
// exports and prose profiles plant them.

// euIDs2 are the types of this batch, in the order of their kinds.
var euIDs2 = []typ{tCZSK, tCNP, tEGN, tOIB, tEMSO, tEELT, tMRZ}

// euIDs2Fields are the national column names of each type.
var euIDs2Fields = map[typ][]string{
	tCZSK: {"rodne_cislo", "birth_number"}, tCNP: {"cnp"}, tEGN: {"egn"}, tOIB: {"oib"},
	tEMSO: {"emso"}, tEELT: {"isikukood", "asmens_kodas"}, tMRZ: {"mrz", "passport_mrz"},
}

// cEUIDs2 is the first cell kind of this batch: kind cEUIDs2+i holds a
// value of euIDs2[i].
const cEUIDs2 = 100

// euIDs2Column adds to a CSV export the columns of two of these types,
// under their national names (a corpus holds a few CSV files: each type
// gets its column in some).
func euIDs2Column(r *rng, cols []col) []col {
	i := r.intn(len(euIDs2))
	j := (i + 1 + r.intn(len(euIDs2)-1)) % len(euIDs2)
	for _, k := range []int{i, j} {
		cols = append(cols, col{pick(r, euIDs2Fields[euIDs2[k]]), cEUIDs2 + k})
	}
	return cols
}

// euIDs2Cell is the value of a cell of kind k for person p; ok is false
// for the kinds of other batches.
func euIDs2Cell(r *rng, p *person, k int) (v string, t typ, ok bool) {
	i := k - cEUIDs2
	if i < 0 || i >= len(euIDs2) {
		return "", nTypes, false
	}
	t = euIDs2[i]
	v = euID2(r, t, p)
	if t == tMRZ {
		v = strings.ReplaceAll(v, "\n", "") // a column holds the zone in one string
	}
	return v, t, true
}

// euID2 is a valid value of t for p (born p.y-p.m-p.d).
func euID2(r *rng, t typ, p *person) string {
	switch t {
	case tCZSK:
		return genBirthNumber(r, p)
	case tCNP:
		return genCNP(r, p)
	case tEGN:
		return genEGN(r, p)
	case tOIB:
		return genOIB(r)
	case tEMSO:
		return genEMSO(r, p)
	case tEELT:
		return genEELT(r, p)
	}
	return genMRZ(r, p)
}

// euIDs2Sentences are the prose facts, by type: the value after the
// national word that names it.
var euIDs2Sentences = map[typ][]string{
	tCZSK: {"Moje rodné číslo je {v}.", "Rodné číslo: {v}."},
	tCNP:  {"Codul numeric personal (CNP): {v}.", "CNP {v}, conform actului de identitate."},
	tEGN:  {"Моето ЕГН е {v}.", "EGN: {v}."},
	tOIB:  {"Moj OIB je {v}.", "OIB: {v}."},
	tEMSO: {"Moja EMŠO je {v}.", "EMŠO: {v}."},
	tEELT: {"Minu isikukood on {v}.", "Mano asmens kodas {v}."},
	tMRZ:  {"The scan of my passport reads:\n{v}\nPlease update my file.", "Passport MRZ:\n{v}\n"},
}

// euIDs2Fact writes one sentence holding a value of this batch.
func (m *msg) euIDs2Fact() {
	w, r := m.w, m.w.r
	t := pick(r, euIDs2)
	before, after, _ := strings.Cut(pick(r, euIDs2Sentences[t]), "{v}")
	w.s(before)
	w.plant(t, euID2(r, t, m.p))
	w.s(after)
}

// euIDs2Decoy writes a near miss of this batch next to its word: a value
// whose check digit is wrong, valid as no type at all.
func euIDs2Decoy(w *fw) {
	r := w.r
	t := pick(r, euIDs2)
	p := newPerson(r, randomLocale(r))
	for {
		v := []byte(euID2(r, t, p))
		if t == tCZSK && p.y < 1954 || strings.HasPrefix(string(v), "00") {
			// Nine digits have no check digit to get wrong; 00 dials
			// abroad (born in 2000): such a number is the phone's near
			// miss.
			p.y, p.m, p.d = birthDate(r)
			continue
		}
		i := len(v) - 1 // the check digit
		if t == tMRZ {
			i = strings.IndexByte(string(v), '\n') + 9 // the number's
		}
		v[i] = '0' + (v[i]-'0'+byte(1+r.intn(9)))%10
		if !euIDs2AnyValid(v) {
			// On a line of its own: a "call us" of the sentence before
			// would make a phone of any digit run that dials somewhere,
			// which is the phone's near miss, not this one's.
			w.nl()
			before, after, _ := strings.Cut(euIDs2Sentences[t][1], "{v}")
			w.s(before)
			w.s(string(v))
			w.s(strings.TrimRight(after, "\n"))
			w.s(" failed validation.")
			return
		}
	}
}

// euIDs2AnyValid reports whether v, compacted, passes the check of any
// numeric type: a near miss must pass none.
func euIDs2AnyValid(v []byte) bool {
	return numericValid([]byte(strings.NewReplacer("/", "", "\n", "").Replace(string(v))))
}

// euIDs2Check reports whether the digits d pass the check of a numeric
// type of this batch other than except.
func euIDs2Check(d []byte, except typ) bool {
	for _, c := range []struct {
		t  typ
		ok func([]byte) bool
	}{{tCZSK, birthNumberOK}, {tCNP, cnpOK}, {tEGN, egnOK}, {tOIB, oibOK}, {tEMSO, emsoOK}, {tEELT, eeltOK}} {
		if c.t != except && c.ok(d) {
			return true
		}
	}
	return false
}

// otherValid reports whether d, a valid value of t, passes the check of
// another numeric type: one type per planted value.
func otherValid(d []byte, t typ) bool { return classicNumericValid(d) || euIDs2Check(d, t) }

// --- CZ/SK birth number: YYMMDD/SSSC, month +50 for women, the number
// divisible by 11 (9 digits before 1954, no check digit).

func genBirthNumber(r *rng, p *person) string {
	m := p.m
	if p.female {
		m += 50
	}
	if p.y >= 2004 && r.chance(0.1) {
		m += 20
	}
	head := zpad(p.y%100, 2) + zpad(m, 2) + zpad(p.d, 2)
	for {
		s := zpad(r.between(1, 999), 3)
		d := []byte(head + s)
		if p.y < 1954 {
			if otherValid(d, tCZSK) {
				continue // one type per value
			}
			if r.chance(0.5) {
				return head + "/" + s
			}
			return string(d)
		}
		n, _ := strconv.ParseUint(string(d), 10, 64)
		c := n % 11
		if c == 10 {
			continue // the 1954-1985 exception exists, but is not generated
		}
		d = append(d, byte('0'+c))
		if otherValid(d, tCZSK) {
			continue // one type per value
		}
		if r.chance(0.7) {
			return head + "/" + string(d[6:])
		}
		return string(d)
	}
}

func birthNumberOK(d []byte) bool {
	if len(d) != 9 && len(d) != 10 {
		return false
	}
	y, _ := strconv.Atoi(string(d[:2]))
	m, _ := strconv.Atoi(string(d[2:4]))
	day, _ := strconv.Atoi(string(d[4:6]))
	if len(d) == 9 {
		y += 1900
		if y >= 1954 {
			return false
		}
	} else if y += 1900; y < 1954 {
		y += 100
	}
	switch {
	case m > 70 && y >= 2004:
		m -= 70
	case m > 50:
		m -= 50
	case m > 20 && y >= 2004:
		m -= 20
	}
	if m < 1 || m > 12 || day < 1 || day > daysIn(y, m) {
		return false
	}
	if len(d) == 9 {
		return true
	}
	n, _ := strconv.ParseUint(string(d), 10, 64)
	if n9 := n / 10; n9%11 == 10 {
		return d[9] == '0' && y <= 1985 // written 0 until 1985
	}
	return n%11 == 0
}

// --- RO CNP: S YYMMDD JJ NNN C, weights 279146358279.

var cnpWeights = []int{2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9}

func genCNP(r *rng, p *person) string {
	s := 1
	if p.y >= 2000 {
		s = 5
	}
	if p.female {
		s++
	}
	county := r.between(1, 46)
	if r.chance(0.05) {
		county = 51 + r.intn(2)
	}
	for {
		d := []byte(strconv.Itoa(s) + zpad(p.y%100, 2) + zpad(p.m, 2) + zpad(p.d, 2) + zpad(county, 2) + zpad(r.between(1, 999), 3))
		c := weighted(d, cnpWeights) % 11
		if c == 10 {
			c = 1
		}
		d = append(d, byte('0'+c))
		if !otherValid(d, tCNP) {
			return string(d)
		}
	}
}

func cnpOK(d []byte) bool {
	if len(d) != 13 || d[0] == '0' {
		return false
	}
	c := weighted(d, cnpWeights) % 11
	if c == 10 {
		c = 1
	}
	return c == int(d[12]-'0')
}

// --- BG EGN: YYMMDD (month +40 in the 2000s), three digits, weights
// 2,4,8,5,10,9,7,3,6 mod 11.

var egnWeights = []int{2, 4, 8, 5, 10, 9, 7, 3, 6}

func genEGN(r *rng, p *person) string {
	m := p.m
	if p.y >= 2000 {
		m += 40
	}
	for {
		n := r.intn(500) * 2 // the ninth digit: even for men
		if p.female {
			n++
		}
		d := []byte(zpad(p.y%100, 2) + zpad(m, 2) + zpad(p.d, 2) + zpad(n, 3))
		c := weighted(d, egnWeights) % 11
		if c == 10 {
			c = 0
		}
		d = append(d, byte('0'+c))
		if !otherValid(d, tEGN) {
			return string(d)
		}
	}
}

func egnOK(d []byte) bool {
	if len(d) != 10 {
		return false
	}
	c := weighted(d, egnWeights) % 11
	if c == 10 {
		c = 0
	}
	m, _ := strconv.Atoi(string(d[2:4]))
	return c == int(d[9]-'0') && (m >= 1 && m <= 12 || m >= 21 && m <= 32 || m >= 41 && m <= 52)
}

// --- HR OIB: ten digits and the ISO 7064 MOD 11,10 check digit.

func genOIB(r *rng) string {
	for {
		d := append([]byte{byte('1' + r.intn(9))}, digits(r, 9)...)
		d = append(d, mod1110(d))
		if !otherValid(d, tOIB) {
			return string(d)
		}
	}
}

func oibOK(d []byte) bool { return len(d) == 11 && mod1110(d[:10]) == d[10] }

// --- SI EMŠO: DDMMYYY RR BBB K, weights 7..2 twice, mod 11.

var emsoWeights = []int{7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2}

func genEMSO(r *rng, p *person) string {
	for {
		b := r.intn(500)
		if p.female {
			b += 500
		}
		d := []byte(zpad(p.d, 2) + zpad(p.m, 2) + zpad(p.y%1000, 3) + "50" + zpad(b, 3))
		m := weighted(d, emsoWeights) % 11
		if m == 1 {
			continue // no check digit (10) for this serial
		}
		d = append(d, byte('0'+(11-m)%11))
		if !otherValid(d, tEMSO) {
			return string(d)
		}
	}
}

func emsoOK(d []byte) bool {
	if len(d) != 13 {
		return false
	}
	return (11-weighted(d, emsoWeights)%11)%11%10 == int(d[12]-'0')
}

// --- EE/LT personal code: G YYMMDD SSS C, two-stage mod 11.

func genEELT(r *rng, p *person) string {
	g := 3
	if p.y >= 2000 {
		g = 5
	}
	if p.female {
		g++
	}
	for {
		d := []byte(strconv.Itoa(g) + zpad(p.y%100, 2) + zpad(p.m, 2) + zpad(p.d, 2) + zpad(r.intn(1000), 3))
		d = append(d, eeltCheck(d))
		if !otherValid(d, tEELT) {
			return string(d)
		}
	}
}

func eeltCheck(d []byte) byte {
	c := weighted(d, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 1}) % 11
	if c == 10 {
		if c = weighted(d, []int{3, 4, 5, 6, 7, 8, 9, 1, 2, 3}) % 11; c == 10 {
			c = 0
		}
	}
	return byte('0' + c)
}

func eeltOK(d []byte) bool {
	return len(d) == 11 && d[0] >= '1' && d[0] <= '8' && eeltCheck(d[:10]) == d[10]
}

// --- Passport MRZ (ICAO 9303 TD3): two lines of 44, 7-3-1 check digits.

// mrzStates are the issuing states of the locales.
var mrzStates = map[string]string{"GB": "GBR", "US": "USA", "FR": "FRA", "DE": "D<<", "ES": "ESP", "IT": "ITA", "NL": "NLD", "PL": "POL"}

func genMRZ(r *rng, p *person) string {
	state, ok := mrzStates[p.loc.cc]
	if !ok {
		state = "UTO"
	}
	names := mrzName(p.last) + "<<" + mrzName(p.first)
	l1 := "P<" + state + names
	if len(l1) > 44 {
		l1 = l1[:44]
	}
	l1 += strings.Repeat("<", 44-len(l1))
	num := make([]byte, 9)
	for i := range num {
		if i < 2 && r.chance(0.5) {
			num[i] = byte('A' + r.intn(26))
		} else {
			num[i] = byte('0' + r.intn(10))
		}
	}
	birth := zpad(p.y%100, 2) + zpad(p.m, 2) + zpad(p.d, 2)
	expiry := zpad(r.between(25, 34), 2) + zpad(r.between(1, 12), 2) + zpad(r.between(1, 28), 2)
	sex := "M"
	if p.female {
		sex = "F"
	}
	l2 := string(num) + mrzCheckDigit(string(num)) + state + birth + mrzCheckDigit(birth) + sex + expiry + mrzCheckDigit(expiry) + strings.Repeat("<", 14) + "<"
	l2 += mrzCheckDigit(l2[0:10] + l2[13:20] + l2[21:43])
	return l1 + "\n" + l2
}

// mrzName is a name in the zone's alphabet: upper-case ASCII letters, '<'
// between words.
func mrzName(s string) string {
	var b strings.Builder
	for _, c := range strings.ToUpper(asciiName(s)) {
		switch {
		case c >= 'A' && c <= 'Z':
			b.WriteRune(c)
		case c == ' ' || c == '-' || c == '.':
			b.WriteByte('<')
		}
	}
	s = b.String()
	for strings.Contains(s, "<<") {
		s = strings.ReplaceAll(s, "<<", "<")
	}
	return strings.Trim(s, "<")
}

func mrzCheckDigit(s string) string {
	w := [3]int{7, 3, 1}
	sum := 0
	for i := 0; i < len(s); i++ {
		v := 0
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case c >= 'A' && c <= 'Z':
			v = int(c-'A') + 10
		}
		sum += v * w[i%3]
	}
	return strconv.Itoa(sum % 10)
}
