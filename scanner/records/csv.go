package records

import (
	"strconv"
	"strings"
)

// csvLocator follows the rows of delimited text (csv_lex.go) for the
// scanner, and reports their spans to a Sink for the rewriter. A row that
// breaks (a ragged row, text after a closing quote) costs that row only:
// it is read as plain text, counted in Damage.Skipped, and the rows after
// it keep their records. A quote that never closes stops the structure.
type csvLocator struct {
	c       *csvConf
	esc     Escaping // of an unquoted field
	header  bool     // the first row names the columns
	names   []string // per column: the header, or the column number
	classes []int32
	detects []bool
	x       csvLex
	sink    Sink
	hint    Hinter // the sink, when it says what it needs
	pick    Picker // the sink, when it picks the values it needs
	// With a hint: values and records that end at or before these are
	// not needed.
	fromV, fromR int64

	rowBad  string  // why the open row is damaged
	pending []Loc   // detecting values of the open row, kept until it proves whole
	spans   []Value // with a sink: the open row's values, kept likewise
	// The last rows (csvLex.rows) looked ahead at to their end and found
	// whole, and damaged.
	whole, broken int64
	stopped       string // why the structure stopped (a quote never closed)
	done          bool   // the end of the file was read
	damage        *Damage
}

// Reasons the rewriter gives for what it cannot edit.
const (
	reasonHeader    = "the first row of a CSV file is its header and is never deleted"
	reasonBadField  = "a malformed CSV field (text after its closing quote)"
	reasonCut       = "in a quoted field the end of the file cuts: the scanner reads that row as plain text"
	reasonLongQuote = "after a quoted field longer than 1 MiB (a quote left open?): the scanner reads the rest of the file as plain text"
)

func newCSV(d Dialect, name string, head []byte, fields Fields, sink Sink) Locator {
	body := trimBOM(head)
	l := &csvLocator{c: newCSVConf(d.Delim, d.Backslash), header: d.Header, sink: sink, fromV: -1, fromR: -1}
	if h, ok := sink.(Hinter); ok {
		l.hint = h
		l.fromV, l.fromR = h.Hint()
	}
	l.pick, _ = sink.(Picker)
	l.esc = Escaping{Quoting: CSVBare, Quote: d.Delim}
	if d.Backslash {
		l.esc.Quoting = CSVEscaped
	}
	l.x.pos = int64(len(head) - len(body)) // a BOM is no data
	cf, byValues := fields.(ColumnFields)
	n := 1
	if !d.Header && byValues {
		n = columnSample
	}
	rows := sampleRows(body, l.c, n)
	if len(rows) == 0 {
		return l // the width is taken from the first row when it ends
	}
	l.width(len(rows[0]))
	if d.Header {
		for i, cell := range rows[0] {
			l.names[i] = strings.TrimSpace(string(cell))
		}
	}
	switch {
	case fields == nil:
		return l
	case d.Header:
		parent := []byte(baseName(name))
		for i, n := range l.names {
			l.classes[i] = fields.Class([]byte(n), parent)
		}
	case byValues:
		copy(l.classes, cf.ClassesOf(columns(rows, d.Backslash)))
	}
	for i, class := range l.classes {
		l.detects[i] = class != 0 && fields.Detects(class)
	}
	return l
}

// width sets the number of columns, named by their numbers.
func (l *csvLocator) width(n int) {
	l.names = make([]string, n)
	l.classes = make([]int32, n)
	l.detects = make([]bool, n)
	for i := range l.names {
		l.names[i] = strconv.Itoa(i + 1)
	}
}

func (l *csvLocator) Damage() *Damage { return l.damage }

func (l *csvLocator) Advance(hay []byte, base, to int64, final bool, vals *[]Loc) {
	end := base + int64(len(hay))
	to = min(to, end)
	if l.stopped == "" && to > l.x.pos {
		l.run(hay, base, to, vals)
	}
	if final && to == end && !l.done {
		l.done = true
		l.finish(end, vals)
	}
}

// run reads on to to.
func (l *csvLocator) run(hay []byte, base, to int64, vals *[]Loc) {
	for {
		switch l.x.next(l.c, hay, base, to) {
		case evNone:
			return
		case evField:
			l.field(vals)
		case evBroken:
			l.stop(reasonLongQuote, "quoted field longer than 1 MiB (a quote left open?)")
			return
		}
	}
}

// finish ends the file at end.
func (l *csvLocator) finish(end int64, vals *[]Loc) {
	if l.stopped == "" {
		switch l.x.finish() {
		case evField:
			l.field(vals)
		case evBroken:
			l.stop(reasonCut, "quote left open at the end of the file")
		}
	}
	if l.stopped != "" && l.sink != nil {
		// Nothing from the open field on is structure any more.
		x := &l.x
		v := &Value{OuterStart: x.fs, OuterEnd: end, Start: x.fs, End: end, Reason: l.stopped}
		l.sink.Value(v)
		l.sink.Record(x.rowStart, end, l.stopped)
	}
}

// field takes the field the lexer just ended, and its row when it ends it.
func (l *csvLocator) field(vals *[]Loc) {
	x := &l.x
	hdr := l.header && x.rows == 1
	f := x.fidx
	s, e := x.content()
	if x.bad && l.rowBad == "" {
		l.rowBad = "text after a closing quote"
	}
	if l.sink != nil && x.end > l.fromV {
		if v := l.value(x); l.pick == nil || l.pick.Picks(&v) {
			l.spans = append(l.spans, v)
		}
	}
	if !hdr && l.rowBad == "" && f < len(l.detects) && l.detects[f] && e > s && !x.null() {
		l.pending = append(l.pending, Loc{Row: x.rows - l.hdr(), Field: l.names[f], Class: l.classes[f], Start: s, End: e, Esc: l.escOf(x.quoted)})
	}
	if !x.last {
		return
	}
	if l.names == nil {
		l.width(f + 1)
	}
	if n := f + 1; l.rowBad == "" && !hdr && n != len(l.names) {
		l.rowBad = "row has " + strconv.Itoa(n) + " fields, not " + strconv.Itoa(len(l.names))
	}
	if l.rowBad != "" {
		l.skip(x.rowStart, l.rowBad)
	} else {
		*vals = append(*vals, l.pending...)
	}
	if l.sink != nil {
		l.flush(hdr)
	}
	l.pending, l.rowBad = l.pending[:0], ""
}

// value is the span of the field the lexer just ended.
func (l *csvLocator) value(x *csvLex) Value {
	v := Value{Escaping: l.esc, OuterStart: x.fs, OuterEnd: x.end}
	v.Start, v.End = x.content()
	switch {
	case x.bad:
		v.Escaping, v.Start, v.End, v.Reason = Escaping{}, x.fs, x.end, reasonBadField
	case x.quoted:
		v.Quoting = CSVQuoted
	default:
		v.Sole = x.last && x.fidx == 0 && !l.c.backslash
	}
	if f := x.fidx; !(l.header && x.rows == 1) && f < len(l.names) {
		v.Rec = Loc{Row: x.rows - l.hdr(), Field: l.names[f], Class: l.classes[f]}
	}
	return v
}

// flush reports the row just ended: its values, editable only in a whole
// row, and the row.
func (l *csvLocator) flush(hdr bool) {
	reason := ""
	switch {
	case l.rowBad != "":
		reason = "a damaged CSV row (" + l.rowBad + "): the scanner reads it as plain text"
	case hdr:
		reason = reasonHeader
	}
	for i := range l.spans {
		v := &l.spans[i]
		if l.rowBad != "" && v.Quoting != Unfit {
			v.Escaping, v.Reason = Escaping{}, reason
		}
		l.sink.Value(v)
	}
	l.spans = l.spans[:0]
	if l.x.rowEnd > l.fromR {
		l.sink.Record(l.x.rowStart, l.x.rowEnd, reason)
	}
	if l.hint != nil {
		l.fromV, l.fromR = l.hint.Hint()
	}
}

// skip counts a damaged row, read as plain text.
func (l *csvLocator) skip(at int64, reason string) {
	if l.damage == nil {
		l.damage = &Damage{Offset: at, Kind: CSV, Reason: reason}
	}
	l.damage.Skipped++
}

// stop ends the structure at the open row: the rest of the file is plain
// text. why is for the rewriter, reason for the damage.
func (l *csvLocator) stop(why, reason string) {
	x := &l.x
	if l.damage == nil {
		l.damage = &Damage{Offset: x.rowStart, Kind: CSV, Reason: reason}
	} else {
		l.damage.Skipped++
	}
	l.stopped = why
	l.pending = l.pending[:0]
	if l.sink != nil {
		for i := range l.spans {
			v := &l.spans[i]
			if v.Quoting != Unfit {
				v.Escaping, v.Reason = Escaping{}, why
			}
			l.sink.Value(v)
		}
		l.spans = l.spans[:0]
	}
}

func (l *csvLocator) hdr() int64 {
	if l.header {
		return 1
	}
	return 0
}

func (l *csvLocator) escOf(quoted bool) Escaping {
	if quoted {
		return Escaping{Quoting: CSVQuoted, Quote: l.c.delim}
	}
	return l.esc
}

func (l *csvLocator) At(hay []byte, base, off int64, final bool, vals *[]Loc) (Loc, bool) {
	l.Advance(hay, base, off, final, vals)
	x := &l.x
	if l.stopped != "" || off < x.pos || off >= base+int64(len(hay)) {
		return Loc{}, false
	}
	c := hay[off-base]
	row := x.rows
	// Whether off is in a value, by the state the lexer reads it in.
	switch x.st {
	case lxLine:
		row++
		fallthrough
	case lxField:
		if c == '\n' || c == '\r' || c == l.c.delim || (c == '"' && !l.c.backslash) {
			return Loc{}, false
		}
	case lxLineCR:
		if c == '\n' {
			return Loc{}, false
		}
		row++
	case lxBare:
		if c == '\n' || c == l.c.delim {
			return Loc{}, false
		}
	case lxBareCR:
		if c == '\n' {
			return Loc{}, false
		}
	case lxQuote:
		if c != '"' {
			return Loc{}, false
		}
	case lxQuoteCR:
		return Loc{}, false
	}
	if (l.header && row == 1) || row == l.broken || (row == x.rows && l.rowBad != "") {
		return Loc{}, false
	}
	return l.ahead(hay, base, final, row)
}

// ahead reads on (without moving the locator) to the end of the value at
// the lexer's position and of its row, within hay, and returns where the
// value stands; ok is false when its row is damaged. A row that runs past
// hay is taken on trust.
func (l *csvLocator) ahead(hay []byte, base int64, final bool, row int64) (Loc, bool) {
	t := l.x
	end := base + int64(len(hay))
	known := row == l.whole // a row already seen whole needs only the value's end
	var loc Loc
	got := false
	for {
		ev := t.next(l.c, hay, base, end)
		if ev == evNone && final {
			final = false
			ev = t.finish()
		}
		switch ev {
		case evBroken:
			return Loc{}, false
		case evNone:
			if got {
				return loc, true
			}
			f := t.field
			if f >= len(l.names) || t.rows != row {
				return Loc{}, false
			}
			quoted := t.st == lxQuoted || t.st == lxQuote || t.st == lxQuoteCR
			start := t.fs
			if quoted {
				start++
			}
			return Loc{Row: row - l.hdr(), Field: l.names[f], Class: l.classes[f], Start: start, End: -1, Esc: l.escOf(quoted)}, true
		}
		if t.bad {
			l.broken = row
			return Loc{}, false
		}
		if !got {
			got = true
			f := t.fidx
			s, e := t.content()
			if f >= len(l.names) || t.null() {
				return Loc{}, false
			}
			loc = Loc{Row: row - l.hdr(), Field: l.names[f], Class: l.classes[f], Start: s, End: e, Esc: l.escOf(t.quoted)}
			if known {
				return loc, true
			}
		}
		if t.last {
			if t.fidx+1 != len(l.names) {
				l.broken = row
				return Loc{}, false
			}
			l.whole = row
			return loc, true
		}
	}
}
