package patterns

import (
	"bytes"
	"net/netip"
	"time"
)

// whole is the span of all of v.
func whole(v []byte) Span { return Span{0, len(v)} }

// compact appends the letters and digits of v to dst, upper-casing ASCII
// letters: the form checksums are computed on.
func compact(dst, v []byte) []byte {
	for _, c := range v {
		switch {
		case c >= '0' && c <= '9', c >= 'A' && c <= 'Z':
			dst = append(dst, c)
		case c >= 'a' && c <= 'z':
			dst = append(dst, c-'a'+'A')
		}
	}
	return dst
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlnum(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

// separators reports whether the non-alphanumeric bytes of v are all the
// same byte (or there are none): "4111 1111-1111 1111" is not a card.
func separatorsConsistent(v []byte) bool {
	var sep byte
	for _, c := range v {
		if isAlnum(c) {
			continue
		}
		if sep == 0 {
			sep = c
		} else if c != sep {
			return false
		}
	}
	return true
}

// glued reports whether the candidate continues a longer dotted or dashed
// number on either side (an OID, a version, a part number): "1.2.3.4" in
// "1.2.3.4.5", or "4111-1111-1111-1111-22".
func glued(env *Env) bool {
	b, a := env.Before, env.After
	if len(b) >= 2 && (b[len(b)-1] == '.' || b[len(b)-1] == '-' || b[len(b)-1] == '/') && isAlnum(b[len(b)-2]) {
		return true
	}
	if len(a) >= 2 && (a[0] == '.' || a[0] == '-' || a[0] == '/') && isDigit(a[1]) {
		return true
	}
	return false
}

func checkEmail(v []byte, env *Env) (Span, float64, bool) {
	at := bytes.IndexByte(v, '@')
	if at <= 0 || at > 64 || len(v) > 254 {
		return Span{}, 0, false
	}
	local := v[:at]
	if local[len(local)-1] == '.' || bytes.Contains(local, []byte("..")) || machineLocal(local) {
		return Span{}, 0, false
	}
	dot := bytes.LastIndexByte(v, '.')
	tld := v[dot+1:]
	// Asset names like logo@2x.png have the shape of an address.
	var buf [24]byte
	switch string(lowerWord(buf[:0], tld)) {
	case "png", "jpg", "jpeg", "gif", "svg", "webp", "css", "js", "ico", "bmp", "tiff", "pdf", "map":
		return Span{}, 0, false
	}
	return whole(v), 0.9, true
}

// machineLocal reports a local part that no person reads: a UUID or a long
// hex token, as in Message-IDs (<8f1c…@mail.example.com>).
func machineLocal(local []byte) bool {
	if len(local) < 16 {
		return false
	}
	hex, dashes := 0, 0
	for _, c := range local {
		switch {
		case isDigit(c), c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
			hex++
		case c == '-':
			dashes++
		default:
			return false
		}
	}
	return hex+dashes == len(local) && (dashes >= 3 || len(local) >= 24)
}

func checkCard(v []byte, env *Env) (Span, float64, bool) {
	if !separatorsConsistent(v) || glued(env) {
		return Span{}, 0, false
	}
	d := compact(env.Buf[:0], v)
	if len(d) < 13 || len(d) > 19 || !allDigits(d) || CardBrand(d) == "" || !LuhnValid(d) {
		return Span{}, 0, false
	}
	return whole(v), 0.8, true
}

func allDigits(d []byte) bool {
	for _, c := range d {
		if !isDigit(c) {
			return false
		}
	}
	return len(d) > 0
}

// checkIBAN validates the country's length and mod-97, trimming a word the
// regex may have taken after the IBAN.
func checkIBAN(v []byte, env *Env) (Span, float64, bool) {
	d := compact(env.Buf[:0], v)
	if len(d) < 15 {
		return Span{}, 0, false
	}
	// The regex may have taken a following word: cut to the country's length.
	n := IBANLength(d[:2])
	if n == 0 || len(d) < n {
		return Span{}, 0, false
	}
	if !IBANValid(d[:n]) {
		return Span{}, 0, false
	}
	return Span{0, prefixEnd(v, n)}, 0.9, true
}

// prefixEnd is the offset in v just past its n-th letter or digit.
func prefixEnd(v []byte, n int) int {
	for i, c := range v {
		if isAlnum(c) {
			n--
			if n == 0 {
				return i + 1
			}
		}
	}
	return len(v)
}

func checkIPv4(v []byte, env *Env) (Span, float64, bool) {
	if glued(env) {
		return Span{}, 0, false
	}
	if b := env.Before; len(b) > 0 && (b[len(b)-1] == 'v' || b[len(b)-1] == 'V') {
		return Span{}, 0, false
	}
	a, err := netip.ParseAddr(string(v))
	if err != nil || a.IsLoopback() || a.IsUnspecified() || a.IsMulticast() || a == netip.AddrFrom4([4]byte{255, 255, 255, 255}) {
		return Span{}, 0, false
	}
	if a.IsPrivate() || a.IsLinkLocalUnicast() {
		return whole(v), 0.6, true
	}
	return whole(v), 0.75, true
}

func checkIPv6(v []byte, env *Env) (Span, float64, bool) {
	if bytes.Count(v, []byte(":")) < 2 {
		return Span{}, 0, false
	}
	// "std::vector", "Foo::Bar": an identifier glued before or after.
	if b := env.Before; len(b) > 0 && (isAlnum(b[len(b)-1]) || b[len(b)-1] == '_') {
		return Span{}, 0, false
	}
	if a := env.After; len(a) > 0 && (isAlnum(a[0]) || a[0] == '_' || a[0] == ':') {
		return Span{}, 0, false
	}
	a, err := netip.ParseAddr(string(v))
	if err != nil || !a.Is6() || a.IsLoopback() || a.IsUnspecified() || a.IsMulticast() {
		return Span{}, 0, false
	}
	// Short forms like "a::b" or "12::30" are more often code or times.
	hex := 0
	for _, c := range v {
		if c != ':' {
			hex++
		}
	}
	if hex < 6 {
		return Span{}, 0, false
	}
	if a.IsPrivate() || a.IsLinkLocalUnicast() {
		return whole(v), 0.6, true
	}
	return whole(v), 0.75, true
}

func checkMAC(v []byte, env *Env) (Span, float64, bool) {
	d := compact(env.Buf[:0], v)
	if len(d) != 12 {
		return Span{}, 0, false
	}
	allSame := true
	for _, c := range d[1:] {
		if c != d[0] {
			allSame = false
		}
	}
	if allSame {
		return Span{}, 0, false
	}
	// Multicast addresses (first octet odd) name groups, not devices.
	if hexVal(d[1])&1 == 1 {
		return Span{}, 0, false
	}
	return whole(v), 0.7, true
}

func hexVal(c byte) byte {
	switch {
	case isDigit(c):
		return c - '0'
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10
	}
	return 0
}

func checkSSN(v []byte, env *Env) (Span, float64, bool) {
	if glued(env) {
		return Span{}, 0, false
	}
	d := compact(env.Buf[:0], v)
	if !SSNValid(d) {
		return Span{}, 0, false
	}
	if bytes.IndexByte(v, ' ') >= 0 {
		return whole(v), 0.45, true
	}
	return whole(v), 0.7, true
}

func checkNINO(v []byte, env *Env) (Span, float64, bool) {
	d := compact(env.Buf[:0], v)
	if !NINOValid(d) {
		return Span{}, 0, false
	}
	return whole(v), 0.8, true
}

func checkNHS(v []byte, env *Env) (Span, float64, bool) {
	if !separatorsConsistent(v) || glued(env) {
		return Span{}, 0, false
	}
	d := compact(env.Buf[:0], v)
	if !NHSValid(d) {
		return Span{}, 0, false
	}
	// 1 in 11 random ten-digit numbers passes mod-11: the NHS's own 3-3-4
	// grouping makes it likelier, and context decides the rest.
	if len(v) == 12 && (v[3] == ' ' || v[3] == '-') && v[7] == v[3] {
		return whole(v), 0.45, true
	}
	return whole(v), 0.35, true
}

func checkPostcode(v []byte, env *Env) (Span, float64, bool) {
	d := compact(env.Buf[:0], v)
	if len(d) < 5 || len(d) > 7 {
		return Span{}, 0, false
	}
	// Area letters: Q, V, X never first; I, J, Z never second.
	switch d[0] {
	case 'Q', 'V', 'X':
		return Span{}, 0, false
	}
	if len(d) > 1 && !isDigit(d[1]) {
		switch d[1] {
		case 'I', 'J', 'Z':
			return Span{}, 0, false
		}
	}
	if bytes.IndexByte(v, ' ') < 0 {
		return whole(v), 0.45, true
	}
	return whole(v), 0.6, true
}

// parseDate reads the dates the date detector finds: D/M/Y (or M/D/Y when
// mdy), Y-M-D, and written months.
func parseDate(v []byte, mdy bool) (y, m, d int, ok bool) {
	var nums [3]int
	var lens [3]int
	n := 0
	month := 0
	for i := 0; i < len(v); {
		c := v[i]
		switch {
		case isDigit(c):
			if n == 3 {
				return 0, 0, 0, false
			}
			j := i
			for j < len(v) && isDigit(v[j]) {
				nums[n] = nums[n]*10 + int(v[j]-'0')
				j++
			}
			lens[n] = j - i
			n++
			i = j
		case c >= 0x80 || (c|0x20 >= 'a' && c|0x20 <= 'z'):
			j := i
			for j < len(v) && (v[j] >= 0x80 || (v[j]|0x20 >= 'a' && v[j]|0x20 <= 'z')) {
				j++
			}
			if mo := monthNumber(v[i:j]); mo > 0 {
				month = mo
			}
			i = j
		default:
			i++
		}
	}
	switch {
	case month > 0 && n == 2:
		// "12 March 1985" or "March 12, 1985".
		if lens[0] == 4 {
			return nums[0], month, nums[1], true
		}
		return nums[1], month, nums[0], true
	case n == 3 && lens[0] == 4:
		return nums[0], nums[1], nums[2], true
	case n == 3 && mdy:
		return nums[2], nums[0], nums[1], true
	case n == 3:
		if nums[1] > 12 && nums[0] <= 12 { // clearly month-first
			return nums[2], nums[0], nums[1], true
		}
		return nums[2], nums[1], nums[0], true
	}
	return 0, 0, 0, false
}

func checkDate(v []byte, env *Env) (Span, float64, bool) {
	if glued(env) {
		return Span{}, 0, false
	}
	y, m, d, ok := parseDate(v, len(env.Regions) > 0 && env.Regions[0] == "US")
	if !ok || !ValidDate(y, m, d) || y < 1900 || y > time.Now().Year() {
		return Span{}, 0, false
	}
	// A date alone is not a birth date: context must say so.
	return whole(v), 0.25, true
}

func checkVAT(v []byte, env *Env) (Span, float64, bool) {
	d := compact(env.Buf[:0], v)
	if !EUVATValid(d) {
		return Span{}, 0, false
	}
	return whole(v), 0.8, true
}

func checkNIR(v []byte, env *Env) (Span, float64, bool) {
	if glued(env) {
		return Span{}, 0, false
	}
	d := compact(env.Buf[:0], v)
	if !NIRValid(d) {
		return Span{}, 0, false
	}
	return whole(v), 0.85, true
}

func checkDETax(v []byte, env *Env) (Span, float64, bool) {
	if !separatorsConsistent(v) || glued(env) {
		return Span{}, 0, false
	}
	d := compact(env.Buf[:0], v)
	if !DETaxIDValid(d) {
		return Span{}, 0, false
	}
	return whole(v), 0.4, true
}

func checkDNI(v []byte, env *Env) (Span, float64, bool) {
	d := compact(env.Buf[:0], v)
	if !DNIValid(d) {
		return Span{}, 0, false
	}
	return whole(v), 0.75, true
}

func checkNIE(v []byte, env *Env) (Span, float64, bool) {
	d := compact(env.Buf[:0], v)
	if !NIEValid(d) {
		return Span{}, 0, false
	}
	return whole(v), 0.8, true
}

func checkCF(v []byte, env *Env) (Span, float64, bool) {
	d := compact(env.Buf[:0], v)
	if !ItalianFiscalCodeValid(d) {
		return Span{}, 0, false
	}
	return whole(v), 0.9, true
}

func checkBSN(v []byte, env *Env) (Span, float64, bool) {
	if glued(env) {
		return Span{}, 0, false
	}
	d := compact(env.Buf[:0], v)
	if len(d) != 9 || !BSNValid(d) {
		return Span{}, 0, false
	}
	if bytes.IndexByte(v, '.') >= 0 {
		return whole(v), 0.6, true
	}
	return whole(v), 0.35, true
}

func checkPESEL(v []byte, env *Env) (Span, float64, bool) {
	d := compact(env.Buf[:0], v)
	if len(d) != 11 || !PESELValid(d) {
		return Span{}, 0, false
	}
	return whole(v), 0.4, true
}

func checkURL(v []byte, env *Env) (Span, float64, bool) {
	// Trailing punctuation belongs to the sentence, not the URL.
	end := len(v)
	for end > 0 {
		switch v[end-1] {
		case '.', ',', ';', ':', '!', '?', ')', ']', '}':
			end--
			continue
		}
		break
	}
	v = v[:end]
	host := v[bytes.Index(v, []byte("://"))+3:]
	if i := bytes.IndexAny(host, "/?#:"); i >= 0 {
		host = host[:i]
	}
	if bytes.IndexByte(host, '.') < 0 {
		return Span{}, 0, false
	}
	// A URL is personal data when it carries who: a user path or a
	// personal query parameter. Others are reported below the default
	// threshold, for those who ask for everything.
	rest := v[bytes.Index(v, []byte("://"))+3+len(host):]
	for _, k := range urlPersonalMarks {
		if containsFold(rest, k) {
			return Span{0, end}, 0.65, true
		}
	}
	return Span{0, end}, 0.3, true
}

var urlPersonalMarks = []string{"user=", "userid=", "uid=", "email=", "mail=", "name=", "phone=", "customer=", "account=",
	"/user/", "/users/", "/profile", "/u/", "/people/", "/member", "/customer", "/account/", "@"}

// containsFold reports whether s contains the lower-case ASCII word k,
// ignoring ASCII case, without allocating.
func containsFold(s []byte, k string) bool {
	for i := 0; i+len(k) <= len(s); i++ {
		j := 0
		for j < len(k) && s[i+j]|0x20 == k[j]|0x20 {
			j++
		}
		if j == len(k) {
			return true
		}
	}
	return false
}
