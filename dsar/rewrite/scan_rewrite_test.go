package rewrite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
	"github.com/piid/piid/scanner/records"
)

// scanRewriteSeeds are files of every format and dialect the scanner and
// the rewriter share a parser for, with what trips parsers: quoted line
// ends, doubled quotes, escapes, comments, bad lines, a JSON column.
var scanRewriteSeeds = []struct{ name, data string }{
	{"c.csv", "id,first_name,email,notes\r\n1,Anna,anna.rossi@example.it,\"said \"\"hi\"\",\nthen left\"\r\n2,Bob,bob@example.com,\"{\"\"street\"\":\"\"12 O'Connor Street\"\"}\"\r\n"},
	{"c.tsv", "id,first_name,email\n1,\"Anna\nMaria\",anna@example.it\n2,Bob,bob@example.com\n"},
	{"t.txt", "1\tAnna\tRossi\tanna@example.it\t1985-03-12\n2\tBob\tO\\'Neil\tbob@example.com\t\\N\n3\tCy\tLee\tcy\\\tx@example.com\t1990-01-01\n4\tDee\tMoe\tdee@example.com\t1970-07-07\n5\tEd\tPo\ted@example.com\t1980-08-08\n"},
	{"e.jsonl", "{\"email\":\"ann@example.com\",\"name\":\"Ann\"}\n{\"note\":\"a\\\\\"b\",\"email\":\"bad@example.com\"}\n{\"email\":\"cy@example.com\",\"payload\":\"{\\\"email\\\":\\\"in@example.com\\\"}\"}\n"},
	{"a.json", "[{\"email\":\"ann@example.com\",\"iban\":\"DE89 3704 0044 0532 0130 00\"},{\"email\":\"b\\u0040example.com\"}]"},
	{"pg.sql", "-- PostgreSQL database dump\nSET standard_conforming_strings = on;\nCREATE TABLE public.c (id int, last_name text, email text, profile jsonb);\n/* a /* nested */ comment */\nINSERT INTO public.c VALUES (1, 'O''Connor', 'sean@example.ie', '{\"email\": \"x@example.com\"}'), (2, E'Mc\\'Kay', 'mk@example.com', NULL);\nCOPY public.c (id, last_name, email, profile) FROM stdin;\n3\tO'Hara\toh@example.com\t\\N\n\\.\n"},
	{"my.sql", "-- MySQL dump 10.13\n# it's a comment\nCREATE TABLE `c` (`id` int, `last_name` varchar(9), `email` varchar(64), `profile` longtext);\nINSERT INTO `c` VALUES (1,'O\\'Connor','sean@example.ie','{\\\"email\\\":\\\"x@example.com\\\"}'),(2,'Lee','lee@example.com',NULL);\n"},
}

// FuzzScanThenRewrite holds the scanner and the rewriter against each
// other: every finding the scanner places in a record is an edit the
// rewriter takes (a redaction token), and the file written reads as the
// same dialect, with the same damage, and without those values in those
// records.
func FuzzScanThenRewrite(f *testing.F) {
	for i, s := range scanRewriteSeeds {
		f.Add(uint8(i), []byte(s.data))
	}
	cat, err := patterns.New(patterns.Options{HashKey: []byte("scan-rewrite-test-key-0123456789")})
	if err != nil {
		f.Fatal(err)
	}
	w, err := scanner.New(cat, scanner.Options{MinConfidence: 0.5, Workers: 1}).NewWorker()
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(w.Close)
	scan := func(t *testing.T, p string) ([]*scanner.Finding, *records.Damage) {
		var fs []*scanner.Finding
		r := w.ScanFile(context.Background(), p, func(b []*scanner.Finding) { fs = append(fs, b...) })
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		return append(fs, r.Findings...), r.Damage
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		name := scanRewriteSeeds[int(which)%len(scanRewriteSeeds)].name
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		before := CheckIn(nil, p, false, cat)
		found, dmg := scan(t, p)
		var eds []Edit
		redacted := map[string]bool{}
		var end int64
		for _, fd := range found {
			if fd.Record == nil || fd.Start < end {
				continue // in no record, or inside the last one taken
			}
			eds = append(eds, Edit{Start: fd.Start, End: fd.End, Action: Replace, Replacement: []byte("[X]")})
			redacted[fd.Type+fd.Hash.String()+recordKey(fd.Record)] = true
			end = fd.End
		}
		if len(eds) == 0 {
			if s := scanRewriteSeeds[int(which)%len(scanRewriteSeeds)]; s.data == string(data) {
				t.Fatalf("%s: the seed has no finding in a record", name)
			}
			return
		}
		if _, err := Apply(p, eds, Options{Fields: cat, Dialect: before.Dialect}); err != nil {
			if errors.Is(err, ErrManual) {
				return
			}
			t.Fatalf("%s %q: the rewriter refused what the scanner found: %v", name, data, err)
		}
		after := CheckIn(nil, p, false, cat)
		if after.Dialect != before.Dialect {
			t.Fatalf("%s %q: reads as %s after, %s before", name, data, after.Dialect, before.Dialect)
		}
		again, dmg2 := scan(t, p)
		if (dmg == nil) != (dmg2 == nil) || dmg != nil && dmg.Skipped != dmg2.Skipped {
			t.Fatalf("%s %q: damage %v after, %v before", name, data, dmg2, dmg)
		}
		for _, fd := range again {
			if fd.Record != nil && redacted[fd.Type+fd.Hash.String()+recordKey(fd.Record)] {
				t.Fatalf("%s %q: %s still in %+v after the rewrite", name, data, fd.Type, *fd.Record)
			}
		}
	})
}

func recordKey(r *scanner.Record) string {
	return fmt.Sprintf("%d\x00%s\x00%s\x00%s", r.Row, r.Field, r.Pointer, r.Table)
}
