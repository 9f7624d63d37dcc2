package rewrite

import (
	"fmt"
	"math"
	"slices"

	"github.com/piid/piid/scanner/records"
)

// newLexer returns the lexer of a file read with dialect d, nil when
// edits need none (plain text with nothing to delete).
func newLexer(d records.Dialect, name string, head []byte, p *plan) *lexer {
	if len(p.rep)+len(p.del) == 0 || d.Kind == records.Text && len(p.del) == 0 {
		return nil
	}
	return &lexer{loc: records.New(d, name, head, nil, p)}
}

// lexer reads a file with the locator of its dialect (package records),
// the parser the scanner reads it with, reporting to the plan; the plan
// needs no field's class, so the locator gets no Fields.
type lexer struct {
	loc  records.Locator
	pos  int64
	vals []records.Loc
}

// feed follows the next bytes of the content.
func (l *lexer) feed(b []byte) {
	l.loc.Advance(b, l.pos, l.pos+int64(len(b)), false, &l.vals)
	l.pos += int64(len(b))
	l.vals = l.vals[:0]
}

// end follows the end of the content.
func (l *lexer) end() {
	l.loc.Advance(nil, l.pos, l.pos, true, &l.vals)
}

// op is one change of the output: the bytes [start,end) of the content
// are dropped (del), replaced by data, or rebuilt by u from their edits.
type op struct {
	start, end int64
	del        bool
	data       []byte
	u          *unit
	edits      []edit
}

// plan places the edits on the structure a lexer reports and turns them
// into ops. Edits are sorted (prepare), and so are the lexer's reports, so
// placing them is a merge.
type plan struct {
	kind     records.Kind
	rep, del []edit
	ri, di   int // the first edit not yet placed
	ops      []op
	err      error

	// The INSERT being read: the end of its last kept tuple (-1 before
	// one), and the run of deleted tuples since (start -1 when none).
	keptEnd           int64
	runStart, runEnd  int64
	runCount          int
	replaced, deleted int
	removed           int64
}

func newPlan(kind records.Kind, rep, del []edit) *plan {
	return &plan{kind: kind, rep: rep, del: del, keptEnd: -1, runStart: -1}
}

// Hint says which spans matter (records.Hinter): values that end past
// units and records that end past recs; most of a file is values no edit
// names.
func (p *plan) Hint() (units, recs int64) {
	units, recs = math.MaxInt64, math.MaxInt64
	if p.ri < len(p.rep) {
		units = p.rep[p.ri].Start
	}
	if p.di < len(p.del) {
		recs = p.del[p.di].Start
	}
	return units, recs
}

func (p *plan) fail(e edit, format string, args ...any) {
	if p.err == nil {
		p.err = editErr(e, format, args...)
	}
}

func (p *plan) Value(u *unit) {
	if p.ri == len(p.rep) || p.rep[p.ri].Start >= u.OuterEnd {
		return
	}
	j := p.ri
	for ; j < len(p.rep) && p.rep[j].Start < u.OuterEnd; j++ {
		e := p.rep[j]
		switch {
		case e.Start < u.OuterStart:
			p.fail(e, "not inside a value of the %s (a field, string or number)", p.kind)
		case e.End > u.OuterEnd:
			p.fail(e, "crosses the end of its value at byte %d", u.OuterEnd)
		case u.Quoting == records.Unfit && inert(e.Replacement):
			// Where the quoting cannot be known (a line that is not JSON,
			// a damaged row, past damage), text no format gives a meaning
			// to goes in as it is: the bytes around keep theirs.
			p.ops = append(p.ops, op{start: e.Start, end: e.End, data: e.Replacement, edits: []edit{e}})
		case u.Reason != "":
			p.fail(e, "%s (only a replacement of letters, digits, blanks and . @ _ : + = [ ] could go there)", u.Reason)
		case u.OuterEnd-u.OuterStart > MaxValue:
			p.fail(e, "its value is %d bytes, more than the %d an edit can rebuild", u.OuterEnd-u.OuterStart, MaxValue)
		}
	}
	if u.Quoting != records.Unfit {
		c := *u
		p.ops = append(p.ops, op{start: u.OuterStart, end: u.OuterEnd, u: &c, edits: p.rep[p.ri:j]})
	}
	p.ri = j
}

// inert says whether a replacement is made only of bytes no format or
// escaping gives a meaning to (a redaction token, a pseudonym): letters,
// digits, blanks, . @ _ : + = [ ] and any non-ASCII byte.
func inert(b []byte) bool {
	for _, c := range b {
		switch {
		case c >= 0x80, c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == ' ', c == '.', c == '@', c == '_', c == ':', c == '+', c == '=', c == '[', c == ']':
		default:
			return false
		}
	}
	return true
}

// hit takes the deletions that start in [start,end) and says whether there
// were any.
func (p *plan) hit(start, end int64, reason string) bool {
	if p.di == len(p.del) || p.del[p.di].Start >= end {
		return false
	}
	for ; p.di < len(p.del) && p.del[p.di].Start < end; p.di++ {
		e := p.del[p.di]
		switch {
		case e.Start < start:
			p.fail(e, "not inside a record of the %s", p.kind)
		case e.End > end:
			p.fail(e, "crosses the end of its record at byte %d", end)
		case reason != "":
			p.fail(e, "%s", reason)
		}
	}
	return true
}

func (p *plan) Record(start, end int64, reason string) {
	if p.hit(start, end, reason) {
		p.drop(start, end, 1)
	}
}

func (p *plan) drop(start, end int64, records int) {
	p.ops = append(p.ops, op{start: start, end: end, del: true})
	p.deleted += records
	p.removed += end - start
}

// tuple follows the deleted runs of an INSERT's tuples: a run followed by a
// kept tuple goes with the separator after it, up to the kept one; a run
// at the end goes with the separator before it, from the last kept one.
// Either way the list stays a list.
func (p *plan) Tuple(start, end int64) {
	if p.hit(start, end, "") {
		if p.runStart < 0 {
			p.runStart = start
		}
		p.runEnd = end
		p.runCount++
		return
	}
	if p.runStart >= 0 {
		p.drop(p.runStart, start, p.runCount)
		p.runStart, p.runCount = -1, 0
	}
	p.keptEnd = end
}

func (p *plan) Statement(start, end int64) {
	if p.runStart >= 0 {
		if p.keptEnd >= 0 {
			p.drop(p.keptEnd, p.runEnd, p.runCount)
		} else {
			p.drop(start, end, p.runCount) // no tuple left: the statement goes
		}
	}
	p.keptEnd, p.runStart, p.runCount = -1, -1, 0
}

// finish checks that every edit was placed in content of size bytes and
// returns the ops in file order. Replacements inside deleted records go
// with their records.
func (p *plan) finish(size int64) ([]op, error) {
	if p.err != nil {
		return nil, p.err
	}
	for _, l := range [][]edit{p.rep, p.del} {
		for _, e := range l {
			if e.End > size {
				return nil, editErr(e, "out of range (the content has %d bytes)", size)
			}
		}
	}
	if p.kind == records.Text {
		for _, e := range p.rep {
			p.ops = append(p.ops, op{start: e.Start, end: e.End, data: e.Replacement, edits: []edit{e}})
		}
		p.ri = len(p.rep)
	}
	if p.ri < len(p.rep) {
		return nil, editErr(p.rep[p.ri], "not inside a value of the %s (a field, string or number)", p.kind)
	}
	if p.di < len(p.del) {
		return nil, editErr(p.del[p.di], "not inside a record of the %s", p.kind)
	}
	slices.SortStableFunc(p.ops, func(a, b op) int {
		if a.start != b.start {
			return cmpInt(a.start, b.start)
		}
		return cmpInt(b.end, a.end)
	})
	ops := p.ops[:0]
	for _, o := range p.ops {
		if n := len(ops); n > 0 && o.start < ops[n-1].end {
			last := &ops[n-1]
			switch {
			case last.del && o.end <= last.end: // in a deleted record
				continue
			case last.del && o.del: // records that overlap: one span
				p.removed -= last.end - o.start
				last.end = o.end
				continue
			}
			return nil, fmt.Errorf("internal: changes [%d,%d) and [%d,%d) overlap", last.start, last.end, o.start, o.end)
		}
		ops = append(ops, o)
	}
	for _, o := range ops {
		p.replaced += len(o.edits)
	}
	return ops, nil
}
