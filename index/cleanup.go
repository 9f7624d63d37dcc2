package index

import (
	"context"
	"fmt"
	"math"

	badger "github.com/dgraph-io/badger/v4"
)

// wake tells the cleaner there is garbage.
func (ix *Index) wake() {
	select {
	case ix.kick <- struct{}{}:
	default:
	}
}

// cleaner deletes garbage generations whenever woken, until Close.
func (ix *Index) cleaner() {
	defer close(ix.done)
	for {
		select {
		case <-ix.ctx.Done():
			return
		case <-ix.kick:
		}
		if err := ix.Cleanup(ix.ctx); err != nil && ix.ctx.Err() == nil {
			ix.log.Error("index: cleanup failed", "err", err)
		}
	}
}

// Cleanup deletes, now, every block and marker of every garbage
// generation: the generations replaced by a newer commit, aborted,
// removed, or left unfinished by a crash (their postings go at a later
// compaction). Readers never see these entries; Cleanup only gives their
// space back. The background cleaner calls it as garbage
// appears (unless Options.ManualCleanup); it is safe to call at any time,
// and a Cleanup cut short (ctx, Close, kill -9) resumes where it stopped.
func (ix *Index) Cleanup(ctx context.Context) error {
	if err := ix.enter(); err != nil {
		return err
	}
	defer ix.life.RUnlock()
	ix.cleanMu.Lock()
	defer ix.cleanMu.Unlock()
	for {
		gens, err := ix.garbage(256)
		if err != nil {
			return fmt.Errorf("index: cleanup: %w", err)
		}
		if len(gens) == 0 {
			return nil
		}
		for _, g := range gens {
			if ix.writable() != nil {
				return nil // woken again when there is room (room.go)
			}
			if err := ix.collect(ctx, g[0], g[1]); err != nil {
				return fmt.Errorf("index: cleanup: %w", err)
			}
		}
	}
}

// garbage lists up to max garbage (path id, generation) pairs.
func (ix *Index) garbage(max int) ([][2]uint64, error) {
	var out [][2]uint64
	// Everything landed: a marker is deleted last, once its generation's
	// entries are.
	err := ix.viewAll(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pGarbage}})
		defer it.Close()
		for it.Rewind(); it.Valid() && len(out) < max; it.Next() {
			k := it.Item().Key()
			if len(k) == 17 {
				out = append(out, [2]uint64{be.Uint64(k[1:]), be.Uint64(k[9:])})
			}
		}
		return nil
	})
	return out, err
}

// collect deletes every block of generation gen of path id, then its
// garbage marker (and an unposted one). Its postings are left to
// compaction, which drops them (compact.go): readers skip them, as they
// skip every finding of a generation that is not current.
func (ix *Index) collect(ctx context.Context, id, gen uint64) error {
	wb, ts := ix.newBatch()
	defer wb.Cancel()
	txn := ix.db.NewTransactionAt(math.MaxUint64, false) // as viewAll
	defer txn.Discard()
	it := txn.NewIterator(badger.IteratorOptions{Prefix: idGenKey(pFile, id, gen)})
	defer it.Close()
	n := 0
	for it.Rewind(); it.Valid(); it.Next() {
		if n++; n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := ix.ctx.Err(); err != nil {
				return err
			}
		}
		if err := wb.Delete(it.Item().KeyCopy(nil)); err != nil {
			return err
		}
	}
	if err := wb.Delete(idGenKey(pUnposted, id, gen)); err != nil {
		return err
	}
	if err := wb.Delete(idGenKey(pGarbage, id, gen)); err != nil {
		return err
	}
	if err := wb.Flush(); err != nil {
		return err
	}
	// New reads see the deletions, and Badger may drop what they hid.
	ix.mu.Lock()
	ix.clock.landed(ts)
	ix.mu.Unlock()
	ix.db.SetDiscardTs(ix.clock.discard())
	if n > 0 {
		ix.log.Debug("index: generation collected", "path_id", id, "gen", gen, "blocks", n)
	}
	return nil
}
