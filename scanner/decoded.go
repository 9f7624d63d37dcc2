package scanner

import "github.com/piid/piid/scanner/records"

// Escaped values. The regex pass reads a file's bytes as they are, so it
// cannot see what an escaped value says: the street in a MySQL dump's
// '{\"street\":\"12 O\'Connor Street\"}' reads "12 O'Connor Street" only
// once unescaped. The locator reports every value it passes to the
// worker's escapedSink; those whose bytes hold an escape sequence are
// unescaped and scanned again, and a match that covers an escape sequence
// (the others the regex pass found already) is a finding whose offsets are
// those of its bytes in the file.

// escapedSink keeps the values that hold escape sequences, while the
// locator reads the hay it is given.
type escapedSink struct {
	hay  []byte
	base int64
	vals []records.Value
}

func (s *escapedSink) Value(v *records.Value) {
	if v.Start < s.base || v.End > s.base+int64(len(s.hay)) || v.End-v.Start > maxEscapedValue {
		return
	}
	if v.Escaped(s.hay[v.Start-s.base : v.End-s.base]) {
		s.vals = append(s.vals, *v)
	}
}

func (s *escapedSink) Record(int64, int64, string) {}
func (s *escapedSink) Tuple(int64, int64)          {}
func (s *escapedSink) Statement(int64, int64)      {}

// maxEscapedValue bounds a value scanned again unescaped: as long as the
// room kept before the buffer's overlap, so such a value is whole in it.
const maxEscapedValue = maxFieldValue

// escapedValues scans again, unescaped, the values the sink kept, and
// emits the findings that cover an escape sequence.
func (w *worker) escapedValues(path string, hay []byte, base int64, at func([]byte, int) int64, emit func(*Finding)) {
	cat := w.s.cat
	for i := range w.esc.vals {
		v := &w.esc.vals[i]
		s, e := int(v.Start-base), int(v.End-base)
		if s < 0 || e > len(hay) {
			continue
		}
		raw := hay[s:e]
		w.dec, w.decAt = v.UnescapeMap(w.dec[:0], w.decAt[:0], raw)
		dec := w.dec
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
			if v.Rec.Row > 0 {
				w.sc.InField(v.Rec.Class, 0, len(dec))
			} else {
				w.sc.NoField()
			}
			res, ok := cat.Evaluate(dec, mt.Start, mt.End, mt.Group, w.sc)
			if !ok || res.Confidence < w.s.opts.MinConfidence {
				continue
			}
			if v.Rec.Row > 0 && cat.DetectsType(v.Rec.Class, res.Type) {
				continue // the field's value is this finding, whole (fieldValues)
			}
			rs, re := int(w.decAt[res.Start]), int(w.decAt[res.End])
			if re-rs == res.End-res.Start {
				continue // no escape in it: the regex pass found it
			}
			f := w.findingOf(path, dec[res.Start:res.End], base+int64(s+rs), base+int64(s+re), at(hay, s+rs), &res)
			if v.Rec.Row > 0 {
				f.Record = record(&v.Rec)
			}
			emit(f)
		}
		if isJSONText(dec) {
			w.jsonInValue(path, hay, base, s, v, at, emit)
		}
	}
	w.esc.vals = w.esc.vals[:0]
	w.sc.NewText() // the regex pass goes on in hay
}

// jsonInValue reads the unescaped value w.dec as a JSON document (a JSON
// column of a SQL dump, a JSON cell of a CSV file) and emits the values of
// its detecting keys ("street": ...) that cover an escape sequence of the
// outer value, as fieldValues does for a JSON file.
func (w *worker) jsonInValue(path string, hay []byte, base int64, s int, v *records.Value, at func([]byte, int) int64, emit func(*Finding)) {
	dec, cat := w.dec, w.s.cat
	loc := records.New(records.Dialect{Kind: records.JSON}, path, dec, cat, nil)
	w.decVals = w.decVals[:0]
	loc.Advance(dec, 0, int64(len(dec)), true, &w.decVals)
	for i := range w.decVals {
		jv := &w.decVals[i]
		a, b := int(jv.Start), int(jv.End)
		rs, re := int(w.decAt[a]), int(w.decAt[b])
		if b-a > maxFieldValue || re-rs == b-a && !jv.Esc.Escaped(dec[a:b]) {
			continue // no escape in it: the regex pass saw it as it is
		}
		w.unesc = jv.Esc.Unescape(w.unesc[:0], dec[a:b])
		res, ok := cat.EvaluateField(w.unesc, 0, len(w.unesc), jv.Class, w.sc)
		if !ok || res.Confidence < w.s.opts.MinConfidence {
			continue
		}
		f := w.findingOf(path, w.unesc[res.Start:res.End], base+int64(s+rs), base+int64(s+re), at(hay, s+rs), &res)
		r := v.Rec
		r.Pointer = jv.Pointer
		f.Record = record(&r)
		emit(f)
	}
}

// isJSONText says whether b opens as a JSON object or array.
func isJSONText(b []byte) bool {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '{', '[':
			return true
		}
		return false
	}
	return false
}
