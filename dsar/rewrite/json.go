package rewrite

import (
	"bytes"

	"github.com/piid/piid/scanner/records"
)

// JSON lexer states.
const (
	jsCode   = iota // between tokens
	jsString        // in a string
	jsEsc           // after a backslash in it
	jsBare          // in a number or literal
)

// Byte classes between JSON tokens.
const (
	jcBare  = iota // starts a number, a literal (or something malformed)
	jcSpace        // blank
	jcLine         // a line break: ends a JSONL record
	jcPunct        // structure: { } [ ] : ,
	jcQuote        // opens a string
)

var jsonClass = func() (t [256]uint8) {
	for _, c := range []byte(" \t\r") {
		t[c] = jcSpace
	}
	for _, c := range []byte("{}[]:,") {
		t[c] = jcPunct
	}
	t['\n'], t['"'] = jcLine, jcQuote
	return t
}()

// jsonLexer finds the strings and bare tokens (numbers, literals) of JSON
// text, and for JSONL its lines. It only tokenizes: what the tokens build
// does not matter to an edit of one of them. In JSONL a line break inside
// a string (invalid JSON) ends the string and the line: the string takes no
// edit, the line can still be deleted.
type jsonLexer struct {
	r     reporter
	lines bool
	stop  [256]bool // bytes that end a run of string content
	pos   int64
	st    uint8
	ts    int64 // where the current token starts
	line  int64 // where the current line starts (JSONL)
	u     unit
}

func newJSONLexer(s sink, lines bool) *jsonLexer {
	l := &jsonLexer{r: newReporter(s), lines: lines}
	l.stop['"'], l.stop['\\'] = true, true
	if lines {
		l.stop['\n'] = true
	}
	return l
}

func (l *jsonLexer) feed(b []byte) {
	base := l.pos
	l.pos += int64(len(b))
	if base == 0 && bytes.HasPrefix(b, bom) {
		l.line = int64(len(bom)) // a deleted first line keeps the BOM
	}
	for i := 0; i < len(b); {
		at := base + int64(i)
		c := b[i]
		switch l.st {
		case jsCode:
			i++
			switch jsonClass[c] {
			case jcLine:
				l.newline(at)
			case jcQuote:
				l.st, l.ts = jsString, at
			case jcBare:
				l.st, l.ts = jsBare, at
			}
		case jsString:
			j := i
			for j < len(b) && !l.stop[b[j]] {
				j++
			}
			if j == len(b) {
				i = j
				continue
			}
			at, c = base+int64(j), b[j]
			i = j + 1
			switch c {
			case '"':
				if l.r.wants(at + 1) {
					l.u = unit{OuterStart: l.ts, OuterEnd: at + 1, Start: l.ts + 1, End: at, Escaping: records.Escaping{Quoting: records.JSONString}}
					l.r.unit(&l.u)
				}
				l.st = jsCode
			case '\\':
				l.st = jsEsc
			case '\n':
				l.cut(at)
				l.newline(at)
			}
		case jsEsc:
			if c == '\n' && l.lines {
				l.st = jsString // read again: it cuts the string
				continue
			}
			l.st = jsString
			i++
		case jsBare:
			if jsonClass[c] == jcBare {
				i++
				continue
			}
			if l.r.wants(at) {
				l.u = unit{OuterStart: l.ts, OuterEnd: at, Start: l.ts, End: at, Escaping: records.Escaping{Quoting: records.JSONBare}}
				l.r.unit(&l.u)
			}
			l.st = jsCode // c is read again
		}
	}
}

// cut reports a string that ends at end without its closing quote.
func (l *jsonLexer) cut(end int64) {
	l.u = unit{OuterStart: l.ts, OuterEnd: end, Start: l.ts, End: end, Reason: "in a JSON string that is never closed", Escaping: records.Escaping{Quoting: records.Unfit}}
	l.r.unit(&l.u)
	l.st = jsCode
}

func (l *jsonLexer) newline(at int64) {
	if l.lines {
		l.r.record(l.line, at+1, "")
		l.line = at + 1
	}
}

func (l *jsonLexer) end() {
	switch l.st {
	case jsString, jsEsc:
		l.cut(l.pos)
	case jsBare:
		l.u = unit{OuterStart: l.ts, OuterEnd: l.pos, Start: l.ts, End: l.pos, Escaping: records.Escaping{Quoting: records.JSONBare}}
		l.r.unit(&l.u)
	}
	if l.lines && l.line < l.pos {
		l.r.record(l.line, l.pos, "")
	}
}
