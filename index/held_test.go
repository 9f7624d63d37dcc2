package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
)

// A record's national-format phone waits for the record's end (its
// country may follow it); the scanner's batches must still reach the
// index in offset order, or a record comes back without its phone. With
// a batch of two findings, every record's phone and later findings fall
// in different batches.
func TestScannedRecordsWholeAcrossBatches(t *testing.T) {
	cat, err := patterns.New(patterns.Options{HashKey: testKey, Regions: []string{"NL", "FR"}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	const rows = 60
	var b strings.Builder
	b.WriteString("mobile,email,iban,country\n")
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&b, "06 1296%04d,user%d@example.org,NL91ABNA0417164300,NL\n", 1000+i, i)
	}
	path := filepath.Join(dir, "c.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	ix := openTest(t, t.TempDir(), manual)
	w, err := ix.BeginFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var emails []Identifier
	_, err = scanner.New(cat, scanner.Options{BatchSize: 2, Workers: 1, MinConfidence: 0.5}).Scan(context.Background(), []string{path}, func(r *scanner.FileResult) {
		fs := make([]scanner.Finding, len(r.Findings))
		for i, f := range r.Findings {
			fs[i] = *f
			if f.Type == "email" {
				emails = append(emails, Identifier{Type: f.Type, Hash: f.Hash})
			}
		}
		if err := w.Add(fs); err != nil {
			t.Error(err)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(FileState{Size: 1}); err != nil {
		t.Fatal(err)
	}
	if len(emails) != rows {
		t.Fatalf("%d emails scanned, want %d", len(emails), rows)
	}
	res, err := ix.Search(emails)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) != rows {
		t.Fatalf("%d records, want %d", len(res.Records), rows)
	}
	broken := 0
	for _, r := range res.Records {
		types := map[string]bool{}
		for _, f := range r.Findings {
			types[f.Type] = true
		}
		if !types["phone"] || !types["email"] || !types["iban"] {
			broken++
		}
	}
	if broken > 0 {
		t.Errorf("%d of %d records came back without a finding of theirs", broken, rows)
	}
}
