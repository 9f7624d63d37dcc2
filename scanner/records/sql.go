package records

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
// are never reported. Every value carries its escaping (Loc.Esc): a string
// its quote and backslash rule, a COPY field COPY's escapes, a bare value
// none; an expression that is more than one bare value is Unfit.
//
// Comments follow the dialect: MySQL has # comments, wants a blank after
// --, and its /* */ comments do not nest; PostgreSQL's nest.
//
// With a sink (New), the machine also reports the spans the rewriter edits
// (sql_spans.go): every string, quoted name, dollar quote and comment, each
// tuple field, COPY field and row, each INSERT tuple and statement, and,
// past damage, the rest of the file as a span no edit may enter.
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
	sqDash2                   // after "--" in MySQL: a comment needs a blank next
	sqBlockSlash              // after '/' in a comment (PostgreSQL comments nest)
	sqSemi                    // after an INSERT's ';' (with a sink): blanks to its line's end
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
	sqlBareB                                                            [256]bool // bytes of a bare value: a number, NULL
	// sqlPlainK: 0 for a byte that is no plain byte of a tuple field, 1
	// for one a bare value is made of, 2 for any other.
	sqlPlainK [256]uint8
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
	for _, c := range []byte(",()[]'\"`-/;#$") {
		sqlPlain[c] = false
	}
	for _, c := range []byte(";'\"`-/$#") {
		sqlSkip[c] = true
	}
	for _, c := range []byte("\t\n\r\\") {
		sqlCopySpecial[c] = true
	}
	for c := 0; c < 256; c++ {
		b := byte(c)
		sqlBareB[c] = b|0x20 >= 'a' && b|0x20 <= 'z' || b-'0' < 10 || b == '_' || b == '.' || b == '+' || b == '-'
		switch {
		case sqlPlain[c] && sqlBareB[c]:
			sqlPlainK[c] = 1
		case sqlPlain[c]:
			sqlPlainK[c] = 2
		}
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

	pos       int64 // absolute offset of the next byte
	lastByte  byte  // the byte at pos-1
	lastByte2 byte  // the byte at pos-2
	dmg       *Damage
	halt      bool // damaged, or a peek is done
	final     bool // the hay of the current call ends where the file does
	ended     bool // the end of the file was handled

	st, ctx, ps, sk uint8
	q               byte     // quote of the current string or name
	esc             bool     // backslash escapes in it
	vq              Escaping // how the current string reads
	cs              int64    // a line comment's text start; -1 for a psql command
	cdepth          int      // the depth of the current block comment
	bare            bool     // the tuple field so far is bare tokens (a number, NULL)
	acc             bool     // a quoted name: its bytes go to tok

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

	sp *sqlSpans // what a sink is told (sql_spans.go); nil without a sink, and in a peek
}

var sqlNoCol sqlCol

func newSQL(d Dialect, fields Fields, sink Sink) Locator {
	m := &sqlLoc{fields: fields, tables: map[string]*sqlTable{}, valStart: -1, pkStart: -1}
	m.mysql, m.bsl = d.MySQL, d.Backslash
	if sink != nil {
		m.sp = &sqlSpans{sink: sink, lnBlank: true, tup: -1, fromV: -1, fromR: -1}
		if h, ok := sink.(Hinter); ok {
			m.sp.hint = h
			m.sp.hinted()
		}
		m.sp.pick, _ = sink.(Picker)
	}
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
		m.damageFrom(off)
	}
}
