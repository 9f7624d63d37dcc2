package watch

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// The debounce queue.
//
// Every dirty path has one entry in queue.m, so memory is bounded by the
// number of distinct dirty paths, however many notifications arrive and
// however slow the consumer is. An entry sits in one of two intrusive FIFO
// lists:
//
//   - waiting: paths inside their quiet window. A notification sets the
//     entry's deadline to now+quiet and moves it to the back; since quiet is
//     fixed, the list stays sorted by deadline, the head is always the next
//     to fall due, and one timer set for the head serves every path.
//   - ready: paths whose window ran out, in the order they fell due, waiting
//     for room in the Events channel. A notification for a ready path puts it
//     back into waiting (unless it has been dirty for MaxDelay).
//
// What a file entry reports is decided when it reaches the head of ready, by
// looking at the path then (see resolve). RemovedTree entries skip waiting:
// they go straight to the back of ready, ahead of anything noticed later,
// and the undelivered entries under the removed directory are dropped (so
// "rm -r" of a tree is reported as RemovedTree events, not one Removed per
// file, unless the consumer already took those).

// seen records which kinds of notification touched a path in its window.
type seen uint8

const (
	seenCreate seen = 1 << iota
	seenWrite
	seenChmod
	seenRemove // Remove or Rename: what was at the path went away
)

// entryKey tells a file entry from a RemovedTree entry for the same path.
type entryKey struct {
	path string
	tree bool
}

type entry struct {
	key      entryKey
	seen     seen
	first    time.Time // when the path became dirty (for MaxDelay)
	deadline time.Time // end of the quiet window, while waiting

	list       *fifo // the list holding the entry, nil when in none
	prev, next *entry

	resolved bool  // ev and skip are current
	skip     bool  // nothing to report: drop the entry
	ev       Event // what to deliver
}

// fifo is an intrusive doubly linked list of entries.
type fifo struct {
	head, tail *entry
}

func (l *fifo) pushBack(e *entry) {
	e.list, e.prev, e.next = l, l.tail, nil
	if l.tail != nil {
		l.tail.next = e
	} else {
		l.head = e
	}
	l.tail = e
}

func (l *fifo) remove(e *entry) {
	if e.prev != nil {
		e.prev.next = e.next
	} else {
		l.head = e.next
	}
	if e.next != nil {
		e.next.prev = e.prev
	} else {
		l.tail = e.prev
	}
	e.list, e.prev, e.next = nil, nil, nil
}

type queue struct {
	m       map[entryKey]*entry
	byDir   map[string]map[*entry]struct{} // entries by parent directory, to drop a removed tree's
	waiting fifo
	ready   fifo
}

// add indexes a new entry.
func (q *queue) add(e *entry) {
	q.m[e.key] = e
	dir := filepath.Dir(e.key.path)
	set := q.byDir[dir]
	if set == nil {
		set = make(map[*entry]struct{})
		q.byDir[dir] = set
	}
	set[e] = struct{}{}
}

// forget removes an entry from the indexes.
func (q *queue) forget(e *entry) {
	delete(q.m, e.key)
	dir := filepath.Dir(e.key.path)
	if set := q.byDir[dir]; set != nil {
		delete(set, e)
		if len(set) == 0 {
			delete(q.byDir, dir)
		}
	}
}

// touch records a notification for the file path: the path's quiet window
// starts again, unless it has been dirty for MaxDelay, in which case it is
// released (or kept in its place in ready).
func (w *Watcher) touch(path string, s seen, now time.Time) {
	k := entryKey{path: path}
	e := w.q.m[k]
	if e == nil {
		if w.exclude != nil && w.exclude(path, false) {
			return
		}
		e = &entry{key: k, first: now}
		w.q.add(e)
		w.nPending.Store(int64(len(w.q.m)))
	}
	e.seen |= s
	e.resolved = false
	overdue := w.maxDelay > 0 && now.Sub(e.first) >= w.maxDelay
	switch {
	case overdue && e.list == &w.q.ready:
		return
	case overdue:
		if e.list != nil {
			e.list.remove(e)
		}
		w.q.ready.pushBack(e)
		return
	case e.list != nil:
		e.list.remove(e)
	}
	e.deadline = now.Add(w.quiet)
	w.q.waiting.pushBack(e)
}

// queueTree queues a RemovedTree event for dir, ahead of anything queued
// later. One still undelivered for the same dir already covers it. (The
// caller, removeTree, has dropped the undelivered entries under dir: the
// RemovedTree covers them, and whatever is there again later is found by
// the walk of the directory that replaces it.)
func (w *Watcher) queueTree(dir string) {
	k := entryKey{path: dir, tree: true}
	if w.q.m[k] != nil {
		return
	}
	e := &entry{key: k, resolved: true, ev: Event{Path: dir, Op: RemovedTree}}
	w.q.add(e)
	w.nPending.Store(int64(len(w.q.m)))
	w.q.ready.pushBack(e)
}

// promote moves the paths whose quiet window has run out to ready.
func (w *Watcher) promote(now time.Time) {
	for e := w.q.waiting.head; e != nil && !e.deadline.After(now); e = w.q.waiting.head {
		w.q.waiting.remove(e)
		w.q.ready.pushBack(e)
	}
}

// head returns the next entry to deliver, resolving it first and dropping
// entries that turn out to have nothing to report; nil when none is ready.
func (w *Watcher) head() *entry {
	for {
		e := w.q.ready.head
		if e == nil {
			return nil
		}
		if !e.resolved {
			w.resolve(e)
		}
		if e.list != &w.q.ready || e != w.q.ready.head {
			continue // resolving moved it; look again
		}
		if e.skip {
			w.drop(e)
			continue
		}
		return e
	}
}

// delivered removes the head of ready, which was just sent.
func (w *Watcher) delivered() {
	w.drop(w.q.ready.head)
	w.nEvents.Add(1)
}

func (w *Watcher) drop(e *entry) {
	e.list.remove(e)
	w.q.forget(e)
	w.nPending.Store(int64(len(w.q.m)))
}

// resolve decides what a file entry reports, from what is at its path now:
//
//   - a regular file: Changed;
//   - nothing: Removed;
//   - a directory, symbolic link, socket, FIFO or device: Removed if
//     something at the path was removed or renamed away in the window (a
//     regular file may have been there), else nothing. A directory found
//     here that is not watched yet is watched and walked.
func (w *Watcher) resolve(e *entry) {
	e.resolved, e.skip = true, false
	e.ev = Event{Path: e.key.path, Op: Changed}
	if e.key.tree {
		e.ev.Op = RemovedTree
		return
	}
	fi, err := os.Lstat(e.key.path)
	switch {
	case err != nil:
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			e.ev.Op = Removed
		}
		// Otherwise (say, a parent became unsearchable) the caller's
		// rescan meets the error and decides.
	case fi.Mode().IsRegular():
	default:
		if fi.IsDir() && w.dirs[e.key.path] == nil {
			w.addTree(e.key.path, true)
		}
		if e.seen&seenRemove != 0 {
			e.ev.Op = Removed
		} else {
			e.skip = true
		}
	}
}
