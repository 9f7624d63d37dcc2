package scanner

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/piid/piid/patterns"
)

func testCatalog(t testing.TB) *patterns.Catalog {
	t.Helper()
	c, err := patterns.New(patterns.Options{HashKey: []byte("scanner-test-key-0123456789")})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// piiLines are realistic lines, each with at least one finding.
var piiLines = []string{
	"2024-05-01T10:00:00Z INFO login ok user=jane.doe@example.com ip=203.0.113.42",
	"Tel: +44 20 7946 0958 (office)",
	"card 4111 1111 1111 1111 exp 12/29",
	"IBAN: DE89 3704 0044 0532 0130 00",
	"Appelez le 06 12 34 56 78 svp",
	"SSN: 536-22-1234",
	"Codice fiscale: RSSMRA85T10A562S",
	"Dear John Smith,",
	"DOB: 12/03/1985",
	"NI number: AB 12 34 56 C",
	"client 2001:db8:85a3::8a2e:370:7334 connected",
}

var noiseLines = []string{
	"2024-05-01T10:00:01Z DEBUG cache hit key=session:7f3a latency_ms=3",
	"GET /api/v1/items?page=2 200 512 0.004",
	"order 2024-1234-5678 shipped, tracking 1Z999AA10123456784",
	"build 10.0.19041.1 version v1.2.3 uuid 123e4567-e89b-12d3-a456-426614174000",
	"total: 1 234 567 EUR, ratio 0.75, pid 4242",
	"Ça va très bien, grüße aus München — 東京",
}

// corpus builds n lines mixing PII and noise, deterministically.
func corpus(seed int64, n int) []byte {
	r := rand.New(rand.NewSource(seed))
	var b bytes.Buffer
	for i := 0; i < n; i++ {
		if r.Intn(4) == 0 {
			b.WriteString(piiLines[r.Intn(len(piiLines))])
		} else {
			b.WriteString(noiseLines[r.Intn(len(noiseLines))])
		}
		if r.Intn(10) == 0 {
			b.WriteString("\r")
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// testWorkers keeps one compiled worker per catalog: compiling the whole
// catalog costs milliseconds, which fuzzing would spend on every input.
var testWorkers = map[*patterns.Catalog]*worker{}

func scanWith(t testing.TB, cat *patterns.Catalog, opts Options, data []byte) []*Finding {
	t.Helper()
	w := testWorkers[cat]
	if w == nil {
		var err error
		if w, err = New(cat, opts).newWorker(); err != nil {
			t.Fatal(err)
		}
		testWorkers[cat] = w
	}
	w.s = New(cat, opts)
	w.overlap = MaxMatchLen
	w.buf = make([]byte, w.s.opts.ChunkSize+w.overlap+max(patterns.ContextBefore, maxFieldValue))
	var out []*Finding
	if _, _, err := w.scanStream(bytes.NewReader(data), "mem", func(f *Finding) { out = append(out, f) }); err != nil {
		t.Fatal(err)
	}
	return out
}

func key(f *Finding) string {
	return fmt.Sprintf("%s %d-%d L%d %.2f %s", f.Type, f.Start, f.End, f.Line, f.Confidence, f.Hash)
}

func keys(fs []*Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = key(f)
	}
	return out
}

func sameFindings(t *testing.T, got, want []*Finding) {
	t.Helper()
	g, w := keys(got), keys(want)
	if strings.Join(g, "\n") != strings.Join(w, "\n") {
		t.Fatalf("findings differ:\n got %d: %v\nwant %d: %v", len(g), g, len(w), w)
	}
}

func TestFindsWhatTheLinesHold(t *testing.T) {
	cat := testCatalog(t)
	data := []byte(strings.Join(piiLines, "\n") + "\n")
	got := scanWith(t, cat, Options{MinConfidence: 0.5}, data)
	lines := map[int64]bool{}
	for _, f := range got {
		if string(data[f.Start:f.End]) == "" {
			t.Fatalf("empty span %v", f)
		}
		// The line number must be the line the offset is on.
		if want := int64(bytes.Count(data[:f.Start], []byte("\n")) + 1); f.Line != want {
			t.Errorf("%s at %d: line %d, want %d", f.Type, f.Start, f.Line, want)
		}
		lines[f.Line] = true
	}
	for i := range piiLines {
		if !lines[int64(i+1)] {
			t.Errorf("nothing found on line %d: %q", i+1, piiLines[i])
		}
	}
	noise := []byte(strings.Join(noiseLines, "\n"))
	if fs := scanWith(t, cat, Options{MinConfidence: 0.5}, noise); len(fs) > 0 {
		for _, f := range fs {
			t.Errorf("false positive %s %q", f.Type, noise[f.Start:f.End])
		}
	}
}

// TestChunkEdgesExactlyOnce scans the same bytes whole and in chunks of
// many sizes: every match must be found once, at the same offsets.
func TestChunkEdgesExactlyOnce(t *testing.T) {
	cat := testCatalog(t)
	data := corpus(1, 3000)
	whole := scanWith(t, cat, Options{ChunkSize: len(data) + 1}, data)
	if len(whole) < 500 {
		t.Fatalf("corpus too thin: %d findings", len(whole))
	}
	for _, cs := range []int{64, 1000, 4099, 65536} {
		got := scanWith(t, cat, Options{ChunkSize: cs}, data)
		sameFindings(t, got, whole)
	}
}

// FuzzChunkedEqualsWhole scans fuzzed bytes whole and in small chunks with
// a small overlap, so that most inputs cross several chunk edges.
func FuzzChunkedEqualsWhole(f *testing.F) {
	for _, l := range piiLines {
		f.Add([]byte(l+"\n"+l), uint16(5))
	}
	f.Add(corpus(2, 40), uint16(100))
	cat := testCatalog(f)
	re, err := cat.Compile()
	if err != nil {
		f.Fatal(err)
	}
	const overlap = 96
	f.Fuzz(func(t *testing.T, data []byte, chunk uint16) {
		// The overlap only guarantees matches up to its length.
		ms, _ := re.FindAll(data, make([]int, re.Passes()), len(data)+1, nil)
		for _, m := range ms {
			if m.End-m.Start > overlap {
				t.Skip("a match longer than the test overlap")
			}
		}
		cs := int(chunk%256) + 1
		whole := scanWith(t, cat, Options{ChunkSize: len(data) + 1}, data)
		w := testWorkers[cat]
		w.s = New(cat, Options{ChunkSize: cs})
		w.overlap = overlap
		w.buf = make([]byte, cs+overlap+patterns.ContextBefore)
		var got []*Finding
		if _, _, err := w.scanStream(bytes.NewReader(data), "mem", func(f *Finding) { got = append(got, f) }); err != nil {
			t.Fatal(err)
		}
		w.overlap = MaxMatchLen
		sameFindings(t, got, whole)
	})
}

func TestGzipGivesTheSameFindings(t *testing.T) {
	cat := testCatalog(t)
	data := corpus(3, 2000)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(data)
	zw.Close()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "plain.log"), data)
	write(t, filepath.Join(dir, "packed.log.gz"), gz.Bytes())
	// A truncated copy: what decoded before the damage is still scanned.
	write(t, filepath.Join(dir, "cut.log.gz"), gz.Bytes()[:gz.Len()/2])

	res := scanDir(t, cat, Options{}, dir)
	plain, packed, cut := res["plain.log"], res["packed.log.gz"], res["cut.log.gz"]
	if plain.err != nil || packed.err != nil {
		t.Fatalf("errors: %v %v", plain.err, packed.err)
	}
	sameFindings(t, packed.findings, plain.findings)
	if cut.err == nil || !strings.Contains(cut.err.Error(), "unexpected EOF") {
		t.Fatalf("truncated gzip: want an unexpected EOF error, got %v", cut.err)
	}
	if len(cut.findings) == 0 || len(cut.findings) >= len(plain.findings) {
		t.Fatalf("truncated gzip: %d findings, want some but fewer than %d", len(cut.findings), len(plain.findings))
	}
	sameFindings(t, cut.findings, plain.findings[:len(cut.findings)])

	write(t, filepath.Join(dir, "bad.gz"), []byte{0x1f, 0x8b, 0, 1, 2, 3})
	if r := scanDir(t, cat, Options{}, dir)["bad.gz"]; r.err == nil {
		t.Fatal("a corrupt gzip header must be reported")
	}
}

type fileRes struct {
	findings []*Finding
	err      error
	skipped  bool
	done     int
}

func scanDir(t *testing.T, cat *patterns.Catalog, opts Options, paths ...string) map[string]*fileRes {
	t.Helper()
	out := map[string]*fileRes{}
	var mu sync.Mutex
	_, err := New(cat, opts).Scan(context.Background(), paths, func(r *FileResult) {
		mu.Lock()
		defer mu.Unlock()
		k := filepath.Base(r.Path)
		if out[k] == nil {
			out[k] = &fileRes{}
		}
		out[k].findings = append(out[k].findings, r.Findings...)
		if r.Done {
			out[k].err = r.Err
			out[k].skipped = r.Skipped
			out[k].done++
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	for k, r := range out {
		if r.done != 1 {
			t.Errorf("%s: %d final results, want 1", k, r.done)
		}
		sort.SliceStable(r.findings, func(i, j int) bool { return r.findings[i].Start < r.findings[j].Start })
	}
	return out
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLongSingleLine streams a line far longer than a chunk: memory stays
// bounded and offsets and line numbers stay exact.
func TestLongSingleLine(t *testing.T) {
	cat := testCatalog(t)
	const size = 48 << 20
	email := []byte(" jane.doe@example.com ")
	r := &repeatReader{fill: 'x', size: size, mark: email, every: 1 << 20}
	w, err := New(cat, Options{ChunkSize: 1 << 20}).newWorker()
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	count := 0
	n, _, err := w.scanStream(r, "long", func(f *Finding) {
		if f.Line != 1 || f.Type != "email" || (f.Start-1)%(1<<20) != 0 || f.End-f.Start != int64(len(email)-2) {
			t.Fatalf("bad finding %+v", f)
		}
		count++
	})
	if err != nil || n != size {
		t.Fatalf("read %d (%v), want %d", n, err, size)
	}
	runtime.ReadMemStats(&after)
	if count != size/(1<<20) {
		t.Fatalf("%d findings, want %d", count, size/(1<<20))
	}
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 16<<20 {
		t.Fatalf("heap grew by %d bytes scanning one long line", grown)
	}
}

// repeatReader yields size bytes of fill with mark written every `every`
// bytes, without holding them in memory.
type repeatReader struct {
	fill      byte
	size, off int
	mark      []byte
	every     int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.off >= r.size {
		return 0, io.EOF
	}
	n := min(len(p), r.size-r.off)
	for i := 0; i < n; i++ {
		pos := r.off + i
		if k := pos % r.every; k < len(r.mark) && pos+len(r.mark)-k <= r.size {
			p[i] = r.mark[k]
		} else {
			p[i] = r.fill
		}
	}
	r.off += n
	return n, nil
}

func TestInvalidUTF8AndBinary(t *testing.T) {
	cat := testCatalog(t)
	data := append([]byte{0xff, 0xfe, 0x00, 0xc3, 0x28, ' '}, []byte("contact bob@example.org \xe2\x28\xa1 SSN: 536-22-1234\x00\x01")...)
	got := scanWith(t, cat, Options{}, data)
	if len(got) != 2 {
		t.Fatalf("want email and ssn inside invalid UTF-8 and NULs, got %v", keys(got))
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "blob.bin"), data)
	if r := scanDir(t, cat, Options{SkipBinary: true}, dir)["blob.bin"]; !r.skipped || len(r.findings) != 0 {
		t.Fatalf("SkipBinary: want the binary skipped, got %+v", r)
	}
	if r := scanDir(t, cat, Options{}, dir)["blob.bin"]; r.skipped || len(r.findings) != 2 {
		t.Fatalf("binary files are scanned as bytes by default, got %+v", r)
	}
}

func TestWalkSurvivesBadEntries(t *testing.T) {
	cat := testCatalog(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a", "b", "c", "deep.txt"), []byte("mail jane.doe@example.com\n"))
	write(t, filepath.Join(dir, "skip.jpg"), []byte("mail jane.doe@example.com\n"))
	// A link loop and a dangling link inside the tree are not followed.
	if err := os.Symlink("..", filepath.Join(dir, "a", "loop")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("nowhere", filepath.Join(dir, "dangling")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	locked := filepath.Join(dir, "locked")
	write(t, filepath.Join(locked, "secret.txt"), []byte("mail x@example.com\n"))
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(locked, 0o755)

	res := scanDir(t, cat, Options{Exclude: []string{"*.jpg"}}, dir, filepath.Join(dir, "missing"))
	if r := res["deep.txt"]; r == nil || len(r.findings) != 1 || r.err != nil {
		t.Fatalf("deep.txt: %+v", r)
	}
	if res["skip.jpg"] != nil {
		t.Error("an excluded file was scanned")
	}
	if res["fifo"] != nil || res["loop"] != nil || res["dangling"] != nil {
		t.Errorf("links and FIFOs must be passed over: %v", res)
	}
	if r := res["missing"]; r == nil || !os.IsNotExist(r.err) {
		t.Errorf("a missing root must be reported, got %+v", r)
	}
	if os.Geteuid() != 0 { // root reads any folder
		if r := res["locked"]; r == nil || !os.IsPermission(r.err) {
			t.Errorf("a folder that cannot be read must be reported, got %+v", r)
		}
	}
}

func TestLinkedRootIsFollowed(t *testing.T) {
	cat := testCatalog(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "real", "a.txt"), []byte("mail jane.doe@example.com\n"))
	link := filepath.Join(dir, "link")
	if err := os.Symlink(filepath.Join(dir, "real"), link); err != nil {
		t.Fatal(err)
	}
	if r := scanDir(t, cat, Options{}, link)["a.txt"]; r == nil || len(r.findings) != 1 {
		t.Fatalf("a root that links to a folder must be walked, got %+v", r)
	}
}

func TestStdinAndCancellation(t *testing.T) {
	cat := testCatalog(t)
	res := map[string]int{}
	var mu sync.Mutex
	// Given twice, stdin is still read once, by one worker.
	_, err := New(cat, Options{Stdin: strings.NewReader("mail jane.doe@example.com\n")}).Scan(context.Background(), []string{"-", "-"}, func(r *FileResult) {
		mu.Lock()
		defer mu.Unlock()
		res[r.Path] += len(r.Findings)
	})
	if err != nil || res["-"] != 1 {
		t.Fatalf("stdin: %v %v", res, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := New(cat, Options{}).Scan(ctx, []string{t.TempDir()}, func(*FileResult) {}); err == nil {
		t.Fatal("a cancelled scan must say so")
	}
}

func TestBatchesBoundMemory(t *testing.T) {
	cat := testCatalog(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "many.txt"), bytes.Repeat([]byte("mail jane.doe@example.com\n"), 100))
	batches := 0
	total := 0
	var mu sync.Mutex
	_, err := New(cat, Options{BatchSize: 30}).Scan(context.Background(), []string{dir}, func(r *FileResult) {
		mu.Lock()
		defer mu.Unlock()
		batches++
		total += len(r.Findings)
		if len(r.Findings) > 30 {
			t.Errorf("batch of %d", len(r.Findings))
		}
	})
	if err != nil || total != 100 || batches < 4 {
		t.Fatalf("total %d in %d batches (%v)", total, batches, err)
	}
}

// ScanOpen reads the file it is given no further than the size given (the
// fstat size when opened): bytes appended meanwhile are not read.
func TestScanOpenReadsOnlyTheSize(t *testing.T) {
	cat := testCatalog(t)
	p := filepath.Join(t.TempDir(), "grows.log")
	first := "mail jane.doe@example.com\n"
	write(t, p, []byte(first+"mail john.roe@example.com\n"))
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, err := New(cat, Options{}).NewWorker()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	res := w.ScanOpen(context.Background(), p, f, int64(len(first)), func([]*Finding) {})
	if res.Err != nil || res.Bytes != int64(len(first)) || len(res.Findings) != 1 {
		t.Fatalf("bytes %d, findings %d, err %v", res.Bytes, len(res.Findings), res.Err)
	}
}

// A file the walk found that has become a link to a device by the time a
// worker opens it is skipped, not read (it would never end).
func TestWalkedFileSwappedForDevice(t *testing.T) {
	cat := testCatalog(t)
	p := filepath.Join(t.TempDir(), "app.log")
	if err := os.Symlink("/dev/zero", p); err != nil {
		t.Fatal(err)
	}
	w, err := New(cat, Options{}).newWorker()
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var last *FileResult
	w.scanPath(ctx, p, false, func(r *FileResult) { last = r })
	if ctx.Err() != nil || last == nil || !last.Skipped || last.Bytes != 0 {
		t.Fatalf("%+v (ctx %v)", last, ctx.Err())
	}
	// Named by the user, the link is followed, but a device is still not
	// a regular file.
	w.scanPath(ctx, p, true, func(r *FileResult) { last = r })
	if ctx.Err() != nil || last == nil || !last.Skipped || last.Bytes != 0 {
		t.Fatalf("named: %+v (ctx %v)", last, ctx.Err())
	}
}
