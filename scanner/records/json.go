package records

import "bytes"

// JSON and JSONL: the locator.
//
// The locator drives a streaming tokenizer (json_lex.go) that can stop and
// resume at any byte, and follows the path of the value being read
// (json_path.go). A value is a string (its content, quotes excluded), a
// number, true, false or null; keys, punctuation and whitespace are in no
// value. With a sink it also reports every string (keys included), number
// and literal, and every JSONL line (json_spans.go).
//
// Rows: in JSONL a row is a physical line (blank lines count, so Row is
// the line number an editor shows). In JSON the elements of a top-level
// array are the rows, with pointers relative to the element; any other
// top-level value is a row of its own, with pointers from its root.
//
// Damage: a JSON file stops being JSON at the byte that breaks the syntax
// (or at its end, inside an unfinished value), and nothing after it is
// located. JSONL lines are independent: a line that does not parse is
// that line's damage only (Damage.Skipped counts such lines) and the next
// line is read afresh. Since a probe may sit before the line's error, the
// locator checks the rest of the line ahead (with a second lexer that only
// validates) before it answers for a value, or reports a detecting value,
// in a line it has not yet seen whole. When the line's end is not in the
// buffer yet, the answer is provisional: a later error in that line still
// makes it damaged.

type jsonLoc struct {
	kind     Kind
	jsonl    bool
	fields   Fields
	classify bool // fields were given
	stop     *[256]bool
	ws       *[256]bool

	main  lexer
	ahead lexer // JSONL: validates the rest of the current line
	segs  []seg // path, parallel to main.kinds

	row       int64 // JSON: rows begun
	topArr    bool  // JSON: inside a top-level array, whose elements are rows
	line      int64 // JSONL: 1-based physical line of main.pos (blank lines count)
	lineStart int64 // JSONL: offset of that line
	lineOK    bool  // JSONL: the current line is known to parse
	lineErr   string
	aheadOn   bool // JSONL: ahead holds the current line's look-ahead
	done      bool // end of file seen
	dmg       *Damage
	stopped   bool // the structure ends at the damage: nothing more is read

	comb []byte // combined names, parent_key and key_parent; decoded keys
	memo [memoSlots]memo
	pbuf []byte // pointer being built

	peek    peek   // the end of the value At was last asked about
	ptr     string // the pointer of the value that starts at ptrAt
	ptrAt   int64
	lastOff int64 // the last At: its offset and answer
	last    Loc
	lastOK  bool

	spanState
}

// peek is how far valueEnd looked into the value that starts at vstart.
type peek struct {
	on     bool
	vstart int64
	end    int64 // the value's end once seen, else -1
	from   int64 // where to look on: outside any escape, or in a number
	sub    uint8 // the number's state at from
	bad    bool  // the value, whole, is no JSON
}

// noFields names no field: what a locator without Fields sees.
type noFields struct{}

func (noFields) Class(name, parent []byte) int32 { return 0 }
func (noFields) Detects(class int32) bool        { return false }

func newJSON(k Kind, fields Fields, sink Sink) Locator {
	classify := fields != nil
	if !classify {
		fields = noFields{}
	}
	l := &jsonLoc{kind: k, jsonl: k == JSONL, fields: fields, classify: classify, line: 1, lastOff: -1, ptrAt: -1}
	l.sink, l.cut, l.rowAt = sink, -1, -1
	l.pick, _ = sink.(Picker)
	l.fromV, l.fromR = -1, -1
	if h, ok := sink.(Hinter); ok {
		l.hint = h
		l.hinted()
	}
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

// halt ends the structure at off: nothing after it is located.
func (l *jsonLoc) halt(off int64, reason string) {
	l.damage(off, reason)
	l.stopped = true
}

// badLine makes the current JSONL line damaged: the main lexer skips to
// its end, and nothing in it is located or reported but the line.
func (l *jsonLoc) badLine(reason string) {
	l.damage(l.lineStart, reason)
	l.dmg.Skipped++
	l.lineErr = reason
	l.main.st, l.main.esc, l.main.kinds = stSkip, 0, l.main.kinds[:0]
	l.pending = l.pending[:0]
}

func (l *jsonLoc) fail(x *lexer, off int64, reason string) {
	if x == &l.main && !l.jsonl {
		l.cut = tokenStart(x, off)
	}
	x.st, x.pos, x.err = stDead, off, reason
}

// tokenStart is where the token x is in began, off when it is in none.
func tokenStart(x *lexer, off int64) int64 {
	switch x.st {
	case stInStr, stInKey:
		return x.vstart - 1
	case stInNum, stInLit:
		return x.vstart
	}
	return off
}

// recover follows the main lexer's syntax error (x.st == stDead): the
// line is skipped in JSONL, the structure ends in JSON. It says whether
// reading goes on.
func (l *jsonLoc) recover() bool {
	x := &l.main
	if !l.jsonl {
		l.halt(x.pos, x.err)
		return false
	}
	l.badLine(x.err) // x.pos is the byte that failed: it may end the line
	return true
}

func (l *jsonLoc) Advance(hay []byte, base, to int64, final bool, vals *[]Loc) {
	hayEnd := base + int64(len(hay))
	if l.stopped {
		l.tail(hayEnd, final)
		return
	}
	to = min(to, hayEnd)
	x := &l.main
	for to > x.pos {
		if x.pos < base {
			l.halt(x.pos, "input skipped")
			return
		}
		l.run(x, hay, base, int(to-base), final, true, vals)
		if x.st == stDead && !l.recover() {
			l.tail(hayEnd, final)
			return
		}
	}
	if final && !l.done && x.pos == hayEnd {
		l.done = true
		l.end(hayEnd)
	}
}

// end follows the end of the file at offset end.
func (l *jsonLoc) end(end int64) {
	x := &l.main
	spans := l.sink != nil
	switch {
	case x.st == stSkip:
		if spans {
			l.lineDone(end, end, true)
		}
	case !complete(x):
		if !l.jsonl {
			l.cut = tokenStart(x, end)
			l.halt(end, "unexpected end of file")
			l.tail(end, true)
			return
		}
		l.badLine("unexpected end of file")
		if spans {
			l.lineDone(end, end, true)
		}
	case spans:
		if x.st == stInNum {
			l.span(x.vstart, x.vstart, end, end, JSONBare, false)
			l.rowEnded(x, end)
		}
		if l.jsonl {
			l.lineDone(end, end, false)
		}
	}
}

// newLine follows the main lexer past the JSONL line end at nl; bad says
// the line was skipped.
func (l *jsonLoc) newLine(nl int64, bad bool) {
	if l.sink != nil {
		l.lineDone(nl, nl+1, bad)
	}
	l.line++
	l.lineStart = nl + 1
	l.lineOK, l.aheadOn = false, false
}

func (l *jsonLoc) At(hay []byte, base, off int64, final bool, vals *[]Loc) (Loc, bool) {
	if l.stopped {
		return Loc{}, false
	}
	if off == l.lastOff {
		return l.last, l.lastOK
	}
	loc, ok := l.at(hay, base, off, final, vals)
	if l.stopped || l.main.st == stSkip {
		loc, ok = Loc{}, false
	}
	l.lastOff, l.last, l.lastOK = off, loc, ok
	return loc, ok
}

func (l *jsonLoc) at(hay []byte, base, off int64, final bool, vals *[]Loc) (Loc, bool) {
	l.Advance(hay, base, off, final, vals)
	x := &l.main
	i := off - base
	if l.stopped || x.pos != off || i < 0 || i >= int64(len(hay)) {
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
		if x.st == stDead && !l.recover() || x.pos != off+1 || x.st == stSkip {
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
	q := JSONBare
	if x.st == stInStr {
		q = JSONString
	}
	end, valid := l.valueEnd(hay, base, final)
	if !valid {
		return Loc{}, false
	}
	if l.jsonl && !l.lineOK {
		l.validateLine(hay, base, final)
		if x.st == stSkip {
			return Loc{}, false
		}
	}
	return l.loc(x.vstart, end, q), true
}

// valueEnd peeks at where the main lexer's current value ends, -1 past
// hay; ok is false when the value is known to be no JSON (a bad escape or
// literal, a number cut short, the end of the file inside it), which the
// main lexer is then bound to find. What it scans is remembered, so that
// many probes in one long value scan it once.
func (l *jsonLoc) valueEnd(hay []byte, base int64, final bool) (end int64, ok bool) {
	x, e := &l.main, &l.peek
	hayEnd := base + int64(len(hay))
	if x.st == stInLit {
		lit := literals[x.lit]
		end := x.vstart + int64(len(lit))
		for p := x.pos; p < min(end, hayEnd); p++ {
			if hay[p-base] != lit[p-x.vstart] {
				return -1, false
			}
		}
		if end <= hayEnd {
			return end, true
		}
		return -1, !final
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
		return e.end, !e.bad
	}
	p := int(e.from - base)
	if p < 0 || p > len(hay) {
		return -1, !final
	}
	if x.st == stInNum {
		s := e.sub
		for ; p < len(hay); p++ {
			n, ok := numNext(s, hay[p])
			if !ok {
				e.end, e.bad = base+int64(p), !numDone(s)
				return e.end, !e.bad
			}
			s = n
		}
		e.from, e.sub = hayEnd, s
		if final {
			// A number may end the file only where a value may.
			return hayEnd, numDone(s) && len(x.kinds) == 0
		}
		return -1, true
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
			e.end, e.bad = base+int64(q), !escapesOK(hay[x.pos-base:q], x.esc)
			return e.end, !e.bad
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
	return -1, !final
}

// escapesOK says whether b, the rest of a string's content from a lexer
// in escape state esc, holds only valid escapes.
func escapesOK(b []byte, esc uint8) bool {
	for i := 0; i < len(b); i++ {
		switch {
		case esc == 0:
			k := bytes.IndexByte(b[i:], '\\')
			if k < 0 {
				return true
			}
			i += k
			esc = 1
		case esc == 1:
			if !validEscape(b[i]) {
				return false
			}
			esc = 0
			if b[i] == 'u' {
				esc = 2
			}
		default:
			if unhex(b[i]) < 0 {
				return false
			}
			if esc++; esc == 6 {
				esc = 0
			}
		}
	}
	return esc == 0
}

// validateLine makes sure the rest of the current JSONL line parses,
// looking ahead of the main lexer as far as hay goes; a line that does
// not is skipped. A line whose end is not in hay yet stays unvalidated
// (and is looked at again, from where the look-ahead stopped, at the next
// need).
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
		l.badLine(a.err)
	case a.lineEnd:
		l.lineOK = true
	case final && a.pos == base+int64(len(hay)):
		if complete(a) {
			l.lineOK = true
		} else {
			l.badLine("unexpected end of file")
		}
	}
}

// loc is the location of the main lexer's current value, escaped as q.
func (l *jsonLoc) loc(start, end int64, q Quoting) Loc {
	if l.ptrAt != start {
		l.pbuf = l.appendPointer(l.pbuf[:0])
		l.ptr, l.ptrAt = string(l.pbuf), start
	}
	loc := Loc{Row: l.rowOf(), Pointer: l.ptr, Start: start, End: end, Esc: Escaping{Quoting: q}}
	if d := len(l.main.kinds); d > 0 {
		loc.Class = l.segs[d-1].cls
	}
	return loc
}

// emit reports the detecting string value of the main lexer that ends at
// end; false when its line turns out damaged.
func (l *jsonLoc) emit(hay []byte, base int64, final bool, end int64, vals *[]Loc) bool {
	if l.jsonl && !l.lineOK {
		l.validateLine(hay, base, final)
		if l.main.st == stSkip {
			return false
		}
	}
	*vals = append(*vals, l.loc(l.main.vstart, end, JSONString))
	return true
}
