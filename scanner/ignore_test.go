package scanner

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/piid/piid/patterns"
)

// TestIgnoredMarked: a value on the ignore list is still found, in every
// kind of content, and marked Ignored; Stats count it apart.
func TestIgnoredMarked(t *testing.T) {
	hashKey := []byte("scanner-test-key-0123456789")
	support := patterns.NewHasher(hashKey).Sum("email", []byte("support@example.com"))
	cat, err := patterns.New(patterns.Options{HashKey: hashKey, Ignore: []patterns.Hash{support}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, data := range map[string]string{
		"a.log":   "mail Support@Example.com or anna.rossi@example.it\n",
		"b.csv":   "id,email\n1,support@example.com\n2,anna.rossi@example.it\n",
		"c.jsonl": `{"to":"support\u0040example.com","from":"anna.rossi@example.it"}` + "\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var fs []*Finding
	st, err := New(cat, Options{Workers: 1, MinConfidence: 0.5}).Scan(context.Background(), []string{dir}, func(r *FileResult) {
		fs = append(fs, r.Findings...)
	})
	if err != nil {
		t.Fatal(err)
	}
	ignored := map[string]int{}
	for _, f := range fs {
		if f.Ignored != (f.Hash == support) {
			t.Errorf("%s %s: ignored %v", filepath.Base(f.Path), key(f), f.Ignored)
		}
		if f.Ignored {
			ignored[filepath.Base(f.Path)]++
		}
	}
	if len(ignored) != 3 || st.Ignored != 3 || st.Findings != int64(len(fs)-3) {
		t.Errorf("ignored per file %v, stats %+v, %d findings", ignored, st, len(fs))
	}
}
