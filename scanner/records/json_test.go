package records

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func readJSONFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "json", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func jsonMaker(k Kind) func() Locator {
	return func() Locator { return newJSON(k, testFields{}, nil) }
}

// jsonCase is one probe: the value (a substring of the file) and its
// occurrence, the offset inside it that is probed, and what At must say.
type jsonCase struct {
	value   string
	after   string // when set, value is the first one after this
	n       int    // occurrence of value (or of after) in the file
	in      int    // offset of the probe inside value
	row     int64  // 0: ok must be false
	pointer string
	class   int32
}

// checkJSON probes every case, feeding the file through feedAll, and
// checks each full Loc; a string value's span is the case's value.
func checkJSON(t *testing.T, k Kind, data []byte, cases []jsonCase) []Loc {
	t.Helper()
	type want struct {
		off int64
		loc Loc
		ok  bool
	}
	var wants []want
	for _, c := range cases {
		var start int64
		if c.after == "" {
			start = probe(t, data, c.value, c.n)
		} else {
			start = probe(t, data, c.after, c.n) + int64(len(c.after))
			start += int64(bytes.Index(data[start:], []byte(c.value)))
		}
		w := want{off: start + int64(c.in)}
		if c.row != 0 {
			w.ok = true
			w.loc = Loc{Row: c.row, Pointer: c.pointer, Class: c.class, Start: start, End: start + int64(len(c.value)), Esc: escAt(data, start)}
		}
		wants = append(wants, w)
	}
	slices.SortStableFunc(wants, func(a, b want) int { return int(a.off - b.off) })
	probes := make([]int64, len(wants))
	for i, w := range wants {
		probes[i] = w.off
	}
	got, vals := feedAll(t, jsonMaker(k), data, probes)
	for i, w := range wants {
		g := got[i]
		if g.OK != w.ok || g.Loc != w.loc {
			t.Errorf("offset %d (%q): got %+v ok=%v, want %+v ok=%v", w.off, context(data, w.off), g.Loc, g.OK, w.loc, w.ok)
		}
	}
	return vals
}

// escAt is how the value that starts at start is escaped: a string's
// content follows its quote.
func escAt(data []byte, start int64) Escaping {
	if start > 0 && data[start-1] == '"' {
		return Escaping{Quoting: JSONString}
	}
	return Escaping{Quoting: JSONBare}
}

func context(data []byte, off int64) string {
	return string(data[max(off-12, 0):min(off+12, int64(len(data)))])
}

// span is the Loc of the n-th occurrence of value, as a detecting value.
func span(t *testing.T, data []byte, value string, n int, row int64, pointer string, class int32) Loc {
	t.Helper()
	s := probe(t, data, value, n)
	return Loc{Row: row, Pointer: pointer, Class: class, Start: s, End: s + int64(len(value)), Esc: Escaping{Quoting: JSONString}}
}

func checkVals(t *testing.T, got, want []Loc) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d values, want %d:\n got %+v\nwant %+v", len(got), len(want), got, want)
		return
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("value %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestJSONLNested(t *testing.T) {
	data := readJSONFixture(t, "events.jsonl")
	vals := checkJSON(t, JSONL, data, []jsonCase{
		{value: "ann@example.com", in: 3, row: 1, pointer: "/user/email", class: 1},
		{value: "ann@example.com", in: 0, row: 1, pointer: "/user/email", class: 1},
		{value: "ann@example.com", in: 14, row: 1, pointer: "/user/email", class: 1},
		{value: "Ann Lee", row: 1, pointer: "/user/name", class: 2},
		{value: "c0@example.com", row: 1, pointer: "/contacts/0/email", class: 1},
		{value: "bob@example.org", in: 4, row: 1, pointer: "/contacts/1/email", class: 1},
		{value: `Bob \"B\" Stone`, in: 5, row: 1, pointer: "/contacts/1/name", class: 2},
		{value: `Bob \"B\" Stone`, in: 4, row: 1, pointer: "/contacts/1/name", class: 2},  // the backslash
		{value: `Bob \"B\" Stone`, in: 11, row: 1, pointer: "/contacts/1/name", class: 2}, // Stone
		{value: "+1 555 0100", in: 3, row: 1, pointer: "/phones/0", class: 0},
		{value: "+1 555 0101", in: 0, row: 1, pointer: "/phones/1", class: 0},
		{value: "1", after: `"id":`, row: 1, pointer: "/id", class: 0},
		{value: "2", after: `"id":`, n: 1, row: 2, pointer: "/id", class: 0},
		{value: "slash@example.com", in: 5, row: 2, pointer: "/a~1b/x~0y", class: 0},
		{value: "Widget", in: 2, row: 2, pointer: "/products/0/name", class: 0},
		{value: "9.5", in: 1, row: 2, pointer: "/products/0/price", class: 0},
		{value: "true", in: 2, row: 2, pointer: "/ok", class: 0},
		{value: "Ann", n: 1, row: 4, pointer: "/name/first", class: 2},
		{value: "Lee", n: 1, in: 1, row: 4, pointer: "/name/last", class: 2},
		{value: "1 Main St", in: 2, row: 4, pointer: "/address/street", class: 3},
		{value: `say \"hi\" \\ bye`, in: 6, row: 4, pointer: "/note", class: 0},
		{value: `say \"hi\" \\ bye`, in: 12, row: 4, pointer: "/note", class: 0},
		{value: "m@example.net", in: 1, row: 4, pointer: "/mail", class: 1},
		{value: "esc@example.com", in: 1, row: 4, pointer: `/k"q~1é`, class: 0},
		{value: "arr@example.com", in: 1, row: 5, pointer: "/0/email", class: 1},
		{value: "top@example.com", in: 1, row: 5, pointer: "/1", class: 0},
		// Keys, punctuation, whitespace, a closing quote: no value.
		{value: `"user"`, in: 1},
		{value: `"email"`, in: 3},
		{value: `{"id"`, in: 0},
		{value: `:"ann@`, in: 0},
		{value: `ann@example.com"`, in: 15},
		{value: `, "top@`, in: 1},
		{value: "\n\n", in: 1},
		{value: `"k\"q`, in: 2},
	})
	checkVals(t, vals, []Loc{
		span(t, data, "Ann Lee", 0, 1, "/user/name", 2),
		span(t, data, `Bob \"B\" Stone`, 0, 1, "/contacts/1/name", 2),
		span(t, data, "Ann", 1, 4, "/name/first", 2),
		span(t, data, "Lee", 1, 4, "/name/last", 2),
		span(t, data, "1 Main St", 0, 4, "/address/street", 3),
	})
}

func TestJSONPrettyArray(t *testing.T) {
	data := readJSONFixture(t, "customers.json")
	if Sniff("customers.json", data, nil).Kind != JSON {
		t.Fatalf("detected as %v", Sniff("customers.json", data, nil).Kind)
	}
	vals := checkJSON(t, JSON, data, []jsonCase{
		{value: "alice@example.com", in: 2, row: 1, pointer: "/email", class: 1},
		{value: "12 Rue de Rivoli", in: 3, row: 1, pointer: "/address/street", class: 3},
		{value: "+33 1 23 45 67 89", in: 4, row: 1, pointer: "/phones/0", class: 0},
		{value: "bob@example.org", row: 2, pointer: "/email", class: 1},
		{value: "+44 20 7946 0001", in: 1, row: 2, pointer: "/phones/1", class: 0},
		{value: "3", after: `"id": `, n: 2, row: 3, pointer: "/id", class: 0},
		{value: "null", in: 1, row: 3, pointer: "/address", class: 3},
		{value: `Dana \"D\" Kim`, in: 6, row: 4, pointer: "/name", class: 2},
		{value: "dana@example.com", in: 5, row: 4, pointer: "/email", class: 1},
		{value: "9 Elm Road", row: 4, pointer: "/address/street", class: 3},
		{value: "Lamp", in: 1, row: 4, pointer: "/orders/0/products/0/name", class: 0},
		{value: `"phones": []`, in: 11},
		{value: "\n  {", in: 3},
	})
	checkVals(t, vals, []Loc{
		span(t, data, "Alice Martin", 0, 1, "/name", 2),
		span(t, data, "12 Rue de Rivoli", 0, 1, "/address/street", 3),
		span(t, data, "Bob Stone", 0, 2, "/name", 2),
		span(t, data, "5 High Street", 0, 2, "/address/street", 3),
		span(t, data, "Chen Wei", 0, 3, "/name", 2),
		span(t, data, `Dana \"D\" Kim`, 0, 4, "/name", 2),
		span(t, data, "9 Elm Road", 0, 4, "/address/street", 3),
	})
}

func TestJSONObjectWithArray(t *testing.T) {
	data := readJSONFixture(t, "account.json")
	vals := checkJSON(t, JSON, data, []jsonCase{
		{value: "alice@example.com", in: 2, row: 1, pointer: "/customers/0/email", class: 1},
		{value: "dana@example.com", in: 5, row: 1, pointer: "/customers/3/email", class: 1},
		{value: "+44 20 7946 0001", in: 1, row: 1, pointer: "/customers/1/phones/1", class: 0},
		{value: "9 Elm Road", row: 1, pointer: "/customers/3/address/street", class: 3},
		{value: "Lamp", in: 1, row: 1, pointer: "/customers/3/orders/0/products/0/name", class: 0},
		{value: "4", after: `"id": `, n: 3, row: 1, pointer: "/customers/3/id", class: 0},
		{value: "4", after: `"count": `, row: 1, pointer: "/count", class: 0},
	})
	if len(vals) != 7 || vals[6] != span(t, data, "9 Elm Road", 0, 1, "/customers/3/address/street", 3) {
		t.Errorf("values: %+v", vals)
	}
}

func TestJSONLongValues(t *testing.T) {
	var long strings.Builder
	for i := range 300 {
		long.WriteString([]string{"abc ", `\"q\" `, `\\`, `\\\\\"`, `\u00e9`, "xyz\\\\"}[i%6])
	}
	digits := "-1" + strings.Repeat("0123456789", 60) + ".5e+10"
	for _, k := range []Kind{JSON, JSONL} {
		data := []byte(`{"name":"` + long.String() + `","n":` + digits + `,"x":["` + long.String() + `"]}` + "\n")
		s1 := probe(t, data, long.String(), 0)
		s2 := probe(t, data, digits, 0)
		s3 := probe(t, data, long.String(), 1)
		var probes []int64
		var want []Loc
		for p := s1; p < int64(len(data)); p += 5 {
			var w Loc
			switch {
			case p < s1+int64(long.Len()):
				w = Loc{Row: 1, Pointer: "/name", Class: 2, Start: s1, End: s1 + int64(long.Len()), Esc: Escaping{Quoting: JSONString}}
			case p >= s2 && p < s2+int64(len(digits)):
				w = Loc{Row: 1, Pointer: "/n", Start: s2, End: s2 + int64(len(digits)), Esc: Escaping{Quoting: JSONBare}}
			case p >= s3 && p < s3+int64(long.Len()):
				w = Loc{Row: 1, Pointer: "/x/0", Start: s3, End: s3 + int64(long.Len()), Esc: Escaping{Quoting: JSONString}}
			default:
				continue
			}
			probes = append(probes, p)
			want = append(want, w)
		}
		got, vals := feedAll(t, jsonMaker(k), data, probes)
		for i := range got {
			if !got[i].OK || got[i].Loc != want[i] {
				t.Fatalf("%v, offset %d: %+v ok=%v, want %+v", k, probes[i], got[i].Loc, got[i].OK, want[i])
			}
		}
		checkVals(t, vals, want[:1])
	}
}

func TestJSONConcatenated(t *testing.T) {
	data := []byte(`{"email":"a@x.io"} {"name":"Bo Li"}` + "\n" + `["c@x.io"] 42 "d@x.io"`)
	vals := checkJSON(t, JSON, data, []jsonCase{
		{value: "a@x.io", row: 1, pointer: "/email", class: 1},
		{value: "Bo Li", row: 2, pointer: "/name", class: 2},
		{value: "c@x.io", row: 3, pointer: "", class: 0},
		{value: "42", in: 1, row: 4, pointer: "", class: 0},
		{value: "d@x.io", row: 5, pointer: "", class: 0},
	})
	checkVals(t, vals, []Loc{span(t, data, "Bo Li", 0, 2, "/name", 2)})
}

// A JSONL line that does not parse is that line's damage only: the lines
// after it keep their records (issue 21: a PostgreSQL COPY of
// row_to_json doubles every backslash).
func TestJSONLBadLine(t *testing.T) {
	lines := []string{
		`{"email":"one@example.com","name":"Ann"}`,
		`{"email":"two@example.com","name":"Bo"}}`, // trailing data after the probe
		`{"email":"three@example.com","name":"Cy"}`,
		`{"note":"a\\\\b","name":"Zo\\"Z\\""}`,
		`{"email":"five@example.com","name":"Di"}`,
	}
	data := []byte(strings.Join(lines, "\n") + "\n")
	checkJSON(t, JSONL, data, []jsonCase{
		{value: "one@example.com", in: 1, row: 1, pointer: "/email", class: 1},
		{value: `{"email":"two`},
		{value: "Bo", in: 1},
		{value: "three@example.com", in: 1, row: 3, pointer: "/email", class: 1},
		{value: "Zo", in: 1},
		{value: "five@example.com", in: 1, row: 5, pointer: "/email", class: 1},
	})
	l := newJSON(JSONL, testFields{}, nil)
	_, vals := feed(t, l, data, nil, len(data)+1, 0)
	checkVals(t, vals, []Loc{span(t, data, "Ann", 0, 1, "/name", 2), span(t, data, "Cy", 0, 3, "/name", 2), span(t, data, "Di", 0, 5, "/name", 2)})
	d := l.Damage()
	if d == nil || d.Offset != int64(len(lines[0])+1) || d.Kind != JSONL || d.Reason != "trailing data" || d.Skipped != 2 {
		t.Fatalf("damage %+v", d)
	}

	// The error comes before the probe.
	data = []byte("{\"a\":1}\n{\"email\" \"x@example.com\"}\n")
	checkJSON(t, JSONL, data, []jsonCase{{value: "1", row: 1, pointer: "/a"}, {value: "x@example.com"}})
	l = newJSON(JSONL, testFields{}, nil)
	feed(t, l, data, nil, 64, 16)
	if d := l.Damage(); d == nil || d.Offset != 8 || d.Reason != "unexpected character" {
		t.Fatalf("damage %+v", d)
	}
}

func TestJSONDamage(t *testing.T) {
	for _, c := range []struct {
		name, data string
		k          Kind
		offset     int64 // -1: the end of the file
		reason     string
		located    []string // probed values that are located
		lost       []string // probed values after the damage
		vals       int
	}{
		{"cut", `[{"email":"a@example.com","name":"Ann"},{"email":"d@example.com","name":"Bo`, JSON, -1,
			"unexpected end of file", []string{"a@example.com", "d@example.com"}, []string{"Bo"}, 1}, // Bo never ends
		{"cut in number", `{"n":[1,2,3`, JSON, -1, "unexpected end of file", []string{"2"}, nil, 0},
		{"cut in literal", `{"n":tru`, JSON, -1, "unexpected end of file", nil, []string{"tru"}, 0},
		{"stray brace", `{"a":{"email":"x@example.com"}}}` + "\n" + `{"email":"q@example.com","name":"Cy"}`, JSON, 31,
			"unexpected character", []string{"x@example.com"}, []string{"q@example.com", "Cy"}, 0},
		{"mismatched", `[{"name":"Al"]`, JSON, 13, "mismatched bracket", []string{"Al"}, nil, 1},
		{"bad escape", `{"name":"A\x"} {"name":"B"}`, JSON, 11, "invalid escape", nil, []string{"A", "B"}, 0},
		{"bad number", `[1.e5, "x@example.com"]`, JSON, 3, "invalid number", nil, []string{"x@example.com"}, 0},
		{"garbage", `{"a":"b"} xyz "c@example.com"`, JSON, 10, "unexpected character", []string{"b"}, []string{"c@example.com"}, 0},
		{"jsonl cut", "{\"a\":\"b\"}\n{\"name\":\"Cy", JSONL, 10, "unexpected end of file", []string{"b"}, []string{"Cy"}, 0},
		{"jsonl pretty", "{\n\"name\":\"Al\"}\n", JSONL, 0, "unexpected end of line", nil, []string{"Al"}, 0},
		{"jsonl two values", "{\"name\":\"Al\"} {}\n", JSONL, 0, "trailing data", nil, []string{"Al"}, 0},
		{"jsonl newline in string", "{\"name\":\"A\nl\"}\n", JSONL, 0, "unexpected end of line", nil, []string{"A"}, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := []byte(c.data)
			var cases []jsonCase
			for _, v := range c.located {
				cases = append(cases, jsonCase{value: v, row: -1})
			}
			for _, v := range c.lost {
				cases = append(cases, jsonCase{value: v})
			}
			var probes []int64
			for _, cs := range cases {
				probes = append(probes, probe(t, data, cs.value, 0))
			}
			slices.Sort(probes)
			got, vals := feedAll(t, jsonMaker(c.k), data, probes)
			for _, cs := range cases {
				off := probe(t, data, cs.value, 0)
				i := slices.Index(probes, off)
				if got[i].OK != (cs.row != 0) {
					t.Errorf("%q: ok=%v", cs.value, got[i].OK)
				}
			}
			if len(vals) != c.vals {
				t.Errorf("values %+v", vals)
			}
			for _, w := range [][2]int{{len(data) + 1, 0}, {64, 16}, {97, 40}} {
				l := newJSON(c.k, testFields{}, nil)
				feed(t, l, data, probes, w[0], w[1])
				want := c.offset
				if want < 0 {
					want = int64(len(data))
				}
				d := l.Damage()
				if d == nil || d.Offset != want || d.Reason != c.reason || d.Kind != c.k {
					t.Fatalf("window %d: damage %+v, want offset %d %q", w[0], d, want, c.reason)
				}
			}
		})
	}
}

func TestJSONLimits(t *testing.T) {
	// Nesting too deep.
	data := []byte(strings.Repeat("[", maxDepth) + `{"email":"x@example.com"}` + strings.Repeat("]", maxDepth))
	l := newJSON(JSON, testFields{}, nil)
	got, _ := feed(t, l, data, []int64{int64(maxDepth) + 11}, len(data)+1, 0)
	if got[0].OK {
		t.Errorf("located %+v", got[0])
	}
	if d := l.Damage(); d == nil || d.Offset != maxDepth || d.Reason != "nesting too deep" {
		t.Errorf("damage %+v", d)
	}
	data = []byte(strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth))
	l = newJSON(JSON, testFields{}, nil)
	feed(t, l, data, nil, 64, 16)
	if d := l.Damage(); d != nil {
		t.Errorf("damage %+v", d)
	}

	// A huge key is cut at maxKeyLen.
	key := strings.Repeat("k", 3<<20)
	data = []byte(`{"` + key + `":"v@example.com"}`)
	got, _ = feedAll(t, jsonMaker(JSONL), data, []int64{int64(len(key)) + 6})
	if !got[0].OK || got[0].Loc.Pointer != "/"+key[:maxKeyLen] {
		t.Errorf("huge key: ok=%v pointer of %d bytes", got[0].OK, len(got[0].Loc.Pointer))
	}
}

func TestJSONBOM(t *testing.T) {
	data := append(bytes.Clone(bom), `{"name":"Al"}`+"\n"+`{"name":"Bo"}`+"\n"...)
	checkJSON(t, JSONL, data, []jsonCase{{value: "Bo", row: 2, pointer: "/name", class: 2}})
}

func TestJSONNoAllocs(t *testing.T) {
	data := benchJSONL(1 << 16)
	l := newJSON(JSONL, benchFields{}, nil)
	var vals []Loc
	l.Advance(data, 0, int64(len(data)), false, &vals) // warm the buffers
	n := testing.AllocsPerRun(5, func() {
		l := l.(*jsonLoc)
		l.main.pos, l.main.st, l.line, l.lineOK, l.aheadOn = 0, stTop, 1, false, false
		l.main.kinds = l.main.kinds[:0]
		vals = vals[:0]
		l.Advance(data, 0, int64(len(data)), false, &vals)
	})
	// One pointer string per detecting value, nothing else.
	if lines := bytes.Count(data, []byte("\n")); n > float64(2*lines) || len(vals) != 2*lines {
		t.Errorf("%v allocations, %d values for %d lines", n, len(vals), lines)
	}
}

func TestLooksJSONL(t *testing.T) {
	for _, c := range []struct {
		body string
		want bool
	}{
		{"{\"a\":1}\n{\"a\":2}\n", true},
		{"{\"a\":1}\r\n\r\n[1]", true},
		{"  {\"a\":\"x\\\"}\"}\n\n\n{", true},
		{"{\"a\":1}\n", false},
		{"{\"a\":1}", false},
		{"{\n  \"a\": 1\n}\n", false},
		{"[\n{\"a\":1},\n{\"a\":2}\n]\n", false},
		{"{\"a\":1} {\"a\":2}\n{\"a\":3}\n", false},
		{"{\"a\":1}\n,\n", false},
		{"{\"a\":", false},
		{"{", false},
	} {
		if got := looksJSONL([]byte(c.body)); got != c.want {
			t.Errorf("looksJSONL(%q) = %v", c.body, got)
		}
	}
	data := readJSONFixture(t, "events.jsonl")
	if k := Sniff("export.txt", data, nil).Kind; k != JSONL {
		t.Errorf("events.jsonl detected as %v", k)
	}
}

// benchFields classifies like testFields without allocating.
type benchFields struct{}

func (benchFields) Class(name, parent []byte) int32 {
	switch string(name) {
	case "email":
		return 1
	case "name", "first_name":
		return 2
	case "street":
		return 3
	}
	return 0
}

func (benchFields) Detects(class int32) bool { return class >= 2 }

type benchEvent struct {
	TS    string `json:"ts"`
	Event string `json:"event"`
	User  struct {
		ID      int    `json:"id"`
		Email   string `json:"email"`
		Name    string `json:"name"`
		Address struct {
			Street string `json:"street"`
			City   string `json:"city"`
		} `json:"address"`
	} `json:"user"`
	Tags  []string  `json:"tags"`
	OK    bool      `json:"ok"`
	Score float64   `json:"score"`
	Items []benchIt `json:"items"`
	Note  string    `json:"note"`
}

type benchIt struct {
	SKU string `json:"sku"`
	Qty int    `json:"qty"`
}

func benchEvents(n int) []benchEvent {
	evs := make([]benchEvent, n)
	for i := range evs {
		e := &evs[i]
		e.TS = fmt.Sprintf("2024-05-%02dT12:%02d:%02dZ", i%28+1, i%60, i%59)
		e.Event = []string{"login", "purchase", "logout"}[i%3]
		e.User.ID = 100000 + i
		e.User.Email = fmt.Sprintf("user%d@example.com", i)
		e.User.Name = "Ann \"A\" Lee"
		e.User.Address.Street = fmt.Sprintf("%d Main Street", i%500)
		e.User.Address.City = "Springfield"
		e.Tags = []string{"web", "eu", "beta"}
		e.OK = i%2 == 0
		e.Score = float64(i%1000) / 8
		e.Items = []benchIt{{"X-1", 2}, {"Y-22", 1}}
		e.Note = strings.Repeat("lorem ipsum dolor ", i%8)
	}
	return evs
}

// benchJSONL is about size bytes of JSONL events.
func benchJSONL(size int) []byte {
	var b bytes.Buffer
	evs := benchEvents(1000)
	for i := 0; b.Len() < size; i++ {
		line, _ := json.Marshal(evs[i%len(evs)])
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// benchJSONArray is about size bytes of a pretty-printed array of events.
func benchJSONArray(size int) []byte {
	one, _ := json.Marshal(benchEvents(1)[0])
	data, _ := json.MarshalIndent(benchEvents(size/len(one)/2), "", "  ")
	return data
}

func BenchmarkJSON(b *testing.B) {
	for _, c := range []struct {
		name string
		k    Kind
		data []byte
	}{
		{"jsonl", JSONL, benchJSONL(4 << 20)},
		{"array", JSON, benchJSONArray(4 << 20)},
	} {
		b.Run(c.name, func(b *testing.B) {
			data := c.data
			var probes []int64
			for i := int64(100); i < int64(len(data)); i += 200 {
				probes = append(probes, i)
			}
			var vals []Loc
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			located := 0
			for b.Loop() {
				l := newJSON(c.k, benchFields{}, nil)
				vals = vals[:0]
				located = 0
				for _, p := range probes {
					if _, ok := l.At(data, 0, p, true, &vals); ok {
						located++
					}
				}
				l.Advance(data, 0, int64(len(data)), true, &vals)
				if l.Damage() != nil {
					b.Fatal(l.Damage())
				}
			}
			b.ReportMetric(float64(len(data))/(1<<20), "MB")
			b.ReportMetric(float64(located)/float64(len(probes)), "located")
		})
	}
}
