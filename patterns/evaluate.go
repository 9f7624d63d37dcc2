package patterns

import "bytes"

// Scratch is one worker's reusable state for Evaluate; not safe for
// concurrent use.
type Scratch struct {
	env   Env
	buf   [64]byte
	norm  []byte
	wbuf  [64]byte
	hits  []int
	neg   bool
	hint  string
	cands []Result
}

// NewScratch returns scratch space for one worker.
func (c *Catalog) NewScratch() *Scratch {
	s := &Scratch{norm: make([]byte, 0, 256)}
	s.env.Regions = c.Regions
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
	c.readContext(hay, start, end, s)
	s.env.Buf = s.buf[:0]
	s.env.Before = hay[max(0, start-8):start]
	s.env.After = hay[end:min(len(hay), end+8)]
	s.env.Hint = s.hint
	v := hay[start:end]
	best := -1.0
	for _, i := range ids {
		t := c.Types[i]
		sp, score := Span{0, len(v)}, t.Base
		if t.Check != nil {
			var okc bool
			if sp, score, okc = t.Check(v, &s.env); !okc {
				continue
			}
		}
		if containsInt(s.hits, i) {
			score += keywordBoost
		}
		if s.neg && t.Numeric {
			score -= negativePenalty
		}
		score = min(score, maxConfidence)
		if score > best {
			best = score
			r = Result{Type: t, Start: start + sp.Start, End: start + sp.End, Confidence: score}
		}
	}
	if r.Type == nil || r.Start >= r.End {
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

// readContext collects the context words around a match: the types they
// raise, whether a negative word is near, and a phone region hint. Words
// count on the match's own line; the line above counts too (for positive
// words only) when the match opens its line, as in "Phone:\n+33 …".
func (c *Catalog) readContext(hay []byte, start, end int, s *Scratch) {
	s.hits = s.hits[:0]
	s.neg = false
	s.hint = ""
	before := hay[max(0, start-ContextBefore):start]
	if i := bytes.LastIndexByte(before, '\n'); i >= 0 {
		line := before[i+1:]
		if len(bytes.Trim(line, " \t\r\"'")) == 0 {
			above := before[:i]
			if j := bytes.LastIndexByte(above, '\n'); j >= 0 {
				above = above[j+1:]
			}
			c.scanWords(above, s, false)
		}
		before = line
	}
	after := hay[end:min(len(hay), end+ContextAfter)]
	if i := bytes.IndexByte(after, '\n'); i >= 0 {
		after = after[:i]
	}
	c.scanWords(before, s, true)
	c.scanWords(after, s, true)
}

func (c *Catalog) scanWords(b []byte, s *Scratch, negative bool) {
	forEachWord(b, func(w []byte) {
		if len(w) < 2 || len(w) > len(s.wbuf) {
			return
		}
		lw := lowerWord(s.wbuf[:0], w)
		if ids, ok := c.keywords[string(lw)]; ok {
			for _, i := range ids {
				if !containsInt(s.hits, i) {
					s.hits = append(s.hits, i)
				}
			}
		}
		if negative && negativeWords[string(lw)] {
			s.neg = true
		}
		if h := phoneHints[string(lw)]; h != "" && s.hint == "" {
			s.hint = h
		}
	})
}
