package records

import "bytes"

// textLoc reports the lines of plain text as records, for the rewriter:
// text has no values, and a line (its line end included) is what
// deleting a record removes.
type textLoc struct {
	sink Sink
	pos  int64 // the next byte to read
	line int64 // where the current line starts
}

func newText(sink Sink) Locator { return &textLoc{sink: sink, line: -1} }

func (l *textLoc) Damage() *Damage { return nil }

func (l *textLoc) At(hay []byte, base, off int64, final bool, vals *[]Loc) (Loc, bool) {
	l.Advance(hay, base, off, final, vals)
	return Loc{}, false
}

func (l *textLoc) Advance(hay []byte, base, to int64, final bool, _ *[]Loc) {
	end := base + int64(len(hay))
	if l.line < 0 {
		l.line = 0
		if base == 0 && bytes.HasPrefix(hay, bom) {
			l.line, l.pos = int64(len(bom)), int64(len(bom)) // a deleted first line keeps the BOM
		}
	}
	to = min(to, end)
	for l.pos < to {
		k := bytes.IndexByte(hay[l.pos-base:to-base], '\n')
		if k < 0 {
			l.pos = to
			break
		}
		l.pos += int64(k) + 1
		l.sink.Record(l.line, l.pos, "")
		l.line = l.pos
	}
	if final && to == end && l.line < end {
		l.sink.Record(l.line, end, "")
		l.line = end
	}
}
