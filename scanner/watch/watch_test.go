package watch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Tests use real files and real notifications. Waits are generous (the CI
// machine is small and busy) but end as soon as the expected events arrive.
// The two tests that measure the debounce timing do not run in parallel, so
// they run alone, before the parallel ones.

const (
	testQuiet = 100 * time.Millisecond
	waitLong  = 5 * time.Second // upper bound for an expected event
)

// start runs a Watcher on opts until the test ends.
func start(t *testing.T, opts Options) *Watcher {
	t.Helper()
	if opts.Quiet == 0 {
		opts.Quiet = testQuiet
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(t.Output(), nil))
	}
	w, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(waitLong):
			t.Error("Run did not return after cancel")
		}
	})
	return w
}

// collect reads events until done says so, failing after waitLong.
func collect(t *testing.T, w *Watcher, done func([]Event) bool) []Event {
	t.Helper()
	timeout := time.After(waitLong)
	var got []Event
	for !done(got) {
		select {
		case ev, ok := <-w.Events():
			if !ok {
				t.Fatalf("Events closed; got %v", got)
			}
			got = append(got, ev)
		case <-timeout:
			t.Fatalf("timed out; got %v", got)
		}
	}
	return got
}

// collectAll waits until every one of want has arrived, and returns all
// events read meanwhile.
func collectAll(t *testing.T, w *Watcher, want ...Event) []Event {
	t.Helper()
	return collect(t, w, func(got []Event) bool {
		for _, e := range want {
			if !slices.Contains(got, e) {
				return false
			}
		}
		return true
	})
}

// drain returns the events that arrive within d.
func drain(w *Watcher, d time.Duration) []Event {
	timeout := time.After(d)
	var got []Event
	for {
		select {
		case ev, ok := <-w.Events():
			if !ok {
				return got
			}
			got = append(got, ev)
		case <-timeout:
			return got
		}
	}
}

// eventually polls cond until it holds, failing after waitLong.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitLong)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mkdirAll(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(path, 0o755); err != nil {
		t.Fatal(err)
	}
}

func changed(p string) Event { return Event{Path: p, Op: Changed} }
func removed(p string) Event { return Event{Path: p, Op: Removed} }
func tree(p string) Event    { return Event{Path: p, Op: RemovedTree} }

func TestManySmallWritesReportedOnce(t *testing.T) {
	root := t.TempDir()
	w := start(t, Options{Roots: []string{root}, MaxDelay: -1})
	p := filepath.Join(root, "f.txt")

	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	var maxGap time.Duration
	lastWrite := time.Now()
	for i := range 20 {
		if i > 0 {
			time.Sleep(10 * time.Millisecond)
		}
		if _, err := fmt.Fprintf(f, "line %d\n", i); err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		maxGap = max(maxGap, now.Sub(lastWrite))
		lastWrite = now
	}
	f.Close()

	got := collect(t, w, func(got []Event) bool { return len(got) > 0 })
	arrived := time.Now()
	got = append(got, drain(w, 4*testQuiet)...)
	if maxGap >= testQuiet && len(got) > 1 {
		t.Skipf("the machine stalled %v between two writes, longer than the quiet window; got %v", maxGap, got)
	}
	if want := []Event{changed(p)}; !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	// The notification of the last write is handled at lastWrite or a hair
	// before it; the event may not come before a whole quiet window after.
	if d := arrived.Sub(lastWrite); d < testQuiet-20*time.Millisecond {
		t.Errorf("event came %v after the last write, before the quiet window (%v) ran out", d, testQuiet)
	}
}

func TestFileInNewNestedDirectories(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	w := start(t, Options{Roots: []string{root}})
	before := w.Stats().Watched

	// Several trees at once, each file written the moment its directories
	// exist: most files are created before their directory is watched.
	var want []Event
	for i := range 5 {
		dir := filepath.Join(root, fmt.Sprintf("a%d", i), "b", "c")
		mkdirAll(t, dir)
		p := filepath.Join(dir, "f.txt")
		writeFile(t, p, "x")
		want = append(want, changed(p))
	}
	got := collectAll(t, w, want...)
	got = append(got, drain(w, 3*testQuiet)...)
	slices.SortFunc(got, func(a, b Event) int { return strings.Compare(a.Path, b.Path) })
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if n := w.Stats().Watched; n != before+15 {
		t.Errorf("watching %d directories, want %d", n, before+15)
	}
}

func TestDeleteIsRemoved(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	p := filepath.Join(root, "gone.txt")
	writeFile(t, p, "x")
	w := start(t, Options{Roots: []string{root}})

	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	got := collectAll(t, w, removed(p))
	got = append(got, drain(w, 3*testQuiet)...)
	if want := []Event{removed(p)}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestRemoveThenCreateIsOneChanged(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	p := filepath.Join(root, "f.txt")
	writeFile(t, p, "old")
	w := start(t, Options{Roots: []string{root}})

	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	writeFile(t, p, "new")
	got := collectAll(t, w, changed(p))
	got = append(got, drain(w, 3*testQuiet)...)
	if want := []Event{changed(p)}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestRenameFile(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	a, b := filepath.Join(root, "a.txt"), filepath.Join(root, "b.txt")
	writeFile(t, a, "x")
	w := start(t, Options{Roots: []string{root}})

	if err := os.Rename(a, b); err != nil {
		t.Fatal(err)
	}
	got := collectAll(t, w, removed(a), changed(b))
	got = append(got, drain(w, 3*testQuiet)...)
	if len(got) != 2 {
		t.Errorf("got %v, want just Removed %s and Changed %s", got, a, b)
	}
}

func TestRenameDirectory(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	d1, d2 := filepath.Join(root, "d1"), filepath.Join(root, "d2")
	mkdirAll(t, filepath.Join(d1, "x"))
	writeFile(t, filepath.Join(d1, "x", "f"), "x")
	writeFile(t, filepath.Join(d1, "g"), "x")
	w := start(t, Options{Roots: []string{root}})
	if n := w.Stats().Watched; n != 3 {
		t.Fatalf("watching %d directories, want 3", n)
	}

	if err := os.Rename(d1, d2); err != nil {
		t.Fatal(err)
	}
	got := collectAll(t, w, tree(d1), changed(filepath.Join(d2, "x", "f")), changed(filepath.Join(d2, "g")))
	// The subtree is watched under its new path, not reported under the old.
	h := filepath.Join(d2, "x", "h")
	writeFile(t, h, "x")
	got = append(got, collectAll(t, w, changed(h))...)
	got = append(got, drain(w, 3*testQuiet)...)
	if len(got) != 4 {
		t.Errorf("got %v, want RemovedTree %s and three Changed under %s", got, d1, d2)
	}
	if got[0] != tree(d1) {
		t.Errorf("first event %v, want %v", got[0], tree(d1))
	}
	if n := w.Stats().Watched; n != 3 {
		t.Errorf("watching %d directories, want 3", n)
	}

	// Away out of the roots: only the RemovedTree.
	outside := filepath.Join(t.TempDir(), "away")
	if err := os.Rename(d2, outside); err != nil {
		t.Fatal(err)
	}
	got = collectAll(t, w, tree(d2))
	got = append(got, drain(w, 3*testQuiet)...)
	if want := []Event{tree(d2)}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if n := w.Stats().Watched; n != 1 {
		t.Errorf("watching %d directories, want 1", n)
	}

	// And back in: its files are new here.
	if err := os.Rename(outside, d1); err != nil {
		t.Fatal(err)
	}
	collectAll(t, w, changed(filepath.Join(d1, "x", "f")), changed(filepath.Join(d1, "g")), changed(filepath.Join(d1, "x", "h")))
	eventually(t, "3 watched directories", func() bool { return w.Stats().Watched == 3 })
}

func TestExclude(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	data := filepath.Join(root, "data")
	mkdirAll(t, data)
	var mu sync.Mutex
	var asked []string
	exclude := func(p string, isDir bool) bool {
		mu.Lock()
		asked = append(asked, p)
		mu.Unlock()
		return (isDir && filepath.Base(p) == "data") || strings.HasSuffix(p, ".tmp")
	}
	w := start(t, Options{Roots: []string{root}, Exclude: exclude})
	if n := w.Stats().Watched; n != 1 {
		t.Fatalf("watching %d directories, want 1 (data excluded)", n)
	}

	writeFile(t, filepath.Join(data, "secret"), "x")
	writeFile(t, filepath.Join(root, "scratch.tmp"), "x")
	mkdirAll(t, filepath.Join(root, "new", "data"))
	writeFile(t, filepath.Join(root, "new", "data", "f"), "x")
	writeFile(t, filepath.Join(root, "new", "x.tmp"), "x")
	ok := filepath.Join(root, "new", "ok")
	writeFile(t, ok, "x")

	got := collectAll(t, w, changed(ok))
	got = append(got, drain(w, 3*testQuiet)...)
	if want := []Event{changed(ok)}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if n := w.Stats().Watched; n != 2 {
		t.Errorf("watching %d directories, want 2 (root and new)", n)
	}
	// Removing an excluded directory is not reported either.
	if err := os.RemoveAll(data); err != nil {
		t.Fatal(err)
	}
	if got := drain(w, 3*testQuiet); len(got) > 0 {
		t.Errorf("removing an excluded directory reported %v", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if slices.Contains(asked, root) {
		t.Error("Exclude was asked about the root")
	}
}

func TestWatchedCountFollowsDirectories(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	w := start(t, Options{Roots: []string{root}})
	if n := w.Stats().Watched; n != 1 {
		t.Fatalf("watching %d directories, want 1", n)
	}
	mkdirAll(t, filepath.Join(root, "s1"))
	mkdirAll(t, filepath.Join(root, "s2", "t"))
	eventually(t, "4 watched directories", func() bool { return w.Stats().Watched == 4 })

	if err := os.RemoveAll(filepath.Join(root, "s2")); err != nil {
		t.Fatal(err)
	}
	eventually(t, "2 watched directories", func() bool { return w.Stats().Watched == 2 })
	collectAll(t, w, tree(filepath.Join(root, "s2")))
	if s := w.Stats(); s.RawEvents == 0 || s.Events == 0 {
		t.Errorf("stats %+v: no events counted", s)
	}
}

// Links to directories, even ones making a loop, are not followed.
func TestSymlinkLoops(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	mkdirAll(t, filepath.Join(root, "d"))
	if err := os.Symlink(root, filepath.Join(root, "loop")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("..", filepath.Join(root, "d", "up")); err != nil {
		t.Fatal(err)
	}
	w := start(t, Options{Roots: []string{root}})
	if n := w.Stats().Watched; n != 2 {
		t.Fatalf("watching %d directories, want 2", n)
	}

	n := filepath.Join(root, "n")
	mkdirAll(t, n)
	if err := os.Symlink(root, filepath.Join(n, "back")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(n, "f"), filepath.Join(root, "tofile")); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(n, "f")
	writeFile(t, f, "x")
	got := collectAll(t, w, changed(f))
	got = append(got, drain(w, 3*testQuiet)...)
	if want := []Event{changed(f)}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v (links are not reported)", got, want)
	}
	if n := w.Stats().Watched; n != 3 {
		t.Errorf("watching %d directories, want 3", n)
	}
}

// A file written for longer than MaxDelay is reported while it is written.
func TestMaxDelay(t *testing.T) {
	root := t.TempDir()
	w := start(t, Options{Roots: []string{root}, MaxDelay: 250 * time.Millisecond})
	p := filepath.Join(root, "log")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	stop := time.Now().Add(900 * time.Millisecond)
	var during []Event
	for time.Now().Before(stop) {
		if _, err := f.WriteString("line\n"); err != nil {
			t.Fatal(err)
		}
		during = append(during, drain(w, 20*time.Millisecond)...)
	}
	after := drain(w, 3*testQuiet)
	if len(during) == 0 {
		t.Fatalf("nothing reported in 900ms of writes with MaxDelay 250ms; after: %v", after)
	}
	for _, e := range append(during, after...) {
		if e != changed(p) {
			t.Errorf("unexpected %v", e)
		}
	}
}

func TestRunStops(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	w, err := New(Options{Roots: []string{root}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	writeFile(t, filepath.Join(root, "pending"), "x") // still in its window at cancel
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(waitLong):
		t.Fatal("Run did not return")
	}
	for range w.Events() { // closed: the loop ends
	}
	if err := w.Run(context.Background()); err == nil {
		t.Error("a second Run did not fail")
	}
	if err := w.Close(); err != nil {
		t.Errorf("Close after Run: %v", err)
	}
}

func TestNewRejectsBadRoots(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "file")
	writeFile(t, file, "x")
	for _, roots := range [][]string{nil, {file}, {filepath.Join(file, "missing")}} {
		if w, err := New(Options{Roots: roots}); err == nil {
			w.Close()
			t.Errorf("New(%q) did not fail", roots)
		}
	}
}

// Overflows cannot be forced through inotify; the handler is called as the
// error goroutine would.
func TestOverflowSignalsReconcile(t *testing.T) {
	t.Parallel()
	w, err := New(Options{Roots: []string{t.TempDir()}})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()

	select {
	case <-w.Reconcile():
		t.Fatal("Reconcile signalled before anything happened")
	default:
	}
	w.handleError(fsnotify.ErrEventOverflow)
	w.handleError(fmt.Errorf("wrapped: %w", fsnotify.ErrEventOverflow))
	if s := w.Stats(); s.Overflows != 2 || s.WatchErrors != 0 {
		t.Errorf("stats %+v, want 2 overflows and no watch errors", s)
	}
	select {
	case <-w.Reconcile():
	default:
		t.Fatal("no Reconcile signal after an overflow")
	}
	select {
	case <-w.Reconcile():
		t.Fatal("signals were not coalesced")
	default:
	}

	select {
	case <-w.resyncReq:
	default:
		t.Fatal("an overflow did not ask Run to walk the roots again")
	}

	w.handleError(errors.New("read failed"))
	if s := w.Stats(); s.WatchErrors != 1 {
		t.Errorf("stats %+v, want 1 watch error", s)
	}
	select {
	case <-w.Reconcile():
	default:
		t.Fatal("no Reconcile signal after a notification error")
	}
}

// Reaching the watch limit is logged once, naming the sysctl, counted every
// time, and signalled; an unreadable directory is counted but not signalled.
func TestWatchLimit(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	w, err := New(Options{Roots: []string{t.TempDir()}, Logger: slog.New(slog.NewTextHandler(&buf, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()

	w.addFailed("/x/1", syscall.ENOSPC)
	w.addFailed("/x/2", syscall.ENOSPC)
	if s := w.Stats(); s.WatchErrors != 2 {
		t.Errorf("stats %+v, want 2 watch errors", s)
	}
	if n := strings.Count(buf.String(), "fs.inotify.max_user_watches"); n != 1 {
		t.Errorf("the sysctl is named %d times in the log, want once:\n%s", n, buf.String())
	}
	if !strings.Contains(buf.String(), "level=ERROR") {
		t.Errorf("not logged as an error:\n%s", buf.String())
	}
	select {
	case <-w.Reconcile():
	default:
		t.Fatal("no Reconcile signal at the watch limit")
	}

	w.addFailed("/x/3", syscall.EACCES)
	w.addFailed("/x/4", syscall.ENOENT) // vanished: not an error
	if s := w.Stats(); s.WatchErrors != 3 {
		t.Errorf("stats %+v, want 3 watch errors", s)
	}
	select {
	case <-w.Reconcile():
		t.Fatal("an unreadable directory signalled Reconcile")
	default:
	}
}

// After lost events the roots are walked again: directories created
// meanwhile get watched, vanished ones are dropped and reported, and the
// caller is told to reconcile once the watches are in place.
func TestResyncAfterLostEvents(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	old := filepath.Join(root, "old")
	mkdirAll(t, filepath.Join(old, "sub"))
	w, err := New(Options{Roots: []string{root}})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if n := w.Stats().Watched; n != 3 {
		t.Fatalf("watching %d directories, want 3", n)
	}

	// Not running: the notifications for these wait unread, as if lost.
	mkdirAll(t, filepath.Join(root, "new", "deep"))
	if err := os.RemoveAll(old); err != nil {
		t.Fatal(err)
	}
	w.resync()
	if n := w.Stats().Watched; n != 3 {
		t.Errorf("watching %d directories after the walk, want 3 (root, new, new/deep)", n)
	}
	for _, d := range []string{root, filepath.Join(root, "new"), filepath.Join(root, "new", "deep")} {
		if w.dirs[d] == nil {
			t.Errorf("%s not watched", d)
		}
	}
	if w.q.m[entryKey{path: old, tree: true}] == nil {
		t.Errorf("no RemovedTree queued for %s", old)
	}
	select {
	case <-w.Reconcile():
	default:
		t.Fatal("no Reconcile signal after the walk changed the watches")
	}

	w.resync()
	select {
	case <-w.Reconcile():
		t.Fatal("Reconcile signalled by a walk that changed nothing")
	default:
	}
}

// A tree copied in at once is reported file by file, and removing it is
// reported as RemovedTree events only: the per-file removals inotify sends
// first are still in their quiet window when their directories go, and are
// dropped.
func TestTreeCopiedInThenRemoved(t *testing.T) {
	t.Parallel()
	const quiet = 300 * time.Millisecond // room for a busy machine between the file and directory removals
	src, root := t.TempDir(), t.TempDir()
	dst := filepath.Join(root, "copy")
	var want []Event
	for i := range 6 {
		for j := range 3 {
			rel := filepath.Join(fmt.Sprint("d", i), fmt.Sprint("e", j))
			mkdirAll(t, filepath.Join(src, rel))
			for k := range 3 {
				f := filepath.Join(rel, fmt.Sprint("f", k))
				writeFile(t, filepath.Join(src, f), "x")
				want = append(want, changed(filepath.Join(dst, f)))
			}
		}
	}
	w := start(t, Options{Roots: []string{root}, Quiet: quiet})

	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	got := collectAll(t, w, want...)
	got = append(got, drain(w, 2*quiet)...)
	if len(got) != len(want) {
		t.Errorf("got %d events for %d files: %v", len(got), len(want), got)
	}
	if n := w.Stats().Watched; n != 1+1+6+18 {
		t.Errorf("watching %d directories, want %d", n, 1+1+6+18)
	}

	if err := os.RemoveAll(dst); err != nil {
		t.Fatal(err)
	}
	got = collectAll(t, w, tree(dst))
	got = append(got, drain(w, 2*quiet)...)
	for _, e := range got {
		if e.Op != RemovedTree || !strings.HasPrefix(e.Path+"/", dst+"/") {
			t.Errorf("unexpected %v", e)
		}
	}
	if s := w.Stats(); s.Watched != 1 || s.Pending != 0 {
		t.Errorf("stats %+v, want 1 watched and nothing pending", s)
	}
}
