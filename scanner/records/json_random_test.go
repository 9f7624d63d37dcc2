package records

// The JSON locator against encoding/json: random documents, and the fuzz
// target.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// randValue is a random JSON value for TestJSONRandom.
func randValue(r *rand.Rand, depth int) any {
	keys := []string{"email", "name", "first", "last", "street", "address", "products", "a/b", "~t", `q"k`, "é", "back\\slash", "<tag>", "ctl\x01", ""}
	strs := []string{"", "x", "ann@example.com", `say "hi"`, "back\\slash", "line\nbreak", "tab\t", "ünï", "\u2028", "<&>", strings.Repeat("long ", 30)}
	switch n := r.IntN(10); {
	case depth > 0 && n < 3:
		m := map[string]any{}
		for range r.IntN(5) {
			m[keys[r.IntN(len(keys))]] = randValue(r, depth-1)
		}
		return m
	case depth > 0 && n < 5:
		a := make([]any, r.IntN(4))
		for i := range a {
			a[i] = randValue(r, depth-1)
		}
		return a
	case n < 8:
		return strs[r.IntN(len(strs))]
	case n < 9:
		return []any{true, false, nil, -1.5e-7, 0, 123456789}[r.IntN(6)]
	}
	return r.Float64() * 1000
}

// oracle walks data with encoding/json and returns, for every scalar, a
// probe inside it and the Loc the locator must give, and the detecting
// values.
func oracle(t *testing.T, data []byte, k Kind) (probes []int64, want []Loc, vals []Loc) {
	t.Helper()
	type frame struct {
		obj    bool
		key    string
		idx    int
		hasKey bool
	}
	var stack []frame
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	row := int64(0)
	topArr := false
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		end := dec.InputOffset()
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				topArr = false
			}
			if len(stack) > 0 && stack[len(stack)-1].obj {
				stack[len(stack)-1].hasKey = false
			}
			continue
		}
		if s, ok := tok.(string); ok && len(stack) > 0 && stack[len(stack)-1].obj && !stack[len(stack)-1].hasKey {
			stack[len(stack)-1].key, stack[len(stack)-1].hasKey = s, true
			continue
		}
		// A value begins.
		if len(stack) == 0 {
			if d, ok := tok.(json.Delim); ok && d == '[' && k == JSON {
				topArr = true
			} else {
				row++
			}
		} else if f := &stack[len(stack)-1]; !f.obj {
			f.idx++
			if len(stack) == 1 && topArr {
				row++
			}
		}
		if d, ok := tok.(json.Delim); ok {
			stack = append(stack, frame{obj: d == '{', idx: -1})
			continue
		}
		// The pointer, the key and its parent.
		var ptr strings.Builder
		first := 0
		if topArr {
			first = 1
		}
		for _, f := range stack[first:] {
			ptr.WriteByte('/')
			if f.obj {
				ptr.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(f.key))
			} else {
				fmt.Fprint(&ptr, f.idx)
			}
		}
		var names []string
		for _, f := range stack {
			if f.obj {
				names = append(names, f.key)
			}
		}
		var cls int32
		if len(stack) > 0 && len(names) > 0 {
			key, parent := names[len(names)-1], ""
			if len(names) > 1 {
				parent = names[len(names)-2]
			}
			var tf testFields
			cls = tf.Class([]byte(key), []byte(parent))
			if cls == 0 && parent != "" {
				if cls = tf.Class([]byte(parent+"_"+key), nil); cls == 0 {
					cls = tf.Class([]byte(key+"_"+parent), nil)
				}
			}
		}
		var start, stop int64
		str := false
		switch v := tok.(type) {
		case string:
			enc, _ := json.Marshal(v)
			start, stop, str = end-int64(len(enc))+1, end-1, true
		case json.Number:
			start, stop = end-int64(len(v)), end
		case bool:
			start, stop = end-int64(len(fmt.Sprint(v))), end
		case nil:
			start, stop = end-4, end
		}
		loc := Loc{Row: row, Pointer: ptr.String(), Class: cls, Start: start, End: stop, Esc: Escaping{Quoting: JSONBare}}
		if str {
			loc.Esc.Quoting = JSONString
		}
		if k == JSONL {
			loc.Row = int64(bytes.Count(data[:start], []byte("\n"))) + 1
		}
		if stop > start {
			probes = append(probes, start+(stop-start)/2)
			want = append(want, loc)
		}
		if str && stop > start && cls >= 2 {
			vals = append(vals, loc)
		}
		if len(stack) > 0 && stack[len(stack)-1].obj {
			stack[len(stack)-1].hasKey = false
		}
	}
	return probes, want, vals
}

// TestJSONRandom checks the locator against encoding/json on random
// documents, compact and indented, JSON and JSONL.
func TestJSONRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := range 300 {
		k := JSON
		var data []byte
		switch iter % 3 {
		case 0: // a pretty-printed array of rows
			rows := make([]any, 1+r.IntN(6))
			for i := range rows {
				rows[i] = randValue(r, 4)
			}
			data, _ = json.MarshalIndent(rows, "", "  ")
		case 1: // one document, or several
			for range 1 + r.IntN(3) {
				b, _ := json.MarshalIndent(randValue(r, 5), "", "\t")
				data = append(append(data, b...), " \n"[r.IntN(2)])
			}
		case 2:
			k = JSONL
			for range 1 + r.IntN(8) {
				if r.IntN(5) == 0 {
					data = append(data, "  \r\n"[r.IntN(4):]...)
					continue
				}
				b, _ := json.Marshal(randValue(r, 5))
				data = append(append(data, b...), "\n\r\n"[r.IntN(2):]...)
			}
		}
		probes, want, wantVals := oracle(t, data, k)
		l := newJSON(k, testFields{}, nil)
		got, vals := feedAll(t, func() Locator { return newJSON(k, testFields{}, nil) }, data, probes)
		feed(t, l, data, nil, 64, 16)
		if d := l.Damage(); d != nil {
			t.Fatalf("iteration %d: %v in\n%s", iter, d, data)
		}
		for i := range got {
			if !got[i].OK || got[i].Loc != want[i] {
				t.Fatalf("iteration %d, offset %d (%q): got %+v ok=%v, want %+v\n%s", iter, probes[i], context(data, probes[i]), got[i].Loc, got[i].OK, want[i], data)
			}
		}
		checkVals(t, vals, wantVals)
		if t.Failed() {
			t.Fatalf("iteration %d:\n%s", iter, data)
		}
	}
}

// shortLines says whether every line of data is at most n bytes.
func shortLines(data []byte, n int) bool {
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			i = len(data)
		}
		if i > n {
			return false
		}
		data = data[min(i+1, len(data)):]
	}
	return true
}

func FuzzJSON(f *testing.F) {
	for _, name := range []string{"events.jsonl", "customers.json"} {
		f.Add(readJSONFixture(f, name), name == "events.jsonl")
	}
	f.Add([]byte(`{"a":[1,-2.5e+3,true,false,null,"x\u00e9\"\\"],"b":{}}`), false)
	f.Add([]byte("{\"name\":\"Al\"}\n\n[\"x\"]\n{bad\n{\"name\":\"Bo\"}"), true)
	f.Fuzz(func(t *testing.T, data []byte, jsonl bool) {
		if len(data) > 4<<10 {
			return
		}
		k := JSON
		if jsonl {
			k = JSONL
		}
		var probes []int64
		for i := 0; i < len(data); i += 3 {
			probes = append(probes, int64(i))
		}
		// JSONL answers for a line whose end lies past the buffer are
		// provisional, so windows agree only when lines are short.
		if !jsonl || shortLines(data, 15) {
			feedAll(t, jsonMaker(k), data, probes)
		}
		var dmg []string
		for _, w := range [][2]int{{len(data) + 1, 0}, {64, 16}, {97, 40}, {256, 64}} {
			l := newJSON(k, testFields{}, nil)
			got, _ := feed(t, l, data, probes, w[0], w[1])
			d := l.Damage()
			dmg = append(dmg, fmt.Sprint(d))
			for _, g := range got {
				if g.OK && (g.Loc.Start > g.Off || g.Loc.End >= 0 && g.Loc.End <= g.Off || d != nil && g.Off >= d.Offset && !jsonl) {
					t.Fatalf("window %d: %+v, damage %v", w[0], g, d)
				}
			}
		}
		for _, d := range dmg[1:] {
			if d != dmg[0] {
				t.Fatalf("damage differs: %q", dmg)
			}
		}
		if !jsonl {
			// Whatever encoding/json takes is no damage.
			if json.Valid(data) && dmg[0] != "<nil>" && !strings.Contains(dmg[0], "too deep") {
				t.Fatalf("valid JSON damaged: %s", dmg[0])
			}
		}
	})
}
