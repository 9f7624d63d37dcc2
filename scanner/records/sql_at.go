package records

import (
	"strconv"
)

// The SQL locator's answers to the scanner: Advance and At (with its peek),
// the values it reports, and the columns they belong to.

func (m *sqlLoc) Advance(hay []byte, base, to int64, final bool, vals *[]Loc) {
	m.advance(hay, base, to, final, vals)
	if m.dmg == nil && !m.ended {
		m.settle(hay, base, vals)
	}
	if final && m.dmg != nil && to >= base+int64(len(hay)) {
		m.spanDamage(base + int64(len(hay)))
	}
}

func (m *sqlLoc) advance(hay []byte, base, to int64, final bool, vals *[]Loc) {
	if m.dmg != nil {
		return
	}
	end := base + int64(len(hay))
	to = min(to, end)
	m.final = final
	if to > m.pos {
		if m.pos < base {
			m.damage(m.pos, "input skipped")
			return
		}
		m.vals = vals
		m.run(hay, base, int(to-base))
		m.vals = nil
	}
	if final && to == end && m.pos == end && !m.ended && m.dmg == nil {
		m.vals = vals
		m.eof()
		m.vals = nil
	}
}

// settle reports the value that ends at pos when the next byte, already in
// hay, shows that it ends: the scanner may drop the bytes before pos.
func (m *sqlLoc) settle(hay []byte, base int64, vals *[]Loc) {
	i := int(m.pos - base)
	if i < 0 || i >= len(hay) || m.done {
		return
	}
	c := hay[i]
	m.vals = vals
	switch m.st {
	case sqVStr: // the closing quote is next
		if c == m.q && i+1 < len(hay) && hay[i+1] != m.q {
			m.emit(m.valStart, m.pos, false)
			m.done = true
		}
	case sqVStrEnd:
		if c != m.q {
			m.closeStr()
		}
	case sqCopyField:
		if c == '\t' || c == '\n' || c == '\r' {
			m.emit(m.valStart, m.pos, m.null && m.pos-m.valStart == 2)
			m.done = true
		}
	case sqCode, sqFWord:
		if m.ctx != sxField || m.fk != sqFkExpr || m.depth != 0 || m.st == sqFWord && sqlIdent[c] {
			break
		}
		j := i
		for j < len(hay) && sqlSpace[hay[j]] {
			j++
		}
		if j < len(hay) && (hay[j] == ',' || hay[j] == ')') {
			m.endExpr()
			m.done = true
		}
	}
	m.vals = nil
}

func (m *sqlLoc) At(hay []byte, base, off int64, final bool, vals *[]Loc) (Loc, bool) {
	m.advance(hay, base, off, final, vals)
	end := base + int64(len(hay))
	if m.dmg != nil || m.pos != off || off >= end || m.ctx != sxField && m.ctx != sxCopy {
		return Loc{}, false
	}
	// The value peeked last time, when the probe is in it again.
	if m.valStart >= 0 && m.valStart == m.pkStart && off >= m.pkStart &&
		(off < m.pkEnd || m.pkEnd < 0 && m.pkScan == end) {
		return m.pkLoc, true
	}
	c := *m
	c.peek, c.halt, c.ev, c.evDmg, c.vals, c.sp = true, false, false, -1, nil, nil
	c.run(hay, base, int(off-base)+1)
	if !c.halt {
		pending := c.ctx == sxField && (c.st == sqDash || c.st == sqDash2 || c.st == sqSlash) || c.st == sqCopyLineBS
		if !pending && (c.valStart < 0 || c.valStart > off) {
			return Loc{}, false
		}
		c.run(hay, base, len(hay))
	}
	var loc Loc
	switch {
	case c.ev:
		if c.evStart > off || off >= c.evEnd {
			return Loc{}, false
		}
		loc = c.loc(c.evStart, c.evEnd)
	case c.halt && (c.evDmg < 0 || c.evDmg <= off):
		return Loc{}, false
	case c.halt: // damage ahead: the value never ends
		if c.valStart < 0 || c.valStart > off {
			return Loc{}, false
		}
		m.pkStart = -1 // no answer to keep: the next probe may be past the damage
		return c.loc(c.valStart, -1), true
	default: // the value runs past hay
		if c.valStart < 0 || c.valStart > off {
			return Loc{}, false
		}
		loc = c.loc(c.valStart, -1)
		if final {
			switch c.st {
			case sqVStr, sqVStrEsc: // unterminated: damaged from its quote
				return Loc{}, false
			case sqVStrEnd: // closed by the file's last quote
				if off >= c.mark {
					return Loc{}, false
				}
				loc.End = c.mark
			}
		}
	}
	m.pkStart, m.pkEnd, m.pkScan, m.pkLoc = loc.Start, loc.End, end, loc
	return loc, true
}

func (m *sqlLoc) loc(start, end int64) Loc {
	col := m.col(m.field)
	return Loc{Row: m.row, Field: col.name, Table: m.tab.name, Class: col.class, Start: start, End: end, Esc: m.valEsc()}
}

// col is the column of field i of the current row.
func (m *sqlLoc) col(i int) *sqlCol {
	if m.known {
		if i < len(m.cols) {
			return &m.cols[i]
		}
		return &sqlNoCol
	}
	t := m.tab
	for len(t.nums) <= i {
		t.nums = append(t.nums, m.newCol([]byte(strconv.Itoa(len(t.nums)+1)), t))
	}
	return &t.nums[i]
}

func (m *sqlLoc) newCol(name []byte, t *sqlTable) sqlCol {
	c := sqlCol{name: string(name)}
	if m.fields != nil {
		c.class = m.fields.Class(name, t.nameB)
		c.detects = c.class != 0 && m.fields.Detects(c.class)
	}
	return c
}

// emit ends the current field's value at [start, end): a peek stops
// there; otherwise a detecting value is reported.
func (m *sqlLoc) emit(start, end int64, null bool) {
	if m.peek {
		m.ev, m.evStart, m.evEnd, m.halt = true, start, end, true
		return
	}
	if m.done || null || end <= start || m.vals == nil {
		return
	}
	if col := m.col(m.field); col.detects {
		*m.vals = append(*m.vals, Loc{Row: m.row, Field: col.name, Table: m.tab.name, Class: col.class, Start: start, End: end, Esc: m.valEsc()})
	}
}

// cancel ends a peek on a byte that turned out to be no value.
func (m *sqlLoc) cancel() {
	if m.peek {
		m.halt = true
	}
}

func (m *sqlLoc) newRow() {
	m.row++
	if !m.peek {
		m.tab.rows = m.row
	}
	m.field, m.null, m.done = 0, false, false
}
