package rewrite

import (
	"bytes"

	"github.com/piid/piid/scanner/records"
	"path/filepath"
	"strings"
)

// CSV lexer states.
const (
	csvLine    = iota // at the start of a line, no row open (blank lines open none)
	csvLineCR         // after a '\r' that starts a line: a blank line, or data
	csvField          // at the start of a field of an open row
	csvBare           // in an unquoted field
	csvBareCR         // after a '\r' in one: the line's end, or data
	csvQuoted         // in a quoted field
	csvQuote          // after a quote in it: its end, or the first of a pair
	csvQuoteCR        // after a '\r' that follows the closing quote
)

// csvLexer finds the rows and fields of RFC 4180 text as encoding/csv
// reads it: a row ends at "\n" or "\r\n" outside quotes (a lone '\r' is
// data, and one just before the end of the file is dropped), blank lines
// are no rows, quoted fields hold delimiters, doubled quotes and line
// breaks. It is lenient where encoding/csv is strict: a quote inside an
// unquoted field is data; text after a closing quote makes the field
// malformed (no edit may go there) but the row is still found.
type csvLexer struct {
	r      reporter
	delim  byte
	stop   [256]bool // bytes that end a run of unquoted data
	pos    int64     // offset of the next byte fed
	skip   int64     // a BOM at the start is no data
	st     uint8
	rows   int   // rows begun
	row    int64 // where the current row starts
	field  int   // the current field's index in its row
	fs     int64 // where the current field starts (its opening quote)
	qEnd   int64 // the quote that may close the current quoted field
	cr     int64 // the '\r' that may start a line end
	bad    bool  // the current field has text after its closing quote
	u      unit
	header bool // the first row is a header, never deleted
}

func newCSVLexer(s sink, delim byte, head []byte) *csvLexer {
	l := &csvLexer{r: newReporter(s), delim: delim, header: true}
	for _, c := range []byte{delim, '"', '\r', '\n'} {
		l.stop[c] = true
	}
	if bytes.HasPrefix(head, bom) {
		l.skip = int64(len(bom))
	}
	return l
}

var bom = []byte{0xEF, 0xBB, 0xBF}

func (l *csvLexer) feed(b []byte) {
	base := l.pos
	l.pos += int64(len(b))
	i := 0
	if base < l.skip {
		i = int(min(l.skip-base, int64(len(b))))
	}
	for i < len(b) {
		at := base + int64(i)
		c := b[i]
		switch l.st {
		case csvLine:
			switch c {
			case '\n':
				i++
				continue
			case '\r':
				l.st, l.cr = csvLineCR, at
				i++
				continue
			}
			l.openRow(at)
			l.st = csvField
		case csvLineCR:
			if c == '\n' {
				l.st = csvLine
				i++
				continue
			}
			l.openRow(l.cr) // the '\r' was data: the row starts with it
			l.fs, l.st = l.cr, csvBare
		case csvField:
			l.fs, l.bad = at, false
			i++
			switch c {
			case '"':
				l.st = csvQuoted
			case l.delim:
				l.endField(at, false)
			case '\n':
				l.endField(at, true)
				l.endRow(at + 1)
			case '\r':
				l.st, l.cr = csvBareCR, at
			default:
				l.st = csvBare
			}
		case csvBare:
			j := i
			for j < len(b) && !l.stop[b[j]] {
				j++
			}
			if j == len(b) {
				i = j
				continue
			}
			at, c = base+int64(j), b[j]
			i = j + 1
			switch c {
			case l.delim:
				l.endField(at, false)
				l.st = csvField
			case '\n':
				l.endField(at, true)
				l.endRow(at + 1)
			case '\r':
				l.st, l.cr = csvBareCR, at
			} // a quote is data here
		case csvBareCR:
			if c == '\n' {
				l.endField(l.cr, true)
				l.endRow(at + 1)
				i++
				continue
			}
			l.st = csvBare // the '\r' was data; c is read again
		case csvQuoted:
			k := bytes.IndexByte(b[i:], '"')
			if k < 0 {
				i = len(b)
				continue
			}
			i += k
			l.qEnd, l.st = base+int64(i), csvQuote
			i++
		case csvQuote:
			i++
			switch c {
			case '"':
				l.st = csvQuoted
			case l.delim:
				l.endField(at, false)
				l.st = csvField
			case '\n':
				l.endField(at, true)
				l.endRow(at + 1)
			case '\r':
				l.st, l.cr = csvQuoteCR, at
			default:
				l.st, l.bad = csvBare, true
			}
		case csvQuoteCR:
			if c == '\n' {
				l.endField(l.cr, true)
				l.endRow(at + 1)
				i++
				continue
			}
			l.st, l.bad = csvBare, true
		}
	}
}

func (l *csvLexer) end() {
	switch l.st {
	case csvField:
		l.fs, l.bad = l.pos, false
		l.endField(l.pos, true)
	case csvBare, csvQuote:
		l.endField(l.pos, true)
	case csvBareCR, csvQuoteCR:
		l.endField(l.cr, true)
	case csvQuoted:
		l.u = unit{OuterStart: l.fs, OuterEnd: l.pos, Start: l.fs, End: l.pos, Reason: "in a quoted field the end of the file cuts", Escaping: records.Escaping{Quoting: records.Unfit}}
		l.r.unit(&l.u)
		l.r.record(l.row, l.pos, "a row the end of the file cuts inside a quoted field")
		l.st = csvLine
		return
	default:
		return
	}
	l.endRow(l.pos)
}

func (l *csvLexer) openRow(at int64) {
	l.rows++
	l.row, l.field, l.bad = at, 0, false
}

// endField ends the current field at end (exclusive, line end excluded);
// last says it ends its row.
func (l *csvLexer) endField(end int64, last bool) {
	if l.r.wants(end) { // a value ends at end or before
		l.report(end, last)
	}
	l.field++
	if last {
		l.st = csvLine
	} else {
		l.st = csvField
	}
}

func (l *csvLexer) report(end int64, last bool) {
	u := &l.u
	switch {
	case l.bad:
		*u = unit{OuterStart: l.fs, OuterEnd: end, Start: l.fs, End: end, Reason: "a malformed CSV field (text after its closing quote)", Escaping: records.Escaping{Quoting: records.Unfit}}
	case l.st == csvQuote || l.st == csvQuoteCR:
		*u = unit{OuterStart: l.fs, OuterEnd: l.qEnd + 1, Start: l.fs + 1, End: l.qEnd, Escaping: records.Escaping{Quoting: records.CSVQuoted}}
	default:
		*u = unit{OuterStart: l.fs, OuterEnd: end, Start: l.fs, End: end, Sole: last && l.field == 0, Escaping: records.Escaping{Quoting: records.CSVBare, Quote: l.delim}}
	}
	l.r.unit(u)
}

func (l *csvLexer) endRow(end int64) {
	l.st = csvLine
	reason := ""
	if l.header && l.rows == 1 {
		reason = "the first row of a CSV file is its header (or may be) and is never deleted"
	}
	l.r.record(l.row, end, reason)
}

// sniffDelim tells a CSV file's delimiter: the one of ',', ';', '\t', '|'
// that splits the first rows into the same number of fields, the most
// fields winning (a .tsv prefers the tab).
func sniffDelim(name string, head []byte) byte {
	ext := strings.ToLower(filepath.Ext(strings.TrimSuffix(strings.ToLower(name), ".gz")))
	switch ext {
	case ".tsv", ".tab":
		return '\t'
	case ".psv":
		return '|'
	}
	sample := head[:min(len(head), 64<<10)]
	best, bestFields := byte(','), 0
	for _, d := range []byte{',', ';', '\t', '|'} {
		c := &fieldCounter{}
		l := newCSVLexer(c, d, sample)
		l.feed(sample)
		if len(head) == len(sample) && len(head) < headSize {
			l.end() // the whole file: its last row counts too
		}
		if len(c.rows) == 0 || c.rows[0] < 2 {
			continue
		}
		agree := 0
		for _, n := range c.rows {
			if n == c.rows[0] {
				agree++
			}
		}
		if 2*agree > len(c.rows) && c.rows[0] > bestFields {
			best, bestFields = d, c.rows[0]
		}
	}
	return best
}

// fieldCounter counts the fields of the first whole rows.
type fieldCounter struct {
	fields int
	rows   []int
}

func (c *fieldCounter) Value(*unit) { c.fields++ }

func (c *fieldCounter) Record(int64, int64, string) {
	if len(c.rows) < 20 {
		c.rows = append(c.rows, c.fields)
	}
	c.fields = 0
}

func (c *fieldCounter) hint() (int64, int64)   { return -1, -1 }
func (c *fieldCounter) Tuple(int64, int64)     {}
func (c *fieldCounter) Statement(int64, int64) {}
