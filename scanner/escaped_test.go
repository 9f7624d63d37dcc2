package scanner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestJSONInAValue: a JSON document held in a value (a JSON column of a
// dump, a JSON cell of a CSV file, a JSON string of a JSONL log) is read
// by its keys, unescaped: the
// street behind an escaped apostrophe (O”Connor, O\'Connor, "" around
// the keys) is found, revealed as it reads, with the offsets of its bytes
// in the file and the record of the value plus the key's pointer.
func TestJSONInAValue(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"pg.sql": "SET standard_conforming_strings = on;\n" +
			"CREATE TABLE public.customers (id integer, last_name text, profile jsonb);\n" +
			"INSERT INTO public.customers VALUES (1, 'Byrne', '{\"street\": \"12 O''Connor Street\", \"city\": \"Dublin\"}');\n",
		"my.sql": "-- MySQL dump 10.13  Distrib 10.11.6-MariaDB\n" +
			"CREATE TABLE `customers` (`id` int, `last_name` varchar(64), `profile` longtext);\n" +
			"INSERT INTO `customers` VALUES (1,'Byrne','{\\\"street\\\":\\\"12 O\\'Connor Street\\\",\\\"city\\\":\\\"Dublin\\\"}');\n",
		"customers.csv": "id,last_name,profile\n1,Byrne,\"{\"\"street\"\":\"\"12 O'Connor Street\"\",\"\"city\"\":\"\"Dublin\"\"}\"\n",
		"long.sql": "-- MySQL dump 10.13  Distrib 10.11.6-MariaDB\n" +
			"CREATE TABLE `customers` (`id` int, `last_name` varchar(64), `profile` longtext);\n" +
			"INSERT INTO `customers` VALUES (1,'Byrne','{\\\"note\\\":\\\"" + strings.Repeat("so long a note ", 30) + "\\\",\\\"street\\\":\\\"12 O\\'Connor Street\\\"}');\n",
		"customers.json": "[{\"id\":1,\"payload\":\"{\\\"city\\\":\\\"Cork\\\"}\"},{\"id\":2,\"payload\":\"{\\\"street\\\":\\\"12 O'Connor Street\\\"}\"}]",
		"events.jsonl":   "{\"id\":0}\n{\"id\":1,\"profile\":\"{\\\"street\\\":\\\"12 O'Connor Street\\\"}\"}\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		got, _ := scanFixture(t, p)
		n := 0
		for _, f := range got {
			if f.Type != "street_address" {
				continue
			}
			n++
			raw := content[f.Start:f.End]
			if f.Value != "12 O'Connor Street" || !strings.HasPrefix(raw, "12 O") || !strings.HasSuffix(raw, "Connor Street") {
				t.Errorf("%s: street %q at bytes %q", name, f.Value, raw)
			}
			want := Record{Row: 1, Field: "profile", Pointer: "/street", Table: "customers"}
			switch filepath.Ext(name) {
			case ".csv":
				want.Table = ""
			case ".jsonl", ".json":
				want = Record{Row: 2, Pointer: "/profile/street"}
				if name == "customers.json" {
					want.Pointer = "/payload/street"
				}
			}
			if r := f.Record; r == nil || *r != want {
				t.Errorf("%s: street's record %+v", name, f.Record)
			}
		}
		if n != 1 {
			t.Errorf("%s: %d street findings, want 1 (%d findings)", name, n, len(got))
		}
	}
}
