package scanner

import (
	"os"
	"path/filepath"
	"testing"
)

// TestJSONColumnKeysAreFieldContext: in a JSON document held in a CSV
// cell or a SQL column, the keys name what their values are: a street with
// no street word is found under "street", a name under "displayName"
// (camelCase), each with the key's pointer in the record.
func TestJSONColumnKeysAreFieldContext(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"users.csv": "id,profile,status\n1,\"{\"\"displayName\"\":\"\"Jane Miller\"\",\"\"street\"\":\"\"Kings Parade 12\"\"}\",active\n",
		"users.sql": "CREATE TABLE users (id integer, profile jsonb);\n" +
			"INSERT INTO users VALUES (1, '{\"displayName\": \"Jane Miller\", \"street\": \"Kings Parade 12\"}');\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		got, _ := scanFixture(t, p)
		want := map[string]string{"person_name": "/displayName", "street_address": "/street"}
		for _, f := range got {
			ptr, ok := want[f.Type]
			if !ok {
				t.Errorf("%s: unexpected %s %s", name, f.Type, f.Masked)
				continue
			}
			if f.Record == nil || f.Record.Field != "profile" || f.Record.Pointer != ptr {
				t.Errorf("%s: %s with record %+v, want field profile, pointer %s", name, f.Type, f.Record, ptr)
			}
			delete(want, f.Type)
		}
		for typ := range want {
			t.Errorf("%s: no %s found (%d findings)", name, typ, len(got))
		}
	}
}
