package index

import (
	"context"
	"errors"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/piid/piid/scanner"
)

func TestBlockedNextHysteresis(t *testing.T) {
	const low, high = 100, 200
	steps := []struct {
		free int64
		want bool
	}{
		{500, false},
		{150, false}, // between the watermarks: no change
		{99, true},   // below low: stop
		{150, true},  // between: still stopped (no flapping)
		{199, true},
		{-1, true}, // unknown: no change
		{200, false},
		{150, false},
		{-1, false},
		{0, true},
	}
	blocked := false
	for i, s := range steps {
		blocked = blockedNext(blocked, s.free, low, high)
		if blocked != s.want {
			t.Errorf("step %d: free %d: blocked %v, want %v", i, s.free, blocked, s.want)
		}
	}
	// A negative low never stops writes.
	if blockedNext(false, 0, -1, 0) {
		t.Error("low -1 stopped writes")
	}
}

func TestWatermarks(t *testing.T) {
	o := DefaultOptions(t.TempDir())
	low, high := DefaultWatermarks(o)
	// Room for two value-log files, the memtables' logs, their tables and
	// their compaction, and a margin: 672 MiB; resume with one more file (928 MiB).
	if low != 2*(256<<20)+4*3*(8<<20)+(64<<20) || high != low+256<<20 {
		t.Errorf("default watermarks %d, %d", low, high)
	}
	if low < 2*o.ValueLogFileSize+int64(o.NumMemtables)*2*o.MemTableSize {
		t.Errorf("low watermark %d leaves no room for Badger's next files", low)
	}
	small := DefaultOptions("x").WithValueLogFileSize(1 << 20).WithMemTableSize(1 << 20)
	if l, h := DefaultWatermarks(small); l != 2<<20+12<<20+64<<20 || h != l+1<<20 {
		t.Errorf("watermarks follow the options: %d, %d", l, h)
	}
	for _, c := range []struct{ low, high, wantLow, wantHigh int64 }{
		{0, 0, low, high},
		{1 << 30, 2 << 30, 1 << 30, 2 << 30},
		{1 << 30, 0, 1 << 30, 1<<30 + (high - low)}, // the default gap above a set low
		{0, 100 << 20, 100 << 20, 100 << 20},        // a high alone caps the low
		{2 << 30, 1 << 30, 2 << 30, 2 << 30},        // never below low
	} {
		l, h := o.WithWatermarks(c.low, c.high).fill().watermarks()
		if l != c.wantLow || h != c.wantHigh {
			t.Errorf("WithWatermarks(%d, %d): %d, %d; want %d, %d", c.low, c.high, l, h, c.wantLow, c.wantHigh)
		}
	}
}

// fakeVolume is a volume whose free space the test sets.
type fakeVolume struct{ free atomic.Int64 }

func (v *fakeVolume) opts(o Options) Options {
	o.probe = &volumeProbe{free: func(string) (int64, error) { return v.free.Load(), nil }}
	o.RoomEvery = 5 * time.Millisecond
	return o.WithWatermarks(100<<20, 200<<20)
}

func waitRoom(t *testing.T, ix *Index, what string, ok func(Room) bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !ok(ix.Room()); {
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: %+v", what, ix.Room())
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func searchCount(t *testing.T, ix *Index, raw string) int {
	t.Helper()
	res, err := ix.Search([]Identifier{{Type: "email", Hash: hmacHash(raw)}})
	if err != nil {
		t.Fatal(err)
	}
	return len(res.Findings)
}

// Below the low watermark nothing is written, searches go on; writes
// resume by themselves above the high one.
func TestRoomStopsAndResumesWrites(t *testing.T) {
	var vol fakeVolume
	vol.free.Store(1 << 30)
	ix := openTest(t, t.TempDir(), vol.opts)
	defer ix.Close()
	commitFile(t, ix, "/a.csv", synth("a", 0, 100), FileState{Size: 1})
	var changes atomic.Int32
	ix.OnRoomChange(func(Room) { changes.Add(1) })

	vol.free.Store(50 << 20)
	waitRoom(t, ix, "writes blocked", func(r Room) bool { return r.Blocked && !r.Writable() })
	if _, err := ix.BeginFile("/b.csv"); !errors.Is(err, ErrNoSpace) {
		t.Errorf("BeginFile below the low watermark: %v, want ErrNoSpace", err)
	}
	if err := ix.RemoveFile("/a.csv"); !errors.Is(err, ErrNoSpace) {
		t.Errorf("RemoveFile below the low watermark: %v, want ErrNoSpace", err)
	}
	if n := searchCount(t, ix, "common@example.org"); n != 1 {
		t.Errorf("search while blocked: %d findings, want 1", n)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	if err := ix.WaitWritable(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("WaitWritable while blocked: %v", err)
	}
	cancel()

	// Between the watermarks: still blocked.
	vol.free.Store(150 << 20)
	time.Sleep(30 * time.Millisecond)
	if ix.Room().Writable() {
		t.Fatal("resumed between the watermarks")
	}
	waited := make(chan error, 1)
	go func() { waited <- ix.WaitWritable(context.Background()) }()
	vol.free.Store(300 << 20)
	if err := <-waited; err != nil {
		t.Fatal(err)
	}
	commitFile(t, ix, "/b.csv", synth("b", 0, 100), FileState{Size: 1})
	if n := searchCount(t, ix, "common@example.org"); n != 2 {
		t.Errorf("search after resuming: %d findings, want 2", n)
	}
	if c := changes.Load(); c != 2 {
		t.Errorf("%d room changes told, want 2", c)
	}
}

// A writer in the middle of a file when the volume fills up fails its
// next write with ErrNoSpace and leaves the file's findings as they were.
func TestRoomStopsAWriterMidFile(t *testing.T) {
	var vol fakeVolume
	vol.free.Store(1 << 30)
	ix := openTest(t, t.TempDir(), vol.opts)
	defer ix.Close()
	w, err := ix.BeginFile("/big.csv")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Add(synth("big", 0, 100)); err != nil {
		t.Fatal(err)
	}
	vol.free.Store(1 << 20)
	waitRoom(t, ix, "writes blocked", func(r Room) bool { return r.Blocked })
	if err := w.Commit(FileState{Size: 1}); !errors.Is(err, ErrNoSpace) {
		t.Fatalf("Commit below the low watermark: %v", err)
	}
	if _, ok, _ := ix.File("/big.csv"); ok {
		t.Error("a file was committed below the low watermark")
	}
	vol.free.Store(1 << 30)
	waitRoom(t, ix, "writes resumed", Room.Writable)
	commitFile(t, ix, "/big.csv", synth("big", 0, 100), FileState{Size: 1})
}

// Started below the low watermark, the index opens read-only, answers
// from what it holds, and reopens read-write once there is room.
func TestOpenReadOnlyBelowLowWatermark(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	var vol fakeVolume
	vol.free.Store(1 << 30)
	ix := openTest(t, dir, vol.opts)
	commitFile(t, ix, "/a.csv", synth("a", 0, 300), FileState{Size: 1})
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	vol.free.Store(10 << 20)
	ix = openTest(t, dir, vol.opts)
	defer ix.Close()
	if r := ix.Room(); !r.ReadOnly || !r.Blocked {
		t.Fatalf("opened below the low watermark: %+v, want read-only", r)
	}
	if n := searchCount(t, ix, "a-v0-4@example.org"); n != 1 {
		t.Errorf("search of a read-only index: %d findings, want 1", n)
	}
	if got := allFindings(t, ix, FindingQuery{Path: "/a.csv", Limit: 1000}); len(got) != 300 {
		t.Errorf("findings of a read-only index: %d, want 300", len(got))
	}
	if _, err := ix.BeginFile("/b.csv"); !errors.Is(err, ErrNoSpace) {
		t.Errorf("BeginFile on a read-only index: %v", err)
	}
	// Between the watermarks: still read-only.
	vol.free.Store(150 << 20)
	time.Sleep(30 * time.Millisecond)
	if !ix.Room().ReadOnly {
		t.Fatal("reopened between the watermarks")
	}
	vol.free.Store(1 << 30)
	if err := ix.WaitWritable(context.Background()); err != nil {
		t.Fatal(err)
	}
	if r := ix.Room(); r.ReadOnly || r.Blocked {
		t.Fatalf("after room came back: %+v", r)
	}
	commitFile(t, ix, "/b.csv", []scanner.Finding{finding("email", "b@example.org", 0, 1, nil)}, FileState{Size: 1})
	if n := searchCount(t, ix, "b@example.org"); n != 1 {
		t.Errorf("search after reopening: %d, want 1", n)
	}
	if n := searchCount(t, ix, "a-v0-4@example.org"); n != 1 {
		t.Errorf("search of the old findings after reopening: %d, want 1", n)
	}
}

// A new index cannot open read-only: with room to create one it opens
// read-write, writes stopped; with none, Open says so.
func TestOpenNewIndexBelowLowWatermark(t *testing.T) {
	var vol fakeVolume
	vol.free.Store(80 << 20)
	ix := openTest(t, filepath.Join(t.TempDir(), "index"), vol.opts)
	if r := ix.Room(); !r.Blocked || r.ReadOnly {
		t.Errorf("new index below the low watermark: %+v", r)
	}
	ix.Close()
	vol.free.Store(1 << 20)
	o := vol.opts(DefaultOptions(filepath.Join(t.TempDir(), "index")))
	if _, err := Open(o); !errors.Is(err, ErrNoSpace) {
		t.Errorf("Open of a new index with 1 MiB free: %v, want ErrNoSpace", err)
	}
}

// Closed while blocked, the index writes nothing, not even the postings
// it holds in memory: opened again read-only it gathers them from their
// blocks, in memory, and a search finds them; read-write, it writes them.
func TestCloseBlockedKeepsPostingsFindable(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	var vol fakeVolume
	vol.free.Store(1 << 30)
	ix := openTest(t, dir, vol.opts)
	commitFile(t, ix, "/a.csv", synth("a", 0, 50), FileState{Size: 1})
	vol.free.Store(10 << 20)
	waitRoom(t, ix, "writes blocked", func(r Room) bool { return r.Blocked })
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix = openTest(t, dir, vol.opts)
	defer ix.Close()
	if !ix.Room().ReadOnly {
		t.Fatal("not read-only")
	}
	if n := searchCount(t, ix, "a-v0-4@example.org"); n != 1 {
		t.Errorf("read-only, postings never written: %d findings, want 1", n)
	}
	vol.free.Store(1 << 30)
	waitRoom(t, ix, "read-write", Room.Writable)
	if n := searchCount(t, ix, "a-v0-4@example.org"); n != 1 {
		t.Errorf("read-write again: %d findings, want 1", n)
	}
}

// Each file looks at the free space before it starts and before it
// commits, not only the periodic look.
func TestRoomLookedAtPerFile(t *testing.T) {
	var vol fakeVolume
	vol.free.Store(1 << 30)
	ix := openTest(t, t.TempDir(), vol.opts, func(o Options) Options { o.RoomEvery = time.Hour; return o })
	defer ix.Close()
	told := make(chan Room, 4)
	ix.OnRoomChange(func(r Room) { told <- r })
	w, err := ix.BeginFile("/a.csv")
	if err != nil {
		t.Fatal(err)
	}
	vol.free.Store(1 << 20)
	if err := w.Commit(FileState{Size: 1}); !errors.Is(err, ErrNoSpace) {
		t.Errorf("Commit with 1 MiB free: %v, want ErrNoSpace", err)
	}
	if _, err := ix.BeginFile("/b.csv"); !errors.Is(err, ErrNoSpace) {
		t.Errorf("BeginFile with 1 MiB free: %v, want ErrNoSpace", err)
	}
	select {
	case r := <-told:
		if !r.Blocked || r.Free != 1<<20 {
			t.Errorf("told %+v", r)
		}
	case <-time.After(5 * time.Second):
		t.Error("the change was not told")
	}
}

// An index closed while still read-only closes cleanly, and opens again.
func TestCloseReadOnly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	var vol fakeVolume
	vol.free.Store(1 << 30)
	ix := openTest(t, dir, vol.opts)
	commitFile(t, ix, "/a.csv", synth("a", 0, 10), FileState{Size: 1})
	ix.Close()
	vol.free.Store(1 << 20)
	ix = openTest(t, dir, vol.opts)
	if !ix.Room().ReadOnly {
		t.Fatal("not read-only")
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	vol.free.Store(1 << 30)
	ix = openTest(t, dir, vol.opts)
	defer ix.Close()
	if n := searchCount(t, ix, "a-v0-4@example.org"); n != 1 {
		t.Errorf("after a read-only run: %d findings, want 1", n)
	}
}
