package records

import "bytes"

// What code means in each context of a SQL dump: a statement head, a
// skipped statement, a CREATE TABLE body, the tuples after VALUES and the
// fields of a tuple.

func (m *sqlLoc) addTok(b []byte) {
	if room := sqlMaxName - len(m.tok); room > 0 {
		m.tok = append(m.tok, b[:min(len(b), room)]...)
	}
}

// quoted starts a string or quoted name (q at abs) that is no value.
func (m *sqlLoc) quoted(q byte, abs int64, acc, esc bool) {
	m.st, m.q, m.acc, m.esc, m.qStart = sqQuoted, q, acc, esc, abs
	m.vq = Escaping{Quoting: SQLString, Quote: q, Backslash: esc, MySQL: m.mysql}
	if acc {
		m.tok = m.tok[:0]
	}
}

// squote starts the '...' string at hay[i] that is no value: E” takes
// backslash escapes, X” and B” hold no text.
func (m *sqlLoc) squote(hay []byte, base int64, i int, esc bool) {
	p := m.prefixAt(hay, base, i)
	m.quoted('\'', base+int64(i), false, esc || m.bsl || p == 'e')
	if p == 'x' || p == 'b' {
		m.vq.Quoting = Unfit
	}
}

// prefixAt returns the letter, in lower case, that stands alone right
// before hay[i] (the prefix of a string: E”, X”), 0 for none.
func (m *sqlLoc) prefixAt(hay []byte, base int64, i int) byte {
	p := m.prev(hay, i) | 0x20
	if p < 'a' || p > 'z' {
		return 0
	}
	// The byte at i-2: in hay, or one of the last two bytes read before
	// it (m.pos is where this run started).
	pp, j, from := byte(0), i-2, int(m.pos-base)
	switch {
	case j >= 0:
		pp = hay[j]
	case j == from-1:
		pp = m.lastByte
	case j == from-2:
		pp = m.lastByte2
	}
	if sqlIdent[pp] {
		return 0
	}
	return p
}

// hash reads a '#' at hay[i]: a comment to the end of the line in MySQL.
func (m *sqlLoc) hash(base int64, i int) bool {
	if !m.mysql {
		return false
	}
	m.lineComment(base + int64(i) + 1)
	return true
}

// dollar starts a dollar quote at hay[i] when one may start there.
func (m *sqlLoc) dollar(hay []byte, base int64, i int) bool {
	if m.mysql || sqlIdent[m.prev(hay, i)] {
		return false
	}
	m.st, m.dtag, m.mark = sqDTag, m.dtag[:0], base+int64(i)
	return true
}

// literal ends a string, quoted name or dollar quote read as code.
func (m *sqlLoc) literal(kind uint8) {
	switch m.ctx {
	case sxHead:
		m.token(kind, 0)
	case sxBody:
		if kind == sqTkName && m.def {
			m.addCol(m.tok)
		}
		m.def = false
	case sxField:
		if m.fk == sqFkExpr {
			m.last, m.solo = m.mark+1, false
		}
	}
}

// operator reads the '-' or '/' (c) at mark that starts no comment.
func (m *sqlLoc) operator(c byte) {
	switch m.ctx {
	case sxHead:
		m.token(sqTkPunct, c)
	case sxBody:
		m.def = false
	case sxField:
		m.bare = m.bare && sqlBareB[c]
		m.exprAt(m.mark)
	case sxTuples:
		m.damage(m.mark, "garbage where a tuple should be")
	}
}

func (m *sqlLoc) headCode(hay []byte, base int64, i, n int) int {
	c := hay[i]
	if abs := base + int64(i); abs < int64(len(bom)) && c == bom[abs] {
		m.newLine(abs + 1) // a BOM: a deleted first statement keeps it
		return i + 1
	}
	switch {
	case sqlSpace[c]:
		j := i + 1
		for j < n && sqlSpace[hay[j]] {
			j++
		}
		if m.sp != nil {
			if k := bytes.LastIndexByte(hay[i:j], '\n'); k >= 0 {
				m.newLine(base + int64(i+k+1))
			}
		}
		return j
	case sqlWordStart[c]:
		if m.ps == spFirst {
			m.stmtStart(base + int64(i))
		}
		m.tok = m.tok[:0]
		m.st = sqWord
		return i
	}
	abs := base + int64(i)
	m.notBlank()
	switch c {
	case '"', '`':
		m.quoted(c, abs, true, false)
	case '\'':
		m.squote(hay, base, i, false)
	case '#':
		if !m.hash(base, i) {
			m.token(sqTkPunct, c)
		}
	case '-':
		m.st, m.mark = sqDash, abs
	case '/':
		m.st, m.mark = sqSlash, abs
	case '$':
		if !m.dollar(hay, base, i) {
			m.token(sqTkPunct, c)
		}
	case '\\':
		if m.ps == spFirst { // a psql command: \connect, \restrict
			m.st, m.cs = sqLine, -1
		} else {
			m.token(sqTkPunct, c)
		}
	default:
		m.token(sqTkPunct, c)
	}
	return i + 1
}

func (m *sqlLoc) skipCode(hay []byte, base int64, i, n int) int {
	c := hay[i]
	abs := base + int64(i)
	switch c {
	case ';':
		m.ctx, m.ps = sxHead, spFirst
		m.endStmt(abs)
	case '\'':
		m.squote(hay, base, i, false)
	case '"':
		m.quoted(c, abs, false, m.mysql)
	case '`':
		m.quoted(c, abs, false, false)
	case '-':
		m.st, m.mark = sqDash, abs
	case '/':
		m.st, m.mark = sqSlash, abs
	case '$':
		m.dollar(hay, base, i)
	case '#':
		m.hash(base, i)
	default:
		i++
		for i < n && !sqlSkip[hay[i]] {
			i++
		}
		return i
	}
	return i + 1
}

func (m *sqlLoc) bodyCode(hay []byte, base int64, i, n int) int {
	c := hay[i]
	switch {
	case sqlSpace[c]:
		i++
		for i < n && sqlSpace[hay[i]] {
			i++
		}
		return i
	case sqlWordStart[c]:
		if m.def {
			m.tok = m.tok[:0]
			m.st = sqWord
			return i
		}
		i++
		for i < n && sqlIdent[hay[i]] {
			i++
		}
		return i
	}
	abs := base + int64(i)
	switch c {
	case '(':
		m.depth++
		m.def = false
	case ')':
		m.depth--
		m.def = false
		if m.depth == 0 {
			m.endBody()
			m.ctx = sxSkip
		}
	case ',':
		m.def = m.depth == 1
	case '"', '`':
		m.quoted(c, abs, m.def, m.mysql && c == '"')
	case '\'':
		m.squote(hay, base, i, false)
		m.def = false
	case '#':
		m.hash(base, i)
		m.def = false
	case '-':
		m.st, m.mark = sqDash, abs
	case '/':
		m.st, m.mark = sqSlash, abs
	case '$':
		m.dollar(hay, base, i)
		m.def = false
	default:
		m.def = false
	}
	return i + 1
}

func (m *sqlLoc) tupleCode(hay []byte, base int64, i, n int) int {
	c := hay[i]
	abs := base + int64(i)
	switch {
	case sqlSpace[c]:
		i++
		for i < n && sqlSpace[hay[i]] {
			i++
		}
		return i
	case c == '(' && m.tup == 0:
		m.newRow()
		m.ctx, m.fk, m.depth, m.valStart, m.bare = sxField, sqFkNone, 0, -1, true
		m.tupOpen(abs)
	case c == ',' && m.tup == 1:
		m.tup = 0
	case c == ';' && m.tup == 1:
		m.ctx, m.ps = sxHead, spFirst
		m.endStmt(abs)
	case c == '#' && m.hash(base, i):
	case c == '-':
		m.st, m.mark = sqDash, abs
	case c == '/':
		m.st, m.mark = sqSlash, abs
	case m.tup == 1 && sqlWordStart[c]: // ON DUPLICATE KEY, ON CONFLICT, RETURNING
		m.ctx = sxSkip
		return i
	default:
		m.damage(abs, "garbage where a tuple should be")
	}
	return i + 1
}

// exprAt notes a byte of expression at abs in the current field.
func (m *sqlLoc) exprAt(abs int64) {
	switch m.fk {
	case sqFkNone:
		m.fk, m.valStart = sqFkExpr, abs
		m.noColumn(abs)
	case sqFkStr:
		return
	}
	m.solo = false
	m.last = abs + 1
}

// endField ends the tuple field at the ',' or ')' at abs; false when a
// peek stops there.
func (m *sqlLoc) endField(abs int64) bool {
	if m.fk == sqFkExpr {
		if m.endExpr(); m.halt {
			return false
		}
		m.spanExpr(abs)
	}
	return true
}

// endExpr reports the field's expression value.
func (m *sqlLoc) endExpr() {
	null := m.solo && (m.w0n == 4 && sqlKw(m.w0[:4], "null") || m.w0n == 7 && sqlKw(m.w0[:7], "default"))
	m.emit(m.valStart, m.last, null)
}

func (m *sqlLoc) closeStr() {
	m.st = sqCode
	m.spanStr()
	m.emit(m.valStart, m.mark, false)
	m.valStart = -1
}

func (m *sqlLoc) fieldCode(hay []byte, base int64, i, n int) int {
	c := hay[i]
	abs := base + int64(i)
	switch c {
	case ' ', '\t', '\n', '\r', '\f', '\v':
		i++
		for i < n && sqlSpace[hay[i]] {
			i++
		}
		return i
	case ',':
		if m.depth != 0 {
			break
		}
		if !m.endField(abs) {
			return i
		}
		m.field++
		if m.known && m.field >= len(m.cols) {
			m.damage(abs, "tuple has more fields than columns")
			return i
		}
		m.fk, m.valStart, m.done, m.bare = sqFkNone, -1, false, true
		return i + 1
	case ')':
		if m.depth != 0 {
			m.depth--
			break
		}
		if !m.endField(abs) {
			return i
		}
		m.spanTuple(abs + 1)
		m.ctx, m.tup, m.valStart = sxTuples, 1, -1
		m.cancel()
		return i + 1
	case '(', '[':
		m.depth++
	case ']':
		m.depth = max(m.depth-1, 0)
	case '$':
		m.bare = false
		m.exprAt(abs)
		m.dollar(hay, base, i)
		return i + 1
	case '#':
		if m.hash(base, i) {
			return i + 1
		}
	case '\'':
		return m.fieldQuote(hay, base, i)
	case '"':
		if m.mysql {
			return m.fieldQuote(hay, base, i)
		}
		m.exprAt(abs)
		m.quoted(c, abs, false, false)
		m.bare = false
		return i + 1
	case '`':
		m.exprAt(abs)
		m.quoted(c, abs, false, false)
		m.bare = false
		return i + 1
	case '-':
		m.st, m.mark = sqDash, abs
		return i + 1
	case '/':
		m.st, m.mark = sqSlash, abs
		return i + 1
	case ';':
		m.damage(abs, "statement ends inside a tuple")
		return i
	default:
		if m.fk == sqFkNone && sqlWordStart[c] {
			m.noColumn(abs)
			m.fk, m.valStart, m.solo, m.w0n = sqFkExpr, abs, true, 0
			m.st = sqFWord
			return i
		}
		m.exprAt(abs)
		k := sqlPlainK[c] // 1 while the bytes are those of a bare value
		i++
		for ; i < n; i++ {
			b := sqlPlainK[hay[i]]
			if b == 0 {
				break
			}
			k |= b
		}
		if m.fk == sqFkExpr {
			m.last = base + int64(i)
		}
		m.bare = m.bare && k == 1
		return i
	}
	m.bare = false // a bracket, or a comma inside one
	m.exprAt(abs)
	return i + 1
}

// noColumn damages a value that starts at abs when the column list is
// empty: INSERT INTO t () VALUES () is the only tuple it allows.
func (m *sqlLoc) noColumn(abs int64) {
	if m.known && len(m.cols) == 0 {
		m.damage(abs, "tuple has more fields than columns")
	}
}

// fieldQuote reads the quote at hay[i] in a tuple field.
func (m *sqlLoc) fieldQuote(hay []byte, base int64, i int) int {
	c := hay[i]
	abs := base + int64(i)
	esc := m.bsl || c == '"'
	switch {
	case m.fk == sqFkNone:
		m.noColumn(abs)
	case m.fk == sqFkExpr && m.solo && (m.w0n == 1 && sqlPrefix(m.w0[0]) || m.w0n > 1 && m.w0[0] == '_'):
		esc = esc || m.w0[0]|0x20 == 'e'
	default: // a string inside an expression, or after the value
		if m.fk == sqFkExpr {
			m.solo = false
		}
		m.bare = false
		if c == '\'' {
			m.squote(hay, base, i, esc)
		} else {
			m.quoted(c, abs, false, esc)
		}
		return i + 1
	}
	m.vq = Escaping{Quoting: SQLString, Quote: c, Backslash: esc, MySQL: m.mysql}
	if m.fk == sqFkExpr && m.w0n == 1 && (m.w0[0]|0x20 == 'x' || m.w0[0]|0x20 == 'b') {
		m.vq.Quoting = Unfit
	}
	m.fk, m.valStart = sqFkStr, abs+1
	m.st, m.q, m.esc, m.qStart = sqVStr, c, esc, abs
	return i + 1
}

// sqlPrefix says whether a string may follow c as its prefix: E'...',
// N'...', X'...', B'...'.
func sqlPrefix(c byte) bool {
	switch c | 0x20 {
	case 'e', 'n', 'x', 'b':
		return true
	}
	return false
}
