package watch_test

import (
	"context"
	"log/slog"
	"path/filepath"

	"github.com/piid/piid/scanner/watch"
)

// A daemon's loop: watch first, then reconcile, then follow the events.
func Example() {
	dataDir := "/var/lib/piid"
	w, err := watch.New(watch.Options{
		Roots: []string{"/srv/share"},
		Exclude: func(path string, isDir bool) bool {
			return isDir && path == dataDir
		},
		Logger: slog.Default(),
	})
	if err != nil {
		return // a daemon would fall back to periodic reconciling
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.Run(ctx)

	reconcile := func() { /* walk the roots, rescan what differs from the index */ }
	rescan := func(path string) { /* scan one file and store its findings */ }
	forget := func(path string) { /* drop one file from the index */ }
	forgetTree := func(dir string) { /* drop dir and every path under dir + "/" */ }

	reconcile() // changes from here on are reported
	for {
		select {
		case ev, ok := <-w.Events():
			if !ok {
				return
			}
			switch ev.Op {
			case watch.Changed:
				rescan(ev.Path)
			case watch.Removed:
				forget(ev.Path)
			case watch.RemovedTree:
				forgetTree(filepath.Clean(ev.Path))
			}
		case <-w.Reconcile():
			reconcile()
		}
	}
}
