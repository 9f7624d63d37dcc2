// Package records follows the structure of database exports (CSV/TSV,
// JSON/JSONL, SQL dumps) as the scanner streams them, so that a match found
// on the raw bytes can be told which record and field it sits in.
//
// A Locator sees the file in order, through the scanner's sliding buffer:
// every call passes the buffer (hay) and the file offset of its first byte
// (base); offsets in and out are absolute. Locators keep their state across
// calls and allocate nothing per row.
package records

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Kind is the structure of a file.
type Kind uint8

const (
	Text  Kind = iota // no records: findings carry lines only
	CSV               // CSV, TSV and other delimited text: RFC 4180 quoting, or MySQL's backslash escapes
	JSON              // one JSON document (often a large array of rows)
	JSONL             // one JSON document per line
	SQL               // a PostgreSQL plain-format or MySQL dump
)

func (k Kind) String() string {
	switch k {
	case CSV:
		return "csv"
	case JSON:
		return "json"
	case JSONL:
		return "jsonl"
	case SQL:
		return "sql"
	}
	return "text"
}

// Fields says what the name of a field tells about its values;
// patterns.Catalog implements it.
type Fields interface {
	// Class returns the rule a field's name matches, 0 for none. parent
	// is what encloses the field: the table of a SQL column, the file's
	// base name for a CSV column, the enclosing key for a JSON key; it
	// may be empty.
	Class(name, parent []byte) int32
	// Detects says whether the value of a field of that class is itself a
	// finding (a first_name field holds a person_name).
	Detects(class int32) bool
}

// Loc is where a byte sits: a record and the value of one of its fields.
type Loc struct {
	Row     int64  // 1-based data row (CSV, SQL per table), document or array element (JSON), line (JSONL)
	Field   string // CSV header or SQL column; the column number as text when there is no name
	Pointer string // JSON: RFC 6901 pointer of the value inside the row's document
	Table   string // SQL: the table of the row
	Class   int32  // Fields.Class of the field's name
	// Start and End are the absolute offsets of the field's value, quotes
	// excluded; End is -1 while the value runs past the bytes given.
	Start, End int64
	// Esc says how the value is escaped: what it reads as is
	// Esc.Unescape of its bytes.
	Esc Escaping
}

// Damage is where a file stops following its format (a ragged row, an
// unterminated quote, a line that does not parse). Where the format lets
// the locator find the next record (a JSONL line, a CSV row), only the
// damaged records are scanned as plain text and Skipped counts them;
// otherwise everything from Offset on is.
type Damage struct {
	Offset  int64 // the first damage
	Kind    Kind
	Reason  string // of the first damage
	Skipped int64  // records read as plain text; 0: the rest of the file
}

func (d *Damage) Error() string {
	if d.Skipped > 0 {
		return fmt.Sprintf("malformed %s at byte %d: %s; %d records in all scanned as plain text", d.Kind, d.Offset, d.Reason, d.Skipped)
	}
	return fmt.Sprintf("malformed %s at byte %d: %s; scanned as plain text from there", d.Kind, d.Offset, d.Reason)
}

// A Locator follows one file's structure.
type Locator interface {
	// Advance follows the structure up to absolute offset to. hay holds
	// the file from offset base and reaches at least to (it may start
	// after the locator's position only if the locator is already past
	// base); final says hay ends where the file does. A call whose to is
	// behind the locator's position does nothing. The value of each
	// detecting field (Fields.Detects) that ends on the way is appended
	// to vals, in file order.
	Advance(hay []byte, base, to int64, final bool, vals *[]Loc)
	// At advances to off (as Advance does) and returns where the byte at
	// off sits. ok is false when it is in no field value: between rows,
	// in a JSON key, in a SQL statement that holds no rows, or past
	// damage. At is called with offsets that never decrease.
	At(hay []byte, base, off int64, final bool, vals *[]Loc) (loc Loc, ok bool)
	// Damage returns the first damage met, nil while there is none.
	Damage() *Damage
}

// New returns the locator of a file read with dialect d (Sniff), nil for
// Text unless sink is set. name is the file's path (a CSV's base name is
// the parent of its columns); head is its start, as Sniff saw it. With a
// sink, the locator also reports every value and record it passes (see
// Sink): the rewriter reads a file so, feeding Advance consecutive chunks
// (base the end of the last one), and a last call with final set.
func New(d Dialect, name string, head []byte, fields Fields, sink Sink) Locator {
	switch d.Kind {
	case CSV:
		return newCSV(d, name, head, fields, sink)
	case JSON, JSONL:
		return newJSON(d.Kind, fields, sink)
	case SQL:
		return newSQL(d, fields, sink)
	}
	if sink != nil {
		return newText(sink)
	}
	return nil
}

// extension is the file's extension in lower case, under a .gz.
func extension(name string) string {
	name = strings.ToLower(name)
	name = strings.TrimSuffix(name, ".gz")
	return filepath.Ext(name)
}

var bom = []byte{0xEF, 0xBB, 0xBF}

func trimBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == bom[0] && b[1] == bom[1] && b[2] == bom[2] {
		return b[3:]
	}
	return b
}

func firstNonSpace(b []byte) byte {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return c
	}
	return 0
}
