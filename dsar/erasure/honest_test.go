package erasure

import (
	"context"
	"errors"
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
