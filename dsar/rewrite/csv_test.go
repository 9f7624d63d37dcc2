package rewrite

import (
	"bytes"
	"encoding/csv"
	"github.com/piid/piid/scanner/records"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestCSV(t *testing.T) {
	const people = "id,name,email,note\n" +
		"1,Ann Lee,ann@example.com,plain\n" +
		"2,\"Doe, \"\"JD\"\" John\",jd@example.com,\"two\nlines\"\n" +
		"3,Bob,bob@example.com,last\n"
	cases := []rewriteCase{
		{name: "unquoted plain", file: "p.csv", in: people,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "ann@example.com", "[email]")) },
			want: strings.Replace(people, "ann@example.com", "[email]", 1)},
		{name: "unquoted gets quoted for a comma", file: "p.csv", in: people,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "Ann Lee", "Lee, Ann")) },
			want: strings.Replace(people, "Ann Lee", `"Lee, Ann"`, 1)},
		{name: "unquoted gets quoted for a quote", file: "p.csv", in: people,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "Ann", `A"nn`)) },
			want: strings.Replace(people, "Ann Lee", `"A""nn Lee"`, 1)},
		{name: "unquoted gets quoted for a newline", file: "p.csv", in: people,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "plain", "a\r\nb")) },
			want: strings.Replace(people, "plain", "\"a\r\nb\"", 1)},
		{name: "quoted field doubles quotes", file: "p.csv", in: people,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "John", `J"`)) },
			want: strings.Replace(people, `JD"" John"`, `JD"" J"""`, 1)},
		{name: "span over the quotes keeps them", file: "p.csv", in: people,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "\"two\nlines\"", "x")) },
			want: strings.Replace(people, "\"two\nlines\"", `"x"`, 1)},
		{name: "span cutting a doubled quote is widened", file: "p.csv", in: people,
			mk: func(t testing.TB, s string) []Edit {
				a, b := spanOf(t, s, `"JD"`, 0) // from the second quote of the first pair
				return edits(Edit{Start: a, End: b, Action: Replace, Replacement: []byte("X")})
			},
			want: strings.Replace(people, `""JD""`, `X`, 1)},
		{name: "delete row with a quoted multi-line field", file: "p.csv", in: people,
			mk:   func(t testing.TB, s string) []Edit { return edits(del(t, s, "lines")) },
			want: "id,name,email,note\n1,Ann Lee,ann@example.com,plain\n3,Bob,bob@example.com,last\n",
			check: func(t *testing.T, r Result) {
				if r.DeletedRecords != 1 || r.BytesRemoved != int64(len("2,\"Doe, \"\"JD\"\" John\",jd@example.com,\"two\nlines\"\n")) {
					t.Errorf("result %+v", r)
				}
			}},
		{name: "several deletes in one row count once, a replace in it goes with it", file: "p.csv", in: people,
			mk: func(t testing.TB, s string) []Edit {
				return edits(del(t, s, "Bob"), del(t, s, "bob@example.com"), rep(t, s, "last", "x"))
			},
			want: "id,name,email,note\n1,Ann Lee,ann@example.com,plain\n2,\"Doe, \"\"JD\"\" John\",jd@example.com,\"two\nlines\"\n",
			check: func(t *testing.T, r Result) {
				if r.DeletedRecords != 1 || r.Replaced != 0 {
					t.Errorf("result %+v", r)
				}
			}},
		{name: "header is never deleted", file: "p.csv", in: people,
			mk:      func(t testing.TB, s string) []Edit { return edits(del(t, s, "email")) },
			wantErr: "header"},
		{name: "last row without newline", file: "p.csv", in: "a,b\n1,x\n2,y",
			mk:   func(t testing.TB, s string) []Edit { return edits(del(t, s, "y")) },
			want: "a,b\n1,x\n"},
		{name: "CRLF rows", file: "p.csv", in: "a,b\r\n1,x\r\n2,y\r\n3,z\r\n",
			mk:   func(t testing.TB, s string) []Edit { return edits(del(t, s, "y"), rep(t, s, "z", "Z,")) },
			want: "a,b\r\n1,x\r\n3,\"Z,\"\r\n"},
		{name: "blank lines stay", file: "p.csv", in: "a,b\n\n1,x\n\n2,y\n",
			mk:   func(t testing.TB, s string) []Edit { return edits(del(t, s, "x")) },
			want: "a,b\n\n\n2,y\n"},
		{name: "TSV quotes for a tab, not a comma", file: "p.tsv", in: "a\tb\n1\tx\n",
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "x", "p,q"), rep(t, s, "1", "\t")) },
			want: "a\tb\n\"\t\"\tp,q\n"},
		{name: "semicolon CSV is sniffed", file: "p.csv", in: "a;b;c\n1;x,y;z\n2;u;v\n",
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "u", "1;2"), rep(t, s, "z", "3,4")) },
			want: "a;b;c\n1;x,y;3,4\n2;\"1;2\";v\n"},
		{name: "a ragged row is damage, never edited", file: "p.csv", in: "a,b\n1,x\nann@example.com\n",
			mk:      func(t testing.TB, s string) []Edit { return edits(rep(t, s, "ann@example.com", "x,y")) },
			wantErr: "damaged CSV row"},
		{name: "a ragged row takes a redaction token as it is", file: "p.csv", in: "a,b\n1,x\nann@example.com\n",
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "ann@example.com", "[REDACTED]")) },
			want: "a,b\n1,x\n[REDACTED]\n"},
		{name: "nor deleted", file: "p.csv", in: "a,b\n1,x,y\n2,ann@example.com\n",
			mk:      func(t testing.TB, s string) []Edit { return edits(del(t, s, "x,y")) },
			wantErr: "damaged CSV row"},
		{name: "the rows after a ragged row are deleted", file: "p.csv", in: "a,b\n1,x,y\n2,ann@example.com\n",
			mk: func(t testing.TB, s string) []Edit {
				return edits(del(t, s, "ann@example.com"))
			},
			want: "a,b\n1,x,y\n"},
		{name: "BOM stays with the header", file: "p.csv", in: "\uFEFFa,b\n1,x\n",
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "a", "A")) },
			want: "\uFEFFA,b\n1,x\n"},
		{name: "edit across a delimiter", file: "p.csv", in: people,
			mk:      func(t testing.TB, s string) []Edit { return edits(rep(t, s, "Ann Lee,ann", "x")) },
			wantErr: "crosses the end of its value"},
		{name: "edit on a delimiter", file: "p.csv", in: people,
			mk:      func(t testing.TB, s string) []Edit { return edits(rep(t, s, ",Ann", "x")) },
			wantErr: "not inside a value"},
		{name: "malformed field", file: "p.csv", in: "a,b\n\"x\"y,z\n",
			mk:      func(t testing.TB, s string) []Edit { return edits(rep(t, s, "y", "Y\"")) },
			wantErr: "malformed"},
		{name: "a row after a malformed field", file: "p.csv", in: "a,b\n1,\"x\"y\n\rz,w\n",
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "z", "Z")) },
			want: "a,b\n1,\"x\"y\n\rZ,w\n"},
		{name: "unterminated quote", file: "p.csv", in: "a,b\n1,\"xyz\n",
			mk:      func(t testing.TB, s string) []Edit { return edits(del(t, s, "xyz")) },
			wantErr: "cuts"},
	}
	runCases(t, cases)
}

// A comma-separated file named .tsv is read by its content, as the scanner
// reads it: deleting a row with a quoted multi-line field deletes exactly
// that row.
func TestCSVCommaSeparatedTSV(t *testing.T) {
	const in = "id,name,email,notes\n" +
		"1,Ann Lee,ann@example.com,\"line one\nline two\"\n" +
		"2,Bob Stone,bob@example.com,plain\n"
	runCases(t, []rewriteCase{
		{name: "delete", file: "export.tsv", in: in,
			mk:   func(t testing.TB, s string) []Edit { return edits(del(t, s, "ann@example.com")) },
			want: "id,name,email,notes\n2,Bob Stone,bob@example.com,plain\n"},
		{name: "replace", file: "export.tsv", in: in,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "line two", "a,b")) },
			want: strings.Replace(in, "line two", "a,b", 1)},
	})
}

// A quote that stays open past 1 MiB stops the structure: the scanner
// reads the rest as plain text, and the rewriter refuses edits there
// rather than guess their quoting; the rows before it are edited.
func TestCSVQuoteLeftOpen(t *testing.T) {
	in := "id,email,notes\n1,ann@example.com,ok\n2,bob@example.com,\"" + strings.Repeat("x", 1<<20+10) + "\n3,cy@example.com,x\n"
	runCases(t, []rewriteCase{
		{name: "past it", file: "q.csv", in: in,
			mk:      func(t testing.TB, s string) []Edit { return edits(rep(t, s, "cy@example.com", "[e,mail]")) },
			wantErr: "longer than 1 MiB"},
		{name: "its row", file: "q.csv", in: in,
			mk:      func(t testing.TB, s string) []Edit { return edits(del(t, s, "bob@example.com")) },
			wantErr: "longer than 1 MiB"},
		{name: "before it", file: "q.csv", in: in,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "ann@example.com", "[email]")) },
			want: strings.Replace(in, "ann@example.com", "[email]", 1)},
	})
}

// mysqlTab is a mysqldump --tab file: no header, tabs, backslash escapes.
const mysqlTab = "1\tAnna\tRossi\tanna.rossi@example.it\t1985-03-12\tVia Roma 10\n" +
	"2\tPierre\tMartin\t\\N\t1979-11-05\t12 rue de la Paix\n" +
	"3\tSophie\tLaurent\tsophie@example.fr\t1990-07-03\t8 avenue\\\tFoch\n" +
	"4\tTom\tBaker\ttom.baker@example.co.uk\t1968-01-30\t221B Baker Street\\\nFlat 2\n" +
	"5\tLukas\tBecker\t\\N\t1979-11-05\tKerkstraat 12\n"

// Backslash-escaped delimited text: a replacement is written with MySQL's
// escapes, and any row can be deleted (there is no header), one whose
// line end is escaped whole.
func TestCSVMySQLTab(t *testing.T) {
	runCases(t, []rewriteCase{
		{name: "replace escapes", file: "customers.txt", in: mysqlTab,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "Via Roma 10", "Rue\tdu Bac\\\n7")) },
			want: strings.Replace(mysqlTab, "Via Roma 10", `Rue\tdu Bac\\\n7`, 1)},
		{name: "replace across an escape widens", file: "customers.txt", in: mysqlTab,
			mk: func(t testing.TB, s string) []Edit {
				a, _ := spanOf(t, s, "\\\tFoch", 0)
				return edits(Edit{Start: a + 1, End: a + 6, Action: Replace, Replacement: []byte(" X")})
			},
			want: strings.Replace(mysqlTab, "\\\tFoch", " X", 1)},
		{name: "delete the first row", file: "customers.txt", in: mysqlTab,
			mk:   func(t testing.TB, s string) []Edit { return edits(del(t, s, "Anna")) },
			want: mysqlTab[strings.Index(mysqlTab, "\n2\t")+1:]},
		{name: "delete a row with an escaped line end", file: "customers.txt", in: mysqlTab,
			mk:   func(t testing.TB, s string) []Edit { return edits(del(t, s, "Flat 2")) },
			want: strings.Replace(mysqlTab, "4\tTom\tBaker\ttom.baker@example.co.uk\t1968-01-30\t221B Baker Street\\\nFlat 2\n", "", 1)},
	})
}

// TestCSVRandomEdits makes random replacements in random CSV and checks,
// with encoding/csv, that exactly the values edited changed, as asked.
func TestCSVRandomEdits(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "b", "é", " ", ",", "\"", "\n", "\r\n", ";", "x"}
	plainAlpha := []string{"a", "b", "é", " ", ";", "x"}
	word := func(alpha []string, n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(alpha[rng.IntN(len(alpha))])
		}
		return b.String()
	}
	for iter := range 300 {
		// A table of values; each written quoted or not (quoted when it must).
		rows, cols := 2+rng.IntN(6), 2+rng.IntN(3) // one column is plain text to records.Detect
		var vals [][]string
		var raw strings.Builder
		type cell struct{ start, end int } // offsets of the value's text (inside quotes)
		var cells [][]cell
		for r := range rows {
			var rv []string
			var rc []cell
			for c := range cols {
				if c > 0 {
					raw.WriteByte(',')
				}
				var v string
				if r == 0 {
					v = "h" + string(rune('a'+c))
				} else if rng.IntN(2) == 0 {
					v = word(alphabet, rng.IntN(8))
				} else {
					v = word(plainAlpha, 1+rng.IntN(8))
				}
				quoted := strings.ContainsAny(v, ",\"\r\n") || rng.IntN(4) == 0
				if quoted {
					raw.WriteByte('"')
				}
				start := raw.Len()
				if quoted {
					raw.WriteString(strings.ReplaceAll(v, `"`, `""`))
				} else {
					raw.WriteString(v)
				}
				rc = append(rc, cell{start, raw.Len()})
				if quoted {
					raw.WriteByte('"')
				}
				rv = append(rv, v)
			}
			raw.WriteString([]string{"\n", "\r\n"}[rng.IntN(2)])
			vals = append(vals, rv)
			cells = append(cells, rc)
		}
		in := raw.String()
		// Edit whole values of random cells (whole values only, so that
		// the expectation is plain to state; partial spans are in TestCSV).
		want := make([][]string, len(vals))
		for i := range vals {
			want[i] = slices.Clone(vals[i])
		}
		var es []Edit
		for r := 1; r < rows; r++ {
			for c := range cols {
				if rng.IntN(3) != 0 || cells[r][c].start == cells[r][c].end {
					continue
				}
				repl := word(alphabet, rng.IntN(6))
				es = append(es, Edit{Start: int64(cells[r][c].start), End: int64(cells[r][c].end), Action: Replace, Replacement: []byte(repl)})
				want[r][c] = repl
			}
		}
		got, _, err := applyTo(t, "t.csv", in, es...)
		if err != nil {
			t.Fatalf("iteration %d: %v\n%q", iter, err, in)
		}
		rd := csv.NewReader(strings.NewReader(got))
		rd.FieldsPerRecord = -1
		recs, err := rd.ReadAll()
		if err != nil {
			t.Fatalf("iteration %d: output does not parse: %v\nin  %q\nout %q", iter, err, in, got)
		}
		for i := range want { // csv reads \r\n inside quotes as \n
			for j := range want[i] {
				want[i][j] = strings.ReplaceAll(want[i][j], "\r\n", "\n")
			}
		}
		if !slices.EqualFunc(recs, want, slices.Equal) {
			t.Fatalf("iteration %d:\nin   %q\nout  %q\ngot  %q\nwant %q", iter, in, got, recs, want)
		}
	}
}

// rowCollector keeps what the CSV lexer reports.
type rowCollector struct {
	fields []*unit
	rows   []collectedRow
}

type collectedRow struct {
	start, end int64
	fields     []*unit
}

func (c *rowCollector) Value(u *unit) {
	x := *u
	c.fields = append(c.fields, &x)
}

func (c *rowCollector) Record(start, end int64, _ string) {
	c.rows = append(c.rows, collectedRow{start, end, c.fields})
	c.fields = nil
}

func (c *rowCollector) Tuple(int64, int64)     {}
func (c *rowCollector) Statement(int64, int64) {}

// FuzzCSVRowBounds checks the CSV locator's rows and fields against
// encoding/csv, on every input it accepts, fed in two pieces split
// anywhere.
func FuzzCSVRowBounds(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n", "a,\"b\nc\",d\r\n\r\n\"\"\n", "x\r", "\r\n\r\na\r\rb\n", "\"a\"\"b\",c", "a,b,\n,\n",
		"\"q\"\r\n", "a\n\n\nb\r", ",,\n", "\"\"", "a;b\t\"c\"\n",
	} {
		f.Add([]byte(s), uint8(0), uint16(3))
	}
	f.Fuzz(func(t *testing.T, data []byte, d uint8, split uint16) {
		delim := []byte{',', ';', '\t'}[int(d)%3]
		rd := csv.NewReader(bytes.NewReader(data))
		rd.Comma = rune(delim)
		rd.FieldsPerRecord = 0 // a ragged row is damage the rewriter refuses to edit
		rd.LazyQuotes = false
		if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
			return // a BOM is no data to the rewriter, the first field's to encoding/csv
		}
		var (
			recs [][]string
			ends []int64
		)
		for {
			rec, err := rd.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return // not CSV encoding/csv accepts: nothing to compare
			}
			recs = append(recs, rec)
			ends = append(ends, rd.InputOffset())
		}
		c := &rowCollector{}
		l := &lexer{loc: records.New(records.Dialect{Kind: records.CSV, Delim: delim}, "f.csv", data, nil, c)}
		k := int(split) % (len(data) + 1)
		l.feed(data[:k])
		l.feed(data[k:])
		l.end()
		if len(c.rows) != len(recs) {
			t.Fatalf("%q: %d rows, encoding/csv reads %d", data, len(c.rows), len(recs))
		}
		prev := int64(0)
		for i, r := range c.rows {
			if r.end != ends[i] {
				t.Fatalf("%q: row %d ends at %d, encoding/csv at %d", data, i, r.end, ends[i])
			}
			// Only blank lines lie between rows.
			gap := strings.ReplaceAll(string(data[prev:r.start]), "\r\n", "\n")
			if strings.Trim(gap, "\n") != "" {
				t.Fatalf("%q: row %d starts at %d, after %q", data, i, r.start, gap)
			}
			prev = r.end
			if len(r.fields) != len(recs[i]) {
				t.Fatalf("%q: row %d has %d fields, encoding/csv reads %d", data, i, len(r.fields), len(recs[i]))
			}
			for j, u := range r.fields {
				var v string
				switch u.Quoting {
				case records.CSVQuoted:
					v = strings.ReplaceAll(string(data[u.Start:u.End]), `""`, `"`)
					v = strings.ReplaceAll(v, "\r\n", "\n")
				case records.CSVBare:
					v = string(data[u.Start:u.End])
				default:
					t.Fatalf("%q: row %d field %d: kind %d in valid CSV", data, i, j, u.Quoting)
				}
				if v != recs[i][j] {
					t.Fatalf("%q: row %d field %d is %q, encoding/csv reads %q", data, i, j, v, recs[i][j])
				}
				if u.OuterStart < r.start || u.OuterEnd > r.end {
					t.Fatalf("%q: row %d field %d [%d,%d) outside its row [%d,%d)", data, i, j, u.OuterStart, u.OuterEnd, r.start, r.end)
				}
			}
		}
		if rest := strings.ReplaceAll(string(data[prev:]), "\r\n", "\n"); strings.Trim(rest, "\n\r") != "" {
			t.Fatalf("%q: %q after the last row", data, rest)
		}
	})
}
