package index

import (
	"math"
	"sync"

	badger "github.com/dgraph-io/badger/v4"
)

// The store runs in Badger's managed mode: the index gives out the
// timestamps itself. In Badger's own mode every new transaction waits
// until every transaction committed before it has landed, so a WriteBatch
// (which opens a new transaction each time one fills) waits for its own
// previous one, and for every other writer's: two writers streaming big
// files spent a third of their time there. Here a streaming Writer's
// batches never wait, and readers read at a timestamp they need not wait
// for:
//
//   - Entries that decide what readers see (file states, markers, path ids,
//     counters) are written in transactions under Index.mu, one at a time,
//     each landed before the next starts. Readers read at the timestamp of
//     the last such transaction (or of a cleaner's batch, also landed
//     under Index.mu), so they see every one of them whole.
//   - Findings and their deletions are written by batches with their own
//     timestamps, which may land while a reader reads. A reader sees a
//     finding only through the current generation of its file, and a
//     generation becomes current (a state transaction, with a later
//     timestamp) only after its batches have landed, and stops being so
//     before its findings are deleted: a half-landed batch is never seen.
//
// Versions no reader can need are let go by moving Badger's discard
// timestamp to the oldest read in progress.
type clock struct {
	mu     sync.Mutex
	last   uint64         // last timestamp given out
	read   uint64         // the timestamp new reads read at
	active map[uint64]int // reads in progress, by timestamp
}

func newClock(max uint64) *clock {
	return &clock{last: max, read: max, active: make(map[uint64]int)}
}

// next gives out a timestamp for a commit.
func (c *clock) next() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last++
	return c.last
}

// landed makes what was committed at ts or before visible to new reads.
// The caller holds Index.mu, so no state transaction is half-landed.
func (c *clock) landed(ts uint64) {
	c.mu.Lock()
	c.read = max(c.read, ts)
	c.mu.Unlock()
}

func (c *clock) beginRead() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.active[c.read]++
	return c.read
}

// endRead ends a read and returns the discard timestamp: versions at or
// below it that a newer version hides are needed by no read.
func (c *clock) endRead(ts uint64) uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.active[ts]--; c.active[ts] <= 0 {
		delete(c.active, ts)
	}
	return c.discardLocked()
}

func (c *clock) discard() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.discardLocked()
}

func (c *clock) discardLocked() uint64 {
	d := c.read
	for ts := range c.active {
		d = min(d, ts)
	}
	return d
}

// view runs fn in a read-only transaction at the read timestamp.
func (ix *Index) view(fn func(txn *badger.Txn) error) error {
	ts := ix.clock.beginRead()
	txn := ix.db.NewTransactionAt(ts, false)
	defer func() {
		txn.Discard()
		ix.db.SetDiscardTs(ix.clock.endRead(ts))
	}()
	return fn(txn)
}

// update runs fn in a read-write transaction and commits it, landed, before
// it returns. The caller holds ix.mu (or is Open, alone).
func (ix *Index) update(fn func(txn *badger.Txn) error) error {
	txn := ix.newUpdate()
	defer txn.Discard()
	if err := fn(txn); err != nil {
		return err
	}
	return ix.commit(txn)
}

// newUpdate opens a read-write transaction for commit; see update. Under
// Index.mu every state transaction has landed, so it reads at the newest.
func (ix *Index) newUpdate() *badger.Txn {
	return ix.db.NewTransactionAt(ix.clock.readTS(), true)
}

// commit commits a transaction of newUpdate and waits until it has landed.
func (ix *Index) commit(txn *badger.Txn) error {
	ts := ix.clock.next()
	if err := txn.CommitAt(ts, nil); err != nil {
		return err
	}
	ix.clock.landed(ts)
	ix.db.SetDiscardTs(ix.clock.discard())
	return nil
}

// readTS is the timestamp new reads read at.
func (c *clock) readTS() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.read
}

// newBatch opens a WriteBatch whose entries land at a new timestamp, ts.
func (ix *Index) newBatch() (wb *badger.WriteBatch, ts uint64) {
	ts = ix.clock.next()
	wb = ix.db.NewWriteBatchAt(ts)
	wb.SetMaxPendingTxns(ix.opts.PendingTxns)
	return wb, ts
}

// viewAll runs fn in a read-only transaction that sees everything landed,
// in flight or not: for the cleaner, which deletes what garbage it finds.
func (ix *Index) viewAll(fn func(txn *badger.Txn) error) error {
	txn := ix.db.NewTransactionAt(math.MaxUint64, false)
	defer txn.Discard()
	return fn(txn)
}
