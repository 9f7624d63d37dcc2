package rewrite

import (
	"bytes"

	"github.com/piid/piid/scanner/records"
)

// SQL lexer states.
const (
	sqCode       = iota // code: tokens of a statement, or between statements
	sqWord              // a bare word (keyword, name, number)
	sqStr               // in a quoted string or name
	sqStrEsc            // after a backslash in it
	sqStrQuote          // after a quote in it: its end, or the first of a pair
	sqDash              // after '-': a comment, or an operator
	sqDashDash          // after "--" in MySQL, where a comment needs a blank next
	sqSlash             // after '/': a comment, or an operator
	sqLineC             // a comment to the end of the line
	sqMeta              // a psql meta-command (\connect) to the end of the line
	sqBlock             // in a /* comment */
	sqBlockStar         // after '*' in it
	sqBlockSlash        // after '/' in it (PostgreSQL comments nest)
	sqDTag              // in what may open a dollar quote
	sqDBody             // in a dollar-quoted string
	sqDClose            // in what may be its closing tag
	sqSemi              // after a statement's ';', blanks to the end of its line
	sqCopyRest          // the rest of the line of COPY ... FROM stdin;
	sqCopyLine          // at the start of a line of COPY data
	sqCopyBS            // after a backslash that starts one: \. or data
	sqCopyDot           // after \. at the start of one
	sqCopyField         // in a field of COPY data
	sqCopyEsc           // after a backslash in it
)

// Statements, by their first word.
const (
	stNone    = iota // between statements
	stUnknown        // begun, its first word not read yet
	stInsert         // INSERT or REPLACE: its VALUES tuples are records
	stCopy           // COPY: FROM stdin has data rows after it
	stOther
)

// Where an INSERT stands in its VALUES list.
const (
	tpNone   = iota // before VALUES
	tpExpect        // after VALUES or a comma: a tuple may open
	tpIn            // in a tuple
	tpAfter         // after a tuple: a comma or the list's end
	tpDone          // past the list
)

var (
	sqlWord = func() (t [256]bool) { // bytes of bare words
		for c := 0; c < 256; c++ {
			t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$' || c >= 0x80
		}
		return t
	}()
	sqlBare = func() (t [256]bool) { // bytes a bare value (a number, NULL) is made of
		for c := 0; c < 256; c++ {
			t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '+' || c == '-'
		}
		return t
	}()
	copyStop = func() (t [256]bool) {
		t['\t'], t['\n'], t['\\'] = true, true, true
		return t
	}()
)

// sqlLexer follows a PostgreSQL plain-format or MySQL dump: statements to
// their ';' (strings, quoted names, comments and dollar quotes read
// whole), the tuples of INSERT ... VALUES with the fields of each, and
// the data rows of COPY ... FROM stdin with their fields. The dialect
// comes from the dump's start: MySQL strings take backslash escapes, and
// so do PostgreSQL escape strings (E'...') and all strings when the dump turns
// standard_conforming_strings off.
type sqlLexer struct {
	r     reporter
	mysql bool // MySQL: backslashes, "..." strings, # comments, `names`, no dollar quotes
	bsl   bool // backslash escapes in plain '...' strings
	pos   int64
	st    uint8
	mark  int64 // where the current token or comment starts
	u     unit

	lineStart int64
	blank     bool // only blanks since lineStart

	// the current word
	word     [8]byte // its first bytes, upper case
	wn       int
	wordBare bool  // only ASCII letters, digits and '_'
	wordEnd  int64 // where the last word ended: a string right after it has a prefix (E'')
	prefix   byte  // that word when one letter long, 0 otherwise

	// the current string, comment or dollar quote
	q       byte
	qbs     bool
	qKind   records.Quoting
	qEnd    int64
	cs      int64 // where its content starts
	cdepth  int
	tag     []byte
	match   int
	closeAt int64

	// the current statement
	stmt      uint8
	stmtStart int64
	delStart  int64 // what deleting it removes from: its line's start when only blanks precede it
	fromLine  bool  // delStart is a line's start
	semiAt    int64
	depth     int
	tp        uint8
	tupStart  int64
	fStart    int64 // the current tuple field's first token, -1 before one
	fEnd      int64
	fComplex  bool // not one bare value: a string, a call, a comment
	copyFrom  bool // the last word was FROM
	copyStdin bool
	copyCSV   bool

	// COPY data
	row    int64
	fs     int64
	prevCR bool // the last byte fed was '\r'
}

func newSQLLexer(s sink, head []byte) *sqlLexer {
	h := head[:min(len(head), 64<<10)]
	l := &sqlLexer{r: newReporter(s), blank: true, wordEnd: -1, fStart: -1}
	l.mysql = bytes.Contains(h, []byte("-- MySQL dump")) || bytes.Contains(h, []byte("-- MariaDB dump")) ||
		bytes.Contains(h, []byte("/*!40")) || bytes.Contains(h, []byte("/*M!")) ||
		bytes.Contains(h, []byte("phpMyAdmin")) || bytes.Contains(h, []byte("INSERT INTO `")) ||
		bytes.Contains(h, []byte("CREATE TABLE `"))
	l.bsl = l.mysql || bytes.Contains(h, []byte("standard_conforming_strings = off"))
	return l
}

func (l *sqlLexer) feed(b []byte) {
	base := l.pos
	l.pos += int64(len(b))
	for i := 0; i < len(b); {
		at := base + int64(i)
		c := b[i]
		switch l.st {
		case sqCode:
			i++
			switch c {
			case '\n':
				l.lineStart, l.blank = at+1, true
			case ' ', '\t', '\r', '\f', '\v':
			case '\'':
				l.openStr(at, '\'')
			case '"':
				l.openStr(at, '"')
			case '`':
				if l.mysql {
					l.openStr(at, '`')
				} else {
					l.punct(at, c)
				}
			case '-':
				l.mark, l.st = at, sqDash
			case '/':
				l.mark, l.st = at, sqSlash
			case '#':
				if l.mysql {
					l.comment(at, at+1)
				} else {
					l.punct(at, c)
				}
			case '$':
				if l.mysql {
					l.startWord(at)
					i--
				} else {
					l.mark, l.st, l.tag = at, sqDTag, append(l.tag[:0], '$')
				}
			case '(', '[':
				l.open(at, c)
			case ')', ']':
				l.close(at)
			case ',':
				l.comma(at)
			case ';':
				if l.stmt != stNone {
					l.semiAt, l.st = at, sqSemi
				}
			case '\\':
				if l.stmt == stNone && l.blank {
					l.st = sqMeta
				} else {
					l.punct(at, c)
				}
			default:
				if sqlWord[c] {
					l.startWord(at)
					i-- // the word reads it
				} else {
					l.punct(at, c)
				}
			}
		case sqWord:
			j := i
			for j < len(b) && sqlWord[b[j]] {
				d := b[j]
				if l.wn < len(l.word) {
					l.word[l.wn] = d &^ (0x20 * b2u8(d >= 'a' && d <= 'z'))
				}
				l.wn++
				l.wordBare = l.wordBare && d < 0x80 && d != '$'
				j++
			}
			i = j
			if j < len(b) {
				l.endWord(base + int64(j))
				l.st = sqCode
			}
		case sqStr:
			j := i
			if l.qbs {
				for j < len(b) && b[j] != l.q && b[j] != '\\' {
					j++
				}
			} else if k := bytes.IndexByte(b[i:], l.q); k >= 0 {
				j = i + k
			} else {
				j = len(b)
			}
			if j == len(b) {
				i = j
				continue
			}
			i = j + 1
			if b[j] == '\\' {
				l.st = sqStrEsc
			} else {
				l.qEnd, l.st = base+int64(j), sqStrQuote
			}
		case sqStrEsc:
			l.st = sqStr
			i++
		case sqStrQuote:
			if c == l.q { // a doubled quote
				l.st = sqStr
				i++
				continue
			}
			l.endStr()
		case sqDash:
			if c == '-' {
				i++
				if l.mysql {
					l.st = sqDashDash
				} else {
					l.comment(l.mark, at+1)
				}
				continue
			}
			l.punct(l.mark, '-')
			l.st = sqCode
		case sqDashDash:
			if c <= ' ' { // MySQL wants a blank or control byte after --
				l.comment(l.mark, at)
				continue
			}
			l.punct(l.mark, '-')
			l.punct(l.mark+1, '-')
			l.st = sqCode
		case sqSlash:
			if c == '*' {
				i++
				l.complex()
				l.blank = false
				l.st, l.cs, l.cdepth = sqBlock, at+1, 1
				continue
			}
			l.punct(l.mark, '/')
			l.st = sqCode
		case sqLineC, sqMeta:
			k := bytes.IndexByte(b[i:], '\n')
			if k < 0 {
				i = len(b)
				continue
			}
			i += k // the newline is read as code
			if l.st == sqLineC {
				l.endComment(base + int64(i))
			}
			l.st = sqCode
		case sqBlock:
			j := i
			for j < len(b) && b[j] != '*' && (b[j] != '/' || l.mysql) {
				j++
			}
			if j == len(b) {
				i = j
				continue
			}
			i = j + 1
			if b[j] == '*' {
				l.st = sqBlockStar
			} else {
				l.st = sqBlockSlash
			}
		case sqBlockStar:
			switch c {
			case '/':
				i++
				if l.cdepth--; l.cdepth == 0 {
					l.u = unit{OuterStart: l.mark, OuterEnd: at + 1, Start: l.cs, End: at - 1, Escaping: records.Escaping{Quoting: records.SQLBlockComment, Nest: !l.mysql}}
					l.r.unit(&l.u)
					l.st = sqCode
				} else {
					l.st = sqBlock
				}
			case '*':
				i++
			default:
				l.st = sqBlock
			}
		case sqBlockSlash:
			if c == '*' {
				l.cdepth++
				i++
			}
			l.st = sqBlock
		case sqDTag:
			switch {
			case c == '$':
				i++
				l.tag = append(l.tag, '$')
				l.st, l.cs = sqDBody, at+1
				l.complex()
				l.touch(l.mark)
				l.listTok()
			case sqlWord[c] && c != '$' && !(len(l.tag) == 1 && c >= '0' && c <= '9') && len(l.tag) < 64:
				l.tag = append(l.tag, c)
				i++
			default: // no dollar quote: a parameter ($1) or an operator
				l.touch(l.mark)
				l.fieldTok(l.mark, at, false)
				l.listTok()
				l.st = sqCode
			}
		case sqDBody:
			k := bytes.IndexByte(b[i:], '$')
			if k < 0 {
				i = len(b)
				continue
			}
			i += k + 1
			l.closeAt, l.match, l.st = base+int64(i-1), 1, sqDClose
		case sqDClose:
			i++
			switch {
			case c == l.tag[l.match]:
				if l.match++; l.match == len(l.tag) {
					l.u = unit{OuterStart: l.mark, OuterEnd: at + 1, Start: l.cs, End: l.closeAt, Escaping: records.Escaping{Quoting: records.SQLDollar}}
					l.r.unit(&l.u)
					l.st = sqCode
				}
			case c == '$':
				l.closeAt, l.match = at, 1
			default:
				l.st = sqDBody
			}
		case sqSemi:
			switch c {
			case ' ', '\t', '\r':
				i++
			case '\n':
				i++
				l.endStmt(at+1, true)
				l.lineStart, l.blank = at+1, true
			default:
				l.endStmt(l.semiAt+1, false)
			}
		case sqCopyRest:
			k := bytes.IndexByte(b[i:], '\n')
			if k < 0 {
				i = len(b)
				continue
			}
			i += k + 1
			l.st = sqCopyLine
		case sqCopyLine:
			l.row = at
			if c == '\\' {
				l.st = sqCopyBS
				i++
				continue
			}
			l.fs, l.st = at, sqCopyField
		case sqCopyBS:
			if c == '.' {
				l.st = sqCopyDot
				i++
				continue
			}
			l.fs, l.st = l.row, sqCopyField
			i++ // the escaped byte
		case sqCopyDot:
			switch c {
			case '\n':
				i++
				l.st = sqCode
				l.lineStart, l.blank = at+1, true
			case '\r':
				i++
			default: // data that starts with \.
				l.fs, l.st = l.row, sqCopyField
			}
		case sqCopyField:
			j := i
			if l.copyCSV {
				if k := bytes.IndexByte(b[i:], '\n'); k >= 0 {
					j = i + k
				} else {
					j = len(b)
				}
			} else {
				for j < len(b) && !copyStop[b[j]] {
					j++
				}
			}
			if j == len(b) {
				i = j
				continue
			}
			at, i = base+int64(j), j+1
			switch b[j] {
			case '\\':
				l.st = sqCopyEsc
			case '\t':
				l.copyField(at)
				l.fs = at + 1
			case '\n':
				end := at
				if j > 0 && b[j-1] == '\r' || j == 0 && l.prevCR {
					end--
				}
				l.copyField(end)
				l.copyRow(at + 1)
				l.st = sqCopyLine
			}
		case sqCopyEsc:
			l.st = sqCopyField
			i++
		}
	}
	if len(b) > 0 {
		l.prevCR = b[len(b)-1] == '\r'
	}
}

func b2u8(b bool) byte {
	if b {
		return 1
	}
	return 0
}

func (l *sqlLexer) end() {
	switch l.st {
	case sqWord:
		l.endWord(l.pos)
	case sqDash:
		l.punct(l.mark, '-')
	case sqSlash:
		l.punct(l.mark, '/')
	case sqDashDash:
		l.comment(l.mark, l.pos)
		l.endComment(l.pos)
	case sqDTag:
		l.touch(l.mark)
		l.fieldTok(l.mark, l.pos, false)
	case sqStr, sqStrEsc:
		l.cut(l.mark, "in a string the end of the file cuts")
	case sqStrQuote:
		l.endStr()
	case sqLineC:
		l.endComment(l.pos)
	case sqBlock, sqBlockStar, sqBlockSlash:
		l.cut(l.mark, "in a comment the end of the file cuts")
	case sqDBody, sqDClose:
		l.cut(l.mark, "in a dollar-quoted string the end of the file cuts")
	case sqSemi:
		l.endStmt(l.pos, true)
	case sqCopyField, sqCopyEsc, sqCopyBS:
		if l.st == sqCopyBS {
			l.fs = l.row
		}
		l.copyField(l.pos)
		l.copyRow(l.pos)
	}
	l.st = sqCode
	if l.stmt != stNone {
		l.semiAt = l.pos - 1
		l.endStmt(l.pos, false)
	}
}

func (l *sqlLexer) cut(start int64, reason string) {
	l.u = unit{OuterStart: start, OuterEnd: l.pos, Start: start, End: l.pos, Reason: reason, Escaping: records.Escaping{Quoting: records.Unfit}}
	l.r.unit(&l.u)
}

// touch notes a token of a statement at at, which begins one if none is.
func (l *sqlLexer) touch(at int64) {
	if l.stmt == stNone {
		l.stmt, l.stmtStart, l.delStart, l.fromLine = stUnknown, at, at, l.blank
		if l.blank {
			l.delStart = l.lineStart
		}
		l.depth, l.tp, l.copyFrom, l.copyStdin, l.copyCSV = 0, tpNone, false, false, false
	}
	l.blank = false
	l.wordEnd = -1
}

// fieldTok notes the token [at,end) for the tuple field it may be in.
func (l *sqlLexer) fieldTok(at, end int64, bare bool) {
	if l.tp != tpIn || l.depth != 1 {
		return
	}
	if l.fStart < 0 {
		l.fStart = at
	}
	l.fEnd = end
	l.fComplex = l.fComplex || !bare
}

// complex notes that the tuple field at hand is no bare value.
func (l *sqlLexer) complex() {
	if l.tp == tpIn {
		l.fComplex = true
	}
}

// listTok notes a token that is no tuple and no comma: after VALUES or a
// tuple, it ends the list.
func (l *sqlLexer) listTok() {
	if l.depth == 0 && (l.tp == tpExpect || l.tp == tpAfter) {
		l.tp = tpDone
	}
	if l.stmt == stUnknown {
		l.stmt = stOther
	}
}

func (l *sqlLexer) punct(at int64, c byte) {
	l.touch(at)
	l.fieldTok(at, at+1, sqlBare[c])
	l.listTok()
}

func (l *sqlLexer) startWord(at int64) {
	l.touch(at)
	l.mark, l.wn, l.wordBare, l.st = at, 0, true, sqWord
}

func (l *sqlLexer) endWord(end int64) {
	w := string(l.word[:min(l.wn, len(l.word))])
	if l.wn > len(l.word) {
		w += "…"
	}
	prefix := byte(0)
	if l.wn == 1 {
		prefix = l.word[0]
	}
	defer func() { l.wordEnd, l.prefix = end, prefix }()
	switch l.stmt {
	case stUnknown:
		switch w {
		case "INSERT", "REPLACE":
			l.stmt = stInsert
		case "COPY":
			l.stmt = stCopy
		default:
			l.stmt = stOther
		}
		return
	case stInsert:
		if l.depth == 0 && l.tp == tpNone && (w == "VALUES" || w == "VALUE") {
			l.tp = tpExpect
			return
		}
	case stCopy:
		if l.depth == 0 && l.copyFrom {
			l.copyStdin = w == "STDIN"
		}
		if l.copyStdin && w == "CSV" {
			l.copyCSV = true
		}
		l.copyFrom = l.depth == 0 && w == "FROM"
	}
	l.fieldTok(l.mark, end, l.wordBare)
	l.listTok()
}

// openStr opens a string or quoted name at at.
func (l *sqlLexer) openStr(at int64, q byte) {
	kind, bs := records.SQLString, false
	switch {
	case q == '\'':
		bs = l.bsl
		if l.wordEnd == at {
			switch l.prefix {
			case 'E':
				bs = true
			case 'X', 'B':
				kind = records.Unfit
			}
		}
	case q == '"':
		bs = l.mysql // a string there, a name in PostgreSQL
	}
	l.touch(at)
	l.complex()
	l.listTok()
	l.st, l.q, l.qbs, l.qKind, l.mark = sqStr, q, bs, kind, at
}

func (l *sqlLexer) endStr() {
	l.st = sqCode
	if !l.r.wants(l.qEnd + 1) {
		return
	}
	l.u = unit{OuterStart: l.mark, OuterEnd: l.qEnd + 1, Start: l.mark + 1, End: l.qEnd, Escaping: records.Escaping{Quoting: l.qKind, Quote: l.q, Backslash: l.qbs}}
	if l.qKind == records.Unfit {
		l.u.Reason = "in a hex or bit string literal"
	}
	l.r.unit(&l.u)
}

// comment opens a line comment whose marker starts at at and whose text
// starts at text.
func (l *sqlLexer) comment(at, text int64) {
	l.complex()
	l.blank = false
	l.mark, l.cs, l.st = at, text, sqLineC
}

func (l *sqlLexer) endComment(end int64) {
	l.u = unit{OuterStart: l.cs, OuterEnd: end, Start: l.cs, End: end, Escaping: records.Escaping{Quoting: records.SQLLineComment}}
	l.r.unit(&l.u)
}

func (l *sqlLexer) open(at int64, c byte) {
	l.touch(at)
	if l.depth == 0 && l.tp == tpExpect && c == '(' {
		l.tp, l.tupStart, l.depth, l.fStart, l.fComplex = tpIn, at, 1, -1, false
		return
	}
	l.fieldTok(at, at+1, false)
	l.listTok()
	l.depth++
}

func (l *sqlLexer) close(at int64) {
	l.touch(at)
	if l.tp == tpIn && l.depth == 1 {
		l.endField()
		l.r.tuple(l.tupStart, at+1)
		l.tp, l.depth = tpAfter, 0
		return
	}
	l.fieldTok(at, at+1, false)
	l.depth = max(l.depth-1, 0)
}

func (l *sqlLexer) comma(at int64) {
	l.touch(at)
	switch {
	case l.tp == tpIn && l.depth == 1:
		l.endField()
	case l.tp == tpAfter && l.depth == 0:
		l.tp = tpExpect
	default:
		l.fieldTok(at, at+1, false)
		l.listTok()
	}
}

// endField reports the tuple field that ends, when it is one bare value.
func (l *sqlLexer) endField() {
	if l.fStart >= 0 && !l.fComplex && l.r.wants(l.fEnd) {
		l.u = unit{OuterStart: l.fStart, OuterEnd: l.fEnd, Start: l.fStart, End: l.fEnd, Escaping: records.Escaping{Quoting: records.SQLBare, Backslash: l.bsl}}
		l.r.unit(&l.u)
	}
	l.fStart, l.fComplex = -1, false
}

// endStmt ends the statement whose ';' is at semiAt; end is past the blanks
// after it and, when nl, past its line's end.
func (l *sqlLexer) endStmt(end int64, nl bool) {
	if l.stmt == stInsert {
		if !nl || !l.fromLine {
			end = l.semiAt + 1
		}
		l.r.statement(l.delStart, end)
	}
	copyData := l.stmt == stCopy && l.copyStdin
	l.stmt, l.depth, l.tp = stNone, 0, tpNone
	switch {
	case copyData && nl:
		l.st = sqCopyLine
	case copyData:
		l.st = sqCopyRest
	default:
		l.st = sqCode
	}
}

func (l *sqlLexer) copyField(end int64) {
	if !l.r.wants(end) {
		return
	}
	if l.copyCSV {
		l.u = unit{OuterStart: l.fs, OuterEnd: end, Start: l.fs, End: end, Reason: "in COPY data in CSV format", Escaping: records.Escaping{Quoting: records.Unfit}}
	} else {
		l.u = unit{OuterStart: l.fs, OuterEnd: end, Start: l.fs, End: end, Escaping: records.Escaping{Quoting: records.CopyField}}
	}
	l.r.unit(&l.u)
}

func (l *sqlLexer) copyRow(end int64) {
	reason := ""
	if l.copyCSV {
		reason = "a row of COPY data in CSV format"
	}
	l.r.record(l.row, end, reason)
}
