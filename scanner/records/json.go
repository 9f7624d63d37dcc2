package records

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"strconv"
	"unicode/utf8"
)

// JSON and JSONL.
//
// The locator is a streaming tokenizer that can stop and resume at any
// byte: its whole state is a small lexer (a state, the escape or number
// being read, the stack of open containers) plus the path of the value
// being read, one segment per open container (the object's current key,
// or the array's current index). Keys are copied into a buffer per depth,
// since their bytes may leave the buffer before their value does; the
// class of a key is computed once, when the key ends, and kept with its
// segment (a small memo of (key, parent) pairs spares Fields.Class the keys
// that every row repeats). A value is a string (its content, quotes
// excluded), a number, true, false or null; keys, punctuation and
// whitespace are in no value.
//
// Rows: in JSONL a row is a physical line (blank lines count, so Row is
// the line number an editor shows). In JSON the elements of a top-level
// array are the rows, with pointers relative to the element; any other
// top-level value is a row of its own, with pointers from its root.
//
// Damage: a JSON file stops being JSON at the byte that breaks the syntax
// (or at its end, inside an unfinished value). A JSONL file stops at the
// start of the first line that does not parse: since a probe may sit
// before the line's error, the locator checks the rest of the line ahead
// (with a second lexer that only validates) before it answers for a
// value, or reports a detecting value, in a line it has not yet seen
// whole. When the line's end is not in the buffer yet, the answer is
// provisional: a later error in that line still dates the damage from
// its start. After damage nothing is located and no value is reported.

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
	vstart  int64  // where the current scalar or string content starts
	code    rune   // \uXXXX being read
	hi      rune   // a key's pending high surrogate
	st      uint8
	esc     uint8 // in a string: 0, 1 after '\', 2+n after n hex digits of \u
	sub     uint8 // number state, or bytes of the literal read
	lit     uint8 // which literal
	bom     uint8 // bytes of a leading byte order mark skipped
	lineEnd bool  // the look-ahead lexer met its line's end
	err     string
}

// seg is one open container on the path.
type seg struct {
	key   []byte // an object's current key, decoded
	idx   int64  // an array's current index
	cls   int32  // class of the values in it: the key's, or the array's
	det   bool   // Fields.Detects(cls)
	owner int32  // depth of the object whose key names this container, -1
}

// memo remembers the class of a key under a parent: rows repeat their
// keys, and Fields.Class may cost much more than a look-up here.
type memo struct {
	key, parent []byte
	cls         int32
	det, used   bool
}

const (
	memoSlots  = 256
	memoKeyLen = 64 // longer keys and parents are classified every time
)

// peek is how far valueEnd looked into the value that starts at vstart.
type peek struct {
	on     bool
	vstart int64
	end    int64 // the value's end once seen, else -1
	from   int64 // where to look on: outside any escape, or in a number
	sub    uint8 // the number's state at from
}

type jsonLoc struct {
	kind   Kind
	jsonl  bool
	fields Fields
	stop   *[256]bool
	ws     *[256]bool

	main  lexer
	ahead lexer // JSONL: validates the rest of the current line
	segs  []seg // path, parallel to main.kinds

	row       int64 // JSON: rows begun
	topArr    bool  // JSON: inside a top-level array, whose elements are rows
	line      int64 // JSONL: 1-based physical line of main.pos (blank lines count)
	lineStart int64 // JSONL: offset of that line
	lineOK    bool  // JSONL: the current line is known to parse
	aheadOn   bool  // JSONL: ahead holds the current line's look-ahead
	done      bool  // end of file seen
	dmg       *Damage

	comb []byte // combined names, parent_key and key_parent
	memo [memoSlots]memo
	pbuf []byte // pointer being built

	peek    peek   // the end of the value At was last asked about
	ptr     string // the pointer of the value that starts at ptrAt
	ptrAt   int64
	lastOff int64 // the last At: its offset and answer
	last    Loc
	lastOK  bool
}

func newJSON(k Kind, fields Fields, sink Sink) Locator {
	_ = sink // spans: to do
	l := &jsonLoc{kind: k, jsonl: k == JSONL, fields: fields, line: 1, lastOff: -1, ptrAt: -1}
	l.stop, l.ws = &stopJSON, &wsJSON
	if l.jsonl {
		l.stop, l.ws = &stopJSONL, &wsJSONL
	}
	return l
}

func (l *jsonLoc) Damage() *Damage { return l.dmg }

func (l *jsonLoc) damage(off int64, reason string) {
	if l.dmg == nil {
		l.dmg = &Damage{Offset: off, Kind: l.kind, Reason: reason}
	}
}

// mainFailed records the main lexer's syntax error as damage.
func (l *jsonLoc) mainFailed() {
	if l.main.st != stDead {
		return
	}
	if l.jsonl {
		l.damage(l.lineStart, l.main.err)
	} else {
		l.damage(l.main.pos, l.main.err)
	}
}

func (l *jsonLoc) Advance(hay []byte, base, to int64, final bool, vals *[]Loc) {
	if l.dmg != nil {
		return
	}
	hayEnd := base + int64(len(hay))
	to = min(to, hayEnd)
	x := &l.main
	if to > x.pos {
		if x.pos < base {
			l.damage(x.pos, "input skipped")
			return
		}
		l.run(x, hay, base, int(to-base), final, true, vals)
		l.mainFailed()
		if l.dmg != nil {
			return
		}
	}
	if final && !l.done && x.pos == hayEnd {
		l.done = true
		if !complete(x) {
			if l.jsonl {
				l.damage(l.lineStart, "unexpected end of file")
			} else {
				l.damage(x.pos, "unexpected end of file")
			}
		}
	}
}

// complete says whether x may stop here: between top-level values, or in
// a top-level number that is whole.
func complete(x *lexer) bool {
	switch x.st {
	case stTop, stAfterTop:
		return true
	case stInNum:
		return len(x.kinds) == 0 && numDone(x.sub)
	}
	return false
}

func (l *jsonLoc) At(hay []byte, base, off int64, final bool, vals *[]Loc) (Loc, bool) {
	if l.dmg != nil {
		return Loc{}, false
	}
	if off == l.lastOff {
		return l.last, l.lastOK
	}
	loc, ok := l.at(hay, base, off, final, vals)
	if l.dmg != nil {
		loc, ok = Loc{}, false
	}
	l.lastOff, l.last, l.lastOK = off, loc, ok
	return loc, ok
}

func (l *jsonLoc) at(hay []byte, base, off int64, final bool, vals *[]Loc) (Loc, bool) {
	l.Advance(hay, base, off, final, vals)
	x := &l.main
	i := off - base
	if l.dmg != nil || x.pos != off || i < 0 || i >= int64(len(hay)) {
		return Loc{}, false
	}
	c := hay[i]
	switch x.st {
	case stTop, stValue, stArrFirst:
		if c != '-' && c-'0' >= 10 && c != 't' && c != 'f' && c != 'n' {
			return Loc{}, false
		}
		// A scalar starts here: take its first byte, so that the row and
		// the array index count it.
		l.run(x, hay, base, int(i)+1, final, true, vals)
		l.mainFailed()
		if l.dmg != nil || x.pos != off+1 {
			return Loc{}, false
		}
	case stInStr:
		switch {
		case x.esc == 0 && (c == '"' || c == '\n' && l.jsonl):
			return Loc{}, false
		case x.esc == 1 && !validEscape(c):
			return Loc{}, false
		case x.esc >= 2 && unhex(c) < 0:
			return Loc{}, false
		}
	case stInNum:
		if _, ok := numNext(x.sub, c); !ok {
			return Loc{}, false
		}
	case stInLit:
		if c != literals[x.lit][x.sub] {
			return Loc{}, false
		}
	default:
		return Loc{}, false
	}
	end := l.valueEnd(hay, base, final)
	if l.jsonl && !l.lineOK {
		l.validateLine(hay, base, final)
		if l.dmg != nil {
			return Loc{}, false
		}
	}
	return l.loc(x.vstart, end), true
}

// valueEnd peeks at where the main lexer's current value ends, -1 past
// hay. What it scans is remembered, so that many probes in one long value
// scan it once.
func (l *jsonLoc) valueEnd(hay []byte, base int64, final bool) int64 {
	x, e := &l.main, &l.peek
	hayEnd := base + int64(len(hay))
	if x.st == stInLit {
		if end := x.vstart + int64(len(literals[x.lit])); end <= hayEnd {
			return end
		}
		return -1
	}
	if !e.on || e.vstart != x.vstart {
		*e = peek{on: true, vstart: x.vstart, end: -1, from: -1}
	}
	if e.end < 0 && e.from < x.pos {
		// Start, or start again, from the main lexer.
		e.from, e.sub = x.pos, x.sub
		if x.st == stInStr {
			// Skip what is left of an escape.
			switch {
			case x.esc == 1:
				e.from++
			case x.esc >= 2:
				e.from += 6 - int64(x.esc)
			}
		}
	}
	if e.end >= 0 {
		return e.end
	}
	p := int(e.from - base)
	if p < 0 || p > len(hay) {
		return -1
	}
	if x.st == stInNum {
		s := e.sub
		for ; p < len(hay); p++ {
			n, ok := numNext(s, hay[p])
			if !ok {
				e.end = base + int64(p)
				return e.end
			}
			s = n
		}
		e.from, e.sub = hayEnd, s
		if final {
			return hayEnd
		}
		return -1
	}
	// A string: the first quote after an even run of backslashes.
	from := p
	for p < len(hay) {
		q := bytes.IndexByte(hay[p:], '"')
		if q < 0 {
			break
		}
		q += p
		n := 0
		for k := q - 1; k >= from && hay[k] == '\\'; k-- {
			n++
		}
		if n%2 == 0 {
			e.end = base + int64(q)
			return e.end
		}
		p = q + 1
		from = p
	}
	// Go on next time from hay's end, past the byte a trailing odd run of
	// backslashes escapes.
	n := 0
	for k := len(hay) - 1; k >= from && hay[k] == '\\'; k-- {
		n++
	}
	e.from = hayEnd + int64(n%2)
	return -1
}

// validateLine makes sure the rest of the current JSONL line parses,
// looking ahead of the main lexer as far as hay goes. A line whose end is
// not in hay yet stays unvalidated (and is looked at again, from where
// the look-ahead stopped, at the next need).
func (l *jsonLoc) validateLine(hay []byte, base int64, final bool) {
	a, m := &l.ahead, &l.main
	if !l.aheadOn {
		kinds := append(a.kinds[:0], m.kinds...)
		*a = *m
		a.kinds = kinds
		a.lineEnd = false
		l.aheadOn = true
	}
	if a.pos < base {
		return
	}
	l.run(a, hay, base, len(hay), final, false, nil)
	switch {
	case a.st == stDead:
		l.damage(l.lineStart, a.err)
	case a.lineEnd:
		l.lineOK = true
	case final && a.pos == base+int64(len(hay)):
		if complete(a) {
			l.lineOK = true
		} else {
			l.damage(l.lineStart, "unexpected end of file")
		}
	}
}

// loc is the location of the main lexer's current value.
func (l *jsonLoc) loc(start, end int64) Loc {
	if l.ptrAt != start {
		l.ptr, l.ptrAt = l.pointer(), start
	}
	loc := Loc{Row: l.row, Pointer: l.ptr, Start: start, End: end}
	if l.jsonl {
		loc.Row = l.line
	}
	if d := len(l.main.kinds); d > 0 {
		loc.Class = l.segs[d-1].cls
	}
	return loc
}

// pointer is the RFC 6901 pointer of the current value in its row.
func (l *jsonLoc) pointer() string {
	first := 0
	if l.topArr {
		first = 1
	}
	kinds := l.main.kinds
	if len(kinds) <= first {
		return ""
	}
	b := l.pbuf[:0]
	for d := first; d < len(kinds); d++ {
		b = append(b, '/')
		if kinds[d] == '[' {
			b = strconv.AppendInt(b, l.segs[d].idx, 10)
			continue
		}
		for _, c := range l.segs[d].key {
			switch c {
			case '~':
				b = append(b, '~', '0')
			case '/':
				b = append(b, '~', '1')
			default:
				b = append(b, c)
			}
		}
	}
	l.pbuf = b
	return string(b)
}

func (l *jsonLoc) fail(x *lexer, off int64, reason string) {
	x.st, x.pos, x.err = stDead, off, reason
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

// run feeds hay[x.pos-base:end] to x. track says x is the main lexer:
// the path, rows and lines follow it and detecting values are reported.
// It stops early on a syntax error (x.st == stDead), on damage found
// ahead, and, for the look-ahead lexer, at the line's end.
func (l *jsonLoc) run(x *lexer, hay []byte, base int64, end int, final, track bool, vals *[]Loc) {
	i := int(x.pos - base)
	stop, ws := l.stop, l.ws
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
							l.keyStart(x, track)
							i = k + 1
						}
					}
				}
			case '\\':
				x.esc = 1
				i = j + 1
			default:
				l.fail(x, base+int64(j), "unexpected end of line")
				return
			}

		case stInKey:
			if x.esc != 0 {
				hex := x.esc >= 2
				if !x.escape(c) {
					l.fail(x, base+int64(i), "invalid escape")
					return
				}
				if track && x.esc == 0 {
					l.keyEscape(x, c, hex)
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
						x.st, x.esc, x.vstart = stInStr, 0, base+int64(k)+1
						i = k + 1
					}
				}
			case '\\':
				x.esc = 1
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
				l.keyStart(x, track)
			case c == '}' && x.st == stObjFirst:
				l.pop(x, c, track)
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
			}

		case stTop, stAfterTop, stValue, stArrFirst:
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
				l.line++
				l.lineStart = base + int64(i)
				l.lineOK, l.aheadOn = false, false
				continue
			}
			switch {
			case x.st == stAfterTop:
				l.fail(x, base+int64(i), "trailing data")
				return
			case x.st == stArrFirst && c == ']':
				l.pop(x, c, track)
				i++
				continue
			case x.st == stTop && x.bom < 3 && base+int64(i) == int64(x.bom) && c == bom[x.bom]:
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

// keyStart opens a key.
func (l *jsonLoc) keyStart(x *lexer, track bool) {
	x.st = stInKey
	if track {
		s := &l.segs[len(x.kinds)-1]
		s.key = s.key[:0]
		x.hi = 0
	}
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
		x.st, x.esc, x.vstart = stInStr, 0, off+1
	case c == '{' || c == '[':
		if len(x.kinds) >= maxDepth {
			l.fail(x, off, "nesting too deep")
			return false
		}
		if track {
			l.counted(x, c)
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
		l.counted(x, c)
	}
	return true
}

// counted counts a value that begins: an array element, a JSON row.
func (l *jsonLoc) counted(x *lexer, c byte) {
	d := len(x.kinds)
	if d == 0 {
		if !l.jsonl {
			if c == '[' {
				l.topArr = true
			} else {
				l.row++
			}
		}
		return
	}
	if x.kinds[d-1] == '[' {
		l.segs[d-1].idx++
		if d == 1 && l.topArr {
			l.row++
		}
	}
}

// push opens a segment for the container c that begins at depth
// len(x.kinds).
func (l *jsonLoc) push(x *lexer, c byte) {
	d := len(x.kinds)
	if d == len(l.segs) {
		l.segs = append(l.segs, seg{})
	}
	s := &l.segs[d]
	s.key, s.idx, s.cls, s.det, s.owner = s.key[:0], -1, 0, false, -1
	if d > 0 {
		p := &l.segs[d-1]
		if x.kinds[d-1] == '{' {
			s.owner = int32(d - 1)
		} else {
			s.owner = p.owner
		}
		if c == '[' {
			s.cls, s.det = p.cls, p.det
		}
	}
}

// pop closes the container c ends; false when it is not the open one.
func (l *jsonLoc) pop(x *lexer, c byte, track bool) bool {
	d := len(x.kinds)
	if d == 0 || x.kinds[d-1] != c-2 { // '}'-2 == '{', ']'-2 == '['
		return false
	}
	x.kinds = x.kinds[:d-1]
	if track && d == 1 {
		l.topArr = false
	}
	x.st = l.after(x)
	return true
}

// escape reads byte c of an escape in a string; false when it is not one.
func (x *lexer) escape(c byte) bool {
	if x.esc == 1 {
		switch c {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			x.esc = 0
		case 'u':
			x.esc, x.code = 2, 0
		default:
			return false
		}
		return true
	}
	h := unhex(c)
	if h < 0 {
		return false
	}
	x.code = x.code<<4 | rune(h)
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

// keyBytes appends plain bytes to the current key, up to maxKeyLen.
func (l *jsonLoc) keyBytes(x *lexer, b []byte) {
	s := &l.segs[len(x.kinds)-1]
	if x.hi != 0 {
		s.key = appendKeyRune(s.key, utf8.RuneError)
		x.hi = 0
	}
	if n := maxKeyLen - len(s.key); n < len(b) {
		b = b[:max(n, 0)]
	}
	s.key = append(s.key, b...)
}

// keyEscape appends the escape that byte c completed to the current key;
// hex says c is the last digit of a \uXXXX.
func (l *jsonLoc) keyEscape(x *lexer, c byte, hex bool) {
	s := &l.segs[len(x.kinds)-1]
	var r rune
	switch {
	case hex:
		r = x.code
		switch {
		case r >= 0xD800 && r < 0xDC00:
			if x.hi != 0 {
				s.key = appendKeyRune(s.key, utf8.RuneError)
			}
			x.hi = r
			return
		case r >= 0xDC00 && r < 0xE000:
			if x.hi == 0 {
				r = utf8.RuneError
			} else {
				r = 0x10000 + (x.hi-0xD800)<<10 + (r - 0xDC00)
				x.hi = 0
			}
		}
	case c == 'b':
		r = '\b'
	case c == 'f':
		r = '\f'
	case c == 'n':
		r = '\n'
	case c == 'r':
		r = '\r'
	case c == 't':
		r = '\t'
	default: // '"', '\\', '/'
		r = rune(c)
	}
	if x.hi != 0 {
		s.key = appendKeyRune(s.key, utf8.RuneError)
		x.hi = 0
	}
	s.key = appendKeyRune(s.key, r)
}

func appendKeyRune(key []byte, r rune) []byte {
	if len(key)+utf8.UTFMax > maxKeyLen {
		return key
	}
	return utf8.AppendRune(key, r)
}

// keyDone classifies the key just read: Fields.Class of the key under the
// nearest enclosing key, else of the combined names parent_key and
// key_parent.
func (l *jsonLoc) keyDone(x *lexer) {
	s := &l.segs[len(x.kinds)-1]
	if x.hi != 0 {
		s.key = appendKeyRune(s.key, utf8.RuneError)
		x.hi = 0
	}
	var parent []byte
	if s.owner >= 0 {
		parent = l.segs[s.owner].key
	}
	var m *memo
	if len(s.key) <= memoKeyLen && len(parent) <= memoKeyLen {
		m = &l.memo[memoHash(s.key, parent)%memoSlots]
		if m.used && bytes.Equal(m.key, s.key) && bytes.Equal(m.parent, parent) {
			s.cls, s.det = m.cls, m.det
			return
		}
	}
	cls := l.fields.Class(s.key, parent)
	if cls == 0 && len(parent) > 0 {
		l.comb = append(append(append(l.comb[:0], parent...), '_'), s.key...)
		if cls = l.fields.Class(l.comb, nil); cls == 0 {
			l.comb = append(append(append(l.comb[:0], s.key...), '_'), parent...)
			cls = l.fields.Class(l.comb, nil)
		}
	}
	s.cls, s.det = cls, cls != 0 && l.fields.Detects(cls)
	if m != nil {
		m.key = append(m.key[:0], s.key...)
		m.parent = append(m.parent[:0], parent...)
		m.cls, m.det, m.used = s.cls, s.det, true
	}
}

// memoHash picks a key's memo slot from its ends and lengths; a clash
// only costs a call to Fields.Class.
func memoHash(key, parent []byte) uint32 {
	h := uint32(len(key))*0x9E3779B1 ^ uint32(len(parent))*0x85EBCA6B
	if n := len(key); n > 0 {
		h ^= uint32(key[0]) | uint32(key[n/2])<<8 | uint32(key[n-1])<<16
	}
	if n := len(parent); n > 0 {
		h ^= (uint32(parent[0]) | uint32(parent[n-1])<<8) * 0xC2B2AE35
	}
	return h ^ h>>15
}

// emit reports the detecting string value of the main lexer that ends at
// end; false when the line turns out damaged.
func (l *jsonLoc) emit(hay []byte, base int64, final bool, end int64, vals *[]Loc) bool {
	if l.jsonl && !l.lineOK {
		l.validateLine(hay, base, final)
		if l.dmg != nil {
			return false
		}
	}
	*vals = append(*vals, l.loc(l.main.vstart, end))
	return true
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
	l := &jsonLoc{jsonl: true, stop: &stopJSONL, ws: &wsJSONL}
	x := &l.ahead
	i := 0
	for i < len(body) && (wsJSON[body[i]]) {
		i++
	}
	x.pos = int64(i)
	l.run(x, body, 0, len(body), false, false, nil)
	if !x.lineEnd {
		return false
	}
	for i = int(x.pos); i < len(body) && wsJSON[body[i]]; i++ {
	}
	if i == len(body) {
		return false
	}
	switch c := body[i]; {
	case c == '{' || c == '[' || c == '"' || c == '-' || c-'0' < 10 || c == 't' || c == 'f' || c == 'n':
		return true
	}
	return false
}
