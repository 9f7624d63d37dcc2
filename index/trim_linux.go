package index

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"golang.org/x/sys/unix"
)

// Badger maps its tables and value-log files (shared file mappings) and
// reads and writes them through those mappings. Every page it touches
// stays in the process's page tables, so the daemon's resident set grew
// with the index: by hand, 20 GB of RSS after indexing 10 GiB of the
// bench's corpus (19 GB of index), nearly all of it value log. Those
// pages are page cache: the kernel would take them back under pressure,
// but until then they are counted against the daemon, by top, by
// process_resident_memory_bytes and by whoever sizes its memory.
//
// trimMapped unmaps them (madvise MADV_DONTNEED) once the file-backed
// resident set passes Options.MappedBudget. On a shared file mapping that
// only drops the process's page-table entries: the pages stay in the page
// cache (dirty ones are still written back), and the next access maps
// them again with a minor fault, no disk read.
//
// MADV_DONTNEED is only safe on a mapping that is still the one read from
// /proc/self/smaps: on a range Badger unmapped meanwhile and something
// else (the Go heap, a thread stack) mapped again, it would zero that
// memory. So a pass trims only mappings that cannot go away under it:
//   - tables present before and after it opened a Badger iterator with no
//     prefix, which holds a reference on every table of the tree (Badger
//     unmaps a table when its last reference goes, and never moves one
//     between levels, so a table there at both times was there when the
//     iterator took its references);
//   - value-log files with a newer one mapped: Badger finishes a file
//     (truncates it and shrinks its mapping in place) before it creates
//     the next one, so these are final; the range is cut to the file's
//     size in case its smaps line was read before the shrink;
//   - of the newest value-log file, the part Badger has written
//     (writtenPrefix, in writeback_linux.go, which also trims it as it
//     fills).
//
// Badger deletes value-log files only in value-log GC, which waits for
// gcMu, or when the last open iterator closes, which cannot happen while
// the pass holds one. Memtable logs and anything that is not a shared
// mapping are left alone.

// trimEvery is how often the file-backed resident set is looked at; the
// compaction of postings, which writes values faster than that (and reads
// them through Badger's mapping when the value reader falls back to it,
// valuelog.go), also asks (kickTrim).
const trimEvery = 100 * time.Millisecond

// trimGap is the least time between two passes, however often asked.
const trimGap = 50 * time.Millisecond

// kickTrim has trimMapped look at the resident set now.
func (ix *Index) kickTrim() {
	select {
	case ix.trimKick <- struct{}{}:
	default:
	}
}

func (ix *Index) trimMapped() {
	defer close(ix.trimDone)
	budget := ix.opts.MappedBudget
	if budget < 0 {
		return
	}
	dir, err := realDir(ix.opts.Dir)
	if err != nil {
		ix.log.Warn("index: mapped pages will not be trimmed", "err", err)
		return
	}
	t := time.NewTicker(trimEvery)
	defer t.Stop()
	var last time.Time
	for {
		select {
		case <-ix.ctx.Done():
			return
		case <-t.C:
		case <-ix.trimKick:
		}
		if time.Since(last) < trimGap {
			continue
		}
		rss, err := rssFile()
		if err != nil {
			ix.log.Warn("index: mapped pages will not be trimmed", "err", err)
			return
		}
		if rss <= budget {
			continue
		}
		last = time.Now()
		if _, err := ix.trimPass(dir, rss, budget); err != nil {
			ix.log.Warn("index: trimming mapped pages", "err", err)
		}
	}
}

// trimPass unmaps the resident pages of the sealed value-log files under
// dir and, when the file-backed resident set (rss, bytes) would still be
// over budget without them, of the tables (see above for why those are
// safe to trim). Tables go last: Badger reads their indexes and bloom
// filters in place at every lookup and compaction, so trimmed ones are
// faulted back at once (measured: trimming tables at every pass cost the
// daemon a tenth more CPU), while the index reads value-log files with
// pread (valuelog.go): what is mapped of a sealed one is mostly what
// Badger wrote into it, read again through the mapping only by Badger's
// value-log GC (and the reads the value reader leaves to Badger). It
// returns the bytes of address space it advised.
func (ix *Index) trimPass(dir string, rss, budget int64) (int64, error) {
	if err := ix.enter(); err != nil {
		return 0, nil
	}
	defer ix.life.RUnlock()

	before := ix.db.Tables()
	defer ix.pinFiles()()
	pinned := make(map[uint64]bool, len(before))
	for _, t := range before {
		pinned[t.ID] = false
	}
	for _, t := range ix.db.Tables() {
		if _, ok := pinned[t.ID]; ok {
			pinned[t.ID] = true
		}
	}

	maps, err := readMappings(dir)
	if err != nil {
		return 0, err
	}
	newestVlog := newestVlogID(maps)
	page := uint64(os.Getpagesize())
	var advised int64
	advise := func(m mapping, end uint64) error {
		if end <= m.start {
			return nil
		}
		if err := dontNeed(m.start, end-m.start); err != nil {
			return fmt.Errorf("%s: %w", filepath.Base(m.path), err)
		}
		advised += int64(end - m.start)
		rss -= m.rss << 10
		return nil
	}
	for _, m := range maps {
		if m.ext != ".vlog" || m.rss == 0 {
			continue
		}
		end, ok := vlogTrimEnd(m, m.id == newestVlog, page)
		if !ok {
			continue
		}
		if err := advise(m, end); err != nil {
			return advised, err
		}
	}
	for _, m := range maps {
		if rss <= budget {
			break
		}
		if m.ext == ".sst" && m.rss > 0 && pinned[m.id] {
			if err := advise(m, m.end); err != nil {
				return advised, err
			}
		}
	}
	return advised, nil
}

// pinFiles keeps Badger from deleting any of its files until the returned
// release runs: it holds gcMu (value-log GC) and an iterator with no
// prefix, never positioned, which references every table and defers the
// deletion of value-log files GC has collected. The caller holds ix.life.
func (ix *Index) pinFiles() (release func()) {
	ix.gcMu.Lock()
	txn := ix.db.NewTransactionAt(ix.clock.readTS(), false)
	it := txn.NewIterator(badger.IteratorOptions{})
	return func() {
		it.Close()
		txn.Discard()
		ix.gcMu.Unlock()
	}
}

// newestVlogID is the number of the newest value-log file among maps, the
// one Badger writes to (0 if none).
func newestVlogID(maps []mapping) uint64 {
	newest := uint64(0)
	for _, m := range maps {
		if m.ext == ".vlog" {
			newest = max(newest, m.id)
		}
	}
	return newest
}

// vlogTrimEnd is where trimming a value-log file's mapping m must end. A
// sealed file is final: its size, whole pages. Of the newest one, only
// what Badger has written (writtenPrefix; writeback_linux.go says why
// that part stays mapped), and only while its mapping is the whole file.
func vlogTrimEnd(m mapping, newest bool, page uint64) (uint64, bool) {
	if !newest {
		fi, err := os.Stat(m.path)
		if err != nil {
			return 0, false
		}
		return min(m.end, m.start+(uint64(fi.Size())+page-1)/page*page), true
	}
	f, err := os.Open(m.path)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	written, size, ok, err := writtenPrefix(f)
	if err != nil || !ok || m.end-m.start < size {
		return 0, false
	}
	return m.start + written, true
}

// mapping is a shared mapping of one of the store's numbered files.
type mapping struct {
	start, end uint64
	path       string
	ext        string // ".sst" or ".vlog"
	id         uint64 // the file's number: table id or value-log fid
	rss        int64  // resident KiB (readMappings)
}

// readMappings lists the shared mappings of /proc/self/smaps whose file is
// a table or value-log file directly in dir, with their resident size.
// smaps, not maps: a pass advises only the mappings with pages resident,
// since each madvise that drops pages costs a TLB flush on every CPU the
// process runs on, dear on a virtual machine, and most mappings have
// none.
func readMappings(dir string) ([]mapping, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []mapping
	cur := -1 // index in out of the mapping whose fields are being read
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if v, ok := bytes.CutPrefix(line, []byte("Rss:")); ok {
			if cur >= 0 {
				kb, err := parseKB(v)
				if err != nil {
					return nil, fmt.Errorf("smaps: %q: %w", line, err)
				}
				out[cur].rss = kb
			}
			continue
		}
		if !isMappingHeader(line) {
			continue
		}
		cur = -1
		if m, ok := parseMapping(line, dir); ok {
			out = append(out, m)
			cur = len(out) - 1
		}
	}
	return out, sc.Err()
}

// isMappingHeader tells a mapping's first line in smaps ("start-end perms
// ...") from its "Key: value" lines.
func isMappingHeader(line []byte) bool {
	sp := bytes.IndexByte(line, ' ')
	return sp > 0 && bytes.IndexByte(line[:sp], '-') > 0 && bytes.IndexByte(line[:sp], ':') < 0
}

// parseMapping reads one line of /proc/PID/maps:
//
//	start-end perms offset dev inode   path
func parseMapping(line []byte, dir string) (mapping, bool) {
	fields := bytes.Fields(line)
	if len(fields) < 6 {
		return mapping{}, false
	}
	perms := fields[1]
	if len(perms) != 4 || perms[3] != 's' {
		return mapping{}, false // private or anonymous: never ours to trim
	}
	// The path is the rest of the line after the inode (it may hold spaces).
	i := bytes.Index(line, fields[5])
	path := string(line[i:])
	if strings.HasSuffix(path, " (deleted)") || filepath.Dir(path) != dir {
		return mapping{}, false
	}
	ext := filepath.Ext(path)
	if ext != ".sst" && ext != ".vlog" {
		return mapping{}, false
	}
	id, err := strconv.ParseUint(strings.TrimSuffix(filepath.Base(path), ext), 10, 64)
	if err != nil {
		return mapping{}, false
	}
	addr := fields[0]
	dash := bytes.IndexByte(addr, '-')
	if dash < 0 {
		return mapping{}, false
	}
	start, err1 := strconv.ParseUint(string(addr[:dash]), 16, 64)
	end, err2 := strconv.ParseUint(string(addr[dash+1:]), 16, 64)
	if err1 != nil || err2 != nil || end <= start {
		return mapping{}, false
	}
	return mapping{start: start, end: end, path: path, ext: ext, id: id}, true
}

// rssFile is the process's file-backed resident set, in bytes.
func rssFile() (int64, error) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, err
	}
	for line := range bytes.SplitSeq(b, []byte("\n")) {
		if v, ok := bytes.CutPrefix(line, []byte("RssFile:")); ok {
			kb, err := parseKB(v)
			if err != nil {
				return 0, fmt.Errorf("RssFile in /proc/self/status: %w", err)
			}
			return kb << 10, nil
		}
	}
	return 0, fmt.Errorf("no RssFile in /proc/self/status")
}

// parseKB reads the value of a "Key:   123 kB" line of /proc/self/status
// or smaps, after the key.
func parseKB(v []byte) (int64, error) {
	return strconv.ParseInt(string(bytes.TrimSuffix(bytes.TrimSpace(v), []byte(" kB"))), 10, 64)
}

// dontNeed drops the process's pages of [start, start+n) (madvise
// MADV_DONTNEED); the caller knows the range is a shared file mapping
// that cannot go away meanwhile.
func dontNeed(start, n uint64) error {
	if _, _, errno := unix.Syscall(unix.SYS_MADVISE, uintptr(start), uintptr(n), unix.MADV_DONTNEED); errno != 0 {
		return fmt.Errorf("madvise: %w", errno)
	}
	return nil
}

// realDir is dir as /proc/self/smaps names it: absolute, symlinks resolved.
func realDir(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}
