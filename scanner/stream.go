package scanner

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/piid/piid/patterns"
	"github.com/piid/piid/rure"
	"github.com/piid/piid/scanner/records"
)

const (
	// DefaultChunkSize is how much of a file one regex call sees: large
	// enough that the cgo call is free, small enough to stay in cache.
	DefaultChunkSize = 4 << 20
	// MaxMatchLen bounds the length of a match that is found exactly once
	// across a chunk edge; the catalog's patterns stay well below it.
	MaxMatchLen = 4 << 10
	// binarySniff is how much of a file is looked at for NUL bytes.
	binarySniff = 8 << 10
	// maxFieldValue bounds the value of a detecting field (a name, an
	// address) that is reported whole; the buffer keeps that much before
	// its overlap so such a value is never cut by a chunk edge.
	maxFieldValue = 256
)

// ErrBinary is reported for binary files skipped by Options.SkipBinary.
var ErrBinary = errors.New("binary file skipped")

// worker owns one compiled regex and every buffer a scan needs, so the hot
// path allocates nothing per match.
type worker struct {
	s       *Scanner
	re      *patterns.Regexes
	ms      []rure.Match
	from    []int
	overlap int // MaxMatchLen; smaller in tests, to cross many chunk edges
	sc      *patterns.Scratch
	buf     []byte
	hashBuf []byte
	hashes  map[string]patterns.Hash // type id, 0, normalized value -> keyed hash
	br      *bufio.Reader
	gz      *gzip.Reader
	in      countingReader // the compressed bytes a gzip stream read
	guard   inflateGuard
	vals    []records.Loc // detecting field values the locator reported
	unesc   []byte        // a field value unescaped
	again   valueSink     // values to read again (decoded.go)
	dec     []byte        // one of them, unescaped
	decAt   []int32       // where each byte of dec comes from
	decFrom []int         // the regex passes' positions in dec
	decMs   []rure.Match
	decVals []records.Loc // the detecting values of a JSON document in dec
	seen    seen          // the last findings of the regex pass
	root    string        // the folder the file was found under ("": see rootOf)
	region  regionBuf     // the current record's phone numbers and evidence
	plain   bool          // read every file as plain text (benchmarks)
}

func (s *Scanner) newWorker() (*worker, error) {
	re, err := s.cat.Compile()
	if err != nil {
		return nil, fmt.Errorf("scanner: compile catalog: %w", err)
	}
	return &worker{
		s:       s,
		re:      re,
		overlap: MaxMatchLen,
		ms:      make([]rure.Match, 0, 4096),
		from:    make([]int, re.Passes()),
		decFrom: make([]int, re.Passes()),
		sc:      s.cat.NewScratch(),
		buf:     make([]byte, s.opts.ChunkSize+MaxMatchLen+max(patterns.ContextBefore, maxFieldValue)),
		br:      bufio.NewReaderSize(nil, 64<<10),
		hashes:  make(map[string]patterns.Hash),
	}, nil
}

func (w *worker) close() { w.re.Close() }

// content wraps r so that gzip streams are read decompressed (detected by
// their magic bytes, not their name), within the decompression limits.
func (w *worker) content(r io.Reader) (io.Reader, error) {
	w.in = countingReader{r: r}
	w.br.Reset(&w.in)
	magic, _ := w.br.Peek(2)
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		if w.gz == nil {
			gz, err := gzip.NewReader(w.br)
			if err != nil {
				return nil, fmt.Errorf("gzip: %w", err)
			}
			w.gz = gz
		} else if err := w.gz.Reset(w.br); err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		w.guard = inflateGuard{r: w.gz, in: &w.in, maxSize: w.s.opts.MaxDecompressedSize, maxRatio: w.s.opts.MaxDecompressionRatio}
		return &w.guard, nil
	}
	return w.br, nil
}

// scanStream reads r chunk by chunk and calls emit with each finding.
// Chunks overlap by MaxMatchLen (plus the context window), and a match is
// taken only when it starts before the overlap of a non-final chunk, so
// each match is found exactly once, at its exact offset and line. In a
// structured file (records.Detect) each match is then told its record, and
// the values of fields named for a type (a first_name column) are findings
// of their own. It returns the bytes read and the damage met in the file's
// structure, if any; a read error ends the scan after what was read before
// it has been scanned.
func (w *worker) scanStream(r io.Reader, path string, emit func(*Finding)) (int64, *records.Damage, error) {
	buf := w.buf
	var (
		base    int64 // file offset of buf[0]
		n       int   // bytes in buf
		lineIdx int   // buf offset whose line number is line
		line    int64 = 1
		readErr error
		sniffed bool
		loc     records.Locator
	)
	cat := w.s.cat
	w.sc.NoField()
	// A phone's region waits for its record's end (region.go).
	emit = w.startFile(path, emit)
	defer w.endRecord()
	damage := func() *records.Damage {
		if loc == nil {
			return nil
		}
		return loc.Damage()
	}
	// at counts lines up to hay offset i (moving back when a finding
	// begins inside an earlier match, as in "Dear John").
	at := func(hay []byte, i int) int64 {
		if i >= lineIdx {
			line += int64(bytes.Count(hay[lineIdx:i], nl))
		} else {
			line -= int64(bytes.Count(hay[i:lineIdx], nl))
		}
		lineIdx = i
		return line
	}
	// fieldValues emits the detecting field values the locator reported,
	// each read as its format escapes it (O''Connor is O'Connor).
	fieldValues := func(hay []byte) {
		for i := range w.vals {
			v := &w.vals[i]
			s, e := int(v.Start-base), int(v.End-base)
			if s < 0 || e > len(hay) || e-s > maxFieldValue {
				continue
			}
			val, vs, ve := hay, s, e
			decoded := v.Esc.Escaped(hay[s:e])
			if decoded {
				w.unesc = v.Esc.Unescape(w.unesc[:0], hay[s:e])
				val, vs, ve = w.unesc, 0, len(w.unesc)
			}
			if cc, ok := cat.FieldCountry(v.Class, val[vs:ve]); ok {
				w.fieldCountry(v.Table, int(v.Row), v.Pointer, cc)
				continue
			}
			res, ok := cat.EvaluateField(val, vs, ve, v.Class, w.sc)
			if !ok || res.Confidence < w.s.opts.MinConfidence {
				continue
			}
			var f *Finding
			if decoded {
				// The finding spans the value's bytes in the file, blanks
				// around it left out; what it reads as is the unescaped value.
				rs, re := trimBlank(hay, s, e)
				f = w.findingOf(path, val[res.Start:res.End], base+int64(rs), base+int64(re), at(hay, rs), &res)
			} else {
				f = w.finding(path, hay, base, at(hay, res.Start), &res)
			}
			f.Record = record(v)
			emit(f)
		}
		w.vals = w.vals[:0]
	}
	// passed emits what the locator reported on its way: the detecting
	// field values, and the findings of the values read again.
	passed := func(hay []byte) {
		if len(w.vals) > 0 {
			fieldValues(hay)
		}
		if len(w.again.vals) > 0 {
			w.readAgain(path, hay, base, at, emit)
		}
	}
	var cov cover  // the regex pass's finding that ends last
	from := w.from // per regex pass: where its next search starts in buf
	for p := range from {
		from[p] = 0
	}
	for {
		m, err := fill(r, buf[n:])
		n += m
		final := err != nil
		if err != nil && err != io.EOF {
			readErr = err
		}
		if !sniffed {
			sniffed = true
			if w.s.opts.SkipBinary && bytes.IndexByte(buf[:min(n, binarySniff)], 0) >= 0 {
				return int64(n), nil, ErrBinary
			}
			if d := records.Sniff(path, buf[:n], cat); d.Kind != records.Text && !w.plain {
				w.again.vals, w.seen.n = w.again.vals[:0], 0
				loc = records.New(d, path, buf[:n], cat, &w.again)
			}
		}
		limit := n
		if !final {
			limit = n - w.overlap
		}
		hay := buf[:n]
		ms, err := w.re.FindAll(hay, from, limit, w.ms)
		if err != nil {
			return base + int64(n), damage(), err
		}
		w.ms = ms
		w.sc.NewText()
		for _, mt := range ms {
			var (
				rec   records.Loc
				inRec bool
				end   = mt.End
			)
			if loc != nil {
				w.again.hay, w.again.base = hay, base
				rec, inRec = loc.At(hay, base, base+int64(mt.Start), final, &w.vals)
				passed(hay)
				if inRec {
					// A match never runs out of its field's value.
					if rec.End >= 0 && base+int64(end) > rec.End {
						end = int(rec.End - base)
					}
					fe := -1
					if rec.End >= 0 {
						fe = int(rec.End - base)
					}
					w.sc.InField(rec.Class, int(rec.Start-base), fe)
				} else {
					w.sc.NoField()
				}
			}
			res, ok := cat.Evaluate(hay, mt.Start, end, mt.Group, w.sc)
			if !ok || res.Confidence < w.s.opts.MinConfidence {
				continue
			}
			if inRec && cat.DetectsType(rec.Class, res.Type) {
				continue // the field's value is this finding, whole
			}
			if cov.covers(res.Type, base+int64(res.Start), base+int64(res.End)) {
				continue
			}
			cov.emitted(res.Type, base+int64(res.Start), base+int64(res.End))
			f := w.finding(path, hay, base, at(hay, res.Start), &res)
			if inRec {
				f.Record = record(&rec)
			}
			w.seen.add(f)
			emit(f)
		}
		if loc != nil {
			// Follow the structure to where the next chunk's matches
			// start: values ending before it are reported now.
			to := base + int64(limit)
			if final {
				to = base + int64(n)
			}
			w.again.hay, w.again.base = hay, base
			loc.Advance(hay, base, to, final, &w.vals)
			passed(hay)
		}
		if final {
			return base + int64(n), damage(), readErr
		}
		// Keep the overlap and the context before it (and room for a field
		// value that runs across the overlap's start); each pass resumes
		// where its last match ended, or at the overlap.
		room := patterns.ContextBefore
		if loc != nil {
			room = max(room, maxFieldValue, min(maxReadAgain, limit/4))
		}
		keep := limit - room
		if keep <= 0 {
			keep = limit // a buffer too small for the room (tests): move on
		}
		// Never cut a word in two at the buffer's start: its tail could
		// read as another word in the context of the next match. (A run of
		// letters longer than the back-off is no context word anyway.)
		for back := 0; back < 64 && keep > 1 && wordByte(buf[keep-1]) && wordByte(buf[keep]); back++ {
			keep--
		}
		if lineIdx < keep {
			line += int64(bytes.Count(buf[lineIdx:keep], nl))
			lineIdx = keep
		}
		copy(buf, buf[keep:n])
		n -= keep
		base += int64(keep)
		lineIdx -= keep
		for p := range from {
			from[p] = max(from[p], limit) - keep
		}
	}
}

var nl = []byte{'\n'}

// record is the finding's record as CONTRACT.md spells it.
func record(l *records.Loc) *Record {
	return &Record{Row: int(l.Row), Field: l.Field, Pointer: l.Pointer, Table: l.Table}
}

// wordByte is a byte of a context word: a letter or any non-ASCII byte.
func wordByte(c byte) bool { return c >= 0x80 || (c|0x20 >= 'a' && c|0x20 <= 'z') }

// fill reads until p is full or r fails. Unlike io.ReadFull it passes on
// the reader's own error, so a truncated gzip (io.ErrUnexpectedEOF) is told
// apart from a clean end (io.EOF).
func fill(r io.Reader, p []byte) (int, error) {
	n := 0
	for n < len(p) {
		m, err := r.Read(p[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// hashMemoSize bounds the worker's memo of recent hashes: values recur
// (one customer's email on every line of a session, a server's address
// on every request), and the keyed hash is a tenth of a finding's cost.
const hashMemoSize = 1 << 14

// hash is the keyed hash of a normalized value, from the worker's memo
// when the value came up lately.
func (w *worker) hash(typeID string, norm []byte) patterns.Hash {
	w.hashBuf = append(append(append(w.hashBuf[:0], typeID...), 0), norm...)
	if h, ok := w.hashes[string(w.hashBuf)]; ok {
		return h
	}
	if len(w.hashes) >= hashMemoSize {
		clear(w.hashes)
	}
	h := w.s.cat.Hasher().Sum(typeID, norm)
	w.hashes[string(w.hashBuf)] = h
	return h
}

func (w *worker) finding(path string, hay []byte, base, line int64, r *patterns.Result) *Finding {
	return w.findingOf(path, hay[r.Start:r.End], base+int64(r.Start), base+int64(r.End), line, r)
}

// findingOf is the finding of value v, which spans [start,end) of the
// file (v is what those bytes read as).
func (w *worker) findingOf(path string, v []byte, start, end, line int64, r *patterns.Result) *Finding {
	f := &Finding{
		Path:       path,
		Type:       r.Type.ID,
		Category:   r.Type.Category,
		Start:      start,
		End:        end,
		Line:       line,
		Confidence: math.Round(r.Confidence*100) / 100,
		Hash:       w.hash(r.Type.ID, r.Norm),
		Masked:     w.s.cat.Mask(r.Type, v),
	}
	if w.s.opts.Reveal {
		f.Value = string(v)
	}
	w.noteFinding(f, r.Type, v, w.sc.Hint())
	w.markIgnored(f)
	return f
}

// markIgnored marks a finding any reading of which is on the ignore list
// (called again when a phone's region is resolved).
func (w *worker) markIgnored(f *Finding) {
	f.Ignored = w.s.cat.Ignored(f.Hash)
	for _, h := range f.AltHashes {
		f.Ignored = f.Ignored || w.s.cat.Ignored(h)
	}
}

// trimBlank narrows [s,e) of b to leave out blanks at either end.
func trimBlank(b []byte, s, e int) (int, int) {
	for s < e && (b[s] == ' ' || b[s] == '\t') {
		s++
	}
	for e > s && (b[e-1] == ' ' || b[e-1] == '\t') {
		e--
	}
	return s, e
}
