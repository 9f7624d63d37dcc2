package erasure

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/piid/piid/dsar"
)

// An erasure by a weak identifier alone (a date of birth many people
// share) plans nothing of another person's row: her row is listed for
// review with its own reason and applying leaves the file as it was.
func TestErasureNeverPlansOnAWeakIdentifier(t *testing.T) {
	f := newFixture(t, 0)
	doc := "id,name,email,date_of_birth\n1,Claire Martin,claire.martin@example.fr,1984-03-12\n"
	p := f.write(t, "crm.csv", doc)
	f.index(t, p)
	e, err := f.svc.Plan(context.Background(), PlanInput{Identifiers: []dsar.Identifier{{Type: "date_of_birth", Value: "1984-03-12"}}, Strategy: DeleteRecord, Actor: "dpo"})
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Plan) != 0 {
		t.Fatalf("plan %+v: a shared date of birth planned a row for deletion", e.Plan)
	}
	if len(e.Review) != 1 || e.Review[0].Type != "date_of_birth" || !strings.Contains(e.Review[0].Reason, "many people share") {
		t.Fatalf("review %+v, want her date of birth held back as weak", e.Review)
	}
	if b, _ := os.ReadFile(p); string(b) != doc {
		t.Fatalf("the file changed: %q", b)
	}
}

// Sam's email names his row: his date of birth there is erased with it,
// and the other row sharing it is not touched.
func TestErasureWeakIdentifierInHisRecord(t *testing.T) {
	f := newFixture(t, 0)
	claire := "1,Claire Martin,claire.martin@example.fr,1984-03-12\n"
	p := f.write(t, "crm.csv", "id,name,email,date_of_birth\n"+claire+"2,Sam Jones,sam@example.com,1984-03-12\n")
	f.index(t, p)
	ids := []dsar.Identifier{{Type: "email", Value: "sam@example.com"}, {Type: "date_of_birth", Value: "1984-03-12"}}
	e, err := f.svc.Plan(context.Background(), PlanInput{Identifiers: ids, Strategy: DeleteRecord, Actor: "dpo"})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range e.Plan {
		if it.Record == nil || it.Record.Row != 2 {
			t.Errorf("planned %+v, outside his row", it)
		}
	}
	if len(e.Plan) != 2 || len(e.Review) != 1 || e.Review[0].Record.Row != 1 {
		t.Fatalf("plan %+v review %+v", e.Plan, e.Review)
	}
	f.svc.Approve(e.ID, "legal", "")
	f.runUntil(t, e.ID, Verified)
	if b, _ := os.ReadFile(p); string(b) != "id,name,email,date_of_birth\n"+claire {
		t.Fatalf("after the erasure: %q, want Claire's row untouched", b)
	}
}
