package erasure

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/piid/piid/dsar"
	"github.com/piid/piid/dsar/audit"
	"github.com/piid/piid/dsar/internal/indextest"
	"github.com/piid/piid/index"
	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
)

type fixture struct {
	svc   *Service
	ix    *index.Index
	sc    *scanner.Scanner
	audit *audit.Log
	root  string
	reg   *prometheus.Registry
	blind bool // index without telling the service (a stop before it heard)
	// adjust, when set, changes each finding indexed and rescanned (the
	// scanner's ambiguous readings, indextest.Ambiguous).
	adjust func(*scanner.Finding)
}

func newFixture(t *testing.T, grace time.Duration) *fixture {
	t.Helper()
	cat, err := (&patterns.Config{}).NewCatalog([]byte("test key of the erasure tests 32"), nil)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(index.DefaultOptions(filepath.Join(t.TempDir(), "index")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	data := t.TempDir()
	al, err := audit.Open(filepath.Join(data, "audit"), cat.Hasher().Derive("audit"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { al.Close() })
	f := &fixture{ix: ix, sc: scanner.New(cat, scanner.Options{MinConfidence: 0.5, Reveal: true}), audit: al, root: t.TempDir(), reg: prometheus.NewRegistry()}
	f.svc, err = New(Options{Dir: filepath.Join(data, "erasures"), Index: ix, Scanner: f.sc, Audit: al, Grace: grace,
		Reindex: func(ctx context.Context, paths []string) error { f.index(t, paths...); return nil }, ReplanOnResurface: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.RegisterMetrics(f.reg); err != nil {
		t.Fatal(err)
	}
	return f
}

// index scans and commits files as the daemon does, telling the erasure
// service what it indexed (unless blind).
func (f *fixture) index(t *testing.T, paths ...string) {
	t.Helper()
	var obs indextest.Observer = f.svc
	if f.blind {
		obs = nil
	}
	indextest.IndexAdjusted(t, f.ix, f.sc, obs, f.adjust, paths...)
}

func (f *fixture) write(t *testing.T, name, data string) string {
	t.Helper()
	p := filepath.Join(f.root, name)
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(data), 0o640); err != nil {
		t.Fatal(err)
	}
	return p
}

func (f *fixture) writeGzip(t *testing.T, name, data string) string {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(data))
	zw.Close()
	return f.write(t, name, b.String())
}

// run applies what is due and returns when ctx's short life ends.
// eraseAnna indexes c.csv holding Anna's row and runs an approved
// delete_record erasure of her to verified.
func (f *fixture) eraseAnna(t *testing.T) *Erasure {
	t.Helper()
	p := f.write(t, "c.csv", header+annaRow)
	f.index(t, p)
	e, _ := f.svc.Plan(context.Background(), PlanInput{Identifiers: anna, Strategy: DeleteRecord, Actor: "dpo"})
	f.svc.Approve(e.ID, "legal", "")
	return f.runUntil(t, e.ID, Verified)
}

func (f *fixture) runUntil(t *testing.T, id string, want Status) *Erasure {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { f.svc.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		e, _ := f.svc.Get(id)
		if e.Status == want {
			return e
		}
		if time.Now().After(deadline) {
			t.Fatalf("erasure %s: %s, want %s: %+v", id, e.Status, want, e)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func gunzip(t *testing.T, p string) string {
	fh, _ := os.Open(p)
	defer fh.Close()
	zr, err := gzip.NewReader(fh)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := b.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

const (
	otherRow  = "2,Marco Bianchi,marco.bianchi@example.it,+39 02 8765 4321\n"
	header    = "id,name,email,phone\n"
	annaRow   = "1,Anna Rossi,anna.rossi@example.it,+39 06 1234 5678\n"
	annaEmail = "anna.rossi@example.it"
)

var anna = []dsar.Identifier{{Type: "email", Value: annaEmail}, {Type: "phone", Value: "+39 06 1234 5678"}}

func TestRejectedChangesNothing(t *testing.T) {
	f := newFixture(t, 0)
	p := f.write(t, "crm.csv", header+annaRow+otherRow)
	f.index(t, p)
	dry, err := f.svc.Plan(context.Background(), PlanInput{Identifiers: anna, Strategy: Redact, DryRun: true, Actor: "dpo"})
	if err != nil || dry.Status != DryRun || len(dry.Plan) != 2 || len(f.svc.List("")) != 0 {
		t.Fatalf("dry run: %+v %v", dry, err)
	}
	e, err := f.svc.Plan(context.Background(), PlanInput{Identifiers: anna, Strategy: Redact, Actor: "dpo"})
	if err != nil || e.Status != PendingReview || len(e.Plan) != 2 || e.Plan[0].Action != "redact" {
		t.Fatalf("plan: %+v %v", e, err)
	}
	if _, err := f.svc.Approve(e.ID, "", "ok"); err == nil {
		t.Fatal("approved without a reviewer")
	}
	if _, err := f.svc.Reject(e.ID, "legal", "retention obligation (Art. 17(3)(b))"); err != nil {
		t.Fatal(err)
	}
	var se *StateError
	if _, err := f.svc.Approve(e.ID, "legal", "changed my mind"); !errors.As(err, &se) {
		t.Fatalf("approve after reject: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	f.svc.Run(ctx)
	cancel()
	if b, _ := os.ReadFile(p); string(b) != header+annaRow+otherRow {
		t.Fatalf("a rejected erasure changed the file: %q", b)
	}
	if res, _ := f.audit.Verify(); !res.OK || res.Events != 2 {
		t.Fatalf("audit: %+v", res)
	}
}

func TestRedactAcrossFormats(t *testing.T) {
	f := newFixture(t, 0)
	csvP := f.write(t, "crm/customers.csv", header+annaRow+otherRow)
	jsonl := f.write(t, "events/signup.jsonl", `{"user":{"email":"marco.bianchi@example.it"}}`+"\n"+`{"user":{"email":"anna.rossi@example.it","plan":"pro"}}`+"\n")
	logP := f.write(t, "logs/app.log", "10:00 login user=anna.rossi@example.it ok\n10:01 login user=marco.bianchi@example.it ok\n")
	gz := f.writeGzip(t, "exports/old.csv.gz", header+otherRow+annaRow)
	f.index(t, csvP, jsonl, logP, gz)
	e, err := f.svc.Plan(context.Background(), PlanInput{Identifiers: anna, Strategy: Redact, Actor: "dpo"})
	if err != nil || len(e.Files) != 4 || len(e.Manual) != 0 {
		t.Fatalf("plan: %+v %v", e, err)
	}
	if _, err := f.svc.Approve(e.ID, "legal", "verified request"); err != nil {
		t.Fatal(err)
	}
	e = f.runUntil(t, e.ID, Verified)
	want := map[string]string{
		csvP:  header + "1,Anna Rossi,[REDACTED:email],[REDACTED:phone]\n" + otherRow,
		jsonl: `{"user":{"email":"marco.bianchi@example.it"}}` + "\n" + `{"user":{"email":"[REDACTED:email]","plan":"pro"}}` + "\n",
		logP:  "10:00 login user=[REDACTED:email] ok\n10:01 login user=marco.bianchi@example.it ok\n",
	}
	for p, w := range want {
		if b, _ := os.ReadFile(p); string(b) != w {
			t.Errorf("%s:\n%q\nwant\n%q", filepath.Base(p), b, w)
		}
	}
	if got := gunzip(t, gz); got != header+otherRow+"1,Anna Rossi,[REDACTED:email],[REDACTED:phone]\n" {
		t.Errorf("gzip: %q", got)
	}
	if fi, _ := os.Stat(csvP); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v", fi.Mode())
	}
	if r, _ := f.ix.Search([]index.Identifier{{Type: "email", Hash: e.Identifiers[0].Hash}}); len(r.Findings) != 0 {
		t.Errorf("still found: %+v", r.Findings)
	}
	types := map[string]bool{}
	evs, _, _ := f.audit.Since(0, time.Time{}, 100)
	for _, ev := range evs {
		types[ev.Type] = true
		if bytes.Contains(ev.Data, []byte("anna")) {
			t.Errorf("a raw value in the trail: %s", ev.Data)
		}
	}
	for _, ty := range []string{"erasure.planned", "erasure.approved", "erasure.applying", "erasure.file", "erasure.applied", "erasure.verified"} {
		if !types[ty] {
			t.Errorf("no %s event", ty)
		}
	}
	if res, _ := f.audit.Verify(); !res.OK {
		t.Fatalf("audit: %+v", res)
	}
}

func TestStrategies(t *testing.T) {
	for _, tc := range []struct {
		strategy Strategy
		check    func(t *testing.T, got string)
	}{
		{Mask, func(t *testing.T, got string) {
			if strings.Contains(got, annaEmail) || !strings.Contains(got, "1,Anna Rossi,a") || !strings.Contains(got, "@e") || !strings.Contains(got, "\n"+otherRow) {
				t.Errorf("mask: %q", got)
			}
		}},
		{Pseudonymize, func(t *testing.T, got string) {
			lines := strings.Split(got, "\n")
			// The same email, twice, gets the same token.
			a := strings.Split(lines[1], ",")[2]
			b := strings.Split(lines[3], ",")[2]
			if !strings.HasPrefix(a, "[PSEUDO:email:") || a != b || strings.Contains(got, annaEmail) || lines[2]+"\n" != otherRow {
				t.Errorf("pseudonymize: %q", got)
			}
		}},
		{DeleteRecord, func(t *testing.T, got string) {
			if got != header+otherRow {
				t.Errorf("delete_record: %q", got)
			}
		}},
	} {
		t.Run(string(tc.strategy), func(t *testing.T) {
			f := newFixture(t, 0)
			p := f.write(t, "c.csv", header+annaRow+otherRow+"3,Anna Rossi,anna.rossi@example.it,\n")
			f.index(t, p)
			e, err := f.svc.Plan(context.Background(), PlanInput{Identifiers: anna, Strategy: tc.strategy, Actor: "dpo"})
			if err != nil {
				t.Fatal(err)
			}
			f.svc.Approve(e.ID, "legal", "")
			f.runUntil(t, e.ID, Verified)
			b, _ := os.ReadFile(p)
			tc.check(t, string(b))
		})
	}
}

func TestManualAndGrace(t *testing.T) {
	f := newFixture(t, time.Hour)
	doc := f.write(t, "export.json", `[{"email":"anna.rossi@example.it"},{"email":"marco.bianchi@example.it"}]`)
	f.index(t, doc)
	e, err := f.svc.Plan(context.Background(), PlanInput{Identifiers: anna, Strategy: DeleteRecord, Actor: "dpo"})
	if err != nil || len(e.Manual) != 1 || e.Plan[0].Action != Manual || e.Plan[0].Reason == "" {
		t.Fatalf("a JSON document's record cannot be deleted in place: %+v %v", e, err)
	}
	e, _ = f.svc.Approve(e.ID, "legal", "")
	if e.ApplyAt.Sub(time.Now()) < 59*time.Minute {
		t.Fatalf("grace: apply at %s", e.ApplyAt)
	}
	if _, err := f.svc.Cancel(e.ID, "legal", "wrong person"); err != nil {
		t.Fatal(err)
	}
	if e, _ := f.svc.Get(e.ID); e.Status != Cancelled {
		t.Fatalf("%s", e.Status)
	}
}

// A file changed since the plan is planned again at apply time.
func TestChangedFileIsReplanned(t *testing.T) {
	f := newFixture(t, 0)
	p := f.write(t, "c.csv", header+annaRow+otherRow)
	f.index(t, p)
	e, _ := f.svc.Plan(context.Background(), PlanInput{Identifiers: anna, Strategy: Redact, Actor: "dpo"})
	os.WriteFile(p, []byte(header+otherRow+"9,Anna,anna.rossi@example.it,\n"), 0o640)
	f.svc.Approve(e.ID, "legal", "")
	e = f.runUntil(t, e.ID, Verified)
	if !e.Results[0].Replanned {
		t.Errorf("not marked replanned: %+v", e.Results)
	}
	if b, _ := os.ReadFile(p); string(b) != header+otherRow+"9,Anna,[REDACTED:email],\n" {
		t.Errorf("%q", b)
	}
}

func TestTombstone(t *testing.T) {
	f := newFixture(t, 0)
	e := f.eraseAnna(t)
	// A restore from backup brings the email back.
	back := f.write(t, "restored/c.csv", header+annaRow)
	f.index(t, back)
	deadline := time.Now().Add(5 * time.Second)
	for testutil.ToFloat64(f.svc.m.hits) < 2 || len(f.svc.List(PendingReview)) < 1 {
		if time.Now().After(deadline) {
			t.Fatalf("hits %v, pending %d", testutil.ToFloat64(f.svc.m.hits), len(f.svc.List(PendingReview)))
		}
		time.Sleep(10 * time.Millisecond)
	}
	for _, n := range f.svc.List(PendingReview) {
		if n.Resurfaced != e.ID || len(n.Plan) != 2 || n.Plan[0].Path != back || len(n.Identifiers) != 2 {
			t.Errorf("new plan: %+v", n)
		}
	}
	evs, _, _ := f.audit.Since(0, time.Time{}, 100)
	hits := 0
	for _, ev := range evs {
		if ev.Type == "erasure.tombstone_hit" && bytes.Contains(ev.Data, []byte(e.ID)) {
			hits++
		}
	}
	if hits != 2 {
		t.Errorf("tombstone events: %d", hits)
	}
	if problems, err := testutil.CollectAndLint(f.reg); err != nil || len(problems) > 0 {
		t.Error(problems, err)
	}
}

// An erasure cancelled after the loop listed it is not applied.
func TestCancelledIsNeverApplied(t *testing.T) {
	f := newFixture(t, 0)
	p := f.write(t, "c.csv", header+annaRow+otherRow)
	f.index(t, p)
	e, _ := f.svc.Plan(context.Background(), PlanInput{Identifiers: anna, Strategy: Redact, Actor: "dpo"})
	f.svc.Approve(e.ID, "legal", "")
	f.svc.Cancel(e.ID, "legal", "wrong person")
	f.svc.apply(context.Background(), e.ID) // as the loop would, from its earlier list
	if b, _ := os.ReadFile(p); string(b) != header+annaRow+otherRow {
		t.Fatalf("a cancelled erasure was applied: %q", b)
	}
	if got, _ := f.svc.Get(e.ID); got.Status != Cancelled {
		t.Fatalf("status %s", got.Status)
	}
}

// A value indexed while the service did not hear of it (a stop in
// between) is flagged by the sweep at the next start.
func TestTombstoneSweep(t *testing.T) {
	f := newFixture(t, 0)
	e := f.eraseAnna(t)
	f.blind = true
	f.index(t, f.write(t, "restored/c.csv", header+annaRow))
	f.svc.sweep()
	if got := testutil.ToFloat64(f.svc.m.hits); got != 2 {
		t.Fatalf("hits after the sweep: %v", got)
	}
	if l := f.svc.List(PendingReview); len(l) != 1 || l[0].Resurfaced != e.ID {
		t.Fatalf("plans: %+v", l)
	}
	f.svc.sweep() // flagged once
	if got := testutil.ToFloat64(f.svc.m.hits); got != 2 {
		t.Fatalf("hits after a second sweep: %v", got)
	}
}

// Another file renamed over the planned one (another inode) is not the
// file the plan saw: nothing is written, its result is failed with the
// reason, and the erasure fails, never verified.
func TestReplacedFileFailsTheErasure(t *testing.T) {
	f := newFixture(t, 0)
	p := f.write(t, "c.csv", header+annaRow+otherRow)
	f.index(t, p)
	e, _ := f.svc.Plan(context.Background(), PlanInput{Identifiers: anna, Strategy: Redact, Actor: "dpo"})
	if e.Files[0].Inode == 0 {
		t.Fatalf("the plan recorded no inode: %+v", e.Files)
	}
	other := f.write(t, "new.csv", header+annaRow+otherRow)
	if err := os.Rename(other, p); err != nil {
		t.Fatal(err)
	}
	f.svc.Approve(e.ID, "legal", "")
	e = f.runUntil(t, e.ID, Failed)
	if r := e.Results[0]; r.Status != "failed" || !strings.Contains(r.Error, "not the file the plan saw") {
		t.Errorf("result: %+v", r)
	}
	if b, _ := os.ReadFile(p); string(b) != header+annaRow+otherRow {
		t.Errorf("written: %q", b)
	}
}

// A file that no longer reads as it did when planned (another delimiter)
// is refused: the plan's offsets would name other fields. Nothing is
// written and the erasure fails.
func TestDialectChangedFailsTheErasure(t *testing.T) {
	f := newFixture(t, 0)
	p := f.write(t, "c.csv", header+annaRow+otherRow)
	f.index(t, p)
	e, _ := f.svc.Plan(context.Background(), PlanInput{Identifiers: anna, Strategy: Redact, Actor: "dpo"})
	if !strings.HasPrefix(e.Files[0].Dialect, "csv delim=0x2c") {
		t.Fatalf("the plan recorded no dialect: %+v", e.Files)
	}
	e.Files[0].Dialect = "csv delim=0x3b header" // as if planned on a semicolon file
	if err := f.svc.put(e); err != nil {
		t.Fatal(err)
	}
	f.svc.Approve(e.ID, "legal", "")
	e = f.runUntil(t, e.ID, Failed)
	if r := e.Results[0]; r.Status != "failed" || !strings.Contains(r.Error, "now reads as csv delim=0x2c") {
		t.Errorf("result: %+v", r)
	}
	if b, _ := os.ReadFile(p); string(b) != header+annaRow+otherRow {
		t.Errorf("written: %q", b)
	}
}
