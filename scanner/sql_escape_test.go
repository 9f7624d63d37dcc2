package scanner

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/piid/piid/patterns"
)

// TestSQLEscapesDecoded: a value is hashed, masked and revealed as the
// database holds it. The same customer exported as CSV, by pg_dump
// --inserts (doubled quote), by mysqldump (backslash) and in COPY text
// gives one keyed hash and one revealed value, O'Connor.
func TestSQLEscapesDecoded(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"customers.csv": "id,first_name,last_name,email\n1,Siobhan,O'Connor,siobhan@example.ie\n",
		"inserts.sql": "--\n-- PostgreSQL database dump\n--\n\nSET standard_conforming_strings = on;\n" +
			"CREATE TABLE public.customers (id integer, first_name text, last_name text, email text);\n" +
			"INSERT INTO public.customers VALUES (1, 'Siobhan', 'O''Connor', 'siobhan@example.ie');\n",
		"mysql.sql": "-- MySQL dump 10.13  Distrib 8.0.36\n" +
			"CREATE TABLE `customers` (`id` int, `first_name` varchar(64), `last_name` varchar(64), `email` varchar(64));\n" +
			"INSERT INTO `customers` VALUES (1,'Siobhan','O\\'Connor','siobhan@example.ie');\n",
		"estring.sql": "--\n-- PostgreSQL database dump\n--\n\n" +
			"INSERT INTO public.customers (id, first_name, last_name) VALUES (1, 'Siobhan', E'O\\'Connor');\n",
		"copy.sql": "--\n-- PostgreSQL database dump\n--\n\n" +
			"COPY public.customers (id, first_name, last_name, email) FROM stdin;\n1\tSiobhan\tO'Connor\tsiobhan@example.ie\n\\.\n",
	}
	hashes, masks := map[string]patterns.Hash{}, map[string]string{}
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		got, res := scanFixture(t, path)
		if res.Damage != nil {
			t.Errorf("%s: damage %v", name, res.Damage)
		}
		n := 0
		for _, f := range got {
			if f.Record == nil || f.Record.Field != "last_name" {
				continue
			}
			n++
			if f.Value != "O'Connor" {
				t.Errorf("%s: last_name revealed as %q, want O'Connor", name, f.Value)
			}
			hashes[name], masks[name] = f.Hash, f.Masked
		}
		if n != 1 {
			t.Errorf("%s: %d last_name findings, want 1", name, n)
		}
	}
	for name, h := range hashes {
		if h != hashes["customers.csv"] {
			t.Errorf("%s: last_name hash %s, the CSV's %s", name, h, hashes["customers.csv"])
		}
		if masks[name] != masks["customers.csv"] {
			t.Errorf("%s: last_name masked %q, the CSV's %q", name, masks[name], masks["customers.csv"])
		}
	}
}
