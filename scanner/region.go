package scanner

import (
	"cmp"
	"path/filepath"
	"slices"
	"strings"

	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner/glob"
	"github.com/piid/piid/scanner/records"
)

// The region of a phone number written without its country code comes
// from evidence (patterns.ResolvePhone), and the record's evidence may
// stand after the number (a country column to its right). So the worker
// holds the national-format numbers of the current record, with what the
// record says of its country, and resolves and emits them when the next
// record, plain text or the end of the file begins.

// While a record holds a number, its later findings wait too, and all go
// out in offset order at the record's end: the index keeps its order only
// across batches whose findings follow the previous batch's.
//
// A record is a (table, row, array element): a JSON document of many
// customers is one row, and one customer's country says nothing of the
// next one's phone (the DSAR report reads the same unit).

// maxHeld bounds the findings held for one record: past it (a huge JSON
// document) they are resolved with the evidence found so far.
const maxHeld = 4096

// regionBuf is one worker's current record: its evidence and its held
// numbers.
type regionBuf struct {
	emit  func(*Finding) // the file's emit, past the buffer
	open  bool
	table string
	row   int
	elem  string // records.ArrayElement of the record's pointer
	ev    patterns.PhoneEvidence
	held  []heldPhone
	vals  []byte // the held numbers' bytes, end to end

	// What findingOf saw of the finding it made last, read when that
	// finding is emitted (right after): the country its value names, and
	// for a national-format number its bytes (still in the scan's buffer;
	// copied to vals when held) and context hint.
	last     *Finding
	lastCC   string
	lastNat  bool
	lastHint string
	lastV    []byte
}

// heldPhone is a finding waiting for its record's end: a national-format
// number (national), or a later finding of the record.
type heldPhone struct {
	f          *Finding
	national   bool
	hint       string
	start, end int // in regionBuf.vals
}

// noteFinding is called by findingOf on each finding it makes, with the
// value it read: it notes what the record's phones need, and marks a
// value whose normalization is a guess.
func (w *worker) noteFinding(f *Finding, t *patterns.Type, v []byte, hint string) {
	b := &w.region
	b.last, b.lastCC, b.lastNat = f, patterns.ValueRegion(t, v), false
	if alt := w.s.cat.OtherReadings(t, v); len(alt) > 0 {
		// A guess (a date day or month first): every reading is kept.
		f.Ambiguous = true
		for _, a := range alt {
			f.AltHashes = append(f.AltHashes, w.hash(f.Type, []byte(a)))
		}
	}
	if patterns.IsPhone(t) {
		if !patterns.NationalPhone(t, v) {
			f.RegionSource = patterns.RegionNumber
			return
		}
		b.lastNat, b.lastHint, b.lastV = true, hint, v
	}
}

// startFile forgets the last file's record, sets the phone regions
// configured for this file's path, and returns the emit that goes through
// the buffer to emit.
func (w *worker) startFile(path string, emit func(*Finding)) func(*Finding) {
	b := &w.region
	b.emit, b.open, b.held, b.vals, b.last = emit, false, b.held[:0], b.vals[:0], nil
	b.ev = patterns.PhoneEvidence{Path: w.s.pathRegions(path, w.root)}
	return w.take
}

// take is the emit of scanStream: a finding of a record goes to the
// record (a national-format number waits for the record's end), any other
// ends the record.
func (w *worker) take(f *Finding) {
	b := &w.region
	cc, national := "", false
	if b.last == f {
		cc, national = b.lastCC, b.lastNat
	}
	b.last = nil
	emit := b.emit
	if f.Record == nil {
		w.endRecord()
		if national {
			w.resolve(f, b.lastV, b.lastHint, &patterns.PhoneEvidence{Path: b.ev.Path})
		}
		emit(f)
		return
	}
	w.enterRecord(f.Record.Table, f.Record.Row, f.Record.Pointer)
	b.ev.AddRecord(cc)
	switch {
	case national:
		s := len(b.vals)
		b.vals = append(b.vals, b.lastV...)
		b.held = append(b.held, heldPhone{f: f, national: true, hint: b.lastHint, start: s, end: len(b.vals)})
	case len(b.held) > 0:
		b.held = append(b.held, heldPhone{f: f})
	default:
		emit(f)
		return
	}
	if len(b.held) >= maxHeld {
		w.emitHeld()
	}
}

// fieldCountry notes the country a record's country field names; pointer
// is the field's JSON pointer ("" outside JSON).
func (w *worker) fieldCountry(table string, row int, pointer, cc string) {
	w.enterRecord(table, row, pointer)
	if w.region.ev.Field == "" {
		w.region.ev.Field = cc
	}
}

// enterRecord makes (table, row, the array element of pointer) the
// current record, ending the previous one.
func (w *worker) enterRecord(table string, row int, pointer string) {
	b := &w.region
	elem := records.ArrayElement(pointer)
	if b.open && b.table == table && b.row == row && b.elem == elem {
		return
	}
	w.endRecord()
	b.open, b.table, b.row, b.elem = true, table, row, elem
}

// endRecord resolves and emits the current record's numbers.
func (w *worker) endRecord() {
	b := &w.region
	if !b.open {
		return
	}
	w.emitHeld()
	b.open = false
	b.ev = patterns.PhoneEvidence{Path: b.ev.Path, Record: b.ev.Record[:0]}
}

// emitHeld resolves the held numbers with the record's evidence so far
// and emits the held findings in offset order.
func (w *worker) emitHeld() {
	b := &w.region
	slices.SortStableFunc(b.held, func(x, y heldPhone) int { return cmp.Compare(x.f.Start, y.f.Start) })
	for _, h := range b.held {
		if h.national {
			w.resolve(h.f, b.vals[h.start:h.end], h.hint, &b.ev)
		}
		b.emit(h.f)
	}
	clear(b.held)
	b.held, b.vals = b.held[:0], b.vals[:0]
}

// resolve reads national-format number v by the evidence: its hash is the
// reading's, or, ambiguous, the first reading's with the others' kept.
func (w *worker) resolve(f *Finding, v []byte, hint string, ev *patterns.PhoneEvidence) {
	src, rs := w.s.cat.ResolvePhone(v, hint, ev)
	if len(rs) == 0 {
		return // read as the check read it
	}
	f.RegionSource = src
	f.Hash = w.hash(f.Type, []byte(rs[0].E164))
	if len(rs) > 1 {
		f.Ambiguous = true
		f.AltHashes = make([]patterns.Hash, 0, len(rs)-1)
		for _, r := range rs[1:] {
			f.AltHashes = append(f.AltHashes, w.hash(f.Type, []byte(r.E164)))
		}
	}
	w.markIgnored(f)
}

// pathRule is a compiled per-path phone_regions entry.
type pathRule struct {
	globs   []*glob.Glob
	regions []string
}

// compilePathRegions compiles the catalog's per-path phone regions (the
// config checked the globs).
func compilePathRegions(prs []patterns.PathRegions) []pathRule {
	var out []pathRule
	for _, pr := range prs {
		r := pathRule{regions: pr.Regions}
		for _, g := range pr.Paths {
			if c, err := glob.Compile(g); err == nil {
				r.globs = append(r.globs, c)
			}
		}
		out = append(out, r)
	}
	return out
}

// pathRegions returns the phone regions configured for the file at path,
// found under root (relative globs match the path below it): the regions
// of every rule that matches, in config order.
func (s *Scanner) pathRegions(path, root string) []string {
	if len(s.pathRules) == 0 {
		return nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	rel := filepath.Base(path)
	if root = s.rootOf(abs, root); root != "" {
		if r, err := filepath.Rel(root, abs); err == nil && !strings.HasPrefix(r, "..") {
			rel = r
		}
	}
	abs, rel = filepath.ToSlash(abs), filepath.ToSlash(rel)
	var out []string
	for _, r := range s.pathRules {
		for _, g := range r.globs {
			if g.MatchFile(abs, rel) {
				out = append(out, r.regions...)
				break
			}
		}
	}
	return out
}

// rootOf is the folder a file was found under: the walk's root when the
// scan walked one, else the deepest of Options.Roots that holds it.
func (s *Scanner) rootOf(abs, root string) string {
	if root != "" {
		if a, err := filepath.Abs(root); err == nil {
			return a
		}
		return root
	}
	best := ""
	for _, r := range s.opts.Roots {
		a, err := filepath.Abs(r)
		if err != nil {
			continue
		}
		if strings.HasPrefix(abs, a+string(filepath.Separator)) && len(a) > len(best) {
			best = a
		}
	}
	return best
}
