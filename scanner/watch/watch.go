// Package watch tells a long-running daemon which files changed under a set
// of directory roots, so that it can keep an index current without walking
// everything again. It only says what to rescan or forget; it never reads a
// file's contents.
//
// # Model
//
// A [Watcher] puts an OS notification watch (inotify on Linux, through
// fsnotify) on every directory under each root. [New] does that walk, so
// every change made after New returns is seen; the caller's own initial scan
// or reconcile should therefore start after New, and [Watcher.Run] should be
// started promptly (until it runs, the kernel queues notifications and may
// overflow, which is reported as a reconcile signal).
//
// Notifications are debounced per path: each one resets that path's quiet
// timer, and the path is reported once nothing has touched it for
// [Options.Quiet]. What is reported is the path's state at that moment, not
// the history of operations: a file removed and created again within the
// window is [Changed], a file created and removed again is [Removed]. A path
// that keeps changing for longer than [Options.MaxDelay] is reported anyway
// (and again later, if it keeps changing), so an append-only log still gets
// rescanned.
//
// Directories are never debounced: a new directory is watched as soon as its
// creation is seen, and a directory that is removed or renamed away is
// reported at once as one [RemovedTree] event for its path rather than one
// [Removed] per file. A directory renamed within the roots is therefore a
// RemovedTree for the old path followed by Changed for every file at the new
// path. A tree deleted file by file ("rm -r") is reported by its
// RemovedTree events alone: the per-file removals the OS reports first are
// still in their quiet window when their directory goes, and are dropped.
//
// Only regular files are reported as Changed. Symbolic links, sockets, FIFOs
// and devices are not reported (a path whose regular file was removed and
// replaced by one of them is reported as Removed). Symbolic links to
// directories are never followed, so link loops cannot hang the walk.
//
// # Losing events
//
// Notifications can be lost: the kernel queue can overflow, the watch limit
// (the fs.inotify.max_user_watches sysctl) can be reached, and the OS can
// report other errors. None of these stops the Watcher; each is counted in
// [Stats] and signalled on [Watcher.Reconcile], which tells the caller to run
// a full reconcile walk. After an overflow or error the Watcher walks its
// roots again to watch directories created meanwhile and drop vanished ones;
// while directories are unwatched for want of watches, or a root is gone, it
// retries that walk every few minutes. A directory that cannot be watched
// because it is not readable is logged and counted but not signalled, since
// no reconcile walk could read it either; it is watched once a notification
// shows its permissions changed.
//
// # Ordering
//
// Events for one path are delivered in the order the changes happened, and a
// RemovedTree is delivered before any event for a path under that directory
// that was noticed after the removal. Events for different paths have no
// particular order.
package watch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// DefaultQuiet is the debounce window used when Options.Quiet is zero.
const DefaultQuiet = 500 * time.Millisecond

// DefaultMaxDelay is the longest a continuously changing file is held back
// when Options.MaxDelay is zero.
const DefaultMaxDelay = time.Minute

// EventBuffer is the capacity of the channel returned by Watcher.Events.
// Events beyond it wait, coalesced by path, inside the Watcher.
const EventBuffer = 256

// retryInterval is how often a Watcher walks its roots again while some
// directories are unwatched because of the watch limit or a removed root.
const retryInterval = 5 * time.Minute

// rawDrainLimit bounds how many already-waiting notifications are taken in
// before due paths are released (see Watcher.drainRaw).
const rawDrainLimit = 1024

// Op says what the caller should do with an Event's path.
type Op uint8

const (
	// Changed: Path is a regular file that was created, written, had its
	// attributes changed, or was renamed or moved into place; rescan it.
	Changed Op = iota + 1
	// Removed: the file at Path is gone (deleted, renamed away, or replaced
	// by something that is not a regular file); forget it.
	Removed
	// RemovedTree: the directory at Path was deleted or renamed away; forget
	// Path and everything under it. No Removed events are sent for the files
	// that were in it.
	RemovedTree
)

// String returns the Op's name.
func (o Op) String() string {
	switch o {
	case Changed:
		return "Changed"
	case Removed:
		return "Removed"
	case RemovedTree:
		return "RemovedTree"
	}
	return fmt.Sprintf("Op(%d)", uint8(o))
}

// Event is one debounced report: what to do about Path.
type Event struct {
	// Path is absolute and clean, under one of the roots as they were given
	// (after filepath.Abs; symbolic links in a root are not resolved).
	Path string
	Op   Op
}

// String returns "Op path".
func (e Event) String() string { return e.Op.String() + " " + e.Path }

// Options configure a Watcher. Only Roots is required.
type Options struct {
	// Roots are the directories to watch, recursively. Each must exist and
	// be a directory (a symbolic link to one is followed, for the root
	// only). Relative roots are made absolute. Roots are never passed to
	// Exclude.
	Roots []string

	// Quiet is the debounce window: a path is reported once no notification
	// has touched it for this long. DefaultQuiet when zero or negative.
	Quiet time.Duration

	// MaxDelay bounds how long a path that never goes quiet is held back:
	// a notification that arrives once the path has been dirty for MaxDelay
	// releases it at once. DefaultMaxDelay when zero; negative disables the
	// bound, so a file that is written forever is never reported.
	MaxDelay time.Duration

	// Exclude, when set, is asked about every directory before it is
	// watched (isDir true) and every file path before it is reported (isDir
	// false); returning true skips the directory and all below it, or the
	// file. Use it for the daemon's own data directory. It is called from
	// New and from Run's goroutine, never concurrently, with absolute paths.
	Exclude func(path string, isDir bool) bool

	// Logger receives watch errors and warnings; nil discards them.
	Logger *slog.Logger
}

// Stats are counters for metrics. Counters only grow; Watched and Pending are
// current values.
type Stats struct {
	Events      uint64 // debounced events handed to the Events channel
	RawEvents   uint64 // notifications received from the OS
	Overflows   uint64 // kernel queue overflows (each also a Reconcile signal)
	WatchErrors uint64 // failed attempts to watch or list a directory (a later walk that fails again counts again), and other notification errors
	Watched     int    // directories currently watched
	Pending     int    // distinct paths waiting to be delivered
}

// Watcher reports changed and removed files under its roots. Create one with
// New, run it with Run, and read Events and Reconcile. Its methods are safe
// for concurrent use.
type Watcher struct {
	quiet    time.Duration
	maxDelay time.Duration
	exclude  func(string, bool) bool
	log      *slog.Logger
	roots    map[string]bool

	fs        *fsnotify.Watcher
	events    chan Event
	reconcile chan struct{}
	resyncReq chan struct{} // from the error goroutine to Run: walk the roots again
	started   atomic.Bool

	nEvents      atomic.Uint64
	nRaw         atomic.Uint64
	nOverflows   atomic.Uint64
	nWatchErrors atomic.Uint64
	nWatched     atomic.Int64
	nPending     atomic.Int64
	limitLogged  atomic.Bool

	// The state below belongs to New until it returns, then to Run's
	// goroutine alone.
	dirs        map[string]*dirNode  // watched directories
	excluded    map[string]struct{}  // directories Exclude refused, seen in a watched directory
	recentTrees map[string]time.Time // directories just reported RemovedTree, to drop duplicate notifications
	recentLimit int                  // size of recentTrees that triggers pruning it
	q           queue
	timer       *time.Timer // the head of the waiting list falls due
	armed       bool
	retry       *time.Timer // retryInterval after needRetry was set
	needRetry   bool        // a directory is unwatched for want of a watch, or a root is gone
	retryArmed  bool
}

// New validates the options, creates the OS watcher and walks every root,
// watching each directory. Directories that cannot be watched are logged and
// counted (see Stats), not returned as errors; New fails only on bad options
// or when the OS watcher cannot be created at all (for inotify, usually the
// fs.inotify.max_user_instances limit, which the error then names). The
// caller must call Run (or Close) to release the OS watcher.
func New(opts Options) (*Watcher, error) {
	if len(opts.Roots) == 0 {
		return nil, errors.New("watch: no roots")
	}
	w := &Watcher{
		quiet:       opts.Quiet,
		maxDelay:    opts.MaxDelay,
		exclude:     opts.Exclude,
		log:         opts.Logger,
		roots:       make(map[string]bool, len(opts.Roots)),
		events:      make(chan Event, EventBuffer),
		reconcile:   make(chan struct{}, 1),
		resyncReq:   make(chan struct{}, 1),
		dirs:        make(map[string]*dirNode),
		excluded:    make(map[string]struct{}),
		recentTrees: make(map[string]time.Time),
		recentLimit: 64,
		q:           queue{m: make(map[entryKey]*entry), byDir: make(map[string]map[*entry]struct{})},
	}
	if w.quiet <= 0 {
		w.quiet = DefaultQuiet
	}
	if w.maxDelay == 0 {
		w.maxDelay = DefaultMaxDelay
	}
	if w.log == nil {
		w.log = slog.New(slog.DiscardHandler)
	}
	var roots []string
	for _, r := range opts.Roots {
		abs, err := filepath.Abs(r)
		if err != nil {
			return nil, fmt.Errorf("watch: root %q: %w", r, err)
		}
		fi, err := os.Stat(abs)
		if err != nil {
			return nil, fmt.Errorf("watch: root: %w", err)
		}
		if !fi.IsDir() {
			return nil, fmt.Errorf("watch: root %s is not a directory", abs)
		}
		if !w.roots[abs] {
			w.roots[abs] = true
			roots = append(roots, abs)
		}
	}

	slices.Sort(roots) // a root inside another is then reached by the outer walk

	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		if errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE) {
			w.log.Error("watch: cannot create a file watcher: too many inotify instances or open files; raise the sysctl fs.inotify.max_user_instances (or the open-file limit)", "err", err)
			return nil, fmt.Errorf("watch: creating the file watcher (raise the sysctl fs.inotify.max_user_instances): %w", err)
		}
		return nil, fmt.Errorf("watch: creating the file watcher: %w", err)
	}
	w.fs = fsw
	w.timer = time.NewTimer(time.Hour)
	w.timer.Stop()
	w.retry = time.NewTimer(time.Hour)
	w.retry.Stop()

	for _, r := range roots {
		w.addTree(r, false)
	}
	return w, nil
}

// Events returns the channel of debounced events. It is closed when Run
// returns.
func (w *Watcher) Events() <-chan Event { return w.events }

// Reconcile returns a channel that receives a value when notifications may
// have been lost (a kernel queue overflow, the watch limit, an OS error, a
// root that was removed): the caller should then walk its roots and reconcile
// its index with what is on disk. After an overflow or error the Watcher also
// walks its roots itself to repair its watches, and signals again if that
// changed them, so a reconcile that began before the repair is followed by
// one after it. Signals are coalesced: the channel holds at most one, and a
// signal sent while one is waiting is dropped. It is never closed.
func (w *Watcher) Reconcile() <-chan struct{} { return w.reconcile }

// Stats returns the current counters.
func (w *Watcher) Stats() Stats {
	return Stats{
		Events:      w.nEvents.Load(),
		RawEvents:   w.nRaw.Load(),
		Overflows:   w.nOverflows.Load(),
		WatchErrors: w.nWatchErrors.Load(),
		Watched:     int(w.nWatched.Load()),
		Pending:     int(w.nPending.Load()),
	}
}

// Close releases the OS watcher. Run does it itself when it returns; Close is
// for a Watcher that is never run, or to stop a running one (Run then returns
// nil). It may be called more than once.
func (w *Watcher) Close() error { return w.fs.Close() }

// Run processes notifications and delivers events until ctx is done or Close
// is called, then closes the OS watcher and the Events channel and returns
// nil. Paths still waiting in the debounce window are dropped then; a
// restarted daemon should reconcile. Run may be called only once.
func (w *Watcher) Run(ctx context.Context) error {
	if !w.started.CompareAndSwap(false, true) {
		return errors.New("watch: Run called twice")
	}
	// Errors are drained on their own goroutine, which never calls into
	// fsnotify: fsnotify may send an error while holding the lock that Add
	// and Remove take, so draining them from the goroutine that adds and
	// removes watches could deadlock.
	errsDone := make(chan struct{})
	go func() {
		defer close(errsDone)
		for err := range w.fs.Errors {
			w.handleError(err)
		}
	}()
	defer func() {
		w.fs.Close()
		<-errsDone
		w.timer.Stop()
		w.retry.Stop()
		close(w.events)
	}()

	for {
		var out chan<- Event
		var next Event
		if e := w.head(); e != nil {
			out, next = w.events, e.ev
		}
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.fs.Events:
			if !ok {
				return nil // closed by Close
			}
			w.handleRaw(ev, time.Now())
		case <-w.timer.C:
			w.armed = false
			// Take in notifications that are already waiting before
			// releasing due paths: if this goroutine was held up, a path
			// whose window ran out on the clock may have been written
			// meanwhile.
			if !w.drainRaw() {
				return nil
			}
			w.promote(time.Now())
		case out <- next:
			w.delivered()
		case <-w.resyncReq:
			w.resync()
		case <-w.retry.C:
			w.retryArmed = false
			w.resync()
		}
		w.arm()
	}
}

// drainRaw handles notifications fsnotify already has ready, without
// waiting. It returns false when the fsnotify channel is closed.
func (w *Watcher) drainRaw() bool {
	for range rawDrainLimit {
		select {
		case ev, ok := <-w.fs.Events:
			if !ok {
				return false
			}
			w.handleRaw(ev, time.Now())
		default:
			return true
		}
	}
	return true
}

// arm sets the timer for the earliest waiting deadline, and the retry
// timer when a walk is to be retried, if they are not set.
func (w *Watcher) arm() {
	if w.needRetry && !w.retryArmed {
		w.retry.Reset(retryInterval)
		w.retryArmed = true
	}
	if w.armed {
		return
	}
	e := w.q.waiting.head
	if e == nil {
		return
	}
	w.timer.Reset(max(time.Until(e.deadline), 0))
	w.armed = true
}

// signalReconcile sends a coalesced Reconcile signal without blocking.
func (w *Watcher) signalReconcile() {
	select {
	case w.reconcile <- struct{}{}:
	default:
	}
}

// handleError handles an error from fsnotify's Errors channel: events were
// lost, so the caller is told to reconcile, and Run is asked to walk the
// roots again, since directories created or removed meanwhile were missed
// too (Run signals Reconcile again if that walk changes what is watched). It
// is called from the error goroutine and touches only atomics, the logger
// and channels.
func (w *Watcher) handleError(err error) {
	if errors.Is(err, fsnotify.ErrEventOverflow) {
		w.nOverflows.Add(1)
		w.log.Warn("watch: the kernel event queue overflowed and events were lost; a reconcile is needed (raising the sysctl fs.inotify.max_queued_events makes this rarer)", "err", err)
	} else {
		w.nWatchErrors.Add(1)
		w.log.Error("watch: file notification error; events may have been lost", "err", err)
	}
	w.signalReconcile()
	select {
	case w.resyncReq <- struct{}{}:
	default:
	}
}

// handleRaw folds one fsnotify notification into the state: directories are
// watched or unwatched at once, files are (re)queued for debouncing.
func (w *Watcher) handleRaw(ev fsnotify.Event, now time.Time) {
	w.nRaw.Add(1)
	path := filepath.Clean(ev.Name)

	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		switch {
		case w.dirs[path] != nil:
			w.removeTree(path, now)
		case w.wasExcluded(path):
			delete(w.excluded, path)
		case w.q.m[entryKey{path: path}] == nil && w.recentTree(path, now):
			// A second notification for a directory already reported
			// (inotify tells both the parent and the directory itself).
		default:
			w.touch(path, seenRemove, now)
		}
	}

	switch {
	case ev.Has(fsnotify.Create) || ev.Has(fsnotify.Chmod):
		var s seen
		if ev.Has(fsnotify.Create) {
			s |= seenCreate
		}
		if ev.Has(fsnotify.Chmod) {
			s |= seenChmod
		}
		if ev.Has(fsnotify.Write) {
			s |= seenWrite
		}
		fi, err := os.Lstat(path)
		if err != nil || !fi.IsDir() {
			// Gone already, or not a directory: the path's state when it
			// goes quiet decides what is reported.
			w.touch(path, s, now)
			return
		}
		w.dirAppeared(path, fi, ev.Has(fsnotify.Create), now)
		// A regular file that was at this path may need forgetting.
		if w.q.m[entryKey{path: path}] != nil {
			w.touch(path, s, now)
		}
	case ev.Has(fsnotify.Write):
		// inotify reports writes only for non-directories.
		w.touch(path, seenWrite, now)
	}
}

// dirAppeared handles a directory that was created, moved in, or had its
// attributes changed: it is watched (with its new contents reported) unless
// it already is. A Create for a path that is watched but now holds a
// different directory (one renamed over an empty one) replaces the old tree.
func (w *Watcher) dirAppeared(path string, fi os.FileInfo, created bool, now time.Time) {
	if n := w.dirs[path]; n != nil {
		if !created || n.id == idOf(fi) {
			return
		}
		w.removeTree(path, now)
	}
	w.addTree(path, true) // checks Exclude
}

// recentTree reports whether path was reported as RemovedTree within the
// quiet window, forgetting older entries.
func (w *Watcher) recentTree(path string, now time.Time) bool {
	t, ok := w.recentTrees[path]
	if ok && now.Sub(t) < w.quiet {
		return true
	}
	delete(w.recentTrees, path)
	return false
}

// noteRecentTree remembers that path was just reported as RemovedTree.
func (w *Watcher) noteRecentTree(path string, now time.Time) {
	if len(w.recentTrees) >= w.recentLimit {
		// Pruning costs the map's size, so it is done when the map has
		// doubled since the last prune: amortised O(1) per directory.
		for p, t := range w.recentTrees {
			if now.Sub(t) >= w.quiet {
				delete(w.recentTrees, p)
			}
		}
		w.recentLimit = max(64, 2*len(w.recentTrees))
	}
	w.recentTrees[path] = now
}
