package patterns

import (
	"bytes"
	"unicode/utf8"
)

// Scratch is one worker's reusable state for Evaluate; not safe for
// concurrent use.
type Scratch struct {
	env  Env
	buf  [64]byte
	norm []byte
	wbuf [64]byte
	hits []hit
	neg  int // distance of the nearest negative word, or noWord

	// The words of the line the last match stood on, read once for all
	// the matches of that line (a CSV row holds several).
	line      struct{ start, end int }
	lineWords []lineWord
	lineValid bool
	hint      string
	cands     []Result

	// The record field the next matches stand in (see InField).
	field struct {
		on         bool
		class      int32
		start, end int
	}
}

// InField tells the scratch that the next matches stand in the value
// hay[start:end] of a record field whose name has class (Catalog.Class):
// only words inside the value count as context, and the field's name
// counts most. end < 0 means the value runs past hay.
func (s *Scratch) InField(class int32, start, end int) {
	s.field.on, s.field.class, s.field.start, s.field.end = true, class, start, end
}

// NoField tells the scratch that the next matches stand in plain text.
func (s *Scratch) NoField() { s.field.on = false }

// readFieldContext collects the context words of a match inside a record
// field: only those of the field's own value count (in a CSV row the next
// column's words speak of the next column), and its name counts most.
func (c *Catalog) readFieldContext(hay []byte, start, end int, s *Scratch) {
	s.hits = s.hits[:0]
	s.neg = noWord
	s.hint = ""
	fs, fe := max(0, s.field.start), s.field.end
	if fe < 0 || fe > len(hay) {
		fe = len(hay)
	}
	// Windows never cut a word: "mobile" cut to "mob" is another word.
	ws := max(fs, start-ContextBefore)
	for ws > fs && ws < start && wordByte(hay[ws-1]) && wordByte(hay[ws]) {
		ws++
	}
	ae := min(fe, end+ContextAfter)
	for ae < fe && ae > end && wordByte(hay[ae-1]) && wordByte(hay[ae]) {
		ae--
	}
	if ws < start {
		c.scanWords(hay[ws:start], 0, s, true, true)
	}
	if end < ae {
		c.scanWords(hay[end:ae], 0, s, false, false)
	}
}

// NewScratch returns scratch space for one worker.
func (c *Catalog) NewScratch() *Scratch {
	s := &Scratch{norm: make([]byte, 0, 256)}
	s.env.Regions = c.Regions
	s.env.cat, s.env.sc = c, s
	return s
}

// Result is an accepted candidate.
type Result struct {
	Type       *Type
	Start, End int // in the haystack given to Evaluate
	Confidence float64
	// Norm is the normalized value (what is hashed). It belongs to the
	// Scratch and is valid until its next use.
	Norm []byte
}

// Evaluate decides what the match hay[start:end], found by capture group
// group of Pattern, is: each type its detector proposes checks it, context
// words around it raise or lower the confidence, and the most confident
// type wins. ok is false when no type accepts it or the value is allowed.
func (c *Catalog) Evaluate(hay []byte, start, end, group int, s *Scratch) (r Result, ok bool) {
	if group <= 0 || group >= len(c.groupTypes) {
		return r, false
	}
	ids := c.groupTypes[group]
	if len(ids) == 0 {
		return r, false
	}
	if s.field.on {
		c.readFieldContext(hay, start, end, s)
	} else {
		c.readContext(hay, start, end, s)
	}
	s.env.Buf = s.buf[:0]
	s.env.Before = hay[max(0, start-24):start] // room for "firmware ", "AssemblyVersion(\""
	s.env.After = hay[end:min(len(hay), end+8)]
	s.env.Hint = s.hint
	v := hay[start:end]
	best := -1.0
	for _, i := range ids {
		t := c.all[i]
		sp, score := Span{0, len(v)}, t.Base
		if t.Check != nil {
			var okc bool
			if sp, score, okc = t.Check(v, &s.env); !okc {
				continue
			}
		}
		base := score
		pos, far := s.nearest(i, t.LabelBefore)
		// The nearer word wins: "Steuer-ID 907…" keeps its boost on a line
		// that also speaks of a Bestellung; "Reference 163 425 4393" after
		// "call us" loses it. A negative word right before a generic
		// keyword qualifies it: "Tracking-Nummer" names the negative.
		if t.Numeric && s.neg <= negativeReach && (s.neg < pos || s.neg <= far+1) {
			score -= negativePenalty
		} else if pos <= nearKeyword {
			score += keywordBoost
		} else if pos != noWord {
			score += keywordBoost / 2
		}
		if s.field.on {
			// The field's name is the strongest context: it lowers what
			// it lowers whatever the words, and raises at least as much.
			if fs, ok := c.fieldScore(s.field.class, i, t.Numeric, base); ok {
				if fs < base {
					score = fs
				} else {
					score = max(score, fs)
				}
			}
		}
		score = min(score, maxConfidence)
		if score > best {
			best = score
			r = Result{Type: t, Start: start + sp.Start, End: start + sp.End, Confidence: score}
		}
	}
	if r.Type == nil || r.Start >= r.End || !c.reported[c.byID[r.Type.ID]] {
		return Result{}, false
	}
	if r.Confidence < 0 {
		r.Confidence = 0
	}
	s.norm = c.normalize(s.norm[:0], r.Type, hay[r.Start:r.End], s)
	if c.allow.allowed(hay[r.Start:r.End], s.norm) {
		return Result{}, false
	}
	r.Norm = s.norm
	return r, true
}

func (c *Catalog) normalize(dst []byte, t *Type, v []byte, s *Scratch) []byte {
	s.env.Buf = s.buf[:0]
	if t.Normalize == nil {
		return append(dst, v...)
	}
	return t.Normalize(dst, v, &s.env)
}

// Normalize returns the hashed form of value v of type t, as the scanner
// computes it (for looking up a subject's identifiers).
func (c *Catalog) Normalize(t *Type, v string) string {
	s := c.NewScratch()
	return string(c.normalize(nil, t, []byte(v), s))
}

// Mask returns the masked preview of value v of type t.
func (c *Catalog) Mask(t *Type, v []byte) string {
	if t.Mask == nil {
		return maskRunes(v, 0, 2)
	}
	return t.Mask(v)
}

// hit is a context word that raises type typ, dist bytes from the match
// (before it, or after it).
type hit struct {
	typ, dist int
	generic   int // a generic keyword's length (see word.generic), else 0
	after     bool
}

const (
	noWord = 1 << 30
	// negativeReach is how near a negative word must stand to count: it
	// names the number right next to it ("order 12345"), not the line.
	negativeReach = 24
	// nearKeyword is how near a keyword must stand for its full weight.
	nearKeyword = 32
)

// nearest returns the distance of the nearest word raising typ, and, when
// it is a generic keyword before the match, the distance of its far edge
// (else -2).
func (s *Scratch) nearest(typ int, beforeOnly bool) (d, far int) {
	d, far = noWord, -2
	for _, h := range s.hits {
		if h.typ == typ && h.dist < d && !(beforeOnly && h.after) {
			d, far = h.dist, -2
			if !h.after && h.generic > 0 {
				far = h.dist + h.generic
			}
		}
	}
	return d, far
}

// lineWord is a word of the cached line and what it means as context.
type lineWord struct {
	start, end int
	ids        []int // types it raises (the catalog's slice, not a copy)
	neg        bool
	hint       string
	generic    bool
}

// maxCachedLine bounds the lines whose words are cached; longer ones (a
// minified JSON file) are read around each match instead.
const maxCachedLine = 4096

// NewText tells the scratch that the next matches come from other bytes:
// the cached line no longer holds. The scanner calls it for every chunk.
func (s *Scratch) NewText() { s.lineValid = false }

// readContext is readContextSlow with the words of each line read once.
func (c *Catalog) readContext(hay []byte, start, end int, s *Scratch) {
	if !s.lineValid || start < s.line.start || end > s.line.end {
		ls := bytes.LastIndexByte(hay[max(0, start-maxCachedLine):start], '\n')
		if ls < 0 && start > maxCachedLine {
			c.readContextSlow(hay, start, end, s)
			return
		}
		ls += max(0, start-maxCachedLine) + 1
		le := bytes.IndexByte(hay[end:min(len(hay), end+maxCachedLine)], '\n')
		if le < 0 {
			if end+maxCachedLine < len(hay) {
				c.readContextSlow(hay, start, end, s)
				return
			}
			le = len(hay)
		} else {
			le += end
		}
		s.line.start, s.line.end = ls, le
		s.lineWords = s.lineWords[:0]
		forEachWordAt(hay[ls:le], func(w []byte, at int) {
			if len(w) < 2 || len(w) > len(s.wbuf) {
				return
			}
			lw := lowerWord(s.wbuf[:0], w)
			if x, ok := c.words[string(lw)]; ok {
				s.lineWords = append(s.lineWords, lineWord{ls + at, ls + at + len(w), x.ids, x.neg, x.hint, x.generic})
			}
		})
		s.lineValid = true
	}
	// What opens its line may take its label from the line above.
	if len(bytes.Trim(hay[s.line.start:start], " \t\r\"'")) == 0 {
		c.readContextSlow(hay, start, end, s)
		return
	}
	s.hits = s.hits[:0]
	s.neg = noWord
	s.hint = ""
	for i := range s.lineWords {
		w := &s.lineWords[i]
		var dist int
		switch {
		case w.end <= start && w.start >= start-ContextBefore:
			dist = start - w.end
			if w.neg && dist < s.neg {
				s.neg = dist
			}
		case w.start >= end && w.end <= end+ContextAfter:
			dist = w.start - end
		default:
			continue
		}
		after := w.start >= end
		gen := 0
		if w.generic {
			gen = w.end - w.start
		}
		for _, id := range w.ids {
			s.hits = append(s.hits, hit{id, dist, gen, after})
		}
		if w.hint != "" && s.hint == "" {
			s.hint = w.hint
		}
	}
}

// wordByte is a byte of a context word (see forEachWordAt).
func wordByte(c byte) bool { return c >= utf8.RuneSelf || (c|0x20 >= 'a' && c|0x20 <= 'z') }

// readContextSlow collects the context words around a match: the types they
// raise and how near, the nearest negative word, and a phone region hint.
// Words count on the match's own line; the line above counts too (positive
// words only) when it ends with a colon and the match opens its line, as in
// "Phone:\n+33 …".
func (c *Catalog) readContextSlow(hay []byte, start, end int, s *Scratch) {
	s.hits = s.hits[:0]
	s.neg = noWord
	s.hint = ""
	// Windows never cut a word: "mobile" cut to "mob" is another word.
	ws := max(0, start-ContextBefore)
	for ws > 0 && ws < start && wordByte(hay[ws-1]) && wordByte(hay[ws]) {
		ws++
	}
	ae := min(len(hay), end+ContextAfter)
	for ae < len(hay) && ae > end && wordByte(hay[ae-1]) && wordByte(hay[ae]) {
		ae--
	}
	before := hay[ws:start]
	if i := bytes.LastIndexByte(before, '\n'); i >= 0 {
		line := before[i+1:]
		if len(bytes.Trim(line, " \t\r\"'")) == 0 {
			above := bytes.TrimRight(before[:i], " \t\r")
			if len(above) > 0 && above[len(above)-1] == ':' {
				gap := len(before) - len(above) // bytes between the two
				if j := bytes.LastIndexByte(above, '\n'); j >= 0 {
					above = above[j+1:]
				}
				c.scanWords(above, gap, s, false, true)
			}
		}
		before = line
	}
	after := hay[end:ae]
	if i := bytes.IndexByte(after, '\n'); i >= 0 {
		after = after[:i]
	}
	c.scanWords(before, 0, s, true, true)
	// Negative words name the number after them ("order 12345"), so only
	// those before the match count.
	c.scanWords(after, 0, s, false, false)
}

// scanWords reads the words of b. With isBefore, b ends at the match (plus
// extra bytes further away); otherwise b starts right after it.
func (c *Catalog) scanWords(b []byte, extra int, s *Scratch, negative, isBefore bool) {
	forEachWordAt(b, func(w []byte, at int) {
		if len(w) < 2 || len(w) > len(s.wbuf) {
			return
		}
		dist := at
		if isBefore {
			dist = len(b) - (at + len(w)) + extra
		}
		x, ok := c.words[string(lowerWord(s.wbuf[:0], w))]
		if !ok {
			return
		}
		gen := 0
		if x.generic {
			gen = len(w)
		}
		for _, i := range x.ids {
			s.hits = append(s.hits, hit{i, dist, gen, !isBefore})
		}
		if negative && dist < s.neg && x.neg {
			s.neg = dist
		}
		if x.hint != "" && s.hint == "" {
			s.hint = x.hint
		}
	})
}
