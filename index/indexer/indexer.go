// Package indexer keeps an index current: it watches folders, scans the
// files that change with long-lived scanner workers and replaces their
// findings in the index, one atomic generation per file; a reconcile walk
// at start and on a period catches what the watcher missed. It also runs
// the scans and subject searches the HTTP API asks for.
package indexer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/piid/piid/api"
	"github.com/piid/piid/index"
	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
	"github.com/piid/piid/scanner/confine"
	"github.com/piid/piid/scanner/watch"
)

// Options configure an Indexer. Roots is required.
type Options struct {
	// Roots are the folders watched and kept indexed.
	Roots []string
	// Confine opens every file indexed (beneath Roots, no link followed,
	// when nil).
	Confine *confine.Roots
	// Workers scan files at once (one per CPU when 0).
	Workers int
	// ReconcileEvery is the period of the backstop walk (10m when 0).
	ReconcileEvery time.Duration
	// Quiet is how long a file must rest before it is rescanned (500ms
	// when 0).
	Quiet time.Duration
	// Exclude says which paths are not indexed (the daemon's own data).
	Exclude func(path string) bool
	Logger  *slog.Logger
	// Registry receives the indexer's metrics (none when nil).
	Registry prometheus.Registerer
	// Observer, when set, sees what is indexed (the erasure tombstones).
	Observer Observer
}

// Observer is told of each batch of findings a file's indexing writes,
// then whether the file's new findings were committed. Observe must be
// quick and must not keep fs.
type Observer interface {
	Observe(path string, fs []scanner.Finding)
	Indexed(path string, committed bool)
}

// Indexer is the daemon's engine. It implements api.Backend.
type Indexer struct {
	ix   *index.Index
	sc   *scanner.Scanner
	cat  *patterns.Catalog
	opts Options
	log  *slog.Logger
	q    *queue
	m    *metrics
	fs   *confine.Roots

	ready    atomic.Bool
	watcher  atomic.Pointer[watch.Watcher]
	mu       sync.Mutex
	jobs     map[string]*job
	nextJob  uint64
	reconcMu sync.Mutex // one reconcile walk at a time
}

// New returns an indexer over ix, scanning with sc.
func New(ix *index.Index, sc *scanner.Scanner, opts Options) (*Indexer, error) {
	if len(opts.Roots) == 0 {
		return nil, errors.New("indexer: no folder to watch")
	}
	for i, r := range opts.Roots {
		abs, err := filepath.Abs(r)
		if err != nil {
			return nil, fmt.Errorf("indexer: %w", err)
		}
		fi, err := os.Stat(abs)
		if err != nil {
			return nil, fmt.Errorf("indexer: watch %s: %w", r, err)
		}
		if !fi.IsDir() {
			return nil, fmt.Errorf("indexer: watch %s: not a folder", r)
		}
		opts.Roots[i] = filepath.Clean(abs)
	}
	if opts.Workers <= 0 {
		opts.Workers = min(runtime.NumCPU(), runtime.GOMAXPROCS(0))
	}
	if opts.ReconcileEvery <= 0 {
		opts.ReconcileEvery = 10 * time.Minute
	}
	if opts.Quiet <= 0 {
		opts.Quiet = 500 * time.Millisecond
	}
	if opts.Exclude == nil {
		opts.Exclude = func(string) bool { return false }
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	roots := opts.Confine
	if roots == nil {
		var err error
		if roots, err = confine.New(opts.Roots, false); err != nil {
			return nil, fmt.Errorf("indexer: %w", err)
		}
	}
	d := &Indexer{ix: ix, sc: sc, cat: sc.Catalog(), opts: opts, log: log, q: newQueue(), jobs: map[string]*job{}, fs: roots}
	d.m = newMetrics(opts.Registry, d)
	return d, nil
}

// Run indexes until ctx ends: it rescans what a crash left half-indexed,
// starts the watcher, walks the roots once (then the indexer is ready) and
// again on a period or when the watcher lost events. It returns after the
// workers have finished the files they were scanning.
func (d *Indexer) Run(ctx context.Context) error {
	inflight, err := d.ix.InFlight()
	if err != nil {
		return err
	}
	for _, p := range inflight {
		d.log.Info("rescanning a file whose indexing was interrupted", "path", p)
		d.q.push(p, true, nil)
	}
	if err := d.ix.Cleanup(ctx); err != nil && ctx.Err() == nil {
		d.log.Warn("index cleanup", "error", err)
	}

	w, err := watch.New(watch.Options{
		Roots:   d.opts.Roots,
		Quiet:   d.opts.Quiet,
		Exclude: func(p string, _ bool) bool { return d.opts.Exclude(p) },
		Logger:  d.log,
	})
	if err != nil {
		return fmt.Errorf("indexer: %w", err)
	}
	d.watcher.Store(w)

	var wg sync.WaitGroup
	workers := make([]*scanner.Worker, d.opts.Workers)
	for i := range workers {
		sw, err := d.sc.NewWorker()
		if err != nil {
			w.Close()
			return err
		}
		workers[i] = sw
	}
	for _, sw := range workers {
		wg.Add(1)
		go func(sw *scanner.Worker) {
			defer wg.Done()
			defer sw.Close()
			// The regex engine keeps its fastest caches for the thread that
			// first used them: this worker keeps its thread, and that
			// thread gives way to the HTTP API's, so that a search is
			// answered in milliseconds while both cores scan. The thread
			// is never unlocked: it ends with the worker, nice value and
			// all.
			runtime.LockOSThread()
			if err := lowerThreadPriority(workerNice); err != nil {
				d.log.Debug("indexer: cannot lower the worker's priority", "error", err)
			}
			for {
				it, ok := d.q.pop()
				if !ok {
					return
				}
				d.process(ctx, sw, it)
			}
		}(sw)
	}

	watchDone := make(chan error, 1)
	go func() { watchDone <- w.Run(ctx) }()
	go d.follow(ctx, w)
	go func() { _ = d.ix.RunGC(ctx, 10*time.Minute) }()

	d.reconcile(ctx)
	d.ready.Store(true)
	tick := time.NewTicker(d.opts.ReconcileEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			for _, it := range d.q.close() {
				for _, j := range it.jobs {
					j.fail()
				}
			}
			wg.Wait()
			<-watchDone
			return nil
		case <-tick.C:
			d.reconcile(ctx)
		case <-w.Reconcile():
			st := w.Stats()
			d.m.watchOverflows.Inc()
			d.log.Warn("file events were lost: reconciling", "overflows", st.Overflows, "watch_errors", st.WatchErrors)
			d.reconcile(ctx)
		}
	}
}

// follow turns the watcher's events into queued scans and removals.
func (d *Indexer) follow(ctx context.Context, w *watch.Watcher) {
	for ev := range w.Events() {
		d.m.watchEvents.WithLabelValues(strings.ToLower(ev.Op.String())).Inc()
		switch ev.Op {
		case watch.Changed:
			d.q.push(ev.Path, false, nil)
		case watch.Removed:
			d.remove(ev.Path)
		case watch.RemovedTree:
			d.removeTree(ev.Path)
		}
		if ctx.Err() != nil {
			return
		}
	}
}

func (d *Indexer) watched() int {
	if w := d.watcher.Load(); w != nil {
		return w.Stats().Watched
	}
	return 0
}

// IndexWrites implements api.WriteStater: whether the index takes writes,
// and if not, why.
func (d *Indexer) IndexWrites() (blocked bool, detail string) {
	r := d.ix.Room()
	switch {
	case r.ReadOnly:
		return true, fmt.Sprintf("the data volume has %d bytes free, below the low watermark (%d): the index is open read-only until free space is back above %d; searches and reports are served from what is indexed",
			r.Free, r.Low, r.High)
	case r.Blocked:
		return true, fmt.Sprintf("the data volume has %d bytes free, below the low watermark (%d): indexing waits until free space is back above %d; searches and reports are served from what is indexed",
			r.Free, r.Low, r.High)
	}
	return false, ""
}

// Ready implements api.Backend.
func (d *Indexer) Ready() error {
	if err := d.ix.Sound(); err != nil {
		return err
	}
	if !d.ready.Load() {
		return errors.New("the first reconcile walk is not done")
	}
	return nil
}

// remove drops a deleted file from the index.
func (d *Indexer) remove(path string) {
	if _, ok, _ := d.ix.File(path); !ok {
		return
	}
	if err := d.ix.RemoveFile(path); errors.Is(err, index.ErrNoSpace) {
		d.q.push(path, false, nil) // removed once there is room
		return
	} else if err != nil {
		d.log.Warn("index: remove", "path", path, "error", err)
		return
	}
	d.m.removed.Inc()
}

// removeTree drops every indexed file under dir.
func (d *Indexer) removeTree(dir string) {
	prefix := dir + string(filepath.Separator)
	var gone []string
	_ = d.ix.Files(func(s index.FileState) bool {
		if strings.HasPrefix(s.Path, prefix) {
			gone = append(gone, s.Path)
		}
		return true
	})
	for _, p := range gone {
		d.remove(p)
	}
}

// reconcile walks the roots: changed or new files are queued, indexed
// files that are gone are dropped. It is the backstop for lost events and
// for filesystems that send none.
// workerNice is the nice value of the scanning threads (the API's and
// Badger's stay at the process's): at 19 a normal thread gets about 60
// times their share of a busy core, so searches stay fast while every
// core scans (measured on 2 cores, 3.6M findings, searching while
// indexing: p99 73 ms at nice 0, 9 ms at 19 with two spare Ps), and
// indexing, bound by Badger, loses nothing.
const workerNice = 19

func (d *Indexer) reconcile(ctx context.Context) {
	d.reconcMu.Lock()
	defer d.reconcMu.Unlock()
	start := time.Now()
	seen := map[string]bool{}
	queued := 0
	for _, root := range d.opts.Roots {
		_ = d.fs.Walk(root, func(p string, e fs.DirEntry, err error) error {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if err != nil {
				d.log.Warn("reconcile: cannot read", "path", p, "error", err)
				d.m.errors.WithLabelValues(reason(err)).Inc()
				return nil // WalkDir skips what it cannot read
			}
			if d.opts.Exclude(p) {
				if e.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !e.Type().IsRegular() {
				return nil
			}
			seen[p] = true
			fi, err := e.Info()
			if err != nil {
				return nil
			}
			size, mtime, inode := stat(fi)
			if !d.ix.Unchanged(p, size, mtime, inode) {
				d.q.push(p, false, nil)
				queued++
			}
			return nil
		})
	}
	if ctx.Err() != nil {
		return
	}
	var gone []string
	_ = d.ix.Files(func(s index.FileState) bool {
		if !seen[s.Path] {
			gone = append(gone, s.Path)
		}
		return true
	})
	for _, p := range gone {
		// Seen as gone by the walk; a file created since is queued again
		// by its own event.
		fi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) || !d.fs.Within(p) || (err == nil && !fi.Mode().IsRegular() && !d.fs.Follow()) {
			d.remove(p)
		}
	}
	dur := time.Since(start)
	d.m.reconcileDuration.Observe(dur.Seconds())
	d.m.reconcileLastOK.SetToCurrentTime()
	d.log.Info("reconciled", "files", len(seen), "queued", queued, "removed", len(gone), "duration", dur.Round(time.Millisecond))
}

// fileResult is what indexing one file gave, for the jobs waiting on it.
type fileResult struct {
	bytes, findings int64
	err             error
	retry           bool // the index had no room: queued again, as it was
}

// process indexes one queued file and reports to the scans waiting on it.
// While the index takes no writes (a full data volume) the file waits.
func (d *Indexer) process(ctx context.Context, sw *scanner.Worker, it *item) {
	defer d.q.done(it.path)
	res := fileResult{err: d.ix.WaitWritable(ctx)}
	if res.err == nil {
		res = d.indexFile(ctx, sw, it.path, it.force)
	}
	if res.retry {
		d.q.push(it.path, it.force, nil)
		for _, j := range it.jobs {
			d.q.push(it.path, it.force, j)
		}
		return
	}
	for _, j := range it.jobs {
		j.fileDone(res)
	}
}

// indexFile scans path and replaces its findings in the index, unless it
// is unchanged. A file that is gone is dropped from the index. The file is
// opened once (confine: beneath a root, no link, regular only); its fstat
// says whether it changed, and the content hash and the scan read that
// descriptor up to the fstat size.
func (d *Indexer) indexFile(ctx context.Context, sw *scanner.Worker, path string, force bool) fileResult {
	if d.opts.Exclude(path) || !d.fs.Within(path) {
		return fileResult{}
	}
	f, fi, err := d.fs.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		d.remove(path)
		return fileResult{}
	}
	if errors.Is(err, confine.ErrLink) || errors.Is(err, confine.ErrNotRegular) || errors.Is(err, confine.ErrOutside) {
		// Not read, and what was indexed under that name is no longer
		// there to be found.
		d.log.Info("not indexed", "path", path, "reason", err)
		d.m.errors.WithLabelValues(reason(err)).Inc()
		d.remove(path)
		return fileResult{}
	}
	if err != nil {
		d.m.errors.WithLabelValues(reason(err)).Inc()
		return fileResult{err: err}
	}
	defer f.Close()
	size, mtime, inode := stat(fi)
	// The state as last indexed, read once: the same stat, or (touched,
	// not changed) the same bytes, and the file is not rescanned.
	old, indexed, _ := d.ix.File(path)
	indexed = indexed && !force && old.Error == "" && old.Size == size
	if indexed && old.ModTime == mtime && old.Inode == inode {
		d.m.skipped.Inc()
		return fileResult{bytes: old.Bytes, findings: int64(old.Findings)}
	}
	hash, err := contentHash(ctx, f, size)
	if ctx.Err() != nil {
		return fileResult{err: ctx.Err()}
	}
	if err != nil {
		d.m.errors.WithLabelValues(reason(err)).Inc()
		return fileResult{err: err}
	}
	if indexed && old.ContentHash == hash {
		d.m.skipped.Inc()
		return fileResult{bytes: old.Bytes, findings: int64(old.Findings)}
	}
	start := time.Now()
	w, err := d.ix.BeginFile(path)
	if errors.Is(err, index.ErrNoSpace) {
		return fileResult{retry: true}
	}
	if err != nil {
		d.m.errors.WithLabelValues("index").Inc()
		d.log.Error("index: begin", "path", path, "error", err)
		return fileResult{err: err}
	}
	var (
		addErr error
		batch  []scanner.Finding
		byType = map[string]int{}
	)
	ignored := 0
	add := func(fs []*scanner.Finding) {
		batch = batch[:0]
		for _, f := range fs {
			batch = append(batch, *f)
			if f.Ignored { // indexed, marked, but not counted as found
				ignored++
			} else {
				byType[f.Type]++
			}
		}
		if addErr == nil {
			addErr = w.Add(batch)
		}
		if d.opts.Observer != nil && addErr == nil {
			d.opts.Observer.Observe(path, batch)
		}
	}
	committed := false
	if d.opts.Observer != nil {
		defer func() { d.opts.Observer.Indexed(path, committed) }()
	}
	res := sw.ScanOpen(ctx, path, f, size, add)
	add(res.Findings)
	if addErr == nil && ctx.Err() == nil {
		// The volume may have filled up during the scan.
		_ = d.ix.WaitWritable(ctx)
	}
	if ctx.Err() != nil || addErr != nil {
		_ = w.Abort()
		if errors.Is(addErr, index.ErrNoSpace) {
			return fileResult{retry: true}
		}
		if addErr != nil {
			d.m.errors.WithLabelValues("index").Inc()
			d.log.Error("index: add", "path", path, "error", addErr)
			return fileResult{err: addErr}
		}
		return fileResult{err: ctx.Err()}
	}
	st := index.FileState{Path: path, Size: size, ModTime: mtime, Inode: inode, ContentHash: hash,
		ScannedAt: time.Now(), Bytes: res.Bytes}
	if res.Err != nil {
		st.Error = res.Err.Error()
		d.m.errors.WithLabelValues(reason(res.Err)).Inc()
		d.log.Warn("scan", "path", path, "error", res.Err)
	}
	if err := w.Commit(st); errors.Is(err, index.ErrNoSpace) {
		return fileResult{retry: true}
	} else if err != nil {
		d.m.errors.WithLabelValues("index").Inc()
		d.log.Error("index: commit", "path", path, "error", err)
		return fileResult{err: err}
	}
	committed = true
	if res.Damage != nil {
		d.m.malformed.Inc()
		d.log.Warn("malformed", "path", path, "error", res.Damage)
	}
	n := 0
	for t, c := range byType {
		d.m.findings.WithLabelValues(t).Add(float64(c))
		n += c
	}
	d.m.ignored.Add(float64(ignored))
	d.m.files.Inc()
	d.m.bytes.Add(float64(res.Bytes))
	d.m.fileDuration.Observe(time.Since(start).Seconds())
	d.log.Debug("indexed", "path", path, "findings", n, "bytes", res.Bytes)
	return fileResult{bytes: res.Bytes, findings: int64(n), err: res.Err}
}

// contentHash hashes the first size bytes of f, stopping when ctx ends.
func contentHash(ctx context.Context, f io.ReaderAt, size int64) (uint64, error) {
	h, _, err := index.ContentHash(ctxReader{ctx, io.NewSectionReader(f, 0, size)})
	return h, err
}

// ctxReader stops a long read once ctx ends (the daemon is stopping).
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// stat is what tells a file unchanged: size, mtime (ns) and inode.
func stat(fi fs.FileInfo) (size, mtime int64, inode uint64) {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		inode = st.Ino
	}
	return fi.Size(), fi.ModTime().UnixNano(), inode
}

// reason is an error's metric label: a small fixed set.
func reason(err error) string {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return "permission"
	case errors.Is(err, fs.ErrNotExist):
		return "not_found"
	case errors.Is(err, scanner.ErrBinary):
		return "binary"
	case errors.Is(err, scanner.ErrDecompressionLimit):
		return "decompression_limit"
	case errors.Is(err, confine.ErrLink):
		return "link"
	case errors.Is(err, confine.ErrNotRegular):
		return "not_regular"
	case errors.Is(err, confine.ErrOutside):
		return "outside"
	case strings.Contains(err.Error(), "gzip"):
		return "gzip"
	}
	return "read"
}

// job is an API scan: the files of its paths, counted as they finish.
type job struct {
	mu       sync.Mutex
	st       api.ScanStatus
	pending  int
	walkDone bool
	failed   bool
}

func (j *job) add() {
	j.mu.Lock()
	j.pending++
	j.mu.Unlock()
}

func (j *job) fileDone(r fileResult) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.pending--
	j.st.Files++
	j.st.Bytes += r.bytes
	j.st.Findings += r.findings
	if r.err != nil {
		j.st.Errors++
	}
	j.settle()
}

func (j *job) fail() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.failed = true
	j.st.Status = "failed"
}

// settle marks the job done once every file is in and the walk is over.
func (j *job) settle() {
	if j.failed {
		j.st.Status = "failed"
	} else if j.walkDone && j.pending == 0 {
		j.st.Status = "done"
	}
}

func (j *job) status() api.ScanStatus {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.st
}

// StartScan implements api.Backend: the files under paths are rescanned
// (whether changed or not) and the scan's status can be polled.
func (d *Indexer) StartScan(ctx context.Context, paths []string) (api.ScanStatus, error) {
	var clean []string
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return api.ScanStatus{}, fmt.Errorf("%w: %s", api.ErrNotFound, p)
		}
		abs = filepath.Clean(abs)
		if !d.fs.Within(abs) {
			return api.ScanStatus{}, fmt.Errorf("%w: %s", api.ErrOutsideRoots, p)
		}
		// Reached through a link (unless following is on): outside too.
		if _, err := d.fs.Lstat(abs); errors.Is(err, confine.ErrLink) || errors.Is(err, confine.ErrOutside) {
			return api.ScanStatus{}, fmt.Errorf("%w: %s: %v", api.ErrOutsideRoots, p, err)
		} else if err != nil {
			return api.ScanStatus{}, fmt.Errorf("%w: %s", api.ErrNotFound, p)
		}
		clean = append(clean, abs)
	}
	d.mu.Lock()
	d.nextJob++
	id := "scan-" + strconv.FormatUint(d.nextJob, 10)
	j := &job{st: api.ScanStatus{ID: id, Status: "running"}}
	d.jobs[id] = j
	d.mu.Unlock()
	go func() {
		for _, root := range clean {
			_ = d.fs.Walk(root, func(p string, e fs.DirEntry, err error) error {
				if err != nil || d.opts.Exclude(p) {
					if err == nil && e.IsDir() {
						return filepath.SkipDir
					}
					return nil
				}
				if e.Type().IsRegular() {
					j.add()
					d.q.push(p, true, j)
				}
				return nil
			})
		}
		j.mu.Lock()
		j.walkDone = true
		j.settle()
		j.mu.Unlock()
	}()
	return j.status(), nil
}

// Reindex indexes the paths now, whatever their state, and returns once
// they are done (an erasure's rewritten files).
func (d *Indexer) Reindex(ctx context.Context, paths []string) error {
	st, err := d.StartScan(ctx, paths)
	if err != nil {
		return err
	}
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		if s, ok := d.Scan(st.ID); !ok || s.Status != "running" {
			if ok && s.Status == "failed" {
				return errors.New("indexer: the rescan failed")
			}
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Scan implements api.Backend.
func (d *Indexer) Scan(id string) (api.ScanStatus, bool) {
	d.mu.Lock()
	j := d.jobs[id]
	d.mu.Unlock()
	if j == nil {
		return api.ScanStatus{}, false
	}
	return j.status(), true
}

// Findings implements api.Backend.
func (d *Indexer) Findings(q index.FindingQuery) ([]scanner.Finding, string, error) {
	return d.ix.Findings(q)
}

// Search implements api.Backend: identifiers are checked and normalized
// as the scanner normalizes what it finds, then hashed with the same key.
func (d *Indexer) Search(ctx context.Context, ids []api.Identifier) (index.SearchResult, error) {
	var keys []index.Identifier
	for i, id := range ids {
		norm, err := d.cat.Identifier(id.Type, id.Value)
		if err != nil {
			return index.SearchResult{}, &api.InvalidIdentifierError{Index: i, Type: id.Type, Reason: patterns.IdentifierReason(id.Type, err), Err: err}
		}
		keys = append(keys, index.Identifier{Type: id.Type, Hash: d.cat.Hasher().Sum(id.Type, []byte(norm))})
	}
	return d.ix.Search(keys)
}
