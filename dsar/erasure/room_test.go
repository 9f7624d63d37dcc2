package erasure

import (
	"context"
	"os"
	"testing"
	"time"
)

// An approved erasure is not applied while the index and the audit trail
// cannot be written (a full data volume): it waits, then goes on.
func TestErasureWaitsForRoom(t *testing.T) {
	f := newFixture(t, 0)
	room := make(chan struct{})
	f.svc.opts.WaitWritable = func(ctx context.Context) error {
		select {
		case <-room:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	p := f.write(t, "c.csv", header+annaRow)
	f.index(t, p)
	e, err := f.svc.Plan(context.Background(), PlanInput{Identifiers: anna, Strategy: DeleteRecord, Actor: "dpo"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Approve(e.ID, "legal", ""); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { f.svc.Run(ctx); close(done) }()
	time.Sleep(300 * time.Millisecond)
	if got, _ := f.svc.Get(e.ID); got.Status != Approved {
		t.Errorf("without room: %s, want approved", got.Status)
	}
	if b, _ := os.ReadFile(p); string(b) != header+annaRow {
		t.Errorf("a file was rewritten without room: %q", b)
	}
	cancel()
	<-done
	close(room)
	f.runUntil(t, e.ID, Verified)
}
