package records

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// The differential test of SQL dumps: the scanner (At, vals) and the
// rewriter (a Sink) read a dump with one parser, so every value the
// scanner locates is a value the sink was told of, escaped the same way,
// in a record the sink was told of; and deleting any one record the way
// the rewriter does leaves a dump that reads as the other records.

// spans keeps all a sink is told.
type spans struct {
	vals                []Value
	recs, tuples, stmts [][2]int64
	reasons             []string // of recs
}

func (s *spans) Value(v *Value) { s.vals = append(s.vals, *v) }
func (s *spans) Record(start, end int64, reason string) {
	s.recs = append(s.recs, [2]int64{start, end})
	s.reasons = append(s.reasons, reason)
}
func (s *spans) Tuple(start, end int64)     { s.tuples = append(s.tuples, [2]int64{start, end}) }
func (s *spans) Statement(start, end int64) { s.stmts = append(s.stmts, [2]int64{start, end}) }

// sqlSpansOf reads data as the rewriter does: consecutive chunks cut at
// cuts (hay is only the chunk), then a last call at the end.
func sqlSpansOf(d Dialect, data []byte, cuts []int) (*spans, *Damage) {
	s := &spans{}
	l := New(d, "dump.sql", data, testFields{}, s)
	var vals []Loc
	pos := 0
	for _, c := range append(slices.Clone(cuts), len(data)) {
		c = max(pos, min(c, len(data)))
		l.Advance(data[pos:c], int64(pos), int64(c), false, &vals)
		pos = c
	}
	l.Advance(nil, int64(len(data)), int64(len(data)), true, &vals)
	return s, l.Damage()
}

// sqlRecordTexts returns the text of each deletable record: the tuples of
// INSERTs and the rows of COPY data, in file order.
func sqlRecordTexts(data []byte, s *spans) []string {
	var all [][2]int64
	all = append(all, s.tuples...)
	for i, r := range s.recs {
		if s.reasons[i] == "" {
			all = append(all, r)
		}
	}
	slices.SortFunc(all, func(a, b [2]int64) int { return int(a[0] - b[0]) })
	out := make([]string, len(all))
	for i, r := range all {
		out[i] = string(data[r[0]:r[1]])
	}
	return out
}

// sqlDelete deletes record k (in sqlRecordTexts' order) as the rewriter's
// plan does: a COPY row with its line end; a tuple with the separator
// after it, or before it when it is the last; the only tuple of an INSERT
// with its statement.
func sqlDelete(data []byte, s *spans, k int) []byte {
	type rec struct {
		span  [2]int64
		tuple bool
	}
	var all []rec
	for _, t := range s.tuples {
		all = append(all, rec{t, true})
	}
	for i, r := range s.recs {
		if s.reasons[i] == "" {
			all = append(all, rec{r, false})
		}
	}
	slices.SortFunc(all, func(a, b rec) int { return int(a.span[0] - b.span[0]) })
	r := all[k]
	cut := r.span
	if r.tuple {
		st := slices.IndexFunc(s.stmts, func(x [2]int64) bool { return x[1] >= r.span[1] })
		var mates [][2]int64 // the tuples of its statement
		for _, t := range s.tuples {
			if t[0] >= s.stmts[st][0] && t[1] <= s.stmts[st][1] {
				mates = append(mates, t)
			}
		}
		i := slices.Index(mates, r.span)
		switch {
		case len(mates) == 1:
			cut = s.stmts[st]
		case i+1 < len(mates):
			cut = [2]int64{r.span[0], mates[i+1][0]}
		default:
			cut = [2]int64{mates[i-1][1], r.span[1]}
		}
	}
	return append(slices.Clone(data[:cut[0]]), data[cut[1]:]...)
}

// sqlDiff checks one dump read with dialect d, the sink fed in chunks cut
// at cuts; del picks the record to delete.
func sqlDiff(t *testing.T, d Dialect, data []byte, cuts []int, del int) {
	t.Helper()
	s, dmg := sqlSpansOf(d, data, cuts)
	if whole, wdmg := sqlSpansOf(d, data, nil); !slices.Equal(whole.vals, s.vals) || !slices.Equal(whole.recs, s.recs) ||
		!slices.Equal(whole.tuples, s.tuples) || !slices.Equal(whole.stmts, s.stmts) || (wdmg == nil) != (dmg == nil) {
		t.Fatalf("%q: the spans depend on the chunks (cuts %v)", data, cuts)
	}
	// The scanner, one hay, a probe at every byte.
	l := newSQL(d, testFields{}, nil)
	var vals, locs []Loc
	for off := range int64(len(data)) {
		if loc, ok := l.At(data, 0, off, true, &vals); ok && loc.End >= 0 && (len(locs) == 0 || locs[len(locs)-1] != loc) {
			locs = append(locs, loc)
		}
	}
	l.Advance(data, 0, int64(len(data)), true, &vals)
	// The damage must agree; the scanner, which may know the end of the
	// file sooner, may find it earlier in the record the sink refuses.
	if (l.Damage() == nil) != (dmg == nil) {
		t.Fatalf("%q: damage %v, with a sink %v", data, l.Damage(), dmg)
	}
	if dmg != nil {
		off := l.Damage().Offset
		if k := len(s.recs) - 1; off != dmg.Offset && (k < 0 || s.reasons[k] == "" || off < s.recs[k][0] || off > dmg.Offset) {
			t.Fatalf("%q: damage %v, with a sink %v, outside the record it cuts", data, l.Damage(), dmg)
		}
	}
	for _, loc := range append(locs, vals...) {
		if !slices.ContainsFunc(s.vals, func(v Value) bool {
			return v.Start == loc.Start && v.End == loc.End && v.Escaping == loc.Esc
		}) {
			t.Fatalf("%q: the scanner's value [%d,%d) %q (%+v) is no value of the sink", data, loc.Start, loc.End, data[loc.Start:loc.End], loc.Esc)
		}
		in := func(r [2]int64) bool { return r[0] <= loc.Start && loc.End <= r[1] }
		if !slices.ContainsFunc(s.tuples, in) && !slices.ContainsFunc(s.recs, in) {
			t.Fatalf("%q: the scanner's row of [%d,%d) is no record of the sink", data, loc.Start, loc.End)
		}
	}
	if dmg != nil {
		return
	}
	texts := sqlRecordTexts(data, s)
	if len(texts) == 0 {
		return
	}
	del %= len(texts)
	out := sqlDelete(data, s, del)
	s2, dmg2 := sqlSpansOf(d, out, nil)
	if dmg2 != nil {
		t.Fatalf("%q: deleting record %d (%q) damages the dump: %v\n%q", data, del, texts[del], dmg2, out)
	}
	if want, got := slices.Delete(slices.Clone(texts), del, del+1), sqlRecordTexts(out, s2); !slices.Equal(want, got) {
		t.Fatalf("%q: deleting record %d (%q) leaves records\n%q\nwant\n%q", data, del, texts[del], got, want)
	}
}

// sqlGenDump writes a random dump of the dialect: CREATE TABLE, INSERTs
// (one tuple or many, laid out in many ways), COPY data (text and CSV),
// strings with each dialect's escapes, E” strings, dollar quotes, bare
// values and expressions, comments of each dialect, CRLF line ends, a
// BOM, and sometimes a damaged tail.
func sqlGenDump(r *rand.Rand, mysql bool) []byte {
	var b strings.Builder
	nl := "\n"
	if r.IntN(5) == 0 {
		nl = "\r\n"
	}
	if r.IntN(6) == 0 {
		b.Write(bom)
	}
	pick := func(s ...string) string { return s[r.IntN(len(s))] }
	name := func() string {
		return pick("Anna Rossi", "O'Connor", `D\Souza`, "Zoë; (x)", "it's, \"quoted\"", "tab\there", "")
	}
	str := func() string {
		v := name()
		if mysql {
			q := pick("'", "'", `"`)
			v = strings.NewReplacer(`\`, `\\`, q, pick(`\`+q, q+q), "\t", `\t`).Replace(v)
			return pick("", "", "_binary ") + q + v + q
		}
		if r.IntN(3) == 0 {
			return "E'" + strings.NewReplacer(`\`, `\\`, "'", pick(`\'`, "''"), "\t", `\t`).Replace(v) + "'"
		}
		return "'" + strings.ReplaceAll(v, "'", "''") + "'"
	}
	val := func() string {
		switch r.IntN(9) {
		case 0:
			return "NULL"
		case 1:
			return pick("42", "-2.5", "1e+5", "5--3")
		case 2:
			return "upper(" + str() + ")"
		case 3:
			if !mysql {
				return pick("$$it's$$", "$t$a $$ b$t$")
			}
		case 4:
			return str() + pick("", "::text", " /* c */")
		}
		return str()
	}
	comment := func() string {
		if mysql {
			return pick("-- it's a comment"+nl, "# it's a comment"+nl, "/* it's /* not nested */"+nl)
		}
		return pick("-- it's a comment"+nl, "--it's too"+nl, "/* outer /* it's nested */ still */"+nl)
	}
	q := func(id string) string {
		if mysql {
			return "`" + id + "`"
		}
		return id
	}
	if mysql {
		b.WriteString("-- MySQL dump 10.13  Distrib 8.0.36" + nl + "/*!40101 SET NAMES utf8mb4 */;" + nl)
	} else {
		b.WriteString("--" + nl + "-- PostgreSQL database dump" + nl + "--" + nl + "\\restrict abc" + nl)
		b.WriteString("SET standard_conforming_strings = on;" + nl)
	}
	cols := []string{"id", "full_name", "email", "street"}
	var qc []string
	for _, c := range cols {
		qc = append(qc, q(c))
	}
	b.WriteString("CREATE TABLE " + q("people") + " (" + strings.Join(qc, " text, ") + " text);" + nl)
	for range 1 + r.IntN(4) {
		if r.IntN(3) == 0 {
			b.WriteString(comment())
		}
		if !mysql && r.IntN(3) == 0 {
			if r.IntN(4) == 0 {
				b.WriteString("COPY people (id, full_name) FROM stdin WITH (FORMAT csv);" + nl + "1,\"O'Connor\"" + nl + "\\." + nl)
				continue
			}
			b.WriteString("COPY public.people (" + strings.Join(cols, ", ") + ") FROM stdin;" + nl)
			for range r.IntN(4) {
				var f []string
				for range cols {
					f = append(f, pick("1", "Anna Rossi", "O'Connor", `\N`, `tab\tand\\back`, `\117\x27C`, ""))
				}
				b.WriteString(strings.Join(f, "\t") + nl)
			}
			b.WriteString("\\." + nl)
			continue
		}
		head := "INSERT INTO " + q("people") + pick("", " ("+strings.Join(qc, ", ")+")") + " VALUES "
		b.WriteString(pick("", "  ") + head)
		n := 1 + r.IntN(3)
		for i := range n {
			if i > 0 {
				b.WriteString(pick(",", ", ", ","+nl+"  ", ", /* c, (x) */ "))
			}
			var f []string
			for range cols {
				f = append(f, val())
			}
			b.WriteString("(" + strings.Join(f, ",") + ")")
		}
		b.WriteString(";" + pick("", "  -- done", " SELECT 1;") + nl)
	}
	out := []byte(b.String())
	if r.IntN(5) == 0 { // a damaged tail
		out = out[:len(out)-r.IntN(len(out)/3)]
	}
	return out
}

func sqlGenCuts(r *rand.Rand, n int) []int {
	var cuts []int
	for c := r.IntN(40); c < n; c += 1 + r.IntN(60) {
		cuts = append(cuts, c)
	}
	return cuts
}

func TestSQLDiff(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 5))
	for i := range 300 {
		mysql := i%2 == 1
		data := sqlGenDump(r, mysql)
		d := Sniff("dump.sql", data, nil)
		if d.Kind != SQL || d.MySQL != mysql {
			t.Fatalf("dump %d sniffed %v:\n%s", i, d, data)
		}
		sqlDiff(t, d, data, sqlGenCuts(r, len(data)), r.IntN(100))
	}
}

// FuzzSQLDiff runs the differential test on any bytes, read as either
// dialect, the sink fed in chunks of split bytes.
func FuzzSQLDiff(f *testing.F) {
	r := rand.New(rand.NewPCG(8, 13))
	for i := range 24 {
		f.Add(sqlGenDump(r, i%2 == 1), i%2 == 1, uint8(7+i))
	}
	f.Add([]byte("-- MySQL dump\nINSERT INTO `t` VALUES (5--3,'a'),(1,'b'); # it's\n"), true, uint8(5))
	f.Add([]byte("INSERT INTO t VALUES (1), /* a /* b; */ c; */ (2);\nCOPY t FROM stdin;\n1\t\\N\r\n\\.\n"), false, uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, mysql bool, split uint8) {
		if len(data) > 4<<10 {
			return
		}
		var cuts []int
		for c := int(split) % 64; c < len(data); c += 1 + int(split)%61 {
			cuts = append(cuts, c)
		}
		sqlDiff(t, Dialect{Kind: SQL, MySQL: mysql, Backslash: mysql || bytes.Contains(data, []byte("standard_conforming_strings = off"))}, data, cuts, int(split))
	})
}
