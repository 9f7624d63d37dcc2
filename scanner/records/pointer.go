package records

import "strings"

// RFC 6901 JSON pointers: the one place they are written (the JSON
// locator's Loc.Pointer), read (SplitPointer, ArrayElement) and followed
// (Lookup). A token escapes '~' as "~0" and '/' as "~1".

// appendToken appends key as a pointer token.
func appendToken(b, key []byte) []byte {
	for _, c := range key {
		switch c {
		case '~':
			b = append(b, '~', '0')
		case '/':
			b = append(b, '~', '1')
		default:
			b = append(b, c)
		}
	}
	return b
}

// SplitPointer returns the reference tokens of pointer p, unescaped: none
// for "" (the whole document). ok is false when p is no pointer: it does
// not start with '/', or a '~' is not followed by 0 or 1.
func SplitPointer(p string) (tokens []string, ok bool) {
	if p == "" {
		return nil, true
	}
	if p[0] != '/' {
		return nil, false
	}
	for _, t := range strings.Split(p[1:], "/") {
		if strings.IndexByte(t, '~') >= 0 {
			var b strings.Builder
			for i := 0; i < len(t); i++ {
				if t[i] != '~' {
					b.WriteByte(t[i])
					continue
				}
				if i+1 == len(t) || t[i+1] != '0' && t[i+1] != '1' {
					return nil, false
				}
				b.WriteByte("~/"[t[i+1]-'0'])
				i++
			}
			t = b.String()
		}
		tokens = append(tokens, t)
	}
	return tokens, true
}

// ArrayElement is the part of pointer p up to its first array index
// ("/customers/1/phone" gives "/customers/1"): the array element the value
// sits in, "" when none. A token of digits only is taken for an index (a
// pointer does not tell an object key "1" from an index).
func ArrayElement(p string) string {
	if p == "" || p[0] != '/' {
		return ""
	}
	for i := 1; i <= len(p); {
		end := strings.IndexByte(p[i:], '/')
		if end < 0 {
			end = len(p)
		} else {
			end += i
		}
		if t := p[i:end]; t != "" && strings.Trim(t, "0123456789") == "" {
			return p[:end]
		}
		i = end + 1
	}
	return ""
}

// Lookup finds the value a JSON record names (Loc.Row and Loc.Pointer of
// a JSON or JSONL file, data its content), reading data with the locator
// the scanner reads it with: v spans the string's content (quotes
// excluded) or the number or literal, and v.Unescape of those bytes is
// what it holds. ok is false when no scalar value is there, or its JSONL
// line does not parse.
func Lookup(k Kind, data []byte, row int64, pointer string) (v Value, ok bool) {
	if k != JSON && k != JSONL {
		return Value{}, false
	}
	f := &finder{row: row, ptr: pointer, start: -1}
	l := newJSON(k, nil, f).(*jsonLoc)
	l.find = f
	l.Advance(data, 0, int64(len(data)), true, new([]Loc))
	if f.n == 0 {
		return Value{}, false
	}
	return f.v, true
}

// finder is Lookup's sink: the locator tells it the row and pointer of
// each value as the value ends (find), and later reports the values that
// hold (Value): the one found counts once reported.
type finder struct {
	row   int64
	ptr   string
	start int64 // the value found, -1 before
	v     Value
	n     int
	buf   []byte
}

func (f *finder) find(l *jsonLoc, start int64) {
	if f.n > 0 || l.rowOf() != f.row {
		return
	}
	f.buf = l.appendPointer(f.buf[:0])
	if string(f.buf) == f.ptr {
		f.start = start
	}
}

func (f *finder) Value(v *Value) {
	if f.n == 0 && v.OuterStart == f.start && f.start >= 0 && v.Quoting != Unfit {
		f.v, f.n = *v, 1
	}
}
func (f *finder) Record(start, end int64, reason string) {}
func (f *finder) Tuple(start, end int64)                 {}
func (f *finder) Statement(start, end int64)             {}
