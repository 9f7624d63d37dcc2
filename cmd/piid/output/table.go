package output

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/piid/piid/scanner"
)

// Table column widths, in runes. The table is streamed, so widths are fixed
// rather than computed from the data: long locations are cut from the left
// (the file name and line are the useful end) and long type ids from the
// right, each marked with an ellipsis.
const (
	locationWidth = 40
	typeWidth     = 16 // longest catalog type id
	confWidth     = 4  // "0.95"
	columnGap     = "  "
	ellipsis      = "…"
)

// tableEncoder writes a human-readable table:
//
//	LOCATION                                  TYPE              CONF  VALUE
//	docs/notes.txt:7                          email             0.95  j***@e***.com
//
// It flushes after every row so findings show up as the scan goes.
type tableEncoder struct {
	bw     *bufio.Writer
	n      int
	closed bool
	line   strings.Builder
}

func newTable(w io.Writer) *tableEncoder {
	return &tableEncoder{bw: bufio.NewWriter(w)}
}

func (e *tableEncoder) writeHeader() {
	e.row("LOCATION", "TYPE", "CONF", "VALUE")
}

// row writes one line of already-fitted cells, without trailing spaces.
func (e *tableEncoder) row(loc, typ, conf, value string) {
	b := &e.line
	b.Reset()
	b.WriteString(padRight(loc, locationWidth))
	b.WriteString(columnGap)
	b.WriteString(padRight(typ, typeWidth))
	b.WriteString(columnGap)
	b.WriteString(padRight(conf, confWidth))
	b.WriteString(columnGap)
	b.WriteString(value)
	e.bw.WriteString(strings.TrimRight(b.String(), " "))
	e.bw.WriteByte('\n')
}

func (e *tableEncoder) Write(f *scanner.Finding) error {
	if e.closed {
		return errClosed
	}
	if f == nil {
		return errNilFinding
	}
	if e.n == 0 {
		e.writeHeader()
	}
	e.n++
	value := f.Masked
	if f.Value != "" {
		value = f.Value
	}
	e.row(
		truncateLeft(sanitize(location(f)), locationWidth),
		truncateRight(sanitize(f.Type), typeWidth),
		strconv.FormatFloat(f.Confidence, 'f', 2, 64),
		sanitize(value),
	)
	return e.bw.Flush()
}

func (e *tableEncoder) Close() error {
	if e.closed {
		return nil
	}
	e.closed = true
	if e.n == 0 {
		e.writeHeader()
		e.bw.WriteString("no findings\n")
	}
	return e.bw.Flush()
}

// location renders path:line plus the record, e.g. "a.csv:4 [row 3 email]",
// "users.json:12 [/users/0/email]" or "dump.sql:90 [users row 7 email]".
func location(f *scanner.Finding) string {
	s := f.Path
	if f.Line > 0 {
		s += ":" + strconv.FormatInt(f.Line, 10)
	}
	if r := f.Record; r != nil {
		var parts []string
		if r.Table != "" {
			parts = append(parts, r.Table)
		}
		if r.Row > 0 {
			parts = append(parts, "row "+strconv.Itoa(r.Row))
		}
		if r.Field != "" {
			parts = append(parts, r.Field)
		}
		if r.Pointer != "" {
			parts = append(parts, r.Pointer)
		}
		if len(parts) > 0 {
			s += " [" + strings.Join(parts, " ") + "]"
		}
	}
	return s
}

// padRight pads s with spaces to width runes.
func padRight(s string, width int) string {
	if n := utf8.RuneCountInString(s); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}

// truncateLeft keeps the last width runes of s, replacing the cut part with
// an ellipsis.
func truncateLeft(s string, width int) string {
	n := utf8.RuneCountInString(s)
	if n <= width {
		return s
	}
	skip := n - (width - 1)
	for i := range s {
		if skip == 0 {
			return ellipsis + s[i:]
		}
		skip--
	}
	return ellipsis
}

// truncateRight keeps the first width runes of s, replacing the cut part
// with an ellipsis.
func truncateRight(s string, width int) string {
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	keep := width - 1
	for i := range s {
		if keep == 0 {
			return s[:i] + ellipsis
		}
		keep--
	}
	return s
}

// sanitize escapes what would break or disguise a table row: control
// characters (newlines, tabs, escape sequences), bidirectional overrides
// and invalid UTF-8. Everything else passes through.
func sanitize(s string) string {
	clean := true
	for _, r := range s {
		if needsEscape(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case needsEscape(r) && r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		case needsEscape(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func needsEscape(r rune) bool {
	return r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)
}
