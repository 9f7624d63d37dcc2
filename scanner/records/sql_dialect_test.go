package records

import "testing"

// TestSQLCommentsPerDialect: comments follow the dump's dialect. A MySQL
// "# it's" comment, or a PostgreSQL comment nested in another, once made
// the locator read a string from the apostrophe on and mark the dump
// damaged: every value after it lost its table, row and field.
func TestSQLCommentsPerDialect(t *testing.T) {
	for _, tc := range []struct {
		name, dump string
		cases      []sqlCase
	}{
		{name: "mysql hash comment",
			dump: "-- MySQL dump 10.13\n# it's a comment, with a quote\n" +
				"INSERT INTO `people` (`id`, `full_name`) VALUES (1,'Anna Rossi'); # and one more it's\n" +
				"INSERT INTO `people` (`id`, `full_name`) VALUES (2,'Bruno Neri');\n",
			cases: []sqlCase{
				{at: "it's", ok: false},
				{at: "Anna", ok: true, row: 1, field: "full_name", table: "people", class: 2, val: "Anna Rossi"},
				{at: "Bruno", ok: true, row: 2, field: "full_name", table: "people", class: 2, val: "Bruno Neri"},
			}},
		{name: "mysql minus minus needs a blank",
			dump: "-- MySQL dump 10.13\nINSERT INTO `people` (`id`, `full_name`) VALUES (5--3,'Anna Rossi'),(2,'Bruno Neri');\n",
			cases: []sqlCase{
				{at: "5--3", ok: true, row: 1, field: "id", table: "people", val: "5--3"},
				{at: "Anna", ok: true, row: 1, field: "full_name", table: "people", class: 2, val: "Anna Rossi"},
				{at: "Bruno", ok: true, row: 2, field: "full_name", table: "people", class: 2, val: "Bruno Neri"},
			}},
		{name: "mysql comments do not nest",
			dump: "-- MySQL dump 10.13\n/* a /* b */ INSERT INTO `people` (`id`, `full_name`) VALUES (1,'Anna Rossi');\n",
			cases: []sqlCase{
				{at: "Anna", ok: true, row: 1, field: "full_name", table: "people", class: 2, val: "Anna Rossi"},
			}},
		{name: "postgresql nested comment",
			dump: "--\n-- PostgreSQL database dump\n--\nSET client_encoding = 'UTF8';\n/* outer /* inner */ it's still a comment */\n" +
				"INSERT INTO public.people (id, full_name) VALUES (1, 'Anna Rossi');\n" +
				"COPY public.people (id, full_name) FROM stdin;\n2\tBruno Neri\n\\.\n",
			cases: []sqlCase{
				{at: "it's", ok: false},
				{at: "Anna", ok: true, row: 1, field: "full_name", table: "people", class: 2, val: "Anna Rossi"},
				{at: "Bruno", ok: true, row: 2, field: "full_name", table: "people", class: 2, val: "Bruno Neri"},
			}},
		{name: "postgresql hash is no comment",
			dump: "--\n-- PostgreSQL database dump\n--\nINSERT INTO public.people (id, full_name) VALUES (1 # 2, 'Anna Rossi');\n",
			cases: []sqlCase{
				{at: "1 # 2", ok: true, row: 1, field: "id", table: "people", val: "1 # 2"},
				{at: "Anna", ok: true, row: 1, field: "full_name", table: "people", class: 2, val: "Anna Rossi"},
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := []byte(tc.dump)
			if d := Sniff("dump.sql", data, nil); d.Kind != SQL {
				t.Fatalf("sniffed %v", d)
			}
			l := newSQL(Sniff("dump.sql", data, nil), testFields{}, nil)
			var vals []Loc
			if l.Advance(data, 0, int64(len(data)), true, &vals); l.Damage() != nil {
				t.Fatalf("damage: %v", l.Damage())
			}
			sqlCheck(t, data, tc.cases)
		})
	}
}

// TestSQLEscaping: every value says how it is escaped, and reads as the
// database holds it.
func TestSQLEscaping(t *testing.T) {
	pg := "--\n-- PostgreSQL database dump\n--\n" +
		"INSERT INTO public.t (id, full_name, name, street) VALUES (1, 'O''Connor', E'O\\'Connor\\n', X'4f');\n" +
		"COPY public.t (id, full_name, name, street) FROM stdin;\n2\tO'Connor\tline\\tone\\\\two\t\\117\\x27C\n\\.\n"
	my := "-- MySQL dump 10.13\n" +
		"INSERT INTO `t` (`id`, `full_name`, `name`, `street`) VALUES (1,'O\\'Connor',\"say \\\"hi\\\"\",_binary 'a\\\\b\\012\\%'),(-2.5,'O''Connor',NULL,x'4f');\n"
	sq := func(q byte, bs bool) Escaping { return Escaping{Quoting: SQLString, Quote: q, Backslash: bs} }
	mq := func(q byte) Escaping { return Escaping{Quoting: SQLString, Quote: q, Backslash: true, MySQL: true} }
	for _, tc := range []struct {
		name, dump string
		want       []Escaping // of each value, in order
		text       []string   // what each reads as
	}{
		{"postgresql", pg,
			[]Escaping{{Quoting: SQLBare}, sq('\'', false), sq('\'', true), {Quoting: Unfit, Quote: '\''},
				{Quoting: CopyField}, {Quoting: CopyField}, {Quoting: CopyField}, {Quoting: CopyField}},
			[]string{"1", "O'Connor", "O'Connor\n", "4f", "2", "O'Connor", "line\tone\\two", "O'C"}},
		{"mysql", my,
			[]Escaping{{Quoting: SQLBare, Backslash: true}, mq('\''), mq('"'), mq('\''),
				{Quoting: SQLBare, Backslash: true}, mq('\''), {Quoting: SQLBare, Backslash: true}, {Quoting: Unfit, Quote: '\'', Backslash: true, MySQL: true}},
			[]string{"1", "O'Connor", `say "hi"`, "a\\b\x0012\\%", "-2.5", "O'Connor", "NULL", "4f"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := []byte(tc.dump)
			var got []Value
			l := New(Sniff("dump.sql", data, nil), "dump.sql", data, testFields{}, sinkFunc(func(v *Value) {
				if v.Quoting != SQLLineComment && v.Quote != '`' {
					got = append(got, *v)
				}
			}))
			var vals []Loc
			l.Advance(data, 0, int64(len(data)), true, &vals)
			if l.Damage() != nil {
				t.Fatalf("damage: %v", l.Damage())
			}
			if len(got) != len(tc.want) {
				for _, v := range got {
					t.Logf("%+v %q", v.Escaping, data[v.Start:v.End])
				}
				t.Fatalf("%d values, want %d", len(got), len(tc.want))
			}
			for i, v := range got {
				if v.Escaping != tc.want[i] {
					t.Errorf("value %d %q: %+v, want %+v", i, data[v.Start:v.End], v.Escaping, tc.want[i])
				}
				if s := string(v.Unescape(nil, data[v.Start:v.End])); s != tc.text[i] {
					t.Errorf("value %d %q reads %q, want %q", i, data[v.Start:v.End], s, tc.text[i])
				}
			}
			// The scanner reads each value the same way.
			var probes []int64
			for _, v := range got {
				if v.End > v.Start {
					probes = append(probes, v.Start)
				}
			}
			locs, _ := feedAll(t, sqlMk(data), data, probes)
			for i, x := range locs {
				v := got[i]
				if !x.OK || x.Loc.Start != v.Start || x.Loc.End != v.End || x.Loc.Esc != v.Escaping {
					t.Errorf("at %d: %v %+v, sink %+v", x.Off, x.OK, x.Loc, v)
				}
			}
		})
	}
}

// sinkFunc takes the values of a sink and drops the rest.
type sinkFunc func(v *Value)

func (f sinkFunc) Value(v *Value)                  { f(v) }
func (sinkFunc) Record(start, end int64, _ string) {}
func (sinkFunc) Tuple(start, end int64)            {}
func (sinkFunc) Statement(start, end int64)        {}

// TestSQLBOM: a BOM before a dump's first statement is no part of it.
func TestSQLBOM(t *testing.T) {
	data := []byte("\xEF\xBB\xBFINSERT INTO people (id, full_name) VALUES (1, 'Anna Rossi');\n")
	sqlCheck(t, data, []sqlCase{
		{at: "Anna", ok: true, row: 1, field: "full_name", table: "people", class: 2, val: "Anna Rossi"},
	})
	var got []Value
	l := New(Sniff("dump.sql", data, nil), "dump.sql", data, testFields{}, sinkFunc(func(v *Value) { got = append(got, *v) }))
	var vals []Loc
	l.Advance(data[:2], 0, 2, false, &vals)
	l.Advance(data[2:], 2, int64(len(data)), false, &vals)
	l.Advance(nil, int64(len(data)), int64(len(data)), true, &vals)
	if len(got) != 2 || string(data[got[1].Start:got[1].End]) != "Anna Rossi" {
		t.Errorf("values %+v", got)
	}
}
