package index

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
)

// Writer replaces the findings of one file. BeginFile starts it, Add
// streams findings in (any number, in as many Badger transactions as they
// need), and Commit makes them, and only them, the file's findings in one
// small transaction; Abort drops them. Until Commit readers see the file's
// previous findings. A Writer is not safe for concurrent use.
//
// A file with few findings (most files) costs one transaction instead of
// three (marker, findings, flip): its entries are held in memory and
// written by Commit with the generation flip, and a crash before that
// leaves nothing of it. Past half a Badger transaction the Writer
// streams: it records, durably, that the path is in flight under its
// generation, then writes the entries held so far and every later one
// through a WriteBatch.
type Writer struct {
	ix      *Index
	path    string
	id, gen uint64
	newPath bool               // id given out by BeginFile, not stored yet
	wb      *badger.WriteBatch // nil until the Writer streams
	wbBytes int                // bytes set in wb
	prev    chan error         // the Flush of the previous batch, running
	held    [][2][]byte        // entries held for Commit while not streaming
	heldN   int64              // their size as Badger counts it
	seq     uint32
	n       int
	body    []byte // the block being encoded
	raw     []byte // its body: count and entries
	zbuf    []byte // its compression
	entry   []byte // the finding being encoded
	err     error  // first write error; Add and Commit return it
	done    bool
}

// BeginFile starts replacing the findings of path under a new generation.
// It fails with ErrBusy if path has an unfinished Writer.
func (ix *Index) BeginFile(path string) (*Writer, error) {
	if err := ix.enter(); err != nil {
		return nil, err
	}
	defer ix.life.RUnlock()
	ix.lookRoom()
	if err := ix.writable(); err != nil {
		return nil, fmt.Errorf("index: begin %s: %w", path, err)
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.active[path] != nil {
		return nil, fmt.Errorf("index: begin %s: %w", path, ErrBusy)
	}
	var (
		id    uint64
		found bool
	)
	err := ix.view(func(txn *badger.Txn) error {
		var err error
		id, found, err = idOf(txn, path)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("index: begin %s: %w", path, err)
	}
	// Counters move on in memory now and are stored with the Writer's
	// first write (start): a number given out is never given again.
	if !found {
		ix.nextPath++
		id = ix.nextPath
	}
	ix.nextGen++
	w := &Writer{ix: ix, path: path, id: id, gen: ix.nextGen, newPath: !found}
	ix.active[path] = w
	return w, nil
}

// start writes, in txn, what the Writer's first write needs: the path's
// id if new, the counters, and a marker left by a crash or a failed commit
// turned into garbage. Called under ix.mu.
func (w *Writer) start(txn *badger.Txn) error {
	ix := w.ix
	if w.newPath {
		if err := setAll(txn, pathIDKey(w.path), u64(w.id), idKey(pIDPath, w.id), []byte(w.path)); err != nil {
			return err
		}
	}
	if old, ok, err := inFlightGen(txn, w.id); err != nil {
		return err
	} else if ok {
		if err := txn.Set(idGenKey(pGarbage, w.id, old), nil); err != nil {
			return err
		}
		if err := txn.Delete(idKey(pInFlight, w.id)); err != nil {
			return err
		}
	}
	return setAll(txn, metaNextPath, u64(ix.nextPath), metaNextGen, u64(ix.nextGen))
}

// stream turns the Writer to streaming: the in-flight marker, durably,
// then the held entries into a WriteBatch.
func (w *Writer) stream() error {
	ix := w.ix
	if err := ix.writable(); err != nil {
		return err
	}
	ix.mu.Lock()
	err := ix.update(func(txn *badger.Txn) error {
		if err := w.start(txn); err != nil {
			return err
		}
		return txn.Set(idKey(pInFlight, w.id), be.AppendUint64(u64(w.gen), uint64(time.Now().UnixNano())))
	})
	ix.mu.Unlock()
	if err != nil {
		return err
	}
	w.newPath = false
	w.wb, _ = ix.newBatch()
	for _, kv := range w.held {
		if err := w.put(kv[0], kv[1]); err != nil {
			return err
		}
	}
	w.held, w.heldN = nil, 0
	return nil
}

// defaultBatchBytes bounds what one WriteBatch of a streaming Writer
// holds. Badger sizes a transaction by the entries it puts in the LSM
// tree, and a block's value goes to the value log, so one transaction
// would hold thousands of blocks (tens of MiB) in memory until it
// commits. Options.batchBytes lowers it in tests.
const defaultBatchBytes = 4 << 20

// put writes one entry, or holds it for Commit. A streaming Writer
// starts a new batch every ix.batchBytes and lets the previous one finish
// in the background (one at a time).
func (w *Writer) put(k, v []byte) error {
	if w.wb != nil {
		if err := w.wb.Set(k, v); err != nil {
			return err
		}
		if w.wbBytes += len(k) + len(v); w.wbBytes >= w.ix.batchBytes {
			if err := w.waitPrev(); err != nil {
				return err
			}
			if err := w.ix.writable(); err != nil {
				return err
			}
			full, done := w.wb, make(chan error, 1)
			go func() { done <- full.Flush() }()
			w.prev = done
			w.wb, _ = w.ix.newBatch()
			w.wbBytes = 0
		}
		return nil
	}
	w.held = append(w.held, [2][]byte{k, v})
	w.heldN += int64(len(k)+len(v)) + entryOverhead
	return nil
}

// waitPrev waits for the previous batch's Flush, if any.
func (w *Writer) waitPrev() error {
	if w.prev == nil {
		return nil
	}
	err := <-w.prev
	w.prev = nil
	return err
}

// entryOverhead is what Badger adds to an entry's key and value when it
// sizes a transaction.
const entryOverhead = 12

func setAll(txn *badger.Txn, kv ...[]byte) error {
	for i := 0; i+1 < len(kv); i += 2 {
		if err := txn.Set(kv[i], kv[i+1]); err != nil {
			return err
		}
	}
	return nil
}

func inFlightGen(txn *badger.Txn, id uint64) (uint64, bool, error) {
	item, err := txn.Get(idKey(pInFlight, id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	var gen uint64
	err = item.Value(func(v []byte) error {
		if len(v) < 8 {
			return fmt.Errorf("%w: in-flight marker", ErrCorrupt)
		}
		gen = be.Uint64(v)
		return nil
	})
	return gen, err == nil, err
}

// Path is the file the Writer indexes.
func (w *Writer) Path() string { return w.path }

// Add writes findings of the file. Their Path and Value are ignored: the
// raw value is never stored. Every finding must have its Hash (not the
// zero Hash), and an ambiguous finding each of its AltHashes; otherwise Add
// writes nothing of this call and returns ErrInvalidHash. An ambiguous
// finding is filed under its Hash and each alternative hash: a lookup of
// any of them finds it.
// Findings may come in any order within a call and in any number of
// calls; the file's findings are kept in offset order (which records and
// paging rely on) when each call's follow the previous call's, as a scan
// gives them.
func (w *Writer) Add(findings []scanner.Finding) error {
	ix := w.ix
	if err := ix.enter(); err != nil {
		return err
	}
	defer ix.life.RUnlock()
	if w.done {
		return fmt.Errorf("index: add %s: %w", w.path, ErrWriterDone)
	}
	if w.err != nil {
		return w.err
	}
	size := 0
	for i := range findings {
		f := &findings[i]
		if f.Hash.IsZero() {
			return fmt.Errorf("index: add %s: finding at byte %d: %w: no hash", w.path, f.Start, ErrInvalidHash)
		}
		if f.Ambiguous && slices.ContainsFunc(f.AltHashes, patterns.Hash.IsZero) {
			return fmt.Errorf("index: add %s: finding at byte %d: %w: an alternative reading without its hash", w.path, f.Start, ErrInvalidHash)
		}
		// At worst a block per finding; findingSize counts the hash.
		size += fileKeyLen + 1 + 2*binary.MaxVarintLen64 + findingSize(f)
	}
	if uint64(w.seq)+uint64(len(findings)) > math.MaxUint32 {
		return fmt.Errorf("index: add %s: more than %d findings in one file", w.path, uint32(math.MaxUint32))
	}
	// Blocks follow the file: a scan gives findings in offset order
	// already, the sort keeps any other order right.
	order := make([]int, len(findings))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(findings[a].Start, findings[b].Start) })

	// One allocation for every key and value of the call: Badger keeps
	// the slices until their transaction commits.
	slab := make([]byte, 0, size)
	cut := func(from int) []byte { return slab[from:len(slab):len(slab)] }
	ps := make([]posting, 0, len(findings))
	var hs []uint64 // a finding's hash prefixes: its hash's, its alternative hashes'
	for b := 0; b < len(order); {
		ref := findingRef{id: w.id, gen: w.gen, start: findings[order[b]].Start, seq: w.seq}
		w.body = w.body[:0]
		n := 0
		for ; b+n < len(order) && n < blockMax && len(w.body) < blockBytes; n++ {
			w.entry = append(appendFinding(w.entry[:0], &findings[order[b+n]]), findings[order[b+n]].Hash[:]...)
			w.body = binary.AppendUvarint(w.body, uint64(len(w.entry)))
			w.body = append(w.body, w.entry...)
		}
		at := len(slab)
		slab = appendFileKey(slab, ref.id, ref.gen, ref.start, ref.seq)
		blockKey := cut(at)
		at = len(slab)
		w.raw = append(binary.AppendUvarint(w.raw[:0], uint64(n)), w.body...)
		slab = sealBlock(slab, w.raw, &w.zbuf)
		if err := w.put(blockKey, cut(at)); err != nil {
			w.err = fmt.Errorf("index: add %s: %w", w.path, err)
			return w.err
		}
		for i := 0; i < n; i++ {
			ref.idx = uint16(i)
			hs = findingPrefixes(hs[:0], &findings[order[b+i]])
			for _, h := range hs {
				ps = append(ps, posting{h: h, ref: ref})
			}
		}
		b += n
		w.seq += uint32(n)
	}
	// Readers see the postings only once the generation is current,
	// after its blocks have landed.
	ix.addPostings(w.id, w.gen, ps)
	w.n += len(findings)
	if w.wb == nil && (w.heldN > ix.maxTxnBytes/2 || int64(len(w.held)) > ix.maxTxnEntries/2) {
		if err := w.stream(); err != nil {
			w.err = fmt.Errorf("index: add %s: %w", w.path, err)
			return w.err
		}
	}
	return nil
}

// Commit makes the findings added so far the file's findings, and state its
// state, in one transaction; the previous generation becomes garbage.
// state.Path is set to the Writer's path, state.Findings to the number of
// findings added, and a zero ScannedAt to now.
func (w *Writer) Commit(state FileState) error {
	ix := w.ix
	if err := ix.enter(); err != nil {
		return err
	}
	defer ix.life.RUnlock()
	if w.done {
		return fmt.Errorf("index: commit %s: %w", w.path, ErrWriterDone)
	}
	w.done = true
	if w.err == nil {
		ix.lookRoom()
		if err := ix.writable(); err != nil {
			w.err = fmt.Errorf("index: commit %s: %w", w.path, err)
		}
	}
	if w.err != nil {
		if w.wb != nil {
			w.waitPrev()
			w.wb.Cancel()
		}
		ix.release(w)
		return w.err
	}
	if w.wb != nil {
		err := w.waitPrev()
		if err == nil {
			err = w.wb.Flush()
		} else {
			w.wb.Cancel()
		}
		if err != nil {
			ix.release(w)
			return fmt.Errorf("index: commit %s: %w", w.path, err)
		}
	}
	state.Path = w.path
	state.Findings = w.n
	if state.ScannedAt.IsZero() {
		state.ScannedAt = time.Now()
	}

	ix.mu.Lock()
	defer ix.mu.Unlock()
	defer delete(ix.active, w.path)
	txn := ix.newUpdate()
	defer txn.Discard()
	if w.wb != nil {
		cur, ok, err := inFlightGen(txn, w.id)
		if err != nil {
			return fmt.Errorf("index: commit %s: %w", w.path, err)
		}
		if !ok || cur != w.gen {
			return fmt.Errorf("index: commit %s: %w", w.path, ErrSuperseded)
		}
		if err := txn.Delete(idKey(pInFlight, w.id)); err != nil {
			return fmt.Errorf("index: commit %s: %w", w.path, err)
		}
	} else {
		// Held: everything goes in this one transaction.
		if err := w.start(txn); err != nil {
			return fmt.Errorf("index: commit %s: %w", w.path, err)
		}
		for _, kv := range w.held {
			if err := txn.Set(kv[0], kv[1]); err != nil {
				return fmt.Errorf("index: commit %s: %w", w.path, err)
			}
		}
	}
	if ix.markCommitted(w.gen) {
		// Some postings are still in memory: after a crash, Open gathers
		// them again from the blocks.
		if err := txn.Set(idGenKey(pUnposted, w.id, w.gen), nil); err != nil {
			return fmt.Errorf("index: commit %s: %w", w.path, err)
		}
	}
	oldGen, old, had, err := stateOf(txn, w.id)
	if err != nil {
		return fmt.Errorf("index: commit %s: %w", w.path, err)
	}
	files, findings := ix.files, ix.findings+int64(w.n)
	if had {
		findings -= int64(old.Findings)
		if err := txn.Set(idGenKey(pGarbage, w.id, oldGen), nil); err != nil {
			return fmt.Errorf("index: commit %s: %w", w.path, err)
		}
	} else {
		files++
	}
	if err := setAll(txn,
		idKey(pState, w.id), appendState(nil, w.gen, &state),
		metaFiles, u64(uint64(files)),
		metaFindings, u64(uint64(findings))); err != nil {
		return fmt.Errorf("index: commit %s: %w", w.path, err)
	}
	if err := ix.commit(txn); err != nil {
		return fmt.Errorf("index: commit %s: %w", w.path, err)
	}
	w.held = nil
	ix.files, ix.findings = files, findings
	if had {
		ix.dead += int64(old.Findings)
		ix.wake()
	}
	return nil
}

// Abort drops what the Writer added; readers keep seeing the file's
// previous findings and the path leaves InFlight. Abort after Commit or
// Abort does nothing.
func (w *Writer) Abort() error {
	ix := w.ix
	if err := ix.enter(); err != nil {
		return err
	}
	defer ix.life.RUnlock()
	if w.done {
		return nil
	}
	w.done = true
	if w.wb != nil && ix.writable() != nil {
		// Without room, as after a crash: the marker stays, and the
		// generation becomes garbage at the path's next BeginFile or the
		// next Open.
		w.waitPrev()
		w.wb.Cancel()
		ix.release(w)
		return nil
	}
	if w.wb == nil {
		// Nothing was written but postings, which no reader will see.
		w.held = nil
		ix.mu.Lock()
		ix.dead += int64(w.n)
		ix.mu.Unlock()
		ix.release(w)
		return nil
	}
	w.waitPrev()
	w.wb.Cancel() // waits for the writes in flight
	ix.mu.Lock()
	defer ix.mu.Unlock()
	defer delete(ix.active, w.path)
	err := ix.update(func(txn *badger.Txn) error {
		if err := txn.Set(idGenKey(pGarbage, w.id, w.gen), nil); err != nil {
			return err
		}
		if cur, ok, err := inFlightGen(txn, w.id); err != nil || !ok || cur != w.gen {
			return err
		}
		return txn.Delete(idKey(pInFlight, w.id))
	})
	if err != nil {
		return fmt.Errorf("index: abort %s: %w", w.path, err)
	}
	ix.dead += int64(w.n)
	ix.wake()
	return nil
}

// release forgets a writer that failed; its marker stays, so the path is
// listed by InFlight and its generation becomes garbage at the next
// BeginFile of the path or the next Open.
func (ix *Index) release(w *Writer) {
	ix.mu.Lock()
	delete(ix.active, w.path)
	ix.mu.Unlock()
}

// RemoveFile forgets path (deleted from disk): in one transaction it has no
// findings and no state any more; its entries are then deleted by the
// cleaner. Removing an unknown path does nothing. It fails with ErrBusy if
// path has an unfinished Writer.
func (ix *Index) RemoveFile(path string) error {
	if err := ix.enter(); err != nil {
		return err
	}
	defer ix.life.RUnlock()
	if err := ix.writable(); err != nil {
		return fmt.Errorf("index: remove %s: %w", path, err)
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.active[path] != nil {
		return fmt.Errorf("index: remove %s: %w", path, ErrBusy)
	}
	txn := ix.newUpdate()
	defer txn.Discard()
	id, found, err := idOf(txn, path)
	if err != nil || !found {
		if err != nil {
			return fmt.Errorf("index: remove %s: %w", path, err)
		}
		return nil
	}
	gen, old, had, err := stateOf(txn, id)
	if err != nil {
		return fmt.Errorf("index: remove %s: %w", path, err)
	}
	files, findings := ix.files, ix.findings
	var garbage [][]byte
	if had {
		files--
		findings -= int64(old.Findings)
		garbage = append(garbage, idGenKey(pGarbage, id, gen))
	}
	inGen, inFlight, err := inFlightGen(txn, id)
	if err != nil {
		return fmt.Errorf("index: remove %s: %w", path, err)
	}
	if inFlight {
		garbage = append(garbage, idGenKey(pGarbage, id, inGen))
	}
	for _, k := range garbage {
		if err := txn.Set(k, nil); err != nil {
			return fmt.Errorf("index: remove %s: %w", path, err)
		}
	}
	for _, k := range [][]byte{idKey(pState, id), idKey(pInFlight, id), pathIDKey(path), idKey(pIDPath, id)} {
		if err := txn.Delete(k); err != nil {
			return fmt.Errorf("index: remove %s: %w", path, err)
		}
	}
	if err := setAll(txn, metaFiles, u64(uint64(files)), metaFindings, u64(uint64(findings))); err != nil {
		return fmt.Errorf("index: remove %s: %w", path, err)
	}
	if err := ix.commit(txn); err != nil {
		return fmt.Errorf("index: remove %s: %w", path, err)
	}
	ix.files, ix.findings = files, findings
	if had {
		ix.dead += int64(old.Findings)
	}
	if len(garbage) > 0 {
		ix.wake()
	}
	return nil
}
