package records

// Spans: what the rewriter needs of a file's structure. A locator made with
// a Sink (New) reports to it, in file order, every value it passes (with
// its quotes and its escaping) and every record, so that the rewriter edits
// exactly the bytes the scanner read, with the same parser.

// Quoting is how a value is written where it stands: what encloses it and
// how its text is escaped.
type Quoting uint8

const (
	Unfit           Quoting = iota // no edit can go there: Value.Reason says why
	CSVQuoted                      // a quoted CSV field: doubled quotes
	CSVBare                        // an unquoted CSV field: no escapes
	CSVEscaped                     // a field of backslash-escaped delimited text (mysqldump --tab)
	JSONString                     // a JSON string
	JSONBare                       // a JSON number or literal
	SQLString                      // a SQL string literal or quoted name
	SQLBare                        // a bare SQL value of a tuple (a number, NULL)
	SQLDollar                      // a PostgreSQL dollar-quoted string
	SQLLineComment                 // -- or # to the end of the line
	SQLBlockComment                // /* ... */
	CopyField                      // a field of PostgreSQL COPY text data
	PlainText                      // text with no structure: no escapes
)

// Escaping says how the text of a value is escaped.
type Escaping struct {
	Quoting   Quoting
	Quote     byte // SQL string: its quote; CSV: the delimiter
	Backslash bool // SQL string: backslash escapes (MySQL, E'', standard_conforming_strings off)
	MySQL     bool // SQL string: MySQL's (\0 is NUL, no octal or hex), not PostgreSQL's
	Nest      bool // SQL block comment: comments nest (PostgreSQL)
}

// Value is a value a locator passed: a field, a string, a token, a
// comment. [OuterStart,OuterEnd) holds it with its quotes, [Start,End)
// its content, absolute offsets.
type Value struct {
	Escaping
	OuterStart, OuterEnd int64
	Start, End           int64
	Sole                 bool   // CSV: the only field of its row (empty, it must stay quoted)
	Reason               string // Unfit: why no edit can go there
	// Rec is where the value sits, as At tells it (Row, Field, Pointer,
	// Table, Class; Start and End unset); Row is 0 for a value in no
	// record (a comment, a string of a statement that holds no rows).
	Rec Loc
}

// Sink receives the spans of a file, in file order. The locator reuses v.
type Sink interface {
	// Value is a value an edit may replace text in.
	Value(v *Value)
	// Record is a row or line that can be deleted, its line end
	// included; reason, when set, says why it cannot.
	Record(start, end int64, reason string)
	// Tuple is one (...) of an INSERT's VALUES; Statement ends that
	// INSERT and spans what deleting all of it removes (its line, when
	// it has one to itself).
	Tuple(start, end int64)
	Statement(start, end int64)
}

// Picker is what a Sink may also do: pick, before a value is reported,
// the values it needs (the scanner reads again only the values that hold
// an escape sequence or a JSON document). A locator then reports only
// those, each with its record (Value.Rec): a JSON locator builds a
// pointer for those alone, and the other values cost a call.
type Picker interface {
	Picks(v *Value) bool
}
