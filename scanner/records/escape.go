package records

import (
	"bytes"
	"unicode/utf8"
)

// Escaped says whether raw, a value's content, holds an escape sequence:
// whether it reads as something else than its bytes.
func (e Escaping) Escaped(raw []byte) bool {
	switch e.Quoting {
	case CSVQuoted:
		return bytes.IndexByte(raw, '"') >= 0
	case JSONString, CSVEscaped, CopyField:
		return bytes.IndexByte(raw, '\\') >= 0
	case SQLString:
		return bytes.IndexByte(raw, e.Quote) >= 0 || e.Backslash && bytes.IndexByte(raw, '\\') >= 0
	}
	return false
}

// Unescape appends to dst the text raw, a value's content, stands for: the
// value as the database or the application holds it. A sequence that is
// no valid escape is kept as it is.
func (e Escaping) Unescape(dst, raw []byte) []byte {
	if !e.Escaped(raw) {
		return append(dst, raw...)
	}
	for i := 0; i < len(raw); {
		dst, i = e.step(dst, raw, i)
	}
	return dst
}

// UnescapeMap is Unescape that also says where each byte it appends comes
// from: it appends to at, for each byte appended to dst, the offset in raw
// of the byte or escape sequence that gave it, then len(raw). An escape
// sequence spans raw[at[i]:at[j]] for the bytes i..j-1 it gave.
func (e Escaping) UnescapeMap(dst []byte, at []int32, raw []byte) ([]byte, []int32) {
	for i := 0; i < len(raw); {
		n := len(dst)
		var next int
		dst, next = e.step(dst, raw, i)
		for range len(dst) - n {
			at = append(at, int32(i))
		}
		i = next
	}
	return dst, append(at, int32(len(raw)))
}

// step appends what the byte or escape sequence at raw[i] reads as, and
// returns where the next one starts.
func (e Escaping) step(dst, raw []byte, i int) ([]byte, int) {
	c := raw[i]
	switch e.Quoting {
	case CSVQuoted:
		if c == '"' && i+1 < len(raw) && raw[i+1] == '"' {
			return append(dst, '"'), i + 2
		}
	case SQLString:
		if c == e.Quote && i+1 < len(raw) && raw[i+1] == e.Quote {
			return append(dst, c), i + 2
		}
		if e.Backslash && c == '\\' {
			if e.MySQL {
				return unbackslashMySQL(dst, raw, i)
			}
			return unbackslash(dst, raw, i)
		}
	case CSVEscaped:
		if c == '\\' {
			return unbackslashMySQL(dst, raw, i)
		}
	case CopyField:
		if c == '\\' {
			return unbackslash(dst, raw, i)
		}
	case JSONString:
		if c == '\\' {
			return unescapeJSON(dst, raw, i)
		}
	}
	return append(dst, c), i + 1
}

// unbackslash reads the backslash escape at raw[i] as PostgreSQL's
// escape strings (E'...') and COPY text write them: \b \f \n \r \t \v,
// octal \ooo and hex \xhh, and a backslash before any other byte stands
// for that byte.
func unbackslash(dst, raw []byte, i int) ([]byte, int) {
	if i+1 == len(raw) {
		return append(dst, '\\'), i + 1
	}
	d := raw[i+1]
	if c := controlEscape[d]; c != 0 {
		return append(dst, c), i + 2
	}
	switch d {
	case 'v':
		return append(dst, '\v'), i + 2
	case 'x':
		v, n := 0, 0
		for n < 2 && i+2+n < len(raw) && unhex(raw[i+2+n]) >= 0 {
			v = v<<4 | unhex(raw[i+2+n])
			n++
		}
		if n == 0 {
			return append(dst, 'x'), i + 2
		}
		return append(dst, byte(v)), i + 2 + n
	}
	if d >= '0' && d <= '7' {
		v, n := 0, 0
		for n < 3 && i+1+n < len(raw) && raw[i+1+n] >= '0' && raw[i+1+n] <= '7' {
			v = v<<3 | int(raw[i+1+n]-'0')
			n++
		}
		return append(dst, byte(v)), i + 1 + n
	}
	return append(dst, d), i + 2
}

// unbackslashMySQL reads the backslash escape at raw[i] as MySQL writes
// them (strings, and --tab files): \0 is NUL whatever follows, there is
// no octal or hex, and \% and \_ stay whole (they are LIKE's).
func unbackslashMySQL(dst, raw []byte, i int) ([]byte, int) {
	if i+1 == len(raw) {
		return append(dst, '\\'), i + 1
	}
	c := mysqlUnescape[raw[i+1]]
	if c == '%' || c == '_' {
		dst = append(dst, '\\')
	}
	return append(dst, c), i + 2
}

// mysqlUnescape is the byte a MySQL backslash escape stands for.
var mysqlUnescape = func() (t [256]byte) {
	for c := range t {
		t[c] = byte(c)
	}
	t['0'], t['b'], t['n'], t['r'], t['t'], t['Z'] = 0, '\b', '\n', '\r', '\t', 0x1a
	return t
}()

// controlEscape is what \b \f \n \r \t stand for, in JSON and in
// PostgreSQL's escape strings and COPY text alike.
var controlEscape = [256]byte{'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// unescapeJSON reads the JSON escape at raw[i] (RFC 8259), a surrogate
// pair included; a lone surrogate reads as U+FFFD, and a \u without four
// hex digits as itself.
func unescapeJSON(dst, raw []byte, i int) ([]byte, int) {
	if i+1 == len(raw) {
		return append(dst, '\\'), i + 1
	}
	d := raw[i+1]
	if c := controlEscape[d]; c != 0 {
		return append(dst, c), i + 2
	}
	switch d {
	case 'u':
		r, ok := hex4(raw, i+2)
		if !ok {
			return append(dst, '\\', 'u'), i + 2
		}
		next := i + 6
		switch {
		case utf16High(r):
			if lo, ok := hex4(raw, next+2); ok && raw[next] == '\\' && raw[next+1] == 'u' && utf16Low(lo) {
				r, next = 0x10000+(r-0xD800)<<10+(lo-0xDC00), next+6
			} else {
				r = utf8.RuneError
			}
		case utf16Low(r):
			r = utf8.RuneError
		}
		return utf8.AppendRune(dst, r), next
	default:
		return append(dst, d), i + 2 // \" \\ \/ and, leniently, any other
	}
}

// hex4 reads four hex digits at b[i].
func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		v := unhex(c)
		if v < 0 {
			return 0, false
		}
		r = r<<4 | rune(v)
	}
	return r, true
}

func utf16High(r rune) bool { return r >= 0xD800 && r < 0xDC00 }
func utf16Low(r rune) bool  { return r >= 0xDC00 && r < 0xE000 }
