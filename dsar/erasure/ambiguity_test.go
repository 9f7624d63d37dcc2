package erasure

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/piid/piid/dsar"
	"github.com/piid/piid/dsar/internal/indextest"
)

// A French customer (her mobile with its country code) and a Dutch one
// whose national-format mobile reads as French or Dutch: nothing in his
// row says which.
const (
	claireRow = "1,Claire Martin,claire.martin@example.fr,+33 6 12 96 15 61\n"
	janRow    = "2,Jan de Vries,jan.devries@example.com,06 12961561\n"
)

var claire = []dsar.Identifier{{Type: "phone", Value: "+33 6 12 96 15 61"}, {Type: "email", Value: "claire.martin@example.fr"}}

// An erasure plan for her never plans the Dutch row: it is listed under
// review; applying leaves it byte for byte; verification does not count
// it as left behind; and it is not taken for her erased value coming back.
func TestErasureNeverPlansAnAmbiguousRecord(t *testing.T) {
	f := newFixture(t, 0)
	f.adjust = indextest.Ambiguous(f.sc.Catalog(), "33", "31") // FR or NL
	f.svc.adjust = f.adjust
	p := f.write(t, "crm.csv", header+claireRow+janRow)
	f.index(t, p)

	e, err := f.svc.Plan(context.Background(), PlanInput{Identifiers: claire, Strategy: DeleteRecord, Actor: "dpo"})
	if err != nil || e.Status != PendingReview {
		t.Fatalf("plan: %+v %v", e, err)
	}
	if len(e.Plan) != 2 {
		t.Fatalf("plan %+v, want her row's email and mobile", e.Plan)
	}
	for _, it := range e.Plan {
		if it.Record == nil || it.Record.Row != 1 {
			t.Errorf("planned %+v, outside her row", it)
		}
	}
	if len(e.Review) != 1 || e.Review[0].Record == nil || e.Review[0].Record.Row != 2 || e.Review[0].Action != ForReview ||
		e.Review[0].Type != "phone" || e.Review[0].Reason == "" || e.Review[0].Masked == "" {
		t.Fatalf("review %+v, want the Dutch row's mobile", e.Review)
	}
	if got, _ := f.svc.Get(e.ID); len(got.Review) != 1 {
		t.Fatalf("the stored erasure lost its review list: %+v", got.Review)
	}
	if _, err := f.svc.Approve(e.ID, "legal", "request verified"); err != nil {
		t.Fatal(err)
	}
	done := f.runUntil(t, e.ID, Verified)
	if len(done.Remaining) != 0 {
		t.Fatalf("remaining %+v", done.Remaining)
	}
	if b, _ := os.ReadFile(p); string(b) != header+janRow {
		t.Fatalf("after the erasure: %q, want the Dutch row untouched", b)
	}
	// Her erased values are tombstones now; the Dutch row, read in one
	// country as her number, is not her value coming back.
	f.svc.sweep()
	if n := testutil.ToFloat64(f.svc.m.hits); n != 0 || f.auditTypes(t)["erasure.tombstone_hit"] != 0 {
		t.Fatalf("%v tombstone hits on an ambiguous reading", n)
	}
	f.index(t, p) // indexed again: Observe notes hits as they are indexed
	f.svc.hitMu.Lock()
	noted := len(f.svc.hits)
	f.svc.hitMu.Unlock()
	if noted != 0 {
		t.Fatalf("%d tombstone hits noted on an ambiguous reading", noted)
	}
}

// A record her email surely names is hers: its mobile, which reads as
// hers in one of its countries, is erased with it.
func TestErasureOfHerRecordTakesItsAmbiguousValue(t *testing.T) {
	f := newFixture(t, 0)
	f.adjust = indextest.Ambiguous(f.sc.Catalog(), "33", "31")
	f.svc.adjust = f.adjust
	row := "1,Claire Martin,claire@example.com,06 12961561\n"
	p := f.write(t, "crm.csv", header+row)
	f.index(t, p)
	ids := []dsar.Identifier{{Type: "phone", Value: "+33 6 12 96 15 61"}, {Type: "email", Value: "claire@example.com"}}
	e, err := f.svc.Plan(context.Background(), PlanInput{Identifiers: ids, Strategy: Redact, Actor: "dpo"})
	if err != nil || len(e.Plan) != 2 || len(e.Review) != 0 {
		t.Fatalf("plan %+v review %+v %v", e.Plan, e.Review, err)
	}
	f.svc.Approve(e.ID, "legal", "")
	f.runUntil(t, e.ID, Verified)
	if b, _ := os.ReadFile(p); string(b) != header+"1,Claire Martin,[REDACTED:email],[REDACTED:phone]\n" {
		t.Fatalf("after the erasure: %q", b)
	}
}

// A JSON document holding an array of customers holds several people:
// her email in one element does not make the next element's mobile,
// which reads as hers only in one of its countries, hers to erase.
func TestErasureAttributesByArrayElement(t *testing.T) {
	f := newFixture(t, 0)
	f.adjust = indextest.Ambiguous(f.sc.Catalog(), "33", "31")
	f.svc.adjust = f.adjust
	jan := `{"name":"Jan de Vries","mobile":"06 12961561"}`
	doc := `{"customers":[{"name":"Claire Martin","mobile":"+33 6 12 96 15 61","email":"claire@example.com"},` + jan + "]}\n"
	ids := []dsar.Identifier{{Type: "phone", Value: "+33 6 12 96 15 61"}, {Type: "email", Value: "claire@example.com"}}
	p := f.write(t, "g.json", doc)
	f.index(t, p)
	e, err := f.svc.Plan(context.Background(), PlanInput{Identifiers: ids, Strategy: Redact, Actor: "dpo"})
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Plan) != 2 {
		t.Fatalf("plan %+v, want her element's email and mobile", e.Plan)
	}
	for _, it := range e.Plan {
		if it.Record == nil || !strings.HasPrefix(it.Record.Pointer, "/customers/0/") {
			t.Errorf("planned %+v, outside her element", it)
		}
	}
	if len(e.Review) != 1 || e.Review[0].Record == nil || e.Review[0].Record.Pointer != "/customers/1/mobile" {
		t.Fatalf("review %+v, want Jan's mobile", e.Review)
	}
	f.svc.Approve(e.ID, "legal", "")
	f.runUntil(t, e.ID, Verified)
	if b, _ := os.ReadFile(p); !strings.Contains(string(b), jan) || strings.Contains(string(b), "claire@") {
		t.Fatalf("after the erasure: %q, want hers redacted and Jan's element untouched", b)
	}
}
