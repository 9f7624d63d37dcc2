package erasure

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/piid/piid/dsar"
	"github.com/piid/piid/dsar/internal/atomicfile"
	"github.com/piid/piid/index"
	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
)

const tombstoneFile = "tombstones.json"

// tombstones are the keyed hashes of erased identifiers and the erasure
// that erased each: no raw value.
type tombstones struct {
	dir string
	mu  sync.RWMutex
	by  map[patterns.Hash]tombstone // stored as a JSON object keyed by hex
}

type tombstone struct {
	Type    string `json:"type"`
	Masked  string `json:"masked"`
	Erasure string `json:"erasure"`
}

func openTombstones(dir string) (*tombstones, error) {
	t := &tombstones{dir: dir, by: map[patterns.Hash]tombstone{}}
	b, err := os.ReadFile(filepath.Join(dir, tombstoneFile))
	if errors.Is(err, os.ErrNotExist) {
		return t, nil
	}
	if err != nil {
		return nil, fmt.Errorf("erasure: %w", err)
	}
	if err := json.Unmarshal(b, &t.by); err != nil {
		return nil, fmt.Errorf("erasure: %s is damaged: %v", tombstoneFile, err)
	}
	return t, nil
}

func (t *tombstones) add(erasure string, keys []dsar.Key) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	next := make(map[patterns.Hash]tombstone, len(t.by)+len(keys))
	for k, v := range t.by {
		next[k] = v
	}
	for _, k := range keys {
		next[k.Hash] = tombstone{Type: k.Type, Masked: k.Masked, Erasure: erasure}
	}
	b, err := json.Marshal(next)
	if err != nil {
		return err
	}
	if err := atomicfile.Write(t.dir, tombstoneFile, b); err != nil {
		return err
	}
	t.by = next
	return nil
}

func (t *tombstones) lookup(hash patterns.Hash) (tombstone, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	ts, ok := t.by[hash]
	return ts, ok
}

func (t *tombstones) empty() bool {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return len(t.by) == 0
}

type metrics struct {
	hits prometheus.Counter
}

// RegisterMetrics registers piid_tombstone_hits_total and the erasure
// status gauges.
func (s *Service) RegisterMetrics(reg prometheus.Registerer) error {
	s.m = &metrics{hits: prometheus.NewCounter(prometheus.CounterOpts{
		Name: "piid_tombstone_hits_total", Help: "Erased values found again by the indexer (a restore, a new export).",
	})}
	if err := reg.Register(s.m.hits); err != nil {
		return err
	}
	for _, st := range []Status{PendingReview, Approved, Applying, Failed} {
		g := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "piid_erasures", Help: "Erasures by status.", ConstLabels: prometheus.Labels{"status": string(st)},
		}, func() float64 { return float64(s.count(st)) })
		if err := reg.Register(g); err != nil {
			return err
		}
	}
	return nil
}

// Observe is the indexer's hook: it is given each batch of findings a
// file's indexing writes, and notes those whose hash is a tombstone. It
// must be quick: a map lookup per finding.
func (s *Service) Observe(path string, fs []scanner.Finding) {
	if s.tomb.empty() {
		return
	}
	for _, f := range fs {
		if f.Ambiguous {
			continue // one reading of a guess: maybe another person's value, not the erased one back
		}
		ts, ok := s.tomb.lookup(f.Hash)
		if !ok {
			continue
		}
		s.hitMu.Lock()
		key := hitKey{f.Hash, path}
		if !s.hits[key] {
			s.hits[key] = true
			s.pending[path] = append(s.pending[path], hit{f: f, ts: ts})
		}
		s.hitMu.Unlock()
	}
}

// Indexed is told when a file's indexing ends (committed or not): the
// tombstone hits noted in it are flagged once the index holds them, so a
// new plan finds them.
func (s *Service) Indexed(path string, committed bool) {
	s.hitMu.Lock()
	hits := s.pending[path]
	delete(s.pending, path)
	if !committed {
		for _, h := range hits {
			delete(s.hits, hitKey{h.f.Hash, path})
		}
		hits = nil
	}
	s.hitMu.Unlock()
	byErasure := map[string][]hit{}
	for _, h := range hits {
		byErasure[h.ts.Erasure] = append(byErasure[h.ts.Erasure], h)
	}
	for _, hs := range byErasure {
		go s.resurfaced(path, hs)
	}
}

// sweep flags the tombstoned values the index holds now: what a stop
// cut short between indexing a file and flagging it, and what came back
// while the daemon was down.
func (s *Service) sweep() {
	s.tomb.mu.RLock()
	all := make(map[patterns.Hash]tombstone, len(s.tomb.by))
	for h, ts := range s.tomb.by {
		all[h] = ts
	}
	s.tomb.mu.RUnlock()
	byPath := map[string][]hit{}
	for h, ts := range all {
		found, err := s.opts.Index.Lookup(ts.Type, h)
		if err != nil {
			s.log.Warn("erasure: tombstone sweep", "error", err)
			return
		}
		for _, f := range found {
			if f.Ambiguous {
				continue // as Observe: a reading of a guess is not the erased value back
			}
			key := hitKey{h, f.Path}
			s.hitMu.Lock()
			seen := s.hits[key]
			s.hits[key] = true
			s.hitMu.Unlock()
			if !seen {
				byPath[f.Path] = append(byPath[f.Path], hit{f: f, ts: ts})
			}
		}
	}
	for path, hits := range byPath {
		byErasure := map[string][]hit{}
		for _, h := range hits {
			byErasure[h.ts.Erasure] = append(byErasure[h.ts.Erasure], h)
		}
		for _, hs := range byErasure {
			s.resurfaced(path, hs)
		}
	}
}

// forgetHits drops the flagged (hash, path) pairs of keys.
func (s *Service) forgetHits(keys []dsar.Key) {
	s.hitMu.Lock()
	defer s.hitMu.Unlock()
	for k := range s.hits {
		for _, key := range keys {
			if k.hash == key.Hash {
				delete(s.hits, k)
			}
		}
	}
}

// hitKey is a tombstoned value flagged in a file.
type hitKey struct {
	hash patterns.Hash
	path string
}

type hit struct {
	f  scanner.Finding
	ts tombstone
}

// resurfaced flags erased values of one erasure found again in a file:
// metric and audit event per value, one notice, and optionally one new
// plan, pending review, for all of them.
func (s *Service) resurfaced(path string, hits []hit) {
	erasureID := hits[0].ts.Erasure
	ref := dsar.AuditPath(s.cat, path)
	var keys []dsar.Key
	types := map[index.Identifier]bool{}
	for _, h := range hits {
		if s.m != nil {
			s.m.hits.Inc()
		}
		s.log.Warn("an erased value showed up again", "erasure", erasureID, "type", h.f.Type, "path", ref.Masked, "path_hash", ref.Hash.String())
		if _, err := s.opts.Audit.Append("erasure.tombstone_hit", "piid", map[string]any{
			"erasure": erasureID, "type": h.f.Type, "hash": h.f.Hash.String(), "path": ref,
		}); err != nil {
			s.log.Error("erasure: recording a tombstone hit", "error", err)
		}
		if id := (index.Identifier{Type: h.f.Type, Hash: h.f.Hash}); !types[id] {
			types[id] = true
			keys = append(keys, dsar.Key{Type: h.ts.Type, Hash: h.f.Hash, Masked: h.ts.Masked})
		}
	}
	ctx := context.Background()
	what := "erased by"
	if prev, ok := s.get(erasureID); ok && prev.Status == NothingFound {
		what = "asked to be erased (nothing was found then) by"
	}
	n := Notice{Event: "erasure.tombstone_hit", ErasureID: erasureID, Path: ref.Masked, PathHash: ref.Hash, Values: len(keys),
		Text: fmt.Sprintf("piid: %d value(s) %s %s showed up in %s", len(keys), what, erasureID, ref.Masked)}
	if s.opts.ReplanOnResurface {
		if id, err := s.replan(ctx, erasureID, keys); err != nil {
			s.log.Error("erasure: planning again", "error", err)
		} else if id != "" {
			n.NewPlan = id
			n.Text += "; an erasure awaits review: " + id
		}
	}
	if s.opts.Notify != nil {
		s.opts.Notify(ctx, n)
	}
}

// replan answers resurfaced values of an erasure with a plan pending
// review: the one already waiting for this erasure, located again with
// the new keys (a restore of many files makes one plan, not one each), or
// a new one.
func (s *Service) replan(ctx context.Context, erasureID string, keys []dsar.Key) (string, error) {
	s.replanMu.Lock()
	defer s.replanMu.Unlock()
	prev, ok := s.get(erasureID)
	if !ok {
		return "", nil
	}
	for _, e := range s.List(PendingReview) {
		if e.Resurfaced != erasureID {
			continue
		}
		have := map[patterns.Hash]bool{}
		for _, k := range e.Identifiers {
			have[k.Hash] = true
		}
		for _, k := range keys {
			if !have[k.Hash] {
				e.Identifiers = append(e.Identifiers, k)
			}
		}
		if err := s.locate(e); err != nil {
			return "", err
		}
		e.History = append(e.History, Step{Status: PendingReview, At: s.now().UTC(), Actor: "piid", Note: "planned again: more values resurfaced"})
		err := s.record("erasure.planned", "piid", e, map[string]any{
			"identifiers": keyHashes(e.Identifiers), "files": len(e.Files), "locations": len(e.Plan), "resurfaced_from": erasureID, "updated": true,
		})
		return e.ID, err
	}
	e, err := s.plan(ctx, keys, prev.Strategy, false, prev.DSARID, "piid", erasureID)
	if err != nil {
		return "", err
	}
	return e.ID, nil
}
