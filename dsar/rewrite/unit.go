package rewrite

import (
	"bytes"
	"slices"

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
	sp = inJSONDocument(u, content, sp)
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

// inJSONDocument escapes for JSON first the replacements that land in a
// string of a JSON document the value holds (a JSON column of a dump, a
// JSON cell, a JSON string in a log line): the value's own escaping then
// goes around that, so the document still parses. A replacement of a
// whole number or literal there becomes a string.
func inJSONDocument(u *unit, c []byte, sp []span) []span {
	switch u.Quoting {
	case records.Unfit, records.JSONBare, records.SQLBare, records.SQLLineComment, records.SQLBlockComment:
		return sp
	}
	dec, at := u.UnescapeMap(nil, nil, c)
	if !records.IsJSONDocument(dec) {
		return sp
	}
	var doc docValues
	var none []records.Loc
	records.New(records.Dialect{Kind: records.JSON}, "", dec, nil, &doc).Advance(dec, 0, int64(len(dec)), true, &none)
	for i := range sp {
		x := &sp[i]
		// The span in the document: the bytes read from [x.s, x.t).
		ds, _ := slices.BinarySearch(at, int32(x.s))
		dt, _ := slices.BinarySearch(at, int32(x.t))
		for _, v := range doc.vals {
			if int(v.Start) > ds || dt > int(v.End) {
				continue
			}
			switch {
			case v.Quoting == records.JSONString:
				x.repl = jsonEscape(nil, x.repl)
			case v.Quoting == records.JSONBare && ds == int(v.Start) && dt == int(v.End):
				x.repl = append(jsonEscape([]byte{'"'}, x.repl), '"')
			}
			break
		}
	}
	return sp
}

// docValues keeps the values of a JSON document.
type docValues struct{ vals []records.Value }

func (d *docValues) Value(v *records.Value)      { d.vals = append(d.vals, *v) }
func (d *docValues) Record(int64, int64, string) {}
func (d *docValues) Tuple(int64, int64)          {}
func (d *docValues) Statement(int64, int64)      {}

// widen stretches spans that cut an escape sequence over all of it (half
// of one cannot stay), and joins the spans that then overlap. The
// sequences are the ones the format's reader sees (records.Escaping).
func widen(u *unit, c []byte, sp []span) []span {
	_, at := u.UnescapeMap(nil, nil, c)
	for i := range sp {
		x := &sp[i]
		// at holds, for each byte read, where its sequence starts; the
		// sequences' bounds are those starts and the content's end.
		k, _ := slices.BinarySearch(at, int32(x.s+1))
		if k > 0 {
			x.s = int(at[k-1])
		}
		k, _ = slices.BinarySearch(at, int32(x.t))
		x.t = int(at[k])
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
