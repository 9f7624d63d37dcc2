package scanner

import "github.com/piid/piid/scanner/records"

// Values read again. The regex pass reads a file's bytes as they are, so
// it cannot see what an escaped value says (the street in a MySQL dump's
// '{\"street\":\"12 O\'Connor Street\"}' reads "12 O'Connor Street" only
// once unescaped), nor which key of a JSON document held in a value (a
// JSON column, a JSON cell) a value stands under. The locator offers the
// values it passes to the worker's valueSink, which picks those that hold
// an escape sequence or a JSON document (records.Picker); each is
// unescaped and
// scanned again: its matches that cover an escape sequence (the regex pass
// found the others) and the values of its JSON document's detecting keys
// are findings, with the offsets of their bytes in the file.

// valueSink keeps the values worth reading again, while the locator reads
// the hay it is given.
type valueSink struct {
	hay  []byte
	base int64
	vals []records.Value
}

// Value keeps a value the locator passes; those it picked (Picks), and
// from a locator that does not pick, those worth reading again.
func (s *valueSink) Value(v *records.Value) {
	if s.Picks(v) {
		s.vals = append(s.vals, *v)
	}
}

// Picks says whether v is worth reading again (records.Picker).
func (s *valueSink) Picks(v *records.Value) bool {
	switch v.Quoting {
	case records.CSVQuoted, records.CSVBare, records.CSVEscaped, records.JSONString,
		records.SQLString, records.SQLDollar, records.CopyField:
	default:
		return false
	}
	if v.Start < s.base || v.End > s.base+int64(len(s.hay)) || v.End-v.Start > maxReadAgain {
		return false
	}
	raw := s.hay[v.Start-s.base : v.End-s.base]
	return v.Escaped(raw) || records.IsJSONDocument(raw)
}

func (s *valueSink) Record(int64, int64, string) {}
func (s *valueSink) Tuple(int64, int64)          {}
func (s *valueSink) Statement(int64, int64)      {}

// maxReadAgain bounds a value read again, and is the room the buffer
// keeps before its overlap in a structured file, so that such a value is
// whole in the buffer whatever the chunk edges. A longer value (a rare
// JSON column over 64 KiB with an escape) is read as the regex pass reads
// it, raw.
const maxReadAgain = 64 << 10

// seen remembers the last findings the regex pass emitted, so that a value
// read again does not report one of them twice.
type seen struct {
	ring [64]struct {
		start, end int64
		typ        string
	}
	n int
}

func (s *seen) add(f *Finding) {
	r := &s.ring[s.n%len(s.ring)]
	r.start, r.end, r.typ = f.Start, f.End, f.Type
	s.n++
}

func (s *seen) has(start, end int64, typ string) bool {
	for i := range min(s.n, len(s.ring)) {
		if r := &s.ring[i]; r.start == start && r.end == end && r.typ == typ {
			return true
		}
	}
	return false
}

// readAgain scans again the values the sink kept, and emits the findings
// the regex pass could not make.
func (w *worker) readAgain(path string, hay []byte, base int64, at func([]byte, int) int64, emit func(*Finding)) {
	cat := w.s.cat
	for i := range w.again.vals {
		v := &w.again.vals[i]
		s, e := int(v.Start-base), int(v.End-base)
		if s < 0 || e > len(hay) {
			continue
		}
		raw := hay[s:e]
		w.dec, w.decAt = v.UnescapeMap(w.dec[:0], w.decAt[:0], raw)
		dec := w.dec
		inRec := v.Rec.Row > 0
		if v.Escaped(raw) {
			for p := range w.decFrom {
				w.decFrom[p] = 0
			}
			ms, err := w.re.FindAll(dec, w.decFrom, len(dec), w.decMs)
			if err != nil {
				continue
			}
			w.decMs = ms
			w.sc.NewText()
			for _, mt := range ms {
				if inRec {
					w.sc.InField(v.Rec.Class, 0, len(dec))
				} else {
					w.sc.NoField()
				}
				res, ok := cat.Evaluate(dec, mt.Start, mt.End, mt.Group, w.sc)
				if !ok || res.Confidence < w.s.opts.MinConfidence {
					continue
				}
				if inRec && cat.DetectsType(v.Rec.Class, res.Type) {
					continue // the field's value is this finding, whole (fieldValues)
				}
				rs, re := int(w.decAt[res.Start]), int(w.decAt[res.End])
				if re-rs == res.End-res.Start {
					continue // no escape in it: the regex pass found it
				}
				f := w.findingOf(path, dec[res.Start:res.End], base+int64(s+rs), base+int64(s+re), at(hay, s+rs), &res)
				if inRec {
					f.Record = record(&v.Rec)
				}
				w.seen.add(f)
				emit(f)
			}
		}
		if records.IsJSONDocument(dec) {
			w.jsonInValue(path, hay, base, s, v, at, emit)
		}
	}
	w.again.vals = w.again.vals[:0]
	w.sc.NewText() // the regex pass goes on in hay
}

// jsonInValue reads the unescaped value w.dec as a JSON document and emits
// the values of its detecting keys ("street": ...), as fieldValues does
// for a JSON file; the record is the outer value's, with the pointer of
// the key inside the document.
func (w *worker) jsonInValue(path string, hay []byte, base int64, s int, v *records.Value, at func([]byte, int) int64, emit func(*Finding)) {
	dec, cat := w.dec, w.s.cat
	loc := records.New(records.Dialect{Kind: records.JSON}, path, dec, cat, nil)
	w.decVals = w.decVals[:0]
	loc.Advance(dec, 0, int64(len(dec)), true, &w.decVals)
	for i := range w.decVals {
		jv := &w.decVals[i]
		a, b := int(jv.Start), int(jv.End)
		w.unesc = jv.Esc.Unescape(w.unesc[:0], dec[a:b])
		if cc, ok := cat.FieldCountry(jv.Class, w.unesc); ok && v.Rec.Row > 0 {
			w.fieldCountry(v.Rec.Table, int(v.Rec.Row), v.Rec.Pointer+jv.Pointer, cc) // a "country" key in a profile column
			continue
		}
		res, ok := cat.EvaluateField(w.unesc, 0, len(w.unesc), jv.Class, w.sc)
		if !ok || res.Confidence < w.s.opts.MinConfidence {
			continue
		}
		// The finding spans the value's bytes in the file (an escape of
		// the document's, or of the outer value's, may sit at either end).
		start, end := base+int64(s+int(w.decAt[a])), base+int64(s+int(w.decAt[b]))
		if w.seen.has(start, end, res.Type.ID) {
			continue
		}
		f := w.findingOf(path, w.unesc[res.Start:res.End], start, end, at(hay, s+int(w.decAt[a])), &res)
		r := v.Rec
		r.Pointer += jv.Pointer
		f.Record = record(&r)
		emit(f)
	}
}
