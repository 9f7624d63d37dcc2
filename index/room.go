package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Badger creates its value-log and memtable files at a fixed size, sparse,
// and writes them, and its tables, through memory maps: on a full volume a
// write does not fail, the page fault that would allocate a block kills the
// process with SIGBUS. So the index never writes unless the volume has
// room (below the low watermark every write stops until free space is back
// above the high one), and it opens Badger read-only when it starts below
// the low watermark. This file owns that rule; everything else asks it
// (Index.Room, Index.WaitWritable, and the ErrNoSpace writes return).

// Room is what the index knows of the free space of its volume.
type Room struct {
	// Blocked: free space fell below Low and has not come back above
	// High; nothing is written to the index meanwhile.
	Blocked bool
	// ReadOnly: the index was opened read-only, having started below
	// Low; it is reopened read-write once free space is above High.
	ReadOnly bool
	// Free is the space available on the volume at the last look, in
	// bytes (-1: unknown, which never blocks).
	Free int64
	// Low and High are the watermarks, in bytes.
	Low, High int64
}

// Writable says whether the index takes writes.
func (r Room) Writable() bool { return !r.Blocked && !r.ReadOnly }

// DefaultWatermarks are the watermarks an index with these options uses
// unless told otherwise. Below low there must still be room for what
// Badger may write once the index stops writing: the rest of the value-log
// file being written (up to ValueLogFileSize) and the next one's start,
// the memtables' logs (twice MemTableSize each, sparse, written through
// their mapping) and the level-0 tables they flush into, with the
// compactions those trigger, plus a margin; the high watermark adds one
// value-log file, so that writing resumes with room for a file's worth of
// findings before the low one is crossed again.
func DefaultWatermarks(o Options) (low, high int64) {
	o = o.fill()
	o.LowWatermark, o.HighWatermark = 0, 0
	return o.watermarks()
}

// openRoom is the least free space the index opens read-write with when it
// cannot open read-only (a new index, or memtable logs left by a crash,
// which Badger replays and flushes into level-0 tables).
func openRoom(o Options) int64 {
	return 2*int64(o.NumMemtables)*o.MemTableSize + 8<<20
}

// blockedNext is the hysteresis: writes stop when free space falls below
// low and resume when it is back at or above high. An unknown free space
// (-1) changes nothing.
func blockedNext(blocked bool, free, low, high int64) bool {
	switch {
	case free < 0:
		return blocked
	case free < low:
		return true
	case free >= high:
		return false
	}
	return blocked
}

// volumeProbe replaces statfs (tests); a pointer keeps Options comparable.
type volumeProbe struct {
	free func(dir string) (int64, error)
}

// diskGuard watches the free space of one volume.
type diskGuard struct {
	dir       string
	low, high int64
	free      func(dir string) (int64, error)

	mu      sync.Mutex
	room    Room
	changed chan struct{} // closed, and replaced, when Writable changes
}

func newDiskGuard(dir string, low, high int64) *diskGuard {
	return &diskGuard{dir: dir, low: low, high: high, free: freeSpace,
		room: Room{Free: -1, Low: low, High: high}, changed: make(chan struct{})}
}

// check looks at the volume now.
func (g *diskGuard) check() Room {
	free, err := g.free(existingDir(g.dir))
	if err != nil {
		free = -1
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	was := g.room.Blocked
	g.room.Free = free
	g.room.Blocked = blockedNext(was, free, g.low, g.high)
	if g.room.Blocked != was {
		g.notifyLocked()
	}
	return g.room
}

// setReadOnly records whether the index is open read-only.
func (g *diskGuard) setReadOnly(v bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.room.ReadOnly != v {
		g.room.ReadOnly = v
		g.notifyLocked()
	}
}

func (g *diskGuard) notifyLocked() {
	close(g.changed)
	g.changed = make(chan struct{})
}

func (g *diskGuard) state() (Room, <-chan struct{}) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.room, g.changed
}

// existingDir is dir or its nearest existing parent: the volume the
// index is, or will be, on.
func existingDir(dir string) string {
	for {
		if _, err := os.Stat(dir); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			return dir
		}
		dir = up
	}
}

// ErrNoSpace is returned by writes to the index while its volume is below
// the low watermark (or the index is open read-only for that reason):
// nothing was written; try again once Room says it is writable.
var ErrNoSpace = errors.New("no room on the index's volume")

// Room says whether the index takes writes, and why not.
func (ix *Index) Room() Room {
	r, _ := ix.guard.state()
	return r
}

// WaitWritable waits until the index takes writes, or ctx ends.
func (ix *Index) WaitWritable(ctx context.Context) error {
	for {
		r, ch := ix.guard.state()
		if r.Writable() {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ch:
		}
	}
}

// OnRoomChange has fn called (on the watching goroutine, after the index
// has acted on it) each time the index stops or resumes taking writes.
func (ix *Index) OnRoomChange(fn func(Room)) {
	ix.roomMu.Lock()
	ix.roomFns = append(ix.roomFns, fn)
	ix.roomMu.Unlock()
}

// writable returns ErrNoSpace unless the index takes writes now.
func (ix *Index) writable() error {
	if !ix.Room().Writable() {
		return ErrNoSpace
	}
	return nil
}

// roomEvery is how often the volume's free space is looked at; writers
// also look before each file (lookRoom).
const roomEvery = time.Second

// lookRoom looks at the free space now, before a file is written, and has
// watchRoom act on a change at once.
func (ix *Index) lookRoom() {
	before := ix.Room().Blocked
	if ix.guard.check().Blocked != before {
		select {
		case ix.roomKick <- struct{}{}:
		default:
		}
	}
}

// watchRoom looks at the free space every roomEvery until Close, says
// when writes stop and resume, reopens a read-only index read-write once
// there is room, and wakes the writers that waited.
func (ix *Index) watchRoom(told Room) {
	defer close(ix.roomDone)
	every := ix.opts.RoomEvery
	if every <= 0 {
		every = roomEvery
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ix.ctx.Done():
			return
		case <-t.C:
		case <-ix.roomKick:
		}
		r := ix.guard.check()
		switch {
		case r.ReadOnly && !r.Blocked:
			if err := ix.reopen(); err != nil {
				ix.log.Error("index: reopening read-write", "err", err)
				continue
			}
			r = ix.Room()
			ix.log.Info("index: reopened read-write: the data volume has room again",
				"free_bytes", r.Free, "high_watermark_bytes", r.High)
		case r.Writable() == told.Writable():
			continue
		case r.Blocked:
			ix.log.Warn("index: the data volume is below the low watermark: indexing stops until free space is back above the high watermark; searches and reports go on",
				"free_bytes", r.Free, "low_watermark_bytes", r.Low, "high_watermark_bytes", r.High)
		default:
			ix.log.Info("index: the data volume has room again: indexing resumes",
				"free_bytes", r.Free, "high_watermark_bytes", r.High)
			ix.wake()
			ix.kickPoster()
		}
		told = r
		ix.roomMu.Lock()
		fns := ix.roomFns
		ix.roomMu.Unlock()
		for _, fn := range fns {
			fn(r)
		}
	}
}
