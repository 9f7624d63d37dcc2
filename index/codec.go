package index

import (
	"encoding/binary"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/klauspost/compress/s2"

	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
)

// Finding values (doc.go): a hand-written binary encoding.
//
//	flags(1)            bit 0: a record locator follows; bit 1: ambiguous,
//	                    alternative hashes follow; bit 2: ignored;
//	                    bit 3: a region source follows
//	type, category      uvarint length + bytes each
//	start, end, line    uvarint each (int64 bits)
//	confidence          8 bytes, float64 bits
//	[row uvarint, field, pointer, table]   when bit 0 is set
//	masked              uvarint length + bytes
//	[region source]     uvarint length + bytes, when bit 3 is set
//	[n uvarint, n × 32-byte hash]   the alternative hashes, when bit 1 is set
//	[hash]              32 bytes, only in by-file entries
//
// Values written before bits 1-3 existed have them clear and read as they
// did.
//
// Path and Value are never encoded: the path is the key's path id, and the
// raw value is not stored at all.

const (
	flagRecord    = 1 << 0
	flagAmbiguous = 1 << 1
	flagIgnored   = 1 << 2
	flagRegion    = 1 << 3
)

func appendStr(dst []byte, s string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

// findingSize bounds the encoded size of f, hash included.
func findingSize(f *scanner.Finding) int {
	n := 1 + 3*binary.MaxVarintLen64 + 8 + 3*binary.MaxVarintLen64 +
		len(f.Type) + len(f.Category) + len(f.Masked) + hashLen +
		binary.MaxVarintLen64 + len(f.RegionSource) + binary.MaxVarintLen64 + len(f.AltHashes)*hashLen
	if f.Record != nil {
		n += 4*binary.MaxVarintLen64 + len(f.Record.Field) + len(f.Record.Pointer) + len(f.Record.Table)
	}
	return n
}

// appendFinding encodes f without its hash; the caller appends the hash for
// a by-file value.
func appendFinding(dst []byte, f *scanner.Finding) []byte {
	var flags byte
	if f.Record != nil {
		flags |= flagRecord
	}
	if f.Ambiguous {
		flags |= flagAmbiguous
	}
	if f.Ignored {
		flags |= flagIgnored
	}
	if f.RegionSource != "" {
		flags |= flagRegion
	}
	dst = append(dst, flags)
	dst = appendStr(dst, f.Type)
	dst = appendStr(dst, f.Category)
	dst = binary.AppendUvarint(dst, uint64(f.Start))
	dst = binary.AppendUvarint(dst, uint64(f.End))
	dst = binary.AppendUvarint(dst, uint64(f.Line))
	dst = be.AppendUint64(dst, math.Float64bits(f.Confidence))
	if r := f.Record; r != nil {
		dst = binary.AppendUvarint(dst, uint64(r.Row))
		dst = appendStr(dst, r.Field)
		dst = appendStr(dst, r.Pointer)
		dst = appendStr(dst, r.Table)
	}
	dst = appendStr(dst, f.Masked)
	if f.RegionSource != "" {
		dst = appendStr(dst, f.RegionSource)
	}
	if f.Ambiguous {
		dst = binary.AppendUvarint(dst, uint64(len(f.AltHashes)))
		for i := range f.AltHashes {
			dst = append(dst, f.AltHashes[i][:]...)
		}
	}
	return dst
}

type decoder struct {
	b   []byte
	err bool
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = true
		d.b = nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) bytes() []byte {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.err = true
		d.b = nil
		return nil
	}
	s := d.b[:n]
	d.b = d.b[n:]
	return s
}

func (d *decoder) str() string { return string(d.bytes()) }

func (d *decoder) u64() uint64 {
	if len(d.b) < 8 {
		d.err = true
		d.b = nil
		return 0
	}
	v := be.Uint64(d.b)
	d.b = d.b[8:]
	return v
}

// decodeFinding fills f from an encoded value, f.Hash too when the value
// holds the hash. f.Path is left alone.
func decodeFinding(v []byte, f *scanner.Finding) error {
	h, err := decodeFindingRaw(v, f)
	if len(h) == hashLen {
		f.Hash = patterns.Hash(h)
	}
	return err
}

// decodeFindingRaw fills f but its Hash from an encoded value and returns
// the raw hash the value ends with, if any.
func decodeFindingRaw(v []byte, f *scanner.Finding) ([]byte, error) {
	if len(v) == 0 {
		return nil, fmt.Errorf("%w: empty finding", ErrCorrupt)
	}
	d := decoder{b: v[1:]}
	flags := v[0]
	f.Type = intern(d.bytes())
	f.Category = intern(d.bytes())
	f.Start = int64(d.uvarint())
	f.End = int64(d.uvarint())
	f.Line = int64(d.uvarint())
	f.Confidence = math.Float64frombits(d.u64())
	f.Record = nil
	if flags&flagRecord != 0 {
		r := &scanner.Record{Row: int(d.uvarint())}
		r.Field = intern(d.bytes())
		r.Pointer = d.str()
		r.Table = intern(d.bytes())
		f.Record = r
	}
	f.Masked = d.str()
	f.Value = ""
	f.Ignored = flags&flagIgnored != 0
	f.RegionSource = ""
	if flags&flagRegion != 0 {
		f.RegionSource = intern(d.bytes())
	}
	f.Ambiguous = flags&flagAmbiguous != 0
	f.AltHashes = nil
	if f.Ambiguous {
		n := d.uvarint()
		if n > uint64(len(d.b)/hashLen) {
			return nil, fmt.Errorf("%w: %d alternative hashes in a finding of %d bytes", ErrCorrupt, n, len(v))
		}
		if n > 0 {
			f.AltHashes = make([]patterns.Hash, n)
		}
		for i := range f.AltHashes {
			copy(f.AltHashes[i][:], d.b[:hashLen])
			d.b = d.b[hashLen:]
		}
	}
	switch {
	case d.err:
		return nil, fmt.Errorf("%w: truncated finding", ErrCorrupt)
	case len(d.b) == hashLen:
		return d.b, nil
	case len(d.b) != 0:
		return nil, fmt.Errorf("%w: %d trailing bytes in finding", ErrCorrupt, len(d.b))
	}
	return nil, nil
}

// intern returns a shared string for the few distinct types, categories,
// field and table names, so that decoding a page of findings does not
// allocate them again and again. The table is bounded.
var interned = struct {
	sync.RWMutex
	m map[string]string
}{m: make(map[string]string)}

const maxInterned = 4096

func intern(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > 64 {
		return string(b)
	}
	interned.RLock()
	s, ok := interned.m[string(b)]
	interned.RUnlock()
	if ok {
		return s
	}
	s = string(b)
	interned.Lock()
	if len(interned.m) < maxInterned {
		interned.m[s] = s
	}
	interned.Unlock()
	return s
}

// FileState is what the index remembers of a file: its fingerprint when it
// was last indexed and what came of it.
type FileState struct {
	Path        string    `json:"path"`
	Size        int64     `json:"size"`
	ModTime     int64     `json:"mod_time"`     // unix nanoseconds
	Inode       uint64    `json:"inode"`        // 0 where the platform has none
	ContentHash uint64    `json:"content_hash"` // xxhash64 of the (raw) content
	ScannedAt   time.Time `json:"scanned_at"`
	Findings    int       `json:"findings"` // set by Commit: the findings written
	Bytes       int64     `json:"bytes"`    // bytes scanned (decompressed)
	Error       string    `json:"error,omitempty"`
}

// State values: gen(8) then the FileState.
func appendState(dst []byte, gen uint64, s *FileState) []byte {
	dst = be.AppendUint64(dst, gen)
	dst = appendStr(dst, s.Path)
	dst = binary.AppendVarint(dst, s.Size)
	dst = binary.AppendVarint(dst, s.ModTime)
	dst = binary.AppendUvarint(dst, s.Inode)
	dst = be.AppendUint64(dst, s.ContentHash)
	var at int64
	if !s.ScannedAt.IsZero() {
		at = s.ScannedAt.UnixNano()
	}
	dst = binary.AppendVarint(dst, at)
	dst = binary.AppendUvarint(dst, uint64(s.Findings))
	dst = binary.AppendVarint(dst, s.Bytes)
	return appendStr(dst, s.Error)
}

func decodeState(v []byte) (gen uint64, s FileState, err error) {
	d := decoder{b: v}
	gen = d.u64()
	s.Path = d.str()
	s.Size, _ = d.varint()
	s.ModTime, _ = d.varint()
	s.Inode = d.uvarint()
	s.ContentHash = d.u64()
	if at, _ := d.varint(); at != 0 {
		s.ScannedAt = time.Unix(0, at)
	}
	s.Findings = int(d.uvarint())
	s.Bytes, _ = d.varint()
	s.Error = d.str()
	if d.err || len(d.b) != 0 {
		return 0, FileState{}, fmt.Errorf("%w: file state", ErrCorrupt)
	}
	return gen, s, nil
}

// stateGen reads only the generation of a state value.
func stateGen(v []byte) (uint64, error) {
	if len(v) < 8 {
		return 0, fmt.Errorf("%w: file state", ErrCorrupt)
	}
	return be.Uint64(v), nil
}

func (d *decoder) varint() (int64, bool) {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err = true
		d.b = nil
		return 0, false
	}
	d.b = d.b[n:]
	return v, true
}

// Blocks (doc.go): the by-file entries. One Badger entry holds a run of
// consecutive findings of a file, so a finding costs one by-file entry
// only 1/blockMax of the time; Badger's cost is per entry, not per byte.
// A stored block is a format byte then its body, compressed (S2, from
// klauspost/compress, which Badger already uses for its tables) when that
// is smaller: blocks live in the value log, which Badger does not
// compress, and their bytes are most of what indexing writes.
//
//	format              1 byte: blockRaw or blockS2
//	body:
//	count               uvarint
//	count × entry       uvarint length + finding with hash
const (
	blockMax   = 64      // findings per block
	blockBytes = 3 << 10 // a block is cut past this size (uncompressed)

	blockRaw byte = 0
	blockS2  byte = 1
)

// sealBlock appends the stored form of a block body; *scratch is reused
// for the compression.
func sealBlock(dst, body []byte, scratch *[]byte) []byte {
	z := s2.Encode((*scratch)[:cap(*scratch)], body)
	*scratch = z
	if len(z) < len(body) {
		return append(append(dst, blockS2), z...)
	}
	return append(append(dst, blockRaw), body...)
}

// openBlock returns the body of a stored block: v's own bytes, or v
// decompressed into *buf (reused).
func openBlock(buf *[]byte, v []byte) ([]byte, error) {
	if len(v) == 0 {
		return nil, fmt.Errorf("%w: empty block", ErrCorrupt)
	}
	switch v[0] {
	case blockRaw:
		return v[1:], nil
	case blockS2:
		b, err := s2.Decode((*buf)[:cap(*buf)], v[1:])
		if err != nil {
			return nil, fmt.Errorf("%w: block: %v", ErrCorrupt, err)
		}
		*buf = b
		return b, nil
	}
	return nil, fmt.Errorf("%w: block format %d", ErrCorrupt, v[0])
}

// blockEntries splits a block body (openBlock) into its entries (each a
// finding with its hash), appending them to dst.
func blockEntries(dst [][]byte, v []byte) ([][]byte, error) {
	d := decoder{b: v}
	n := d.uvarint()
	if d.err || n == 0 || n > blockMax {
		return dst, fmt.Errorf("%w: block of %d findings", ErrCorrupt, n)
	}
	for i := uint64(0); i < n; i++ {
		e := d.bytes()
		if d.err || len(e) == 0 {
			return dst, fmt.Errorf("%w: block entry %d", ErrCorrupt, i)
		}
		dst = append(dst, e)
	}
	return dst, nil
}

// blockEntry returns entry idx of a block body (openBlock).
func blockEntry(v []byte, idx int) ([]byte, error) {
	d := decoder{b: v}
	n := d.uvarint()
	if d.err || uint64(idx) >= n {
		return nil, fmt.Errorf("%w: no finding %d in a block of %d", ErrCorrupt, idx, n)
	}
	for i := 0; i < idx; i++ {
		d.bytes()
	}
	e := d.bytes()
	if d.err || len(e) == 0 {
		return nil, fmt.Errorf("%w: block entry %d", ErrCorrupt, idx)
	}
	return e, nil
}
