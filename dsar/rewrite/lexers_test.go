package rewrite

import (
	"bytes"
	"testing"

	"github.com/piid/piid/scanner/records"
)

// everything keeps all a lexer reports.
type everything struct {
	units   []unit
	recs    [][2]int64
	tuples  [][2]int64
	stmts   [][2]int64
	pending int // tuples since the last statement
}

func (c *everything) Value(u *unit) { c.units = append(c.units, *u) }
func (c *everything) Record(start, end int64, _ string) {
	c.recs = append(c.recs, [2]int64{start, end})
}
func (c *everything) Tuple(start, end int64)     { c.tuples = append(c.tuples, [2]int64{start, end}) }
func (c *everything) Statement(start, end int64) { c.stmts = append(c.stmts, [2]int64{start, end}) }

// FuzzLexers feeds any bytes to every lexer, in two pieces, and checks
// what they report: values and records in order, inside the content, none
// overlapping (but that an Unfit value, a SQL expression or the rest past
// damage, may hold the values before it); and that rebuilding any value with an edit inside it does
// not fail but on purpose.
func FuzzLexers(f *testing.F) {
	for _, s := range []string{
		mysqlDump, pgDump, "a,b\n\"x\"\"y\",z\r\n", `[{"a":"\u00e9\"","b":-1.5e3}]`, "{\"a\":1}\n{\"b\":\"x\n",
		"COPY t FROM stdin;\n1\t\\N\t\\\\x\n\\.\n", "INSERT INTO t VALUES ($a$x$a$, E'\\'', /* /* */ */ 1);",
	} {
		f.Add([]byte(s), uint8(0), uint16(7))
	}
	f.Fuzz(func(t *testing.T, data []byte, which uint8, split uint16) {
		c := &everything{}
		var l *lexer
		switch which % 5 {
		case 0:
			l = &lexer{loc: records.New(records.Dialect{Kind: records.CSV, Delim: ','}, "f.csv", data, nil, c)}
		case 1:
			l = &lexer{loc: records.New(records.Dialect{Kind: records.JSON}, "f.json", data, nil, c)}
		case 2:
			l = &lexer{loc: records.New(records.Dialect{Kind: records.JSONL}, "f.jsonl", data, nil, c)}
		case 3:
			my := bytes.Contains(data, []byte("-- MySQL")) || split%2 == 1
			l = &lexer{loc: records.New(records.Dialect{Kind: records.SQL, MySQL: my, Backslash: my}, "d.sql", data, nil, c)}
		default:
			l = &lexer{loc: records.New(records.Dialect{}, "f.txt", data, nil, c)}
		}
		k := int(split) % (len(data) + 1)
		l.feed(data[:k])
		l.feed(data[k:])
		l.end()
		n := int64(len(data))
		last := int64(0)
		for i, u := range c.units {
			if !((last <= u.OuterStart || u.Quoting == records.Unfit && last <= u.OuterEnd) && u.OuterStart <= u.Start && u.Start <= u.End && u.End <= u.OuterEnd && u.OuterEnd <= n) {
				t.Fatalf("%q: unit %d [%d %d %d %d] after %d", data, i, u.OuterStart, u.Start, u.End, u.OuterEnd, last)
			}
			last = u.OuterEnd
			if u.End > u.Start && u.Quoting != records.Unfit {
				mid := u.Start + (u.End-u.Start)/2
				e := edit{Edit{Start: mid, End: mid + 1, Action: Replace, Replacement: []byte("x'\"\\\n\t$*/")}, 0}
				u := u
				if _, err := rebuild(&u, data[u.OuterStart:u.OuterEnd], []edit{e}); err != nil && u.Quoting != records.SQLDollar && u.Quoting != records.SQLBlockComment && u.Quoting != records.SQLLineComment {
					t.Fatalf("%q: unit %d kind %d: %v", data, i, u.Quoting, err)
				}
			}
		}
		for _, l := range [][][2]int64{c.recs, c.tuples, c.stmts} {
			last := int64(0)
			for i, r := range l {
				if !(last <= r[0] && r[0] < r[1] && r[1] <= n) {
					t.Fatalf("%q: span %d [%d,%d) after %d", data, i, r[0], r[1], last)
				}
				last = r[1]
			}
		}
	})
}
