package rewrite

import (
	"testing"
)

// everything keeps all a lexer reports.
type everything struct {
	units   []unit
	recs    [][2]int64
	tuples  [][2]int64
	stmts   [][2]int64
	pending int // tuples since the last statement
}

func (c *everything) unit(u *unit) { c.units = append(c.units, *u) }
func (c *everything) record(start, end int64, _ string) {
	c.recs = append(c.recs, [2]int64{start, end})
}
func (c *everything) tuple(start, end int64)     { c.tuples = append(c.tuples, [2]int64{start, end}) }
func (c *everything) statement(start, end int64) { c.stmts = append(c.stmts, [2]int64{start, end}) }
func (c *everything) hint() (int64, int64)       { return -1, -1 }

// FuzzLexers feeds any bytes to every lexer, in two pieces, and checks
// what they report: values and records in order, inside the content, none
// overlapping; and that rebuilding any value with an edit inside it does
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
		var l lexer
		switch which % 5 {
		case 0:
			l = newCSVLexer(c, ',', data)
		case 1:
			l = newJSONLexer(c, false)
		case 2:
			l = newJSONLexer(c, true)
		case 3:
			l = newSQLLexer(c, data)
		default:
			l = &lineLexer{r: newReporter(c)}
		}
		k := int(split) % (len(data) + 1)
		l.feed(data[:k])
		l.feed(data[k:])
		l.end()
		n := int64(len(data))
		last := int64(0)
		for i, u := range c.units {
			if !(last <= u.os && u.os <= u.cs && u.cs <= u.ce && u.ce <= u.oe && u.oe <= n) {
				t.Fatalf("%q: unit %d [%d %d %d %d] after %d", data, i, u.os, u.cs, u.ce, u.oe, last)
			}
			last = u.oe
			if u.ce > u.cs && u.kind != uBad {
				mid := u.cs + (u.ce-u.cs)/2
				e := edit{Edit{Start: mid, End: mid + 1, Action: Replace, Replacement: []byte("x'\"\\\n\t$*/")}, 0}
				u := u
				if _, err := u.rebuild(data[u.os:u.oe], []edit{e}); err != nil && u.kind != uSQLDollar && u.kind != uSQLBlockComment && u.kind != uSQLLineComment {
					t.Fatalf("%q: unit %d kind %d: %v", data, i, u.kind, err)
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
