package patterns

import (
	"bytes"
	"fmt"
	"net/netip"
	"strings"
	"unicode/utf8"
)

// Normalizers give the form that is hashed, so that the same value written
// two ways ("DE89 3704…" and "de8937…") gets one hash.

func normCompact(dst, v []byte, env *Env) []byte { return compact(dst, v) }

func normEmail(dst, v []byte, env *Env) []byte {
	for _, c := range v {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

func normIP(dst, v []byte, env *Env) []byte {
	a, err := netip.ParseAddr(string(v))
	if err != nil {
		return append(dst, v...)
	}
	return a.AppendTo(dst)
}

func normMAC(dst, v []byte, env *Env) []byte {
	d := compact(env.Buf[:0], v)
	for i, c := range d {
		if i > 0 && i%2 == 0 {
			dst = append(dst, ':')
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// normBSN pads the eight-digit form to nine digits.
func normBSN(dst, v []byte, env *Env) []byte {
	d := compact(env.Buf[:0], v)
	if len(d) == 8 {
		dst = append(dst, '0')
	}
	return append(dst, d...)
}

func normDate(dst, v []byte, env *Env) []byte {
	y, m, d, ok := parseDate(v, len(env.Regions) > 0 && env.Regions[0] == "US")
	if !ok {
		return append(dst, v...)
	}
	return appendISODate(dst, y, m, d)
}

// appendISODate appends YYYY-MM-DD (fmt would cost more than the rest of
// a date's evaluation).
func appendISODate(dst []byte, y, m, d int) []byte {
	if y < 0 || y > 9999 {
		return fmt.Appendf(dst, "%04d-%02d-%02d", y, m, d)
	}
	return append(dst, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10%10), byte('0'+m%10), '-', byte('0'+d/10%10), byte('0'+d%10))
}

func normURL(dst, v []byte, env *Env) []byte {
	i := bytes.Index(v, []byte("://"))
	if i < 0 {
		return append(dst, v...)
	}
	host := v[i+3:]
	j := bytes.IndexAny(host, "/?#")
	if j < 0 {
		j = len(host)
	}
	dst = normEmail(dst, v[:i+3+j], env) // scheme and host are case-insensitive
	return append(dst, host[j:]...)
}

// Masks give a preview that shows the shape of a value, never enough of it
// to identify anyone.

// maskRunes replaces letters and digits by '*', keeping the first keepFirst
// and last keepLast of them and every separator.
func maskRunes(v []byte, keepFirst, keepLast int) string {
	total := 0
	for _, r := range string(v) {
		if isWordRune(r) {
			total++
		}
	}
	// Never show more than half of a value.
	for keepFirst+keepLast > total/2 && (keepFirst > 0 || keepLast > 0) {
		if keepFirst >= keepLast && keepFirst > 0 {
			keepFirst--
		} else {
			keepLast--
		}
	}
	var b strings.Builder
	b.Grow(len(v))
	n := 0
	for _, r := range string(v) {
		if !isWordRune(r) {
			b.WriteRune(r)
			continue
		}
		if n < keepFirst || n >= total-keepLast {
			b.WriteRune(r)
		} else {
			b.WriteByte('*')
		}
		n++
	}
	return b.String()
}

func isWordRune(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= utf8.RuneSelf
}

func maskKeepLast(n int) func([]byte) string {
	return func(v []byte) string { return maskRunes(v, 0, n) }
}

func maskKeepFirstLast(first, last int) func([]byte) string {
	return func(v []byte) string { return maskRunes(v, first, last) }
}

// maskEmail keeps the first letter of the local part and of the domain and
// the top-level domain: j***@e******.com.
func maskEmail(v []byte) string {
	at := bytes.IndexByte(v, '@')
	dot := bytes.LastIndexByte(v, '.')
	if at < 1 || dot < at {
		return maskRunes(v, 0, 0)
	}
	var b strings.Builder
	b.WriteByte(v[0])
	b.WriteString(strings.Repeat("*", at-1))
	b.WriteByte('@')
	if dot > at+1 {
		b.WriteByte(v[at+1])
		b.WriteString(strings.Repeat("*", dot-at-2))
	}
	b.Write(v[dot:])
	return b.String()
}

// maskCard shows the last four digits only, as receipts do.
func maskCard(v []byte) string { return maskRunes(v, 0, 4) }

// maskIPv4 keeps the first octet: 203.*.*.*.
func maskIPv4(v []byte) string {
	i := bytes.IndexByte(v, '.')
	if i < 0 {
		return maskRunes(v, 0, 0)
	}
	return string(v[:i]) + ".*.*.*"
}

// maskName keeps each word's initial: J*** S****.
func maskName(v []byte) string {
	var b strings.Builder
	start := true
	for _, r := range string(v) {
		switch {
		case r == ' ' || r == '-' || r == '\'':
			b.WriteRune(r)
			start = true
		case start:
			b.WriteRune(r)
			start = false
		default:
			b.WriteByte('*')
		}
	}
	return b.String()
}

// maskURL keeps the scheme, the first letter of each host label and the
// top-level domain, and masks the rest: https://j***.e******.com/*******.
func maskURL(v []byte) string {
	i := bytes.Index(v, []byte("://"))
	if i < 0 {
		return maskRunes(v, 0, 0)
	}
	rest := v[i+3:]
	j := bytes.IndexAny(rest, "/?#:")
	if j < 0 {
		j = len(rest)
	}
	host := rest[:j]
	var b strings.Builder
	b.Write(v[:i+3])
	tld := bytes.LastIndexByte(host, '.')
	for k, label := range bytes.Split(host, []byte(".")) {
		if k > 0 {
			b.WriteByte('.')
		}
		if tld >= 0 && k == bytes.Count(host, []byte(".")) {
			b.Write(label)
			continue
		}
		b.WriteString(maskRunes(label, 1, 0))
	}
	b.WriteString(maskRunes(rest[j:], 0, 0))
	return b.String()
}
