package dsar

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/piid/piid/dsar/audit"
	"github.com/piid/piid/index"
	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
	"github.com/piid/piid/scanner/confine"
)

// Identifier is one of a subject's identifiers as a caller gives it.
type Identifier struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

// Key is an identifier as piid files it: its type, keyed hash and masked
// preview.
type Key struct {
	Type   string        `json:"type"`
	Hash   patterns.Hash `json:"hash"`
	Masked string        `json:"masked"`
}

// Request is a subject access request as stored (sealed) by the service.
type Request struct {
	ID          string        `json:"id"`
	State       State         `json:"state"`
	Name        string        `json:"name"`
	Identifiers []Identifier  `json:"identifiers"`
	Keys        []Key         `json:"keys"`
	ReceivedAt  time.Time     `json:"received_at"`
	CreatedAt   time.Time     `json:"created_at"`
	Extension   *Extension    `json:"extension,omitempty"`
	Paused      time.Duration `json:"paused"`
	PausedSince time.Time     `json:"paused_since,omitzero"`
	History     []Transition  `json:"history"`
	Reports     int           `json:"reports"`
	// Notified records the deadline notices sent ("due_soon", "overdue")
	// so each is sent once.
	Notified map[string]bool `json:"notified,omitempty"`
}

func (r *Request) clone() *Request {
	c := *r
	c.Identifiers = append([]Identifier(nil), r.Identifiers...)
	c.Keys = append([]Key(nil), r.Keys...)
	c.History = append([]Transition(nil), r.History...)
	if r.Extension != nil {
		e := *r.Extension
		c.Extension = &e
	}
	if r.Notified != nil {
		c.Notified = make(map[string]bool, len(r.Notified))
		for k, v := range r.Notified {
			c.Notified[k] = v
		}
	}
	return &c
}

func (r *Request) deadline() Deadline {
	d := Deadline{ReceivedAt: r.ReceivedAt, Paused: r.Paused, PausedSince: r.PausedSince}
	if r.Extension != nil {
		d.ExtensionMonths = r.Extension.Months
	}
	return d
}

// View is a request as the API shows it: identifiers masked, the deadline
// computed as of now.
type View struct {
	ID         string       `json:"id"`
	Status     State        `json:"status"`
	Subject    SubjectView  `json:"subject"`
	ReceivedAt time.Time    `json:"received_at"`
	DueAt      time.Time    `json:"due_at"`
	DaysLeft   int          `json:"days_left"`
	Overdue    bool         `json:"overdue"`
	Paused     bool         `json:"paused"`
	Extension  *Extension   `json:"extension,omitempty"`
	History    []Transition `json:"history"`
	Reports    int          `json:"reports"`
}

// SubjectView is the subject with masked values only.
type SubjectView struct {
	Name        string `json:"name"`
	Identifiers []Key  `json:"identifiers"`
}

// Options configures a Service.
type Options struct {
	// Dir holds the request files.
	Dir string
	// Index is the daemon's index; Scanner a scanner of the same catalog
	// that reveals values (Options.Reveal), to read records back.
	Index   *index.Index
	Scanner *scanner.Scanner
	// Roots open the files read back (confine: no link followed; nil
	// confines to nothing but still opens regular files only).
	Roots *confine.Roots
	// Audit receives an event for every change and report.
	Audit *audit.Log
	// Inventory is the data inventory of the reports' Art. 15 context.
	Inventory Inventory
	Logger    *slog.Logger
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Service runs subject access requests.
type Service struct {
	cat    *patterns.Catalog
	ix     *index.Index
	sc     *scanner.Scanner
	roots  *confine.Roots
	audit  *audit.Log
	store  *store
	inv    atomic.Pointer[Inventory]
	log    *slog.Logger
	now    func() time.Time
	writes sync.Mutex // one change at a time: read, audit, store
	// adjust, when set, changes each finding a report's rescan gives:
	// tests stand in with it for the scanner's ambiguous readings.
	adjust func(*scanner.Finding)
}

// Errors of the service, mapped to HTTP statuses by the API.
var (
	ErrNotFound = errors.New("no such request")
)

// InputError is a request the service refuses (400); Field names what is
// wrong.
type InputError struct {
	Field  string
	Reason string
	Err    error // the cause, when another package refused (patterns.ErrAmbiguousIdentifier)
}

func (e *InputError) Error() string { return e.Field + ": " + e.Reason }

func (e *InputError) Unwrap() error { return e.Err }

// New opens the request store and returns the service.
func New(opts Options) (*Service, error) {
	if opts.Index == nil || opts.Scanner == nil || opts.Audit == nil {
		return nil, errors.New("dsar: index, scanner and audit log are required")
	}
	cat := opts.Scanner.Catalog()
	st, err := openStore(opts.Dir, cat.Hasher().Derive("dsar request seal v1"))
	if err != nil {
		return nil, err
	}
	s := &Service{cat: cat, ix: opts.Index, sc: opts.Scanner, roots: opts.Roots, audit: opts.Audit, store: st, log: opts.Logger, now: opts.Now}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	inv := opts.Inventory
	s.inv.Store(&inv)
	return s, nil
}

// SetInventory replaces the data inventory (a config reload).
func (s *Service) SetInventory(inv Inventory) { s.inv.Store(&inv) }

// Keys validates, normalizes and hashes identifiers exactly as the scanner
// does what it finds. A refused identifier gives an *InputError naming it.
func (s *Service) Keys(ids []Identifier, field string) ([]Key, error) {
	return KeysOf(s.cat, ids, field)
}

// KeysOf is Keys for any catalog; field names the identifiers in errors.
func KeysOf(cat *patterns.Catalog, ids []Identifier, field string) ([]Key, error) {
	if len(ids) == 0 {
		return nil, &InputError{Field: field, Reason: "at least one identifier is needed"}
	}
	if len(ids) > 100 {
		return nil, &InputError{Field: field, Reason: "at most 100 identifiers"}
	}
	keys := make([]Key, 0, len(ids))
	seen := map[patterns.Hash]bool{}
	for i, id := range ids {
		f := fmt.Sprintf("%s[%d]", field, i)
		if id.Type == "person_name" {
			return nil, &InputError{Field: f, Reason: "a name is not an identifier (names are shared): give it as subject.name"}
		}
		t, ok := cat.TypeByID(id.Type)
		if !ok {
			return nil, &InputError{Field: f, Reason: fmt.Sprintf("unknown type %q", id.Type)}
		}
		norm, err := cat.Identifier(id.Type, id.Value)
		if err != nil {
			return nil, &InputError{Field: f, Reason: patterns.IdentifierReason(id.Type, err), Err: err}
		}
		clean, _ := patterns.CleanIdentifier(id.Value) // Identifier accepted it
		k := Key{Type: id.Type, Hash: cat.Hasher().Sum(id.Type, []byte(norm)), Masked: cat.Mask(t, []byte(clean))}
		if seen[k.Hash] {
			continue
		}
		seen[k.Hash] = true
		keys = append(keys, k)
	}
	return keys, nil
}

// CreateInput is a new request.
type CreateInput struct {
	Name        string
	Identifiers []Identifier
	ReceivedAt  time.Time // zero: now
}

// Create records a new request in state received.
func (s *Service) Create(in CreateInput, actor string) (View, error) {
	name := strings.TrimSpace(in.Name)
	switch {
	case name == "":
		return View{}, &InputError{Field: "subject.name", Reason: "required"}
	case utf8.RuneCountInString(name) > 200 || !utf8.ValidString(name):
		return View{}, &InputError{Field: "subject.name", Reason: "not a name (valid UTF-8, at most 200 characters)"}
	}
	keys, err := s.Keys(in.Identifiers, "subject.identifiers")
	if err != nil {
		return View{}, err
	}
	now := s.now().UTC()
	recv := in.ReceivedAt.UTC()
	if in.ReceivedAt.IsZero() {
		recv = now
	} else if recv.After(now.Add(5 * time.Minute)) {
		return View{}, &InputError{Field: "received_at", Reason: "in the future"}
	}
	ids := make([]Identifier, len(in.Identifiers))
	for i, id := range in.Identifiers {
		ids[i] = id
		ids[i].Value, _ = patterns.CleanIdentifier(id.Value) // as the report will show it; Keys accepted it
	}
	r := &Request{
		ID: newID(now), State: Received, Name: name, Identifiers: ids, Keys: keys,
		ReceivedAt: recv, CreatedAt: now,
		History: []Transition{{To: Received, At: now, Actor: actor}},
	}
	s.writes.Lock()
	defer s.writes.Unlock()
	if err := s.record("dsar.created", actor, r, map[string]any{
		"id": r.ID, "identifiers": hashes(keys), "received_at": recv, "due_at": r.deadline().DueAt(now),
	}); err != nil {
		return View{}, err
	}
	return s.view(r, now), nil
}

// record writes the audit event, then the request: there is never a change
// without its event (a failure between the two leaves an event whose
// change did not happen, which the request's own history shows).
func (s *Service) record(typ, actor string, r *Request, data map[string]any) error {
	if _, err := s.audit.Append(typ, actor, data); err != nil {
		return err
	}
	return s.store.put(r)
}

func hashes(keys []Key) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.Type + ":" + k.Hash.String()
	}
	return out
}

// Get returns a request.
func (s *Service) Get(id string) (View, error) {
	r, ok := s.store.get(id)
	if !ok {
		return View{}, ErrNotFound
	}
	return s.view(r, s.now()), nil
}

// List returns the requests, open ones only unless all: overdue first,
// then by due date.
func (s *Service) List(all bool) []View {
	now := s.now()
	var out []View
	for _, r := range s.store.all() {
		if all || r.State.Open() {
			out = append(out, s.view(r, now))
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Status.Open() != b.Status.Open() {
			return a.Status.Open()
		}
		if !a.DueAt.Equal(b.DueAt) {
			return a.DueAt.Before(b.DueAt)
		}
		return a.ID < b.ID
	})
	return out
}

// Transition moves a request to another state; a refusal needs a reason.
func (s *Service) Transition(id string, to State, actor, reason string) (View, error) {
	s.writes.Lock()
	defer s.writes.Unlock()
	r, ok := s.store.get(id)
	if !ok {
		return View{}, ErrNotFound
	}
	if !validState(to) || !canMove(r.State, to) {
		return View{}, &TransitionError{From: r.State, To: to}
	}
	reason = strings.TrimSpace(reason)
	if to == Refused && reason == "" {
		return View{}, &InputError{Field: "reason", Reason: "a refusal needs a reason (Art. 12(4))"}
	}
	now := s.now().UTC()
	if r.State == IdentityVerification {
		r.Paused += now.Sub(r.PausedSince)
		r.PausedSince = time.Time{}
	}
	if to == IdentityVerification {
		r.PausedSince = now
	}
	from := r.State
	r.State = to
	r.History = append(r.History, Transition{From: from, To: to, At: now, Actor: actor, Reason: reason})
	if err := s.record("dsar.transition", actor, r, map[string]any{
		"id": r.ID, "from": from, "to": to, "reason": Digest(s.cat, reason),
	}); err != nil {
		return View{}, err
	}
	return s.view(r, now), nil
}

// Extend applies the request's one extension (Art. 12(3)).
func (s *Service) Extend(id string, months int, actor, reason string) (View, error) {
	s.writes.Lock()
	defer s.writes.Unlock()
	r, ok := s.store.get(id)
	if !ok {
		return View{}, ErrNotFound
	}
	reason = strings.TrimSpace(reason)
	switch {
	case !r.State.Open():
		return View{}, &TransitionError{From: r.State, To: r.State}
	case r.Extension != nil:
		return View{}, &InputError{Field: "months", Reason: "the deadline was already extended once"}
	case months < 1 || months > MaxExtensionMonths:
		return View{}, &InputError{Field: "months", Reason: fmt.Sprintf("1 to %d", MaxExtensionMonths)}
	case reason == "":
		return View{}, &InputError{Field: "reason", Reason: "an extension needs a reason, told to the subject"}
	}
	now := s.now().UTC()
	r.Extension = &Extension{Months: months, Reason: reason, At: now, Actor: actor}
	if err := s.record("dsar.extended", actor, r, map[string]any{
		"id": r.ID, "months": months, "reason": Digest(s.cat, reason), "due_at": r.deadline().DueAt(now),
	}); err != nil {
		return View{}, err
	}
	return s.view(r, now), nil
}

// Digest stands for operator text in the audit trail: free text may name
// people, so the trail holds its keyed hash (the request holds the text).
func Digest(cat *patterns.Catalog, text string) string {
	if strings.TrimSpace(text) == "" {
		return ""
	}
	return cat.Hasher().Sum("audit_text", []byte(text)).String()
}

func (s *Service) view(r *Request, now time.Time) View {
	due := r.deadline().DueAt(now)
	v := View{
		ID: r.ID, Status: r.State, ReceivedAt: r.ReceivedAt, DueAt: due,
		Paused: r.State == IdentityVerification, Extension: r.Extension, History: r.History, Reports: r.Reports,
		Subject: SubjectView{Name: MaskName(r.Name), Identifiers: r.Keys},
	}
	if r.State.Open() {
		v.DaysLeft = DaysLeft(now, due)
		v.Overdue = now.After(due)
	}
	return v
}

// MaskName keeps each word's first letter: "Anna Rossi" → "A*** R****".
func MaskName(name string) string {
	var b strings.Builder
	first := true
	for _, r := range name {
		switch {
		case unicode.IsSpace(r) || r == '-':
			b.WriteRune(r)
			first = true
		case first:
			b.WriteRune(r)
			first = false
		default:
			b.WriteByte('*')
		}
	}
	return b.String()
}

// newID is a request id: its creation date and 48 random bits.
func newID(now time.Time) string {
	var b [6]byte
	rand.Read(b[:])
	return "dsar-" + now.Format("20060102") + "-" + hex.EncodeToString(b[:])
}

// ValidID says whether id can name a request file (no path tricks).
func ValidID(id string) bool {
	return strings.HasPrefix(id, "dsar-") && len(id) < 64 && filepath.Base(id) == id && !strings.ContainsAny(id, "./\\")
}
