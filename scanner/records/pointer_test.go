package records

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSplitPointer(t *testing.T) {
	for _, c := range []struct {
		p    string
		want []string
		ok   bool
	}{
		{"", nil, true},
		{"/", []string{""}, true},
		{"/a/0/b", []string{"a", "0", "b"}, true},
		{"/a~1b/~0t/~01", []string{"a/b", "~t", "~1"}, true},
		{"a/b", nil, false},
		{"/a~2", nil, false},
		{"/a~", nil, false},
	} {
		got, ok := SplitPointer(c.p)
		if ok != c.ok || !slices.Equal(got, c.want) {
			t.Errorf("SplitPointer(%q) = %q, %v", c.p, got, ok)
		}
	}
}

func TestArrayElement(t *testing.T) {
	for p, want := range map[string]string{
		"":                    "",
		"/email":              "",
		"/customers/1/phone":  "/customers/1",
		"/customers/12":       "/customers/12",
		"/0/name":             "/0",
		"/a~1b/3/x/4":         "/a~1b/3",
		"/user//2":            "/user//2",
		"/user/phones":        "",
		"/user/x1/y":          "",
		"no pointer/1":        "",
		"/customers/1/phone/": "/customers/1",
	} {
		if got := ArrayElement(p); got != want {
			t.Errorf("ArrayElement(%q) = %q, want %q", p, got, want)
		}
	}
}

func TestLookup(t *testing.T) {
	doc := []byte(`[{"name":"Ann","tags":["a","b"],"a/b":{"~k":-1.5}},{"name":"B\u00f8","ok":null,"k\u002fe":"x"}]`)
	lines := []byte("{\"email\":\"a@x.io\"}\n{\"email\":\"b@x.io\",,}\n{\"email\":\"c\\\"@x.io\",\"n\":[1,true]}\n")
	for _, c := range []struct {
		k     Kind
		data  []byte
		row   int64
		ptr   string
		want  string // the value as it reads; "" for none
		quote Quoting
	}{
		{JSON, doc, 1, "/name", "Ann", JSONString},
		{JSON, doc, 1, "/tags/1", "b", JSONString},
		{JSON, doc, 1, "/a~1b/~0k", "-1.5", JSONBare},
		{JSON, doc, 2, "/name", "Bø", JSONString},
		{JSON, doc, 2, "/ok", "null", JSONBare},
		{JSON, doc, 2, "/k~1e", "x", JSONString},
		{JSON, doc, 2, "/tags/0", "", 0},
		{JSON, doc, 1, "/tags", "", 0}, // a container is no value
		{JSON, doc, 3, "/name", "", 0},
		{JSONL, lines, 1, "/email", "a@x.io", JSONString},
		{JSONL, lines, 2, "/email", "", 0}, // the line is no JSON
		{JSONL, lines, 3, "/email", `c"@x.io`, JSONString},
		{JSONL, lines, 3, "/n/1", "true", JSONBare},
		{SQL, lines, 1, "/email", "", 0},
	} {
		v, ok := Lookup(c.k, c.data, c.row, c.ptr)
		if ok != (c.want != "") {
			t.Errorf("%v row %d %s: ok=%v", c.k, c.row, c.ptr, ok)
			continue
		}
		if !ok {
			continue
		}
		if got := string(v.Unescape(nil, c.data[v.Start:v.End])); got != c.want || v.Quoting != c.quote {
			t.Errorf("%v row %d %s: %q %v, want %q %v", c.k, c.row, c.ptr, got, v.Quoting, c.want, c.quote)
		}
	}
}

// Lookup is the inverse of the locator: the row and pointer At gives for
// any value lead back to that value.
func TestLookupInvertsAt(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for iter := range 100 {
		k := JSON
		var data []byte
		if iter%2 == 0 {
			rows := make([]any, 1+r.IntN(4))
			for i := range rows {
				rows[i] = randValue(r, 4)
			}
			data, _ = json.MarshalIndent(rows, "", " ")
		} else {
			k = JSONL
			for range 1 + r.IntN(5) {
				b, _ := json.Marshal(randValue(r, 4))
				data = append(append(data, b...), '\n')
			}
		}
		probes, want, _ := oracle(t, data, k)
		for i := range probes {
			w := want[i]
			v, ok := Lookup(k, data, w.Row, w.Pointer)
			if !ok || v.Start != w.Start || v.End != w.End || v.Quoting != w.Esc.Quoting {
				// A key repeated in one object: the first holds.
				if ok && v.Start < w.Start {
					continue
				}
				t.Fatalf("iteration %d: row %d %q: %+v ok=%v, want [%d,%d)\n%s", iter, w.Row, w.Pointer, v, ok, w.Start, w.End, data)
			}
		}
	}
}
