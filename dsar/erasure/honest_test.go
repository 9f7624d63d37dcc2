package erasure

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/piid/piid/dsar"
)

// auditTypes counts the trail's events by type.
func (f *fixture) auditTypes(t *testing.T) map[string]int {
	t.Helper()
	evs, _, err := f.audit.Since(0, time.Time{}, 1000)
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, ev := range evs {
		n[ev.Type]++
	}
	return n
}

// A plan that locates nothing ends nothing_found: never verified, never
// approved, audited, listed; its identifiers become tombstones so the
// subject's data turning up later is flagged.
func TestNothingFound(t *testing.T) {
	f := newFixture(t, 0)
	f.index(t, f.write(t, "c.csv", header+otherRow))
	e, err := f.svc.Plan(context.Background(), PlanInput{Identifiers: anna, Strategy: Redact, Actor: "dpo"})
	if err != nil || e.Status != NothingFound || len(e.Plan) != 0 {
		t.Fatalf("plan of an unknown subject: %+v %v", e, err)
	}
	var se *StateError
	if _, err := f.svc.Approve(e.ID, "legal", ""); !errors.As(err, &se) {
		t.Fatalf("approve a nothing_found erasure: %v", err)
	}
	if l := f.svc.List(NothingFound); len(l) != 1 || l[0].ID != e.ID {
		t.Fatalf("list by status: %+v", l)
	}
	if got := f.auditTypes(t); got["erasure.nothing_found"] != 1 || got["erasure.planned"] != 0 {
		t.Fatalf("audit: %v", got)
	}
	f.runUntil(t, e.ID, NothingFound)
	if got, _ := f.svc.Get(e.ID); got.Status != NothingFound {
		t.Fatalf("after a run: %s", got.Status)
	}
	// The subject's data arrives later: flagged, and a plan awaits review.
	f.index(t, f.write(t, "late/c.csv", header+annaRow))
	deadline := time.Now().Add(5 * time.Second)
	for testutil.ToFloat64(f.svc.m.hits) < 2 || len(f.svc.List(PendingReview)) != 1 {
		if time.Now().After(deadline) {
			t.Fatalf("hits %v, pending %+v", testutil.ToFloat64(f.svc.m.hits), f.svc.List(PendingReview))
		}
		time.Sleep(10 * time.Millisecond)
	}
	if n := f.svc.List(PendingReview)[0]; n.Resurfaced != e.ID || len(n.Plan) != 2 {
		t.Fatalf("new plan: %+v", n)
	}
}

// An approved erasure whose plan holds no location (its locations were
// found again as none) is never verified by an index that holds nothing.
func TestZeroLocationsNeverVerified(t *testing.T) {
	f := newFixture(t, 0)
	keys, err := dsar.KeysOf(f.svc.cat, anna, "identifiers")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	e := &Erasure{ID: newID(now), Status: Approved, Strategy: Redact, Identifiers: keys, CreatedAt: now, CreatedBy: "dpo",
		Manual: []string{}, Plan: []Item{}, Files: []File{}, Results: []Result{}, ApplyAt: now,
		History: []Step{{Status: PendingReview, At: now, Actor: "dpo"}, {Status: Approved, At: now, Actor: "legal"}}}
	if err := f.svc.put(e); err != nil {
		t.Fatal(err)
	}
	got := f.runUntil(t, e.ID, NothingFound)
	if f.auditTypes(t)["erasure.verified"] != 0 || got.History[len(got.History)-1].Status != NothingFound {
		t.Fatalf("%+v", got)
	}
}

// A file named after the subject: its content is erased, the renaming is
// a manual item, and the erasure is not verified while the index holds
// the path; nothing of the name rests in clear in the trail or the
// erasure's record.
func TestFileNameHoldsTheSubject(t *testing.T) {
	f := newFixture(t, 0)
	named := f.write(t, "exports/Anna.Rossi@example.it.csv", header+annaRow+otherRow)
	phone := f.write(t, "calls/+39 06 1234 5678 (2024).log", "called +39 06 1234 5678 at 10:00\n")
	plain := f.write(t, "crm/c.csv", header+annaRow)
	f.index(t, named, phone, plain)
	e, err := f.svc.Plan(context.Background(), PlanInput{Identifiers: anna, Strategy: Redact, Actor: "dpo"})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, it := range e.Plan {
		if isNameItem(it) {
			names[it.Path] = it.Type + ": " + it.Reason
		}
	}
	if len(names) != 2 || names[named] != "email: the file name holds the subject's email; rename it by hand" ||
		names[phone] != "phone: the file name holds the subject's phone; rename it by hand" || len(e.Manual) != 2 {
		t.Fatalf("name items: %v, manual %v", names, e.Manual)
	}
	for _, fl := range e.Files {
		if (fl.Name != "") != (fl.Path != plain) || fl.Manual != "" {
			t.Fatalf("file %+v", fl)
		}
	}
	f.svc.Approve(e.ID, "legal", "the subject asked, see ticket 12 of anna.rossi")
	e = f.runUntilNote(t, e.ID, renameNote)
	if e.Status != Applied {
		t.Fatalf("status %s", e.Status)
	}
	if b, _ := os.ReadFile(named); string(b) != header+"1,Anna Rossi,[REDACTED:email],[REDACTED:phone]\n"+otherRow {
		t.Fatalf("content not erased: %q", b)
	}
	if len(e.Remaining) != 2 || !isNameItem(e.Remaining[0]) {
		t.Fatalf("remaining: %+v", e.Remaining)
	}
	// Nothing of the names in clear at rest or in the trail.
	for _, dir := range []string{f.svc.opts.Dir, filepath.Dir(f.svc.opts.Dir)} {
		filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
			if err == nil && !fi.IsDir() {
				b, _ := os.ReadFile(p)
				for _, raw := range []string{"Anna.Rossi", "anna.rossi", "1234 5678", "ticket 12"} {
					if strings.Contains(string(b), raw) {
						t.Errorf("%s holds %q", p, raw)
					}
				}
			}
			return nil
		})
	}
	// Renamed by hand (the index drops the old paths): a new erasure of
	// the subject is verified.
	for _, p := range []string{named, phone} {
		os.Rename(p, filepath.Join(filepath.Dir(p), "renamed"+filepath.Ext(p)))
		if err := f.ix.RemoveFile(p); err != nil {
			t.Fatal(err)
		}
	}
	f.index(t, filepath.Join(filepath.Dir(named), "renamed.csv"), filepath.Join(filepath.Dir(phone), "renamed.log"))
	f.svc.finish(context.Background(), e.ID) // as the retry of applied erasures does
	if e, _ := f.svc.Get(e.ID); e.Status != Verified || len(e.Remaining) != 0 {
		t.Fatalf("after renaming: %s %+v", e.Status, e.Remaining)
	}
	if n := f.auditTypes(t)["erasure.rename_needed"]; n != 1 {
		t.Fatalf("%d rename_needed events", n)
	}
}

func (f *fixture) runUntilNote(t *testing.T, id, note string) *Erasure {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { f.svc.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		e, _ := f.svc.Get(id)
		if len(e.History) > 0 && e.History[len(e.History)-1].Note == note {
			return e
		}
		if time.Now().After(deadline) {
			t.Fatalf("erasure %s: %s, waiting for %q: %+v", id, e.Status, note, e)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// An erasure stored in clear by an earlier release still opens, and is
// sealed when the service opens.
func TestClearErasureIsSealed(t *testing.T) {
	f := newFixture(t, 0)
	f.index(t, f.write(t, "anna.rossi@example.it/c.csv", header+annaRow))
	e, err := f.svc.Plan(context.Background(), PlanInput{Identifiers: anna, Strategy: Redact, Actor: "dpo"})
	if err != nil {
		t.Fatal(err)
	}
	clear, _ := json.Marshal(e)
	file := filepath.Join(f.svc.opts.Dir, e.ID+".json")
	os.WriteFile(file, clear, 0o600)
	svc, err := New(f.svc.opts)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := svc.Get(e.ID); err != nil || len(got.Plan) != len(e.Plan) || got.Files[0].Name == "" {
		t.Fatalf("reopened: %+v %v", got, err)
	}
	if b, _ := os.ReadFile(file); strings.Contains(string(b), "anna.rossi") || !strings.Contains(string(b), `"sealed"`) {
		t.Fatalf("still in clear: %s", b)
	}
}

// Four eyes: with require_distinct_reviewer, the planner cannot approve
// (audited), another reviewer can; without it, the planner can.
func TestFourEyes(t *testing.T) {
	for _, distinct := range []bool{true, false} {
		f := newFixture(t, time.Hour)
		f.svc.opts.RequireDistinctReviewer = distinct
		f.index(t, f.write(t, "c.csv", header+annaRow))
		e, err := f.svc.Plan(context.Background(), PlanInput{Identifiers: anna, Strategy: Redact, Actor: "dpo@example.org"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Approve(e.ID, " DPO@example.org ", "looks right")
		var re *ReviewerError
		if distinct != errors.As(err, &re) {
			t.Fatalf("distinct %v: approval by the planner: %v", distinct, err)
		}
		if !distinct {
			continue
		}
		if got, _ := f.svc.Get(e.ID); got.Status != PendingReview {
			t.Fatalf("status after a refused approval: %s", got.Status)
		}
		if f.auditTypes(t)["erasure.approval_refused"] != 1 {
			t.Fatalf("refusal not audited: %v", f.auditTypes(t))
		}
		if got, err := f.svc.Approve(e.ID, "legal@example.org", ""); err != nil || got.Status != Approved {
			t.Fatalf("approval by another: %+v %v", got, err)
		}
	}
}
