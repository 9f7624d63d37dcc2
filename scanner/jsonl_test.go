package scanner

import (
	"fmt"
	"strings"
	"testing"
)

// copyJSONL is what PostgreSQL's COPY (SELECT row_to_json(c) FROM
// customers c) TO '...jsonl' writes: COPY text, so every backslash of the
// JSON is doubled. Lines whose values hold a backslash (one in ten here,
// a quote in a note) are no JSON; the others are.
func copyJSONL(n int) (data string, bad map[int]bool) {
	firsts := []string{"Anna", "Lukas", "Sophie", "Marco", "Hanna", "Piotr", "Chloé", "Emma", "Liam", "Zoë"}
	lasts := []string{"Rossi", "Becker", "Laurent", "Bianchi", "Schmidt", "Nowak", "Martin", "de Vries", "Murphy", "Keller"}
	bad = map[int]bool{}
	var b strings.Builder
	for i := 1; i <= n; i++ {
		note := "regular customer"
		if i%10 == 3 {
			note = `asked for \"express\" delivery, ref C:\\orders` // JSON escapes, doubled below
			bad[i] = true
		}
		line := fmt.Sprintf(`{"id":%d,"first_name":"%s","last_name":"%s","email":"c%d@example.org","note":"%s"}`,
			i, firsts[i%len(firsts)], lasts[i%len(lasts)], i, note)
		b.WriteString(strings.ReplaceAll(line, `\`, `\\`))
		b.WriteByte('\n')
	}
	return b.String(), bad
}

// One bad JSONL line is that line's damage only: every other line keeps
// its record (row = line, pointer, field), and the bad lines are counted.
func TestJSONLBadLinesKeepTheOthers(t *testing.T) {
	data, bad := copyJSONL(2000)
	got, res := scanFixture(t, writeTemp(t, "customers.jsonl", data))
	if res.Damage == nil || res.Damage.Skipped != int64(len(bad)) || res.Damage.Offset != int64(strings.Index(data, `{"id":3,`)) {
		t.Fatalf("damage %+v, want the first at line 3 and %d lines skipped", res.Damage, len(bad))
	}
	if strings.Contains(res.Damage.Error(), "@") || strings.Contains(res.Damage.Error(), "express") {
		t.Errorf("damage message holds data: %v", res.Damage)
	}
	names := map[int]*Finding{}
	for _, f := range got {
		if f.Type != "person_name" {
			continue
		}
		if f.Record == nil {
			if !bad[int(f.Line)] {
				t.Errorf("line %d: %q has no record", f.Line, f.Value)
			}
			continue
		}
		if bad[int(f.Line)] {
			t.Errorf("line %d is no JSON but %q has a record %+v", f.Line, f.Value, f.Record)
		}
		if f.Record.Row != int(f.Line) {
			t.Errorf("line %d: record %+v", f.Line, f.Record)
		}
		if f.Record.Pointer == "/first_name" {
			names[f.Record.Row] = f
		}
	}
	missing := 0
	for i := 1; i <= 2000; i++ {
		if !bad[i] && names[i] == nil {
			missing++
		}
	}
	if missing > 0 {
		t.Fatalf("%d of %d valid lines have no first_name finding with its record", missing, 2000-len(bad))
	}
}

// A JSON string is read as it holds its value: escapes decoded before the
// value is hashed, masked or revealed.
func TestJSONValueUnescaped(t *testing.T) {
	data := `{"last_name":"O\u0027Connor","first_name":"Ren\u00e9e"}` + "\n" +
		`{"last_name":"O'Connor","first_name":"Renée"}` + "\n" +
		`{"last_name":"O\u0027Connor","first_name":"Ren\u00c3\u00a9e \"R\\u\""}` + "\n"
	got, _ := scanFixture(t, writeTemp(t, "people.jsonl", data))
	byRow := map[[2]string]*Finding{}
	for _, f := range got {
		if f.Record != nil {
			byRow[[2]string{fmt.Sprint(f.Record.Row), f.Record.Pointer}] = f
		}
	}
	for _, p := range []string{"/last_name", "/first_name"} {
		a, b := byRow[[2]string{"1", p}], byRow[[2]string{"2", p}]
		if a == nil || b == nil {
			t.Fatalf("%s: findings %+v and %+v", p, a, b)
		}
		if a.Hash != b.Hash || a.Value != b.Value {
			t.Errorf("%s: %q (hash %s) and %q (hash %s) differ", p, a.Value, a.Hash, b.Value, b.Hash)
		}
	}
	if f := byRow[[2]string{"2", "/last_name"}]; f == nil || f.Value != "O'Connor" {
		t.Errorf("revealed %+v", f)
	}
	if f := byRow[[2]string{"1", "/last_name"}]; f == nil || data[f.Start:f.End] != `O\u0027Connor` {
		t.Errorf("finding %+v does not span the value's bytes in the file", f)
	}
}
