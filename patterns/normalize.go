package patterns

import (
	"strings"
	"unicode/utf8"
)

// Normalizers give the form that is hashed, so that the same value written
// two ways ("DE89 3704…" and "de8937…") gets one hash.

func normCompact(dst, v []byte, env *Env) []byte { return compact(dst, v) }

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
