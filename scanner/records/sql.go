package records

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"strconv"
)

// SQL dumps: PostgreSQL plain format (pg_dump, psql scripts) and MySQL
// (mysqldump, phpMyAdmin, MariaDB).
//
// The locator is one resumable byte machine. Its lexical state (sq*: code,
// a word, a quoted string or name, a comment, a dollar quote, COPY data)
// says how the next byte reads; its context (sx*) says what code means
// there: a statement head, whose tokens drive a small parser (sp*) that
// knows COPY, INSERT/REPLACE and CREATE TABLE; a statement skipped to its
// ';'; a CREATE TABLE body, whose definitions name the table's columns; the
// tuples after VALUES; a field of a tuple; COPY data.
//
// Values. A COPY field is its raw text between tabs. A tuple field whose
// first token is a string literal (with an optional E, N, X, B or _charset
// prefix) has that string's content as value: a cast or anything else after
// it is no value. Any other field (a number, NULL, a function call) has the
// whole expression, blanks trimmed, as value. NULL and \N are values that
// are never reported.
//
// At consumes the bytes before the probe, then runs a copy of the machine
// from the probe (a peek: no table, row or damage is recorded) until the
// value holding the probed byte ends, so that its answer is the one the
// machine itself reaches later, whatever the buffer's edges.
//
// Damage is recorded where it becomes certain: the extra tab or comma of
// a row with too many fields, the newline of a COPY row with too few, the
// byte that is no tuple, the quote that opens a string still open at the
// end of the file, the start of a COPY row cut by the end of the file (or
// the end, when the cut falls between rows), the end of the file for an
// INSERT cut there (its whole values stand). With the end of the file in
// hay, a COPY row is checked for its newline as it starts, so that no
// value of a cut row is reported.

const sqlMaxName = 1 << 10 // bytes of a name kept; the rest is dropped

// Lexical states.
const (
	sqCode       uint8 = iota // code: what it means depends on the context
	sqWord                    // a bare word of a head or of a CREATE TABLE body
	sqQuoted                  // a string or quoted name that is no value
	sqQuotedEsc               // after a backslash in it
	sqQuotedEnd               // after a quote in it: the end, or a doubled quote
	sqDash                    // after '-': a comment, or an operator
	sqSlash                   // after '/': a comment, or an operator
	sqLine                    // a comment (or psql command) to the end of the line
	sqBlock                   // a /* comment */
	sqBlockStar               // after '*' in it
	sqDTag                    // a dollar quote's opening tag
	sqDBody                   // a dollar-quoted string
	sqDEnd                    // a possible closing tag in it
	sqFWord                   // the first word of a tuple field
	sqVStr                    // a string that is a tuple field's value
	sqVStrEsc                 // after a backslash in it
	sqVStrEnd                 // after a quote in it
	sqCopyPre                 // the rest of the line of COPY ... FROM stdin;
	sqCopyLine                // the start of a COPY data line
	sqCopyLineBS              // after a backslash that starts a line: \. or a field
	sqCopyField               // a COPY field
	sqCopyEsc                 // after a backslash in it
	sqCopyCR                  // after a carriage return that ends a row
	sqCopyEnd                 // the rest of the \. line
	sqOpqLine                 // the start of a line of COPY data not followed
	sqOpqLineBS               // after a backslash that starts one
	sqOpqRest                 // the rest of one
)

// Contexts: what code means.
const (
	sxHead   uint8 = iota // a statement's head, parsed by sp* states
	sxSkip                // a statement of no interest, to its ';'
	sxBody                // a CREATE TABLE body
	sxTuples              // between the tuples after VALUES
	sxField               // in a tuple field
	sxCopy                // COPY data
	sxOpaque              // COPY data in a format not followed (CSV, binary)
)

// Head parser states.
const (
	spFirst      uint8 = iota // the statement's first word
	spInsert                  // after INSERT or REPLACE
	spCreate                  // after CREATE
	spName                    // a table name (part)
	spNameDot                 // after one: '.', a column list, or what follows
	spCols                    // a column list: a name
	spColsSep                 // a column list: ',' or ')'
	spAfterCols               // after the column list
	spOverriding              // INSERT ... OVERRIDING SYSTEM VALUE: up to VALUES
	spFrom                    // COPY ... FROM: STDIN
	spStdin                   // COPY ... FROM stdin: ';', else options
	spOpaque                  // COPY ... FROM stdin with options, up to ';'
)

// Statement kinds.
const (
	sqSkCopy uint8 = iota + 1
	sqSkInsert
	sqSkCreate
)

// Head tokens.
const (
	sqTkWord   uint8 = iota // a bare word, in tok
	sqTkName                // a quoted name, in tok
	sqTkString              // a string literal
	sqTkPunct               // any other byte
)

// Field kinds: what the field read so far is.
const (
	sqFkNone uint8 = iota // nothing yet
	sqFkStr               // a string value (done after its quote)
	sqFkExpr              // an expression value
)

var (
	sqlSpace, sqlIdent, sqlWordStart, sqlPlain, sqlSkip, sqlCopySpecial [256]bool
)

func init() {
	for _, c := range []byte(" \t\n\r\f\v") {
		sqlSpace[c] = true
	}
	for c := 0; c < 256; c++ {
		b := byte(c)
		letter := b|0x20 >= 'a' && b|0x20 <= 'z' || b == '_' || b >= 0x80
		sqlWordStart[c] = letter
		sqlIdent[c] = letter || b-'0' < 10 || b == '$'
		sqlPlain[c] = !sqlSpace[c]
	}
	for _, c := range []byte(",()'\"`-/;") {
		sqlPlain[c] = false
	}
	for _, c := range []byte(";'\"`-/$") {
		sqlSkip[c] = true
	}
	for _, c := range []byte("\t\n\r\\") {
		sqlCopySpecial[c] = true
	}
}

type sqlCol struct {
	name    string
	class   int32
	detects bool
}

type sqlTable struct {
	name  string
	nameB []byte
	rows  int64    // rows seen, over COPY and INSERT
	def   []sqlCol // from CREATE TABLE
	list  []sqlCol // the last explicit column list
	nums  []sqlCol // numbered columns, for rows with no column names
}

type sqlLoc struct {
	fields Fields
	mysql  bool // MySQL: "..." strings in tuples, no dollar quotes
	bsl    bool // backslash escapes in plain '...' strings
	tables map[string]*sqlTable
	vals   *[]Loc

	pos      int64 // absolute offset of the next byte
	lastByte byte  // the byte at pos-1
	dmg      *Damage
	halt     bool // damaged, or a peek is done
	final    bool // the hay of the current call ends where the file does
	ended    bool // the end of the file was handled

	st, ctx, ps, sk uint8
	q               byte // quote of the current string or name
	esc             bool // backslash escapes in it
	acc             bool // a quoted name: its bytes go to tok

	tok    []byte // the current word or quoted name
	name   []byte // the table name being read
	colBuf []byte // the column list being read, names end to end
	colEnd []int
	list   bool // the statement has a column list
	dtag   []byte
	dm     int

	tab   *sqlTable
	cols  []sqlCol
	known bool // cols is the row's column list
	row   int64
	field int
	depth int32
	tup   uint8 // sxTuples: 0 a tuple is due, 1 after a tuple
	fk    uint8
	def   bool // sxBody: a definition starts
	solo  bool // the field so far is its first word
	w0    [8]byte
	w0n   int
	null  bool // the COPY field starts with \N
	done  bool // the field's value was reported ahead of its end

	valStart, last, mark, qStart, lineStart int64

	peek           bool // a copy that looks ahead for At
	evStart, evEnd int64
	ev             bool
	evDmg          int64 // where the peek met damage, -1 for none

	pkStart, pkEnd, pkScan int64 // the last peek's value, for At
	pkLoc                  Loc
}

var sqlNoCol sqlCol

func newSQL(d Dialect, fields Fields, sink Sink) Locator {
	m := &sqlLoc{fields: fields, tables: map[string]*sqlTable{}, valStart: -1, pkStart: -1}
	m.mysql, m.bsl = d.MySQL, d.Backslash
	_ = sink // spans: to do
	return m
}

func (m *sqlLoc) Damage() *Damage { return m.dmg }

func (m *sqlLoc) damage(off int64, reason string) {
	m.halt = true
	if m.peek {
		m.evDmg = off
	}
	if !m.peek && m.dmg == nil {
		m.dmg = &Damage{Offset: off, Kind: SQL, Reason: reason}
	}
}

func (m *sqlLoc) Advance(hay []byte, base, to int64, final bool, vals *[]Loc) {
	m.advance(hay, base, to, final, vals)
	if m.dmg == nil && !m.ended {
		m.settle(hay, base, vals)
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
	c.peek, c.halt, c.ev, c.evDmg, c.vals = true, false, false, -1, nil
	c.run(hay, base, int(off-base)+1)
	if !c.halt {
		pending := c.ctx == sxField && (c.st == sqDash || c.st == sqSlash) || c.st == sqCopyLineBS
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
	return Loc{Row: m.row, Field: col.name, Table: m.tab.name, Class: col.class, Start: start, End: end}
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
		*m.vals = append(*m.vals, Loc{Row: m.row, Field: col.name, Table: m.tab.name, Class: col.class, Start: start, End: end})
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

// prev is the byte before hay[i].
func (m *sqlLoc) prev(hay []byte, i int) byte {
	if i > 0 {
		return hay[i-1]
	}
	return m.lastByte
}

// sqlStrEnd returns the index in b of the first quote q that is not
// escaped by a backslash (when esc), -1 if none; pend says b ends inside
// a backslash escape.
func sqlStrEnd(b []byte, q byte, esc bool) (int, bool) {
	if !esc {
		return bytes.IndexByte(b, q), false
	}
	j := 0
	for {
		k := bytes.IndexByte(b[j:], q)
		if k < 0 {
			k = len(b)
		} else {
			k += j
		}
		for {
			s := bytes.IndexByte(b[j:k], '\\')
			if s < 0 {
				break
			}
			j += s + 2
			if j > k {
				break
			}
		}
		switch {
		case j > len(b):
			return -1, true
		case j > k:
			continue // the quote at k was escaped
		case k == len(b):
			return -1, false
		}
		return k, false
	}
}

// sqlCopyScan returns the index of the first tab, newline, carriage return
// or backslash in b[i:n], n if none: eight bytes at a time, then byte by
// byte.
func sqlCopyScan(b []byte, i, n int) int {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	for i+8 <= n {
		w := binary.LittleEndian.Uint64(b[i:])
		t, l, r, s := w^(lo*'\t'), w^(lo*'\n'), w^(lo*'\r'), w^(lo*'\\')
		m := (t-lo)&^t | (l-lo)&^l | (r-lo)&^r | (s-lo)&^s
		// The lowest flagged byte is exact (a borrow only flags bytes
		// above a real match).
		if m &= hi; m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		i += 8
	}
	for i < n && !sqlCopySpecial[b[i]] {
		i++
	}
	return i
}

func (m *sqlLoc) run(hay []byte, base int64, n int) {
	i := int(m.pos - base)
	from := i
	for i < n && !m.halt {
		c := hay[i]
		switch m.st {
		case sqCode:
			switch m.ctx {
			case sxField:
				i = m.fieldCode(hay, base, i, n)
			case sxTuples:
				i = m.tupleCode(hay, base, i, n)
			case sxSkip:
				i = m.skipCode(hay, base, i, n)
			case sxBody:
				i = m.bodyCode(hay, base, i, n)
			default:
				i = m.headCode(hay, base, i, n)
			}

		case sqFWord:
			j := i
			for j < n && sqlIdent[hay[j]] {
				if m.w0n < len(m.w0) {
					m.w0[m.w0n] = hay[j]
				}
				m.w0n++
				j++
			}
			if j > i {
				m.last = base + int64(j)
			}
			i = j
			if i < n {
				m.st = sqCode
			}

		case sqVStr:
			k, pend := sqlStrEnd(hay[i:n], m.q, m.esc)
			if k < 0 {
				if pend {
					m.st = sqVStrEsc
				}
				i = n
				continue
			}
			i += k
			m.mark = base + int64(i)
			m.st = sqVStrEnd
			i++
		case sqVStrEsc:
			m.st = sqVStr
			i++
		case sqVStrEnd:
			if c == m.q {
				m.st = sqVStr
				i++
				continue
			}
			m.closeStr() // c is read again as code

		case sqCopyField:
			j := sqlCopyScan(hay, i, n)
			if j == n {
				i = n
				continue
			}
			abs := base + int64(j)
			i = j + 1
			switch hay[j] {
			case '\\':
				m.st, m.mark = sqCopyEsc, abs
			case '\t':
				m.emit(m.valStart, abs, m.null && abs-m.valStart == 2)
				if m.halt {
					continue
				}
				m.field++
				if m.known && m.field >= len(m.cols) {
					m.damage(abs, "copy row has more fields than columns")
					continue
				}
				m.valStart, m.null, m.done = abs+1, false, false
			case '\n':
				m.emit(m.valStart, abs, m.null && abs-m.valStart == 2)
				m.rowEnd(abs)
			case '\r':
				m.emit(m.valStart, abs, m.null && abs-m.valStart == 2)
				m.rowEnd(abs)
				m.st = sqCopyCR
			}
		case sqCopyEsc:
			if c == 'N' && m.mark == m.valStart {
				m.null = true
			}
			m.st = sqCopyField
			i++
		case sqCopyLine:
			abs := base + int64(i)
			m.lineStart = abs
			if m.final && bytes.IndexByte(hay[i:], '\n') < 0 && !(i+1 < len(hay) && c == '\\' && hay[i+1] == '.') {
				m.damage(abs, "copy row cut at end of file")
				continue
			}
			if c == '\\' {
				m.st = sqCopyLineBS
				i++
				continue
			}
			if m.known && len(m.cols) == 0 {
				m.damage(abs, "copy row has more fields than columns")
				continue
			}
			m.newRow()
			m.valStart = abs
			if c == '\n' { // a row of one empty field
				m.emit(abs, abs, false)
				m.rowEnd(abs)
				i++
				continue
			}
			m.st = sqCopyField
		case sqCopyLineBS:
			if c == '.' {
				m.st, m.valStart = sqCopyEnd, -1
				m.cancel()
				i++
				continue
			}
			if m.known && len(m.cols) == 0 {
				m.damage(m.lineStart, "copy row has more fields than columns")
				continue
			}
			m.newRow()
			m.valStart = base + int64(i) - 1
			m.null = c == 'N'
			m.st = sqCopyField
			i++
		case sqCopyCR:
			if c != '\n' {
				m.damage(base+int64(i)-1, "stray carriage return in copy data")
				continue
			}
			m.st = sqCopyLine
			i++
		case sqCopyEnd:
			var found bool
			if i, found = skipPast(hay, i, n, '\n'); !found {
				continue
			}
			m.st, m.ctx, m.ps = sqCode, sxHead, spFirst

		case sqOpqLine:
			m.lineStart = base + int64(i)
			m.st = sqOpqRest
			if c == '\\' {
				m.st = sqOpqLineBS
				i++
			}
		case sqOpqLineBS:
			m.st = sqOpqRest
			if c == '.' {
				m.st = sqCopyEnd
				i++
			}
		case sqOpqRest:
			var found bool
			if i, found = skipPast(hay, i, n, '\n'); !found {
				continue
			}
			m.st = sqOpqLine
		case sqCopyPre:
			var found bool
			if i, found = skipPast(hay, i, n, '\n'); !found {
				continue
			}
			if m.ctx == sxOpaque {
				m.st = sqOpqLine
			} else {
				m.st = sqCopyLine
			}

		case sqWord:
			j := i
			for j < n && sqlIdent[hay[j]] {
				j++
			}
			m.addTok(hay[i:j])
			i = j
			if i < n {
				m.st = sqCode
				m.word()
			}

		case sqQuoted:
			k, pend := sqlStrEnd(hay[i:n], m.q, m.esc)
			if k < 0 {
				if m.acc {
					m.addTok(hay[i:n])
				}
				if pend {
					m.st = sqQuotedEsc
				}
				i = n
				continue
			}
			if m.acc {
				m.addTok(hay[i : i+k])
			}
			i += k
			m.mark = base + int64(i)
			m.st = sqQuotedEnd
			i++
		case sqQuotedEsc:
			if m.acc {
				m.addTok(hay[i : i+1])
			}
			m.st = sqQuoted
			i++
		case sqQuotedEnd:
			if c == m.q {
				if m.acc {
					m.addTok(hay[i : i+1])
				}
				m.st = sqQuoted
				i++
				continue
			}
			m.st = sqCode
			if m.acc {
				m.literal(sqTkName)
			} else {
				m.literal(sqTkString)
			}

		case sqDash:
			if c == '-' {
				m.st = sqLine
				i++
				continue
			}
			m.st = sqCode
			m.operator()
		case sqSlash:
			if c == '*' {
				m.st = sqBlock
				i++
				continue
			}
			m.st = sqCode
			m.operator()
		case sqLine:
			var found bool
			if i, found = skipPast(hay, i, n, '\n'); !found {
				continue
			}
			m.st = sqCode
		case sqBlock:
			var found bool
			if i, found = skipPast(hay, i, n, '*'); !found {
				continue
			}
			m.st = sqBlockStar
		case sqBlockStar:
			switch c {
			case '/':
				m.st = sqCode
			case '*':
			default:
				m.st = sqBlock
			}
			i++

		case sqDTag:
			switch {
			case c == '$':
				m.st = sqDBody
				i++
			case sqlIdent[c] && !(len(m.dtag) == 0 && c-'0' < 10) && len(m.dtag) < 64:
				m.dtag = append(m.dtag, c)
				i++
			default:
				m.st = sqCode // no dollar quote; c is read again
			}
		case sqDBody:
			var found bool
			if i, found = skipPast(hay, i, n, '$'); !found {
				continue
			}
			m.st, m.dm = sqDEnd, 0
		case sqDEnd:
			i++
			switch {
			case m.dm == len(m.dtag) && c == '$':
				m.st = sqCode
				m.literal(sqTkString)
			case m.dm < len(m.dtag) && c == m.dtag[m.dm]:
				m.dm++
			case c == '$':
				m.dm = 0
			default:
				m.st = sqDBody
			}
		}
	}
	if i > from {
		m.lastByte = hay[i-1]
	}
	m.pos = base + int64(i)
}

func (m *sqlLoc) addTok(b []byte) {
	if room := sqlMaxName - len(m.tok); room > 0 {
		m.tok = append(m.tok, b[:min(len(b), room)]...)
	}
}

// quoted starts a string or quoted name (q at abs) that is no value.
func (m *sqlLoc) quoted(q byte, abs int64, acc, esc bool) {
	m.st, m.q, m.acc, m.esc, m.qStart = sqQuoted, q, acc, esc, abs
	if acc {
		m.tok = m.tok[:0]
	}
}

// plainEsc says whether a '...' string at hay[i] takes backslash escapes.
func (m *sqlLoc) plainEsc(hay []byte, i int) bool {
	return m.bsl || !m.mysql && m.prev(hay, i)|0x20 == 'e'
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

// operator reads the '-' or '/' at mark that starts no comment.
func (m *sqlLoc) operator() {
	switch m.ctx {
	case sxHead:
		m.token(sqTkPunct, '-')
	case sxBody:
		m.def = false
	case sxField:
		m.exprAt(m.mark)
	case sxTuples:
		m.damage(m.mark, "garbage where a tuple should be")
	}
}

func (m *sqlLoc) headCode(hay []byte, base int64, i, n int) int {
	c := hay[i]
	switch {
	case sqlSpace[c]:
		i++
		for i < n && sqlSpace[hay[i]] {
			i++
		}
		return i
	case sqlWordStart[c]:
		m.tok = m.tok[:0]
		m.st = sqWord
		return i
	}
	abs := base + int64(i)
	switch c {
	case '"', '`':
		m.quoted(c, abs, true, false)
	case '\'':
		m.quoted(c, abs, false, m.plainEsc(hay, i))
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
			m.st = sqLine
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
	case '\'':
		m.quoted(c, abs, false, m.plainEsc(hay, i))
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
		m.quoted(c, abs, false, m.plainEsc(hay, i))
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
		m.ctx, m.fk, m.depth, m.valStart = sxField, sqFkNone, 0, -1
	case c == ',' && m.tup == 1:
		m.tup = 0
	case c == ';' && m.tup == 1:
		m.ctx, m.ps = sxHead, spFirst
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

// endExpr reports the field's expression value.
func (m *sqlLoc) endExpr() {
	null := m.solo && (m.w0n == 4 && sqlKw(m.w0[:4], "null") || m.w0n == 7 && sqlKw(m.w0[:7], "default"))
	m.emit(m.valStart, m.last, null)
}

func (m *sqlLoc) closeStr() {
	m.st = sqCode
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
		if m.fk == sqFkExpr {
			m.endExpr()
			if m.halt {
				return i
			}
		}
		m.field++
		if m.known && m.field >= len(m.cols) {
			m.damage(abs, "tuple has more fields than columns")
			return i
		}
		m.fk, m.valStart, m.done = sqFkNone, -1, false
		return i + 1
	case ')':
		if m.depth != 0 {
			m.depth--
			break
		}
		if m.fk == sqFkExpr {
			m.endExpr()
			if m.halt {
				return i
			}
		}
		m.ctx, m.tup, m.valStart = sxTuples, 1, -1
		m.cancel()
		return i + 1
	case '(':
		m.depth++
	case '\'':
		return m.fieldQuote(hay, base, i)
	case '"':
		if m.mysql {
			return m.fieldQuote(hay, base, i)
		}
		m.exprAt(abs)
		m.quoted(c, abs, false, false)
		return i + 1
	case '`':
		m.exprAt(abs)
		m.quoted(c, abs, false, false)
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
		i++
		for i < n && sqlPlain[hay[i]] {
			i++
		}
		if m.fk == sqFkExpr {
			m.last = base + int64(i)
		}
		return i
	}
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
		m.quoted(c, abs, false, esc || m.plainEsc(hay, i))
		return i + 1
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
			m.st = sqLine
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
}

func (m *sqlLoc) startCopy(ctx uint8) {
	m.columns()
	m.ctx, m.st, m.valStart = ctx, sqCopyPre, -1
}

// rowEnd checks the field count of the COPY row that ends at abs.
func (m *sqlLoc) rowEnd(abs int64) {
	if m.halt {
		return
	}
	m.st, m.valStart = sqCopyLine, -1
	if m.known && m.field+1 != len(m.cols) {
		m.damage(abs, "copy row has fewer fields than columns")
	}
}

// eof checks the state the file ends in.
func (m *sqlLoc) eof() {
	m.ended = true
	end := m.pos
	switch m.st {
	case sqVStr, sqVStrEsc:
		m.damage(m.qStart, "unterminated string")
	case sqVStrEnd:
		m.closeStr()
	case sqQuoted, sqQuotedEsc:
		m.damage(m.qStart, "unterminated string or quoted name")
	case sqBlock, sqBlockStar:
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

// looksSQL says whether body (a file's head, BOM trimmed) is a SQL script:
// among its first 64 KiB, past comments and statements such as SET or
// SELECT, a line starts with CREATE TABLE, INSERT INTO or COPY ... FROM
// stdin.
func looksSQL(body []byte) bool {
	b := body[:min(len(body), 64<<10)]
	i := 0
	lineStart := true
	for i < len(b) {
		c := b[i]
		switch {
		case c == '\n':
			lineStart = true
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == ';':
			i++
			continue
		case c == '-' && i+1 < len(b) && b[i+1] == '-', c == '\\' && lineStart, c == '#':
			k := bytes.IndexByte(b[i:], '\n')
			if k < 0 {
				return false
			}
			i += k
			continue
		case c == '/' && i+1 < len(b) && b[i+1] == '*':
			k := bytes.Index(b[i+2:], []byte("*/"))
			if k < 0 {
				return false
			}
			i += k + 4
			continue
		}
		if !lineStart {
			return false
		}
		w, j := sqlWordAt(b, i)
		switch {
		case sqlKw(w, "insert") || sqlKw(w, "replace"):
			return sqlInsertHead(b, j)
		case sqlKw(w, "create"):
			table, k := sqlCreateHead(b, j)
			if table {
				return true
			}
			if k < 0 {
				return false
			}
		case sqlKw(w, "copy"):
			k := sqlStmtEnd(b, j)
			if k < 0 {
				return false
			}
			return bytes.Contains(bytes.ToLower(b[j:k]), []byte("from stdin"))
		case sqlKw(w, "delimiter"):
			k := bytes.IndexByte(b[i:], '\n')
			if k < 0 {
				return false
			}
			i += k
			continue
		case sqlSkipWord(w):
		default:
			return false
		}
		k := sqlStmtEnd(b, j)
		if k < 0 {
			return false
		}
		i, lineStart = k+1, true // the next statement may follow on the line
	}
	return false
}

func sqlSkipWord(w []byte) bool {
	for _, k := range [...]string{"set", "select", "drop", "alter", "lock", "unlock", "begin", "start", "commit",
		"use", "pragma", "comment", "grant", "revoke", "truncate", "analyze", "vacuum", "savepoint", "release"} {
		if sqlKw(w, k) {
			return true
		}
	}
	return false
}

// sqlWordAt returns the word at b[i:] and the index after it.
func sqlWordAt(b []byte, i int) ([]byte, int) {
	j := i
	for j < len(b) && sqlIdent[b[j]] {
		j++
	}
	return b[i:j], j
}

func sqlSpaces(b []byte, i int) int {
	for i < len(b) && sqlSpace[b[i]] {
		i++
	}
	return i
}

// sqlNameAt skips a table name ([schema.]name, quoted or not) at b[i:];
// -1 when there is none.
func sqlNameAt(b []byte, i int) int {
	for {
		i = sqlSpaces(b, i)
		if i >= len(b) {
			return -1
		}
		switch c := b[i]; {
		case c == '"' || c == '`':
			k := bytes.IndexByte(b[i+1:], c)
			if k < 0 {
				return -1
			}
			i += k + 2
		case sqlWordStart[c]:
			_, i = sqlWordAt(b, i)
		default:
			return -1
		}
		if i < len(b) && b[i] == '.' {
			i++
			continue
		}
		return i
	}
}

// sqlInsertHead says whether b[j:] continues an INSERT statement:
// [IGNORE] INTO name, then a column list, VALUES, SELECT or DEFAULT.
func sqlInsertHead(b []byte, j int) bool {
	for {
		j = sqlSpaces(b, j)
		w, k := sqlWordAt(b, j)
		if sqlKw(w, "into") {
			j = k
			break
		}
		if !(sqlKw(w, "ignore") || sqlKw(w, "low_priority") || sqlKw(w, "delayed") || sqlKw(w, "high_priority")) {
			return false
		}
		j = k
	}
	if j = sqlNameAt(b, j); j < 0 {
		return false
	}
	j = sqlSpaces(b, j)
	if j < len(b) && b[j] == '(' {
		return true
	}
	w, _ := sqlWordAt(b, j)
	return sqlKw(w, "values") || sqlKw(w, "value") || sqlKw(w, "select") || sqlKw(w, "default") || sqlKw(w, "overriding")
}

// sqlCreateHead says whether b[j:] continues a CREATE TABLE statement; if
// not, k is the index after the object's kind when it is one, else -1.
func sqlCreateHead(b []byte, j int) (bool, int) {
	for {
		j = sqlSpaces(b, j)
		w, k := sqlWordAt(b, j)
		switch {
		case sqlKw(w, "table"):
			j = sqlSpaces(b, k)
			for _, kw := range []string{"if", "not", "exists"} {
				if w, k := sqlWordAt(b, j); sqlKw(w, kw) {
					j = sqlSpaces(b, k)
				}
			}
			if j = sqlNameAt(b, j); j < 0 {
				return false, -1
			}
			j = sqlSpaces(b, j)
			if j < len(b) && b[j] == '(' {
				return true, 0
			}
			w, _ := sqlWordAt(b, j)
			return sqlKw(w, "as") || sqlKw(w, "partition") || sqlKw(w, "like"), -1
		case sqlKw(w, "temporary") || sqlKw(w, "temp") || sqlKw(w, "unlogged") || sqlKw(w, "global") ||
			sqlKw(w, "local") || sqlKw(w, "or") || sqlKw(w, "replace"):
			j = k
		default:
			for _, kind := range [...]string{"schema", "sequence", "function", "procedure", "extension", "type",
				"database", "index", "unique", "view", "materialized", "trigger", "domain", "aggregate", "operator",
				"collation", "cast", "rule", "policy", "publication", "subscription", "server", "role", "user",
				"event", "text", "foreign", "language", "statistics", "conversion", "tablespace"} {
				if sqlKw(w, kind) {
					return false, k
				}
			}
			if bytes.HasPrefix(bytes.ToLower(w), []byte("definer")) || bytes.HasPrefix(bytes.ToLower(w), []byte("algorithm")) {
				return false, k
			}
			return false, -1
		}
	}
}

// sqlStmtEnd returns the index of the ';' that ends the statement going on
// at b[i:] (past strings, quoted names, dollar quotes and comments), -1
// when it is not in b.
func sqlStmtEnd(b []byte, i int) int {
	for i < len(b) {
		switch c := b[i]; c {
		case ';':
			return i
		case '\'', '"', '`':
			j := i + 1
			for {
				k := bytes.IndexByte(b[j:], c)
				if k < 0 {
					return -1
				}
				j += k + 1
				n := 0
				for p := j - 2; p > i && b[p] == '\\'; p-- {
					n++
				}
				if n%2 == 0 {
					break
				}
			}
			i = j
		case '$':
			j := i + 1
			for j < len(b) && sqlIdent[b[j]] && b[j] != '$' {
				j++
			}
			if j < len(b) && b[j] == '$' && (i == 0 || !sqlIdent[b[i-1]]) {
				tag := b[i : j+1]
				k := bytes.Index(b[j+1:], tag)
				if k < 0 {
					return -1
				}
				i = j + 1 + k + len(tag)
			} else {
				i++
			}
		case '-':
			if i+1 < len(b) && b[i+1] == '-' {
				k := bytes.IndexByte(b[i:], '\n')
				if k < 0 {
					return -1
				}
				i += k
			} else {
				i++
			}
		case '/':
			if i+1 < len(b) && b[i+1] == '*' {
				k := bytes.Index(b[i+2:], []byte("*/"))
				if k < 0 {
					return -1
				}
				i += k + 4
			} else {
				i++
			}
		default:
			i++
		}
	}
	return -1
}

// skipPast returns the index after the first b in hay[i:n], or n and false
// when there is none (the state waits for the next bytes).
func skipPast(hay []byte, i, n int, b byte) (int, bool) {
	k := bytes.IndexByte(hay[i:n], b)
	if k < 0 {
		return n, false
	}
	return i + k + 1, true
}
