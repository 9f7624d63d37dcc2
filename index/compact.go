package index

import (
	"bytes"
	"context"
	"errors"
	"slices"

	badger "github.com/dgraph-io/badger/v4"
)

// tierBase is the postings of one flush's value in a bucket, on average.
const tierBase = defaultFlushPostings / numBuckets

// mergeWidth is how many values of a tier are merged into one.
const mergeWidth = 8

// tierOf puts values within a factor mergeWidth of each other in one tier.
func tierOf(count int) int {
	t := 0
	for c := count / tierBase; c >= mergeWidth; c /= mergeWidth {
		t++
	}
	return t
}

// pick chooses the values of a bucket to merge into one: every value when
// full; otherwise the lowest tier holding mergeWidth or more, with the
// values below it (size-tiered: a posting is rewritten about
// log8(postings in the bucket / tierBase) times in all, and a lookup reads
// fewer than 8 values per tier), or none. By hand, the daemon building
// 10.5M findings: 1.9 GB on disk with 8, 2.2 GB with 4, a little faster.
func pick(runs []storedRun, full bool) []storedRun {
	if full || len(runs) < mergeWidth {
		if full && len(runs) > 0 {
			return slices.Clone(runs)
		}
		return nil
	}
	var per [32]int
	for _, r := range runs {
		per[min(tierOf(r.count), len(per)-1)]++
	}
	for t, n := range per {
		if n < mergeWidth {
			continue
		}
		var out []storedRun
		for _, r := range runs {
			if tierOf(r.count) <= t {
				out = append(out, r)
			}
		}
		return out
	}
	return nil
}

// compact merges the values of each bucket that pick chooses, dropping
// duplicate postings (a flush written again after a crash) and those of
// generations that are no longer current. When about half the stored
// postings are dead (Index.dead: files replaced or removed since), every
// bucket is rewritten.
//
// A bucket's new value is written before its old ones are deleted, in
// batches of a few MiB that land in order: a reader, or a crash, in the
// middle sees a posting twice, never none, and readers drop duplicates.
func (ix *Index) compact(ctx context.Context, full bool) error {
	ix.postMu.Lock()
	defer ix.postMu.Unlock()
	// Generations at or past minLive may be written or committed while
	// this runs: they are kept whatever the snapshot says.
	ix.mu.Lock()
	minLive := ix.nextGen + 1
	for _, w := range ix.active {
		minLive = min(minLive, w.gen)
	}
	// Rewrite everything once about half of it is dead.
	if ix.dead > ix.findings+int64(ix.flushPostings) {
		full = true
	}
	dead := ix.dead
	ix.mu.Unlock()

	var (
		wb   *badger.WriteBatch
		ts   uint64
		held int // bytes of values in wb
	)
	defer func() {
		if wb != nil {
			wb.Cancel()
		}
	}()
	next := make(map[int][]storedRun)
	err := ix.view(func(txn *badger.Txn) error {
		// Timestamps taken after this snapshot's: a reader that sees the
		// batches reads after it, so what it drops was not current for
		// that reader either.
		wb, ts = ix.newBatch()
		current := make(map[uint64]uint64) // path id → current generation
		alive := func(id, gen uint64) (bool, error) {
			if gen >= minLive {
				return true, nil
			}
			cur, ok := current[id]
			if !ok {
				g, _, had, err := stateOf(txn, id)
				if err != nil {
					return false, err
				}
				if had {
					cur = g
				}
				current[id] = cur
			}
			return cur == gen, nil
		}
		vals := make([][]byte, 0, 8)
		for b := range ix.inv {
			sel := pick(ix.inv[b], full)
			if len(sel) == 0 {
				continue
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			vals = vals[:0]
			for _, r := range sel {
				item, err := txn.Get(bucketKey(b, r.run, r.count))
				if err != nil {
					return err
				}
				var v []byte // kept: vals holds it until the merge
				v, err = ix.values.value(item, &v)
				if err == nil {
					err = checkValue(v, r.count)
				}
				if err != nil {
					return err
				}
				vals = append(vals, v)
			}
			val, err := mergeValues(vals, alive)
			if err != nil {
				return err
			}
			keep := len(val) / postingLen
			runs := slices.DeleteFunc(slices.Clone(ix.inv[b]), func(r storedRun) bool { return slices.Contains(sel, r) })
			if keep > 0 {
				ix.nextRun++
				r := storedRun{run: ix.nextRun, count: keep}
				if err := wb.Set(bucketKey(b, r.run, r.count), val); err != nil {
					return err
				}
				runs = append(runs, r)
			}
			for _, r := range sel {
				if err := wb.Delete(bucketKey(b, r.run, r.count)); err != nil {
					return err
				}
			}
			next[b] = runs
			// Badger counts a value-log value as its pointer: bound the
			// batch's memory by what it holds.
			if held += len(val); held >= ix.batchBytes {
				if err := ix.writable(); err != nil {
					return err
				}
				if err := wb.Flush(); err != nil {
					return err
				}
				wb, ts = ix.newBatch()
				held = 0
				ix.kickTrim() // the values written so far are mapped (trim_linux.go)
			}
		}
		return nil
	})
	if err == nil {
		err = ix.writable()
	}
	if err == nil {
		err = wb.Flush()
	}
	if err != nil {
		// Part of the batch may have landed: list the values again.
		if rerr := ix.reloadInventory(); rerr != nil && !errors.Is(err, context.Canceled) {
			ix.log.Error("index: listing postings", "err", rerr)
		}
		return err
	}
	for b, runs := range next {
		ix.inv[b] = runs
	}
	ix.mu.Lock()
	ix.clock.landed(ts)
	if full {
		ix.dead = max(0, ix.dead-dead)
	}
	ix.mu.Unlock()
	ix.db.SetDiscardTs(ix.clock.discard())
	return nil
}

// reloadInventory lists the stored bucket values again. The caller holds
// postMu.
func (ix *Index) reloadInventory() error {
	var inv [numBuckets][]storedRun
	err := ix.viewAll(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pHash}, PrefetchValues: false})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if b, r, ok := parseBucketKey(it.Item().Key()); ok {
				inv[b] = append(inv[b], r)
				ix.nextRun = max(ix.nextRun, r.run)
			}
		}
		return nil
	})
	if err == nil {
		ix.inv = inv
	}
	return err
}

// mergeValues merges sorted values of postings into one, each posting
// once, keeping those of live generations. The values are compared as
// bytes, which is posting order (big-endian fields).
func mergeValues(vals [][]byte, alive func(id, gen uint64) (bool, error)) ([]byte, error) {
	n := 0
	for _, v := range vals {
		n += len(v)
	}
	out := make([]byte, 0, n)
	var last []byte
	for {
		min := -1
		for i, v := range vals {
			if len(v) > 0 && (min < 0 || bytes.Compare(v[:postingLen], vals[min][:postingLen]) < 0) {
				min = i
			}
		}
		if min < 0 {
			return out, nil
		}
		p := vals[min][:postingLen]
		vals[min] = vals[min][postingLen:]
		if last != nil && bytes.Equal(p, last) {
			continue
		}
		last = p
		ok, err := alive(be.Uint64(p[8:]), be.Uint64(p[16:]))
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, p...)
		}
	}
}
