package watch

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// dirNode is one watched directory.
type dirNode struct {
	id       fileID              // identity when it was watched, to notice a replacement
	children map[string]struct{} // watched subdirectories, by full path
}

// addTree watches top and every directory below it that is not excluded,
// without following symbolic links. With emit, every regular file found is
// queued as Changed: the watch on a directory is added before the directory
// is read, so a file created in it is either seen by the read or notified
// afterwards, never missed (and if both, the queue coalesces the two).
func (w *Watcher) addTree(top string, emit bool) {
	stack := []string{top}
	for len(stack) > 0 {
		dir := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if w.dirs[dir] != nil || w.excludeDir(dir) {
			continue
		}
		stat := os.Lstat // links to directories are not followed...
		if w.roots[dir] {
			stat = os.Stat // ...except a root's own
		}
		fi, err := stat(dir)
		if err != nil {
			w.addFailed(dir, err)
			continue
		}
		if !fi.IsDir() {
			continue // replaced since it was listed
		}
		if err := w.fs.Add(dir); err != nil {
			w.addFailed(dir, err)
			continue
		}
		w.dirs[dir] = &dirNode{id: idOf(fi)}
		if parent := w.dirs[filepath.Dir(dir)]; parent != nil {
			if parent.children == nil {
				parent.children = make(map[string]struct{})
			}
			parent.children[dir] = struct{}{}
		}
		w.nWatched.Store(int64(len(w.dirs)))

		entries, err := readDir(dir)
		if err != nil {
			w.readFailed(dir, err)
		}
		now := time.Now()
		for _, de := range entries {
			p := filepath.Join(dir, de.Name())
			switch {
			case de.IsDir(): // a link to a directory is not IsDir
				stack = append(stack, p)
			case emit && de.Type().IsRegular():
				w.touch(p, seenCreate, now)
			}
		}
	}
}

// readDir lists a directory unsorted; on error it returns what it read.
func readDir(dir string) ([]os.DirEntry, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.ReadDir(-1)
}

// excludeDir reports whether dir is excluded, remembering the answer for a
// directory that is (so its removal can be recognised). Roots are never
// excluded.
func (w *Watcher) excludeDir(dir string) bool {
	if w.roots[dir] {
		return false
	}
	if _, ok := w.excluded[dir]; ok {
		return true
	}
	if w.exclude != nil && w.exclude(dir, true) {
		w.excluded[dir] = struct{}{}
		return true
	}
	return false
}

// wasExcluded reports whether path is a directory Exclude refused.
func (w *Watcher) wasExcluded(path string) bool {
	_, ok := w.excluded[path]
	return ok
}

// removeTree stops watching dir and every watched directory below it, and
// queues one RemovedTree event for dir.
func (w *Watcher) removeTree(dir string, now time.Time) {
	stack := []string{dir}
	for len(stack) > 0 {
		d := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := w.dirs[d]
		if n == nil {
			continue
		}
		for c := range n.children {
			stack = append(stack, c)
		}
		delete(w.dirs, d)
		for e := range w.q.byDir[d] {
			w.drop(e) // covered by the RemovedTree
		}
		if w.roots[d] {
			w.log.Warn("watch: a watched root was removed or renamed; it is not watched until it comes back", "root", d)
			w.signalReconcile()
			w.needRetry = true
		}
		// The kernel has already dropped the watch of a deleted directory,
		// but not those of a renamed one's subdirectories, which would go
		// on reporting under their old paths. Errors only mean the watch
		// is gone already.
		if err := w.fs.Remove(d); err != nil && !errors.Is(err, fsnotify.ErrNonExistentWatch) {
			w.log.Debug("watch: removing a watch", "path", d, "err", err)
		}
	}
	if parent := w.dirs[filepath.Dir(dir)]; parent != nil {
		delete(parent.children, dir)
	}
	if len(w.excluded) > 0 {
		prefix := dir + string(filepath.Separator)
		for p := range w.excluded {
			if len(p) > len(prefix) && p[:len(prefix)] == prefix {
				delete(w.excluded, p)
			}
		}
	}
	w.nWatched.Store(int64(len(w.dirs)))
	w.queueTree(dir)
	w.noteRecentTree(dir, now)
}

// addFailed handles a directory that could not be watched. It never stops
// the Watcher.
func (w *Watcher) addFailed(dir string, err error) {
	switch {
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR):
		// Gone since it was listed; its removal is notified to its parent.
		w.log.Debug("watch: directory vanished before it was watched", "path", dir)
	case errors.Is(err, fsnotify.ErrClosed):
		// Shutting down.
	case errors.Is(err, syscall.ENOSPC):
		w.nWatchErrors.Add(1)
		w.needRetry = true
		if w.limitLogged.CompareAndSwap(false, true) {
			w.log.Error("watch: inotify watch limit reached; directories beyond it are not watched and rely on periodic reconciling; raise the sysctl fs.inotify.max_user_watches (for example to 524288)", "path", dir, "err", err)
		} else {
			w.log.Debug("watch: inotify watch limit reached", "path", dir)
		}
		w.signalReconcile()
	case errors.Is(err, fs.ErrPermission):
		w.nWatchErrors.Add(1)
		w.log.Warn("watch: directory not readable; not watched", "path", dir, "err", err)
	default:
		w.nWatchErrors.Add(1)
		w.log.Error("watch: cannot watch directory; changes under it may be missed", "path", dir, "err", err)
		w.signalReconcile()
	}
}

// readFailed handles a watched directory that could not be listed.
func (w *Watcher) readFailed(dir string, err error) {
	switch {
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR):
		// Removed meanwhile; that is notified.
	case errors.Is(err, fs.ErrPermission):
		w.nWatchErrors.Add(1)
		w.log.Warn("watch: directory not readable; its contents are not watched", "path", dir, "err", err)
	default:
		w.nWatchErrors.Add(1)
		w.log.Error("watch: cannot list directory; changes under it may be missed", "path", dir, "err", err)
		w.signalReconcile()
	}
}

// resync walks the roots again and makes the watches match the disk:
// directories that are gone or were replaced are dropped (each reported as
// RemovedTree), and directories not watched (created while events were
// lost, refused at the watch limit, or under a root that came back) are
// watched. Their files are not reported: the caller was told to reconcile,
// and is told again if anything changed here, now that the watches are in
// place.
func (w *Watcher) resync() {
	w.needRetry = false
	now := time.Now()
	changed := false
	for d, n := range w.dirs {
		if w.dirs[d] == nil {
			continue // dropped with an ancestor during this loop
		}
		stat := os.Lstat
		if w.roots[d] {
			stat = os.Stat
		}
		if fi, err := stat(d); err != nil || !fi.IsDir() || idOf(fi) != n.id {
			w.removeTree(d, now)
			changed = true
		}
	}
	for _, root := range slices.Sorted(maps.Keys(w.roots)) {
		stack := []string{root}
		for len(stack) > 0 {
			dir := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if w.dirs[dir] == nil {
				if w.excludeDir(dir) {
					continue
				}
				if w.roots[dir] {
					if _, err := os.Stat(dir); err != nil {
						w.needRetry = true // still gone
						continue
					}
				}
				w.addTree(dir, false)
				if w.dirs[dir] != nil {
					changed = true
				}
				continue
			}
			entries, _ := readDir(dir) // errors: the directory is dropped or retried later
			for _, de := range entries {
				if de.IsDir() {
					stack = append(stack, filepath.Join(dir, de.Name()))
				}
			}
		}
	}
	if changed {
		w.log.Info("watch: walking the roots again changed the watched directories", "watched", len(w.dirs))
		w.signalReconcile()
	}
}
