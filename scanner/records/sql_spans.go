package records

import "fmt"

// What the SQL locator tells a sink (Sink), for the rewriter: the spans of
// strings, quoted names, dollar quotes, comments, tuple fields and COPY
// fields, COPY rows, INSERT tuples and statements, and where damage stops
// the structure. Without a sink, and in a peek (At), m.sp is nil: each of
// these is a nil check.

// sqlSpans is the state only spans need.
type sqlSpans struct {
	sink     Sink
	hint     Hinter // the sink, when it says which spans it needs
	pick     Picker // the sink, when it picks the values it needs
	fromV    int64  // values that end at or before it are not needed
	fromR    int64  // nor records that end at or before it
	v        Value  // reused for each report
	lastEnd  int64  // the end of the last value reported
	lnStart  int64  // where the current line starts
	lnBlank  bool   // only blanks since lnStart
	stmtDel  int64  // what deleting the INSERT removes from: its line, when only blanks precede it
	fromLine bool   // stmtDel is a line's start
	ins      bool   // in an INSERT whose VALUES were reached
	tup      int64  // the '(' of the open tuple, -1 for none
	semiAt   int64  // the INSERT's ';'
	dmgFrom  int64  // the start of the record the damage cuts
	dmgDone  bool   // the damage was reported
}

const (
	sqlReasonHex  = "in a hex or bit string literal"
	sqlReasonExpr = "in an expression of a tuple, not one value"
	sqlReasonCopy = "in COPY data with options (CSV format, another delimiter) that piid does not follow"
)

func (m *sqlLoc) newLine(start int64) {
	if m.sp != nil {
		m.sp.lnStart, m.sp.lnBlank = start, true
	}
}

func (m *sqlLoc) notBlank() {
	if m.sp != nil {
		m.sp.lnBlank = false
	}
}

func (m *sqlLoc) tupOpen(abs int64) {
	if m.sp != nil {
		m.sp.tup = abs
	}
}

// value reports a value; with no sink, it is a nil check the compiler
// inlines.
func (m *sqlLoc) value(q Escaping, outerStart, outerEnd, start, end int64, reason string) {
	if m.sp != nil && m.sp.wants(outerEnd) {
		m.report(q, outerStart, outerEnd, start, end, reason)
	}
}

// report fills the reused Value field by field (no zeroing and copy of a
// whole Value each time), lets a picking sink pass it by, and reports it
// with its record.
func (m *sqlLoc) report(q Escaping, outerStart, outerEnd, start, end int64, reason string) {
	sp := m.sp
	v := &sp.v
	v.Escaping, v.OuterStart, v.OuterEnd, v.Start, v.End, v.Reason = q, outerStart, outerEnd, start, end, reason
	if sp.pick != nil && !sp.pick.Picks(v) {
		return
	}
	m.rec()
	sp.sink.Value(v)
	sp.hinted()
}

// wants says whether the sink needs the value that ends at outerEnd.
func (sp *sqlSpans) wants(outerEnd int64) bool {
	sp.lastEnd = max(sp.lastEnd, outerEnd)
	return outerEnd > sp.fromV
}

// record reports a record the sink needs.
func (sp *sqlSpans) record(start, end int64, reason string) {
	if end > sp.fromR {
		sp.sink.Record(start, end, reason)
		sp.hinted()
	}
}

// hinted asks the sink again which spans it needs, after a report.
func (sp *sqlSpans) hinted() {
	if sp.hint != nil {
		sp.fromV, sp.fromR = sp.hint.Hint()
	}
}

// rec tells the value about to be reported where it sits: the row and
// column of a tuple or COPY field, no record elsewhere.
func (m *sqlLoc) rec() {
	m.sp.v.Rec = Loc{}
	if (m.ctx == sxField || m.ctx == sxCopy) && m.tab != nil {
		m.sp.v.Rec = m.loc(0, 0)
		m.sp.v.Rec.Esc = Escaping{}
	}
}

// exprEsc is how the expression of a tuple field reads: one bare value
// (a number, NULL) as it is, anything else not at all.
func (m *sqlLoc) exprEsc() Escaping {
	if m.bare {
		return Escaping{Quoting: SQLBare, Backslash: m.bsl}
	}
	return Escaping{Quoting: Unfit}
}

// valEsc is how the value being read reads.
func (m *sqlLoc) valEsc() Escaping {
	switch {
	case m.ctx == sxCopy:
		return Escaping{Quoting: CopyField}
	case m.fk == sqFkStr:
		return m.vq
	}
	return m.exprEsc()
}

// spanStr reports the string or quoted name that opened at qStart and
// whose closing quote is at mark.
func (m *sqlLoc) spanStr() {
	if m.sp != nil {
		m.reportStr()
	}
}

func (m *sqlLoc) reportStr() {
	reason := ""
	if m.vq.Quoting == Unfit {
		reason = sqlReasonHex
	}
	m.value(m.vq, m.qStart, m.mark+1, m.qStart+1, m.mark, reason)
}

// spanDollar reports the dollar quote that opened at mark and whose
// closing tag ends at end (its last '$').
func (m *sqlLoc) spanDollar(end int64) {
	n := int64(len(m.dtag))
	m.value(Escaping{Quoting: SQLDollar}, m.mark, end+1, m.mark+n+2, end-n-1, "")
}

// spanLine reports the line comment whose text ends at end.
func (m *sqlLoc) spanLine(end int64) {
	if m.sp != nil && m.cs >= 0 && m.sp.wants(end) {
		m.report(Escaping{Quoting: SQLLineComment}, m.cs, end, m.cs, end, "")
	}
}

// lineComment starts a comment to the end of the line, its text at text.
func (m *sqlLoc) lineComment(text int64) {
	m.st, m.cs = sqLine, text
	if m.ctx == sxField {
		m.bare = false
	}
}

// endBlock ends the outermost /* comment */ (mark), its '/' at end.
func (m *sqlLoc) endBlock(end int64) {
	m.st = sqCode
	m.value(Escaping{Quoting: SQLBlockComment, Nest: !m.mysql}, m.mark, end+1, m.mark+2, end-1, "")
	m.notBlank()
	if m.ctx == sxField {
		m.bare = false
	}
}

// spanExpr reports the expression of a tuple field, up to sep (the ','
// or ')' after it).
func (m *sqlLoc) spanExpr(sep int64) {
	if m.sp != nil && m.fk == sqFkExpr {
		m.reportExpr(sep)
	}
}

func (m *sqlLoc) reportExpr(sep int64) {
	q, reason := m.exprEsc(), ""
	if q.Quoting == Unfit {
		reason = sqlReasonExpr
	}
	m.value(q, m.valStart, sep, m.valStart, m.last, reason)
}

func (m *sqlLoc) spanCopyField(end int64) {
	if m.sp != nil && m.sp.wants(end) {
		m.report(Escaping{Quoting: CopyField}, m.valStart, end, m.valStart, end, "")
	}
}

// spanRow reports the COPY row that started at lineStart.
func (m *sqlLoc) spanRow(end int64) {
	if m.sp != nil {
		m.sp.record(m.lineStart, end, "")
	}
}

// spanOpaque reports a line of COPY data not followed, its newline at nl.
func (m *sqlLoc) spanOpaque(nl int64) {
	if m.sp != nil {
		m.value(Escaping{Quoting: Unfit}, m.lineStart, nl, m.lineStart, nl, sqlReasonCopy)
		m.sp.record(m.lineStart, nl+1, "a row of "+sqlReasonCopy[3:])
	}
}

// stmtStart notes the first word of a statement, at abs.
func (m *sqlLoc) stmtStart(abs int64) {
	if m.sp == nil {
		return
	}
	m.sp.stmtDel, m.sp.fromLine = abs, m.sp.lnBlank
	if m.sp.lnBlank {
		m.sp.stmtDel = m.sp.lnStart
	}
	m.sp.lnBlank = false
}

func (m *sqlLoc) spanTuple(end int64) {
	if m.sp != nil {
		m.sp.sink.Tuple(m.sp.tup, end)
		m.sp.hinted()
		m.sp.tup = -1
	}
}

// endStmt reads the ';' at semi that ends a statement: after an INSERT's
// tuples, the blanks to its line's end go with it (sqSemi).
func (m *sqlLoc) endStmt(semi int64) {
	if m.sp == nil || !m.sp.ins {
		m.notBlank()
		return
	}
	m.sp.lnBlank = false
	m.sp.semiAt, m.st = semi, sqSemi
}

// spanStmt reports the INSERT that ends at end.
func (m *sqlLoc) spanStmt(end int64) {
	if m.sp != nil && m.sp.ins {
		m.sp.sink.Statement(m.sp.stmtDel, end)
		m.sp.hinted()
		m.sp.ins = false
	}
}

// semi reads c, after an INSERT's ';' at semiAt, at abs; it says whether
// c was read.
func (m *sqlLoc) semi(c byte, abs int64) bool {
	if m.sp == nil { // a peek
		m.st = sqCode
		return false
	}
	switch c {
	case ' ', '\t', '\r':
		return true
	case '\n':
		end := m.sp.semiAt + 1
		if m.sp.fromLine {
			end = abs + 1
		}
		m.spanStmt(end)
		m.sp.lnStart, m.sp.lnBlank = abs+1, true
		m.st = sqCode
		return true
	}
	m.spanStmt(m.sp.semiAt + 1)
	m.st = sqCode
	return false
}

// eofSpans reports what the end of the file ends, at end.
func (m *sqlLoc) eofSpans(end int64) {
	if m.sp == nil {
		return
	}
	switch m.st {
	case sqLine:
		m.spanLine(end)
	case sqQuotedEnd:
		m.spanStr()
	case sqSemi:
		if m.sp.fromLine {
			m.spanStmt(end)
		} else {
			m.spanStmt(m.sp.semiAt + 1)
		}
	}
	if m.ctx == sxField {
		m.spanExpr(end) // a field the end cuts: its value stands, as At says
	}
	m.spanStmt(end) // an INSERT the end cuts: its tuples stand
}

// damageFrom notes the start of the record that damage at off cuts.
func (m *sqlLoc) damageFrom(off int64) {
	if m.sp == nil {
		return
	}
	from := off
	switch {
	case m.ctx == sxField && m.sp.tup >= 0:
		from = min(from, m.sp.tup)
	case (m.ctx == sxCopy || m.ctx == sxOpaque) && m.st != sqCopyPre && m.st != sqCopyLine && m.st != sqOpqLine:
		from = min(from, m.lineStart)
	}
	m.sp.dmgFrom = from
}

// spanDamage reports, once the file's end is known, that no edit can go
// past the damage: the scanner reads that part as plain text, and its
// quoting cannot be known.
func (m *sqlLoc) spanDamage(end int64) {
	if m.sp == nil || m.sp.dmgDone || m.dmg == nil {
		return
	}
	m.sp.dmgDone = true
	d := m.dmg
	reason := fmt.Sprintf("damage at byte %d (%s) cuts the structure of the SQL dump: what follows is read as plain text, and no edit can go there", d.Offset, d.Reason)
	if from := max(d.Offset, m.sp.lastEnd); from < end {
		m.value(Escaping{Quoting: Unfit}, from, end, from, end, reason)
	}
	if m.sp.dmgFrom < end {
		m.sp.record(m.sp.dmgFrom, end, reason)
	}
}
