package bench

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Counts are the outcomes of one profile, type or whole corpus.
type Counts struct{ TP, FP, FN int }

// Precision is TP/(TP+FP), 1 when nothing was reported.
func (c Counts) Precision() float64 {
	if c.TP+c.FP == 0 {
		return 1
	}
	return float64(c.TP) / float64(c.TP+c.FP)
}

// Recall is TP/(TP+FN), 1 when nothing was planted.
func (c Counts) Recall() float64 {
	if c.TP+c.FN == 0 {
		return 1
	}
	return float64(c.TP) / float64(c.TP+c.FN)
}

// F1 is the harmonic mean of precision and recall.
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func (c *Counts) add(o Counts) { c.TP += o.TP; c.FP += o.FP; c.FN += o.FN }

// Reported is the part of a finding the scorer reads (a line of
// `piid scan --format jsonl`).
type Reported struct {
	Path  string `json:"path"`
	Type  string `json:"type"`
	Start int64  `json:"start"`
	End   int64  `json:"end"`
}

// Scores are the counts per profile and per (profile, type).
type Scores struct {
	Profiles map[string]*Counts
	Types    map[string]map[string]*Counts // profile -> type -> counts
}

// Score matches findings against the ground truth. A finding is a true
// positive when a planted value of the same file and type overlaps it and
// no other finding took that value (of several, the one starting first);
// the rest are false positives, and the values no finding took are false
// negatives. Paths of findings are made
// relative to root (the corpus folder) when they lie under it; the first
// component of a relative path is its profile.
func Score(truth []Truth, found []Reported, root string) Scores {
	type key struct{ path, typ string }
	// The values of one file and type, by start, with the longest one's
	// length: a finding's candidates are then found by binary search (a
	// dense export has a hundred thousand values of a type per file).
	type values struct {
		idx    []int
		maxLen int64
	}
	planted := map[key]*values{}
	for i, t := range truth {
		k := key{t.Path, t.Type}
		v := planted[k]
		if v == nil {
			v = &values{}
			planted[k] = v
		}
		v.idx = append(v.idx, i)
		v.maxLen = max(v.maxLen, t.End-t.Start)
	}
	for _, v := range planted {
		sort.SliceStable(v.idx, func(a, b int) bool { return truth[v.idx[a]].Start < truth[v.idx[b]].Start })
	}
	taken := make([]bool, len(truth))
	sc := Scores{Profiles: map[string]*Counts{}, Types: map[string]map[string]*Counts{}}
	counts := func(path, typ string) *Counts {
		prof := path
		if i := strings.IndexByte(path, '/'); i >= 0 {
			prof = path[:i]
		}
		if sc.Types[prof] == nil {
			sc.Types[prof] = map[string]*Counts{}
		}
		if sc.Types[prof][typ] == nil {
			sc.Types[prof][typ] = &Counts{}
		}
		return sc.Types[prof][typ]
	}
	absRoot, _ := filepath.Abs(root)
	for _, f := range found {
		p := f.Path
		if abs, err := filepath.Abs(p); err == nil {
			if rel, err := filepath.Rel(absRoot, abs); err == nil && !strings.HasPrefix(rel, "..") {
				p = filepath.ToSlash(rel)
			}
		}
		hit := false
		if v := planted[key{p, f.Type}]; v != nil {
			// No value starting before f.Start-maxLen reaches f.
			from := sort.Search(len(v.idx), func(j int) bool { return truth[v.idx[j]].Start > f.Start-v.maxLen })
			for _, i := range v.idx[from:] {
				t := truth[i]
				if t.Start >= f.End {
					break
				}
				if !taken[i] && f.Start < t.End {
					taken[i], hit = true, true
					break
				}
			}
		}
		if hit {
			counts(p, f.Type).TP++
		} else {
			counts(p, f.Type).FP++
		}
	}
	for i, t := range truth {
		if !taken[i] {
			counts(t.Path, t.Type).FN++
		}
	}
	for prof, types := range sc.Types {
		total := &Counts{}
		for _, c := range types {
			total.add(*c)
		}
		sc.Profiles[prof] = total
	}
	return sc
}

// Ensure lists profile p even when nothing was planted or found in it (a
// clean adversarial profile scores 0 false positives, not nothing).
func (s Scores) Ensure(p string) {
	if s.Profiles[p] == nil {
		s.Profiles[p] = &Counts{}
	}
}

// ReadReported reads findings as `piid scan --format jsonl` writes them.
func ReadReported(r io.Reader) ([]Reported, error) {
	var out []Reported
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var f Reported
		if err := json.Unmarshal(sc.Bytes(), &f); err != nil {
			return nil, fmt.Errorf("findings line %d: %w", n, err)
		}
		out = append(out, f)
	}
	return out, sc.Err()
}

// WriteTable writes the scores as Markdown: a line per profile, then per
// type within each profile. bytes, when known, gives false positives per
// 10 MB of each profile.
func (s Scores) WriteTable(w io.Writer, bytes map[string]int64) {
	profs := make([]string, 0, len(s.Profiles))
	for p := range s.Profiles {
		profs = append(profs, p)
	}
	sort.Strings(profs)
	fmt.Fprintln(w, "| profile | type | precision | recall | F1 | TP | FP | FN | FP per 10 MB |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|---:|")
	row := func(p, t string, c Counts) {
		per := "–"
		if n := bytes[p]; n > 0 {
			per = fmt.Sprintf("%.2f", float64(c.FP)/(float64(n)/10e6))
		}
		fmt.Fprintf(w, "| %s | %s | %.3f | %.3f | %.3f | %d | %d | %d | %s |\n", p, t, c.Precision(), c.Recall(), c.F1(), c.TP, c.FP, c.FN, per)
	}
	for _, p := range profs {
		row(p, "**all**", *s.Profiles[p])
	}
	for _, p := range profs {
		types := make([]string, 0, len(s.Types[p]))
		for t := range s.Types[p] {
			types = append(types, t)
		}
		sort.Strings(types)
		for _, t := range types {
			row(p, t, *s.Types[p][t])
		}
	}
}

// ProfileBytes sums the size of each profile's files under root.
func ProfileBytes(root string) map[string]int64 {
	out := map[string]int64{}
	for _, p := range Profiles() {
		filepath.WalkDir(filepath.Join(root, p), func(path string, d os.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				if fi, err := d.Info(); err == nil {
					out[p] += fi.Size()
				}
			}
			return nil
		})
	}
	return out
}
