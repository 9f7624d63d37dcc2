package records

import "testing"

// TestUnescape: each format's escaping reads as the database or the
// application holds the value.
func TestUnescape(t *testing.T) {
	mysql := Escaping{Quoting: SQLString, Quote: '\'', Backslash: true, MySQL: true}
	pg := Escaping{Quoting: SQLString, Quote: '\''}
	for _, c := range []struct {
		e        Escaping
		raw, out string
	}{
		{Escaping{Quoting: CSVQuoted}, `O""Connor`, `O"Connor`},
		{Escaping{Quoting: CSVQuoted}, `O'Connor`, `O'Connor`},
		{Escaping{Quoting: CSVBare}, `a\nb`, `a\nb`},
		{pg, `O''Connor`, `O'Connor`},
		{pg, `C:\dir`, `C:\dir`}, // standard strings: a backslash is a backslash
		{mysql, `O\'Connor`, `O'Connor`},
		{mysql, `O''Connor`, `O'Connor`},
		{mysql, `a\\b\"c\0d\Ze\n`, "a\\b\"c\x00d\x1ae\n"},
		{mysql, `{\"street\":\"12 O\'Connor St\"}`, `{"street":"12 O'Connor St"}`},
		{Escaping{Quoting: SQLString, Quote: '\'', Backslash: true}, `\101\x42\u`, "ABu"}, // E'' strings
		{Escaping{Quoting: CopyField}, `a\tb\\c\nd\101`, "a\tb\\c\ndA"},
		{Escaping{Quoting: CSVEscaped}, "a\\\tb\\\nc\\\\", "a\tb\nc\\"},
		{Escaping{Quoting: JSONString}, `O\u0027Connor \"Z\" \u00e9 \ud83d\ude00 \/`, "O'Connor \"Z\" é 😀 /"},
		{Escaping{Quoting: JSONString}, `\ud83d alone`, "\uFFFD alone"},
		{Escaping{Quoting: JSONString}, `\u12`, `\u12`},
		{Escaping{Quoting: SQLDollar}, `it''s`, `it''s`},
	} {
		if got := string(c.e.Unescape(nil, []byte(c.raw))); got != c.out {
			t.Errorf("%+v %q: %q, want %q", c.e, c.raw, got, c.out)
		}
		if c.e.Escaped([]byte(c.raw)) != (c.raw != c.out) && c.raw != `\u12` && c.raw != `C:\dir` {
			t.Errorf("%+v %q: Escaped says %v", c.e, c.raw, c.e.Escaped([]byte(c.raw)))
		}
	}
}

// TestSniffDialect: the dialect is found once, and spelled for a plan.
func TestSniffDialect(t *testing.T) {
	for _, c := range []struct{ name, head, want string }{
		{"a.csv", "id;email\n1;a@b.c\n", "csv delim=0x3b header"},
		{"d.sql", "-- MySQL dump 10.13\nINSERT INTO `t` VALUES (1);\n", "sql mysql backslash"},
		{"d.sql", "SET standard_conforming_strings = on;\nCOPY t (a) FROM stdin;\n1\n\\.\n", "sql postgresql"},
		{"d.sql", "SET standard_conforming_strings = off;\nINSERT INTO t VALUES (1);\n", "sql postgresql backslash"},
		{"x.jsonl", "{\"a\":1}\n{\"a\":2}\n", "jsonl"},
		// A COPY export whose first row doubled a backslash: still lines.
		{"customers.json", "{\"note\":\"a\\\\\"b\"}\n{\"a\":1}\n{\"a\":2}\n", "jsonl"},
		{"pretty.json", "{\n  \"a\": 1,\n  \"b\": [1, 2]\n}\n", "json"},
		{"x.log", "hello world\n", "text"},
	} {
		if got := Sniff(c.name, []byte(c.head), nil).String(); got != c.want {
			t.Errorf("%s %q: %q, want %q", c.name, c.head, got, c.want)
		}
	}
}

// TestUnescapeMap: each byte read is traced to the sequence that gave it.
func TestUnescapeMap(t *testing.T) {
	e := Escaping{Quoting: SQLString, Quote: '\'', Backslash: true}
	raw := []byte(`a\'b''\u00e9`)
	dst, at := e.UnescapeMap(nil, nil, raw)
	if string(dst) != "a'b'u00e9" {
		t.Fatalf("%q", dst)
	}
	want := []int32{0, 1, 3, 4, 6, 8, 9, 10, 11, 12}
	if len(at) != len(want) {
		t.Fatalf("at %v, want %v", at, want)
	}
	for i := range want {
		if at[i] != want[i] {
			t.Fatalf("at %v, want %v", at, want)
		}
	}
	j := Escaping{Quoting: JSONString}
	dst, at = j.UnescapeMap(nil, nil, []byte(`x\u00e9\ud83d\ude00`))
	if string(dst) != "xé😀" || len(at) != 1+2+4+1 || at[1] != 1 || at[3] != 7 || at[7] != 19 {
		t.Fatalf("%q %v", dst, at)
	}
}
