package rewrite

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/piid/piid/scanner/records"
)

// TestReplaceInJSONDocument: a replacement that lands in a string of a
// JSON document held in a value (a dump's JSON column, a JSON cell) is
// escaped for JSON, then for the value: the column still parses, and
// reads the replacement. A replaced number there becomes a string.
func TestReplaceInJSONDocument(t *testing.T) {
	const repl = `X"Y\Z`
	for _, c := range []struct {
		name, in, old string
		// column returns the JSON text of the edited column.
		column func(t *testing.T, out string) string
	}{
		{"my.sql", "-- MySQL dump 10.13\nINSERT INTO `c` VALUES (1,'{\\\"email\\\":\\\"sean@example.com\\\",\\\"n\\\":7,\\\"street\\\":\\\"12 O\\'Connor St\\\"}');\n",
			"sean@example.com", func(t *testing.T, out string) string {
				s := out[strings.Index(out, ",'")+2 : strings.LastIndex(out, "')")]
				return string(records.Escaping{Quoting: records.SQLString, Quote: '\'', Backslash: true, MySQL: true}.Unescape(nil, []byte(s)))
			}},
		{"pg.sql", "INSERT INTO public.c VALUES (1, '{\"email\": \"sean@example.com\", \"n\": 7, \"street\": \"12 O''Connor St\"}');\n",
			"sean@example.com", func(t *testing.T, out string) string {
				s := out[strings.Index(out, ", '")+3 : strings.LastIndex(out, "')")]
				return strings.ReplaceAll(s, "''", "'")
			}},
		{"c.csv", "id,profile\n1,\"{\"\"email\"\":\"\"sean@example.com\"\",\"\"n\"\":7}\"\n",
			"sean@example.com", func(t *testing.T, out string) string {
				recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
				if err != nil {
					t.Fatalf("%q: %v", out, err)
				}
				return recs[1][1]
			}},
	} {
		out, _, err := applyTo(t, c.name, c.in, rep(t, c.in, c.old, repl), rep(t, c.in, "7", "seven"))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		col := c.column(t, out)
		var doc map[string]any
		if err := json.Unmarshal([]byte(col), &doc); err != nil {
			t.Fatalf("%s: the column no longer parses: %q (%v)", c.name, col, err)
		}
		if doc["email"] != repl || doc["n"] != "seven" {
			t.Errorf("%s: the column reads %v", c.name, doc)
		}
	}
}

// TestWidenFollowsTheReader: an edit that starts inside an escape sequence
// takes all of it, as the format's reader sees it (records.Escaping): the
// octal \101 of an escape string is one sequence, not two bytes.
func TestWidenFollowsTheReader(t *testing.T) {
	const in = "INSERT INTO t VALUES (1, E'ab\\101cd', 'x\\u00e9y');\n"
	i := int64(strings.Index(in, "101")) + 1
	out, _, err := applyTo(t, "w.sql", in, Edit{Start: i, End: i + 1, Action: Replace, Replacement: []byte("Z")})
	if err != nil {
		t.Fatal(err)
	}
	if want := "INSERT INTO t VALUES (1, E'abZcd', 'x\\u00e9y');\n"; out != want {
		t.Errorf("got %q, want %q", out, want)
	}
}
