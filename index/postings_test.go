package index

import (
	"context"
	"fmt"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// crashClose stops the index as a kill -9 would leave it: what memory
// holds is not written.
func crashClose(t *testing.T, ix *Index) {
	t.Helper()
	ix.cancel()
	<-ix.done
	<-ix.postDone
	<-ix.wbDone
	ix.life.Lock()
	ix.closed = true
	ix.life.Unlock()
	if err := ix.db.Close(); err != nil {
		t.Fatal(err)
	}
}

// Postings still in memory at a crash are gathered again from the blocks
// at Open, and their unposted markers go once they are written.
func TestUnpostedRecovery(t *testing.T) {
	dir := t.TempDir()
	ix := openTest(t, dir, manual)
	a, b := synth("a", 1, 3000), synth("b", 1, 500)
	commitFile(t, ix, "a.csv", a, FileState{Size: 1})
	if err := ix.flushNow(); err != nil {
		t.Fatal(err)
	}
	commitFile(t, ix, "b.csv", b, FileState{Size: 1})
	if n := keyCounts(t, ix)[pUnposted]; n != 1 {
		t.Fatalf("%d unposted markers, want 1 (b.csv's)", n)
	}
	crashClose(t, ix)

	ix = openTest(t, dir, manual)
	defer ix.Close()
	for path, fs := range map[string][]int{"a.csv": {1, 2999}, "b.csv": {1, 499}} {
		src := a
		if path == "b.csv" {
			src = b
		}
		for _, i := range fs {
			got, err := ix.Lookup("", src[i].Hash)
			if err != nil || len(got) != 1 || got[0].Path != path || got[0].Start != src[i].Start {
				t.Fatalf("%s finding %d after the crash: %+v %v", path, i, got, err)
			}
		}
	}
	if err := ix.flushNow(); err != nil {
		t.Fatal(err)
	}
	if n := keyCounts(t, ix)[pUnposted]; n != 0 {
		t.Fatalf("%d unposted markers after the flush", n)
	}
	// A crash between a flush and its markers' deletion gathers postings
	// that are already written: each finding is still found once, in
	// memory and written twice, and compaction keeps one.
	var id, gen uint64
	for g, w := range ix.pmem.active.gens {
		t.Fatalf("memory holds generation %d of %d after the flush", g, w.id)
	}
	if err := ix.view(func(txn *badger.Txn) error {
		var err error
		id, _, err = idOf(txn, "a.csv")
		if err == nil {
			gen, _, _, err = stateOf(txn, id)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	ps, err := ix.genPostings(id, gen)
	if err != nil || len(ps) != len(a) {
		t.Fatalf("%d postings of a.csv, want %d: %v", len(ps), len(a), err)
	}
	for round := range 2 {
		ix.addPostings(id, gen, ps)
		if got, err := ix.Lookup("", a[7].Hash); err != nil || len(got) != 1 {
			t.Fatalf("round %d: a duplicated posting found %d times: %v", round, len(got), err)
		}
		if err := ix.flushNow(); err != nil {
			t.Fatal(err)
		}
	}
	if got := checkClean(t, ix)[pHash]; got != len(a)+len(b) {
		t.Fatalf("%d postings after compaction, want %d", got, len(a)+len(b))
	}
}

// Values pile up one per bucket and flush; compaction merges them by
// tier, drops the postings of replaced generations and keeps every
// lookup's answer.
func TestPostingsCompaction(t *testing.T) {
	ix := openTest(t, t.TempDir(), manual)
	defer ix.Close()
	const files, n = 6, 2000
	for v := 1; v <= 3; v++ {
		for f := range files {
			commitFile(t, ix, fmt.Sprintf("f%d.csv", f), synth(fmt.Sprintf("f%d", f), v, n), FileState{Size: int64(v)})
			if err := ix.flushNow(); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := ix.compact(context.Background(), false); err != nil {
		t.Fatal(err)
	}
	for b, runs := range ix.inv {
		per := map[int]int{}
		for _, r := range runs {
			if per[tierOf(r.count)]++; per[tierOf(r.count)] >= mergeWidth {
				t.Fatalf("bucket %d: %d values of tier %d after compaction", b, per[tierOf(r.count)], tierOf(r.count))
			}
		}
	}
	lookups := func(what string) {
		for f := range files {
			fs := synth(fmt.Sprintf("f%d", f), 3, n)
			for _, i := range []int{1, n/2 + 1, n - 1} {
				got, err := ix.Lookup("", fs[i].Hash)
				if err != nil || len(got) != 1 || got[0].Start != fs[i].Start {
					t.Fatalf("%s: f%d finding %d: %+v %v", what, f, i, got, err)
				}
			}
			old := synth(fmt.Sprintf("f%d", f), 1, 2)[1]
			if got, _ := ix.Lookup("", old.Hash); len(got) != 0 {
				t.Fatalf("%s: a replaced value found: %+v", what, got)
			}
		}
		// "common" is in every version of every file: once per file now.
		if got, _ := ix.Lookup("", hmacHash("common@example.org")); len(got) != files*((n+999)/1000) {
			t.Fatalf("%s: common value found %d times", what, len(got))
		}
	}
	lookups("after tiered compaction")
	if err := ix.compact(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	lookups("after a full compaction")
	if got := keyCounts(t, ix)[pHash]; got != files*n {
		t.Fatalf("%d postings stored after a full compaction, want %d", got, files*n)
	}
}

// Postings of a writer not committed yet may be written (a flush, Close);
// after a crash its generation and path id are never given out again, so
// they can never pass for a later file's.
func TestFlushedUncommittedNotReused(t *testing.T) {
	dir := t.TempDir()
	ix := openTest(t, dir, manual)
	w, err := ix.BeginFile("new.csv")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Add(synth("old", 1, 100)); err != nil {
		t.Fatal(err)
	}
	if err := ix.flushNow(); err != nil {
		t.Fatal(err)
	}
	id, gen := w.id, w.gen
	crashClose(t, ix)

	ix = openTest(t, dir, manual)
	defer ix.Close()
	w, err = ix.BeginFile("new.csv")
	if err != nil {
		t.Fatal(err)
	}
	if w.gen <= gen || w.id <= id {
		t.Fatalf("after the crash: path id %d, generation %d given out again (had %d, %d)", w.id, w.gen, id, gen)
	}
	fresh := synth("new", 1, 100)
	if err := w.Add(fresh); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(FileState{}); err != nil {
		t.Fatal(err)
	}
	if got, err := ix.Lookup("", synth("old", 1, 2)[1].Hash); err != nil || len(got) != 0 {
		t.Fatalf("the crashed writer's value: %+v %v", got, err)
	}
	if got, err := ix.Lookup("", fresh[1].Hash); err != nil || len(got) != 1 {
		t.Fatalf("the new value: %+v %v", got, err)
	}
	checkClean(t, ix)
}

// A file with more postings than memory holds before Add waits, left in
// memory by a crash, is gathered again at Open without the poster (which
// is not running yet): Open returns, and every finding is found.
func TestRecoverLargeGeneration(t *testing.T) {
	flush := numBuckets // one posting per bucket and run: 21k findings
	if *long {
		flush = defaultFlushPostings // 1.3M findings
	}
	opts := []func(Options) Options{manual, flushEvery(flush)}
	dir := t.TempDir()
	ix := openTest(t, dir, opts...)
	big := synth("big", 1, 5*flush+1000) // past a frozen run and four more
	commitFile(t, ix, "big.jsonl", big, FileState{Size: 1})
	if n := keyCounts(t, ix)[pUnposted]; n != 1 {
		t.Fatalf("%d unposted markers, want 1", n)
	}
	crashClose(t, ix)
	opened := make(chan *Index)
	go func() { opened <- openTest(t, dir, opts...) }()
	select {
	case ix = <-opened:
	case <-time.After(2 * time.Minute):
		t.Fatal("Open did not return")
	}
	defer ix.Close()
	for _, i := range []int{1, len(big) / 2, len(big) - 1} {
		got, err := ix.Lookup("", big[i].Hash)
		if err != nil || len(got) != 1 || got[0].Start != big[i].Start {
			t.Fatalf("finding %d after the crash: %+v %v", i, got, err)
		}
	}
}
