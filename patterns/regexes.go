package patterns

import (
	"github.com/piid/piid/rure"
)

// Regexes is the catalog compiled for one goroutine: one regex per pass.
// Detectors led by context words (names, addresses) run in a pass of their
// own: two smaller automata beat one whose states multiply (measured: a
// third less time on logs and prose).
type Regexes struct {
	c    *Catalog
	res  []*rure.Regex
	bufs [][]rure.Match
}

// Compile compiles the catalog's detectors. The result is for one goroutine
// at a time: compile one per worker.
func (c *Catalog) Compile() (*Regexes, error) {
	r := &Regexes{c: c}
	for _, pats := range c.passes {
		re, err := rure.CompileMulti(pats, rure.Options{DFASizeLimit: dfaSizeLimit})
		if err != nil {
			r.Close()
			return nil, err
		}
		r.res = append(r.res, re)
		r.bufs = append(r.bufs, make([]rure.Match, 0, 1024))
	}
	return r, nil
}

// dfaSizeLimit bounds each regex's lazy DFA cache. The crate's default
// (2 MiB) is too small for the catalog: the cache thrashes and the engine
// falls back to its slow NFA (measured 1 MB/s on prose instead of 150).
const dfaSizeLimit = 64 << 20

// Passes is the number of regexes; the from slice of FindAll has one
// position per pass.
func (r *Regexes) Passes() int { return len(r.res) }

// Close frees the regexes.
func (r *Regexes) Close() {
	for _, re := range r.res {
		re.Close()
	}
}

// FindAll appends to dst[:0] the matches of every pass in hay that start at
// or after from[p] and before limit, merged in start order, each with Group
// set to its detector (for Evaluate). from[p] is moved past the last match
// taken from pass p.
func (r *Regexes) FindAll(hay []byte, from []int, limit int, dst []rure.Match) ([]rure.Match, error) {
	dst = dst[:0]
	for p, re := range r.res {
		mark := len(dst)
		base := r.c.passBase[p]
	search:
		for pos := from[p]; pos <= len(hay); {
			ms, next, err := re.FindAll(hay, pos, true, r.bufs[p])
			if err != nil {
				return dst, err
			}
			for _, m := range ms {
				if m.Start >= limit {
					break search
				}
				from[p] = m.End
				if m.Group > 0 {
					m.Group += base
				}
				dst = append(dst, m)
			}
			if len(ms) < cap(r.bufs[p]) {
				break
			}
			pos = next
		}
		if mark > 0 {
			dst = mergeByStart(dst, mark)
		}
	}
	return dst, nil
}

// mergeByStart merges the sorted runs dst[:mid] and dst[mid:] in place
// (stable: earlier passes first on equal starts).
func mergeByStart(dst []rure.Match, mid int) []rure.Match {
	if mid == len(dst) || dst[mid-1].Start <= dst[mid].Start {
		return dst
	}
	left := append([]rure.Match(nil), dst[:mid]...)
	right := dst[mid:]
	i, j, k := 0, 0, 0
	for i < len(left) && j < len(right) {
		if right[j].Start < left[i].Start {
			dst[k] = right[j]
			j++
		} else {
			dst[k] = left[i]
			i++
		}
		k++
	}
	for i < len(left) {
		dst[k] = left[i]
		i++
		k++
	}
	return dst
}
