package records

import (
	"bytes"
	"path/filepath"
	"strings"
)

// Sniffing delimited text: the delimiter, whether the first row is a
// header, whether fields take backslash escapes. Sniff calls sniffCSV
// once per file; everything else reads with its answer.

// Delimiters a CSV file may use, in the order ties are broken.
var delimiters = []byte{',', ';', '\t', '|'}

// sampleLimit is how much of a file's start is read to sniff its dialect.
const sampleLimit = 64 << 10

// headerlessRows is how many rows, all of the same width, a file whose
// name does not say CSV must show to be read as delimited text without a
// header (mysqldump --tab writes none).
const headerlessRows = 5

// Extensions of delimited text, and of files that may be delimited text
// when their content says so plainly (consistent rows).
var (
	csvExts   = map[string]bool{".csv": true, ".tsv": true, ".psv": true, ".tab": true, ".dsv": true}
	maybeExts = map[string]bool{"": true, ".txt": true, ".dat": true, ".export": true, ".out": true}
)

// sniffCSV finds the delimiter that splits the first records of body into
// the same number of fields (two at least); the extension only breaks a
// tie (a .tsv prefers the tab). Files whose extension does not say CSV
// must show a header and three consistent records, or five consistent
// records of tab- or pipe-separated or wider rows.
func sniffCSV(body []byte, ext string, fields Fields, name string) (Dialect, bool) {
	if !csvExts[ext] && !maybeExts[ext] {
		return Dialect{}, false
	}
	sample := body[:min(len(body), sampleLimit)]
	bsl := backslashEscaped(sample)
	var (
		best   byte
		n      int // fields per record with best
		header bool
	)
	for _, d := range delimiters {
		recs := sampleRows(sample, newCSVConf(d, bsl && d == '\t'), 20)
		if len(recs) == 0 || len(recs[0]) < 2 {
			continue
		}
		agree := 0
		for _, r := range recs {
			if len(r) == len(recs[0]) {
				agree++
			}
		}
		hdr := isHeader(recs[0], recs[1:], nil, nil)
		switch {
		case csvExts[ext]:
			// A ragged row is damage to report, not a reason to read a
			// .csv as prose: most rows must agree.
			if 2*agree <= len(recs) {
				continue
			}
		case agree != len(recs):
			continue
		case hdr && len(recs) >= 3:
		case len(recs) >= headerlessRows && (d == '\t' || d == '|' || len(recs[0]) >= 3):
		default:
			continue
		}
		if len(recs[0]) > n || (ext == ".tsv" && d == '\t') {
			best, n = d, len(recs[0])
			header = hdr
		}
		if ext == ".tsv" && d == '\t' {
			break
		}
	}
	if n == 0 {
		return Dialect{}, false
	}
	d := Dialect{Kind: CSV, Delim: best, Backslash: bsl && best == '\t', Header: header}
	if recs := sampleRows(sample, newCSVConf(best, d.Backslash), 2); len(recs) > 0 && fields != nil {
		d.Header = isHeader(recs[0], recs[1:], fields, []byte(baseName(name)))
	}
	return d, true
}

// backslashEscaped says whether a sample reads as MySQL's SELECT ... INTO
// OUTFILE and mysqldump --tab write: no field opens with a quote, and
// backslash escapes stand where quotes would (\N for NULL, an escaped
// backslash, tab or line end). Only a tab-separated file is read so: a
// backslash in a comma-separated one is far more often data (a Windows
// path) than an escape.
func backslashEscaped(b []byte) bool {
	escaped := false
	for i, c := range b {
		switch c {
		case '"':
			if i == 0 || b[i-1] == '\n' || bytes.IndexByte(delimiters, b[i-1]) >= 0 {
				return false // a quoted field
			}
		case '\\':
			if i+1 < len(b) {
				switch b[i+1] {
				case 'N', '\\', '\t', '\n':
					escaped = true
				}
			}
		}
	}
	return escaped
}

// sampleRows reads the whole rows at the start of b (at most max) with
// the lexer and returns their fields, unescaped.
func sampleRows(b []byte, c *csvConf, max int) [][][]byte {
	var (
		recs [][][]byte
		rec  [][]byte
		x    csvLex
	)
	esc := Escaping{Quoting: CSVBare, Quote: c.delim}
	if c.backslash {
		esc.Quoting = CSVEscaped
	}
	for len(recs) < max && x.next(c, b, 0, int64(len(b))) == evField {
		s, e := x.content()
		fe := esc
		if x.quoted {
			fe.Quoting = CSVQuoted
		}
		rec = append(rec, fe.Unescape(nil, b[s:e]))
		if x.last {
			recs = append(recs, rec)
			rec = nil
		}
	}
	return recs
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
