package patterns

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range bytes.Fields([]byte(s)) {
		m[string(w)] = true
	}
	return m
}

// lowerWord lower-cases an ASCII or UTF-8 word into buf.
func lowerWord(buf, w []byte) []byte {
	buf = buf[:0]
	for i := 0; i < len(w); {
		c := w[i]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf = append(buf, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(w[i:])
		buf = utf8.AppendRune(buf, unicode.ToLower(r))
		i += n
	}
	return buf
}

// normText is the hashed form of free text (names, addresses): lower case,
// single spaces.
func normText(dst, v []byte, env *Env) []byte {
	var buf [64]byte
	first := true
	for _, w := range bytes.Fields(v) {
		if !first {
			dst = append(dst, ' ')
		}
		first = false
		dst = append(dst, lowerWord(buf[:0], bytes.Trim(w, ",."))...)
	}
	return dst
}
