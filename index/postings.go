package index

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
)

// Postings are the by-hash side of the index: for every finding, the
// first 8 bytes of its hash (and of each alternative hash of an ambiguous
// finding: one posting each) and where its block is. They are gathered in
// memory and written in bulk, grouped by bucket (the hash's first
// bucketBits bits), one sorted value per bucket and flush; compact.go
// merges a bucket's values as they pile up. doc.go says why.
const (
	bucketBits = 12
	numBuckets = 1 << bucketBits
	// postingLen is a stored posting: hash prefix(8) id(8) gen(8)
	// start(8) seq(4) idx(2), big-endian, so values sort as bytes.
	postingLen = 8 + 8 + 8 + 8 + 4 + 2
	// defaultFlushPostings is how many postings memory gathers before
	// they are written: ~64 per bucket value (2.4 KiB), ~10 MiB of memory
	// per run (Add waits when four more have piled up behind one being
	// written). Options.flushPostings lowers it in tests.
	defaultFlushPostings = 64 * numBuckets
	// bucketKeyLen is pHash|bucket(2)|run(8)|count(4).
	bucketKeyLen = 1 + 2 + 8 + 4
)

// posting is one finding as the by-hash side knows it.
type posting struct {
	h   uint64 // the hash's first 8 bytes, big-endian
	ref findingRef
}

func hashPrefix(h *patterns.Hash) uint64 { return be.Uint64(h[:8]) }

func bucketOf(h uint64) int { return int(h >> (64 - bucketBits)) }

func comparePostings(a, b posting) int {
	if c := cmp.Compare(a.h, b.h); c != 0 {
		return c
	}
	return compareRefs(a.ref, b.ref)
}

// compareRefs orders findings as the by-file keys do: path id,
// generation, offset, stream position, then place in the block.
func compareRefs(a, b findingRef) int {
	if c := cmp.Compare(a.id, b.id); c != 0 {
		return c
	}
	if c := cmp.Compare(a.gen, b.gen); c != 0 {
		return c
	}
	if c := cmp.Compare(a.start, b.start); c != 0 {
		return c
	}
	if c := cmp.Compare(a.seq, b.seq); c != 0 {
		return c
	}
	return cmp.Compare(a.idx, b.idx)
}

func appendPosting(dst []byte, p posting) []byte {
	dst = be.AppendUint64(dst, p.h)
	dst = be.AppendUint64(dst, p.ref.id)
	dst = be.AppendUint64(dst, p.ref.gen)
	dst = be.AppendUint64(dst, uint64(p.ref.start))
	dst = be.AppendUint32(dst, p.ref.seq)
	return be.AppendUint16(dst, p.ref.idx)
}

// postingAt decodes posting i of a stored value.
func postingAt(v []byte, i int) posting {
	b := v[i*postingLen:]
	return posting{h: be.Uint64(b), ref: findingRef{
		id:    be.Uint64(b[8:]),
		gen:   be.Uint64(b[16:]),
		start: int64(be.Uint64(b[24:])),
		seq:   be.Uint32(b[32:]),
		idx:   be.Uint16(b[36:]),
	}}
}

// checkValue reports a stored value that is not whole postings.
func checkValue(v []byte, count int) error {
	if len(v) != count*postingLen {
		return fmt.Errorf("%w: a by-hash value of %d bytes, its key counts %d postings", ErrCorrupt, len(v), count)
	}
	return nil
}

// valuePostings appends the postings of a stored (sorted) value whose hash
// prefix is h: a binary search, no decoding of the rest.
func valuePostings(dst []posting, v []byte, count int, h uint64) ([]posting, error) {
	if err := checkValue(v, count); err != nil {
		return dst, err
	}
	n := len(v) / postingLen
	i := sort.Search(n, func(i int) bool { return be.Uint64(v[i*postingLen:]) >= h })
	for ; i < n && be.Uint64(v[i*postingLen:]) == h; i++ {
		dst = append(dst, postingAt(v, i))
	}
	return dst, nil
}

func bucketKey(bucket int, run uint64, count int) []byte {
	k := make([]byte, 0, bucketKeyLen)
	k = append(k, pHash)
	k = be.AppendUint16(k, uint16(bucket))
	k = be.AppendUint64(k, run)
	return be.AppendUint32(k, uint32(count))
}

func bucketPrefix(bucket int) []byte {
	return be.AppendUint16([]byte{pHash}, uint16(bucket))
}

// storedRun is one value of a bucket: its run number and postings count.
type storedRun struct {
	run   uint64
	count int
}

func parseBucketKey(k []byte) (bucket int, r storedRun, ok bool) {
	if len(k) != bucketKeyLen || k[0] != pHash {
		return 0, storedRun{}, false
	}
	return int(be.Uint16(k[1:])), storedRun{run: be.Uint64(k[3:]), count: int(be.Uint32(k[11:]))}, true
}

// memRun is postings gathered in memory, by bucket.
type memRun struct {
	buckets [numBuckets][]posting
	n       int
	// gens are the generations with a posting here: their path id, and
	// whether the generation is committed (so it has an unposted marker).
	gens map[uint64]*memGen
}

type memGen struct {
	id        uint64
	committed bool
}

func newMemRun() *memRun { return &memRun{gens: make(map[uint64]*memGen)} }

// postingMem is the postings not yet written: active takes new ones;
// frozen, once full, is being written. Readers see both.
type postingMem struct {
	mu     sync.Mutex
	cond   *sync.Cond // frozen written
	active *memRun
	frozen *memRun
}

// addPostings gathers the postings of generation gen of path id. When
// memory is full and the last flush has not landed yet, it waits: the
// scan cannot run ahead of the index by more than a few flushes. The
// lock is taken for a few hundred postings at a time: a search waits for
// it, and the scanning threads run at a low priority.
func (ix *Index) addPostings(id, gen uint64, ps []posting) {
	for len(ps) > 0 {
		n := min(len(ps), 512)
		ix.addPostingsLocked(id, gen, ps[:n])
		ps = ps[n:]
	}
}

func (ix *Index) addPostingsLocked(id, gen uint64, ps []posting) {
	pm := &ix.pmem
	pm.mu.Lock()
	for pm.frozen != nil && pm.active.n >= 4*ix.flushPostings && ix.ctx.Err() == nil {
		pm.cond.Wait()
	}
	m := pm.active
	for _, p := range ps {
		b := bucketOf(p.h)
		m.buckets[b] = append(m.buckets[b], p)
	}
	m.n += len(ps)
	if m.gens[gen] == nil {
		m.gens[gen] = &memGen{id: id}
	}
	kick := m.n >= ix.flushPostings && pm.frozen == nil
	if kick {
		pm.frozen, pm.active = m, newMemRun()
	}
	pm.mu.Unlock()
	if kick {
		ix.kickPoster()
	}
}

// holdPostings gathers postings of a committed generation in memory
// without ever freezing them for a flush: an index open read-only.
func (ix *Index) holdPostings(id, gen uint64, ps []posting) {
	pm := &ix.pmem
	pm.mu.Lock()
	defer pm.mu.Unlock()
	m := pm.active
	for _, p := range ps {
		b := bucketOf(p.h)
		m.buckets[b] = append(m.buckets[b], p)
	}
	m.n += len(ps)
	m.gens[gen] = &memGen{id: id, committed: true}
}

func (ix *Index) kickPoster() {
	select {
	case ix.postKick <- struct{}{}:
	default:
	}
}

// markCommitted notes that gen is being committed and reports whether
// some of its postings are still in memory, in which case the commit
// writes an unposted marker. The caller holds ix.mu.
func (ix *Index) markCommitted(gen uint64) bool {
	pm := &ix.pmem
	pm.mu.Lock()
	defer pm.mu.Unlock()
	in := false
	for _, m := range []*memRun{pm.active, pm.frozen} {
		if m == nil {
			continue
		}
		if g := m.gens[gen]; g != nil {
			g.committed, in = true, true
		}
	}
	return in
}

// memPostings are the postings in memory with the wanted hash prefixes,
// captured with the read timestamp of the transaction they go with.
type memPostings map[uint64][]posting

// viewPostings runs fn in a read-only transaction with the postings of hs
// still in memory. Capturing them and taking the read timestamp under one
// lock keeps them together: a generation a reader sees committed had all
// its postings gathered before (Add comes before Commit), and postings
// leave memory only after their values have landed.
func (ix *Index) viewPostings(hs []uint64, fn func(txn *badger.Txn, mem memPostings) error) error {
	mem := make(memPostings, len(hs))
	pm := &ix.pmem
	pm.mu.Lock()
	for _, h := range hs {
		if _, done := mem[h]; done {
			continue
		}
		var got []posting
		for _, m := range []*memRun{pm.active, pm.frozen} {
			if m == nil {
				continue
			}
			for _, p := range m.buckets[bucketOf(h)] {
				if p.h == h {
					got = append(got, p)
				}
			}
		}
		mem[h] = got
	}
	ts := ix.clock.beginRead()
	pm.mu.Unlock()
	txn := ix.db.NewTransactionAt(ts, false)
	defer func() {
		txn.Discard()
		ix.db.SetDiscardTs(ix.clock.endRead(ts))
	}()
	return fn(txn, mem)
}

// poster writes full memory runs and compacts buckets, until Close.
func (ix *Index) poster() {
	defer close(ix.postDone)
	for {
		select {
		case <-ix.ctx.Done():
			return
		case <-ix.postKick:
		}
		if ix.WaitWritable(ix.ctx) != nil {
			return
		}
		if err := ix.flushFrozen(); errors.Is(err, ErrNoSpace) {
			ix.kickPoster() // waits for room above
			continue
		} else if err != nil {
			ix.log.Error("index: writing postings failed; trying again in a second", "err", err)
			select {
			case <-ix.ctx.Done():
				return
			case <-time.After(time.Second):
			}
			ix.kickPoster()
			continue
		}
		if err := ix.compact(ix.ctx, false); err != nil && ix.ctx.Err() == nil && !errors.Is(err, ErrNoSpace) {
			if !errors.Is(err, ErrCorrupt) {
				ix.log.Error("index: compacting postings failed", "err", err)
			}
			ix.noteDamage("postings compaction", err)
		}
	}
}

// flushNow freezes what memory holds and writes it (Close, tests).
func (ix *Index) flushNow() error {
	pm := &ix.pmem
	pm.mu.Lock()
	if pm.frozen == nil && pm.active.n > 0 {
		pm.frozen, pm.active = pm.active, newMemRun()
	}
	pm.mu.Unlock()
	return ix.flushFrozen()
}

// flushFrozen writes the frozen memory run, one sorted value per bucket,
// then deletes the unposted markers of the committed generations it held
// whole, and lets it go.
func (ix *Index) flushFrozen() error {
	ix.postMu.Lock()
	defer ix.postMu.Unlock()
	pm := &ix.pmem
	pm.mu.Lock()
	m := pm.frozen
	pm.mu.Unlock()
	if m == nil {
		return nil
	}
	if err := ix.writable(); err != nil {
		return err
	}
	// The run may hold postings of writers not committed yet, whose
	// generation and path id are not stored yet: stored first, they are
	// never given out again after a restart, so these postings can never
	// pass for a later file's.
	ix.mu.Lock()
	err := ix.update(func(txn *badger.Txn) error {
		return setAll(txn, metaNextPath, u64(ix.nextPath), metaNextGen, u64(ix.nextGen))
	})
	ix.mu.Unlock()
	if err != nil {
		return err
	}
	wb, ts := ix.newBatch()
	defer wb.Cancel()
	var (
		written [numBuckets]storedRun
		val     []byte
	)
	for b := range m.buckets {
		if len(m.buckets[b]) == 0 {
			continue
		}
		// A copy: readers scan the frozen run until it is let go.
		ps := slices.Clone(m.buckets[b])
		slices.SortFunc(ps, comparePostings)
		val = make([]byte, 0, len(ps)*postingLen) // Badger keeps it until commit
		for _, p := range ps {
			val = appendPosting(val, p)
		}
		ix.nextRun++
		written[b] = storedRun{run: ix.nextRun, count: len(ps)}
		if err := wb.Set(bucketKey(b, ix.nextRun, len(ps)), val); err != nil {
			return err
		}
	}
	if err := wb.Flush(); err != nil {
		// Part of it may have landed: list the values again.
		if rerr := ix.reloadInventory(); rerr != nil {
			ix.log.Error("index: listing postings", "err", rerr)
		}
		return err
	}
	for b, r := range written {
		if r.count > 0 {
			ix.inv[b] = append(ix.inv[b], r)
		}
	}

	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.clock.landed(ts)
	pm.mu.Lock()
	var done [][]byte
	for gen, g := range m.gens {
		if g.committed && pm.active.gens[gen] == nil {
			done = append(done, idGenKey(pUnposted, g.id, gen))
		}
	}
	pm.frozen = nil
	pm.cond.Broadcast()
	pm.mu.Unlock()
	// The markers only say what to re-read after a crash: deleting them
	// in several transactions is safe once the values have landed (and
	// one left behind costs the next Open a re-read, nothing more).
	return ix.deleteKeys(done)
}

// deleteKeys deletes keys in transactions of at most 1000. The caller
// holds ix.mu (or is Open, alone).
func (ix *Index) deleteKeys(keys [][]byte) error {
	for len(keys) > 0 {
		n := min(len(keys), 1000)
		err := ix.update(func(txn *badger.Txn) error {
			for _, k := range keys[:n] {
				if err := txn.Delete(k); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		keys = keys[n:]
	}
	return nil
}

// loadPostings lists the stored bucket values and gathers again, from
// their blocks, the postings of committed generations whose markers say
// some were still in memory when the last run stopped. Called by Open.
func (ix *Index) loadPostings() error {
	var markers [][2]uint64
	err := ix.viewAll(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pHash}, PrefetchValues: false})
		defer it.Close()
		total := 0
		for it.Rewind(); it.Valid(); it.Next() {
			b, r, ok := parseBucketKey(it.Item().Key())
			if !ok {
				return fmt.Errorf("%w: by-hash key %x", ErrCorrupt, it.Item().Key())
			}
			ix.inv[b] = append(ix.inv[b], r)
			ix.nextRun = max(ix.nextRun, r.run)
			total += r.count
		}
		// About: the alternative postings of ambiguous findings count as
		// dead too, which at worst brings one full compaction forward.
		ix.dead = max(0, int64(total)-ix.findings)
		mk := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pUnposted}, PrefetchValues: false})
		defer mk.Close()
		for mk.Rewind(); mk.Valid(); mk.Next() {
			if k := mk.Item().Key(); len(k) == 17 {
				markers = append(markers, [2]uint64{be.Uint64(k[1:]), be.Uint64(k[9:])})
			}
		}
		return nil
	})
	if err != nil || len(markers) == 0 {
		return err
	}
	var stale [][]byte
	n := 0
	for _, mk := range markers {
		id, gen := mk[0], mk[1]
		cur := false
		err := ix.view(func(txn *badger.Txn) error {
			g, _, ok, err := stateOf(txn, id)
			cur = ok && g == gen
			return err
		})
		if err != nil {
			return err
		}
		if !cur {
			stale = append(stale, idGenKey(pUnposted, id, gen))
			continue
		}
		ps, err := ix.genPostings(id, gen)
		if err != nil {
			return err
		}
		n += len(ps)
		if ix.Room().ReadOnly {
			// Held in memory for readers; written once read-write.
			ix.holdPostings(id, gen, ps)
			continue
		}
		// The poster is not running yet: write each full run here, before
		// addPostings would wait for it.
		for len(ps) > 0 {
			k := min(len(ps), ix.flushPostings)
			ix.addPostings(id, gen, ps[:k])
			ix.markCommitted(gen)
			if err := ix.flushFrozen(); err != nil {
				return err
			}
			ps = ps[k:]
		}
	}
	if ix.Room().ReadOnly {
		stale = nil
	}
	if err := ix.deleteKeys(stale); err != nil {
		return err
	}
	ix.log.Info("index: postings gathered again after an unclean stop", "generations", len(markers)-len(stale), "postings", n)
	return nil
}

// genPostings reads the postings of generation gen of path id from its
// blocks: each finding's, under its hash and its alternative hashes.
func (ix *Index) genPostings(id, gen uint64) ([]posting, error) {
	var out []posting
	err := ix.viewAll(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: idGenKey(pFile, id, gen)})
		defer it.Close()
		var (
			entries    [][]byte
			vbuf, zbuf []byte
			hs         []uint64
		)
		for it.Rewind(); it.Valid(); it.Next() {
			ref, ok := parseFileKey(it.Item().Key())
			if !ok {
				continue
			}
			var err error
			if entries, err = ix.values.readBlock(it.Item(), &vbuf, &zbuf, entries); err != nil {
				return err
			}
			for i, e := range entries {
				if hs, err = entryPrefixes(hs[:0], e); err != nil {
					return err
				}
				ref.idx = uint16(i)
				for _, h := range hs {
					out = append(out, posting{h: h, ref: ref})
				}
			}
		}
		return nil
	})
	return out, err
}

// findingPrefixes appends the hash prefixes a finding is posted under:
// its Hash's, then, when it is ambiguous, each of its alternative hashes'
// (its other readings), each prefix once. A search for any reading
// finds it.
func findingPrefixes(dst []uint64, f *scanner.Finding) []uint64 {
	from := len(dst)
	dst = append(dst, hashPrefix(&f.Hash))
	if f.Ambiguous {
		for i := range f.AltHashes {
			if h := hashPrefix(&f.AltHashes[i]); !slices.Contains(dst[from:], h) {
				dst = append(dst, h)
			}
		}
	}
	return dst
}

// entryPrefixes appends the hash prefixes of a block's finding entry
// (findingPrefixes), its own hash's first; the entry must hold its hash.
func entryPrefixes(dst []uint64, e []byte) ([]uint64, error) {
	var f scanner.Finding
	h, err := decodeFindingRaw(e, &f)
	if err == nil && len(h) != hashLen {
		err = fmt.Errorf("%w: a finding without its hash", ErrCorrupt)
	}
	if err != nil {
		return dst, err
	}
	f.Hash = patterns.Hash(h)
	return findingPrefixes(dst, &f), nil
}
