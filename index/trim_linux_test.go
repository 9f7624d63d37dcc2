package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/piid/piid/scanner"
)

func TestParseMapping(t *testing.T) {
	dir := "/data/piid/index"
	cases := []struct {
		line string
		want mapping
		ok   bool
	}{
		{"7f0a12340000-7f0a12540000 rw-s 00000000 fd:01 1234   /data/piid/index/000012.vlog",
			mapping{start: 0x7f0a12340000, end: 0x7f0a12540000, path: dir + "/000012.vlog", ext: ".vlog", id: 12}, true},
		{"7f0a12340000-7f0a12360000 r--s 00000000 fd:01 99 /data/piid/index/000007.sst",
			mapping{start: 0x7f0a12340000, end: 0x7f0a12360000, path: dir + "/000007.sst", ext: ".sst", id: 7}, true},
		// A private mapping: dropping its pages would lose copied-on-write data.
		{"7f0a12340000-7f0a12540000 rw-p 00000000 fd:01 1234 /data/piid/index/000012.vlog", mapping{}, false},
		// A file deleted while mapped, another folder, another kind of file, anonymous memory.
		{"7f0a12340000-7f0a12540000 rw-s 00000000 fd:01 1234 /data/piid/index/000012.vlog (deleted)", mapping{}, false},
		{"7f0a12340000-7f0a12540000 rw-s 00000000 fd:01 1234 /data/other/000012.vlog", mapping{}, false},
		{"7f0a12340000-7f0a12540000 rw-s 00000000 fd:01 1234 /data/piid/index/00001.mem", mapping{}, false},
		{"7f0a12340000-7f0a12540000 rw-s 00000000 fd:01 1234 /data/piid/index/DISCARD", mapping{}, false},
		{"7f0a12340000-7f0a12540000 rw-p 00000000 00:00 0 ", mapping{}, false},
		{"c000000000-c004000000 rw-p 00000000 00:00 0", mapping{}, false},
	}
	for _, c := range cases {
		got, ok := parseMapping([]byte(c.line), dir)
		if ok != c.ok || !reflect.DeepEqual(got, c.want) {
			t.Errorf("parseMapping(%q) = %+v, %v; want %+v, %v", c.line, got, ok, c.want, c.ok)
		}
	}
	// A path with spaces is read whole.
	got, ok := parseMapping([]byte("1000-2000 r--s 00000000 fd:01 9 /a b/000003.sst"), "/a b")
	if !ok || got.path != "/a b/000003.sst" || got.id != 3 {
		t.Errorf("path with a space: %+v %v", got, ok)
	}
}

// residentKiB sums the Rss of this process's mappings of files in dir
// with extension ext: sealed value-log files only (not the newest) when
// ext is ".vlog".
func residentKiB(t *testing.T, dir, ext string) int64 {
	t.Helper()
	maps, err := readMappings(dir)
	if err != nil {
		t.Fatal(err)
	}
	newest := newestVlogID(maps)
	var sum int64
	for _, m := range maps {
		if m.ext == ext && (ext != ".vlog" || m.id < newest) {
			sum += m.rss
		}
	}
	return sum
}

// TestTrimMapped writes findings (Badger writes their blocks through its
// mapping of the value-log files, which keeps them mapped: no trimming
// here), trims, and checks that the sealed value-log files and the
// tables left the resident set and that every finding still reads back
// the same.
func TestTrimMapped(t *testing.T) {
	dir := t.TempDir()
	ix := openTest(t, dir, manual, func(o Options) Options {
		return o.WithValueLogFileSize(1 << 20).WithMemTableSize(1 << 20).WithMappedBudget(-1)
	})
	defer ix.Close()
	var paths []string
	for i := range 6 {
		path := fmt.Sprintf("exports/part-%d.csv", i)
		commitFile(t, ix, path, synth(path, 1, 20000), FileState{Size: int64(i + 1)})
		paths = append(paths, path)
	}
	if err := ix.flushNow(); err != nil {
		t.Fatal(err)
	}
	read := func() map[string][]scanner.Finding {
		out := map[string][]scanner.Finding{}
		for _, path := range paths {
			out[path] = allFindings(t, ix, FindingQuery{Path: path, Limit: 1000})
		}
		return out
	}
	first := read()

	real, err := realDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	// Resident KiB of the sealed value-log files and of the tables, and
	// the process's RssFile in bytes.
	resident := func() (vlog, sst, file int64) {
		file, err := rssFile()
		if err != nil {
			t.Fatal(err)
		}
		return residentKiB(t, real, ".vlog"), residentKiB(t, real, ".sst"), file
	}
	vlogBefore, sstBefore, fileBefore := resident()
	if vlogBefore < 1024 {
		t.Fatalf("sealed value-log files hold %d KiB resident before the trim: the test reads too little", vlogBefore)
	}
	advised, err := ix.trimPass(real, fileBefore, 0)
	if err != nil {
		t.Fatal(err)
	}
	vlogAfter, sstAfter, fileAfter := resident()
	// The process's own count (/proc/self/status) agrees.
	if drop := (fileBefore - fileAfter) >> 10; drop < (vlogBefore-vlogAfter)/2 {
		t.Errorf("RssFile fell by %d KiB; the value-log mappings by %d", drop, vlogBefore-vlogAfter)
	}
	t.Logf("sealed value log %d → %d KiB, tables %d → %d KiB resident; %d KiB advised", vlogBefore, vlogAfter, sstBefore, sstAfter, advised>>10)
	if vlogAfter > vlogBefore/10 {
		t.Errorf("sealed value-log files: %d KiB resident after the trim, %d before", vlogAfter, vlogBefore)
	}
	if sstBefore > 0 && sstAfter > sstBefore/2 {
		t.Errorf("tables: %d KiB resident after the trim, %d before", sstAfter, sstBefore)
	}
	if len(first[paths[0]]) != 20000 {
		t.Fatalf("%d findings read back, want 20000", len(first[paths[0]]))
	}
	if again := read(); !reflect.DeepEqual(again, first) {
		t.Error("findings read after the trim differ from before")
	}
}

// TestTrimWhileBusy trims at every look (a budget of one byte) while
// files are replaced, searched and value-log GC runs, then checks the
// index is exactly what was last written (the race detector watches).
func TestTrimWhileBusy(t *testing.T) {
	dir := t.TempDir()
	ix := openTest(t, dir, func(o Options) Options {
		return o.WithValueLogFileSize(1 << 20).WithMemTableSize(1 << 20).WithMappedBudget(1)
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = ix.RunGC(ctx, 20*time.Millisecond) }()
	var wg sync.WaitGroup
	deadline := time.Now().Add(1500 * time.Millisecond)
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for v := 1; time.Now().Before(deadline); v++ {
				path := fmt.Sprintf("f%d", w)
				commitFile(t, ix, path, synth(path, v, 5000), FileState{Size: int64(v)})
				if _, err := ix.Lookup("", hmacHash("common@example.org")); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	cancel()
	counts := checkClean(t, ix)
	if counts[pFile] != 2*5000 {
		t.Errorf("%d findings in blocks, want %d", counts[pFile], 2*5000)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestTrimWritten writes into a value-log file without filling it and
// checks that what Badger wrote of it leaves the resident set.
func TestTrimWritten(t *testing.T) {
	dir := t.TempDir()
	ix := openTest(t, dir, manual, func(o Options) Options {
		return o.WithValueLogFileSize(64 << 20).WithMappedBudget(-1)
	})
	defer ix.Close()
	for i := range 3 {
		path := fmt.Sprintf("f%d", i)
		commitFile(t, ix, path, synth(path, 1, 20000), FileState{Size: 1})
	}
	real, err := realDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	newest := func() mapping {
		maps, err := readMappings(real)
		if err != nil {
			t.Fatal(err)
		}
		id := newestVlogID(maps)
		for _, m := range maps {
			if m.ext == ".vlog" && m.id == id {
				return m
			}
		}
		return mapping{}
	}
	before := newest()
	if before.rss < 1024 {
		t.Fatalf("the value-log file being written holds %d KiB resident: the test writes too little", before.rss)
	}
	f, err := os.Open(before.path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var a activeVlog
	if err := a.trimWritten(f, before.path); err != nil {
		t.Fatal(err)
	}
	after := newest()
	t.Logf("%s: %d → %d KiB resident, %d bytes trimmed", filepath.Base(before.path), before.rss, after.rss, a.trimmed)
	if after.id != before.id || after.rss > 8 {
		t.Errorf("%s: %d KiB resident after trimming what was written (%d before)", filepath.Base(after.path), after.rss, before.rss)
	}
	// Badger goes on writing into it, and reads back what it wrote.
	commitFile(t, ix, "f3", synth("f3", 1, 20000), FileState{Size: 1})
	for i := range 4 {
		path := fmt.Sprintf("f%d", i)
		if got := allFindings(t, ix, FindingQuery{Path: path, Limit: 10000}); !reflect.DeepEqual(got, storedAll(path, synth(path, 1, 20000))) {
			t.Errorf("%s: findings read back differ from those written", path)
		}
	}
	// Writing f3 mapped more of it; a pass of trimMapped trims that too.
	again := newest()
	if again.id != before.id || again.rss < 1024 {
		t.Fatalf("%s: %d KiB resident after reading it back", filepath.Base(again.path), again.rss)
	}
	if _, err := ix.trimPass(real, 1<<40, 0); err != nil {
		t.Fatal(err)
	}
	if last := newest(); last.rss > 8 {
		t.Errorf("%s: %d KiB resident after a pass (%d before)", filepath.Base(last.path), last.rss, again.rss)
	}
}
