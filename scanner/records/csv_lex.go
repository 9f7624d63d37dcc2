package records

import "bytes"

// The CSV lexer: the one reading of delimited text that sniffing, the
// scanner's locator and the rewriter's spans all share. It reads RFC 4180
// as encoding/csv does: a row ends at "\n" or "\r\n" outside quotes (a
// lone '\r' is data, and one just before the end of the file is dropped),
// blank lines are no rows, quoted fields hold delimiters, doubled quotes
// and line breaks. It is lenient where encoding/csv is strict: a quote
// inside an unquoted field is data, and text after a closing quote makes
// the field malformed (csvLex.bad) but the row is still found, so a reader
// can resync at its end. In the Backslash dialect (mysqldump --tab) there
// are no quotes: a backslash makes the next byte data, an escaped
// delimiter or line end included.

// maxQuoted bounds a quoted field: past it the quote is taken for one that
// was never closed.
const maxQuoted = 1 << 20

// Lexer states.
const (
	lxLine    = iota // at the start of a line, no row open
	lxLineCR         // after a '\r' that starts a line: a blank line's end, or data
	lxField          // at the start of a field of an open row
	lxBare           // in an unquoted field
	lxBareCR         // after a '\r' in one: the line's end, or data
	lxEsc            // after a backslash (Backslash dialect): the next byte is data
	lxQuoted         // in a quoted field
	lxQuote          // after a quote in it: its end, or the first of a pair
	lxQuoteCR        // after a '\r' that follows the closing quote
)

// What next returns.
const (
	evNone   = iota // the bytes given are read
	evField         // a field ended (csvLex.fidx, .end; .last: its row too)
	evBroken        // a quoted field runs past maxQuoted: nothing after it can be read
)

// csvConf is how a file's fields are written.
type csvConf struct {
	delim     byte
	backslash bool
	stop      [256]bool // bytes that end a run of unquoted data
}

func newCSVConf(delim byte, backslash bool) *csvConf {
	c := &csvConf{delim: delim, backslash: backslash}
	c.stop[delim], c.stop['\r'], c.stop['\n'] = true, true, true
	if backslash {
		c.stop['\\'] = true
	}
	return c
}

// csvLex is the lexer's position: plain values, copied to look ahead.
type csvLex struct {
	pos      int64 // the next byte to read
	st       uint8
	rows     int64 // rows opened, the header's included
	field    int   // the index the next field of the open row takes
	rowStart int64 // where the open row starts
	fs       int64 // where the current field starts (its opening quote, if any)
	qEnd     int64 // the quote that may close the current quoted field
	cr       int64 // the '\r' that may start a line end
	bad      bool  // the current field has text after its closing quote
	nul      bool  // the current field opens with \N (Backslash dialect)

	// The field the last evField ended: its index, where its text ends
	// (the delimiter or line end after it), whether it was quoted and
	// whether it ended its row, which then ends at rowEnd (line end
	// included).
	fidx   int
	end    int64
	quoted bool
	last   bool
	rowEnd int64
}

// inRow says whether a row is open.
func (x *csvLex) inRow() bool { return x.st != lxLine && x.st != lxLineCR }

func (x *csvLex) open(at int64) {
	x.rows++
	x.rowStart, x.field = at, 0
}

// emit ends the current field at end; last says it ends its row at
// rowEnd. The lexer resumes at next.
func (x *csvLex) emit(end, next int64, last bool, rowEnd int64) int {
	x.fidx, x.end, x.last, x.rowEnd = x.field, end, last, rowEnd
	x.quoted = x.st == lxQuote || x.st == lxQuoteCR
	x.field++
	x.pos = next
	if last {
		x.st = lxLine
	} else {
		x.st = lxField
	}
	return evField
}

// null says whether the last field is \N, MySQL's NULL: no data.
func (x *csvLex) null() bool { return x.nul && x.end == x.fs+2 }

// content is the span of the last field's value: inside its quotes.
func (x *csvLex) content() (start, end int64) {
	if x.quoted {
		return x.fs + 1, x.qEnd
	}
	return x.fs, x.end
}

// next reads hay (the file from base) from the lexer's position up to to,
// and stops after the first field that ends on the way.
func (x *csvLex) next(c *csvConf, hay []byte, base, to int64) int {
	i := int(x.pos - base)
	n := int(to - base)
	stop, delim := &c.stop, c.delim
	for i < n {
		at := base + int64(i)
		ch := hay[i]
		switch x.st {
		case lxLine:
			switch ch {
			case '\n':
				i++
				continue
			case '\r':
				x.st, x.cr = lxLineCR, at
				i++
				continue
			}
			x.open(at)
			x.st = lxField
		case lxLineCR:
			if ch == '\n' {
				x.st = lxLine
				i++
				continue
			}
			x.open(x.cr) // the '\r' was data: the row starts with it
			x.fs, x.bad, x.st = x.cr, false, lxBare
		case lxField:
			x.fs, x.bad, x.nul = at, false, false
			i++
			switch {
			case ch == delim:
				return x.emit(at, at+1, false, 0)
			case ch == '\n':
				return x.emit(at, at+1, true, at+1)
			case ch == '\r':
				x.st, x.cr = lxBareCR, at
			case ch == '"' && !c.backslash:
				x.st = lxQuoted
			case ch == '\\' && c.backslash:
				x.st = lxEsc
			default:
				x.st = lxBare
			}
		case lxBare:
			j := i
			for j < n && !stop[hay[j]] {
				j++
			}
			if j == n {
				i = j
				continue
			}
			at, ch = base+int64(j), hay[j]
			i = j + 1
			switch ch {
			case delim:
				return x.emit(at, at+1, false, 0)
			case '\n':
				return x.emit(at, at+1, true, at+1)
			case '\r':
				x.st, x.cr = lxBareCR, at
			case '\\':
				x.st = lxEsc
			}
		case lxBareCR:
			if ch == '\n' {
				return x.emit(x.cr, at+1, true, at+1)
			}
			x.st = lxBare // the '\r' was data; ch is read again
		case lxEsc:
			x.nul = x.nul || (ch == 'N' && at == x.fs+1)
			x.st = lxBare
			i++
		case lxQuoted:
			// A closing quote further than maxQuoted is none.
			lim := x.fs + 2 + maxQuoted
			k := -1
			if e := min(n, int(lim-base)); i < e {
				k = bytes.IndexByte(hay[i:e], '"')
			}
			if k < 0 {
				if base+int64(n) >= lim {
					x.pos = at
					return evBroken
				}
				i = n
				continue
			}
			i += k
			x.qEnd, x.st = base+int64(i), lxQuote
			i++
		case lxQuote:
			i++
			switch ch {
			case '"':
				x.st = lxQuoted
			case delim:
				return x.emit(at, at+1, false, 0)
			case '\n':
				return x.emit(at, at+1, true, at+1)
			case '\r':
				x.st, x.cr = lxQuoteCR, at
			default:
				x.st, x.bad = lxBare, true
			}
		case lxQuoteCR:
			if ch == '\n' {
				return x.emit(x.cr, at+1, true, at+1)
			}
			x.st, x.bad = lxBare, true
		}
	}
	x.pos = to
	return evNone
}

// finish ends the file at the lexer's position: the open row ends with
// it. It returns evField for its last field, evBroken when a quote is
// left open, evNone when no row is open.
func (x *csvLex) finish() int {
	p := x.pos
	switch x.st {
	case lxField:
		x.fs, x.bad, x.nul = p, false, false
		return x.emit(p, p, true, p)
	case lxBare, lxEsc, lxQuote:
		return x.emit(p, p, true, p)
	case lxBareCR, lxQuoteCR:
		return x.emit(x.cr, p, true, p)
	case lxQuoted:
		return evBroken
	}
	return evNone
}
