package records

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// The differential test of delimited text: what the scanner's locator
// says of a file (the field at each byte, the detecting values, the rows
// it numbers) is what the same locator reports to the rewriter's Sink,
// and deleting any record leaves a file that reads as the other records.

// spanLog keeps what a locator reports to its Sink.
type spanLog struct {
	vals []Value
	recs []spanRec
}

type spanRec struct {
	start, end int64
	reason     string
}

func (s *spanLog) Value(v *Value) { s.vals = append(s.vals, *v) }
func (s *spanLog) Record(start, end int64, reason string) {
	s.recs = append(s.recs, spanRec{start, end, reason})
}
func (s *spanLog) Tuple(int64, int64)     {}
func (s *spanLog) Statement(int64, int64) {}

// spansOf reads data as the rewriter does: consecutive chunks of chunk
// bytes, each alone, then the end.
func spansOf(d Dialect, data []byte, chunk int) *spanLog {
	s := &spanLog{}
	l := New(d, "f.csv", data, columnFields{}, s)
	var vals []Loc
	for base := 0; base < len(data); base += chunk {
		end := min(len(data), base+chunk)
		l.Advance(data[base:end], int64(base), int64(end), false, &vals)
	}
	l.Advance(nil, int64(len(data)), int64(len(data)), true, &vals)
	return s
}

// checkCSVSpans runs the differential checks on one file.
func checkCSVSpans(t *testing.T, d Dialect, data []byte, chunk int) {
	t.Helper()
	s := spansOf(d, data, chunk)
	if w := spansOf(d, data, len(data)+1); !sameSpans(s, w) {
		t.Fatalf("%v %q: chunks of %d report otherwise than the whole file", d, data, chunk)
	}
	n := int64(len(data))
	last := int64(0)
	for i, v := range s.vals {
		if !(last <= v.OuterStart && v.OuterStart <= v.Start && v.Start <= v.End && v.End <= v.OuterEnd && v.OuterEnd <= n) {
			t.Fatalf("%v %q: value %d %+v after %d", d, data, i, v, last)
		}
		last = v.OuterEnd
	}
	last = 0
	for i, r := range s.recs {
		if !(last <= r.start && r.start < r.end && r.end <= n) {
			t.Fatalf("%v %q: record %d %+v after %d", d, data, i, r, last)
		}
		last = r.end
	}
	// The rows the scanner numbers are the records, header left out.
	data1 := s.recs
	if d.Header && len(data1) > 0 {
		data1 = data1[1:]
	}
	valueAt := func(loc Loc) *Value {
		for i := range s.vals {
			v := &s.vals[i]
			if v.Start == loc.Start && (loc.End < 0 || v.End == loc.End) {
				return v
			}
		}
		return nil
	}
	checkLoc := func(what string, loc Loc) {
		v := valueAt(loc)
		switch {
		case v == nil:
			t.Fatalf("%v %q: %s %+v is no value the sink has", d, data, what, loc)
		case v.Quoting == Unfit:
			t.Fatalf("%v %q: %s %+v is a value the rewriter may not edit (%s)", d, data, what, loc, v.Reason)
		case v.Escaping != loc.Esc:
			t.Fatalf("%v %q: %s %+v reads as %+v, the sink's value as %+v", d, data, what, loc, loc.Esc, v.Escaping)
		case loc.Row < 1 || int(loc.Row) > len(data1):
			t.Fatalf("%v %q: %s %+v: row %d of %d records", d, data, what, loc, loc.Row, len(data1))
		}
		r := data1[loc.Row-1]
		if v.OuterStart < r.start || v.OuterEnd > r.end || r.reason != "" {
			t.Fatalf("%v %q: %s %+v is not in a whole row %d %+v", d, data, what, loc, loc.Row, r)
		}
	}
	probes := make([]int64, len(data))
	for i := range probes {
		probes[i] = int64(i)
	}
	got, vals := feedAll(t, func() Locator { return New(d, "f.csv", data, columnFields{}, nil) }, data, probes)
	for _, g := range got {
		if g.OK {
			checkLoc("the field at "+strconv.FormatInt(g.Off, 10), g.Loc)
		}
	}
	for _, v := range vals {
		checkLoc("the detecting value", v)
	}
	// A row's values are reported once it proves whole: past damage too,
	// wherever the buffer's edges fall.
	for _, w := range []int{16, 61} {
		if w >= len(data) {
			break
		}
		l := New(d, "f.csv", data, columnFields{}, nil)
		if _, wv := feed(t, l, data, probes, w, w/3); !slices.Equal(wv, vals) {
			t.Fatalf("%v %q: window %d: values %+v; whole file: %+v", d, data, w, wv, vals)
		}
	}
	// Deleting one record leaves the others as they were.
	for k, r := range s.recs {
		if r.reason != "" {
			continue
		}
		cut := append(append([]byte(nil), data[:r.start]...), data[r.end:]...)
		after := spansOf(d, cut, len(cut)+1)
		want := append(append([]spanRec(nil), s.recs[:k]...), s.recs[k+1:]...)
		if len(after.recs) != len(want) {
			t.Fatalf("%v %q: deleting record %d leaves %d records, not %d: %q", d, data, k, len(after.recs), len(want), cut)
		}
		for i, w := range want {
			a := after.recs[i]
			shift := int64(0)
			if i >= k {
				shift = r.end - r.start
			}
			// A headerless file takes its width from its first row.
			sameReason := a.reason == w.reason || (k == 0 && !d.Header)
			if !bytes.Equal(cut[a.start:a.end], data[w.start:w.end]) || a.start+shift != w.start || !sameReason {
				t.Fatalf("%v %q: deleting record %d: record %d is %+v %q, was %+v %q", d, data, k, i, a, cut[a.start:a.end], w, data[w.start:w.end])
			}
		}
	}
}

func sameSpans(a, b *spanLog) bool {
	if len(a.vals) != len(b.vals) || len(a.recs) != len(b.recs) {
		return false
	}
	for i := range a.vals {
		if a.vals[i] != b.vals[i] {
			return false
		}
	}
	for i := range a.recs {
		if a.recs[i] != b.recs[i] {
			return false
		}
	}
	return true
}

// genCSV writes a random file of dialect d: quoted fields with
// delimiters, doubled quotes and line ends, CRLF, a BOM, blank lines, \N
// and escapes, and now and then a damaged row or a quote left open at
// the end.
func genCSV(r *rand.Rand, d Dialect) []byte {
	var b bytes.Buffer
	if r.IntN(4) == 0 {
		b.Write(bom)
	}
	cols := 2 + r.IntN(3)
	rows := 1 + r.IntN(6)
	nl := []string{"\n", "\r\n"}[r.IntN(2)]
	words := []string{"Ann", "Bob Lee", "x", "", "12 Main St", "é", "O'Neil"}
	for row := 0; row < rows; row++ {
		n := cols
		if row > 0 && r.IntN(8) == 0 {
			n += 1 - 2*r.IntN(2) // a ragged row
		}
		for c := 0; c < n; c++ {
			if c > 0 {
				b.WriteByte(d.Delim)
			}
			w := words[r.IntN(len(words))]
			if row == 0 && d.Header {
				w = []string{"name", "email", "street", "id"}[c%4]
			}
			switch {
			case d.Backslash:
				switch r.IntN(5) {
				case 0:
					w = `\N`
				case 1:
					w += "\\" + string(d.Delim) + "y"
				case 2:
					w += "\\\nz\\\\"
				}
				b.WriteString(w)
			case r.IntN(3) == 0:
				extra := []string{"", string(d.Delim), `""`, "\n", "\r\n", "\r"}[r.IntN(6)]
				b.WriteString(`"` + w + extra + w + `"`)
				if r.IntN(12) == 0 {
					b.WriteString("junk") // text after a closing quote
				}
			default:
				b.WriteString(w)
			}
		}
		b.WriteString(nl)
		if r.IntN(6) == 0 {
			b.WriteString(nl) // a blank line
		}
	}
	switch r.IntN(6) {
	case 0:
		b.Truncate(b.Len() - len(nl)) // no line end at the end
	case 1:
		if !d.Backslash {
			b.WriteString("9" + string(d.Delim) + `"left open` + nl + "more") // a damaged tail
		}
	}
	return b.Bytes()
}

func TestCSVDifferential(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 4180))
	for i := 0; i < 300; i++ {
		d := Dialect{Kind: CSV, Delim: delimiters[r.IntN(len(delimiters))], Header: r.IntN(2) == 0, Backslash: r.IntN(3) == 0}
		data := genCSV(r, d)
		checkCSVSpans(t, d, data, 1+r.IntN(len(data)+1))
	}
}

func FuzzCSVDifferential(f *testing.F) {
	r := rand.New(rand.NewPCG(7, 7))
	for i := 0; i < 40; i++ {
		flags := uint8(r.IntN(16))
		d := csvFuzzDialect(flags)
		f.Add(genCSV(r, d), flags, uint16(r.IntN(64)))
	}
	f.Add([]byte("a,b\n\"x\"y,z\n\rz,w\n"), uint8(1), uint16(5))
	f.Add([]byte("1\tA\\\tB\t\\N\n2\tC\\\nD\tx\n"), uint8(2|8), uint16(3))
	f.Fuzz(func(t *testing.T, data []byte, flags uint8, chunk uint16) {
		if len(data) > 4096 {
			return
		}
		checkCSVSpans(t, csvFuzzDialect(flags), data, 1+int(chunk))
	})
}

// csvFuzzDialect spells a dialect in four bits: the delimiter, a header,
// backslash escapes.
func csvFuzzDialect(flags uint8) Dialect {
	return Dialect{Kind: CSV, Delim: delimiters[flags&3], Header: flags&4 != 0, Backslash: flags&8 != 0}
}
