package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
)

// sound is what an undamaged index answers: findings by hash and in all.
type sound struct {
	byHash map[patterns.Hash]int
	total  int
}

// damagedIndex builds a small index in dir (three files, and one whose
// postings fill one bucket, so that bucket's value is long enough for the
// value log), notes its answers and closes it.
func damagedIndex(t *testing.T, dir string) sound {
	t.Helper()
	ix := openTest(t, dir, manual, smallFiles)
	for _, p := range []string{"a", "b", "c"} {
		commitFile(t, ix, p, synth(p, 1, 3000), FileState{Size: 1})
	}
	commitFile(t, ix, "d", oneBucket(200), FileState{Size: 1})
	s := sound{byHash: map[patterns.Hash]int{}}
	for _, h := range []patterns.Hash{hmacHash("a-v1-7@example.org"), hmacHash("b-v1-2501@example.org"),
		hmacHash("c-v1-2999@example.org"), hmacHash("common@example.org"), oneBucketHash(7)} {
		fs, err := ix.Lookup("", h)
		if err != nil || len(fs) == 0 {
			t.Fatalf("lookup before the damage: %d findings, %v", len(fs), err)
		}
		s.byHash[h] = len(fs)
	}
	s.total = len(allFindings(t, ix, FindingQuery{Limit: 1000}))
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	return s
}

// smallFiles keeps the store's files small, so damage is quick to make.
func smallFiles(o Options) Options {
	return o.WithValueLogFileSize(1 << 20).WithMemTableSize(1 << 20).WithTableSize(256 << 10)
}

// oneBucket returns n findings whose hashes all fall in one bucket.
func oneBucket(n int) []scanner.Finding {
	out := make([]scanner.Finding, n)
	for i := range out {
		out[i] = finding("email", fmt.Sprintf("bucket-%d@example.org", i), int64(i)*40, int64(i+1), nil)
		out[i].Hash = oneBucketHash(i)
	}
	return out
}

// oneBucketHash is a hash whose first 12 bits are 0xabc.
func oneBucketHash(i int) patterns.Hash {
	h := hmacHash(fmt.Sprint(i))
	h[0], h[1] = 0xab, 0xc0|h[1]&0x0f
	return h
}

func storeFiles(t *testing.T, dir, ext string) []string {
	t.Helper()
	fs, err := filepath.Glob(filepath.Join(dir, "*"+ext))
	if err != nil || len(fs) == 0 {
		t.Fatalf("no %s file in the index (%v)", ext, err)
	}
	sort.Strings(fs)
	return fs
}

// flip xors bytes of the file at p, from off on, every step bytes.
func flip(t *testing.T, p string, from func(size int) int, step int) {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	for i := from(len(b)); i < len(b); i += step {
		b[i] ^= 0x5a
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDamagedValueLog: a value-log file cut short or with flipped bytes
// makes every read that meets it fail with ErrCorrupt; no search, lookup
// or page answers short as if the index were sound.
func TestDamagedValueLog(t *testing.T) {
	for _, c := range []struct {
		name   string
		damage func(t *testing.T, p string)
	}{
		{"truncated", func(t *testing.T, p string) {
			fi, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(p, fi.Size()/2); err != nil {
				t.Fatal(err)
			}
		}},
		{"flipped", func(t *testing.T, p string) { flip(t, p, func(n int) int { return n / 2 }, 509) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			want := damagedIndex(t, dir)
			for _, p := range storeFiles(t, dir, ".vlog") {
				c.damage(t, p)
			}
			ix := openTest(t, dir, manual, smallFiles)
			defer ix.Close()
			failed := 0
			for h, n := range want.byHash {
				res, err := ix.Search([]Identifier{{Hash: h}})
				if err == nil && len(res.Findings) != n {
					t.Errorf("search %s…: %d findings and no error, want %d or ErrCorrupt", h[:8], len(res.Findings), n)
				}
				if err != nil && !errors.Is(err, ErrCorrupt) {
					t.Errorf("search %s…: %v, want ErrCorrupt", h[:8], err)
				}
				fs, lerr := ix.Lookup("", h)
				if lerr == nil && len(fs) != n || lerr != nil && !errors.Is(lerr, ErrCorrupt) {
					t.Errorf("lookup %s…: %d findings, %v; want %d or ErrCorrupt", h[:8], len(fs), lerr, n)
				}
				if err != nil {
					failed++
				}
			}
			// The bucket's value sits in the second half of the value log,
			// written at Close.
			if _, err := ix.Search([]Identifier{{Hash: oneBucketHash(7)}}); !errors.Is(err, ErrCorrupt) {
				t.Errorf("search in the damaged bucket: %v, want ErrCorrupt", err)
			}
			pageToDamage(t, ix, want.total)
			if n, first := ix.Damage(); n == 0 || !errors.Is(first, ErrCorrupt) {
				t.Errorf("Damage() = %d, %v; want the reads that failed", n, first)
			}
		})
	}
}

// TestDamagedTable: a table file cut short or with flipped bytes makes
// Open fail with ErrCorrupt, naming the damage; it never panics (Badger
// does, on goroutines of its own, for a table cut short) nor opens an
// index that then answers short.
func TestDamagedTable(t *testing.T) {
	for _, c := range []struct {
		name   string
		damage func(t *testing.T, p string)
	}{
		{"truncated", func(t *testing.T, p string) {
			fi, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(p, fi.Size()*2/3); err != nil {
				t.Fatal(err)
			}
		}},
		{"flipped", func(t *testing.T, p string) { flip(t, p, func(int) int { return 100 }, 4093) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			damagedIndex(t, dir)
			for _, p := range storeFiles(t, dir, ".sst") {
				c.damage(t, p)
			}
			ix, err := Open(smallFiles(DefaultOptions(dir)).WithManualCleanup(true))
			if err == nil {
				ix.Close()
				t.Fatal("a damaged table opened")
			}
			if !errors.Is(err, ErrCorrupt) {
				t.Errorf("open: %v, want ErrCorrupt", err)
			}
		})
	}
}

// TestOpenLocked: an index another process holds is not damage.
func TestOpenLocked(t *testing.T) {
	dir := t.TempDir()
	ix := openTest(t, dir, manual)
	defer ix.Close()
	_, err := Open(DefaultOptions(dir))
	if !errors.Is(err, ErrLocked) || errors.Is(err, ErrCorrupt) {
		t.Errorf("a second open: %v, want ErrLocked", err)
	}
}

// TestVerify: Verify finds a sound index sound, with what it read, and
// names the damage of a damaged one; it refuses an index in use.
func TestVerify(t *testing.T) {
	dir := t.TempDir()
	want := damagedIndex(t, dir)
	rep, err := Verify(smallFiles(DefaultOptions(dir)))
	if err != nil || !rep.Sound() {
		t.Fatalf("a sound index: %v, %+v", err, rep)
	}
	if rep.Files != 4 || rep.Findings != want.total || rep.Postings != want.total || rep.Tables == 0 || rep.Values == 0 {
		t.Errorf("a sound index: %+v, want 4 files and %d findings, each posted", rep, want.total)
	}
	// Verify left it as it was: it opens and answers.
	ix := openTest(t, dir, manual, smallFiles)
	if _, err := Verify(DefaultOptions(dir)); !errors.Is(err, ErrLocked) {
		t.Errorf("verify of an index in use: %v, want ErrLocked", err)
	}
	ix.Close()

	for _, p := range storeFiles(t, dir, ".vlog") {
		fi, _ := os.Stat(p)
		if err := os.Truncate(p, fi.Size()/2); err != nil {
			t.Fatal(err)
		}
	}
	rep, err = Verify(smallFiles(DefaultOptions(dir)))
	if err != nil || rep.Sound() {
		t.Fatalf("a value log cut in half: %v, %+v", err, rep)
	}
	t.Logf("%d problems, first: %s", len(rep.Problems), rep.Problems[0])

	for _, p := range storeFiles(t, dir, ".sst") {
		fi, _ := os.Stat(p)
		if err := os.Truncate(p, fi.Size()/2); err != nil {
			t.Fatal(err)
		}
	}
	rep, err = Verify(smallFiles(DefaultOptions(dir)))
	if err != nil || rep.Sound() {
		t.Fatalf("a table cut in half: %v, %+v", err, rep)
	}
	t.Logf("%d problems, first: %s", len(rep.Problems), rep.Problems[0])
}

// TestBlockMissing: a block of a current generation gone from the store
// (what a table block that fails its checksum looks like to Badger's
// iterators, which pass over it without a word). Paging a file from its
// start must give all the findings its state counts, or ErrCorrupt; a
// search for a finding of the block fails too.
func TestBlockMissing(t *testing.T) {
	dir := t.TempDir()
	want := damagedIndex(t, dir)
	ix := openTest(t, dir, manual, smallFiles)
	defer ix.Close()
	var gone []byte
	err := ix.update(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pFile}})
		defer it.Close()
		n := 0
		for it.Rewind(); it.Valid(); it.Next() {
			if n++; n == 60 {
				gone = it.Item().KeyCopy(nil)
			}
		}
		return txn.Delete(gone)
	})
	if err != nil {
		t.Fatal(err)
	}
	pageToDamage(t, ix, want.total)
	for _, path := range []string{"a", "b", "c", "d"} {
		if _, _, err := ix.Findings(FindingQuery{Path: path, Limit: maxPage}); err != nil && !errors.Is(err, ErrCorrupt) {
			t.Errorf("findings of %s: %v, want ErrCorrupt or all", path, err)
		}
	}
}

// TestLockedByAReader: a process holding the store read-only (a daemon on
// a full volume, piid index verify) keeps a writer's Open and MoveAside
// out, as ErrLocked, never as damage; another reader may verify beside it.
func TestLockedByAReader(t *testing.T) {
	dir := t.TempDir()
	ix := openTest(t, dir, manual)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	reader, err := openBadger(DefaultOptions(dir).fill().badger().WithReadOnly(true))
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	if _, err := Open(DefaultOptions(dir)); !errors.Is(err, ErrLocked) || errors.Is(err, ErrCorrupt) {
		t.Errorf("open beside a reader: %v, want ErrLocked", err)
	}
	if moved, err := MoveAside(dir, time.Now()); !errors.Is(err, ErrLocked) || moved != "" {
		t.Errorf("move aside beside a reader: %q %v, want ErrLocked", moved, err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("the index was moved: %v", err)
	}
	if rep, err := Verify(DefaultOptions(dir)); err != nil || !rep.Sound() {
		t.Errorf("verify beside a reader: %v %+v", err, rep)
	}
}

// pageToDamage pages every finding of ix and wants the paging to end on
// ErrCorrupt, never as a sound but short answer (total: before the damage).
func pageToDamage(t *testing.T, ix *Index, total int) {
	t.Helper()
	got, q := 0, FindingQuery{Limit: 1000}
	for {
		page, next, err := ix.Findings(q)
		got += len(page)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Errorf("findings: %v, want ErrCorrupt", err)
			}
			return
		}
		if next == "" {
			t.Errorf("paged %d findings with no error, of %d before the damage", got, total)
			return
		}
		q.Cursor = next
	}
}
