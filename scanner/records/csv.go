package records

import (
	"bytes"
	"path/filepath"
	"strconv"
	"strings"
)

// Delimiters a CSV file may use, in the order ties are broken.
var delimiters = []byte{',', ';', '\t', '|'}

// maxQuoted bounds a quoted field: past it the quote is taken for one that
// was never closed.
const maxQuoted = 1 << 20

// csv parser states.
const (
	csvFieldStart = iota // the next byte opens a field
	csvUnquoted          // in an unquoted field
	csvQuoted            // in a quoted field
	csvQuoteSeen         // a quote inside a quoted field: its end, or the first of a doubled pair
	csvAfterQuote        // after a closing quote, before the delimiter
)

// csvState is where the parser stands; copied to look ahead without moving.
type csvState struct {
	pos        int64 // next byte to read
	st         uint8
	rowOpen    bool  // a data row has begun (blank lines open none)
	row        int64 // the current (or last) data row
	field      int   // the current field's index
	fieldStart int64 // where the current field's value starts
	rowStart   int64
	prevCR     bool  // the last byte read was '\r'
	quoteAt    int64 // the quote that may close the current quoted field
}

// csvLocator follows RFC 4180 records: quoted fields may hold delimiters,
// doubled quotes and line ends; a row's field count must match the header's.
type csvLocator struct {
	delim   byte
	names   []string // per column: the header, or the column number
	classes []int32
	detects []bool
	s       csvState
	pending []Loc // detecting values of the current row, kept until it proves whole
	// wholeRow is the last row looked ahead at to its end and found whole.
	wholeRow int64
	damage   *Damage
}

func newCSV(d Dialect, name string, head []byte, fields Fields, sink Sink) Locator {
	_ = sink // spans: to do
	body := trimBOM(head)
	skip := int64(len(head) - len(body))
	l := &csvLocator{delim: d.Delim}
	recs, ends := sampleRecords(body, d.Delim, 1)
	if len(recs) == 0 {
		return l
	}
	parent := []byte(baseName(name))
	for i, cell := range recs[0] {
		n := strconv.Itoa(i + 1)
		if d.Header {
			n = strings.TrimSpace(string(cell))
		}
		l.names = append(l.names, n)
		var class int32
		if d.Header && fields != nil {
			class = fields.Class([]byte(n), parent)
		}
		l.classes = append(l.classes, class)
		l.detects = append(l.detects, class != 0 && fields.Detects(class))
	}
	l.s.pos = skip
	if d.Header {
		l.s.pos += int64(ends[0])
	}
	return l
}

// baseName is a file's name without folders and extensions: the table a
// CSV export was taken from ("customers.csv.gz" -> "customers").
func baseName(name string) string {
	b := filepath.Base(name)
	if i := strings.IndexByte(b, '.'); i > 0 {
		b = b[:i]
	}
	return b
}

func (l *csvLocator) Damage() *Damage { return l.damage }

func (l *csvLocator) Advance(hay []byte, base, to int64, final bool, vals *[]Loc) {
	if l.damage == nil && to > l.s.pos {
		l.run(hay, base, min(to, base+int64(len(hay))), final, vals)
	}
}

func (l *csvLocator) At(hay []byte, base, off int64, final bool, vals *[]Loc) (Loc, bool) {
	l.Advance(hay, base, off, final, vals)
	if l.damage != nil || off < l.s.pos || off >= base+int64(len(hay)) {
		return Loc{}, false
	}
	s := l.s // where off stands, not yet read
	c := hay[off-base]
	switch s.st {
	case csvFieldStart:
		if c == '"' || c == l.delim || c == '\n' || c == '\r' {
			return Loc{}, false
		}
		if !s.rowOpen {
			s.row++
		}
		s.fieldStart = off
	case csvQuoteSeen:
		if c != '"' {
			return Loc{}, false
		}
	case csvAfterQuote:
		return Loc{}, false
	}
	// Look ahead: where the value ends, and whether its row is whole. A
	// ragged row is damage, found before any of its values is reported.
	end, fields, rowEnded, bad := l.ahead(hay, base, off, final)
	if bad != "" || (rowEnded && fields != len(l.names)) {
		if bad == "" {
			bad = "row has " + strconv.Itoa(fields) + " fields, not " + strconv.Itoa(len(l.names))
		}
		rowStart := l.s.rowStart
		if !l.s.rowOpen {
			rowStart = off
		}
		l.fail(rowStart, bad)
		return Loc{}, false
	}
	if s.field >= len(l.names) {
		return Loc{}, false
	}
	return Loc{Row: s.row, Field: l.names[s.field], Class: l.classes[s.field], Start: s.fieldStart, End: end}, true
}

// ahead reads on from off (without moving the parser) to the end of the
// value at off and of its row, within hay. It returns the value's end (-1
// if past hay), the row's field count when the row ends in hay, and why the
// row is malformed, if it is.
func (l *csvLocator) ahead(hay []byte, base, off int64, final bool) (end int64, fields int, rowEnded bool, bad string) {
	t := *l
	t.pending = nil
	t.s.pos = off
	if l.s.st == csvFieldStart {
		// off opens an unquoted field; the row opens with it if need be.
		if !t.s.rowOpen {
			t.s.rowOpen, t.s.row, t.s.rowStart = true, t.s.row+1, off
		}
		t.s.st, t.s.fieldStart = csvUnquoted, off
	}
	field := t.s.field
	// A row already seen whole needs only the end of this value.
	known := t.s.row == l.wholeRow
	end = -1
	stop := func(s *csvState, at int64, endOfField, endOfRow bool) bool {
		if endOfField && s.field == field && end < 0 {
			end = at
			if known {
				fields, rowEnded = len(l.names), true
				return true
			}
		}
		if endOfRow {
			fields, rowEnded = s.field+1, true
			return true
		}
		return false
	}
	t.scan(hay, base, base+int64(len(hay)), final, stop, nil)
	if t.damage != nil {
		bad = t.damage.Reason
	} else if rowEnded && fields == len(l.names) {
		l.wholeRow = t.s.row
	}
	return end, fields, rowEnded, bad
}

func (l *csvLocator) fail(at int64, reason string) {
	if l.damage == nil {
		l.damage = &Damage{Offset: at, Kind: CSV, Reason: reason}
		l.pending = l.pending[:0]
	}
}

// run parses hay from the parser's position to to, reporting the
// detecting values of each whole row.
func (l *csvLocator) run(hay []byte, base, to int64, final bool, vals *[]Loc) {
	l.scan(hay, base, to, final && to == base+int64(len(hay)), func(s *csvState, at int64, endOfField, endOfRow bool) bool {
		if endOfField && s.field < len(l.names) && l.detects[s.field] && at > s.fieldStart {
			l.pending = append(l.pending, Loc{Row: s.row, Field: l.names[s.field], Class: l.classes[s.field], Start: s.fieldStart, End: at})
		}
		if endOfRow {
			if n := s.field + 1; n != len(l.names) {
				l.fail(s.rowStart, "row has "+strconv.Itoa(n)+" fields, not "+strconv.Itoa(len(l.names)))
				return true
			}
			*vals = append(*vals, l.pending...)
			l.pending = l.pending[:0]
		}
		return false
	}, vals)
}

// scan is the parser. It calls on at the end of each field (endOfField:
// the value ends at at) and of each row (endOfRow, after the row's last
// field), and stops early when on returns true. At the end of a final hay
// the open row ends; an open quote there is damage.
func (l *csvLocator) scan(hay []byte, base, to int64, final bool, on func(s *csvState, at int64, endOfField, endOfRow bool) bool, vals *[]Loc) {
	s := &l.s
	d := l.delim
	i := int(s.pos - base)
	n := int(to - base)
	endField := func(at int64) bool { // the value ended at at; true to stop
		stop := on(s, at, true, false)
		s.field++
		s.st = csvFieldStart
		return stop
	}
	endRow := func(at int64) bool {
		s.field-- // endField moved past the last field
		stop := on(s, at, false, true)
		s.field, s.rowOpen, s.st = 0, false, csvFieldStart
		return stop
	}
	for i < n && l.damage == nil {
		c := hay[i]
		switch s.st {
		case csvFieldStart:
			switch {
			case c == '\n' && !s.rowOpen, c == '\r' && !s.rowOpen:
				// a blank line, or the CR of one
			case c == '"':
				s.open(base + int64(i))
				s.st, s.fieldStart = csvQuoted, base+int64(i)+1
			case c == d:
				s.open(base + int64(i))
				s.fieldStart = base + int64(i) // an empty value
				if endField(base + int64(i)) {
					s.pos = base + int64(i) + 1
					return
				}
			case c == '\n':
				at := base + int64(i)
				if s.prevCR {
					at--
				}
				s.fieldStart = at // the empty value after a trailing delimiter
				if endField(at) || endRow(at) {
					s.pos = base + int64(i) + 1
					s.prevCR = false
					return
				}
			default:
				s.open(base + int64(i))
				s.st, s.fieldStart = csvUnquoted, base+int64(i)
			}
		case csvUnquoted:
			j := i
			for j < n && hay[j] != d && hay[j] != '\n' {
				j++
			}
			if j == n {
				s.prevCR = hay[n-1] == '\r'
				i = n
				continue
			}
			at := base + int64(j)
			if hay[j] == '\n' && ((j > i && hay[j-1] == '\r') || (j == i && s.prevCR)) {
				at--
			}
			stop := endField(at)
			if !stop && hay[j] == '\n' {
				stop = endRow(at)
			}
			i = j
			if stop {
				s.pos = base + int64(i) + 1
				s.prevCR = false
				return
			}
		case csvQuoted:
			j := bytes.IndexByte(hay[i:n], '"')
			if j < 0 {
				i = n
				continue
			}
			i += j
			s.st, s.quoteAt = csvQuoteSeen, base+int64(i)
		case csvQuoteSeen:
			if c == '"' { // a doubled quote
				s.st = csvQuoted
				break
			}
			s.st = csvAfterQuote
			continue // read c again as what follows the value
		case csvAfterQuote:
			at := base + int64(i)
			switch c {
			case '\r':
			case d:
				if endField(s.quoteAt) {
					s.pos = at + 1
					return
				}
			case '\n':
				q := s.quoteAt
				if endField(q) || endRow(q) {
					s.pos = at + 1
					s.prevCR = false
					return
				}
			default:
				l.fail(s.rowStart, "text after a closing quote")
				return
			}
		}
		s.prevCR = c == '\r'
		i++
	}
	s.pos = base + int64(i)
	if l.damage != nil {
		return
	}
	if s.st == csvQuoted && s.pos-s.fieldStart > maxQuoted {
		l.fail(s.rowStart, "quoted field longer than 1 MiB (a quote left open?)")
		return
	}
	if final && s.pos == base+int64(len(hay)) && s.rowOpen {
		switch s.st {
		case csvQuoted:
			l.fail(s.rowStart, "quote left open at the end of the file")
		case csvQuoteSeen, csvAfterQuote:
			at := s.quoteAt
			if !endField(at) {
				endRow(at)
			}
		default:
			at := s.pos
			if s.prevCR {
				at--
			}
			if !endField(at) {
				endRow(at)
			}
		}
	}
}

// open opens a data row at at, if none is open.
func (s *csvState) open(at int64) {
	if !s.rowOpen {
		s.rowOpen, s.row, s.rowStart = true, s.row+1, at
	}
}

// sampleLimit is how much of a file's start is read to sniff its dialect.
const sampleLimit = 64 << 10

// Extensions of delimited text, and of files that may be delimited text
// when their content says so plainly (a header and consistent rows).
var (
	csvExts   = map[string]bool{".csv": true, ".tsv": true, ".psv": true, ".tab": true, ".dsv": true}
	maybeExts = map[string]bool{"": true, ".txt": true, ".dat": true, ".export": true, ".out": true}
)

// sniffCSV finds the delimiter that splits the first records of body into
// the same number of fields (two at least). Files whose extension does not
// say CSV must show a header and three consistent records.
func sniffCSV(body []byte, ext string, fields Fields, name string) (Dialect, bool) {
	if !csvExts[ext] && !maybeExts[ext] {
		return Dialect{}, false
	}
	sample := body[:min(len(body), sampleLimit)]
	var (
		best byte
		n    int // fields per record with best
	)
	for _, d := range delimiters {
		recs, _ := sampleRecords(sample, d, 20)
		need := 1
		if !csvExts[ext] {
			need = 3
		}
		if len(recs) < need || len(recs[0]) < 2 {
			continue
		}
		// A ragged row is damage to report, not a reason to read a .csv
		// as prose: most rows must agree, all of them without the name.
		agree := 0
		for _, r := range recs {
			if len(r) == len(recs[0]) {
				agree++
			}
		}
		consistent := agree == len(recs) || (csvExts[ext] && 2*agree > len(recs))
		if !consistent || (!csvExts[ext] && !isHeader(recs[0], recs[1:], nil, nil)) {
			continue
		}
		if len(recs[0]) > n || (ext == ".tsv" && d == '\t') {
			best, n = d, len(recs[0])
		}
		if ext == ".tsv" && d == '\t' {
			break
		}
	}
	if n == 0 {
		return Dialect{}, false
	}
	d := Dialect{Kind: CSV, Delim: best}
	if recs, _ := sampleRecords(sample, best, 2); len(recs) > 0 {
		d.Header = isHeader(recs[0], recs[1:], fields, []byte(baseName(name)))
	}
	return d, true
}

// sampleRecords splits the complete records at the start of b (at most
// max) into their fields, quotes removed (doubled quotes kept as they
// are). ends holds the offset after each record. Blank lines are skipped.
func sampleRecords(b []byte, delim byte, max int) (recs [][][]byte, ends []int) {
	i := 0
	for len(recs) < max && i < len(b) {
		if b[i] == '\n' || b[i] == '\r' {
			i++
			continue
		}
		var rec [][]byte
		for {
			var cell []byte
			if i < len(b) && b[i] == '"' {
				j := i + 1
				for {
					k := bytes.IndexByte(b[j:], '"')
					if k < 0 {
						return recs, ends // an open quote: the record is not whole
					}
					j += k + 1
					if j < len(b) && b[j] == '"' {
						j++
						continue
					}
					break
				}
				cell = b[i+1 : j-1]
				i = j
				for i < len(b) && b[i] != delim && b[i] != '\n' {
					i++ // after the closing quote: a CR, or junk
				}
			} else {
				j := i
				for j < len(b) && b[j] != delim && b[j] != '\n' {
					j++
				}
				cell = bytes.TrimSuffix(b[i:j], []byte{'\r'})
				i = j
			}
			rec = append(rec, cell)
			if i >= len(b) {
				return recs, ends // no line end: the record may go on
			}
			if b[i] == '\n' {
				i++
				break
			}
			i++ // the delimiter
		}
		recs = append(recs, rec)
		ends = append(ends, i)
	}
	return recs, ends
}

// isHeader says whether first names the columns of the rows after it:
// every cell reads as a name, and the next row holds a value that does not
// (a number, an address) or a cell of first is a field name the catalog
// knows.
func isHeader(first [][]byte, rest [][][]byte, fields Fields, parent []byte) bool {
	for _, c := range first {
		if !nameLike(c) {
			return false
		}
	}
	if len(rest) == 0 {
		return true
	}
	for _, c := range rest[0] {
		if !nameLike(c) {
			return true
		}
	}
	if fields != nil {
		for _, c := range first {
			if fields.Class(bytes.TrimSpace(c), parent) != 0 {
				return true
			}
		}
	}
	return false
}

// nameLike reports whether a cell reads as a column name: short, opening
// with a letter, made of letters, digits and a few separators.
func nameLike(c []byte) bool {
	c = bytes.TrimSpace(c)
	if len(c) == 0 || len(c) > 64 {
		return false
	}
	if f := c[0]; !(f >= 0x80 || f == '_' || (f|0x20 >= 'a' && f|0x20 <= 'z')) {
		return false
	}
	for _, b := range c {
		switch {
		case b >= 0x80, b|0x20 >= 'a' && b|0x20 <= 'z', b >= '0' && b <= '9':
		case b == '_', b == ' ', b == '-', b == '.', b == '#', b == '(', b == ')', b == '/':
		default:
			return false
		}
	}
	return true
}
