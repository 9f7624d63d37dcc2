package records

import (
	"strings"
	"testing"
)

// testFields classifies a few names the way the catalog would: a field
// is class 1 (email), 2 (person name, detecting) or 3 (street address,
// detecting); parents "products" make a "name" nothing.
type testFields struct{}

func (testFields) Class(name, parent []byte) int32 {
	n := strings.ToLower(string(name))
	switch {
	case n == "email" || n == "mail":
		return 1
	case n == "first_name" || n == "last_name" || n == "full_name":
		return 2
	case n == "name" && string(parent) != "products":
		return 2
	case n == "address" || n == "street":
		return 3
	}
	return 0
}

func (testFields) Detects(class int32) bool { return class >= 2 }

// located is what feed reports for one probed offset.
type located struct {
	Off int64
	Loc Loc
	OK  bool
}

// feed drives l over data as the scanner does: a buffer of window bytes
// slides over the file, probes (sorted offsets) are located while they lie
// before the buffer's last overlap bytes, and the buffer keeps those
// overlap bytes when it moves on. It returns each probe's location and the
// detecting values reported.
func feed(t *testing.T, l Locator, data []byte, probes []int64, window, overlap int) ([]located, []Loc) {
	t.Helper()
	if overlap >= window {
		t.Fatalf("overlap %d ≥ window %d", overlap, window)
	}
	var (
		out  []located
		vals []Loc
		base int64
	)
	next := 0
	for {
		end := min(int64(len(data)), base+int64(window))
		hay := data[base:end]
		final := end == int64(len(data))
		limit := end
		if !final {
			limit = end - int64(overlap)
		}
		for next < len(probes) && probes[next] < limit {
			loc, ok := l.At(hay, base, probes[next], final, &vals)
			out = append(out, located{probes[next], loc, ok})
			next++
		}
		if final {
			l.Advance(hay, base, end, true, &vals)
			return out, vals
		}
		l.Advance(hay, base, limit, false, &vals)
		base = limit
	}
}

// feedAll runs feed with the whole file in one buffer and with small
// sliding buffers, and fails unless every window size gives the same
// answers: a locator must not depend on where the buffer's edges fall.
func feedAll(t *testing.T, mk func() Locator, data []byte, probes []int64) ([]located, []Loc) {
	t.Helper()
	whole := mk()
	want, wantVals := feed(t, whole, data, probes, len(data)+1, 0)
	dmg := whole.Damage()
	// Past damage, a small window may have located what the whole file
	// shows to be damaged: a record longer than the window's overlap is
	// taken on trust until its end is seen. The damage itself must agree.
	trusted := func(off int64) bool { return dmg == nil || off < dmg.Offset }
	for _, w := range []struct{ window, overlap int }{{64, 16}, {97, 40}, {256, 64}} {
		l := mk()
		got, gotVals := feed(t, l, data, probes, w.window, w.overlap)
		if (l.Damage() == nil) != (dmg == nil) || (dmg != nil && *l.Damage() != *dmg) {
			t.Fatalf("window %d: damage %v; whole file: %v", w.window, l.Damage(), dmg)
		}
		if len(got) != len(want) {
			t.Fatalf("window %d: %d probes; whole file: %d", w.window, len(got), len(want))
		}
		for i := range got {
			g, x := got[i], want[i]
			if !trusted(g.Off) && !x.OK {
				continue
			}
			// A value's end may lie past a small window.
			if x.Loc.End >= 0 && g.Loc.End < 0 {
				g.Loc.End = x.Loc.End
			}
			if g != x {
				t.Fatalf("window %d, offset %d: %+v; whole file: %+v", w.window, g.Off, g, x)
			}
		}
		// Every value of the whole file is due, in order. Past damage a
		// small window may have taken more on trust (a record it could not
		// yet see was damaged); before it, nothing more.
		n := 0
		for _, v := range gotVals {
			if n < len(wantVals) && v == wantVals[n] {
				n++
				continue
			}
			if trusted(v.Start) {
				t.Fatalf("window %d, value %d: %+v; whole file: %+v", w.window, n, v, wantVals)
			}
		}
		if n != len(wantVals) {
			t.Fatalf("window %d: %d values; whole file: %d", w.window, n, len(wantVals))
		}
	}
	return want, wantVals
}

// probe returns the offset of the n-th (0-based) occurrence of s in data.
func probe(t *testing.T, data []byte, s string, n int) int64 {
	t.Helper()
	from := 0
	for {
		i := strings.Index(string(data[from:]), s)
		if i < 0 {
			t.Fatalf("%q not found %d times", s, n+1)
		}
		if n == 0 {
			return int64(from + i)
		}
		n--
		from += i + 1
	}
}

// benchLocator runs a locator over data as the scanner does: 1 MiB
// windows overlapping by 4 KiB, a probe every step bytes, then Advance.
func benchLocator(b *testing.B, data []byte, step int64, mk func() Locator) {
	const window, overlap = 1 << 20, 4 << 10
	vals := make([]Loc, 0, 1<<18)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		l := mk()
		vals = vals[:0]
		var base, next int64
		for {
			end := min(int64(len(data)), base+window)
			final := end == int64(len(data))
			limit := end
			if !final {
				limit = end - overlap
			}
			hay := data[base:end]
			for ; next < limit; next += step {
				l.At(hay, base, next, final, &vals)
			}
			l.Advance(hay, base, limit, final, &vals)
			if final {
				break
			}
			base = limit
		}
		if l.Damage() != nil {
			b.Fatal(l.Damage())
		}
	}
}
