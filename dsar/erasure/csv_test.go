package erasure

import (
	"context"
	"os"
	"testing"
)

// A comma-separated export named .tsv, Anna's row holding a quoted
// multi-line note: delete_record removes exactly her row (the rewriter
// once took a tab and left "line two\"" behind).
func TestDeleteRecordCommaSeparatedTSV(t *testing.T) {
	f := newFixture(t, 0)
	const hdr = "id,name,email,phone,notes\n"
	const other = "2,Marco Bianchi,marco.bianchi@example.it,+39 02 8765 4321,plain\n"
	p := f.write(t, "export.tsv", hdr+"1,Anna Rossi,anna.rossi@example.it,+39 06 1234 5678,\"line one\nline two\"\n"+other)
	f.index(t, p)
	e, err := f.svc.Plan(context.Background(), PlanInput{Identifiers: anna, Strategy: DeleteRecord, Actor: "dpo"})
	if err != nil {
		t.Fatal(err)
	}
	f.svc.Approve(e.ID, "legal", "")
	f.runUntil(t, e.ID, Verified)
	if b, _ := os.ReadFile(p); string(b) != hdr+other {
		t.Errorf("after delete_record: %q", b)
	}
}
