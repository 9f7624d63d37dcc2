// Package scanner owns how bytes are read and matched: the walk over
// folders, the bounded worker pool, chunked streaming with overlap (a match
// across a chunk edge is found exactly once), gzip, binary and size guards,
// and the matcher over the rure engine. It emits findings through a
// callback; it knows nothing of the index, HTTP or output formats, and must
// not import index/, dsar/ or api/.
package scanner

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner/confine"
	"github.com/piid/piid/scanner/records"
)

// Options tune a scan. Zero values work.
type Options struct {
	// Workers is the number of files scanned at once (GOMAXPROCS when 0).
	Workers int
	// MinConfidence drops findings below it.
	MinConfidence float64
	// Reveal puts the raw value in Finding.Value.
	Reveal bool
	// ChunkSize is the read size per regex call (DefaultChunkSize when 0).
	ChunkSize int
	// SkipBinary skips files with NUL bytes near their start instead of
	// scanning them as bytes.
	SkipBinary bool
	// MaxFileSize skips larger files (no limit when 0).
	MaxFileSize int64
	// MaxDecompressedSize and MaxDecompressionRatio stop reading a gzip
	// stream that decompresses past them (DefaultMaxDecompressedSize and
	// DefaultMaxDecompressionRatio when 0): the file is counted skipped.
	MaxDecompressedSize   int64
	MaxDecompressionRatio float64
	// Exclude are path globs (filepath.Match, against the base name and
	// the whole path) not to scan; a matching folder is not entered.
	Exclude []string
	// BatchSize caps the findings of one FileResult; a file with more is
	// reported in several (DefaultBatchSize when 0).
	BatchSize int
	// Stdin is what the path "-" reads (os.Stdin when nil).
	Stdin io.Reader
	// Roots are the watched folders: per-path phone_regions globs that do
	// not start with "/" match a file's path below its root.
	Roots []string
}

// DefaultBatchSize bounds the findings held for one file before they are
// handed on, so a huge file does not hold all its findings in memory.
const DefaultBatchSize = 4096

// FileResult is what a scan reports about one file: its findings (possibly
// in several batches, the last with Done set) or the error that stopped it.
type FileResult struct {
	Path     string
	Findings []*Finding
	// Done is set on a file's last result; Bytes and Err are set only then.
	Done  bool
	Bytes int64
	Err   error
	// Skipped is set when the file was passed over on purpose (binary,
	// too large); Err says why.
	Skipped bool
	// Damage, on a file's last result, is where its structure (CSV, JSON,
	// SQL) broke: findings from there on carry no record.
	Damage *records.Damage
}

// Stats sum up a scan.
type Stats struct {
	Files    int64
	Bytes    int64
	Findings int64 // not counting Ignored
	Ignored  int64 // findings of values on the ignore list (Finding.Ignored)
	Errors   int64
	Skipped  int64
	Damaged  int64 // files whose structure broke (FileResult.Damage)
	Duration time.Duration
}

// Scanner scans files with one catalog. It is safe for concurrent use.
type Scanner struct {
	cat       *patterns.Catalog
	opts      Options
	pathRules []pathRule // per-path phone_regions
}

// New returns a scanner over cat.
func New(cat *patterns.Catalog, opts Options) *Scanner {
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.ChunkSize <= 0 {
		opts.ChunkSize = DefaultChunkSize
	}
	if opts.Stdin == nil {
		opts.Stdin = os.Stdin
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBatchSize
	}
	if opts.MaxDecompressedSize <= 0 {
		opts.MaxDecompressedSize = DefaultMaxDecompressedSize
	}
	if opts.MaxDecompressionRatio <= 0 {
		opts.MaxDecompressionRatio = DefaultMaxDecompressionRatio
	}
	return &Scanner{cat: cat, opts: opts, pathRules: compilePathRegions(cat.PathRegions)}
}

// Catalog is the scanner's catalog.
func (s *Scanner) Catalog() *patterns.Catalog { return s.cat }

// Options returns the scanner's options, defaults filled in.
func (s *Scanner) Options() Options { return s.opts }

// Scan scans every path (files, or folders walked recursively; "-" is
// standard input) and calls emit with each result. emit is called from the
// workers, concurrently: it must be safe for concurrent use, and the work
// it does (encoding, indexing) then runs in parallel too. Unreadable files
// are reported through emit with Err set and do not stop the scan; Scan
// returns an error only when it could not run at all or ctx was cancelled.
func (s *Scanner) Scan(ctx context.Context, paths []string, emit func(*FileResult)) (Stats, error) {
	start := time.Now()
	var (
		st Stats
		mu sync.Mutex
	)
	report := func(r *FileResult) {
		mu.Lock()
		for _, f := range r.Findings {
			if f.Ignored {
				st.Ignored++
			} else {
				st.Findings++
			}
		}
		if r.Done {
			switch {
			case r.Skipped:
				st.Skipped++
			case r.Err != nil:
				st.Errors++
				if r.Bytes > 0 {
					st.Files++
				}
			default:
				st.Files++
			}
			st.Bytes += r.Bytes
			if r.Damage != nil {
				st.Damaged++
			}
		}
		mu.Unlock()
		emit(r)
	}
	workers := make([]*worker, s.opts.Workers)
	for i := range workers {
		w, err := s.newWorker()
		if err != nil {
			return st, err
		}
		defer w.close()
		workers[i] = w
	}

	jobs := make(chan job, 4*len(workers))
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func(w *worker) {
			defer wg.Done()
			// The regex engine keeps its fastest caches (lazy DFA states) for
			// the thread that first used them: keep each worker on one thread.
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			for j := range jobs {
				w.root = j.root
				w.scanPath(ctx, j.path, j.named, report)
			}
		}(w)
	}
	stdin := false
	for _, p := range paths {
		if ctx.Err() != nil {
			break
		}
		if p == "-" {
			// Standard input can be read once, by one worker.
			if stdin {
				continue
			}
			stdin = true
		}
		s.walk(ctx, p, jobs, report)
	}
	close(jobs)
	wg.Wait()
	st.Duration = time.Since(start)
	return st, ctx.Err()
}

// job is a file to scan; named when the user named it (a link to it is
// followed), not when the walk found it.
type job struct {
	path  string
	named bool
	root  string // the folder walked, or a named file's folder
}

// walk sends the regular files under root to jobs; what cannot be read is
// reported on results. Symbolic links inside a folder are not followed (so
// a link loop cannot trap the walk); a root given by name is.
func (s *Scanner) walk(ctx context.Context, root string, jobs chan<- job, report func(*FileResult)) {
	if root == "-" {
		jobs <- job{root, true, ""}
		return
	}
	fi, err := os.Stat(root)
	if err != nil {
		report(&FileResult{Path: root, Done: true, Err: err})
		return
	}
	if !fi.IsDir() {
		if s.excluded(root) {
			return
		}
		if !fi.Mode().IsRegular() {
			report(&FileResult{Path: root, Done: true, Skipped: true, Err: fmt.Errorf("not a regular file (%s)", fi.Mode().Type())})
			return
		}
		jobs <- job{root, true, filepath.Dir(root)}
		return
	}
	// A root that is a link to a folder is followed (WalkDir would take
	// the link itself for the root); links inside are not.
	walkRoot := root
	if li, err := os.Lstat(root); err == nil && li.Mode()&fs.ModeSymlink != 0 {
		walkRoot = root + string(filepath.Separator)
	}
	err = filepath.WalkDir(walkRoot, func(path string, d fs.DirEntry, err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			report(&FileResult{Path: path, Done: true, Err: err})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if path != walkRoot && s.excluded(path) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() {
			// Links, FIFOs, sockets and devices are passed over.
			return nil
		}
		select {
		case jobs <- job{path, false, root}:
		case <-ctx.Done():
			return ctx.Err()
		}
		return nil
	})
	if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		report(&FileResult{Path: root, Done: true, Err: err})
	}
}

func (s *Scanner) excluded(path string) bool {
	base := filepath.Base(path)
	for _, g := range s.opts.Exclude {
		if ok, _ := filepath.Match(g, base); ok {
			return true
		}
		if ok, _ := filepath.Match(g, path); ok {
			return true
		}
	}
	return false
}

// scanPath scans one file (or stdin) and sends its results. A file is
// opened once, as a regular file only (a FIFO or device swapped in after
// the walk is never read), without following a link unless the user named
// it, and read no further than the size fstat gave.
func (w *worker) scanPath(ctx context.Context, path string, named bool, report func(*FileResult)) {
	if path == "-" {
		res := w.scanReader(ctx, path, w.s.opts.Stdin, func(batch []*Finding) {
			report(&FileResult{Path: path, Findings: batch})
		})
		report(res)
		return
	}
	f, fi, err := confine.OpenRegular(path, named)
	if err != nil {
		res := &FileResult{Path: path, Done: true, Err: err}
		res.Skipped = errors.Is(err, confine.ErrNotRegular) || errors.Is(err, confine.ErrLink)
		report(res)
		return
	}
	defer f.Close()
	report(w.scanOpen(ctx, path, f, fi.Size(), func(batch []*Finding) {
		report(&FileResult{Path: path, Findings: batch})
	}))
}

// scanOpen scans the first size bytes of an open file (size guard first).
func (w *worker) scanOpen(ctx context.Context, path string, f io.ReaderAt, size int64, flush func([]*Finding)) *FileResult {
	if max := w.s.opts.MaxFileSize; max > 0 && size > max {
		return &FileResult{Path: path, Done: true, Skipped: true,
			Err: fmt.Errorf("larger than the size limit (%d > %d bytes)", size, max)}
	}
	return w.scanReader(ctx, path, io.NewSectionReader(f, 0, size), flush)
}

// scanReader scans one stream as the file path: flush receives full
// batches of findings as they fill; the returned result holds the rest.
func (w *worker) scanReader(ctx context.Context, path string, r io.Reader, flush func([]*Finding)) *FileResult {
	res := &FileResult{Path: path, Done: true}
	content, err := w.content(&ctxReader{ctx: ctx, r: r})
	if err != nil {
		res.Err = err
		return res
	}
	var batch []*Finding
	n, damage, err := w.scanStream(content, path, func(f *Finding) {
		batch = append(batch, f)
		if len(batch) >= w.s.opts.BatchSize {
			sortFindings(batch)
			flush(batch)
			batch = nil
		}
	})
	sortFindings(batch)
	res.Findings = batch
	res.Bytes = n
	res.Damage = damage
	if errors.Is(err, ErrBinary) {
		res.Skipped = true
		res.Findings = nil
	}
	if errors.Is(err, ErrDecompressionLimit) {
		res.Skipped = true // what decoded before the limit was scanned
	}
	if err != nil {
		res.Err = err
	}
	return res
}

// sortFindings puts a batch in file order: a field's value found by its
// name is reported when its row ends, after the matches in that row.
func sortFindings(fs []*Finding) {
	if !slices.IsSortedFunc(fs, byStart) {
		slices.SortStableFunc(fs, byStart)
	}
}

func byStart(a, b *Finding) int { return cmp.Compare(a.Start, b.Start) }

// ctxReader stops a long read when the scan is cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// Worker scans files one at a time with its own compiled regexes: a daemon
// keeps one per goroutine rather than compiling the catalog for each file.
// A Worker is not safe for concurrent use.
type Worker struct{ w *worker }

// NewWorker compiles the catalog for one goroutine.
func (s *Scanner) NewWorker() (*Worker, error) {
	w, err := s.newWorker()
	if err != nil {
		return nil, err
	}
	return &Worker{w: w}, nil
}

// Close frees the worker's regexes.
func (w *Worker) Close() { w.w.close() }

// ScanFile scans one file as Scan would (size and binary guards, gzip,
// records): batch receives full batches of findings in order, and the
// returned result, Done set, holds the rest, the bytes read and the error
// or damage met.
func (w *Worker) ScanFile(ctx context.Context, path string, batch func([]*Finding)) *FileResult {
	var last *FileResult
	w.w.scanPath(ctx, path, true, func(r *FileResult) {
		if r.Done {
			last = r
			return
		}
		batch(r.Findings)
	})
	return last
}

// ScanOpen scans a file already opened (confine.Roots.Open) as ScanFile
// would, reading it through f at offsets 0 to size (its fstat size), never
// past: what is appended while it is read, or a file that never ends, is
// not read. path names the findings.
func (w *Worker) ScanOpen(ctx context.Context, path string, f io.ReaderAt, size int64, batch func([]*Finding)) *FileResult {
	return w.w.scanOpen(ctx, path, f, size, batch)
}
