// Package indextest indexes files for the dsar packages' tests as the
// daemon's indexer does (stat and content hash included), without a
// watcher.
package indextest

import (
	"context"
	"os"
	"syscall"
	"testing"

	"github.com/piid/piid/index"
	"github.com/piid/piid/scanner"
)

// Observer is told what is indexed, as the indexer's Observer is.
type Observer interface {
	Observe(path string, fs []scanner.Finding)
	Indexed(path string, committed bool)
}

// Index scans each path with sc and commits its findings to ix (values
// dropped), telling obs when it is not nil.
func Index(t testing.TB, ix *index.Index, sc *scanner.Scanner, obs Observer, paths ...string) {
	t.Helper()
	w, err := sc.NewWorker()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, p := range paths {
		iw, err := ix.BeginFile(p)
		if err != nil {
			t.Fatal(err)
		}
		add := func(fs []*scanner.Finding) {
			batch := make([]scanner.Finding, len(fs))
			for i, x := range fs {
				batch[i] = *x
				batch[i].Value = "" // the index never holds values
			}
			if err := iw.Add(batch); err != nil {
				t.Fatal(err)
			}
			if obs != nil {
				obs.Observe(p, batch)
			}
		}
		res := w.ScanFile(context.Background(), p, add)
		add(res.Findings)
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		hash, _, err := index.ContentHash(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		st := index.FileState{Path: p, Size: fi.Size(), ModTime: fi.ModTime().UnixNano(), Inode: fi.Sys().(*syscall.Stat_t).Ino,
			ContentHash: hash, Bytes: res.Bytes}
		if err := iw.Commit(st); err != nil {
			t.Fatal(err)
		}
		if obs != nil {
			obs.Indexed(p, true)
		}
	}
}
