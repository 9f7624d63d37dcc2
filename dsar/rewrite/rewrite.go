package rewrite

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sync"

	"github.com/cespare/xxhash/v2"

	"github.com/piid/piid/scanner/confine"
	"github.com/piid/piid/scanner/records"
)

// Action is what an edit does to the value it names.
type Action string

const (
	// Replace puts Edit.Replacement in place of the span.
	Replace Action = "replace"
	// DeleteRecord removes the whole record (row, line, tuple) that holds
	// the span.
	DeleteRecord Action = "delete_record"
)

// Edit names one value by its byte span in the decompressed content (the
// Start and End of a scanner.Finding, End exclusive).
type Edit struct {
	Start, End int64
	Action     Action
	// Replacement is the new text for Replace, raw: Apply escapes it for
	// the format and the place it lands in.
	Replacement []byte
}

// Fingerprint identifies a file's raw bytes on disk, as index.FileState
// does: its size and the xxhash64 of its content.
type Fingerprint struct {
	Size        int64
	ContentHash uint64
}

// Options tune Apply.
type Options struct {
	// Expect, when set, is the fingerprint the file had when it was
	// scanned: if the file differs, Apply returns ErrChanged and changes
	// nothing (the offsets would name other bytes).
	Expect *Fingerprint
	// TempSuffix ends the temporary file's name; DefaultTempSuffix when
	// empty. It must match what CleanupTemps is given.
	TempSuffix string
	// Roots confine the file (its folder is opened beneath a watched root
	// with no link on the way); nil opens its folder by name.
	Roots *confine.Roots
	// ExpectID, when set, is the device and inode the plan saw: another
	// file under that name is refused with ErrNotSame.
	ExpectID *confine.FileID
	// Fields helps tell a CSV header from a first data row, as it helps
	// the scanner (patterns.Catalog); nil decides by the values alone.
	Fields records.Fields
	// Dialect, when set, is how the file read when the plan was made
	// (Checked.Dialect): a file that now reads otherwise (another
	// delimiter, a header, another SQL dialect) is refused with
	// ErrChanged, since its spans would mean other things.
	Dialect string
}

// Result says what Apply did.
type Result struct {
	Before, After  Fingerprint
	Replaced       int   // replace edits written (duplicates and those in deleted records not counted)
	DeletedRecords int   // records removed, each once however many edits named it
	BytesRemoved   int64 // decompressed bytes the deleted records (with their separators) took
}

var (
	// ErrChanged means the file is not the one the edits were made for:
	// it differs from Options.Expect, or changed while being rewritten.
	ErrChanged = errors.New("rewrite: file changed since it was scanned")
	// ErrNotSame means the name now holds another file (device and inode)
	// than the one the plan saw: nothing is written.
	ErrNotSame = errors.New("rewrite: not the file the plan saw (another device and inode)")
	// ErrManual wraps the reasons a file cannot be rewritten in place
	// (Check's reasons): a person has to handle it.
	ErrManual = errors.New("rewrite: needs manual handling")
	// ErrEdit wraps the reasons an edit cannot be made as asked: out of
	// range, overlapping another in part, across the end of its value or
	// record, outside any, or where its format cannot take it (a CSV
	// header, a COPY in CSV format, a replacement that would close a
	// comment). The error names the edit by its index in the call.
	ErrEdit = errors.New("rewrite: edit does not fit the file")
)

// editError is an ErrEdit about one edit.
type editError struct{ msg string }

func (e *editError) Error() string { return e.msg }
func (e *editError) Unwrap() error { return ErrEdit }

func editErr(e edit, format string, args ...any) error {
	return &editError{e.String() + ": " + fmt.Sprintf(format, args...)}
}

const (
	// MaxValue bounds the bytes of one edited value (a field, a string, a
	// token) that Apply holds in memory to rebuild it.
	MaxValue = 64 << 20
	// headSize is how much of the content decides its format, as much as
	// the scanner's first chunk so that both see the same structure.
	headSize = 4 << 20
	// chunkSize is the read size of both passes.
	chunkSize = 256 << 10
)

// testHookBeforeRename, when set (by tests), runs once the temporary file
// is complete and synced, just before it is renamed over the original.
var testHookBeforeRename func(tmp string)

// Apply makes the edits to the file at path, atomically (see the package
// documentation). With no edits it only checks the file and fingerprints
// it. Errors that wrap ErrManual say the file cannot be rewritten in place
// at all, ErrEdit that an edit does not fit it, ErrChanged that it is not
// the file the edits were made for. On any error but one the file is
// untouched: if the directory cannot be synced after the rename, the new
// content is in place (Result is filled) but might not survive a power
// loss, and the error says so.
//
// Calls for different files may run at once; calls for one file must not
// (the later rename would undo the earlier one's edits, if both passed
// their last check before either renamed).
func Apply(path string, edits []Edit, opts Options) (Result, error) {
	var res Result
	rep, del, err := prepare(edits)
	if err != nil {
		return res, fmt.Errorf("rewrite: %s: %w", path, err)
	}
	t, err := open(opts.Roots, path)
	if err != nil {
		return res, err
	}
	defer t.close()
	f, fi, dir := t.f, t.fi, t.dir
	if opts.ExpectID != nil && confine.IDOf(fi) != *opts.ExpectID {
		return res, fmt.Errorf("%w: %s", ErrNotSame, path)
	}
	if opts.Expect != nil && fi.Size() != opts.Expect.Size {
		return res, fmt.Errorf("%w: %s is %d bytes, expected %d", ErrChanged, path, fi.Size(), opts.Expect.Size)
	}

	// Pass 1: lex the structure, place every edit, fingerprint.
	buf := getBuf()
	defer putBuf(buf)
	in, err := newInput(f)
	if err != nil {
		return res, fmt.Errorf("rewrite: %s: %w", path, err)
	}
	defer in.close()
	head, err := in.head(buf)
	if err != nil {
		return res, fmt.Errorf("rewrite: %s: %w", path, err)
	}
	if reason := sniffContent(head); reason != "" {
		return res, manual(path, reason)
	}
	d := records.Sniff(path, head, opts.Fields)
	if opts.Dialect != "" && d.String() != opts.Dialect {
		return res, fmt.Errorf("%w: %s now reads as %s, not %s as planned", ErrChanged, path, d, opts.Dialect)
	}
	kind := d.Kind
	if kind == records.JSON && len(del) > 0 {
		return res, manual(path, reasonJSONDelete)
	}
	if !in.gz && len(rep)+len(del) > 0 {
		if e := lastEnd(rep, del); e.End > fi.Size() {
			return res, fmt.Errorf("rewrite: %s: %w", path, editErr(e, "out of range (the file has %d bytes)", fi.Size()))
		}
	}
	p := newPlan(kind, rep, del)
	lx := newLexer(d, path, head, p)
	size, err := in.run(head, buf, lx, p)
	if err != nil {
		return res, fmt.Errorf("rewrite: %s: %w", path, err)
	}
	res.Before = in.fingerprint()
	if opts.Expect != nil && res.Before != *opts.Expect {
		return res, fmt.Errorf("%w: %s no longer has the content it was scanned with", ErrChanged, path)
	}
	if p.err != nil { // checked after Expect: in a changed file no edit is where it was
		return res, fmt.Errorf("rewrite: %s: %w", path, p.err)
	}
	if len(edits) == 0 {
		res.After = res.Before
		return res, nil
	}
	ops, err := p.finish(size)
	if err != nil {
		return res, fmt.Errorf("rewrite: %s: %w", path, err)
	}
	res.Replaced, res.DeletedRecords, res.BytesRemoved = p.replaced, p.deleted, p.removed

	// Pass 2: write the new content next to the original.
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return res, fmt.Errorf("rewrite: %s: %w", path, err)
	}
	tmp, tmpName, err := createTemp(dir, t.name, opts.TempSuffix)
	if err != nil {
		return res, fmt.Errorf("rewrite: %s: %w", path, err)
	}
	keep := false
	defer func() {
		if !keep {
			tmp.Close()
			dir.Remove(tmpName)
		}
	}()
	after, err := write(f, tmp, ops, size, res.Before, buf)
	if err != nil {
		return res, fmt.Errorf("rewrite: %s: %w", path, err)
	}
	if err := keepAttrs(tmp, fi); err != nil {
		return res, fmt.Errorf("rewrite: %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return res, fmt.Errorf("rewrite: %s: sync: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return res, fmt.Errorf("rewrite: %s: %w", path, err)
	}
	if testHookBeforeRename != nil {
		testHookBeforeRename(filepath.Join(dir.Path(), tmpName))
	}
	// The last look before the rename, in the folder opened: a file
	// replaced, grown or touched since it was opened is not the one the
	// edits were made for.
	now, err := dir.Lstat(t.name)
	if err != nil {
		return res, fmt.Errorf("rewrite: %w", err)
	}
	if confine.IDOf(now) != confine.IDOf(fi) || now.Size() != fi.Size() || !now.ModTime().Equal(fi.ModTime()) {
		return res, fmt.Errorf("%w: %s was modified while being rewritten", ErrChanged, path)
	}
	if err := dir.Rename(tmpName, t.name); err != nil {
		return res, fmt.Errorf("rewrite: %w", err)
	}
	keep = true
	res.After = after
	if err := dir.Sync(); err != nil {
		return res, fmt.Errorf("rewrite: %s was rewritten but its directory could not be synced (the change may not survive a power loss): %w", path, err)
	}
	return res, nil
}

// lastEnd is the edit that reaches furthest.
func lastEnd(rep, del []edit) edit {
	var last edit
	for _, l := range [][]edit{rep, del} {
		for _, e := range l {
			if e.End > last.End {
				last = e
			}
		}
	}
	return last
}

// edit is an Edit and its index in the caller's list, for messages.
type edit struct {
	Edit
	idx int
}

func (e edit) String() string {
	return fmt.Sprintf("edit %d [%d,%d)", e.idx, e.Start, e.End)
}

// prepare checks the edits and splits them into replacements and deletions,
// each sorted by offset. Duplicate replacements, and replacements inside
// another, are dropped: the outer one already covers their bytes. Two that
// overlap only in part are an error, since either choice would leave part
// of a value or put text where none was asked.
func prepare(edits []Edit) (rep, del []edit, err error) {
	for i, e := range edits {
		x := edit{e, i}
		if e.Start < 0 || e.End <= e.Start {
			return nil, nil, editErr(x, "an edit needs 0 <= start < end")
		}
		switch e.Action {
		case Replace:
			rep = append(rep, x)
		case DeleteRecord:
			del = append(del, x)
		default:
			return nil, nil, editErr(x, "unknown action %q", e.Action)
		}
	}
	byStart := func(a, b edit) int {
		if a.Start != b.Start {
			return cmpInt(a.Start, b.Start)
		}
		return cmpInt(b.End, a.End) // the outer first
	}
	slices.SortStableFunc(rep, byStart)
	slices.SortStableFunc(del, byStart)
	kept := rep[:0]
	for _, e := range rep {
		if n := len(kept); n > 0 && e.Start < kept[n-1].End {
			if e.End <= kept[n-1].End {
				continue
			}
			return nil, nil, editErr(e, "overlaps %s in part", kept[n-1])
		}
		kept = append(kept, e)
	}
	return kept, del, nil
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// bufPool holds the buffers Apply reads and copies through: the content's
// head, then its chunks.
var bufPool = sync.Pool{New: func() any { b := make([]byte, headSize); return &b }}

func getBuf() []byte  { return *bufPool.Get().(*[]byte) }
func putBuf(b []byte) { bufPool.Put(&b) }

var (
	readers = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, chunkSize) }}
	writers = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, chunkSize) }}
)

// input reads a file's content, decompressed when it is gzip, and hashes
// its raw bytes on the way.
type input struct {
	raw     hashReader
	br      *bufio.Reader
	gz      bool
	zr      *gzip.Reader
	content io.Reader
	header  gzip.Header // of the first member
}

// hashReader hashes and counts what is read through it.
type hashReader struct {
	r io.Reader
	h *xxhash.Digest
	n int64
}

func (h *hashReader) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	h.h.Write(p[:n])
	h.n += int64(n)
	return n, err
}

func newInput(f io.Reader) (*input, error) {
	in := &input{raw: hashReader{r: f, h: xxhash.New()}}
	in.br = readers.Get().(*bufio.Reader)
	in.br.Reset(&in.raw)
	in.content = in.br
	if magic, _ := in.br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(in.br)
		if err != nil {
			in.close()
			return nil, fmt.Errorf("gzip: %w", err)
		}
		in.gz, in.zr, in.content, in.header = true, zr, zr, zr.Header
	}
	return in, nil
}

// close gives the input's buffer back.
func (in *input) close() {
	if in.br != nil {
		in.br.Reset(nil)
		readers.Put(in.br)
		in.br = nil
	}
}

// head reads the start of the content, which decides its format, into buf.
func (in *input) head(buf []byte) ([]byte, error) {
	n, err := io.ReadFull(in.content, buf[:headSize])
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		err = nil
	}
	if err != nil {
		return nil, readErr(in.gz, err)
	}
	return buf[:n:n], nil
}

// run feeds the content to the lexer (head first, already read into buf,
// which then takes the rest) and returns its size. Once an edit fails
// (p.err) the rest is only read, for the fingerprint.
func (in *input) run(head, buf []byte, lx *lexer, p *plan) (int64, error) {
	size := int64(len(head))
	if lx != nil {
		lx.feed(head)
	}
	for {
		n, err := in.content.Read(buf)
		if n > 0 {
			size += int64(n)
			if lx != nil && p.err == nil {
				lx.feed(buf[:n])
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, readErr(in.gz, err)
		}
	}
	if lx != nil && p.err == nil {
		lx.end()
	}
	// Whatever follows the last gzip member is hashed too.
	if _, err := io.Copy(io.Discard, in.br); err != nil {
		return 0, err
	}
	return size, nil
}

func readErr(gz bool, err error) error {
	if gz {
		return fmt.Errorf("gzip: %w", err)
	}
	return err
}

func (in *input) fingerprint() Fingerprint {
	return Fingerprint{Size: in.raw.n, ContentHash: in.raw.h.Sum64()}
}

// hashWriter hashes and counts what is written through it.
type hashWriter struct {
	w io.Writer
	h *xxhash.Digest
	n int64
}

func (h *hashWriter) Write(p []byte) (int, error) {
	n, err := h.w.Write(p)
	h.h.Write(p[:n])
	h.n += int64(n)
	return n, err
}

// write copies the content of f to out with the ops made, compressed as
// the original was, and returns the fingerprint of what it wrote. The
// original must read as it did in pass 1 (size bytes of content, raw
// fingerprint before).
func write(f io.Reader, out io.Writer, ops []op, size int64, before Fingerprint, buf []byte) (Fingerprint, error) {
	in, err := newInput(f)
	if err != nil {
		return Fingerprint{}, fmt.Errorf("%w: %v", ErrChanged, err)
	}
	defer in.close()
	bw := writers.Get().(*bufio.Writer)
	bw.Reset(out)
	defer func() {
		bw.Reset(nil)
		writers.Put(bw)
	}()
	raw := &hashWriter{w: bw, h: xxhash.New()}
	var w io.Writer = raw
	var zw *gzip.Writer
	if in.gz {
		zw = gzip.NewWriter(raw)
		zw.Header = in.header
		w = zw
	}
	var pos int64
	for i := range ops {
		o := &ops[i]
		if err := copyN(w, in.content, o.start-pos, buf); err != nil {
			return Fingerprint{}, short(err, in.gz)
		}
		n := o.end - o.start
		switch {
		case o.u != nil:
			val := make([]byte, n)
			if _, err := io.ReadFull(in.content, val); err != nil {
				return Fingerprint{}, short(err, in.gz)
			}
			b, err := rebuild(o.u, val, o.edits)
			if err != nil {
				return Fingerprint{}, err
			}
			if _, err := w.Write(b); err != nil {
				return Fingerprint{}, err
			}
		default:
			if err := copyN(io.Discard, in.content, n, buf); err != nil {
				return Fingerprint{}, short(err, in.gz)
			}
			if _, err := w.Write(o.data); err != nil {
				return Fingerprint{}, err
			}
		}
		pos = o.end
	}
	if err := copyN(w, in.content, size-pos, buf); err != nil {
		return Fingerprint{}, short(err, in.gz)
	}
	if n, err := in.content.Read(buf[:1]); n > 0 || err != io.EOF {
		if err == nil || err == io.EOF {
			err = errors.New("the content grew")
		}
		return Fingerprint{}, short(err, in.gz)
	}
	if _, err := io.Copy(io.Discard, in.br); err != nil {
		return Fingerprint{}, err
	}
	if in.fingerprint() != before {
		return Fingerprint{}, fmt.Errorf("%w: its content changed between the two reads", ErrChanged)
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			return Fingerprint{}, err
		}
	}
	if err := bw.Flush(); err != nil {
		return Fingerprint{}, err
	}
	return Fingerprint{Size: raw.n, ContentHash: raw.h.Sum64()}, nil
}

// short reports a content that ended early or read badly on the second
// pass: it read whole on the first, so the file changed in between.
func short(err error, gz bool) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return fmt.Errorf("%w: it got shorter between the two reads", ErrChanged)
	}
	return fmt.Errorf("%w: %v", ErrChanged, readErr(gz, err))
}

// copyN copies exactly n bytes through buf (the writers here take no
// ReaderFrom shortcut, so io.CopyN would allocate a buffer per call).
func copyN(dst io.Writer, src io.Reader, n int64, buf []byte) error {
	for n > 0 {
		b := buf[:min(int64(len(buf)), n)]
		m, err := io.ReadFull(src, b)
		if m > 0 {
			if _, werr := dst.Write(b[:m]); werr != nil {
				return werr
			}
			n -= int64(m)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
