package indexer

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/piid/piid/api"
	"github.com/piid/piid/index"
	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
)

// The indexer in process (so the race detector sees it): files indexed at
// start and on change, searched by identifier, metrics lint-clean.
func TestIndexerInProcess(t *testing.T) {
	root := t.TempDir()
	watch := filepath.Join(root, "w")
	os.MkdirAll(filepath.Join(watch, "a"), 0o755)
	os.WriteFile(filepath.Join(watch, "a", "c.csv"), []byte("id,email,phone\n1,li.wei@example.com,+44 20 7946 0958\n"), 0o644)

	ix, err := index.Open(index.DefaultOptions(filepath.Join(root, "ix")))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	cat, err := patterns.New(patterns.Options{HashKey: []byte("indexer-test-key-0123456789")})
	if err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	d, err := New(ix, scanner.New(cat, scanner.Options{MinConfidence: 0.5}), Options{
		Roots: []string{watch}, Workers: 2, Quiet: 50 * time.Millisecond, Registry: reg})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()

	found := func(email string) int {
		r, err := d.Search(ctx, []api.Identifier{{Type: "email", Value: email}})
		if err != nil {
			t.Fatal(err)
		}
		return len(r.Findings)
	}
	wait := func(what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(15 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("timed out: %s", what)
			}
		}
	}
	wait("ready and indexed", func() bool { return d.Ready() == nil && found("LI.WEI@example.com") == 1 })

	os.WriteFile(filepath.Join(watch, "a", "n.log"), []byte("user=zoe.ng@example.org\n"), 0o644)
	wait("new file", func() bool { return found("zoe.ng@example.org") == 1 })

	st, err := d.StartScan(ctx, []string{watch})
	if err != nil {
		t.Fatal(err)
	}
	wait("api scan", func() bool { s, _ := d.Scan(st.ID); return s.Status == "done" && s.Files == 2 && s.Findings == 3 })
	if _, err := d.StartScan(ctx, []string{root}); err == nil {
		t.Error("a scan outside the roots was accepted")
	}
	if _, err := d.Search(ctx, []api.Identifier{{Type: "iban", Value: "DE00 0000"}}); err == nil {
		t.Error("an invalid IBAN was searched")
	}

	if problems, err := testutil.GatherAndLint(reg); err != nil || len(problems) > 0 {
		t.Errorf("metrics lint: %v %+v", err, problems)
	}
	if n := testutil.ToFloat64(d.m.files); n < 2 {
		t.Errorf("piid_scanned_files_total = %v", n)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
