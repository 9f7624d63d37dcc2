package records

import "fmt"

// What the JSON locator reports to a Sink (the rewriter's view): every
// string (keys too: a finding may sit in one) as JSONString, every number
// and literal as JSONBare, and in JSONL every line as a record.
//
// A JSONL line's values are held back until the line is known to parse:
// a line that does not is one Unfit value (an edit cannot tell how it is
// escaped) and a record that can still be deleted. A line with more
// values than maxPending reports them as they come, and only what follows
// them becomes Unfit if the line then fails. In JSON, damage ends the
// structure: from the token it cut (or the damage itself) to the end of
// the file is one Unfit value.

const maxPending = 1 << 14

type spanState struct {
	sink     Sink
	pick     Picker  // the sink, when it picks the values it needs
	hint     Hinter  // the sink, when it says which spans it needs
	fromV    int64   // values that end at or before it are not needed
	fromR    int64   // nor records that end at or before it
	find     *finder // Lookup: told the path of each value
	pending  []held  // JSONL: values of a line not yet known to parse
	repEnd   int64   // the end of the last value reported
	cut      int64   // JSON: where the unreadable part starts, -1
	tailed   bool    // JSON: that part was reported
	rowAt    int64   // JSON: where the row being read starts, -1
	rowDepth int     // JSON: the depth of its value
	v        Value
}

// held is a value waiting for its line's end.
type held struct {
	os, s, e, oe int64
	q            Quoting
	rec          Loc
}

// span is a value the main lexer read: [os,oe) with its quotes, [s,e)
// its content. key says it is an object's key.
func (l *jsonLoc) span(os, s, e, oe int64, q Quoting, key bool) {
	if l.find != nil && !key {
		l.find.find(l, os)
	}
	if oe <= l.fromV {
		return // no edit needs it: what ends before the next edit
	}
	if l.pick != nil && (key || q != JSONString || !l.main.sesc) {
		return // a picking sink wants strings that hold an escape alone
	}
	l.v = Value{Escaping: Escaping{Quoting: q}, OuterStart: os, OuterEnd: oe, Start: s, End: e}
	if l.pick != nil {
		if key || !l.pick.Picks(&l.v) {
			return
		}
		l.v.Rec = l.loc(s, e, q)
		l.v.Rec.Start, l.v.Rec.End, l.v.Rec.Esc = 0, 0, Escaping{}
	}
	if l.jsonl && !l.lineOK {
		if len(l.pending) < maxPending {
			l.pending = append(l.pending, held{os, s, e, oe, q, l.v.Rec})
			return
		}
		v := l.v
		l.flush() // a line too long to wait for
		l.v = v
	}
	if len(l.pending) > 0 {
		v := l.v
		l.flush()
		l.v = v
	}
	l.report(&l.v)
}

func (l *jsonLoc) report(v *Value) {
	l.sink.Value(v)
	l.repEnd = v.OuterEnd
	l.hinted()
}

// hinted asks the sink again which spans it needs, after a report.
func (l *jsonLoc) hinted() {
	if l.hint != nil {
		l.fromV, l.fromR = l.hint.Hint()
	}
}

func (l *jsonLoc) flush() {
	for _, h := range l.pending {
		l.v = Value{Escaping: Escaping{Quoting: h.q}, OuterStart: h.os, OuterEnd: h.oe, Start: h.s, End: h.e, Rec: h.rec}
		l.report(&l.v)
	}
	l.pending = l.pending[:0]
}

// lineDone reports the JSONL line that ends at end (its line end, if
// any, up to next), after its values or, bad, as one Unfit value.
func (l *jsonLoc) lineDone(end, next int64, bad bool) {
	if bad {
		l.pending = l.pending[:0]
		if s := max(l.lineStart, l.repEnd); s < end {
			l.v = Value{Escaping: Escaping{Quoting: Unfit}, OuterStart: s, OuterEnd: end, Start: s, End: end,
				Reason: fmt.Sprintf("in line %d, which is not valid JSON (%s): only the whole line can be deleted", l.line, l.lineErr)}
			l.report(&l.v)
		}
	} else {
		l.flush()
	}
	if l.lineStart < next && next > l.fromR {
		l.sink.Record(l.lineStart, next, "")
		l.hinted()
	}
}

// reasonJSONRow is why a row of a JSON document is no record to delete.
const reasonJSONRow = "a row of a JSON document: it cannot be removed in place (only JSONL lines can)"

// rowEnded reports the JSON row whose value may have just ended at end,
// as a record that cannot be deleted.
func (l *jsonLoc) rowEnded(x *lexer, end int64) {
	if l.rowAt >= 0 && !l.jsonl && len(x.kinds) == l.rowDepth {
		l.sink.Record(l.rowAt, end, reasonJSONRow)
		l.rowAt = -1
	}
}

// tail reports, once the end of a damaged JSON file is reached, what
// follows the damage as one Unfit value.
func (l *jsonLoc) tail(end int64, final bool) {
	if l.sink == nil || !final || l.tailed {
		return
	}
	l.tailed = true
	d := l.dmg
	if l.rowAt >= 0 { // the row the damage cut
		l.sink.Record(l.rowAt, end, reasonJSONRow)
		l.rowAt = -1
	}
	s := l.cut
	if s < 0 {
		s = d.Offset
	}
	if s = max(s, l.repEnd); s < end {
		l.v = Value{Escaping: Escaping{Quoting: Unfit}, OuterStart: s, OuterEnd: end, Start: s, End: end,
			Reason: fmt.Sprintf("past malformed JSON at byte %d (%s): it reads as plain text from there, and an edit cannot tell how it is escaped", d.Offset, d.Reason)}
		l.report(&l.v)
	}
}
