package rewrite

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestJSON(t *testing.T) {
	const doc = `[{"name": "Ann \"A\" Lee", "email": "ann@example.com", "phone": 4155551234, "ok": true, "city": "Caf\u00e9 town"},` + "\n" +
		`{"name": "Bob", "email": "bob@example.com", "phone": -4155550000}]` + "\n"
	const lines = `{"id":1,"email":"ann@example.com","tags":["a","b"]}` + "\n" +
		`{"id":2,"email":"bob@example.com","tags":[]}` + "\n" +
		`{"id":3,"email":"cid@example.com"}`
	// A PostgreSQL COPY of row_to_json doubles backslashes: line 2 is no
	// JSON.
	const badLine = `{"note":"a\\\\b","name":"Zo\\"Z\\""}`
	const badLines = `{"id":1,"email":"ann@example.com"}` + "\n" + badLine + "\n" + `{"id":3,"email":"cid@example.com"}` + "\n"
	cases := []rewriteCase{
		{name: "string content escaped", file: "d.json", in: doc,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "ann@example.com", "a\"b\\c\n\x01")) },
			want: strings.Replace(doc, "ann@example.com", `a\"b\\c\n\u0001`, 1)},
		{name: "span over the quotes keeps them", file: "d.json", in: doc,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, `"bob@example.com"`, "x")) },
			want: strings.Replace(doc, `"bob@example.com"`, `"x"`, 1)},
		{name: "number becomes a string", file: "d.json", in: doc,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "4155551234", "[phone]")) },
			want: strings.Replace(doc, "4155551234", `"[phone]"`, 1)},
		{name: "part of a number: the rest stays, in a string", file: "d.json", in: doc,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "4155550000", "x")) },
			want: strings.Replace(doc, "-4155550000", `"-x"`, 1)},
		{name: "literal becomes a string", file: "d.json", in: doc,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "true", "yes")) },
			want: strings.Replace(doc, "true", `"yes"`, 1)},
		{name: "key string", file: "d.json", in: doc,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "city", "c")) },
			want: strings.Replace(doc, `"city"`, `"c"`, 1)},
		{name: "span cutting an escape is widened", file: "d.json", in: doc,
			mk: func(t testing.TB, s string) []Edit {
				a, _ := spanOf(t, s, `u00e9`, 0)
				b, _ := spanOf(t, s, ` town`, 0)
				return edits(Edit{Start: a + 2, End: b, Action: Replace, Replacement: []byte("é")})
			},
			want: strings.Replace(doc, `Caf\u00e9 town`, `Café town`, 1)},
		{name: "escaped quote cut in half", file: "d.json", in: doc,
			mk: func(t testing.TB, s string) []Edit {
				a, b := spanOf(t, s, `"A\"`, 0) // from the escaped quote's backslash's quote
				return edits(Edit{Start: a + 1, End: b - 1, Action: Replace, Replacement: []byte("Z")})
			},
			want: strings.Replace(doc, `\"A\"`, `\"Z`, 1)},
		{name: "span across structure", file: "d.json", in: doc,
			mk:      func(t testing.TB, s string) []Edit { return edits(rep(t, s, `Bob", "email`, "x")) },
			wantErr: "crosses the end of its value"},
		{name: "span on structure", file: "d.json", in: doc,
			mk:      func(t testing.TB, s string) []Edit { return edits(rep(t, s, `: "Bob`, "x")) },
			wantErr: "not inside a value"},
		{name: "no record deletion in a JSON document", file: "d.json", in: doc,
			mk:      func(t testing.TB, s string) []Edit { return edits(del(t, s, "Bob")) },
			wantErr: "JSON document"},
		{name: "JSONL line deleted", file: "d.jsonl", in: lines,
			mk:   func(t testing.TB, s string) []Edit { return edits(del(t, s, "bob@example.com"), rep(t, s, "cid", "x")) },
			want: strings.Replace(strings.Replace(lines, `{"id":2,"email":"bob@example.com","tags":[]}`+"\n", "", 1), "cid", "x", 1)},
		{name: "JSONL last line without newline", file: "d.jsonl", in: lines,
			mk:   func(t testing.TB, s string) []Edit { return edits(del(t, s, "cid@example.com")) },
			want: lines[:strings.LastIndex(lines, "\n")+1]},
		{name: "JSONL first and second lines", file: "d.jsonl", in: lines,
			mk: func(t testing.TB, s string) []Edit {
				return edits(del(t, s, "ann@"), del(t, s, `"a"`), del(t, s, "bob@"))
			},
			want: `{"id":3,"email":"cid@example.com"}`,
			check: func(t *testing.T, r Result) {
				if r.DeletedRecords != 2 {
					t.Errorf("DeletedRecords %d, want 2", r.DeletedRecords)
				}
			}},
		{name: "JSONL string cut by its line's end", file: "d.jsonl", in: "{\"a\":\"x\n\"}\n{\"b\":1}\n",
			mk:      func(t testing.TB, s string) []Edit { return edits(rep(t, s, "x", "y\"")) },
			wantErr: "not valid JSON"},
		{name: "JSONL bad line: deleted whole", file: "d.jsonl", in: badLines,
			mk:   func(t testing.TB, s string) []Edit { return edits(del(t, s, "Zo")) },
			want: strings.Replace(badLines, badLine+"\n", "", 1)},
		{name: "JSONL bad line: no replacement in it", file: "d.jsonl", in: badLines,
			mk:      func(t testing.TB, s string) []Edit { return edits(rep(t, s, "Zo", "x\"")) },
			wantErr: "line 2, which is not valid JSON"},
		{name: "JSONL bad line: a redaction token goes in as it is", file: "d.jsonl", in: badLines,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "Zo", "[REDACTED]")) },
			want: strings.Replace(badLines, "Zo", "[REDACTED]", 1)},
		{name: "JSONL bad line: the lines after it keep their values", file: "d.jsonl", in: badLines,
			mk: func(t testing.TB, s string) []Edit {
				return edits(rep(t, s, "cid@example.com", "x\"y"), del(t, s, "ann@"))
			},
			want: strings.Replace(strings.Replace(badLines, "cid@example.com", `x\"y`, 1), `{"id":1,"email":"ann@example.com"}`+"\n", "", 1)},
		{name: "JSON damage: no edit past it", file: "d.json", in: `[{"a":"x"},{"b":"y"}}, {"c":"z"}]`,
			mk:      func(t testing.TB, s string) []Edit { return edits(rep(t, s, "z", "w\"")) },
			wantErr: "past malformed JSON at byte 20"},
		{name: "JSON damage: edits before it", file: "d.json", in: `[{"a":"x"},{"b":"y"}}, {"c":"z"}]`,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "y", "w")) },
			want: `[{"a":"x"},{"b":"w"}}, {"c":"z"}]`},
	}
	runCases(t, cases)

	// The output of the escaping cases is valid JSON with the value asked.
	got, _, err := applyTo(t, "d.json", doc, rep(t, doc, "ann@example.com", "a\"b\\c\n\x01\u2028"), rep(t, doc, "4155551234", "[p]"))
	if err != nil {
		t.Fatal(err)
	}
	var v []map[string]any
	if err := json.Unmarshal([]byte(got), &v); err != nil {
		t.Fatalf("output is no JSON: %v\n%s", err, got)
	}
	if v[0]["email"] != "a\"b\\c\n\x01\u2028" || v[0]["phone"] != "[p]" || v[1]["email"] != "bob@example.com" {
		t.Fatalf("decoded %v", v)
	}
}

func TestText(t *testing.T) {
	const log = "2024-01-01 login ann@example.com ok\n2024-01-02 login bob@example.com ok\n2024-01-03 bye\n"
	cases := []rewriteCase{
		{name: "replace as is", file: "app.log", in: log,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "ann@example.com", "\"x\", y")) },
			want: strings.Replace(log, "ann@example.com", "\"x\", y", 1)},
		{name: "delete line", file: "app.log", in: log,
			mk:   func(t testing.TB, s string) []Edit { return edits(del(t, s, "bob@example.com"), rep(t, s, "bye", "x")) },
			want: "2024-01-01 login ann@example.com ok\n2024-01-03 x\n"},
		{name: "delete the last line without newline", file: "app.log", in: "a\nb",
			mk:   func(t testing.TB, s string) []Edit { return edits(del(t, s, "b")) },
			want: "a\n"},
		{name: "duplicate and nested edits merge", file: "app.log", in: log,
			mk: func(t testing.TB, s string) []Edit {
				e := rep(t, s, "ann@example.com", "[e]")
				in := rep(t, s, "example", "[d]")
				return edits(e, e, in)
			},
			want: strings.Replace(log, "ann@example.com", "[e]", 1),
			check: func(t *testing.T, r Result) {
				if r.Replaced != 1 {
					t.Errorf("Replaced %d, want 1", r.Replaced)
				}
			}},
		{name: "partial overlap", file: "app.log", in: log,
			mk: func(t testing.TB, s string) []Edit {
				return edits(rep(t, s, "ann@example", "x"), rep(t, s, "example.com", "y"))
			},
			wantErr: "overlaps edit 0"},
		{name: "out of range", file: "app.log", in: log,
			mk: func(t testing.TB, s string) []Edit {
				return edits(rep(t, s, "bye", "x"), Edit{Start: int64(len(s)) - 1, End: int64(len(s)) + 1, Action: Replace})
			},
			wantErr: "out of range"},
		{name: "empty span", file: "app.log", in: log,
			mk:      func(t testing.TB, s string) []Edit { return edits(Edit{Start: 3, End: 3, Action: Replace}) },
			wantErr: "start < end"},
		{name: "unknown action", file: "app.log", in: log,
			mk:      func(t testing.TB, s string) []Edit { return edits(Edit{Start: 3, End: 4, Action: "erase"}) },
			wantErr: "unknown action"},
	}
	runCases(t, cases)
}
