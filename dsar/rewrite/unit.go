package rewrite

import (
	"bytes"

	"github.com/piid/piid/scanner/records"
)

// unit is a value the locator reported (records.Value): [OuterStart,
// OuterEnd) with its quotes, [Start,End) its content.
type unit = records.Value

// span is an edit inside a unit's content, offsets relative to it.
type span struct {
	s, t int
	repl []byte
	e    edit
}

// rebuild returns the new text of the unit whose bytes (quotes included)
// are outer, with the edits made.
func rebuild(u *unit, outer []byte, edits []edit) ([]byte, error) {
	if u.Quoting == records.Unfit {
		return nil, editErr(edits[0], "%s", u.Reason)
	}
	content := outer[u.Start-u.OuterStart : u.End-u.OuterStart]
	sp := make([]span, 0, len(edits))
	for _, e := range edits {
		// A span over the quotes names the value: the quotes stay.
		s, t := max(e.Start, u.Start)-u.Start, min(e.End, u.End)-u.Start
		if s >= t {
			return nil, editErr(e, "names only the quotes around a value")
		}
		sp = append(sp, span{int(s), int(t), e.Replacement, e})
	}
	sp = widen(u, content, sp)
	b := make([]byte, 0, len(outer)+16)
	b = append(b, outer[:u.Start-u.OuterStart]...)
	pos, quote := 0, false
	for _, x := range sp {
		b = append(b, content[pos:x.s]...)
		switch u.Quoting {
		case records.CSVQuoted:
			b = doubleQuote(b, x.repl, '"')
		case records.CSVBare:
			quote = quote || bytes.ContainsAny(x.repl, "\"\r\n") || bytes.IndexByte(x.repl, u.Quote) >= 0
			b = append(b, x.repl...)
		case records.JSONString:
			b = jsonEscape(b, x.repl)
		case records.SQLString:
			b = sqlEscape(b, x.repl, u.Quote, u.Backslash)
		case records.CopyField:
			b = copyEscape(b, x.repl)
		case records.CSVEscaped:
			b = tabEscape(b, x.repl, u.Quote)
		case records.SQLLineComment:
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
	inner := b[u.Start-u.OuterStart:] // the new content
	switch u.Quoting {
	case records.CSVBare:
		if quote {
			return append([]byte{'"'}, append(doubleQuote(nil, inner, '"'), '"')...), nil
		}
		if len(inner) == 0 && u.Sole {
			return []byte(`""`), nil // an empty line would be no row at all
		}
		return inner, nil
	case records.JSONBare:
		// A number or literal cannot hold text: the value becomes a string.
		return append(jsonEscape([]byte{'"'}, inner), '"'), nil
	case records.SQLBare:
		return append(sqlEscape([]byte{'\''}, inner, '\'', u.Backslash), '\''), nil
	case records.SQLDollar:
		tag := outer[:u.Start-u.OuterStart]
		if bytes.Index(append(bytes.Clone(inner), tag...), tag) != len(inner) {
			return nil, editErr(sp[0].e, "the replacement would close the dollar quote %s early", tag)
		}
	case records.SQLBlockComment:
		if !blockComment(b, u.Nest) {
			return nil, editErr(sp[0].e, "the replacement would end the /* comment */ early")
		}
	}
	return append(b, outer[u.End-u.OuterStart:]...), nil
}

// widen stretches spans that cut an escape sequence over all of it (half
// of one cannot stay), and joins the spans that then overlap.
func widen(u *unit, c []byte, sp []span) []span {
	switch u.Quoting {
	case records.CSVQuoted, records.JSONString, records.SQLString, records.CopyField, records.CSVEscaped:
	default:
		return sp
	}
	k := 0
	for i := 0; i < len(c) && k < len(sp); {
		n := escLen(u, c, i)
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
func escLen(u *unit, c []byte, i int) int {
	switch u.Quoting {
	case records.CSVQuoted:
		if c[i] == '"' {
			return 2
		}
	case records.JSONString:
		if c[i] == '\\' {
			if i+1 < len(c) && c[i+1] == 'u' {
				return 6
			}
			return 2
		}
	case records.SQLString:
		if c[i] == u.Quote || u.Backslash && c[i] == '\\' {
			return 2
		}
	case records.CSVEscaped:
		if c[i] == '\\' {
			return 2
		}
	case records.CopyField:
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
// escapes (MySQL, escape strings (E'...')) the backslash doubled and NUL as \0.
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

// tabEscape appends s as a field of backslash-escaped delimited text
// (mysqldump --tab, SELECT ... INTO OUTFILE): COPY's escapes, which LOAD
// DATA reads too, and NUL as \0 and a delimiter other than the tab
// escaped, as MySQL writes them.
func tabEscape(dst, s []byte, delim byte) []byte {
	for i, c := range s {
		switch {
		case c == 0:
			dst = append(dst, '\\', '0')
		case c == delim && c != '\t':
			dst = append(dst, '\\', c)
		default:
			dst = copyEscape(dst, s[i:i+1])
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
