package scanner

import (
	"os"

	"github.com/piid/piid/patterns"
	"path/filepath"
	"strings"
	"testing"
)

// TestEscapedValuesReadAsHeld: a value is hashed, masked and revealed as the
// database holds it, whatever the export's escaping: O'Connor in a CSV,
// O”Connor in pg_dump --inserts, O\'Connor in mysqldump, O\u0027Connor in
// JSON give one hash. A street inside a JSON column of an INSERT, behind
// an escaped apostrophe, is found with the offsets of its bytes in the file.
func TestEscapedValuesReadAsHeld(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"c.csv": "id,last_name,city\n1,O'Connor,Dublin\n",
		"q.csv": "id,last_name,city\n1,\"O'Connor\",Dublin\n",
		"pg.sql": "SET standard_conforming_strings = on;\n" +
			"CREATE TABLE public.customers (id integer, last_name text, profile jsonb);\n" +
			"INSERT INTO public.customers VALUES (1, 'O''Connor', '{\"street\": \"12 O''Connor Street\", \"city\": \"Dublin\"}');\n",
		"my.sql": "-- MySQL dump 10.13  Distrib 10.11.6-MariaDB\n" +
			"CREATE TABLE `customers` (`id` int, `last_name` varchar(64), `profile` longtext);\n" +
			"INSERT INTO `customers` VALUES (1,'O\\'Connor','{\\\"street\\\":\\\"12 O\\'Connor Street\\\",\\\"city\\\":\\\"Dublin\\\"}');\n",
		"copy.sql": "COPY public.customers (id, last_name, city) FROM stdin;\n1\tO'Connor\tDublin\n\\.\n",
		"u.jsonl":  "{\"id\":1,\"last_name\":\"O\\u0027Connor\"}\n",
	}
	hashes := map[string]patterns.Hash{}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		got, _ := scanFixture(t, p)
		var last, street bool
		for _, f := range got {
			raw := content[f.Start:f.End]
			switch {
			case f.Record != nil && f.Record.Field == "last_name":
				last = true
				if f.Value != "O'Connor" {
					t.Errorf("%s: last_name reads %q (bytes %q), want O'Connor", name, f.Value, raw)
				}
				hashes[name] = f.Hash
			case f.Type == "street_address":
				street = true
				if f.Value != "12 O'Connor Street" || !strings.HasPrefix(raw, "12 O") || !strings.HasSuffix(raw, "Connor Street") {
					t.Errorf("%s: street %q at bytes %q", name, f.Value, raw)
				}
				if f.Record == nil || f.Record.Row != 1 || f.Record.Pointer != "/street" || f.Record.Table != "customers" || f.Record.Field != "profile" {
					t.Errorf("%s: street's record %+v", name, f.Record)
				}
			}
		}
		if !last {
			t.Errorf("%s: no last_name finding in %d findings", name, len(got))
		}
		if strings.HasSuffix(name, ".sql") && strings.Contains(content, "street") && !street {
			t.Errorf("%s: the street in the JSON column was missed", name)
		}
	}
	for name, h := range hashes {
		if h != hashes["c.csv"] {
			t.Errorf("%s: last_name hash %s, the CSV's %s", name, h, hashes["c.csv"])
		}
	}
}
