// Package erasure carries out Art. 17 erasures: a plan from the index of
// every place a subject's identifiers sit, a review (approve or reject),
// a grace period during which it can be cancelled, the rewrite of each
// file in place, a verification by rescanning, and tombstones that flag
// an erased value when it shows up again.
//
// Nothing here holds a raw value at rest: erasures name identifiers by
// keyed hash and masked preview, and the values to rewrite are found
// again by rescanning each file when it is rewritten.
package erasure

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/piid/piid/dsar"
	"github.com/piid/piid/dsar/audit"
	"github.com/piid/piid/dsar/internal/atomicfile"
	"github.com/piid/piid/dsar/internal/sealed"
	"github.com/piid/piid/dsar/rewrite"
	"github.com/piid/piid/index"
	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
	"github.com/piid/piid/scanner/confine"
)

// Strategy is what becomes of each value.
type Strategy string

// The strategies.
const (
	// Redact replaces the value with a token naming its type.
	Redact Strategy = "redact"
	// Mask keeps the value's format, hiding most of it.
	Mask Strategy = "mask"
	// Pseudonymize replaces the value with a keyed token: the same value
	// gets the same token, so joins still work, and the token does not
	// give the value back.
	Pseudonymize Strategy = "pseudonymize"
	// DeleteRecord removes the whole record holding the value.
	DeleteRecord Strategy = "delete_record"
)

func (s Strategy) valid() bool {
	switch s {
	case Redact, Mask, Pseudonymize, DeleteRecord:
		return true
	}
	return false
}

// Status is where an erasure stands.
type Status string

// The lifecycle: pending_review → approved → applying → applied →
// verified or failed; pending_review → rejected; approved → cancelled
// (during the grace period); nothing_found when the plan located nothing.
const (
	PendingReview Status = "pending_review"
	Rejected      Status = "rejected"
	Approved      Status = "approved"
	Cancelled     Status = "cancelled"
	Applying      Status = "applying"
	Applied       Status = "applied"
	Verified      Status = "verified"
	Failed        Status = "failed"
	// NothingFound ends an erasure whose plan located no occurrence of
	// the identifiers: nothing was erased, so it is never verified.
	NothingFound Status = "nothing_found"
	// DryRun marks a plan that was only computed, never stored.
	DryRun Status = "dry_run"
)

// Manual is the action of a location piid cannot rewrite safely.
const Manual = "manual"

// ForReview is the action of a location that is not planned: its record
// holds the identifiers only as readings of ambiguous values
// (scanner.Match), so it may be another person's. Listed in
// Erasure.Review for the reviewer to see; never applied.
const ForReview = "review"

// weakReason says why a location reached only through weak identifiers
// is held back for review.
const weakReason = "the record holds only identifiers many people share (a date of birth, a postcode, an IP address, " +
	"a URL, a street): it may be another person's, so it is not erased"

// reviewReason says why a location is held back for review.
const reviewReason = "the record holds the identifier only as one reading of an ambiguous value " +
	"(written without its country, valid in several): it may be another person's, so it is not erased"

// Item is one location of the plan.
type Item struct {
	Path   string          `json:"path"`
	Record *scanner.Record `json:"record,omitempty"`
	Line   int64           `json:"line"`
	Start  int64           `json:"start"`
	End    int64           `json:"end"`
	Type   string          `json:"type"`
	Masked string          `json:"masked"`
	Hash   patterns.Hash   `json:"hash"`
	// Action is the strategy, or "manual" (Reason says why).
	Action string `json:"action"`
	Reason string `json:"reason,omitempty"`
}

// File is one file of the plan, with the fingerprint the plan saw.
type File struct {
	Path        string `json:"path"`
	Size        int64  `json:"size"`
	ContentHash uint64 `json:"content_hash"`
	Locations   int    `json:"locations"`
	Manual      string `json:"manual,omitempty"`
	// Name says the file's path holds one of the subject's identifiers
	// (names.go): its content is rewritten, the renaming is manual.
	Name string `json:"name,omitempty"`
	// Device and Inode are the file the plan saw: apply refuses another
	// file under the same name.
	Device uint64 `json:"device,omitempty"`
	Inode  uint64 `json:"inode,omitempty"`
	// Dialect is how the file read when planned (records.Dialect): apply
	// refuses a file that now reads otherwise.
	Dialect string `json:"dialect,omitempty"`
}

// Result is what applying did to one file.
type Result struct {
	Path string `json:"path"`
	// Status: applied, unchanged (nothing of the subject left in it),
	// manual, gone, failed.
	Status         string               `json:"status"`
	Replanned      bool                 `json:"replanned,omitempty"` // the file had changed since the plan: its locations were found again
	Replaced       int                  `json:"replaced"`
	DeletedRecords int                  `json:"deleted_records"`
	Before         *rewrite.Fingerprint `json:"before,omitempty"`
	After          *rewrite.Fingerprint `json:"after,omitempty"`
	Error          string               `json:"error,omitempty"`
	At             time.Time            `json:"at"`
}

// Review is the reviewer's decision.
type Review struct {
	Decision string    `json:"decision"` // approved, rejected, cancelled
	Reviewer string    `json:"reviewer"`
	Reason   string    `json:"reason,omitempty"`
	At       time.Time `json:"at"`
}

// Step is one entry of an erasure's history.
type Step struct {
	Status Status    `json:"status"`
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Note   string    `json:"note,omitempty"`
}

// Erasure is one erasure, as stored and as the API shows it.
type Erasure struct {
	ID          string     `json:"id"`
	Status      Status     `json:"status"`
	Strategy    Strategy   `json:"strategy"`
	Identifiers []dsar.Key `json:"identifiers"`
	DSARID      string     `json:"dsar_id,omitempty"`
	// Resurfaced names the erasure whose tombstone this one answers.
	Resurfaced string    `json:"resurfaced_from,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	CreatedBy  string    `json:"created_by"`
	// Manual says up front what the plan cannot do itself.
	Manual []string `json:"manual"`
	Plan   []Item   `json:"plan"`
	// Review lists the locations not planned because their record holds
	// the identifiers only as readings of ambiguous values (ForReview).
	Review    []Item    `json:"review,omitempty"`
	Files     []File    `json:"files"`
	Reviews   []Review  `json:"reviews,omitempty"`
	ApplyAt   time.Time `json:"apply_at,omitzero"`
	Results   []Result  `json:"results"`
	Remaining []Item    `json:"remaining,omitempty"`
	History   []Step    `json:"history"`
}

func (e *Erasure) clone() *Erasure {
	b, _ := json.Marshal(e)
	var c Erasure
	json.Unmarshal(b, &c)
	return &c
}

// Options configures a Service.
type Options struct {
	Dir     string
	Index   *index.Index
	Scanner *scanner.Scanner // of the index's catalog, revealing values (Options.Reveal)
	// Roots confine every file read and rewritten (the watched folders);
	// nil confines to nothing but still follows no link.
	Roots *confine.Roots
	Audit *audit.Log
	// Reindex indexes the paths now and returns when they are done (the
	// daemon's indexer).
	Reindex func(ctx context.Context, paths []string) error
	// WaitWritable, when set, returns once the index and the audit trail
	// may be written (the data volume has room), or ctx's error: an
	// erasure is not applied, nor a file of it rewritten, meanwhile.
	WaitWritable func(ctx context.Context) error
	// Grace is how long an approved erasure waits before it is applied.
	Grace time.Duration
	// RedactToken is the redact strategy's replacement; "{type}" stands
	// for the type id. Default "[REDACTED:{type}]".
	RedactToken string
	// Notify, when set, is told of a resurfacing erased value (a webhook).
	Notify func(ctx context.Context, n Notice)
	// ReplanOnResurface makes a resurfacing value start a new erasure
	// plan, pending review.
	ReplanOnResurface bool
	// RequireDistinctReviewer refuses an approval by the erasure's
	// planner (four eyes).
	RequireDistinctReviewer bool
	Logger                  *slog.Logger
	Now                     func() time.Time
}

// Notice tells of an erased value that showed up again. It names the
// erasure and the file (masked, and by keyed hash: a file's name may be
// personal data), never the value.
type Notice struct {
	Text      string        `json:"text"`
	Event     string        `json:"event"` // erasure.tombstone_hit
	ErasureID string        `json:"erasure_id"`
	Path      string        `json:"path"`
	PathHash  patterns.Hash `json:"path_hash"`
	Values    int           `json:"values"`
	NewPlan   string        `json:"new_plan,omitempty"`
}

// Service runs erasures.
type Service struct {
	opts   Options
	cat    *patterns.Catalog
	pseudo []byte
	box    *sealed.Box // erasures at rest
	log    *slog.Logger
	now    func() time.Time
	wake   chan struct{}

	mu       sync.Mutex
	erasures map[string]*Erasure

	tomb     *tombstones
	hitMu    sync.Mutex
	replanMu sync.Mutex       // one resurfacing plan at a time
	hits     map[hitKey]bool  // already flagged
	pending  map[string][]hit // hits of files being indexed
	m        *metrics
	// adjust, when set, changes each finding a rescan gives: tests stand
	// in with it for the scanner's ambiguous readings.
	adjust func(*scanner.Finding)
}

// Errors of the service, mapped to HTTP statuses by the API.
var (
	ErrNotFound = errors.New("no such erasure")
)

// StateError is an action the erasure's status does not allow (409).
type StateError struct {
	Status Status
	Action string
}

func (e *StateError) Error() string {
	return fmt.Sprintf("the erasure is %s: it cannot be %s", e.Status, e.Action)
}

// New opens the erasure store (resuming nothing yet: Run does).
func New(opts Options) (*Service, error) {
	if opts.Index == nil || opts.Scanner == nil || opts.Audit == nil {
		return nil, errors.New("erasure: index, scanner and audit log are required")
	}
	if opts.RedactToken == "" {
		opts.RedactToken = "[REDACTED:{type}]"
	}
	s := &Service{opts: opts, cat: opts.Scanner.Catalog(), log: opts.Logger, now: opts.Now,
		wake: make(chan struct{}, 1), erasures: map[string]*Erasure{}, hits: map[hitKey]bool{}, pending: map[string][]hit{}}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.pseudo = s.cat.Hasher().Derive("erasure pseudonym v1")
	var err error
	if s.box, err = sealed.New(s.cat.Hasher().Derive("erasure record seal v1")); err != nil {
		return nil, fmt.Errorf("erasure: %w", err)
	}
	if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("erasure: %w", err)
	}
	atomicfile.RemoveTemps(opts.Dir)
	entries, err := os.ReadDir(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("erasure: %w", err)
	}
	var clear []*Erasure
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "erasure-") || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		er, sealedOK, err := s.read(filepath.Join(opts.Dir, e.Name()))
		if err != nil {
			return nil, err
		}
		s.erasures[er.ID] = er
		if !sealedOK {
			clear = append(clear, er)
		}
	}
	// Erasures stored in clear by an earlier release are sealed now: their
	// paths and reasons do not stay readable in the data folder.
	for _, er := range clear {
		if err := s.put(er); err != nil {
			return nil, err
		}
	}
	if s.tomb, err = openTombstones(opts.Dir); err != nil {
		return nil, err
	}
	return s, nil
}

// read loads one erasure file; sealedOK is false for one stored in clear.
func (s *Service) read(path string) (e *Erasure, sealedOK bool, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, false, fmt.Errorf("erasure: %w", err)
	}
	id, plain, err := s.box.Open(b)
	switch {
	case errors.Is(err, sealed.ErrNotSealed):
		plain = b
	case err != nil:
		return nil, false, fmt.Errorf("erasure: %s %v", filepath.Base(path), err)
	}
	var er Erasure
	if err := json.Unmarshal(plain, &er); err != nil {
		return nil, false, fmt.Errorf("erasure: %s is damaged: %v", filepath.Base(path), err)
	}
	if id != "" && er.ID != id {
		return nil, false, fmt.Errorf("erasure: %s: id mismatch", filepath.Base(path))
	}
	return &er, id != "", nil
}

// put stores the erasure durably, then makes it current.
func (s *Service) put(e *Erasure) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.putLocked(e)
}

func (s *Service) get(id string) (*Erasure, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.erasures[id]
	if !ok {
		return nil, false
	}
	return e.clone(), true
}

// record writes the audit event, then the erasure: no change without its
// event.
func (s *Service) record(typ, actor string, e *Erasure, data map[string]any) error {
	if data == nil {
		data = map[string]any{}
	}
	data["id"] = e.ID
	if _, err := s.opts.Audit.Append(typ, actor, data); err != nil {
		return err
	}
	return s.put(e)
}

// PlanInput asks for an erasure.
type PlanInput struct {
	Identifiers []dsar.Identifier
	Strategy    Strategy
	DryRun      bool
	DSARID      string
	Actor       string
}

// Plan finds every location of the identifiers and what the strategy does
// with each. A dry run returns the plan without storing it; otherwise the
// erasure waits for review.
func (s *Service) Plan(ctx context.Context, in PlanInput) (*Erasure, error) {
	if !in.Strategy.valid() {
		return nil, &dsar.InputError{Field: "strategy", Reason: fmt.Sprintf("%q: redact, mask, pseudonymize or delete_record", in.Strategy)}
	}
	keys, err := dsar.KeysOf(s.cat, in.Identifiers, "identifiers")
	if err != nil {
		return nil, err
	}
	return s.plan(ctx, keys, in.Strategy, in.DryRun, in.DSARID, in.Actor, "")
}

func (s *Service) plan(ctx context.Context, keys []dsar.Key, strategy Strategy, dryRun bool, dsarID, actor, from string) (*Erasure, error) {
	now := s.now().UTC()
	e := &Erasure{ID: newID(now), Status: PendingReview, Strategy: strategy, Identifiers: keys, DSARID: dsarID, Resurfaced: from,
		CreatedAt: now, CreatedBy: actor, Manual: []string{}, Plan: []Item{}, Files: []File{}, Results: []Result{}}
	if err := s.locate(e); err != nil {
		return nil, err
	}
	if dryRun {
		e.ID, e.Status = "", DryRun
		return e, nil
	}
	data := map[string]any{
		"strategy": strategy, "identifiers": keyHashes(keys), "files": len(e.Files), "locations": len(e.Plan),
		"manual": len(e.Manual), "review": len(e.Review), "dsar_id": dsarID, "resurfaced_from": from,
	}
	if len(e.Plan) == 0 {
		return e, s.nothingFound(e, actor, data)
	}
	e.History = []Step{{Status: PendingReview, At: now, Actor: actor}}
	if err := s.record("erasure.planned", actor, e, data); err != nil {
		return nil, err
	}
	return e, nil
}

// nothingFound ends an erasure whose plan located no occurrence: there is
// nothing to review or apply, and it is not verified, since nothing was
// erased. Its identifiers become tombstones (those not already one), so
// that the subject's data showing up later (a folder not indexed yet, a
// restore) is flagged like an erased value that resurfaces: the
// request to erase stands even though nothing was found today.
func (s *Service) nothingFound(e *Erasure, actor string, data map[string]any) error {
	var fresh []dsar.Key
	for _, k := range e.Identifiers {
		if _, ok := s.tomb.lookup(k.Hash); !ok {
			fresh = append(fresh, k)
		}
	}
	if len(fresh) > 0 {
		if err := s.tomb.add(e.ID, fresh); err != nil {
			return fmt.Errorf("erasure: tombstones: %w", err)
		}
	}
	e.Status = NothingFound
	e.History = append(e.History, Step{Status: NothingFound, At: s.now().UTC(), Actor: actor,
		Note: "the plan located no occurrence of the identifiers: nothing to erase"})
	data["tombstones"] = keyHashes(fresh)
	return s.record("erasure.nothing_found", actor, e, data)
}

// locate fills the plan from the index.
func (s *Service) locate(e *Erasure) error {
	ids := make([]index.Identifier, len(e.Identifiers))
	for i, k := range e.Identifiers {
		ids[i] = index.Identifier{Type: k.Type, Hash: k.Hash}
	}
	res, err := s.opts.Index.Search(ids)
	if err != nil {
		return err
	}
	sure, unsure, weak := attribute(res.Findings, keySet(s.cat, e.Identifiers))
	e.Review = nil
	for i, f := range unsure {
		why := reviewReason
		if weak[i] {
			why = weakReason
		}
		e.Review = append(e.Review, Item{Path: f.Path, Record: f.Record, Line: f.Line, Start: f.Start, End: f.End, Type: f.Type,
			Masked: f.Masked, Hash: f.Hash, Action: ForReview, Reason: why})
	}
	byFile := map[string][]scanner.Finding{}
	for _, f := range sure {
		byFile[f.Path] = append(byFile[f.Path], f)
	}
	paths := make([]string, 0, len(byFile))
	for p := range byFile {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	e.Plan, e.Files = []Item{}, []File{}
	names := newNameMatcher(s.cat, e.Identifiers)
	for _, p := range paths {
		fl := File{Path: p, Locations: len(byFile[p])}
		if st, ok, err := s.opts.Index.File(p); err == nil && ok {
			fl.Size, fl.ContentHash = st.Size, st.ContentHash
		}
		c := rewrite.CheckIn(s.opts.Roots, p, e.Strategy == DeleteRecord, s.cat)
		fl.Device, fl.Inode, fl.Dialect = c.ID.Dev, c.ID.Ino, c.Dialect
		if c.Reason != "" {
			fl.Manual = c.Reason
			e.Manual = append(e.Manual, p+": "+c.Reason)
		}
		held, inBase := names.held(p)
		for _, k := range held {
			reason := nameReason(k.Type, inBase)
			if fl.Name == "" {
				fl.Name = reason
			}
			e.Manual = append(e.Manual, p+": "+reason)
		}
		e.Files = append(e.Files, fl)
		for _, f := range byFile[p] {
			it := Item{Path: p, Record: f.Record, Line: f.Line, Start: f.Start, End: f.End, Type: f.Type, Masked: f.Masked, Hash: f.Hash, Action: string(e.Strategy)}
			if fl.Manual != "" {
				it.Action, it.Reason = Manual, fl.Manual
			}
			e.Plan = append(e.Plan, it)
		}
		for _, k := range held {
			e.Plan = append(e.Plan, nameItem(p, k, inBase))
		}
	}
	return nil
}

// attribute splits occurrences of the identifiers (a search's findings)
// by their record: those in a record the identifiers surely name, and
// those in a record reached only through readings of ambiguous values or
// through weak identifiers (scanner.Match), which may be another
// person's; weak[i] says unsure[i]'s record is of the latter kind.
func attribute(fs []scanner.Finding, want scanner.Wanted) (sure, unsure []scanner.Finding, weak []bool) {
	type recordAt struct {
		path string
		key  scanner.RecordKey
	}
	best := map[recordAt]scanner.Match{}
	for i := range fs {
		at := recordAt{fs[i].Path, fs[i].RecordKey()}
		m, _ := fs[i].Match(want)
		best[at] = max(best[at], m)
	}
	for _, f := range fs {
		if m := best[recordAt{f.Path, f.RecordKey()}]; m.Attributes() {
			sure = append(sure, f)
		} else {
			unsure = append(unsure, f)
			weak = append(weak, m == scanner.WeakMatch)
		}
	}
	return sure, unsure, weak
}

// keySet is the identifiers to look for, each marked strong or not by
// the catalog: a weak one (a date, a postcode) attributes no record alone.
func keySet(cat *patterns.Catalog, keys []dsar.Key) scanner.Wanted {
	want := make(scanner.Wanted, len(keys))
	for _, k := range keys {
		want[k.Hash] = cat.Strong(k.Type)
	}
	return want
}

// nameItem is the manual item of a path that holds the subject's
// identifier k.
func nameItem(p string, k dsar.Key, inBase bool) Item {
	return Item{Path: p, Type: k.Type, Masked: k.Masked, Hash: k.Hash, Action: Manual, Reason: nameReason(k.Type, inBase)}
}

func keyHashes(keys []dsar.Key) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.Type + ":" + k.Hash.String()
	}
	return out
}

// Get returns an erasure.
func (s *Service) Get(id string) (*Erasure, error) {
	e, ok := s.get(id)
	if !ok {
		return nil, ErrNotFound
	}
	return e, nil
}

// List returns the erasures with the status (all when empty), newest first.
func (s *Service) List(status Status) []*Erasure {
	s.mu.Lock()
	out := []*Erasure{}
	for _, e := range s.erasures {
		if status == "" || e.Status == status {
			out = append(out, e.clone())
		}
	}
	s.mu.Unlock()
	sort.Slice(out, func(i, j int) bool {
		if !out[i].CreatedAt.Equal(out[j].CreatedAt) {
			return out[i].CreatedAt.After(out[j].CreatedAt)
		}
		return out[i].ID > out[j].ID
	})
	return out
}

// count is how many erasures have the status (List without the copies).
func (s *Service) count(status Status) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, e := range s.erasures {
		if e.Status == status {
			n++
		}
	}
	return n
}

// Approve approves a pending erasure; it is applied after the grace
// period.
func (s *Service) Approve(id, reviewer, reason string) (*Erasure, error) {
	return s.decide(id, reviewer, reason, PendingReview, Approved, "approved")
}

// Reject rejects a pending erasure; nothing is changed.
func (s *Service) Reject(id, reviewer, reason string) (*Erasure, error) {
	return s.decide(id, reviewer, reason, PendingReview, Rejected, "rejected")
}

// Cancel stops an approved erasure during its grace period.
func (s *Service) Cancel(id, reviewer, reason string) (*Erasure, error) {
	return s.decide(id, reviewer, reason, Approved, Cancelled, "cancelled")
}

func (s *Service) decide(id, reviewer, reason string, from, to Status, verb string) (*Erasure, error) {
	reviewer = strings.TrimSpace(reviewer)
	if reviewer == "" {
		return nil, &dsar.InputError{Field: "reviewer", Reason: "required: who decides"}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.erasures[id]
	if !ok {
		return nil, ErrNotFound
	}
	e = e.clone()
	if e.Status != from {
		return nil, &StateError{Status: e.Status, Action: verb}
	}
	if to == Approved {
		if err := s.fourEyes(e, reviewer); err != nil {
			return nil, err
		}
	}
	now := s.now().UTC()
	e.Status = to
	e.Reviews = append(e.Reviews, Review{Decision: verb, Reviewer: reviewer, Reason: reason, At: now})
	step := Step{Status: to, At: now, Actor: reviewer}
	data := map[string]any{"reviewer": reviewer, "reason": dsar.Digest(s.cat, reason)}
	if to == Approved {
		e.ApplyAt = now.Add(s.opts.Grace)
		step.Note = "to be applied at " + e.ApplyAt.Format(time.RFC3339)
		data["apply_at"] = e.ApplyAt
	}
	e.History = append(e.History, step)
	if _, err := s.opts.Audit.Append("erasure."+verb, reviewer, withID(data, e.ID)); err != nil {
		return nil, err
	}
	if err := s.putLocked(e); err != nil {
		return nil, err
	}
	if to == Approved {
		s.poke()
	}
	return e, nil
}

func withID(m map[string]any, id string) map[string]any {
	m["id"] = id
	return m
}

// putLocked is put with s.mu held. The erasure is sealed at rest: it
// names files (whose names may hold personal data) and holds the
// reviewers' reasons.
func (s *Service) putLocked(e *Erasure) error {
	plain, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("erasure: %w", err)
	}
	b, err := s.box.Seal(e.ID, plain)
	if err != nil {
		return fmt.Errorf("erasure: %w", err)
	}
	if err := atomicfile.Write(s.opts.Dir, e.ID+".json", b); err != nil {
		return fmt.Errorf("erasure: %w", err)
	}
	s.erasures[e.ID] = e.clone()
	return nil
}

// replacement is the text a value becomes under the strategy.
func (s *Service) replacement(strategy Strategy, f *scanner.Finding) []byte {
	switch strategy {
	case Mask:
		if t, ok := s.cat.TypeByID(f.Type); ok && f.Value != "" {
			return []byte(s.cat.Mask(t, []byte(f.Value)))
		}
		return []byte(f.Masked)
	case Pseudonymize:
		m := hmac.New(sha256.New, s.pseudo)
		m.Write(f.Hash.AppendHex(nil)) // the hex, as ever: a value keeps its pseudonym
		return []byte("[PSEUDO:" + f.Type + ":" + hex.EncodeToString(m.Sum(nil))[:16] + "]")
	}
	return []byte(strings.ReplaceAll(s.opts.RedactToken, "{type}", f.Type))
}

func (s *Service) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// newID is an erasure id: its creation date and 48 random bits.
func newID(now time.Time) string {
	var b [6]byte
	rand.Read(b[:])
	return "erasure-" + now.Format("20060102") + "-" + hex.EncodeToString(b[:])
}
