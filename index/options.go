package index

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
)

// Options configure an Index. Start from DefaultOptions and change what you
// need with the With setters; a zero field takes its default at Open.
//
// The defaults size Badger for a daemon whose resident memory must stay
// under 512 MiB while it indexes 10 GB of files (tens of millions of
// findings, several GB of LSM tree, written as fast as Badger takes them).
// Under that load Badger's memory is, by far, the table builders of
// memtable flushes and compactions: each holds a whole table, uncompressed
// and compressed, in buffers that grow by doubling, and Badger pools up to
// 8 of them for reuse, sized for the largest table they ever built. So:
//
//   - TableSize 2 MiB at every level (Badger: 2 MiB doubling per level, up
//     to 64 MiB): builder memory is proportional to table size. Measured
//     with two writers of 100k-finding files (4M findings, 440 MB of LSM):
//     ~225 MiB of builder buffers against ~450 MiB with 4 MiB tables and
//     ~790 MiB with Badger's doubling. The price is more files: one per
//     2 MiB of LSM (Go raises the soft open-files limit to the hard one).
//   - MemTableSize 8 MiB × NumMemtables 3 (Badger: 64 MiB × 5, 320 MiB of
//     skiplists and mmapped logs on their own). A memtable flushes into one
//     level-0 table of its size, built like any other.
//   - BlockCacheSize 16 MiB (Badger: 256 MiB): blocks are Snappy-compressed
//     (indexes are ~2.5× smaller than uncompressed, and builders of
//     uncompressed tables took no less memory), so reads decompress into
//     this cache; lookups of random hashes would gain little from more.
//   - Index cache: none. Without encryption Badger reads table indexes and
//     bloom filters straight from the mmapped tables, never from this
//     cache, so it would be dead memory.
//   - NumCompactors 2 (Badger: 4, and it refuses 1): fewer compactions at
//     once, fewer builders.
//   - Level 0 takes 24 tables before it is compacted, and stalls writes
//     at 32 (Badger: 5 and 15; memtables flush into level 0), and the
//     base level holds 32 MiB (Badger: 10). Chosen when the LSM tree held
//     a random by-hash key per finding (layout 3), which every level-0
//     compaction rewrote nearly all of: 17 s against 44 s with Badger's
//     4/12/10 MiB for the daemon indexing 68 MB of exports by hand. Since
//     layout 4 the tree holds a key per block and per bucket value, a
//     hundredth as many, and these settings matter less. The stall bounds
//     Badger's merging of level 0 into itself (when the level below is
//     busy), which builds one table of all it takes in memory: 31 tables
//     of 8 MiB at most.
//   - ValueThreshold 1 KiB: blocks of findings (up to 64, ~3 KiB) and
//     bucket values of postings go to the value log, written once, and
//     the LSM tree holds their keys and pointers: kept in the tree,
//     their bytes went through the memtable, its log, the level-0 table
//     and every compaction. By hand, the daemon on 4 hard-linked copies
//     of the bench's exports sample (4.2M findings): 22 s to index with
//     4 KiB, 10 s with 1 KiB. Small files' blocks stay in the tree.
//   - ValueLogFileSize 256 MiB (Badger: 1 GiB). Badger syncs a full
//     value-log file while reads of it wait (writeback_linux.go starts
//     its writes early); each new file costs the writes a pause, so
//     fewer are faster: the run above took 10.4 s with 64 MiB files,
//     8.6–8.9 s with 256 MiB. Value-log GC (RunGC) rewrites a file at a
//     time, so much bigger files would give space back later. By hand,
//     2 GiB of the bench's corpus indexed from empty: 133 s of CPU with
//     64 MiB files, 115–126 s with 256 MiB.
//   - MappedBudget 160 MiB: the process's file-backed resident set past
//     which Badger's mapped pages are unmapped from it (trim_linux.go);
//     they stay in the page cache. Without it the daemon's RSS grew with
//     the index: 20 GB after indexing 10 GiB of the bench's corpus. Each
//     trimmed page a search reads again costs it a fault: with 96 MiB,
//     searches at 10M findings took 3.0 ms at the median (one run),
//     2.0–2.4 with 160 (two; `piid bench run --profile exports`), when
//     they still read the value log through the mapping; they read it
//     with pread now (valuelog.go), tables still through it.
//   - A Writer fills one transaction while at most PendingTxns (1) more
//     commit. A full transaction is 15% of MemTableSize, ~13k entries, a
//     few MiB of Go heap while pending (Badger's WriteBatch allows 16).
//
// One thing is outside these options: Go's collector lets the heap grow
// to twice what is live, so the daemon sets a soft memory limit
// (debug.SetMemoryLimit or GOMEMLIMIT; the daemon's is 192 MiB).
type Options struct {
	Dir        string       // directory of the store; created if missing
	SyncWrites bool         // fsync every write: survive power loss, not only a killed process
	Logger     *slog.Logger // Badger's and the cleaner's log; nil discards

	MemTableSize     int64 // bytes per memtable
	TableSize        int64 // bytes per LSM table, at every level
	NumMemtables     int   // memtables held in memory (one active, the rest flushing)
	BlockCacheSize   int64 // bytes of decompressed table blocks
	NumCompactors    int   // concurrent compactions (0 → default; Badger refuses 1)
	ValueLogFileSize int64 // bytes per value-log file
	PendingTxns      int   // transactions a Writer may have in flight

	// MappedBudget is how much of the process's file-backed resident set
	// (RssFile) may be Badger's mapped pages before they are unmapped
	// from it (Linux; trim_linux.go): they stay in the page cache. 0 →
	// the default; negative → never trimmed.
	MappedBudget int64

	// LowWatermark and HighWatermark are the free space of the index's
	// volume below which writes stop, and at or above which they resume
	// (room.go). 0 → DefaultWatermarks (a High of 0 with a Low set: Low
	// plus the default gap); a negative Low never stops writes.
	LowWatermark, HighWatermark int64
	// RoomEvery is how often the free space is looked at (1s when 0).
	RoomEvery time.Duration
	probe     *volumeProbe // statfs when nil; tests set it
	// flushPostings is the postings memory gathers before writing a run
	// (defaultFlushPostings when 0): tests set it small to cross runs
	// with thousands of findings instead of millions.
	flushPostings int
	// batchBytes is what a streaming Writer's WriteBatch holds before it
	// is flushed (defaultBatchBytes when 0), lowered with the memtable.
	batchBytes int

	// ManualCleanup turns off the goroutine that deletes garbage
	// generations as soon as they appear: they stay on disk, invisible to
	// readers, until Cleanup is called.
	ManualCleanup bool
}

// DefaultOptions returns the options for an index in dir; see Options for
// what they are and why.
func DefaultOptions(dir string) Options {
	return Options{
		Dir:              dir,
		MemTableSize:     8 << 20,
		TableSize:        2 << 20,
		NumMemtables:     3,
		BlockCacheSize:   16 << 20,
		NumCompactors:    2,
		ValueLogFileSize: 256 << 20,
		PendingTxns:      1,
		MappedBudget:     160 << 20,
	}
}

// WithSyncWrites sets SyncWrites.
func (o Options) WithSyncWrites(v bool) Options { o.SyncWrites = v; return o }

// WithLogger sets Logger.
func (o Options) WithLogger(l *slog.Logger) Options { o.Logger = l; return o }

// WithMemTableSize sets MemTableSize.
func (o Options) WithMemTableSize(n int64) Options { o.MemTableSize = n; return o }

// WithTableSize sets TableSize.
func (o Options) WithTableSize(n int64) Options { o.TableSize = n; return o }

// WithNumMemtables sets NumMemtables.
func (o Options) WithNumMemtables(n int) Options { o.NumMemtables = n; return o }

// WithBlockCacheSize sets BlockCacheSize.
func (o Options) WithBlockCacheSize(n int64) Options { o.BlockCacheSize = n; return o }

// WithNumCompactors sets NumCompactors.
func (o Options) WithNumCompactors(n int) Options { o.NumCompactors = n; return o }

// WithValueLogFileSize sets ValueLogFileSize.
func (o Options) WithValueLogFileSize(n int64) Options { o.ValueLogFileSize = n; return o }

// WithPendingTxns sets PendingTxns.
func (o Options) WithPendingTxns(n int) Options { o.PendingTxns = n; return o }

// WithMappedBudget sets MappedBudget.
func (o Options) WithMappedBudget(n int64) Options { o.MappedBudget = n; return o }

// WithWatermarks sets LowWatermark and HighWatermark.
func (o Options) WithWatermarks(low, high int64) Options {
	o.LowWatermark, o.HighWatermark = low, high
	return o
}

// watermarks are the filled options' watermarks.
func (o Options) watermarks() (low, high int64) {
	dl := 2*o.ValueLogFileSize + 4*int64(o.NumMemtables)*o.MemTableSize + 64<<20
	dh := dl + o.ValueLogFileSize
	low, high = o.LowWatermark, o.HighWatermark
	switch {
	case low == 0 && high == 0:
		return dl, dh
	case low == 0:
		low = min(dl, high)
	case high == 0:
		high = max(low, 0) + dh - dl
	}
	return low, max(low, high)
}

// WithManualCleanup sets ManualCleanup.
func (o Options) WithManualCleanup(v bool) Options { o.ManualCleanup = v; return o }

// fill replaces zero fields by their defaults.
func (o Options) fill() Options {
	d := DefaultOptions(o.Dir)
	if o.MemTableSize <= 0 {
		o.MemTableSize = d.MemTableSize
	}
	if o.TableSize <= 0 {
		o.TableSize = d.TableSize
	}
	if o.NumMemtables <= 0 {
		o.NumMemtables = d.NumMemtables
	}
	if o.BlockCacheSize <= 0 {
		o.BlockCacheSize = d.BlockCacheSize
	}
	if o.NumCompactors <= 1 {
		o.NumCompactors = d.NumCompactors
	}
	if o.ValueLogFileSize <= 0 {
		o.ValueLogFileSize = d.ValueLogFileSize
	}
	if o.PendingTxns <= 0 {
		o.PendingTxns = d.PendingTxns
	}
	if o.MappedBudget == 0 {
		o.MappedBudget = d.MappedBudget
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

func (o Options) badger() badger.Options {
	bo := badger.DefaultOptions(o.Dir).
		WithLogger(badgerLogger{o.Logger.With("component", "badger"), &errLimiter{}}).
		WithSyncWrites(o.SyncWrites).
		WithMemTableSize(o.MemTableSize).
		WithNumMemtables(o.NumMemtables).
		WithBaseTableSize(o.TableSize).
		WithNumLevelZeroTables(24).
		WithNumLevelZeroTablesStall(32).
		WithBaseLevelSize(32 << 20).
		WithBlockCacheSize(o.BlockCacheSize).
		WithIndexCacheSize(0).
		WithNumCompactors(o.NumCompactors).
		WithValueThreshold(1 << 10).
		WithValueLogFileSize(o.ValueLogFileSize).
		WithCompression(options.Snappy).
		WithMetricsEnabled(false).
		// Every read-modify-write of the index runs under Index.mu, and
		// finding entries are blind writes: conflict tracking would only
		// cost memory.
		WithDetectConflicts(false).
		WithNumVersionsToKeep(1).
		// Damage is an error, never a quiet answer (damage.go): every
		// table block read and every value read is checked.
		WithChecksumVerificationMode(options.OnBlockRead).
		WithVerifyValueChecksum(true)
	bo.TableSizeMultiplier = 1 // no setter in Badger v4
	return bo
}

// badgerLogger sends Badger's log to slog. Badger's informational chatter
// (compactions, flushes) goes to Debug.
type badgerLogger struct {
	l    *slog.Logger
	errs *errLimiter
}

func (b badgerLogger) Errorf(f string, v ...any) {
	if b.errs.allow(f) {
		b.log(slog.LevelError, f, v)
	}
}
func (b badgerLogger) Warningf(f string, v ...any) {
	b.log(slog.LevelWarn, f, v)
}
func (b badgerLogger) Infof(f string, v ...any)  { b.log(slog.LevelDebug, f, v) }
func (b badgerLogger) Debugf(f string, v ...any) { b.log(slog.LevelDebug-4, f, v) }

func (b badgerLogger) log(level slog.Level, f string, v []any) {
	if !b.l.Enabled(context.Background(), level) {
		return
	}
	b.l.Log(context.Background(), level, trimNL(fmt.Sprintf(f, v...)))
}

func trimNL(s string) string {
	for len(s) > 0 && (s[len(s)-1] == '\n' || s[len(s)-1] == ' ') {
		s = s[:len(s)-1]
	}
	return s
}
