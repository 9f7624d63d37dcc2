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
	switch e.Quoting {
	case CSVQuoted:
		return undouble(dst, raw, '"')
	case SQLString:
		if !e.Backslash {
			return undouble(dst, raw, e.Quote)
		}
		if e.MySQL {
			return unbackslashMySQL(dst, raw, e.Quote)
		}
		return unbackslash(dst, raw, e.Quote)
	case CSVEscaped, CopyField:
		return unbackslash(dst, raw, 0)
	case JSONString:
		return unescapeJSON(dst, raw)
	}
	return append(dst, raw...)
}

// undouble reads a doubled quote as one.
func undouble(dst, raw []byte, q byte) []byte {
	for i := 0; i < len(raw); i++ {
		dst = append(dst, raw[i])
		if raw[i] == q && i+1 < len(raw) && raw[i+1] == q {
			i++
		}
	}
	return dst
}

// unbackslash reads the backslash escapes of MySQL strings and --tab
// files, PostgreSQL E” strings and COPY text: \0 \b \f \n \r \t \v \Z,
// octal \ooo and hex \xhh (PostgreSQL), and a backslash before any other
// byte stands for that byte. With q, a doubled q is one q too.
func unbackslash(dst, raw []byte, q byte) []byte {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if q != 0 && c == q && i+1 < len(raw) && raw[i+1] == q {
			dst = append(dst, q)
			i++
			continue
		}
		if c != '\\' || i+1 == len(raw) {
			dst = append(dst, c)
			continue
		}
		i++
		switch d := raw[i]; d {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'v':
			dst = append(dst, '\v')
		case 'Z':
			dst = append(dst, 0x1a)
		case 'x':
			v, n := 0, 0
			for n < 2 && i+1+n < len(raw) && isHexDigit(raw[i+1+n]) {
				v = v<<4 | unhex(raw[i+1+n])
				n++
			}
			if n == 0 {
				dst = append(dst, 'x')
				continue
			}
			dst = append(dst, byte(v))
			i += n
		default:
			if d >= '0' && d <= '7' {
				v, n := 0, 0
				for n < 3 && i+n < len(raw) && raw[i+n] >= '0' && raw[i+n] <= '7' {
					v = v<<3 | int(raw[i+n]-'0')
					n++
				}
				dst = append(dst, byte(v))
				i += n - 1
				continue
			}
			dst = append(dst, d)
		}
	}
	return dst
}

// unbackslashMySQL reads the escapes of a MySQL string as mysqldump
// writes them: \0 \b \n \r \t \Z, a doubled q, and a backslash before
// any other byte stands for that byte, but \% and \_ keep theirs. There
// is no octal or hex: "\012" is NUL, '1', '2'.
func unbackslashMySQL(dst, raw []byte, q byte) []byte {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == q && i+1 < len(raw) && raw[i+1] == q:
			i++
		case c == '\\' && i+1 < len(raw):
			i++
			if c = mysqlUnescape[raw[i]]; c == '%' || c == '_' {
				dst = append(dst, '\\')
			}
		}
		dst = append(dst, c)
	}
	return dst
}

// mysqlUnescape is the byte a MySQL backslash escape stands for.
var mysqlUnescape = func() (t [256]byte) {
	for c := range t {
		t[c] = byte(c)
	}
	t['0'], t['b'], t['n'], t['r'], t['t'], t['Z'] = 0, '\b', '\n', '\r', '\t', 0x1a
	return t
}()

func isHexDigit(c byte) bool { return unhex(c) >= 0 }

// unescapeJSON reads the escapes of a JSON string (RFC 8259), surrogate
// pairs included; a lone surrogate reads as U+FFFD.
func unescapeJSON(dst, raw []byte) []byte {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' || i+1 == len(raw) {
			dst = append(dst, c)
			continue
		}
		i++
		switch d := raw[i]; d {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, ok := hex4(raw, i+1)
			if !ok {
				dst = append(dst, '\\', 'u')
				continue
			}
			i += 4
			if utf16High(r) {
				if lo, ok := hex4(raw, i+3); ok && i+2 < len(raw) && raw[i+1] == '\\' && raw[i+2] == 'u' && utf16Low(lo) {
					r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
					i += 6
				} else {
					r = utf8.RuneError
				}
			} else if utf16Low(r) {
				r = utf8.RuneError
			}
			dst = utf8.AppendRune(dst, r)
		default:
			dst = append(dst, d) // \" \\ \/ and, leniently, any other
		}
	}
	return dst
}

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
