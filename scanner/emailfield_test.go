package scanner

import (
	"os"
	"path/filepath"
	"testing"
)

// TestApostropheEmailInRecords: an address with an apostrophe is found
// whole, once, in its field, however the file escapes the quote.
func TestApostropheEmailInRecords(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"pg.sql": "SET standard_conforming_strings = on;\nCREATE TABLE public.customers (id integer, email text);\n" +
			"INSERT INTO public.customers VALUES (1, 'o''connor@example.ie');\n",
		"my.sql": "-- MySQL dump 10.13  Distrib 10.11.6-MariaDB\nCREATE TABLE `customers` (`id` int, `email` varchar(64));\n" +
			"INSERT INTO `customers` VALUES (1,'o\\'connor@example.ie');\n",
		"customers.csv": "id,email\n1,o'connor@example.ie\n",
		"customers.psv": "id|email|status\n1|o'connor@example.ie|active\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		got, _ := scanFixture(t, p)
		n := 0
		for _, f := range got {
			if f.Type != "email" {
				continue
			}
			n++
			if f.Value != "o'connor@example.ie" {
				t.Errorf("%s: email %q", name, f.Value)
			}
			if f.Record == nil || f.Record.Field != "email" {
				t.Errorf("%s: email's record %+v", name, f.Record)
			}
		}
		if n != 1 {
			t.Errorf("%s: %d emails, want 1", name, n)
		}
	}
}
