package records

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// The differential test of JSON and JSONL: what the scanner reads (At at
// every byte, the detecting values) and what the rewriter edits (the
// spans the same locator reports to a Sink, fed as the rewriter feeds it)
// must be the same values, escaped the same way, in the same records (a
// JSONL line; a JSON row, which cannot be deleted); and deleting any one
// JSONL record leaves the others as they were.

// jsonSpans keeps what a locator reports to its Sink.
type jsonSpans struct {
	vals    []Value
	recs    [][2]int64
	reasons []string
}

func (s *jsonSpans) Value(v *Value) { s.vals = append(s.vals, *v) }
func (s *jsonSpans) Record(start, end int64, reason string) {
	s.recs = append(s.recs, [2]int64{start, end})
	s.reasons = append(s.reasons, reason)
}
func (s *jsonSpans) Tuple(start, end int64)     {}
func (s *jsonSpans) Statement(start, end int64) {}

// jsonRewriterView reads data as the rewriter does: consecutive chunks
// cut at cuts (the hay is only the chunk), then the end.
func jsonRewriterView(k Kind, data []byte, cuts []int) (*jsonSpans, *Damage) {
	s := &jsonSpans{}
	l := New(Dialect{Kind: k}, "f", data, testFields{}, s)
	var vals []Loc
	prev := 0
	for _, c := range append(cuts, len(data)) {
		c = min(max(c, prev), len(data))
		l.Advance(data[prev:c], int64(prev), int64(c), false, &vals)
		prev = c
	}
	l.Advance(nil, int64(len(data)), int64(len(data)), true, &vals)
	return s, l.Damage()
}

// jsonValueAt is the index of the value whose outer span holds off, -1.
func jsonValueAt(vals []Value, off int64) int {
	lo, hi := 0, len(vals)
	for lo < hi {
		m := (lo + hi) / 2
		if vals[m].OuterEnd <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(vals) && vals[lo].OuterStart <= off && off < vals[lo].OuterEnd {
		return lo
	}
	return -1
}

// checkJSONDiff runs the differential checks on data.
func checkJSONDiff(t *testing.T, k Kind, data []byte, cuts []int) {
	t.Helper()
	sp, dmg := jsonRewriterView(k, data, cuts)
	// The spans are in order, inside the file, and do not overlap.
	last := int64(0)
	for i, v := range sp.vals {
		if !(last <= v.OuterStart && v.OuterStart <= v.Start && v.Start <= v.End && v.End <= v.OuterEnd && v.OuterEnd <= int64(len(data))) {
			t.Fatalf("value %d %+v after %d in %q", i, v, last, data)
		}
		last = v.OuterEnd
	}
	last = 0
	for i, r := range sp.recs {
		if !(last <= r[0] && r[0] < r[1] && r[1] <= int64(len(data))) {
			t.Fatalf("record %d %v after %d in %q", i, r, last, data)
		}
		last = r[1]
	}
	for i, why := range sp.reasons {
		if (k == JSON) != (why != "") {
			t.Fatalf("%v record %d: reason %q", k, i, why)
		}
	}

	// The scanner, with the whole file and with small windows.
	probes := make([]int64, len(data))
	for i := range probes {
		probes[i] = int64(i)
	}
	for _, w := range [][2]int{{len(data) + 1, 0}, {64, 16}, {97, 40}} {
		l := New(Dialect{Kind: k}, "f", data, testFields{}, nil)
		got, vals := feed(t, l, data, probes, w[0], w[1])
		if d := l.Damage(); (d == nil) != (dmg == nil) || d != nil && *d != *dmg {
			t.Fatalf("window %d: scanner damage %+v, rewriter %+v in %q", w[0], d, dmg, data)
		}
		whole := w[1] == 0
		check := func(what string, loc Loc) {
			i := jsonValueAt(sp.vals, loc.Start)
			if loc.Start == loc.End && i < 0 { // "" ends where it starts
				i = jsonValueAt(sp.vals, loc.Start-1)
			}
			if i < 0 {
				t.Fatalf("window %d: %s %+v is in no value the rewriter sees in %q", w[0], what, loc, data)
			}
			v := sp.vals[i]
			if v.Quoting == Unfit && !whole {
				return // taken on trust in a line or tail only the end shows damaged
			}
			end := loc.End
			if end < 0 && !whole {
				end = v.End
			}
			if v.Start != loc.Start || v.End != end || v.Escaping != loc.Esc {
				t.Fatalf("window %d: %s %+v; the rewriter's value %+v in %q", w[0], what, loc, v, data)
			}
			// Its row is a record, and holds it.
			if loc.Row < 1 || int(loc.Row) > len(sp.recs) {
				t.Fatalf("window %d: %s row %d of %d records in %q", w[0], what, loc.Row, len(sp.recs), data)
			}
			if r := sp.recs[loc.Row-1]; loc.Start < r[0] || loc.Start >= r[1] && loc.Start != loc.End {
				t.Fatalf("window %d: %s %+v outside record %v in %q", w[0], what, loc, r, data)
			}
		}
		for _, g := range got {
			if g.OK {
				check(fmt.Sprintf("probe %d", g.Off), g.Loc)
			}
		}
		for _, v := range vals {
			check("detecting value", v)
		}
	}
	if k == JSONL {
		checkJSONLDelete(t, data, sp)
	}
}

// checkJSONLDelete deletes each record in turn, as delete_record does, and
// checks that the file then reads as the other records, unchanged.
func checkJSONLDelete(t *testing.T, data []byte, sp *jsonSpans) {
	t.Helper()
	inRec := func(s *jsonSpans, r [2]int64) []Value {
		var out []Value
		for _, v := range s.vals {
			if v.OuterStart >= r[0] && v.OuterEnd <= r[1] {
				v.OuterStart, v.OuterEnd, v.Start, v.End = v.OuterStart-r[0], v.OuterEnd-r[0], v.Start-r[0], v.End-r[0]
				v.Reason = ""
				out = append(out, v)
			}
		}
		return out
	}
	for d, del := range sp.recs {
		out := append(bytes.Clone(data[:del[0]]), data[del[1]:]...)
		after, _ := jsonRewriterView(JSONL, out, nil)
		if len(after.recs) != len(sp.recs)-1 {
			t.Fatalf("deleting record %d of %q: %d records, want %d in %q", d, data, len(after.recs), len(sp.recs)-1, out)
		}
		for i, r := range sp.recs {
			if i == d {
				continue
			}
			j := i
			if i > d {
				j--
			}
			a := after.recs[j]
			if !bytes.Equal(data[r[0]:r[1]], out[a[0]:a[1]]) {
				t.Fatalf("deleting record %d of %q: record %d reads %q, was %q", d, data, i, out[a[0]:a[1]], data[r[0]:r[1]])
			}
			if x, y := inRec(sp, r), inRec(after, a); fmt.Sprint(x) != fmt.Sprint(y) {
				t.Fatalf("deleting record %d of %q: record %d values %+v, were %+v", d, data, i, y, x)
			}
		}
	}
}

// jsonDiffFiles are generated JSON and JSONL files of every shape the
// formats take: escapes, BOM, CRLF, blank lines, strings with line ends,
// COPY-doubled backslashes, comments (no JSON has them), damaged tails.
func jsonDiffFiles(r *rand.Rand, n int) (files [][]byte, kinds []Kind) {
	for i := range n {
		var data []byte
		k := JSONL
		if i%3 == 0 {
			k = JSON
			rows := make([]any, 1+r.IntN(4))
			for j := range rows {
				rows[j] = randValue(r, 3)
			}
			if r.IntN(2) == 0 {
				data, _ = json.MarshalIndent(rows, "", "  ")
			} else {
				data, _ = json.Marshal(rows)
			}
			if r.IntN(3) == 0 {
				data = bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
			}
		} else {
			nl := []string{"\n", "\r\n"}[r.IntN(2)]
			for range 1 + r.IntN(6) {
				b, _ := json.Marshal(randValue(r, 3))
				switch r.IntN(8) {
				case 0: // COPY text of row_to_json
					b = bytes.ReplaceAll(b, []byte(`\`), []byte(`\\`))
				case 1:
					b = nil // a blank line
				case 2: // a line cut short
					b = b[:r.IntN(len(b)+1)]
				case 3:
					b = append(b, []string{" // note", " #x", ",", "}"}[r.IntN(4)]...)
				}
				data = append(append(data, b...), nl...)
			}
			if r.IntN(4) == 0 {
				data = data[:len(data)-len(nl)] // no line end at the end
			}
		}
		if r.IntN(4) == 0 {
			data = append(bytes.Clone(bom), data...)
		}
		if k == JSON && r.IntN(4) == 0 {
			data = data[:r.IntN(len(data)+1)] // a damaged tail
			if r.IntN(2) == 0 {
				data = append(data, ` xyz "tail"`...)
			}
		}
		files, kinds = append(files, data), append(kinds, k)
	}
	return files, kinds
}

func TestJSONDiff(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 1))
	files, kinds := jsonDiffFiles(r, 150)
	// Seeds of every shape, by hand.
	for _, s := range []string{
		"{\"name\":\"Al\"}\r\n\r\n{\"name\":\"B\\u00e9\\\"\"}\r\n",
		"{\"note\":\"a\\\\\\\\b\",\"name\":\"Zo\\\\\"Z\\\\\"\"}\n{\"name\":\"Cy\"}",
		"{\"name\":\"A\nl\"}\n{\"name\":\"Bo\"}\n",
		"{\"a\":1} // c\n{\"street\":\"x\"}\n",
		"{\"name\":\"Bo",
	} {
		files, kinds = append(files, []byte(s)), append(kinds, JSONL)
	}
	for _, s := range []string{`[{"name":"Al"}}, {"name":"Bo"}]`, `{"name":"B\x"}`, "\xEF\xBB\xBF[1,-2.5e3,true,\"\"]"} {
		files, kinds = append(files, []byte(s)), append(kinds, JSON)
	}
	for i, data := range files {
		var cuts []int
		for c := r.IntN(64) + 1; c < len(data); c += r.IntN(64) + 1 {
			cuts = append(cuts, c)
		}
		t.Run(fmt.Sprint(i), func(t *testing.T) { checkJSONDiff(t, kinds[i], data, cuts) })
	}
}

func FuzzJSONDiff(f *testing.F) {
	r := rand.New(rand.NewPCG(21, 2))
	files, kinds := jsonDiffFiles(r, 20)
	for i, data := range files {
		f.Add(data, kinds[i] == JSONL, uint16(r.IntN(64)+1))
	}
	f.Add([]byte("{\"note\":\"a\\\\\\\\b\",\"name\":\"Zo\\\\\"Z\\\\\"\"}\n{\"name\":\"Cy\"}"), true, uint16(9))
	f.Add([]byte(`[{"name":"Al"}}, {"name":"Bo"}]`), false, uint16(5))
	f.Fuzz(func(t *testing.T, data []byte, jsonl bool, step uint16) {
		if len(data) > 2<<10 || strings.Count(string(data), "\n") > 64 {
			return
		}
		k := JSON
		if jsonl {
			k = JSONL
		}
		var cuts []int
		for c := int(step%97) + 1; c < len(data); c += int(step%97) + 1 {
			cuts = append(cuts, c)
		}
		checkJSONDiff(t, k, data, cuts)
	})
}
