package index

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/piid/piid/scanner"
)

// Benchmarks. Quick run (1e6 findings in the lookup index):
//
//	go test -run '^$' -bench . -benchtime 3s ./index/
//
// Lookups over 1e7 findings (builds a ~3 GB index once, a few minutes; keep
// it with PIID_BENCH_DIR to rerun without rebuilding):
//
//	PIID_BENCH_FINDINGS=10000000 PIID_BENCH_DIR=/var/tmp/piid-bench \
//	    go test -run '^$' -bench Lookup -benchtime 100000x -timeout 60m ./index/

const (
	benchPerFile  = 1000
	benchFileSize = 40 << 10 // nominal: exports hold ~25 findings per KiB
)

// benchFindings returns n findings of realistic shape for file number f.
func benchFindings(f, n int) []scanner.Finding {
	out := make([]scanner.Finding, n)
	types := []string{"email", "phone", "person_name", "date_of_birth", "iban"}
	for i := range out {
		raw := fmt.Sprintf("user%d.%d@example.org", f, i)
		out[i] = scanner.Finding{
			Type:       types[i%len(types)],
			Category:   "contact",
			Start:      int64(i * 40),
			End:        int64(i*40 + len(raw)),
			Line:       int64(i/5 + 2),
			Confidence: 0.9,
			Record:     &scanner.Record{Row: i/5 + 1, Field: types[i%len(types)]},
			Hash:       hmacHash(raw),
			Masked:     mask(raw),
		}
	}
	return out
}

// BenchmarkIndexFile indexes files of 1000 findings (nominally 40 KiB of a
// dense export each), one writer at a time and one writer per core.
func BenchmarkIndexFile(b *testing.B) {
	fs := benchFindings(0, benchPerFile)
	run := func(b *testing.B, parallel bool) {
		ix := openTest(b, b.TempDir())
		defer ix.Close()
		b.SetBytes(benchFileSize)
		b.ReportAllocs()
		b.ResetTimer()
		var n atomic.Int64
		index := func() {
			p := fmt.Sprintf("files/%08d.csv", n.Add(1))
			w, err := ix.BeginFile(p)
			if err != nil {
				b.Fatal(err)
			}
			if err := w.Add(fs); err != nil {
				b.Fatal(err)
			}
			if err := w.Commit(FileState{Size: benchFileSize}); err != nil {
				b.Fatal(err)
			}
		}
		if parallel {
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					index()
				}
			})
		} else {
			for b.Loop() {
				index()
			}
		}
		b.ReportMetric(float64(n.Load()*benchPerFile)/b.Elapsed().Seconds(), "findings/s")
		b.StopTimer()
		if st, err := ix.Stats(); err == nil && b.N > 1 {
			b.ReportMetric(float64(st.LSMBytes+st.VLogBytes)/float64(st.Findings), "disk-B/finding")
		}
	}
	b.Run("serial", func(b *testing.B) { run(b, false) })
	b.Run("parallel", func(b *testing.B) { run(b, true) })
}

// BenchmarkIndexBigFiles indexes files of 100k findings (~4 MiB of a dense
// export each), one writer per core, and reports the process's peak RSS
// and, at the end, its anonymous and file-backed parts: Badger's memtables,
// table builders and pending transactions under the heaviest write load
// (the benchmark's own findings, ~40 MiB, included). Run it as the daemon
// should run, with a soft memory limit:
//
//	GOMEMLIMIT=350MiB go test -run '^$' -bench BigFiles -benchtime 40x ./index/
func BenchmarkIndexBigFiles(b *testing.B) {
	const per = 100_000
	fs := benchFindings(0, per)
	ix := openTest(b, b.TempDir())
	defer ix.Close()
	b.SetBytes(per * benchFileSize / benchPerFile)
	var n atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			w, err := ix.BeginFile(fmt.Sprintf("big/%08d.csv", n.Add(1)))
			if err != nil {
				b.Fatal(err)
			}
			for i := 0; i < per; i += 8192 {
				if err := w.Add(fs[i:min(i+8192, per)]); err != nil {
					b.Fatal(err)
				}
			}
			if err := w.Commit(FileState{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(float64(n.Load()*per)/b.Elapsed().Seconds(), "findings/s")
	b.ReportMetric(peakRSS(), "peak-RSS-MiB")
	b.ReportMetric(procStatus("RssAnon"), "anon-RSS-MiB")
	b.ReportMetric(procStatus("RssFile"), "file-RSS-MiB")
}

// peakRSS is the process's peak resident set (VmHWM) in MiB, 0 where
// /proc is missing.
func peakRSS() float64 { return procStatus("VmHWM") }

// procStatus reads a kB field of /proc/self/status, in MiB.
func procStatus(field string) float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return float64(kb) / 1024
		}
	}
	return 0
}

// BenchmarkReplaceFile re-indexes the same file: the previous generation is
// cleaned in the background meanwhile.
func BenchmarkReplaceFile(b *testing.B) {
	ix := openTest(b, b.TempDir())
	defer ix.Close()
	fs := benchFindings(0, benchPerFile)
	b.SetBytes(benchFileSize)
	for b.Loop() {
		w, err := ix.BeginFile("same.csv")
		if err != nil {
			b.Fatal(err)
		}
		if err := w.Add(fs); err != nil {
			b.Fatal(err)
		}
		if err := w.Commit(FileState{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*benchPerFile)/b.Elapsed().Seconds(), "findings/s")
}

// BenchmarkLookup looks hashes up in an index of PIID_BENCH_FINDINGS
// findings (default 1e6) and reports latency percentiles. One lookup in
// ten is for a hash that is not there.
func BenchmarkLookup(b *testing.B) {
	total := 1_000_000
	if s := os.Getenv("PIID_BENCH_FINDINGS"); s != "" {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			b.Fatal(err)
		}
		total = int(v)
	}
	files := max(total/benchPerFile, 1)
	dir := os.Getenv("PIID_BENCH_DIR")
	if dir == "" {
		dir = lookupDir(b)
	}
	ix := openTest(b, dir)
	st, _ := ix.Stats()
	if st.Findings < int64(files*benchPerFile) {
		b.Logf("building an index of %d findings in %s", files*benchPerFile, dir)
		start := time.Now()
		for f := int(st.Files); f < files; f++ {
			w, err := ix.BeginFile(fmt.Sprintf("files/%08d.csv", f))
			if err != nil {
				b.Fatal(err)
			}
			if err := w.Add(benchFindings(f, benchPerFile)); err != nil {
				b.Fatal(err)
			}
			if err := w.Commit(FileState{}); err != nil {
				b.Fatal(err)
			}
		}
		b.Logf("built in %s", time.Since(start).Round(time.Millisecond))
	}
	// Measure a reopened index, as the daemon finds it after a restart.
	if err := ix.Close(); err != nil {
		b.Fatal(err)
	}
	ix = openTest(b, dir)
	defer ix.Close()
	st, _ = ix.Stats()
	rng := rand.New(rand.NewPCG(7, 7))
	lat := make([]time.Duration, 0, 1<<16)
	found := 0
	b.ResetTimer()
	for b.Loop() {
		f, i := rng.IntN(files), rng.IntN(benchPerFile)
		raw := fmt.Sprintf("user%d.%d@example.org", f, i)
		if rng.IntN(10) == 0 {
			raw = "absent-" + raw
		}
		h := hmacHash(raw)
		t0 := time.Now()
		got, err := ix.Lookup("", h)
		lat = append(lat, time.Since(t0))
		if err != nil {
			b.Fatal(err)
		}
		found += len(got)
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Nanoseconds()) }
	b.ReportMetric(pct(0.50), "p50-ns")
	b.ReportMetric(pct(0.99), "p99-ns")
	b.ReportMetric(float64(st.Findings), "findings")
	b.ReportMetric(float64(st.LSMBytes)/(1<<20), "lsm-MiB")
	b.ReportMetric(procStatus("RssAnon"), "anon-RSS-MiB")
	b.ReportMetric(procStatus("RssFile"), "file-RSS-MiB")
	if found == 0 {
		b.Fatal("nothing found")
	}
}

// lookupDir is one index directory shared by the runs of BenchmarkLookup
// in this process (the testing package runs it several times), removed by
// TestMain.
func lookupDir(b *testing.B) string {
	benchDir.once.Do(func() {
		benchDir.path, benchDir.err = os.MkdirTemp("", "piid-index-bench-")
	})
	if benchDir.err != nil {
		b.Fatal(benchDir.err)
	}
	return benchDir.path
}

var benchDir struct {
	once sync.Once
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir.path != "" {
		os.RemoveAll(benchDir.path)
	}
	os.Exit(code)
}

// BenchmarkSearch finds a subject's records in the same kind of index.
func BenchmarkSearch(b *testing.B) {
	ix := openTest(b, b.TempDir())
	defer ix.Close()
	for f := range 200 {
		commitFile(b, ix, fmt.Sprintf("f%d", f), benchFindings(f, benchPerFile), FileState{})
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for b.Loop() {
		raw := fmt.Sprintf("user%d.%d@example.org", rng.IntN(200), rng.IntN(benchPerFile))
		res, err := ix.Search([]Identifier{{Hash: hmacHash(raw)}})
		if err != nil || len(res.Records) != 1 {
			b.Fatal(res, err)
		}
	}
}

// BenchmarkFindingsPage pages through findings, 100 at a time.
func BenchmarkFindingsPage(b *testing.B) {
	ix := openTest(b, b.TempDir())
	defer ix.Close()
	for f := range 100 {
		commitFile(b, ix, fmt.Sprintf("f%d", f), benchFindings(f, benchPerFile), FileState{})
	}
	cursor := ""
	for b.Loop() {
		page, next, err := ix.Findings(FindingQuery{Cursor: cursor})
		if err != nil || len(page) == 0 {
			b.Fatal(err)
		}
		cursor = next
	}
}

// BenchmarkCodec compares the finding encoding with encoding/json.
func BenchmarkCodec(b *testing.B) {
	f := benchFindings(1, 2)[1]
	f.Record.Pointer = "/users/17/contact/phone"
	b.Run("binary", func(b *testing.B) {
		var buf []byte
		var g scanner.Finding
		for b.Loop() {
			buf = appendFinding(buf[:0], &f)
			if err := decodeFinding(buf, &g); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(buf)), "bytes")
	})
	b.Run("json", func(b *testing.B) {
		var buf []byte
		var g scanner.Finding
		for b.Loop() {
			buf, _ = json.Marshal(&f)
			if err := json.Unmarshal(buf, &g); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(buf)), "bytes")
	})
}
