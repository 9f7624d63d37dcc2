// Package index owns what piid remembers: findings keyed by the keyed hash
// of their normalized value, by file and by record, and file fingerprints
// so unchanged files are not rescanned. It stores no raw value, ever: only
// keyed hashes (HMAC, computed by the scanner), types, offsets, record
// locators (row numbers, field names, JSON pointers, table names), masked
// previews and paths. A Finding's Value is dropped on the way in.
//
// It may import scanner/ (for scanner.Finding) and must not import api/,
// dsar/ or cmd/.
//
// # Storage
//
// The index is a Badger v4 key-value store in one directory. Every path is
// given a uint64 path id the first time it is indexed; every indexing of a
// file is given a new generation (a uint64 drawn from one counter for the
// whole index, so a generation is never reused). A file's findings are
// written under their generation, in as many Badger transactions as they
// need, and become visible in one small transaction that makes that
// generation the file's current one. Readers keep only entries whose
// generation is the current one of their path, read in the same snapshot:
// a reader never sees a half-written file, nor old and new findings of a
// file together. Entries of generations that are no longer current are
// garbage: a marker names them and a cleaner deletes them (in the
// background, and at Open after a crash; Cleanup does it on demand).
//
// # Key layout
//
// All integers are big-endian, so keys sort by number. The first byte of a
// key is its prefix.
//
//	0x00 meta      0x00|name                          → uint64
//	               names: "version" (layout version, 4), "next_path",
//	               "next_gen", "files", "findings" (totals for Stats)
//	0x01 path→id   0x01|path bytes                     → id(8)
//	0x02 id→path   0x02|id(8)                          → path bytes
//	0x03 file      0x03|id(8)                          → gen(8) FileState
//	0x04 in flight 0x04|id(8)                          → gen(8) started(8, unix ns)
//	0x05 garbage   0x05|id(8)|gen(8)                   → empty
//	0x06 unposted  0x06|id(8)|gen(8)                   → empty
//	0x10 by hash   0x10|bucket(2)|run(8)|count(4)      → count sorted postings
//	0x11 by file   0x11|id(8)|gen(8)|start(8)|seq(4)   → block of findings with hash
//
// A by-file entry is a block: up to 64 consecutive findings of the file
// (under ~3 KiB; stored S2-compressed when that is smaller, codec.go:
// 1.5 GB on disk for 10.5M findings, 1.9 GB uncompressed), each with its hash; start and seq are those of the
// block's first finding. hash is the finding's Hash, its 32 bytes as
// they are; start is a byte offset; seq is a finding's
// position in the writer's stream (sorted by offset within each Add),
// which keeps two findings at the same offset (two types over one number)
// apart.
//
// # Postings (layout 4)
//
// The by-hash side is not a key per finding. A posting (38 bytes: the
// hash's first 8 bytes, then id, gen, start, seq of the finding's block
// and idx, its place in the block; an ambiguous finding has one more per
// alternative hash, so a search for any of its readings finds it) is gathered in memory, by bucket (the
// hash's first 12 bits), and written in bulk every 256k postings: one
// value per bucket, sorted, under a key naming the bucket, a run number
// and the count. A lookup reads the values of one bucket (a prefix scan
// of a few keys), binary-searches each, adds what memory still holds,
// and checks the whole hash in the block. As values pile up, compaction
// (compact.go) merges a bucket's values of one size tier eight at a time,
// dropping duplicates and the postings of generations no longer current;
// when about half the stored postings are dead it rewrites every bucket.
//
// Why: Badger's cost is per entry far more than per byte. With a key per
// finding (layouts 1–3), the memtable inserts, their log and the
// compactions that rewrite random keys level after level were most of
// the daemon's CPU on dense exports; by hand, the daemon on 4 hard-linked
// copies of the bench's exports sample (4.2M findings, 136 MB): 40–53 s
// with layout 3, 22 s with postings, ~9–10 s once blocks and values also
// went to the value log (options.go).
//
// Readers see the postings in memory and the stored ones in one snapshot
// (viewPostings): postings are gathered before their generation commits,
// and leave memory only once their values have landed. A posting of a
// generation that is not current is skipped, as every entry of one is,
// so a posting written for a file that is then replaced, removed,
// aborted or cut short by a crash costs only space until compaction.
//
// A commit whose generation still has postings in memory writes an
// unposted marker in its transaction; the flush that writes the last of
// them deletes it. After a crash, Open re-reads the blocks of every
// current generation with a marker and gathers their postings again: a
// posting may then be stored twice, which readers and compaction drop.
//
// # Records
//
// A record (a CSV/TSV row, a SQL row of a table, a JSON document or array
// element, a JSONL line: what scanner.Record.Row counts, with
// Record.Table; for plain text, the line) is a contiguous span of its file,
// so its findings are neighbours in by-file order, which is offset order.
// Search finds a record's findings by walking the blocks around an
// occurrence while they belong to the same record (records of the formats
// piid decodes never interleave). A separate by-record
// index (prefix|id|gen|record|start) would hold nothing more and cost a
// third key per finding: measured, it halved the indexing rate
// (BenchmarkIndexFile: ~90k against ~180k findings/s on a 2-core VM), so it
// is not kept; prefix 0x12 stays reserved for it.
//
// A finding is a small hand-written binary encoding (see codec.go):
// type, category, start, end, line, confidence (float64 bits), the record
// locator when there is one, the masked preview, and the 32-byte hash. Measured on a typical finding (BenchmarkCodec): 78 bytes
// against 269 for encoding/json, and ~0.4 µs against ~4.5 µs to encode and
// decode.
//
// # Crash behaviour
//
// A Writer of a small file writes nothing before its Commit, which writes
// the findings and flips the generation in one transaction: a crash before
// it leaves the file's last committed findings and nothing else (the
// daemon's walk at start finds the file changed). A Writer that streams
// writes an in-flight marker before any finding; Commit removes it in the
// transaction that flips the generation. After a kill -9 (or a Close with
// writers left open) the marker survives: Open turns the unfinished
// generation into garbage and InFlight lists the path so the daemon
// rescans it; until then readers see the file's last committed findings.
//
// # Damage
//
// A read that meets an entry it cannot trust (a value-log file cut short,
// a flipped byte, a table that fails its checksum) returns an error
// wrapping ErrCorrupt, never a short answer: damage.go says where each
// kind is caught. Open checks every table first; Verify checks the whole
// store without changing it; MoveAside clears the way for a rebuild from
// the watched files, which the index is derived from.
//
// Timestamps are the index's own (Badger's managed mode; clock.go). Badger
// writes its log through mmap, so a killed process loses nothing that was
// acknowledged; surviving power loss needs Options.WithSyncWrites(true).
package index
