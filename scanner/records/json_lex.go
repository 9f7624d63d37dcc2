package records

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// The JSON tokenizer: a resumable lexer that can stop and resume at any
// byte (RFC 8259 syntax, with JSONL's line rule), driven by the locator's
// run. Its whole state is the lexer struct; what the tokens mean (the
// path, rows, lines, spans) is the locator's.

const (
	maxKeyLen = 1 << 10 // bytes of a key kept; the rest is dropped
	maxDepth  = 256     // open containers before the file counts as damaged
)

// Lexer states.
const (
	stTop      uint8 = iota // between top-level values
	stValue                 // a value is due (after ':' or an array's ',')
	stArrFirst              // after '[': a value or ']'
	stObjFirst              // after '{': a key or '}'
	stKey                   // after an object's ',': a key
	stInKey                 // inside a key
	stColon                 // after a key: ':'
	stInStr                 // inside a string value
	stInNum                 // inside a number
	stInLit                 // inside true, false or null
	stAfter                 // after a value in a container: ',' or its end
	stAfterTop              // JSONL: after a line's value, up to the newline
	stSkip                  // JSONL: in a line that does not parse, up to its newline
	stDead                  // after a syntax error
)

// Number states (RFC 8259 grammar).
const (
	nMinus uint8 = iota // after '-'
	nZero               // a leading 0
	nInt                // integer digits
	nDot                // after '.'
	nFrac               // fraction digits
	nE                  // after 'e' or 'E'
	nESign              // after the exponent's sign
	nExp                // exponent digits
)

var literals = [3]string{"true", "false", "null"}

// Byte classes: a string's special bytes and the whitespace of each kind.
// In JSONL a newline ends the line, so it may stand neither in a string
// nor between the tokens of a value.
var (
	stopJSON, stopJSONL [256]bool
	wsJSON, wsJSONL     [256]bool
)

func init() {
	stopJSON['"'], stopJSON['\\'] = true, true
	stopJSONL['"'], stopJSONL['\\'], stopJSONL['\n'] = true, true, true
	for _, c := range []byte{' ', '\t', '\r'} {
		wsJSON[c], wsJSONL[c] = true, true
	}
	wsJSON['\n'] = true
}

// lexer is the resumable state of the tokenizer.
type lexer struct {
	kinds   []byte // open containers, '{' or '['
	pos     int64  // absolute offset of the next byte
	vstart  int64  // where the current key, scalar or string content starts
	st      uint8
	esc     uint8 // in a string: 0, 1 after '\', 2+n after n hex digits of \u
	sub     uint8 // number state, or bytes of the literal read
	lit     uint8 // which literal
	bom     uint8 // bytes of a leading byte order mark skipped
	kesc    bool  // the current key holds an escape
	sesc    bool  // the current string value holds an escape
	lineEnd bool  // the look-ahead lexer met its line's end
	err     string
}

// run feeds hay[x.pos-base:end] to x. track says x is the main lexer:
// the path, rows and lines follow it, detecting values are reported, and
// with a sink every value and line is. It stops early on a syntax error
// (x.st == stDead), on damage found ahead (the line is then skipped), and,
// for the look-ahead lexer, at the line's end.
func (l *jsonLoc) run(x *lexer, hay []byte, base int64, end int, final, track bool, vals *[]Loc) {
	i := int(x.pos - base)
	stop, ws := l.stop, l.ws
	spans := track && l.sink != nil
	for i < end {
		c := hay[i]
		switch x.st {
		case stInStr:
			if x.esc != 0 {
				if !x.escape(c) {
					l.fail(x, base+int64(i), "invalid escape")
					return
				}
				i++
				continue
			}
			j := scanString(hay, i, end, l.jsonl, stop)
			if j == end {
				i = j
				continue
			}
			switch hay[j] {
			case '"':
				x.st = l.after(x)
				i = j + 1
				if track {
					if d := len(x.kinds); d > 0 && l.segs[d-1].det && x.vstart < base+int64(j) {
						x.pos = base + int64(i)
						if !l.emit(hay, base, final, base+int64(j), vals) {
							return
						}
					}
					if spans {
						l.span(x.vstart-1, x.vstart, base+int64(j), base+int64(i), JSONString, false)
						l.rowEnded(x, base+int64(i))
					}
				}
				// Fast path: a comma in an object, then the next key.
				if x.st == stAfter && x.kinds[len(x.kinds)-1] == '{' {
					k := i
					for k < end && ws[hay[k]] {
						k++
					}
					if k < end && hay[k] == ',' {
						for k++; k < end && ws[hay[k]]; k++ {
						}
						x.st, i = stKey, k
						if k < end && hay[k] == '"' {
							l.keyStart(x, base+int64(k), track)
							i = k + 1
						}
					}
				}
			case '\\':
				x.esc, x.sesc = 1, true
				i = j + 1
			default:
				l.fail(x, base+int64(j), "unexpected end of line")
				return
			}

		case stInKey:
			if x.esc != 0 {
				if !x.escape(c) {
					l.fail(x, base+int64(i), "invalid escape")
					return
				}
				if track {
					l.keyBytes(x, hay[i:i+1])
				}
				i++
				continue
			}
			j := scanString(hay, i, end, l.jsonl, stop)
			if track && j > i {
				l.keyBytes(x, hay[i:j])
			}
			if j == end {
				i = j
				continue
			}
			switch hay[j] {
			case '"':
				x.st = stColon
				if track {
					l.keyDone(x)
					if spans {
						l.span(x.vstart-1, x.vstart, base+int64(j), base+int64(j)+1, JSONString, true)
					}
				}
				i = j + 1
				// Fast path: the colon, then a string value.
				k := i
				for k < end && ws[hay[k]] {
					k++
				}
				if k < end && hay[k] == ':' {
					for k++; k < end && ws[hay[k]]; k++ {
					}
					x.st, i = stValue, k
					if k < end && hay[k] == '"' {
						x.st, x.esc, x.sesc, x.vstart = stInStr, 0, false, base+int64(k)+1
						i = k + 1
					}
				}
			case '\\':
				x.esc, x.kesc = 1, true
				if track {
					l.keyBytes(x, hay[j:j+1])
				}
				i = j + 1
			default:
				l.fail(x, base+int64(j), "unexpected end of line")
				return
			}

		case stAfter:
			if ws[c] {
				for i++; i < end && ws[hay[i]]; i++ {
				}
				continue
			}
			switch c {
			case ',':
				if x.kinds[len(x.kinds)-1] == '{' {
					x.st = stKey
				} else {
					x.st = stValue
				}
			case '}', ']':
				if !l.pop(x, c, track) {
					l.fail(x, base+int64(i), "mismatched bracket")
					return
				}
				if spans {
					l.rowEnded(x, base+int64(i)+1)
				}
			default:
				l.fail(x, base+int64(i), unexpected(c))
				return
			}
			i++

		case stObjFirst, stKey:
			if ws[c] {
				for i++; i < end && ws[hay[i]]; i++ {
				}
				continue
			}
			switch {
			case c == '"':
				l.keyStart(x, base+int64(i), track)
			case c == '}' && x.st == stObjFirst:
				l.pop(x, c, track)
				if spans {
					l.rowEnded(x, base+int64(i)+1)
				}
			default:
				l.fail(x, base+int64(i), unexpected(c))
				return
			}
			i++

		case stColon:
			if ws[c] {
				for i++; i < end && ws[hay[i]]; i++ {
				}
				continue
			}
			if c != ':' {
				l.fail(x, base+int64(i), unexpected(c))
				return
			}
			x.st = stValue
			i++

		case stInNum:
			if c-'0' < 10 && (x.sub == nInt || x.sub == nFrac || x.sub == nExp) {
				i++
				for i < end && hay[i]-'0' < 10 {
					i++
				}
				continue
			}
			if n, ok := numNext(x.sub, c); ok {
				x.sub = n
				i++
				continue
			}
			if !numDone(x.sub) {
				l.fail(x, base+int64(i), "invalid number")
				return
			}
			x.st = l.after(x) // c is read again in that state
			if spans {
				l.span(x.vstart, x.vstart, base+int64(i), base+int64(i), JSONBare, false)
				l.rowEnded(x, base+int64(i))
			}

		case stInLit:
			lit := literals[x.lit]
			if c != lit[x.sub] {
				l.fail(x, base+int64(i), "invalid literal")
				return
			}
			x.sub++
			i++
			if int(x.sub) == len(lit) {
				x.st = l.after(x)
				if spans {
					l.span(x.vstart, x.vstart, base+int64(i), base+int64(i), JSONBare, false)
					l.rowEnded(x, base+int64(i))
				}
			}

		case stSkip:
			k := bytes.IndexByte(hay[i:end], '\n')
			if k < 0 {
				i = end
				continue
			}
			i += k + 1
			x.st = stTop
			x.kinds = x.kinds[:0]
			l.newLine(base+int64(i)-1, true)

		case stTop, stAfterTop, stValue, stArrFirst:
			if x.bom == 1 || x.bom == 2 { // a byte order mark begun
				if c == bom[x.bom] && base+int64(i) == int64(x.bom) {
					x.bom++
					i++
					if track && x.bom == 3 {
						l.lineStart = 3 // a deleted first line keeps the mark
					}
					continue
				}
				x.bom = 3
				l.fail(x, base+int64(i), "unexpected character")
				return
			}
			if ws[c] {
				for i++; i < end && ws[hay[i]]; i++ {
				}
				continue
			}
			if c == '\n' && (x.st == stTop || x.st == stAfterTop) {
				// Only JSONL gets here: the line ends.
				i++
				x.st = stTop
				if !track {
					x.pos = base + int64(i)
					x.lineEnd = true
					return
				}
				l.newLine(base+int64(i)-1, false)
				continue
			}
			switch {
			case x.st == stAfterTop:
				l.fail(x, base+int64(i), "trailing data")
				return
			case x.st == stArrFirst && c == ']':
				l.pop(x, c, track)
				if spans {
					l.rowEnded(x, base+int64(i)+1)
				}
				i++
				continue
			case x.st == stTop && x.bom == 0 && base+int64(i) == 0 && c == bom[0]:
				x.bom++
				i++
				continue
			}
			if !l.begin(x, c, base+int64(i), track) {
				return
			}
			i++

		default: // stDead
			return
		}
	}
	x.pos = base + int64(i)
}

// scanString returns the index of the first byte of hay[i:end] that ends
// a string's plain run ('"', '\\', and in JSONL '\n'), end if none: eight
// bytes at a time, then byte by byte.
func scanString(hay []byte, i, end int, jsonl bool, stop *[256]bool) int {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	for i+8 <= end {
		w := binary.LittleEndian.Uint64(hay[i:])
		q, b := w^(lo*'"'), w^(lo*'\\')
		m := (q-lo)&^q | (b-lo)&^b
		if jsonl {
			n := w ^ (lo * '\n')
			m |= (n - lo) &^ n
		}
		// The lowest flagged byte is exact (a borrow only flags bytes
		// above a real match).
		if m &= hi; m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		i += 8
	}
	for i < end && !stop[hay[i]] {
		i++
	}
	return i
}

// begin starts the value whose first byte c is at off.
func (l *jsonLoc) begin(x *lexer, c byte, off int64, track bool) bool {
	switch {
	case c == '"':
		x.st, x.esc, x.sesc, x.vstart = stInStr, 0, false, off+1
	case c == '{' || c == '[':
		if len(x.kinds) >= maxDepth {
			l.fail(x, off, "nesting too deep")
			return false
		}
		if track {
			l.counted(x, c, off)
			l.push(x, c)
		}
		x.kinds = append(x.kinds, c)
		if c == '{' {
			x.st = stObjFirst
		} else {
			x.st = stArrFirst
		}
		return true
	case c == '-':
		x.st, x.sub, x.vstart = stInNum, nMinus, off
	case c == '0':
		x.st, x.sub, x.vstart = stInNum, nZero, off
	case c-'1' < 9:
		x.st, x.sub, x.vstart = stInNum, nInt, off
	case c == 't':
		x.st, x.lit, x.sub, x.vstart = stInLit, 0, 1, off
	case c == 'f':
		x.st, x.lit, x.sub, x.vstart = stInLit, 1, 1, off
	case c == 'n':
		x.st, x.lit, x.sub, x.vstart = stInLit, 2, 1, off
	default:
		l.fail(x, off, unexpected(c))
		return false
	}
	if track {
		l.counted(x, c, off)
	}
	return true
}

// after is the state that follows a value.
func (l *jsonLoc) after(x *lexer) uint8 {
	switch {
	case len(x.kinds) > 0:
		return stAfter
	case l.jsonl:
		return stAfterTop
	}
	return stTop
}

// complete says whether x may stop here: between top-level values, or in
// a top-level number that is whole.
func complete(x *lexer) bool {
	switch x.st {
	case stTop, stAfterTop:
		return x.bom != 1 && x.bom != 2 // not in a byte order mark
	case stInNum:
		return len(x.kinds) == 0 && numDone(x.sub)
	}
	return false
}

// escape reads byte c of an escape in a string; false when it is not one.
func (x *lexer) escape(c byte) bool {
	if x.esc == 1 {
		switch c {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			x.esc = 0
		case 'u':
			x.esc = 2
		default:
			return false
		}
		return true
	}
	if unhex(c) < 0 {
		return false
	}
	x.esc++
	if x.esc == 6 {
		x.esc = 0
	}
	return true
}

func unexpected(c byte) string {
	if c == '\n' {
		return "unexpected end of line"
	}
	return "unexpected character"
}

func validEscape(c byte) bool {
	switch c {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't', 'u':
		return true
	}
	return false
}

func unhex(c byte) int {
	switch {
	case c-'0' < 10:
		return int(c - '0')
	case c-'a' < 6:
		return int(c-'a') + 10
	case c-'A' < 6:
		return int(c-'A') + 10
	}
	return -1
}

func numNext(s uint8, c byte) (uint8, bool) {
	digit := c-'0' < 10
	switch s {
	case nMinus:
		if c == '0' {
			return nZero, true
		}
		if digit {
			return nInt, true
		}
	case nZero, nInt, nFrac:
		switch {
		case digit && s != nZero:
			return s, true
		case c == '.' && s != nFrac:
			return nDot, true
		case c == 'e' || c == 'E':
			return nE, true
		}
	case nDot:
		if digit {
			return nFrac, true
		}
	case nE:
		if digit {
			return nExp, true
		}
		if c == '+' || c == '-' {
			return nESign, true
		}
	case nESign, nExp:
		if digit {
			return nExp, true
		}
	}
	return s, false
}

func numDone(s uint8) bool { return s == nZero || s == nInt || s == nFrac || s == nExp }

// looksJSONL says whether body (a file's head, BOM trimmed) is
// newline-delimited JSON: its first line holds one whole value and the
// next line that is not blank starts another. A pretty-printed document,
// or a single one on one line, is not.
func looksJSONL(body []byte) bool {
	i := 0
	for i < len(body) && (wsJSON[body[i]]) {
		i++
	}
	if next, ok := valueLine(body, i); ok {
		for i = next; i < len(body) && wsJSON[body[i]]; i++ {
		}
		if i < len(body) {
			switch c := body[i]; {
			case c == '{' || c == '[' || c == '"' || c == '-' || c-'0' < 10 || c == 't' || c == 'f' || c == 'n':
				return true
			}
		}
	}
	// A first line that does not parse (a PostgreSQL COPY export doubles
	// the backslashes of the lines that have one) does not make the file
	// one document: most of its first whole lines each holding one value
	// make it JSONL.
	good, lines := 0, 0
	for i = 0; lines < 16; lines++ {
		nl := bytes.IndexByte(body[i:], '\n')
		if nl < 0 {
			break // the last line may be cut
		}
		end := i + nl + 1
		j := i
		for j < end && wsJSON[body[j]] && body[j] != '\n' {
			j++
		}
		if body[j] == '\n' {
			lines-- // a blank line counts for nothing
		} else if _, ok := valueLine(body[:end], j); ok {
			good++
		}
		i = end
	}
	return good >= 2 && 2*good > lines
}

// valueLine reads one JSON value from body[i] and says whether a line end
// follows it, and where the bytes after that line end start.
func valueLine(body []byte, i int) (int, bool) {
	l := &jsonLoc{jsonl: true, stop: &stopJSONL, ws: &wsJSONL}
	x := &l.ahead
	x.pos = int64(i)
	l.run(x, body, 0, len(body), false, false, nil)
	return int(x.pos), x.lineEnd
}
