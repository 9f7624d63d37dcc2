package index

import (
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// writeBack has the kernel write the newest value-log file to disk as it
// fills, until Close. Badger maps its value-log files and, when one is
// full, syncs it whole while holding the lock every read of that file
// takes: with the file's 64 MiB still dirty, that held searches up to
// ~250 ms (p99, by hand: 4 hard-linked copies of the bench's exports
// sample, 4.2M findings, searching every 20 ms while indexing; 16 ms with
// no file filling up). Written back as it goes, the final sync has little
// left to do. SYNC_FILE_RANGE_WRITE only starts the writes.
//
// Before that it unmaps from the process what Badger has written of the
// file (trimWritten), when trimming is on (trim_linux.go): the file Badger
// writes to would otherwise stay resident whole, and writing back pages
// that are no longer mapped spares a TLB flush per page.
func (ix *Index) writeBack() {
	defer close(ix.wbDone)
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	var (
		f    *os.File
		name string
		act  activeVlog
	)
	// As /proc/self/smaps names it; no trimming if it cannot be known.
	dir, dirErr := realDir(ix.opts.Dir)
	defer func() {
		if f != nil {
			f.Close()
		}
	}()
	for {
		select {
		case <-ix.ctx.Done():
			return
		case <-t.C:
		}
		newest := newestVlog(ix.opts.Dir)
		if newest != name || f == nil {
			if f != nil {
				f.Close()
				f = nil
			}
			name = newest
			act = activeVlog{}
			if name != "" {
				f, _ = os.Open(filepath.Join(ix.opts.Dir, name))
			}
		}
		if f == nil {
			continue
		}
		if ix.opts.MappedBudget >= 0 && dirErr == nil {
			if err := ix.trimActive(&act, f, filepath.Join(dir, name)); err != nil {
				ix.log.Warn("index: trimming the value log being written", "file", name, "err", err)
			}
		}
		unix.SyncFileRange(int(f.Fd()), 0, 0, unix.SYNC_FILE_RANGE_WRITE)
	}
}

// trimActive runs act.trimWritten with Badger's files pinned (pinFiles),
// and only while f is still the file at path. Between two looks of
// writeBack, Badger may fill f, start the next file, and value-log GC
// may collect f and delete it: its mapping is then gone and its address
// may hold other memory, which MADV_DONTNEED would zero.
func (ix *Index) trimActive(act *activeVlog, f *os.File, path string) error {
	if err := ix.enter(); err != nil {
		return nil
	}
	defer ix.life.RUnlock()
	defer ix.pinFiles()()
	there, err := os.Stat(path)
	if err != nil {
		return nil // deleted
	}
	if mine, err := f.Stat(); err != nil || !os.SameFile(there, mine) {
		return nil
	}
	return act.trimWritten(f, path)
}

// activeVlog is what writeBack knows of the value-log file Badger writes
// to: where the process maps it, and how much of it is trimmed.
type activeVlog struct {
	start   uint64 // address of its mapping; 0 until found
	trimmed uint64 // bytes from the start already advised
}

// trimWritten unmaps the pages of f (the newest value-log file, at path as
// /proc/self/smaps names it) that Badger has written. Badger makes the
// file twice its final size, maps it whole and writes it from the front;
// once full, it truncates the file to what it wrote and shrinks the
// mapping in place (mremap never moves a mapping it shrinks), so the
// written prefix stays mapped at the same address until the file is
// deleted, which value-log GC never does to the file being written, and
// Close does only after writeBack stops. The written prefix is found with
// SEEK_HOLE: the rest of the file is a hole (blocks Badger has written,
// even those the kernel has not yet allocated, count as data). Where the
// filesystem reports no hole, the file is left alone: it is full and
// truncated, or holes are not known, and trimMapped then deals with it
// once a newer file is mapped.
//
// It used to advise the mapping MADV_RANDOM as well: the page cache held
// what Badger wrote through it in large folios, which the kernel maps
// whole on a read (up to 2 MiB to read back a 2 KiB value). The index now
// reads values with pread (valuelog.go), and the advice, which changed
// the mapping's flags under Badger, went with failures of
// TestTrimWhileBusy (Badger's mremap of a full file failing with EFAULT,
// then its state of that file lost: three to five runs in ten with it,
// none in thirty without).
func (a *activeVlog) trimWritten(f *os.File, path string) error {
	written, size, ok, err := writtenPrefix(f)
	if err != nil || !ok || written <= a.trimmed {
		return err
	}
	if a.start == 0 {
		maps, err := readMappings(filepath.Dir(path))
		if err != nil {
			return err
		}
		for _, m := range maps {
			if m.path == path && m.end-m.start >= size {
				a.start = m.start
			}
		}
		if a.start == 0 {
			return nil // not mapped yet
		}
	}
	if err := dontNeed(a.start+a.trimmed, written-a.trimmed); err != nil {
		return err
	}
	a.trimmed = written
	return nil
}

// writtenPrefix is how much of the value-log file f Badger has written, in
// whole pages, and the file's size; ok is false when the file has no hole
// (full and truncated, or a filesystem that does not report holes).
func writtenPrefix(f *os.File) (written, size uint64, ok bool, err error) {
	fi, err := f.Stat()
	if err != nil {
		return 0, 0, false, err
	}
	hole, err := unix.Seek(int(f.Fd()), 0, unix.SEEK_HOLE)
	if err != nil || hole >= fi.Size() {
		return 0, 0, false, nil // EINVAL, ENXIO: no holes to go by
	}
	page := uint64(os.Getpagesize())
	return uint64(hole) &^ (page - 1), uint64(fi.Size()), true, nil
}

// newestVlog is the name of the value-log file Badger writes to: the one
// with the highest number (names are zero-padded).
func newestVlog(dir string) string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	newest := ""
	for _, e := range ents {
		if n := e.Name(); strings.HasSuffix(n, ".vlog") && n > newest {
			newest = n
		}
	}
	return newest
}
