package index

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"

	badger "github.com/dgraph-io/badger/v4"
)

// Blocks of findings and bucket values of postings live in Badger's value
// log (options.go), which Badger reads through its mapping of each file.
// A page of it that is not mapped (never read, or unmapped by the
// trimmer, trim_linux.go) costs the reader a page fault, and a fault can
// be dear: on the 2-core VM the bench runs on, 25–30 µs idle and 50–80
// µs while the daemon indexes, against 3–4 µs for a pread(2) of the same
// 3 KiB from the page cache. A subject search reads a block per
// occurrence and a value per run of its bucket, a few dozen values that
// nothing else read lately, so faults were most of its time.
//
// valueReader reads those values itself: the item's value pointer (file,
// offset, length) from the badger.Item, then pread on its own descriptor
// of that file. Badger exports no accessor for the pointer, so it is read
// from the Item's unexported fields, whose layout is checked once at start
// (itemLayout); every read then checks that the entry read is the item's
// (its key and version) and whole (its CRC). Until one read has matched,
// a mismatch says the format is not the one expected (another Badger):
// the reader logs it and falls back to Badger's own read for good. Once
// one has, the format is known good and a mismatch is a damaged entry
// (ErrCorrupt), which Badger would have returned as it is. Values small
// enough to sit in the LSM tree, and any read that fails, go through
// Badger.
//
// Value-log files are written once and never rewritten in place; the one
// being written is written through its shared mapping, which is the page
// cache pread reads. Badger's value-log GC deletes files (truncated to
// nothing, then unlinked): a read of one through a descriptor still open
// fails and falls back to Badger, and prune closes those descriptors (RunGC
// does, at each pass).
type valueReader struct {
	dir    string
	maxLen int // longer than any entry (Badger refuses a value longer than a value-log file)
	log    *slog.Logger

	mu    sync.Mutex
	files map[uint32]*os.File

	off    atomic.Bool  // the format did not match: Badger reads from now on
	proven atomic.Bool  // a read matched: the format is the one expected
	preads atomic.Int64 // values read here (tests)
}

// itemLayout is where badger.Item keeps its meta byte and value pointer;
// ok is false when Badger's Item no longer has them as expected.
var itemLayout = func() (l struct {
	meta, vptr uintptr
	ok         bool
}) {
	t := reflect.TypeOf(badger.Item{})
	m, okm := t.FieldByName("meta")
	v, okv := t.FieldByName("vptr")
	l.meta, l.vptr = m.Offset, v.Offset
	l.ok = okm && okv && m.Type.Kind() == reflect.Uint8 && v.Type == reflect.TypeOf([]byte(nil))
	return l
}()

const (
	// bitValuePointer is Badger's meta bit for a value in the value log.
	bitValuePointer = 1 << 1
	// vptrLen is Badger's encoded value pointer: file id, length and
	// offset, uint32 each, copied from memory (native byte order).
	vptrLen = 12
	// entryCRCLen is the CRC-32C (Castagnoli) that ends each entry,
	// over its header, key and value.
	entryCRCLen = 4
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func newValueReader(dir string, maxLen int64, log *slog.Logger) *valueReader {
	vr := &valueReader{dir: dir, maxLen: int(min(maxLen, math.MaxInt32)), log: log, files: make(map[uint32]*os.File)}
	// Windows opens files without delete sharing: a descriptor kept here
	// would make value-log GC fail to delete the file.
	vr.off.Store(runtime.GOOS == "windows")
	return vr
}

// value returns item's value in *buf, which it grows as needed and which
// the caller keeps for the next call: the value is valid until then.
func (vr *valueReader) value(item *badger.Item, buf *[]byte) ([]byte, error) {
	v, ok, err := vr.pread(item, buf)
	if ok || err != nil {
		return v, err
	}
	*buf, err = item.ValueCopy((*buf)[:0])
	return *buf, valueErr(item.Key(), err)
}

// readBlock reads item's block of findings and splits it into its
// entries (blockEntries in codec.go), reusing vbuf for the value, zbuf
// for the decompressed body and entries' array. The entries are valid
// until vbuf or zbuf is used again.
func (vr *valueReader) readBlock(item *badger.Item, vbuf, zbuf *[]byte, entries [][]byte) ([][]byte, error) {
	v, err := vr.value(item, vbuf)
	if err != nil {
		return entries[:0], err
	}
	body, err := openBlock(zbuf, v)
	if err != nil {
		return entries[:0], err
	}
	return blockEntries(entries[:0], body)
}

// pread reads item's value from the value log; ok is false when Badger
// has to read it (not in the value log, or the read failed).
func (vr *valueReader) pread(item *badger.Item, buf *[]byte) (v []byte, ok bool, err error) {
	if !itemLayout.ok || vr.off.Load() {
		return nil, false, nil
	}
	p := unsafe.Pointer(item)
	meta := *(*byte)(unsafe.Add(p, itemLayout.meta))
	vptr := *(*[]byte)(unsafe.Add(p, itemLayout.vptr))
	if meta&bitValuePointer == 0 || len(vptr) != vptrLen {
		return nil, false, nil
	}
	fid := binary.NativeEndian.Uint32(vptr)
	n := int(binary.NativeEndian.Uint32(vptr[4:]))
	off := int64(binary.NativeEndian.Uint32(vptr[8:]))
	if n > vr.maxLen {
		return nil, false, nil // not a pointer as this reader knows them
	}
	f, err := vr.file(fid)
	if err != nil {
		return nil, false, nil // gone: Badger says what it makes of it
	}
	if cap(*buf) < n {
		*buf = make([]byte, n)
	}
	b := (*buf)[:n]
	if _, err := f.ReadAt(b, off); err != nil {
		return nil, false, nil
	}
	start, end, err := entryValue(b, item.Key(), item.Version())
	switch {
	case err != nil && vr.proven.Load():
		return nil, false, fmt.Errorf("%w: value-log file %d at %d: %v", ErrCorrupt, fid, off, err)
	case err != nil:
		if vr.off.CompareAndSwap(false, true) {
			vr.log.Error("index: value-log entries are not laid out as expected; Badger reads them from now on", "err", err)
		}
		return nil, false, nil
	}
	if !vr.proven.Load() {
		vr.proven.Store(true) // once: every search reads here
	}
	vr.preads.Add(1)
	m := copy(b, b[start:end])
	return b[:m], true, nil
}

// entryValue checks that b is the value-log entry of key at version and
// returns where its value is. An entry is a header (meta, user meta, then
// uvarints key length, value length, expiry), the key with its version
// (Badger's: the key, then MaxUint64-version big-endian), the value and
// the CRC.
func entryValue(b, key []byte, version uint64) (start, end int, err error) {
	if len(b) < 2+entryCRCLen {
		return 0, 0, fmt.Errorf("an entry of %d bytes", len(b))
	}
	i := 2
	var lens [3]uint64 // key, value, expiry
	for j := range lens {
		v, k := binary.Uvarint(b[i:])
		if k <= 0 {
			return 0, 0, errors.New("a header that does not decode")
		}
		lens[j], i = v, i+k
	}
	klen, vlen := lens[0], lens[1]
	if klen != uint64(len(key))+8 || uint64(i)+klen+vlen+entryCRCLen != uint64(len(b)) {
		return 0, 0, fmt.Errorf("an entry of %d bytes with a %d-byte key and a %d-byte value", len(b), klen, vlen)
	}
	k := b[i : i+int(klen)]
	if !bytes.Equal(k[:len(key)], key) || binary.BigEndian.Uint64(k[len(key):]) != math.MaxUint64-version {
		return 0, 0, errors.New("an entry of another key")
	}
	body := len(b) - entryCRCLen
	if crc32.Checksum(b[:body], castagnoli) != binary.BigEndian.Uint32(b[body:]) {
		return 0, 0, errors.New("checksum mismatch")
	}
	start = i + int(klen)
	return start, start + int(vlen), nil
}

// file returns the open value-log file fid.
func (vr *valueReader) file(fid uint32) (*os.File, error) {
	vr.mu.Lock()
	defer vr.mu.Unlock()
	if f := vr.files[fid]; f != nil {
		return f, nil
	}
	f, err := os.Open(vlogPath(vr.dir, fid))
	if err != nil {
		return nil, err
	}
	vr.files[fid] = f
	return f, nil
}

func vlogPath(dir string, fid uint32) string {
	return filepath.Join(dir, fmt.Sprintf("%06d.vlog", fid))
}

// prune closes the files Badger has deleted. A read of one being closed
// fails and falls back to Badger (os.File closes once its reads are done).
func (vr *valueReader) prune() {
	vr.mu.Lock()
	defer vr.mu.Unlock()
	for fid, f := range vr.files {
		if _, err := os.Stat(vlogPath(vr.dir, fid)); errors.Is(err, fs.ErrNotExist) {
			f.Close()
			delete(vr.files, fid)
		}
	}
}

// close closes every file; reads fall back to Badger after it.
func (vr *valueReader) close() {
	vr.off.Store(true)
	vr.mu.Lock()
	defer vr.mu.Unlock()
	for fid, f := range vr.files {
		f.Close()
		delete(vr.files, fid)
	}
}
