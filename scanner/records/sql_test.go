package records

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func sqlLoad(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "sql", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func sqlMk(data []byte) func() Locator {
	return func() Locator { return newSQL(Sniff("dump.sql", data, nil), testFields{}, nil) }
}

// sqlCase is a probe and what it should locate: the byte skip bytes into
// the n-th occurrence of at; when ok, the value is the occurrence of val
// that holds that byte.
type sqlCase struct {
	at     string
	n      int
	skip   int
	ok     bool
	row    int64
	field  string
	table  string
	class  int32
	val    string
	openTo bool // the value's end is past the file: End is -1
}

func sqlCheck(t *testing.T, data []byte, cases []sqlCase) {
	t.Helper()
	probes := make([]int64, len(cases))
	for i, c := range cases {
		probes[i] = probe(t, data, c.at, c.n) + int64(c.skip)
		if i > 0 && probes[i] < probes[i-1] {
			t.Fatalf("case %d (%q): probes out of order", i, c.at)
		}
	}
	got, _ := feedAll(t, sqlMk(data), data, probes)
	for i, c := range cases {
		g := got[i]
		if !c.ok {
			if g.OK {
				t.Errorf("%q+%d: located %+v, want nothing", c.at, c.skip, g.Loc)
			}
			continue
		}
		want := Loc{Row: c.row, Field: c.field, Table: c.table, Class: c.class}
		want.Start = sqlCovering(t, data, c.val, probes[i])
		want.End = want.Start + int64(len(c.val))
		if c.openTo {
			want.End = -1
		}
		got := g.Loc
		got.Esc = Escaping{} // TestSQLEscaping checks it
		if !g.OK || got != want {
			t.Errorf("%q+%d: %v %+v, want %+v", c.at, c.skip, g.OK, g.Loc, want)
		}
	}
}

// sqlCovering returns the start of the occurrence of val that holds off.
func sqlCovering(t *testing.T, data []byte, val string, off int64) int64 {
	t.Helper()
	for s := off; s >= 0 && s > off-int64(len(val)); s-- {
		if strings.HasPrefix(string(data[s:]), val) {
			return s
		}
	}
	t.Fatalf("no %q at %d", val, off)
	return 0
}

// sqlValText is a reported value as "table.field#row=text".
func sqlValText(data []byte, v Loc) string {
	return fmt.Sprintf("%s.%s#%d/%d=%s", v.Table, v.Field, v.Row, v.Class, data[v.Start:v.End])
}

func sqlCheckVals(t *testing.T, data []byte, vals []Loc, want []string) {
	t.Helper()
	var got []string
	for _, v := range vals {
		if v.Pointer != "" {
			t.Errorf("value %+v has a pointer", v)
		}
		got = append(got, sqlValText(data, v))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("values:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestSQLPostgres(t *testing.T) {
	data := sqlLoad(t, "pg.sql")
	const cu, pr = "customers", "products"
	sqlCheck(t, data, []sqlCase{
		{at: "restrict 9XkQ2"},
		{at: "search_path"},
		{at: "full_name text"},
		{at: "it''s; (tricky"},
		{at: "customers (id, full_name, email"},
		{at: "1\tAlice", ok: true, row: 1, field: "id", table: cu, val: "1\tAlice"[:1]},
		{at: "\tAlice"},
		{at: "Alice Martin", ok: true, row: 1, field: "full_name", table: cu, class: 2, val: "Alice Martin"},
		{at: "alice@", skip: 5, ok: true, row: 1, field: "email", table: cu, class: 1, val: "alice@example.com"},
		{at: `\tParis`, ok: true, row: 1, field: "address", table: cu, class: 3, val: `12 Rue de la Paix\tParis`},
		{at: "Paris", ok: true, row: 1, field: "address", table: cu, class: 3, val: `12 Rue de la Paix\tParis`},
		{at: "10.00", ok: true, row: 1, field: "balance", table: cu, val: "10.00"},
		{at: "Bob O'Neil", skip: 5, ok: true, row: 2, field: "full_name", table: cu, class: 2, val: "Bob O'Neil"},
		{at: `\N	C:`, ok: true, row: 2, field: "email", table: cu, class: 1, val: `\N`},
		{at: `Users`, ok: true, row: 2, field: "address", table: cu, class: 3, val: `C:\\Users\\bob`},
		{at: `\N	5.50`, skip: 1, ok: true, row: 3, field: "address", table: cu, class: 3, val: `\N`},
		{at: "\\.\n"},
		{at: "products (id, name"},
		{at: "Widget", ok: true, row: 1, field: "name", table: pr, val: "Widget"},
		{at: "19.99", ok: true, row: 2, field: "price", table: pr, val: "19.99"},
		{at: "INSERT INTO public.customers (id"},
		{at: "VALUES (4"},
		{at: "(4, 'Dan", skip: 1, ok: true, row: 4, field: "id", table: cu, val: "4"},
		{at: "'Dan O"},
		{at: "Dan O''Brien", ok: true, row: 4, field: "full_name", table: cu, class: 2, val: "Dan O''Brien, Jr. (III)"},
		{at: "''Brien", skip: 1, ok: true, row: 4, field: "full_name", table: cu, class: 2, val: "Dan O''Brien, Jr. (III)"},
		{at: "(III)", ok: true, row: 4, field: "full_name", table: cu, class: 2, val: "Dan O''Brien, Jr. (III)"},
		{at: "(III)'", skip: 5},
		{at: "1 Main St", ok: true, row: 4, field: "address", table: cu, class: 3, val: "1 Main St"},
		{at: "Eve Adams", ok: true, row: 5, field: "full_name", table: cu, class: 2, val: "Eve Adams"},
		{at: "NULL, E'5", ok: true, row: 5, field: "email", table: cu, class: 1, val: "NULL"},
		{at: "E'5 Elm"},
		{at: "'5 Elm"},
		{at: `Apt 2`, ok: true, row: 5, field: "address", table: cu, class: 3, val: `5 Elm St\nApt 2`},
		{at: "2.50", ok: true, row: 5, field: "balance", table: cu, val: "2.50"},
		{at: "), (6"},
		{at: " (6"},
		{at: "Frank Li", ok: true, row: 6, field: "full_name", table: cu, class: 2, val: "Frank Li"},
		{at: "upper(concat", ok: true, row: 6, field: "address", table: cu, class: 3, val: "upper(concat('7 Oak', ', ', 'Ave'))"},
		{at: "', 'Ave", skip: 1, ok: true, row: 6, field: "address", table: cu, class: 3, val: "upper(concat('7 Oak', ', ', 'Ave'))"},
		{at: "Ave'))", skip: 5, ok: true, row: 6, field: "address", table: cu, class: 3, val: "upper(concat('7 Oak', ', ', 'Ave'))"},
		{at: "3.25", ok: true, row: 6, field: "balance", table: cu, val: "3.25"},
		{at: "::numeric"},
		{at: "Gizmo", ok: true, row: 3, field: "name", table: pr, val: "Gizmo"},
		{at: "2020-01-01", ok: true, row: 1, field: "placed", table: "orders", val: "2020-01-01"},
		{at: "::date"},
		{at: "(one)", ok: true, row: 1, field: "note", table: "orders", val: "first, (one)"},
		{at: "-- done"},
		{at: "unrestrict"},
	})
	_, vals := feedAll(t, sqlMk(data), data, nil)
	sqlCheckVals(t, data, vals, []string{
		"customers.full_name#1/2=Alice Martin",
		`customers.address#1/3=12 Rue de la Paix\tParis`,
		"customers.full_name#2/2=Bob O'Neil",
		`customers.address#2/3=C:\\Users\\bob`,
		"customers.full_name#3/2=Carol King",
		"customers.full_name#4/2=Dan O''Brien, Jr. (III)",
		"customers.address#4/3=1 Main St",
		"customers.full_name#5/2=Eve Adams",
		`customers.address#5/3=5 Elm St\nApt 2`,
		"customers.full_name#6/2=Frank Li",
		"customers.address#6/3=upper(concat('7 Oak', ', ', 'Ave'))",
	})
	if d := newSQL(Sniff("dump.sql", data, nil), testFields{}, nil); d.Damage() != nil {
		t.Fatal("damage before any byte")
	}
	l := newSQL(Sniff("dump.sql", data, nil), testFields{}, nil)
	feed(t, l, data, nil, len(data)+1, 0)
	if l.Damage() != nil {
		t.Errorf("damage: %v", l.Damage())
	}
}

func TestSQLMySQL(t *testing.T) {
	data := sqlLoad(t, "mysql.sql")
	const us, pr = "users", "products"
	sqlCheck(t, data, []sqlCase{
		{at: "MySQL dump"},
		{at: "SET NAMES"},
		{at: "given name, (first)"},
		{at: "n/a"},
		{at: "`users` DISABLE"},
		{at: "`users` VALUES"},
		{at: "(1,'Jean", skip: 1, ok: true, row: 1, field: "id", table: us, val: "1"},
		{at: "Jean-Luc", ok: true, row: 1, field: "first_name", table: us, class: 2, val: "Jean-Luc"},
		{at: `O\'Hara`, skip: 2, ok: true, row: 1, field: "last_name", table: us, class: 2, val: `O\'Hara`},
		{at: `\'Hara`, skip: 1, ok: true, row: 1, field: "last_name", table: us, class: 2, val: `O\'Hara`},
		{at: `Hara'`, skip: 4},
		{at: "Downing", ok: true, row: 1, field: "street", table: us, class: 3, val: "10 Downing St, London"},
		{at: "_binary 'abc"},
		{at: "binary 'abc"},
		{at: " 'abc"},
		{at: `abc\0`, skip: 4, ok: true, row: 1, field: "avatar", table: us, val: `abc\0\'(x`},
		{at: `(x'`, ok: true, row: 1, field: "avatar", table: us, val: `abc\0\'(x`},
		{at: "1.50", ok: true, row: 1, field: "score", table: us, val: "1.50"},
		{at: "),(2"},
		{at: "Zoë", ok: true, row: 2, field: "first_name", table: us, class: 2, val: "Zoë"},
		{at: `D\\Souza`, skip: 1, ok: true, row: 2, field: "last_name", table: us, class: 2, val: `D\\Souza`},
		{at: `\"here`, ok: true, row: 2, field: "street", table: us, class: 3, val: `it''s \"here\"`},
		{at: "0x8950", ok: true, row: 2, field: "avatar", table: us, val: "0x89504E47"},
		{at: "NULL),(3", ok: true, row: 2, field: "score", table: us, val: "NULL"},
		{at: "Ann", ok: true, row: 3, field: "first_name", table: us, class: 2, val: "Ann"},
		{at: "NULL,_binary", ok: true, row: 3, field: "street", table: us, class: 3, val: "NULL,_binary"[:4]},
		{at: "_binary ''", skip: 8},
		{at: "_binary ''", skip: 9},
		{at: "-2.00", ok: true, row: 3, field: "score", table: us, val: "-2.00"},
		{at: "UNLOCK"},
		{at: "Laptop", ok: true, row: 1, field: "name", table: pr, val: "Laptop"},
		{at: "Phone; (new)", skip: 5, ok: true, row: 2, field: "name", table: pr, val: "Phone; (new)"},
		{at: "Tablet", ok: true, row: 3, field: "name", table: pr, val: "Tablet"},
		{at: "ON DUPLICATE"},
		{at: "VALUES(`name`)", skip: 8},
		{at: "Dump completed"},
	})
	_, vals := feedAll(t, sqlMk(data), data, nil)
	sqlCheckVals(t, data, vals, []string{
		"users.first_name#1/2=Jean-Luc",
		`users.last_name#1/2=O\'Hara`,
		"users.street#1/3=10 Downing St, London",
		"users.first_name#2/2=Zoë",
		`users.last_name#2/2=D\\Souza`,
		`users.street#2/3=it''s \"here\"`,
		"users.first_name#3/2=Ann",
		"users.last_name#3/2=Lee",
	})
}

// TestSQLColumns covers rows whose columns are not named anywhere, and
// the row count of a table across COPY and INSERT.
func TestSQLColumns(t *testing.T) {
	data := []byte("INSERT INTO t VALUES (1, 'Alice');\n" +
		"COPY t FROM stdin;\n2\tBob\n\\.\n" +
		"INSERT INTO \"Weird \"\"T\"\"\" (\"full_name\") VALUES ('Carol');\n" +
		"insert into s.t values (3,'Dan'),\n  (4, -- comment\n 'Eve' /* c */);\n")
	sqlCheck(t, data, []sqlCase{
		{at: "Alice", ok: true, row: 1, field: "2", table: "t", val: "Alice"},
		{at: "Bob", ok: true, row: 2, field: "2", table: "t", val: "Bob"},
		{at: "Carol", ok: true, row: 1, field: "full_name", table: `Weird "T"`, class: 2, val: "Carol"},
		{at: "Dan", ok: true, row: 3, field: "2", table: "t", val: "Dan"},
		{at: "(4", skip: 1, ok: true, row: 4, field: "1", table: "t", val: "4"},
		{at: "comment"},
		{at: "Eve", ok: true, row: 4, field: "2", table: "t", val: "Eve"},
		{at: "/* c"},
	})
	_, vals := feedAll(t, sqlMk(data), data, nil)
	sqlCheckVals(t, data, vals, []string{`Weird "T".full_name#1/2=Carol`})
}

// TestSQLSettle checks that Advance(to) reports each value that ends
// before to as soon as the bytes after it (in hay) show its end, since the
// scanner may drop the bytes before to.
func TestSQLSettle(t *testing.T) {
	for _, name := range []string{"pg.sql", "mysql.sql"} {
		data := sqlLoad(t, name)
		_, all := feedAll(t, sqlMk(data), data, nil)
		for to := int64(0); to <= int64(len(data)); to++ {
			l := newSQL(Sniff("dump.sql", data, nil), testFields{}, nil)
			var vals []Loc
			l.Advance(data, 0, to, false, &vals)
			n := 0
			for n < len(all) && all[n].End <= to {
				n++
			}
			if len(vals) < n {
				t.Fatalf("%s: Advance(%d) reported %d values; %d end before", name, to, len(vals), n)
			}
			for i := range vals {
				if vals[i] != all[i] {
					t.Fatalf("%s: Advance(%d): value %d %+v, want %+v", name, to, i, vals[i], all[i])
				}
			}
		}
	}
}

// TestSQLEveryByte probes every byte of the fixtures and of long values
// that span many windows: all window sizes must agree, and a byte is in a
// value exactly when it lies between the value's Start and End.
func TestSQLEveryByte(t *testing.T) {
	long := strings.Repeat("x", 300)
	inputs := map[string][]byte{
		"pg.sql":    sqlLoad(t, "pg.sql"),
		"mysql.sql": sqlLoad(t, "mysql.sql"),
		"long pg": []byte("CREATE TABLE t (id int, full_name text);\nCOPY t (id, full_name) FROM stdin;\n1\t" + long + `\t\\` + long + "\n\\.\n" +
			"INSERT INTO t VALUES (2, '" + long + "''" + long + "'), (3, f('" + long + "',\n  " + long + "  ) );\n"),
		"long mysql": []byte("-- MySQL dump\nINSERT INTO `t` (`id`, `full_name`) VALUES (1,'" + long + `\'\\` + long + "'),(2,_binary '" + long + "');\n"),
	}
	for name, data := range inputs {
		probes := make([]int64, len(data))
		for i := range probes {
			probes[i] = int64(i)
		}
		got, vals := feedAll(t, sqlMk(data), data, probes)
		for _, g := range got {
			if g.OK && (g.Loc.Start > g.Off || g.Loc.End >= 0 && g.Off >= g.Loc.End) {
				t.Errorf("%s: offset %d outside its value %+v", name, g.Off, g.Loc)
			}
		}
		// Each reported value's bytes are all located in it.
		for _, v := range vals {
			for off := v.Start; off < v.End; off++ {
				if g := got[off]; !g.OK || g.Loc != v {
					t.Errorf("%s: offset %d: %+v, in value %+v", name, off, g, v)
					break
				}
			}
		}
		if want := map[string]int{"long pg": 3, "long mysql": 2}[name]; want != 0 && len(vals) != want {
			t.Errorf("%s: %d values, want %d", name, len(vals), want)
		}
	}
}

func sqlDamaged(t *testing.T, data []byte) *Damage {
	t.Helper()
	l := newSQL(Sniff("dump.sql", data, nil), testFields{}, nil)
	feed(t, l, data, nil, len(data)+1, 0)
	d := l.Damage()
	if d == nil {
		t.Fatalf("no damage in %q", data)
	}
	if d.Kind != SQL || d.Reason == "" || strings.ContainsAny(d.Reason, "'\"\t") {
		t.Errorf("damage %+v", d)
	}
	return d
}

func TestSQLDamage(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		at         string // damage at the first byte of at (n-th occurrence)
		n          int
		cases      []sqlCase
	}{
		{
			name: "copy cut in a row",
			data: "COPY t (id, full_name) FROM stdin;\n1\tAlice\n2\tBo",
			at:   "2\tBo",
			cases: []sqlCase{
				{at: "Alice", ok: true, row: 1, field: "full_name", table: "t", class: 2, val: "Alice"},
				{at: "Bo"},
			},
		},
		{
			name: "copy cut between rows",
			data: "COPY t (id, full_name) FROM stdin;\n1\tAlice\n",
			at:   "\x00",
			cases: []sqlCase{
				{at: "Alice", ok: true, row: 1, field: "full_name", table: "t", class: 2, val: "Alice"},
			},
		},
		{
			name: "ragged copy row, short",
			data: "COPY t (id, full_name) FROM stdin;\n1\tAlice\n2\n3\tCarol\n\\.\nINSERT INTO t VALUES (4, 'Dan');\n",
			at:   "\n3\t",
			cases: []sqlCase{
				{at: "Alice", ok: true, row: 1, field: "full_name", table: "t", class: 2, val: "Alice"},
				{at: "2\n", ok: true, row: 2, field: "id", table: "t", val: "2"},
				{at: "Carol"},
				{at: "Dan"},
			},
		},
		{
			name: "ragged copy row, long",
			data: "COPY t (id, full_name) FROM stdin;\n1\tAlice\n2\tBob\tx\n3\tCarol\n\\.\n",
			at:   "\tx",
			cases: []sqlCase{
				{at: "Alice", ok: true, row: 1, field: "full_name", table: "t", class: 2, val: "Alice"},
				{at: "Bob", ok: true, row: 2, field: "full_name", table: "t", class: 2, val: "Bob"},
				{at: "x\n"},
				{at: "Carol"},
			},
		},
		{
			name: "unterminated string",
			data: "INSERT INTO t (id, full_name) VALUES (1, 'Alice'), (2, 'Bob",
			at:   "'Bob",
			cases: []sqlCase{
				{at: "Alice", ok: true, row: 1, field: "full_name", table: "t", class: 2, val: "Alice"},
				{at: "2,", ok: true, row: 2, field: "id", table: "t", val: "2"},
				{at: "Bob"},
			},
		},
		{
			name: "too many fields",
			data: "INSERT INTO t (id, full_name) VALUES (1, 'Alice'), (2, 'Bob', 3), (4, 'Carol');\nINSERT INTO t VALUES (5, 'Dan');\n",
			at:   ", 3)",
			cases: []sqlCase{
				{at: "Alice", ok: true, row: 1, field: "full_name", table: "t", class: 2, val: "Alice"},
				{at: "Bob", ok: true, row: 2, field: "full_name", table: "t", class: 2, val: "Bob"},
				{at: "3)"},
				{at: "Carol"},
				{at: "Dan"},
			},
		},
		{
			name: "too many fields for create table",
			data: "CREATE TABLE t (id int, name text, PRIMARY KEY (id));\nINSERT INTO t VALUES (1, 'Alice'), (2, 'Bob', 'x');\n",
			at:   ", 'x'",
			cases: []sqlCase{
				{at: "Alice", ok: true, row: 1, field: "name", table: "t", class: 2, val: "Alice"},
				{at: "x'"},
			},
		},
		{
			name: "garbage between tuples",
			data: "INSERT INTO t VALUES (1, 'Alice') (2, 'Bob');\n",
			at:   "(2",
			cases: []sqlCase{
				{at: "Alice", ok: true, row: 1, field: "2", table: "t", val: "Alice"},
				{at: "Bob"},
			},
		},
		{
			name: "no tuple after values",
			data: "INSERT INTO t VALUES (1, 'Alice'), 7;\n",
			at:   "7;",
		},
		{
			name: "statement cut in a tuple",
			data: "INSERT INTO t VALUES (1, 'Alice'), (2, 'Bob', 3",
			at:   "\x00",
			cases: []sqlCase{
				{at: "Alice", ok: true, row: 1, field: "2", table: "t", val: "Alice"},
				{at: "Bob", ok: true, row: 2, field: "2", table: "t", val: "Bob"},
				{at: "3", ok: true, row: 2, field: "3", table: "t", val: "3", openTo: true},
			},
		},
		{
			name: "semicolon in a tuple",
			data: "INSERT INTO t VALUES (1, 'Alice'), (2; INSERT INTO t VALUES (3, 'Carol');\n",
			at:   "; INSERT",
			cases: []sqlCase{
				{at: "Carol"},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := []byte(tc.data)
			d := sqlDamaged(t, data)
			want := int64(len(data))
			if tc.at != "\x00" {
				want = probe(t, data, tc.at, tc.n)
			}
			if d.Offset != want {
				t.Errorf("damage %+v, want offset %d", d, want)
			}
			sqlCheck(t, data, tc.cases)
			// Windows agree on the damage too.
			for _, w := range []int{16, 64} {
				l := newSQL(Sniff("dump.sql", data, nil), testFields{}, nil)
				feed(t, l, data, nil, w, 8)
				if g := l.Damage(); g == nil || *g != *d {
					t.Errorf("window %d: damage %+v, whole file %+v", w, g, d)
				}
			}
		})
	}
}

func TestLooksSQL(t *testing.T) {
	for _, tc := range []struct {
		body string
		want bool
	}{
		{string(sqlLoad(t, "pg.sql")), true},
		{string(sqlLoad(t, "mysql.sql")), true},
		{"PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE t(a);\nINSERT INTO t VALUES(1);\nCOMMIT;\n", true},
		{"-- data\nSET x = 1; SET y = 'a;b';\ninsert into t (a) values (1);\n", true},
		{"/* header */\nCOPY public.t (a, b) FROM stdin;\n1\t2\n\\.\n", true},
		{"CREATE TABLE IF NOT EXISTS `t` (`a` int);", true},
		{"CREATE SCHEMA s;\nCREATE SEQUENCE s.q;\nCREATE TABLE s.t AS SELECT 1;", true},
		{"Notes\nTo add rows, INSERT INTO the table:\nINSERT INTO t VALUES (1);\n", false},
		{"Insert into the box the red key.\n", false},
		{"Create table of contents (TOC) first.\n", false},
		{"Copy the file; then paste.\n", false},
		{"---\ntitle: x\n---\nINSERT INTO t VALUES (1);\n", false},
		{"name,email\nAnn,a@b.c\n", false},
		{"SET x = 1;\nSELECT 1;\n", false},
		{"", false},
	} {
		if got := looksSQL([]byte(tc.body)); got != tc.want {
			t.Errorf("looksSQL(%.40q) = %v, want %v", tc.body, got, tc.want)
		}
	}
	if k := Sniff("dump.sql", sqlLoad(t, "pg.sql"), nil).Kind; k != SQL {
		t.Errorf("Sniff(pg.sql, nil).Kind = %v", k)
	}
}

// TestSQLAllocs checks that rows cost no allocation: a dump with ten times
// the rows allocates as much.
func TestSQLAllocs(t *testing.T) {
	count := func(rows int) float64 {
		data := sqlGenPG(rows)
		vals := make([]Loc, 0, 4*rows+16)
		return testing.AllocsPerRun(3, func() {
			l := newSQL(Sniff("dump.sql", data, nil), testFields{}, nil)
			vals = vals[:0]
			for off := int64(0); off < int64(len(data)); off += 97 {
				l.At(data, 0, off, true, &vals)
			}
			l.Advance(data, 0, int64(len(data)), true, &vals)
		})
	}
	small, large := count(50), count(500)
	if large > small {
		t.Errorf("%v allocations for 500 rows, %v for 50", large, small)
	}
	count = func(rows int) float64 {
		data := sqlGenMySQL(rows)
		vals := make([]Loc, 0, 4*rows+16)
		return testing.AllocsPerRun(3, func() {
			l := newSQL(Sniff("dump.sql", data, nil), testFields{}, nil)
			vals = vals[:0]
			for off := int64(0); off < int64(len(data)); off += 97 {
				l.At(data, 0, off, true, &vals)
			}
			l.Advance(data, 0, int64(len(data)), true, &vals)
		})
	}
	small, large = count(50), count(500)
	if large > small {
		t.Errorf("mysql: %v allocations for 500 rows, %v for 50", large, small)
	}
}

var (
	sqlFirst = []string{"Alice", "Bob", "Chloé", "Dmitri", "Eve", "Fatima", "Günter", "Hana"}
	sqlLast  = []string{"Martin", "O'Neil", "Smith", "Müller", "Nguyen", "García", "Kowalski"}
)

// sqlGenPG is a pg_dump of n customers (COPY) and n orders (INSERT).
func sqlGenPG(n int) []byte {
	var b strings.Builder
	b.WriteString("--\n-- PostgreSQL database dump\n--\n\nSET standard_conforming_strings = on;\n\n")
	b.WriteString("CREATE TABLE public.customers (\n    id integer NOT NULL,\n    first_name text,\n    last_name text,\n    email text,\n    address text,\n    phone text,\n    created timestamp with time zone\n);\n\n")
	b.WriteString("COPY public.customers (id, first_name, last_name, email, address, phone, created) FROM stdin;\n")
	for i := range n {
		f, l := sqlFirst[i%len(sqlFirst)], sqlLast[i%len(sqlLast)]
		phone := `\N`
		if i%3 != 0 {
			phone = fmt.Sprintf("+1 555 %07d", i)
		}
		fmt.Fprintf(&b, "%d\t%s\t%s\t%s.%s%d@example.com\t%d Main St\\nApt %d\t%s\t2021-03-%02d 10:%02d:00+00\n",
			i+1, f, l, strings.ToLower(f[:1]), strings.ToLower(l[:2]), i, i%900+1, i%40, phone, i%28+1, i%60)
	}
	b.WriteString("\\.\n\n")
	for i := range n {
		fmt.Fprintf(&b, "INSERT INTO public.orders (id, customer, full_name, note, total, placed) VALUES (%d, %d, '%s %s', 'gift, wrap it''s fine', %d.%02d, '2022-01-%02d'::date);\n",
			i+1, i%n+1, sqlFirst[i%len(sqlFirst)], strings.ReplaceAll(sqlLast[i%len(sqlLast)], "'", "''"), i%500, i%100, i%28+1)
	}
	return []byte(b.String())
}

// sqlGenMySQL is a mysqldump of n users, in extended INSERTs of 200 rows.
func sqlGenMySQL(n int) []byte {
	var b strings.Builder
	b.WriteString("-- MySQL dump 10.13\n/*!40101 SET NAMES utf8mb4 */;\n\nDROP TABLE IF EXISTS `users`;\n")
	b.WriteString("CREATE TABLE `users` (\n  `id` int NOT NULL AUTO_INCREMENT,\n  `first_name` varchar(64) DEFAULT NULL,\n  `last_name` varchar(64) DEFAULT NULL,\n  `email` varchar(255) DEFAULT NULL,\n  `street` varchar(255) DEFAULT NULL,\n  `bio` text,\n  `score` decimal(5,2) DEFAULT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n\n")
	b.WriteString("LOCK TABLES `users` WRITE;\n")
	for i := range n {
		if i%200 == 0 {
			if i > 0 {
				b.WriteString(";\n")
			}
			b.WriteString("INSERT INTO `users` VALUES ")
		} else {
			b.WriteByte(',')
		}
		f, l := sqlFirst[i%len(sqlFirst)], strings.ReplaceAll(sqlLast[i%len(sqlLast)], "'", `\'`)
		bio := "NULL"
		if i%2 == 0 {
			bio = fmt.Sprintf(`'Likes \"tea\"\nand long walks, number %d (really)'`, i)
		}
		fmt.Fprintf(&b, "(%d,'%s','%s','%s%d@example.org','%d Rue de Rivoli, Paris',%s,%d.%02d)", i+1, f, l, strings.ToLower(f[:1]), i, i%200+1, bio, i%100, i%100)
	}
	b.WriteString(";\nUNLOCK TABLES;\n")
	return []byte(b.String())
}

func FuzzSQL(f *testing.F) {
	for _, name := range []string{"pg.sql", "mysql.sql"} {
		f.Add(sqlLoad(f, name))
	}
	for _, s := range []string{
		"COPY t (a, b) FROM stdin;\n1\tx\\\n\n\\.\n",
		"INSERT INTO t VALUES (1, E'a\\'b', 'c''d', $$x$$, -1, - 2, (3), f((4),5))",
		"CREATE TABLE t (a int, \"b\" text, `c` text, CHECK (a > 0));\nINSERT INTO t VALUES (1,'x','y'),(2,'z',",
		"CREATE FUNCTION f() AS $a$ ' $a$; COPY t FROM stdin WITH CSV;\n\"a\n\\.\"\n\\.\nINSERT INTO t VALUES (_utf8mb4'x', N'y', X'00')",
		"/* x */ -- y\nINSERT INTO t (a) VALUES ('a'\r\n);",
		// Found by fuzzing.
		"INSERT A0000000000000000 VALUE(0000('00000'00'00'00'000''''''''';0",
		"CREATE TABLE customers (A0,nAme 00000); INSERT customers VALUE(,''''",
		"INSERT $A00 A000000000000000 VALUE(''",
		"INSERT`` VALUE(0",
		strings.Repeat("0", 105) + ";COPY A0000000000(A0,A00000000,A0000,A000000,A000000)FROM stdin " +
			strings.Repeat("0", 69) + ";000000000000\n\\.\nINSERT A00000000()VALUE(0",
		"000000000000000`00000`0000000000000000; INSERT $A000`00000` VALUE  (0000000000000000'00000'00000;0000000000000000",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 4096 {
			return
		}
		var probes []int64
		for off := int64(0); off < int64(len(data)); off += 3 {
			probes = append(probes, off)
		}
		got, vals := feedAll(t, sqlMk(data), data, probes)
		for _, g := range got {
			if g.OK && (g.Loc.Start > g.Off || g.Loc.End >= 0 && g.Loc.End <= g.Off || g.Loc.Table == "" || g.Loc.Field == "") {
				t.Fatalf("offset %d: %+v", g.Off, g.Loc)
			}
		}
		for i, v := range vals {
			if v.Start >= v.End || v.End > int64(len(data)) || i > 0 && v.Start < vals[i-1].End {
				t.Fatalf("value %+v", v)
			}
		}
	})
}

// BenchmarkSQL drives the locator as the scanner does, over 4 MB dumps in
// 1 MiB windows, with a probe every 200 bytes.
func BenchmarkSQL(b *testing.B) {
	for _, d := range []struct {
		name string
		data []byte
	}{
		{"pg_dump", sqlGenPG(16000)},
		{"mysqldump", sqlGenMySQL(37000)},
	} {
		b.Run(d.name, func(b *testing.B) {
			data := d.data
			benchLocator(b, data, 200, func() Locator { return newSQL(Sniff("dump.sql", data, nil), testFields{}, nil) })
		})
	}
}
