package records

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
)

func csvLoc(t *testing.T, name, data string, probes ...string) ([]located, []Loc, *Damage) {
	t.Helper()
	b := []byte(data)
	if k := Sniff(name, b, nil).Kind; k != CSV {
		t.Fatalf("%s detected as %s", name, k)
	}
	var offs []int64
	for _, p := range probes {
		offs = append(offs, probe(t, b, p, 0))
	}
	var last Locator
	got, vals := feedAll(t, func() Locator { last = New(csvDialect(name, b), name, b, testFields{}, nil); return last }, b, offs)
	return got, vals, last.Damage()
}

func TestCSVQuotedMultiline(t *testing.T) {
	data := "id,full_name,email,notes\r\n" +
		"1,\"Doe, Jane\",jane@example.com,\"said \"\"hi\"\"\r\nthen left\"\r\n" +
		"\r\n" +
		"2,Bob Stone,bob@example.org,call +44 20 7946 0958\r\n"
	got, vals, dmg := csvLoc(t, "people.csv", data, "jane@", "then left", "Bob", "bob@", "+44")
	if dmg != nil {
		t.Fatalf("damage: %v", dmg)
	}
	b := []byte(data)
	at := func(s string) int64 { return probe(t, b, s, 0) }
	bare, quoted := Escaping{Quoting: CSVBare, Quote: ','}, Escaping{Quoting: CSVQuoted, Quote: ','}
	want := []Loc{
		{Row: 1, Field: "email", Class: 1, Start: at("jane@"), End: at("jane@") + 16, Esc: bare},
		{Row: 1, Field: "notes", Start: at("said"), End: at("then left") + 9, Esc: quoted},
		{Row: 2, Field: "full_name", Class: 2, Start: at("Bob"), End: at("Bob") + 9, Esc: bare},
		{Row: 2, Field: "email", Class: 1, Start: at("bob@"), End: at("bob@") + 15, Esc: bare},
		{Row: 2, Field: "notes", Start: at("call"), End: at("0958") + 4, Esc: bare},
	}
	for i, w := range want {
		if !got[i].OK || got[i].Loc != w {
			t.Errorf("probe %d: %+v, want %+v", i, got[i], w)
		}
	}
	wantVals := []Loc{
		{Row: 1, Field: "full_name", Class: 2, Start: at("Doe"), End: at("Doe") + 9, Esc: quoted},
		{Row: 2, Field: "full_name", Class: 2, Start: at("Bob"), End: at("Bob") + 9, Esc: bare},
	}
	if len(vals) != len(wantVals) {
		t.Fatalf("values %+v", vals)
	}
	for i := range vals {
		if vals[i] != wantVals[i] {
			t.Errorf("value %d: %+v, want %+v", i, vals[i], wantVals[i])
		}
	}
}

func TestCSVSemicolonBOM(t *testing.T) {
	data := "\xEF\xBB\xBFname;mail;tel\n" +
		"Élodie Martin;elodie@example.fr;06 12 34 56 78\n" +
		"Jean Dupont;jean@example.fr;\n"
	got, vals, dmg := csvLoc(t, "export.csv", data, "elodie@", "06 12", "jean@")
	if dmg != nil {
		t.Fatal(dmg)
	}
	if got[0].Loc.Field != "mail" || got[0].Loc.Row != 1 || got[1].Loc.Field != "tel" || got[2].Loc.Row != 2 {
		t.Errorf("%+v", got)
	}
	if len(vals) != 2 || vals[0].Field != "name" || string([]byte(data)[vals[0].Start:vals[0].End]) != "Élodie Martin" {
		t.Errorf("values %+v", vals)
	}
}

func TestCSVHeaderless(t *testing.T) {
	data := "1,jane@example.com,Jane\n2,bob@example.org,Bob\n"
	got, vals, _ := csvLoc(t, "x.csv", data, "bob@")
	if got[0].Loc.Field != "2" || got[0].Loc.Row != 2 || got[0].Loc.Class != 0 || len(vals) != 0 {
		t.Errorf("%+v %+v", got, vals)
	}
}

func TestCSVTSV(t *testing.T) {
	data := "id\temail\taddress\n7\tann@example.com\t12 Rue de la Paix, Paris\n"
	got, vals, _ := csvLoc(t, "a.tsv", data, "ann@", "Paris")
	if got[0].Loc.Field != "email" || got[1].Loc.Field != "address" || len(vals) != 1 || vals[0].Class != 3 {
		t.Errorf("%+v %+v", got, vals)
	}
}

// A ragged row costs that row only: the rows after it keep their records
// and row numbers.
func TestCSVRaggedRow(t *testing.T) {
	data := "id,email\n1,a@example.com\n2,b@example.com,extra\n3,c@example.com\n"
	got, _, dmg := csvLoc(t, "r.csv", data, "a@", "b@", "c@")
	if dmg == nil || dmg.Offset != probe(t, []byte(data), "2,b@", 0) || dmg.Skipped != 1 {
		t.Fatalf("damage %+v", dmg)
	}
	if !got[0].OK || got[1].OK || !got[2].OK || got[2].Loc.Row != 3 || got[2].Loc.Field != "email" {
		t.Errorf("%+v", got)
	}
}

func TestCSVOpenQuote(t *testing.T) {
	data := "id,email,notes\n1,a@example.com,ok\n2,b@example.com,\"never closed\n3,c@example.com,x\n"
	got, _, dmg := csvLoc(t, "q.csv", data, "a@", "c@")
	if dmg == nil || dmg.Offset != probe(t, []byte(data), "2,b@", 0) {
		t.Fatalf("damage %v", dmg)
	}
	if !got[0].OK || got[1].OK {
		t.Errorf("%+v", got)
	}
}

func TestDetectCSV(t *testing.T) {
	for _, c := range []struct {
		name, data string
		want       Kind
	}{
		{"app.log", "a,b\n1,2\n3,4\n5,6\n", Text},
		{"notes.txt", "Hello, world\nHow are you, dear\n", Text},
		{"dump.txt", "id|email|phone\n1|a@x.io|1\n2|b@x.io|2\n3|c@x.io|3\n", CSV},
		{"x.csv", "just one line of prose\n", Text},
		{"x.csv", "a;b;c\n1;2;3\n", CSV},
	} {
		if got := Sniff(c.name, []byte(c.data), nil).Kind; got != c.want {
			t.Errorf("%s %q: %s, want %s", c.name, c.data, got, c.want)
		}
	}
}

func FuzzCSV(f *testing.F) {
	f.Add([]byte("id,name,email\n1,\"A, B\",a@b.c\n2,C,\"x\"\"y\"\r\n"), int64(5))
	f.Add([]byte("a;b\n\"open\n1;2\n"), int64(3))
	f.Fuzz(func(t *testing.T, data []byte, step int64) {
		if step <= 0 || step > 64 {
			step = 7
		}
		var offs []int64
		for o := int64(0); o < int64(len(data)); o += step {
			offs = append(offs, o)
		}
		feedAll(t, func() Locator { return New(csvDialect("f.csv", data), "f.csv", data, testFields{}, nil) }, data, offs)
	})
}

// csvDialect is the dialect Sniff gives a file, read as CSV even when it
// does not sniff as such (a comma then).
func csvDialect(name string, data []byte) Dialect {
	d := Sniff(name, data, testFields{})
	if d.Kind != CSV {
		d = Dialect{Kind: CSV, Delim: ','}
	}
	return d
}

// columnFields classes headerless columns as patterns.Catalog would: a
// column of capitalised words is names (class 2).
type columnFields struct{ testFields }

func (columnFields) ClassesOf(cols [][][]byte) []int32 {
	out := make([]int32, len(cols))
	for i, vals := range cols {
		out[i] = 2
		for _, v := range vals {
			if len(v) == 0 || v[0] < 'A' || v[0] > 'Z' {
				out[i] = 0
			}
		}
	}
	return out
}

// mysqldump --tab: no header, no quotes, backslash escapes; an escaped tab
// or line end is data, \N is NULL and never a value.
func TestCSVMySQLTab(t *testing.T) {
	data := "1\tAnna\t12 Via Roma\n2\tBob\t8 avenue\\\tFoch\n3\t\\N\t221B Baker\\\nStreet\n4\tCyd\tx\n5\tDan\ty\n"
	b := []byte(data)
	d := Sniff("c.txt", b, nil)
	if d != (Dialect{Kind: CSV, Delim: '\t', Backslash: true}) {
		t.Fatalf("dialect %v", d)
	}
	var offs []int64
	for _, p := range []string{"Anna", "Foch", "\\N", "Street", "Dan"} {
		offs = append(offs, probe(t, b, p, 0))
	}
	var l Locator
	got, vals := feedAll(t, func() Locator { l = New(d, "c.txt", b, columnFields{}, nil); return l }, b, offs)
	if l.Damage() != nil {
		t.Fatal(l.Damage())
	}
	esc := Escaping{Quoting: CSVEscaped, Quote: '\t'}
	at := func(s string) int64 { return probe(t, b, s, 0) }
	want := []located{
		{offs[0], Loc{Row: 1, Field: "2", Class: 2, Start: at("Anna"), End: at("Anna") + 4, Esc: esc}, true},
		{offs[1], Loc{Row: 2, Field: "3", Start: at("8 av"), End: at("Foch") + 4, Esc: esc}, true},
		{offs[2], Loc{}, false},
		{offs[3], Loc{Row: 3, Field: "3", Start: at("221B"), End: at("Street") + 6, Esc: esc}, true},
		{offs[4], Loc{Row: 5, Field: "2", Class: 2, Start: at("Dan"), End: at("Dan") + 3, Esc: esc}, true},
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("probe %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	var names []string
	for _, v := range vals {
		if v.Esc != esc {
			t.Errorf("value %+v", v)
		}
		names = append(names, string(b[v.Start:v.End]))
	}
	if len(names) != 4 || names[0] != "Anna" || names[1] != "Bob" || names[2] != "Cyd" || names[3] != "Dan" {
		t.Errorf("values %q (\\N is none)", names)
	}
}

// A quoted field that runs to the end of the file stops the structure
// there; one longer than maxQuoted does so wherever the buffer's edges
// fall.
func TestCSVLongQuote(t *testing.T) {
	data := []byte("id,email\n1,a@example.com\n2,\"" + strings.Repeat("x", maxQuoted+10) + "\"\n3,c@example.com\n")
	l := New(Sniff("q.csv", data, nil), "q.csv", data, testFields{}, nil)
	var vals []Loc
	for base := 0; base < len(data); base += 64 << 10 {
		end := min(len(data), base+64<<10)
		l.Advance(data[base:end], int64(base), int64(end), end == len(data), &vals)
	}
	if d := l.Damage(); d == nil || d.Offset != int64(bytes.Index(data, []byte("2,\""))) || d.Skipped != 0 {
		t.Fatalf("damage %+v", d)
	}
}

// BenchmarkCSV drives the locator as the scanner does over an 8 MB export,
// in 1 MiB windows, with a probe every 40 bytes (about where the matches
// of a dense export fall).
func BenchmarkCSV(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("id,first_name,last_name,email,phone,notes,city\n")
	for i := 0; buf.Len() < 8<<20; i++ {
		buf.WriteString(strconv.Itoa(i) + ",Anna,Rossi,anna.rossi" + strconv.Itoa(i) + "@example.it,+44 20 7946 0958,\"said \"\"hi\"\", then left\",Milano\n")
	}
	data := buf.Bytes()
	d := Sniff("customers.csv", data, testFields{})
	benchLocator(b, data, 40, func() Locator { return New(d, "customers.csv", data, testFields{}, nil) })
}
