// Package indextest indexes files for the dsar packages' tests as the
// daemon's indexer does (stat and content hash included), without a
// watcher.
package indextest

import (
	"context"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/piid/piid/index"
	"github.com/piid/piid/patterns"
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
	IndexAdjusted(t, ix, sc, obs, nil, paths...)
}

// IndexAdjusted is Index with adjust, when not nil, changing each finding
// before it is committed (Ambiguous stands in with it for the scanner).
func IndexAdjusted(t testing.TB, ix *index.Index, sc *scanner.Scanner, obs Observer, adjust func(*scanner.Finding), paths ...string) {
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
				if adjust != nil {
					adjust(x)
				}
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

// Ambiguous stands in for the scanner's reading of a phone number written
// without its country when nothing says which: a national-format number
// (a revealed value starting with a trunk 0) becomes ambiguous between the
// countries of codes (in order: Hash the first's, AltHashes the others'),
// as the scanner marks one valid in several. A finding whose region the
// scanner already decided (RegionSource set) is left as it is: a scanner
// that reads regions from evidence needs no stand-in.
func Ambiguous(cat *patterns.Catalog, codes ...string) func(*scanner.Finding) {
	return func(f *scanner.Finding) {
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, f.Value)
		if f.Type != "phone" || f.RegionSource != "" || !strings.HasPrefix(strings.TrimSpace(f.Value), "0") || len(digits) < 2 {
			return
		}
		var hs []patterns.Hash
		for _, cc := range codes {
			norm, err := cat.Identifier("phone", "+"+cc+digits[1:])
			if err != nil {
				return // not valid there: not ambiguous with it
			}
			hs = append(hs, cat.Hasher().Sum("phone", []byte(norm)))
		}
		f.Hash, f.AltHashes, f.Ambiguous, f.RegionSource = hs[0], hs[1:], true, patterns.RegionConfig
	}
}
