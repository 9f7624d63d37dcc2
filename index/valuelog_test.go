package index

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"testing"

	badger "github.com/dgraph-io/badger/v4"
)

// TestValueReader reads every value of an index both ways, through the
// value reader and through Badger, and checks they agree and that each
// value Badger keeps in the value log (those of ValueThreshold bytes or
// more) was read with pread, not by falling back. Some blocks sit in the
// value-log file being written, some in sealed ones.
func TestValueReader(t *testing.T) {
	dir := t.TempDir()
	ix := openTest(t, dir, manual, func(o Options) Options { return o.WithValueLogFileSize(1 << 20) })
	defer ix.Close()
	for i := range 4 {
		path := fmt.Sprintf("f%d", i)
		commitFile(t, ix, path, synth(path, 1, 5000), FileState{Size: 1})
	}
	if err := ix.flushNow(); err != nil {
		t.Fatal(err)
	}
	threshold := ix.opts.badger().ValueThreshold
	var inLog, inTree int64
	var buf []byte
	err := ix.viewAll(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			want, err := item.ValueCopy(nil)
			if err != nil {
				return err
			}
			got, err := ix.values.value(item, &buf)
			if err != nil {
				return fmt.Errorf("%x: %w", item.Key(), err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%x: the value reader read %d bytes that differ from Badger's %d", item.Key(), len(got), len(want))
			}
			if int64(len(want)) >= threshold {
				inLog++
			} else {
				inTree++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if inLog < 100 || inTree == 0 {
		t.Fatalf("%d values in the value log, %d in the tree: the test reads too few", inLog, inTree)
	}
	if n := ix.values.preads.Load(); n != inLog || ix.values.off.Load() {
		t.Errorf("%d values read with pread, want the %d in the value log (fallen back for good: %v)", n, inLog, ix.values.off.Load())
	}
	// Searches read through it too.
	before := ix.values.preads.Load()
	if occ, err := ix.Lookup("", hmacHash("common@example.org")); err != nil || len(occ) != 4*5 {
		t.Fatalf("lookup: %d occurrences, %v; want 20", len(occ), err)
	}
	if ix.values.preads.Load() == before {
		t.Error("a lookup read no value with pread")
	}
}

// TestValueReaderCorrupt damages a block in its value-log file: Badger
// reads the damaged bytes as they are; the value reader, once a read has
// shown it the format, reports them, and a reader that has read nothing
// yet takes the mismatch for another format and leaves reads to Badger.
func TestValueReaderCorrupt(t *testing.T) {
	dir := t.TempDir()
	ix := openTest(t, dir, manual, func(o Options) Options { return o.WithValueLogFileSize(1 << 20) })
	defer ix.Close()
	commitFile(t, ix, "f", synth("f", 1, 2000), FileState{Size: 1})
	var item *badger.Item
	txn := ix.db.NewTransactionAt(math.MaxUint64, false)
	defer txn.Discard()
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pFile}})
	defer it.Close()
	var want []byte
	for it.Rewind(); it.Valid(); it.Next() {
		v, err := it.Item().ValueCopy(nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(v) >= 1024 {
			item, want = it.Item(), v
			break
		}
	}
	if item == nil {
		t.Fatal("no block in the value log")
	}
	var buf []byte
	if got, err := ix.values.value(item, &buf); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("the value reader read the block before the damage: equal %v, %v", bytes.Equal(got, want), err)
	}
	// Flip one byte of the value where it sits in its file.
	vlogs, _ := filepath.Glob(filepath.Join(dir, "*.vlog"))
	damaged := false
	for _, p := range vlogs {
		f, err := os.OpenFile(p, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(f)
		if err != nil {
			t.Fatal(err)
		}
		if at := bytes.Index(content, want); at >= 0 {
			if _, err := f.WriteAt([]byte{content[at+len(want)/2] ^ 0xff}, int64(at+len(want)/2)); err != nil {
				t.Fatal(err)
			}
			damaged = true
		}
		f.Close()
	}
	if !damaged {
		t.Fatal("the block's bytes are in no value-log file")
	}
	if v, err := item.ValueCopy(nil); err != nil || bytes.Equal(v, want) {
		t.Fatalf("Badger read the damaged block: equal %v, error %v; want other bytes (none: it checks the checksum)", bytes.Equal(v, want), err)
	}
	if _, err := ix.values.value(item, &buf); !errors.Is(err, ErrCorrupt) {
		t.Errorf("the value reader read the damaged block with error %v, want ErrCorrupt", err)
	}
	if ix.values.off.Load() {
		t.Error("a damaged entry turned the value reader off")
	}

	fresh := newValueReader(dir, 1<<30, slog.New(slog.DiscardHandler))
	defer fresh.close()
	got, err := fresh.value(item, &buf)
	if err != nil || bytes.Equal(got, want) {
		t.Errorf("a reader with nothing read yet: equal %v, error %v; want what Badger reads (nothing: it checks the checksum)", bytes.Equal(got, want), err)
	}
	if !fresh.off.Load() || fresh.preads.Load() != 0 {
		t.Errorf("a reader with nothing read yet did not leave reads to Badger (off %v, %d preads)", fresh.off.Load(), fresh.preads.Load())
	}
}

// TestEntryValue checks the value-log entry layout the value reader
// expects, on entries built by hand.
func TestEntryValue(t *testing.T) {
	key, version, value := []byte("\x11block"), uint64(42), []byte("the value")
	entry := func(key []byte, version uint64) []byte {
		b := []byte{0, 0} // meta, user meta
		b = binary.AppendUvarint(b, uint64(len(key)+8))
		b = binary.AppendUvarint(b, uint64(len(value)))
		b = binary.AppendUvarint(b, 0) // expiry
		b = append(b, key...)
		b = binary.BigEndian.AppendUint64(b, math.MaxUint64-version)
		b = append(b, value...)
		return binary.BigEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
	}
	b := entry(key, version)
	start, end, err := entryValue(b, key, version)
	if err != nil || !bytes.Equal(b[start:end], value) {
		t.Fatalf("entryValue = %q, %v; want %q", b[start:end], err, value)
	}
	bad := bytes.Clone(b)
	bad[len(bad)-6] ^= 1 // in the value
	// Damaged, not the entry asked for, or not an entry.
	for name, c := range map[string]struct {
		b       []byte
		version uint64
	}{
		"a flipped value bit": {bad, version},
		"another version":     {b, version + 1},
		"another key":         {entry([]byte("\x11blocc"), version), version},
		"cut short":           {b[:len(b)-1], version},
		"too short":           {b[:3], version},
	} {
		if _, _, err := entryValue(c.b, key, c.version); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestValueReaderPrune checks that a deleted value-log file's descriptor
// is closed and a file still there stays open.
func TestValueReaderPrune(t *testing.T) {
	dir := t.TempDir()
	for _, fid := range []uint32{7, 8} {
		if err := os.WriteFile(vlogPath(dir, fid), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	vr := newValueReader(dir, 1<<20, nil)
	f7, err := vr.file(7)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := vr.file(8); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(vlogPath(dir, 7)); err != nil {
		t.Fatal(err)
	}
	vr.prune()
	if _, err := f7.Stat(); !errors.Is(err, os.ErrClosed) {
		t.Errorf("the deleted file's descriptor: %v, want closed", err)
	}
	if len(vr.files) != 1 || vr.files[8] == nil {
		t.Errorf("files open after prune: %v, want 8 only", vr.files)
	}
	vr.close()
}
