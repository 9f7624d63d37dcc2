package records

import (
	"strconv"
)

// The SQL statement parser: the head tokens of COPY, INSERT and CREATE
// TABLE, the tables and their columns, and the end of the file.

// word handles the bare word in tok that just ended.
func (m *sqlLoc) word() {
	if m.ctx != sxBody {
		m.token(sqTkWord, 0)
		return
	}
	if m.def && !sqlConstraint(m.tok) {
		m.addCol(m.tok)
	}
	m.def = false
}

func sqlConstraint(w []byte) bool {
	for _, k := range [...]string{"primary", "constraint", "key", "unique", "index", "foreign", "check", "fulltext", "spatial", "exclude", "like", "period"} {
		if sqlKw(w, k) {
			return true
		}
	}
	return false
}

// sqlKw says whether w is the keyword k (lower case), in any case.
func sqlKw(w []byte, k string) bool {
	if len(w) != len(k) {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c-'A' < 26 {
			c += 'a' - 'A'
		}
		if c != k[i] {
			return false
		}
	}
	return true
}

func (m *sqlLoc) addCol(name []byte) {
	if len(name) == 0 {
		name = strconv.AppendInt(m.tok[:0], int64(len(m.colEnd)+1), 10)
	}
	m.colBuf = append(m.colBuf, name...)
	m.colEnd = append(m.colEnd, len(m.colBuf))
}

func (m *sqlLoc) skip() { m.ctx = sxSkip }

// token feeds a head token to the statement parser.
func (m *sqlLoc) token(kind uint8, c byte) {
	t := m.tok
	word := kind == sqTkWord
	name := word || kind == sqTkName && len(t) > 0 // "" names nothing
	if kind == sqTkPunct && c == ';' {
		switch m.ps {
		case spStdin:
			m.startCopy(sxCopy)
		case spOpaque:
			m.startCopy(sxOpaque)
		default:
			m.ps = spFirst
		}
		return
	}
	switch m.ps {
	case spFirst:
		m.sk = 0
		switch {
		case word && sqlKw(t, "copy"):
			m.sk, m.ps = sqSkCopy, spName
		case word && (sqlKw(t, "insert") || sqlKw(t, "replace")):
			m.sk, m.ps = sqSkInsert, spInsert
		case word && sqlKw(t, "create"):
			m.ps = spCreate
		case word && sqlKw(t, "delimiter"):
			m.st, m.cs = sqLine, -1
		default:
			m.skip()
		}
	case spInsert:
		switch {
		case word && sqlKw(t, "into"):
			m.ps = spName
		case word && (sqlKw(t, "ignore") || sqlKw(t, "low_priority") || sqlKw(t, "delayed") || sqlKw(t, "high_priority")):
		case name:
			m.setName()
		default:
			m.skip()
		}
	case spCreate:
		switch {
		case word && sqlKw(t, "table"):
			m.sk, m.ps = sqSkCreate, spName
		case word && (sqlKw(t, "temporary") || sqlKw(t, "temp") || sqlKw(t, "unlogged") || sqlKw(t, "global") || sqlKw(t, "local")):
		default:
			m.skip()
		}
	case spName:
		switch {
		case word && m.sk == sqSkCreate && (sqlKw(t, "if") || sqlKw(t, "not") || sqlKw(t, "exists")):
		case name:
			m.setName()
		default:
			m.skip()
		}
	case spNameDot:
		if kind == sqTkPunct && c == '.' {
			m.ps = spName
			return
		}
		m.tab = m.table()
		m.colBuf, m.colEnd, m.list = m.colBuf[:0], m.colEnd[:0], false
		switch {
		case kind == sqTkPunct && c == '(':
			if m.sk == sqSkCreate {
				m.ctx, m.depth, m.def = sxBody, 1, true
			} else {
				m.ps = spCols
			}
		default:
			m.afterCols(kind, t)
		}
	case spCols:
		switch {
		case name:
			m.addCol(t)
			m.ps = spColsSep
		case kind == sqTkPunct && c == ')':
			m.list, m.ps = true, spAfterCols
		default:
			m.skip()
		}
	case spColsSep:
		switch {
		case kind == sqTkPunct && c == ',':
			m.ps = spCols
		case kind == sqTkPunct && c == ')':
			m.list, m.ps = true, spAfterCols
		default:
			m.skip()
		}
	case spAfterCols:
		m.afterCols(kind, t)
	case spOverriding:
		switch {
		case word && sqlKw(t, "values"):
			m.startTuples()
		case word && (sqlKw(t, "system") || sqlKw(t, "user") || sqlKw(t, "value")):
		default:
			m.skip()
		}
	case spFrom:
		if word && sqlKw(t, "stdin") {
			m.ps = spStdin
		} else {
			m.skip()
		}
	case spStdin:
		m.ps = spOpaque // options: the data is in another format
	case spOpaque:
	default:
		m.skip()
	}
}

// afterCols reads the token after a table name and its column list.
func (m *sqlLoc) afterCols(kind uint8, t []byte) {
	word := kind == sqTkWord
	switch {
	case m.sk == sqSkCopy && word && sqlKw(t, "from"):
		m.ps = spFrom
	case m.sk == sqSkInsert && word && (sqlKw(t, "values") || sqlKw(t, "value")):
		m.startTuples()
	case m.sk == sqSkInsert && word && sqlKw(t, "overriding"):
		m.ps = spOverriding
	default:
		m.skip()
	}
}

func (m *sqlLoc) setName() {
	m.name = append(m.name[:0], m.tok...)
	m.ps = spNameDot
}

func (m *sqlLoc) table() *sqlTable {
	if t, ok := m.tables[string(m.name)]; ok {
		return t
	}
	t := &sqlTable{name: string(m.name)}
	t.nameB = []byte(t.name)
	m.tables[t.name] = t
	return t
}

// columns sets the column list of the statement's rows.
func (m *sqlLoc) columns() {
	t := m.tab
	switch {
	case m.list:
		if !m.sameList(t.list) {
			t.list = m.makeCols(t)
		}
		m.cols, m.known = t.list, true
	case t.def != nil:
		m.cols, m.known = t.def, true
	default:
		m.cols, m.known = nil, false
	}
	m.row = t.rows
}

func (m *sqlLoc) sameList(cols []sqlCol) bool {
	if cols == nil || len(cols) != len(m.colEnd) {
		return false
	}
	s := 0
	for k, e := range m.colEnd {
		if cols[k].name != string(m.colBuf[s:e]) {
			return false
		}
		s = e
	}
	return true
}

func (m *sqlLoc) makeCols(t *sqlTable) []sqlCol {
	cols := make([]sqlCol, len(m.colEnd))
	s := 0
	for k, e := range m.colEnd {
		cols[k] = m.newCol(m.colBuf[s:e], t)
		s = e
	}
	return cols
}

func (m *sqlLoc) endBody() {
	if !m.peek && len(m.colEnd) > 0 {
		m.tab.def = m.makeCols(m.tab)
	}
}

func (m *sqlLoc) startTuples() {
	m.columns()
	m.ctx, m.tup = sxTuples, 0
	if m.sp != nil {
		m.sp.ins = true
	}
}

func (m *sqlLoc) startCopy(ctx uint8) {
	m.columns()
	m.ctx, m.st, m.valStart = ctx, sqCopyPre, -1
}

// rowEnd checks the field count of the COPY row that ends at abs; it
// says whether the row stands.
func (m *sqlLoc) rowEnd(abs int64) bool {
	if m.halt {
		return false
	}
	if m.known && m.field+1 != len(m.cols) {
		m.damage(abs, "copy row has fewer fields than columns")
		return false
	}
	m.st, m.valStart = sqCopyLine, -1
	return true
}

// eof checks the state the file ends in.
func (m *sqlLoc) eof() {
	m.ended = true
	end := m.pos
	m.eofSpans(end)
	switch m.st {
	case sqVStr, sqVStrEsc:
		m.damage(m.qStart, "unterminated string")
	case sqVStrEnd:
		m.closeStr()
	case sqQuoted, sqQuotedEsc:
		m.damage(m.qStart, "unterminated string or quoted name")
	case sqBlock, sqBlockStar, sqBlockSlash:
		m.damage(m.mark, "unterminated comment")
	case sqDBody, sqDEnd:
		m.damage(m.mark, "unterminated dollar-quoted string")
	case sqCopyPre, sqCopyLine, sqOpqLine:
		m.damage(end, "copy data cut before its end marker")
	case sqCopyField, sqCopyEsc, sqCopyLineBS, sqCopyCR, sqOpqLineBS, sqOpqRest:
		m.damage(m.lineStart, "copy row cut at end of file")
	}
	if m.dmg != nil {
		return
	}
	if m.ctx == sxField || m.ctx == sxTuples {
		m.damage(end, "statement cut at end of file")
	}
}
