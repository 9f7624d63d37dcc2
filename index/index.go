package index

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/skl"
)

// Index is the daemon's memory of hashed findings, in one Badger store.
// All its methods are safe for concurrent use; a Writer is used by one
// goroutine at a time.
type Index struct {
	db     *badger.DB
	values *valueReader // reads value-log values (valuelog.go)
	opts   Options
	log    *slog.Logger
	dmg    damage // what reads met (damage.go)

	// life is held shared by every call that touches the store and
	// exclusively by Close, so Close never pulls the store from under a
	// running read.
	life   sync.RWMutex
	closed bool

	// mu serializes every read-modify-write transaction (there are few
	// and they are small) and guards the fields below. Finding entries
	// are written without it.
	mu       sync.Mutex
	active   map[string]*Writer // unfinished writers by path
	nextPath uint64             // last path id given out
	nextGen  uint64             // last generation given out
	files    int64              // committed files
	findings int64              // findings of committed generations
	dead     int64              // postings stored of generations gone since the last full compaction, about

	maxTxnBytes, maxTxnEntries int64  // what one Badger transaction may hold
	flushPostings              int    // postings gathered in memory per run (postings.go)
	batchBytes                 int    // bytes per WriteBatch of a streaming Writer (writer.go)
	clock                      *clock // timestamps (clock.go)

	cleanMu sync.Mutex // one cleaner pass at a time
	kick    chan struct{}
	ctx     context.Context // cancelled by Close
	cancel  context.CancelFunc
	done    chan struct{}

	// The by-hash side (postings.go, compact.go): postings in memory,
	// and, under postMu (one flush or compaction at a time), the values
	// stored in each bucket and the last run number given out.
	pmem     postingMem
	postMu   sync.Mutex
	inv      [numBuckets][]storedRun
	nextRun  uint64
	postKick chan struct{}
	postDone chan struct{}
	wbDone   chan struct{} // writeBack stopped
	trimDone chan struct{} // trimMapped stopped
	trimKick chan struct{} // look at the resident set now

	// The free space of the volume (room.go): the guard, the
	// watcher's end, and who is told of changes.
	guard    *diskGuard
	roomDone chan struct{}
	roomKick chan struct{} // look now (lookRoom)
	roomMu   sync.Mutex
	roomFns  []func(Room)

	// gcMu is held by each value-log GC run and by a pass of trimMapped,
	// which must not see a value-log file deleted under it.
	gcMu sync.Mutex
}

// Open opens (creating if needed) the index in opts.Dir. Generations left
// unfinished by a crash become garbage, to be deleted in the background
// (or by Cleanup), and their paths are listed by InFlight.
//
// On a volume below the low watermark (room.go) the index opens read-only:
// it answers from what it holds, writes return ErrNoSpace, and it reopens
// read-write by itself once the volume has room.
func Open(opts Options) (*Index, error) {
	opts = opts.fill()
	if opts.Dir == "" {
		return nil, errors.New("index: open: no directory")
	}
	if err := checkLock(opts.Dir, true); err != nil {
		return nil, fmt.Errorf("index: open %s: %w", opts.Dir, err)
	}
	if err := checkTables(opts.Dir); err != nil {
		return nil, fmt.Errorf("index: open %s: %w", opts.Dir, err)
	}
	low, high := opts.watermarks()
	ix := &Index{
		opts:     opts,
		log:      opts.Logger,
		guard:    newDiskGuard(opts.Dir, low, high),
		roomDone: make(chan struct{}),
		roomKick: make(chan struct{}, 1),
	}
	if opts.probe != nil {
		ix.guard.free = opts.probe.free
	}
	ix.ctx, ix.cancel = context.WithCancel(context.Background())
	room := ix.guard.check()
	readOnly := false
	if room.Blocked {
		// Read-only needs an index to read; a new one, or one a crash
		// left with memtable logs to replay, must be written to open.
		if _, err := os.Stat(filepath.Join(opts.Dir, "MANIFEST")); err == nil {
			readOnly = true
			err := ix.openStore(true, true)
			if err == nil {
				ix.log.Warn("index: the data volume is below the low watermark: the index is open read-only (searches and reports are served, nothing is indexed) until free space is back above the high watermark",
					"free_bytes", room.Free, "low_watermark_bytes", room.Low, "high_watermark_bytes", room.High)
			} else if room.Free >= 0 && room.Free < openRoom(opts) {
				ix.cancel()
				return nil, fmt.Errorf("index: open %s: %w: %d bytes free, below the low watermark (%d), and the index cannot be opened read-only (%v): free space on the volume and start again",
					opts.Dir, ErrNoSpace, room.Free, room.Low, err)
			} else {
				ix.log.Warn("index: cannot open read-only; opening read-write with writes stopped until free space is back above the high watermark", "err", err)
				readOnly = false
			}
		} else if room.Free >= 0 && room.Free < openRoom(opts) {
			ix.cancel()
			return nil, fmt.Errorf("index: open %s: %w: %d bytes free, too little to create an index (%d needed; the low watermark is %d)",
				opts.Dir, ErrNoSpace, room.Free, openRoom(opts), room.Low)
		}
	}
	if !readOnly {
		if err := ix.openStore(false, true); err != nil {
			ix.cancel()
			return nil, err
		}
		if room.Blocked {
			ix.log.Warn("index: the data volume is below the low watermark: indexing waits until free space is back above the high watermark; searches and reports go on",
				"free_bytes", room.Free, "low_watermark_bytes", room.Low, "high_watermark_bytes", room.High)
		}
	}
	go ix.watchRoom(ix.Room()) // what Open said
	return ix, nil
}

// openStore opens Badger (read-only or not) and loads the index's state
// from it; read-write, it starts the goroutines that write. Called by Open
// (checkTables: every table's checksums are verified) and by reopen, which
// holds life exclusively and so skips that check: Open made it, and a
// read-only store wrote no table since.
func (ix *Index) openStore(readOnly, checkTables bool) error {
	opts := ix.opts
	bo := opts.badger().WithReadOnly(readOnly)
	db, err := openBadger(bo)
	if err != nil && !readOnly && strings.Contains(err.Error(), "while opening memtables") {
		// Only once Badger has failed on them (it held the directory's
		// lock then, so no other process is writing them).
		if rerr := removeEmptyMemtables(opts.Dir, opts.Logger); rerr != nil {
			return fmt.Errorf("index: open %s: %w", opts.Dir, rerr)
		}
		db, err = openBadger(bo)
	}
	if err != nil {
		return fmt.Errorf("index: open %s: %w", opts.Dir, err)
	}
	ix.db = db
	ix.values = newValueReader(opts.Dir, 2*opts.ValueLogFileSize, opts.Logger)
	ix.active = make(map[string]*Writer)
	ix.kick = make(chan struct{}, 1)
	ix.done = make(chan struct{})
	ix.postKick = make(chan struct{}, 1)
	ix.postDone = make(chan struct{})
	ix.wbDone = make(chan struct{})
	ix.trimDone = make(chan struct{})
	ix.trimKick = make(chan struct{}, 1)
	// Badger's bounds on one transaction (it derives them so).
	ix.maxTxnBytes = 15 * opts.MemTableSize / 100
	ix.maxTxnEntries = ix.maxTxnBytes / int64(skl.MaxNodeSize)
	ix.flushPostings = cmp.Or(opts.flushPostings, defaultFlushPostings)
	ix.batchBytes = cmp.Or(opts.batchBytes, defaultBatchBytes)
	ix.clock = newClock(db.MaxVersion())
	ix.pmem = postingMem{active: newMemRun()}
	ix.pmem.cond = sync.NewCond(&ix.pmem.mu)
	ix.inv = [numBuckets][]storedRun{}
	ix.nextRun, ix.dead = 0, 0
	ix.guard.setReadOnly(readOnly)
	fail := func(format string, err error) error {
		db.Close()
		ix.values.close()
		for _, c := range []chan struct{}{ix.done, ix.postDone, ix.wbDone, ix.trimDone} {
			close(c) // what Close waits for
		}
		return fmt.Errorf(format, opts.Dir, err)
	}
	if checkTables {
		if err := guard(ix.verifyTables); err != nil {
			return fail("index: open %s: %w", err)
		}
	}
	if err := guard(ix.loadMeta); err != nil {
		return fail("index: open %s: %w", err)
	}
	if err := guard(ix.loadPostings); err != nil {
		return fail("index: open %s: postings: %w", err)
	}
	if readOnly {
		// Nothing writes: the in-flight markers stay, listed by
		// InFlight, until the index is read-write again.
		for _, c := range []chan struct{}{ix.done, ix.postDone, ix.wbDone, ix.trimDone} {
			close(c)
		}
		return nil
	}
	var n int
	err = guard(func() (err error) { n, err = ix.recoverInFlight(); return err })
	if err != nil {
		return fail("index: open %s: recover: %w", err)
	}
	if n > 0 {
		ix.log.Warn("index: files left in flight by an earlier run", "files", n)
	}
	if opts.ManualCleanup {
		close(ix.done)
	} else {
		go ix.cleaner()
		ix.wake()
	}
	go ix.poster()
	go ix.writeBack()
	go ix.trimMapped()
	return nil
}

// reopen turns a read-only index read-write, with every call of it
// waiting meanwhile. If Badger will not open read-write, the index goes
// on read-only.
func (ix *Index) reopen() error {
	ix.life.Lock()
	defer ix.life.Unlock()
	if ix.closed {
		return nil
	}
	err := ix.db.Close()
	ix.values.close()
	if err == nil {
		if err = ix.openStore(false, false); err == nil {
			return nil
		}
	}
	if rerr := ix.openStore(true, false); rerr != nil {
		// Nothing left to serve from: calls fail with ErrClosed.
		ix.closed = true
		return fmt.Errorf("%w; reopening read-only: %v", err, rerr)
	}
	return err
}

// Close stops the cleaner and closes the store. Writers still open are
// cancelled without Abort: their paths stay in flight, as after a crash,
// and the next Open cleans them up.
func (ix *Index) Close() error {
	ix.cancel()
	<-ix.roomDone
	<-ix.done
	<-ix.postDone
	<-ix.wbDone
	<-ix.trimDone
	ix.pmem.mu.Lock()
	ix.pmem.cond.Broadcast() // an Add waiting for a flush goes on
	ix.pmem.mu.Unlock()
	ix.life.Lock()
	defer ix.life.Unlock()
	if ix.closed {
		return nil
	}
	ix.closed = true
	ix.mu.Lock()
	for _, w := range ix.active {
		if w.wb != nil {
			w.waitPrev()
			w.wb.Cancel()
		}
		w.done = true
	}
	ix.active = nil
	ix.mu.Unlock()
	// What memory holds, written: the next Open has nothing to re-read.
	// (An unfinished one is flushed too; its postings are dropped later.)
	// Not without room: the unposted markers have the next Open gather
	// them again.
	for i := 0; i < 2 && ix.writable() == nil; i++ {
		if err := ix.flushNow(); err != nil {
			ix.log.Error("index: close: writing postings", "err", err)
			break
		}
	}
	err := ix.db.Close()
	ix.values.close()
	if err != nil {
		return fmt.Errorf("index: close: %w", err)
	}
	return nil
}

// enter takes the store for a call; the caller runs ix.life.RUnlock after.
func (ix *Index) enter() error {
	ix.life.RLock()
	if ix.closed {
		ix.life.RUnlock()
		return ErrClosed
	}
	return nil
}

// removeEmptyMemtables deletes the memtable logs (*.mem) of size 0 in
// dir. Badger creates one, then sizes it: a kill between the two leaves an
// empty file, which holds nothing and which Badger then refuses to open
// (it takes it for a file to create), so the index would not open again.
func removeEmptyMemtables(dir string, log *slog.Logger) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".mem") {
			continue
		}
		if fi, err := e.Info(); err == nil && fi.Size() == 0 {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
			log.Warn("index: removed an empty memtable file left by a crash", "file", e.Name())
		}
	}
	return nil
}

func (ix *Index) loadMeta() error {
	var version, files, findings uint64
	err := ix.view(func(txn *badger.Txn) error {
		for _, m := range []struct {
			key []byte
			dst *uint64
		}{
			{metaVersion, &version},
			{metaNextPath, &ix.nextPath},
			{metaNextGen, &ix.nextGen},
			{metaFiles, &files},
			{metaFindings, &findings},
		} {
			v, err := getU64(txn, m.key)
			if err != nil {
				return err
			}
			*m.dst = v
		}
		return nil
	})
	if err != nil {
		return err
	}
	ix.files, ix.findings = int64(files), int64(findings)
	switch version {
	case layoutVersion:
		return nil
	case 0:
		if ix.Room().ReadOnly {
			return nil // empty
		}
		return ix.update(func(txn *badger.Txn) error {
			return txn.Set(metaVersion, u64(layoutVersion))
		})
	default:
		// The index is derived from the watched files: rebuilding it is
		// the upgrade path.
		return fmt.Errorf("%w: layout %d, this piid reads %d (remove %s: the daemon rebuilds it from the watched folders)",
			ErrIncompatible, version, layoutVersion, ix.opts.Dir)
	}
}

// getU64 reads a uint64 value; a missing key reads 0.
func getU64(txn *badger.Txn, key []byte) (uint64, error) {
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	var v uint64
	err = item.Value(func(b []byte) error {
		if len(b) != 8 {
			return fmt.Errorf("%w: %x", ErrCorrupt, key)
		}
		v = be.Uint64(b)
		return nil
	})
	return v, err
}

// recoverInFlight marks the generation of every in-flight marker as
// garbage. The markers stay, so InFlight lists the paths until they are
// indexed again or removed.
func (ix *Index) recoverInFlight() (int, error) {
	var keys [][]byte
	err := ix.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pInFlight}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			k := item.Key()
			if len(k) != 9 {
				continue
			}
			id := be.Uint64(k[1:])
			err := item.Value(func(v []byte) error {
				if len(v) < 8 {
					return fmt.Errorf("%w: in-flight marker", ErrCorrupt)
				}
				keys = append(keys, idGenKey(pGarbage, id, be.Uint64(v)))
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || len(keys) == 0 {
		return 0, err
	}
	wb, ts := ix.newBatch()
	defer wb.Cancel()
	for _, k := range keys {
		if err := wb.Set(k, nil); err != nil {
			return 0, err
		}
	}
	if err := wb.Flush(); err != nil {
		return 0, err
	}
	ix.clock.landed(ts) // Open is alone: nothing is half-landed
	return len(keys), nil
}

// InFlight lists, sorted, the paths whose indexing began and neither
// committed nor aborted, in this process or an earlier one, and which no
// Writer of this Index is working on now: the files the daemon should scan
// again. A path leaves the list when it is committed, aborted or removed.
// Until then readers see its last committed findings, if any.
func (ix *Index) InFlight() ([]string, error) {
	if err := ix.enter(); err != nil {
		return nil, err
	}
	defer ix.life.RUnlock()
	var paths []string
	err := ix.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pInFlight}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			if len(k) != 9 {
				continue
			}
			p, ok, err := pathOf(txn, be.Uint64(k[1:]))
			if err != nil {
				return err
			}
			if ok {
				paths = append(paths, p)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("index: in flight: %w", err)
	}
	ix.mu.Lock()
	out := paths[:0]
	for _, p := range paths {
		if ix.active[p] == nil {
			out = append(out, p)
		}
	}
	ix.mu.Unlock()
	sort.Strings(out)
	return out, nil
}

func pathOf(txn *badger.Txn, id uint64) (string, bool, error) {
	item, err := txn.Get(idKey(pIDPath, id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	v, err := item.ValueCopy(nil)
	return string(v), err == nil, err
}

func idOf(txn *badger.Txn, path string) (uint64, bool, error) {
	v, err := getU64(txn, pathIDKey(path))
	return v, v != 0, err
}

// stateOf returns the file state of path id, if the path has one.
func stateOf(txn *badger.Txn, id uint64) (gen uint64, s FileState, ok bool, err error) {
	item, err := txn.Get(idKey(pState, id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return 0, FileState{}, false, nil
	}
	if err != nil {
		return 0, FileState{}, false, err
	}
	err = item.Value(func(v []byte) error {
		gen, s, err = decodeState(v)
		return err
	})
	return gen, s, err == nil, err
}

// File returns the state of path as of its last commit.
func (ix *Index) File(path string) (FileState, bool, error) {
	if err := ix.enter(); err != nil {
		return FileState{}, false, err
	}
	defer ix.life.RUnlock()
	var (
		s  FileState
		ok bool
	)
	err := ix.view(func(txn *badger.Txn) error {
		id, found, err := idOf(txn, path)
		if err != nil || !found {
			return err
		}
		_, s, ok, err = stateOf(txn, id)
		return err
	})
	if err != nil {
		return FileState{}, false, ix.noteDamage("file state", fmt.Errorf("index: file %s: %w", path, err))
	}
	return s, ok, nil
}

// Unchanged reports whether path was indexed without error with this
// size, modification time (unix ns) and inode, so the caller may skip it.
// Comparing content hashes (FileState.ContentHash) when the stat differs
// but the bytes may not is the caller's business. A failed read counts as
// changed.
func (ix *Index) Unchanged(path string, size, modTime int64, inode uint64) bool {
	s, ok, err := ix.File(path)
	return err == nil && ok && s.Error == "" &&
		s.Size == size && s.ModTime == modTime && s.Inode == inode
}

// Files calls fn for every committed file, in path-id order, until fn
// returns false. fn runs outside any transaction and may call the Index; a
// file committed or removed meanwhile may or may not be seen.
func (ix *Index) Files(fn func(FileState) bool) error {
	seek := []byte{pState}
	for {
		batch, next, err := ix.filesBatch(seek, 512)
		if err != nil {
			return ix.noteDamage("files", fmt.Errorf("index: files: %w", err))
		}
		for _, s := range batch {
			if !fn(s) {
				return nil
			}
		}
		if next == nil {
			return nil
		}
		seek = next
	}
}

func (ix *Index) filesBatch(seek []byte, max int) ([]FileState, []byte, error) {
	if err := ix.enter(); err != nil {
		return nil, nil, err
	}
	defer ix.life.RUnlock()
	var (
		out  []FileState
		next []byte
	)
	err := ix.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pState}})
		defer it.Close()
		for it.Seek(seek); it.Valid(); it.Next() {
			item := it.Item()
			if len(out) == max {
				next = item.KeyCopy(nil)
				return nil
			}
			err := item.Value(func(v []byte) error {
				_, s, err := decodeState(v)
				out = append(out, s)
				return err
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	return out, next, err
}

// Stats are the index's totals.
type Stats struct {
	Files     int64 `json:"files"`      // committed files
	Findings  int64 `json:"findings"`   // findings of their current generations
	LSMBytes  int64 `json:"lsm_bytes"`  // LSM tree tables on disk
	VLogBytes int64 `json:"vlog_bytes"` // value log and write-ahead logs on disk
}

// Stats returns the index's totals; the byte counts are the sizes of the
// store's files.
func (ix *Index) Stats() (Stats, error) {
	if err := ix.enter(); err != nil {
		return Stats{}, err
	}
	defer ix.life.RUnlock()
	ix.mu.Lock()
	st := Stats{Files: ix.files, Findings: ix.findings}
	ix.mu.Unlock()
	ents, err := os.ReadDir(ix.opts.Dir)
	if err != nil {
		return st, fmt.Errorf("index: stats: %w", err)
	}
	for _, e := range ents {
		info, err := e.Info()
		if err != nil {
			continue
		}
		switch filepath.Ext(e.Name()) {
		case ".sst":
			st.LSMBytes += info.Size()
		case ".vlog", ".mem":
			st.VLogBytes += diskSize(info)
		}
	}
	return st, nil
}

// runValueLogGC runs one Badger value-log GC, under gcMu (trim_linux.go).
func (ix *Index) runValueLogGC(discardRatio float64) error {
	ix.gcMu.Lock()
	defer ix.gcMu.Unlock()
	return ix.db.RunValueLogGC(discardRatio)
}

// RunGC runs Badger's value-log garbage collection every interval until ctx
// ends, then returns nil. The value log holds the blocks of findings and
// the bucket values of postings (options.go): the blocks of replaced or
// removed files and the values compaction merged are garbage there until
// a file of it is rewritten.
func (ix *Index) RunGC(ctx context.Context, every time.Duration) error {
	if every <= 0 {
		every = 10 * time.Minute
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-ix.ctx.Done():
			return nil
		case <-t.C:
		}
		if err := ix.enter(); err != nil {
			return nil
		}
		n := 0
		// Value-log GC writes what it keeps of a file into the newest
		// before it deletes the file: not without room.
		for ctx.Err() == nil && ix.writable() == nil && ix.runValueLogGC(0.5) == nil {
			n++
		}
		// Files deleted now, or by Badger after an iterator closed since
		// the last pass, may still be open for reads (valuelog.go).
		ix.values.prune()
		ix.life.RUnlock()
		if n > 0 {
			ix.log.Debug("index: value log collected", "files", n)
		}
	}
}
