//go:build unix

package watch

import (
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
)

// FIFOs are not reported, neither created nor written.
func TestFIFOIgnored(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	w := start(t, Options{Roots: []string{root}})
	fifo := filepath.Join(root, "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	// Open both ends without blocking, and write.
	r, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	wr, err := os.OpenFile(fifo, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wr.WriteString("data"); err != nil {
		t.Fatal(err)
	}
	wr.Close()

	marker := filepath.Join(root, "marker")
	writeFile(t, marker, "x")
	got := collectAll(t, w, changed(marker))
	got = append(got, drain(w, 3*testQuiet)...)
	if want := []Event{changed(marker)}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// An unreadable directory is skipped and counted, with no Reconcile signal.
func TestUnreadableDirectory(t *testing.T) {
	t.Parallel()
	if os.Geteuid() == 0 {
		t.Skip("root reads every directory")
	}
	root := t.TempDir()
	locked := filepath.Join(root, "locked")
	mkdirAll(t, filepath.Join(locked, "inner"))
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	w := start(t, Options{Roots: []string{root}})
	if s := w.Stats(); s.Watched != 1 || s.WatchErrors != 1 {
		t.Errorf("stats %+v, want 1 watched and 1 watch error", s)
	}
	select {
	case <-w.Reconcile():
		t.Error("an unreadable directory signalled Reconcile")
	default:
	}

	// Made readable again: its attribute change gets it watched.
	if err := os.Chmod(locked, 0o755); err != nil {
		t.Fatal(err)
	}
	eventually(t, "3 watched directories", func() bool { return w.Stats().Watched == 3 })
}

// A directory renamed over an empty watched one replaces it: the new one
// must be watched at that path, though a watch already existed there.
func TestRenameDirectoryOverEmptyOne(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	src, dst := filepath.Join(root, "src"), filepath.Join(root, "dst")
	mkdirAll(t, filepath.Join(src, "sub"))
	writeFile(t, filepath.Join(src, "f"), "x")
	mkdirAll(t, dst)
	w := start(t, Options{Roots: []string{root}})

	// os.Rename refuses to replace a directory; rename(2) does it.
	if err := syscall.Rename(src, dst); err != nil {
		t.Fatal(err)
	}
	collectAll(t, w, tree(src), tree(dst), changed(filepath.Join(dst, "f")))
	g, h := filepath.Join(dst, "sub", "g"), filepath.Join(dst, "h")
	writeFile(t, g, "x")
	writeFile(t, h, "x")
	collectAll(t, w, changed(g), changed(h))
	if n := w.Stats().Watched; n != 3 {
		t.Errorf("watching %d directories, want 3", n)
	}
}
