package rewrite

import (
	"bytes"
)

// unitKind is what a value is, which says how text is escaped in it.
type unitKind uint8

const (
	uBad             unitKind = iota // no edit can go there: unit.reason says why
	uCSVQuoted                       // a quoted CSV field
	uCSVField                        // an unquoted CSV field
	uJSONString                      // a JSON string
	uJSONBare                        // a JSON number or literal
	uSQLString                       // a SQL string literal or quoted name
	uSQLBare                         // a bare SQL value of a tuple (a number, NULL)
	uSQLDollar                       // a PostgreSQL dollar-quoted string
	uSQLLineComment                  // -- or # to the end of the line
	uSQLBlockComment                 // /* ... */
	uCopyField                       // a field of PostgreSQL COPY text data
)

// unit is a value a lexer found: [os,oe) with its quotes, [cs,ce) its
// content.
type unit struct {
	os, oe int64
	cs, ce int64
	kind   unitKind
	q      byte // SQL: the quote; CSV: the delimiter
	bs     bool // SQL: backslash escapes in the string
	nest   bool // SQL: block comments nest (PostgreSQL)
	sole   bool // CSV: the only field of its row
	reason string
}

// span is an edit inside a unit's content, offsets relative to it.
type span struct {
	s, t int
	repl []byte
	e    edit
}

// rebuild returns the new text of the unit whose bytes (quotes included)
// are outer, with the edits made.
func (u *unit) rebuild(outer []byte, edits []edit) ([]byte, error) {
	if u.kind == uBad {
		return nil, editErr(edits[0], "%s", u.reason)
	}
	content := outer[u.cs-u.os : u.ce-u.os]
	sp := make([]span, 0, len(edits))
	for _, e := range edits {
		// A span over the quotes names the value: the quotes stay.
		s, t := max(e.Start, u.cs)-u.cs, min(e.End, u.ce)-u.cs
		if s >= t {
			return nil, editErr(e, "names only the quotes around a value")
		}
		sp = append(sp, span{int(s), int(t), e.Replacement, e})
	}
	sp = u.widen(content, sp)
	b := make([]byte, 0, len(outer)+16)
	b = append(b, outer[:u.cs-u.os]...)
	pos, quote := 0, false
	for _, x := range sp {
		b = append(b, content[pos:x.s]...)
		switch u.kind {
		case uCSVQuoted:
			b = doubleQuote(b, x.repl, '"')
		case uCSVField:
			quote = quote || bytes.ContainsAny(x.repl, "\"\r\n") || bytes.IndexByte(x.repl, u.q) >= 0
			b = append(b, x.repl...)
		case uJSONString:
			b = jsonEscape(b, x.repl)
		case uSQLString:
			b = sqlEscape(b, x.repl, u.q, u.bs)
		case uCopyField:
			b = copyEscape(b, x.repl)
		case uSQLLineComment:
			if bytes.ContainsAny(x.repl, "\r\n") {
				return nil, editErr(x.e, "a line break cannot go into a -- comment")
			}
			b = append(b, x.repl...)
		default:
			b = append(b, x.repl...)
		}
		pos = x.t
	}
	b = append(b, content[pos:]...)
	inner := b[u.cs-u.os:] // the new content
	switch u.kind {
	case uCSVField:
		if quote {
			return append([]byte{'"'}, append(doubleQuote(nil, inner, '"'), '"')...), nil
		}
		if len(inner) == 0 && u.sole {
			return []byte(`""`), nil // an empty line would be no row at all
		}
		return inner, nil
	case uJSONBare:
		// A number or literal cannot hold text: the value becomes a string.
		return append(jsonEscape([]byte{'"'}, inner), '"'), nil
	case uSQLBare:
		return append(sqlEscape([]byte{'\''}, inner, '\'', u.bs), '\''), nil
	case uSQLDollar:
		tag := outer[:u.cs-u.os]
		if bytes.Index(append(bytes.Clone(inner), tag...), tag) != len(inner) {
			return nil, editErr(sp[0].e, "the replacement would close the dollar quote %s early", tag)
		}
	case uSQLBlockComment:
		if !blockComment(b, u.nest) {
			return nil, editErr(sp[0].e, "the replacement would end the /* comment */ early")
		}
	}
	return append(b, outer[u.ce-u.os:]...), nil
}

// widen stretches spans that cut an escape sequence over all of it (half
// of one cannot stay), and joins the spans that then overlap.
func (u *unit) widen(c []byte, sp []span) []span {
	switch u.kind {
	case uCSVQuoted, uJSONString, uSQLString, uCopyField:
	default:
		return sp
	}
	k := 0
	for i := 0; i < len(c) && k < len(sp); {
		n := u.escLen(c, i)
		if n < 2 {
			i++
			continue
		}
		a, b := i, min(i+n, len(c))
		for k < len(sp) && sp[k].t <= a {
			k++
		}
		for m := k; m < len(sp) && sp[m].s < b; m++ {
			if sp[m].s > a {
				sp[m].s = a
			}
			if sp[m].t > a && sp[m].t < b {
				sp[m].t = b
			}
		}
		i = b
	}
	out := sp[:1]
	for _, x := range sp[1:] {
		last := &out[len(out)-1]
		if x.s < last.t {
			last.t = max(last.t, x.t)
			last.repl = append(bytes.Clone(last.repl), x.repl...)
			continue
		}
		out = append(out, x)
	}
	return out
}

// escLen is the length of the escape sequence at c[i], 0 if none starts
// there.
func (u *unit) escLen(c []byte, i int) int {
	switch u.kind {
	case uCSVQuoted:
		if c[i] == '"' {
			return 2
		}
	case uJSONString:
		if c[i] == '\\' {
			if i+1 < len(c) && c[i+1] == 'u' {
				return 6
			}
			return 2
		}
	case uSQLString:
		if c[i] == u.q || u.bs && c[i] == '\\' {
			return 2
		}
	case uCopyField:
		if c[i] != '\\' {
			return 0
		}
		n := 2
		if i+1 < len(c) {
			switch d := c[i+1]; {
			case d >= '0' && d <= '7':
				for n < 4 && i+n < len(c) && c[i+n] >= '0' && c[i+n] <= '7' {
					n++
				}
			case d == 'x':
				for n < 4 && i+n < len(c) && isHex(c[i+n]) {
					n++
				}
			}
		}
		return n
	}
	return 0
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'f'
}

func doubleQuote(dst, s []byte, q byte) []byte {
	for _, c := range s {
		if c == q {
			dst = append(dst, q)
		}
		dst = append(dst, c)
	}
	return dst
}

// jsonEscape appends s as the content of a JSON string. Bytes that are no
// valid UTF-8 are kept as they are.
func jsonEscape(dst, s []byte) []byte {
	const hexDigits = "0123456789abcdef"
	for _, c := range s {
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c >= 0x20:
			dst = append(dst, c)
		case c == '\n':
			dst = append(dst, '\\', 'n')
		case c == '\r':
			dst = append(dst, '\\', 'r')
		case c == '\t':
			dst = append(dst, '\\', 't')
		case c == '\b':
			dst = append(dst, '\\', 'b')
		case c == '\f':
			dst = append(dst, '\\', 'f')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
		}
	}
	return dst
}

// sqlEscape appends s as the content of a SQL string quoted by q: the
// quote doubled (which MySQL and PostgreSQL both read), and with backslash
// escapes (MySQL, E” strings) the backslash doubled and NUL as \0.
func sqlEscape(dst, s []byte, q byte, bs bool) []byte {
	for _, c := range s {
		switch {
		case c == q:
			dst = append(dst, q, q)
		case bs && c == '\\':
			dst = append(dst, '\\', '\\')
		case bs && c == 0:
			dst = append(dst, '\\', '0')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// copyEscape appends s as a field of COPY text data, where a tab ends the
// field and a newline the row.
func copyEscape(dst, s []byte) []byte {
	for _, c := range s {
		switch c {
		case '\\':
			dst = append(dst, '\\', '\\')
		case '\t':
			dst = append(dst, '\\', 't')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// blockComment says whether b (opening "/*" included, closing "*/" not
// yet) is one comment that the "*/" to come closes, no sooner.
func blockComment(b []byte, nest bool) bool {
	depth := 1
	b = append(bytes.Clone(b), '*', '/')
	for i := 2; i < len(b); i++ {
		switch {
		case b[i] == '*' && i+1 < len(b) && b[i+1] == '/':
			depth--
			i++
			if depth == 0 {
				return i == len(b)-1
			}
		case nest && b[i] == '/' && i+1 < len(b) && b[i+1] == '*':
			depth++
			i++
		}
	}
	return false
}
