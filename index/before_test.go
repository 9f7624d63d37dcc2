package index

import (
	"archive/tar"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
)

// testdata/written-before.tar.gz is an index written by piid when the
// scanner handed findings to the index as hex and the index decoded them
// (before hashes crossed packages as bytes): two files, five findings,
// postings flushed. The hex below is what that piid answered for them.
var writtenBefore = map[string]string{
	"anna.rossi@example.it":    "357ec424f673f323d46091dad737351b67d45fd129f5c6434a89ba3db8e94e43",
	"+390212345678":            "bf30d0feeda477bcea200f0b43588b018b561e39a127356abf17c0c6aa9f6b0d",
	"marco.bianchi@example.it": "4bbfb6551c8112dff933aeb92a40486302c50d68bd4bfe30ac41a2da05d57a2a",
	"203.0.113.7":              "5be1563d7911d720ee869bd937577ced9bb45f2909a857c188928b74740b26f5",
}

// TestIndexWrittenBeforeReadsTheSame: the index stores the hash's 32
// bytes as it always did, so an index written before reads the same:
// the same findings, under the same hashes, shown as the same hex.
func TestIndexWrittenBeforeReadsTheSame(t *testing.T) {
	dir := untar(t, filepath.Join("testdata", "written-before.tar.gz"))
	if rep, err := Verify(DefaultOptions(dir)); err != nil || len(rep.Problems) != 0 || rep.Findings != 5 || rep.Postings != 5 {
		t.Fatalf("verify: %+v %v", rep, err)
	}
	ix := openTest(t, dir, manual)
	defer ix.Close()
	for raw, hexHash := range writtenBefore {
		h, err := patterns.ParseHash(hexHash)
		if err != nil || h != hmacHash(raw) {
			t.Fatalf("%s: the hash of the time %s, %v; hashed now %s", raw, hexHash, err, hmacHash(raw))
		}
	}
	anna := hmacHash("anna.rossi@example.it")
	got, err := ix.Lookup("email", anna)
	if err != nil || len(got) != 2 || got[0].Path != "exports/customers.csv" || got[1].Path != "logs/app.log" {
		t.Fatalf("lookup: %+v %v", got, err)
	}
	for _, f := range got {
		if f.Hash.String() != writtenBefore["anna.rossi@example.it"] {
			t.Fatalf("lookup gives hash %s", f.Hash)
		}
	}
	res, err := ix.Search([]Identifier{{Type: "email", Hash: anna}})
	if err != nil || len(res.Findings) != 2 || len(res.Records) != 2 || len(res.Records[0].Findings) != 2 {
		t.Fatalf("search: %+v %v", res, err)
	}
	if ph := res.Records[0].Findings[1]; ph.Type != "phone" || ph.Hash.String() != writtenBefore["+390212345678"] {
		t.Fatalf("the phone of anna's row: %+v", ph)
	}
	all := allFindings(t, ix, FindingQuery{})
	want := []scanner.Finding{
		finding("email", "anna.rossi@example.it", 40, 2, &scanner.Record{Row: 1, Field: "email"}),
		finding("phone", "+390212345678", 63, 2, &scanner.Record{Row: 1, Field: "phone"}),
		finding("email", "marco.bianchi@example.it", 100, 3, &scanner.Record{Row: 2, Field: "email"}),
	}
	want = storedAll("exports/customers.csv", want)
	want = append(want, storedAll("logs/app.log", []scanner.Finding{
		finding("email", "anna.rossi@example.it", 17, 1, nil),
		finding("ipv4", "203.0.113.7", 50, 1, nil),
	})...)
	sameFindings(t, "findings", all, want)
}

// untar extracts a gzip'd tar of plain files into a new directory.
func untar(t *testing.T, name string) string {
	t.Helper()
	fh, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	zr, err := gzip.NewReader(fh)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	tr := tar.NewReader(zr)
	for {
		hd, err := tr.Next()
		if err == io.EOF {
			return dir
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(hd.Name)), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}
