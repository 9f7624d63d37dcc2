package api

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/piid/piid/index"
	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
)

// testBackend is a small, real Backend: a scanner and an index in a
// temporary folder. StartScan scans synchronously into the index, so a
// scan is done when it answers.
type testBackend struct {
	root string // the one watched folder
	cat  *patterns.Catalog
	sc   *scanner.Scanner
	ix   *index.Index

	mu    sync.Mutex
	scans map[string]ScanStatus
	ready error
}

var testHashKey = []byte("api-test-hash-key-0123456789abcdef")

func newTestBackend(t *testing.T) *testBackend {
	t.Helper()
	cat, err := patterns.New(patterns.Options{HashKey: testHashKey})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(index.DefaultOptions(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := ix.Close(); err != nil {
			t.Error(err)
		}
	})
	// The scanner reveals raw values, as a careless backend might: the
	// index drops them, and the API must never serve one either way.
	sc := scanner.New(cat, scanner.Options{Workers: 2, MinConfidence: 0.5, Reveal: true})
	return &testBackend{
		root:  t.TempDir(),
		cat:   cat,
		sc:    sc,
		ix:    ix,
		scans: make(map[string]ScanStatus),
	}
}

// write creates a file under the watched folder and returns its path.
func (b *testBackend) write(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(b.root, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func (b *testBackend) setReady(err error) {
	b.mu.Lock()
	b.ready = err
	b.mu.Unlock()
}

func (b *testBackend) Ready() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.ready
}

func (b *testBackend) StartScan(ctx context.Context, paths []string) (ScanStatus, error) {
	for _, p := range paths {
		rel, err := filepath.Rel(b.root, filepath.Clean(p))
		if err != nil || !filepath.IsAbs(p) || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return ScanStatus{}, fmt.Errorf("%s: %w", p, ErrOutsideRoots)
		}
		if _, err := os.Stat(p); errors.Is(err, os.ErrNotExist) {
			return ScanStatus{}, fmt.Errorf("%s: %w", p, ErrNotFound)
		} else if err != nil {
			return ScanStatus{}, err
		}
	}
	var (
		mu       sync.Mutex
		writers  = make(map[string]*index.Writer)
		firstErr error
	)
	fail := func(err error) {
		if firstErr == nil {
			firstErr = err
		}
	}
	st, err := b.sc.Scan(ctx, paths, func(r *scanner.FileResult) {
		mu.Lock()
		defer mu.Unlock()
		w := writers[r.Path]
		if w == nil {
			if r.Done && r.Err != nil {
				return // unreadable: counted in the stats
			}
			var err error
			if w, err = b.ix.BeginFile(r.Path); err != nil {
				fail(err)
				return
			}
			writers[r.Path] = w
		}
		fs := make([]scanner.Finding, len(r.Findings))
		for i, f := range r.Findings {
			fs[i] = *f
		}
		if err := w.Add(fs); err != nil {
			fail(err)
		}
		if r.Done {
			delete(writers, r.Path)
			state := index.FileState{Size: r.Bytes, Bytes: r.Bytes}
			if r.Err != nil {
				state.Error = r.Err.Error()
			}
			if err := w.Commit(state); err != nil {
				fail(err)
			}
		}
	})
	if err == nil {
		err = firstErr
	}
	status := ScanStatus{Status: "done", Files: st.Files, Bytes: st.Bytes, Findings: st.Findings, Errors: st.Errors}
	if err != nil {
		status.Status = "failed"
	}
	b.mu.Lock()
	status.ID = "scan-" + strconv.Itoa(len(b.scans)+1)
	b.scans[status.ID] = status
	b.mu.Unlock()
	return status, nil
}

func (b *testBackend) Scan(id string) (ScanStatus, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s, ok := b.scans[id]
	return s, ok
}

func (b *testBackend) Findings(q index.FindingQuery) ([]scanner.Finding, string, error) {
	return b.ix.Findings(q)
}

func (b *testBackend) Search(ctx context.Context, ids []Identifier) (index.SearchResult, error) {
	want := make([]index.Identifier, len(ids))
	for i, id := range ids {
		t, ok := b.cat.TypeByID(id.Type)
		if !ok {
			return index.SearchResult{}, &InvalidIdentifierError{Index: i, Type: id.Type, Reason: "unknown type"}
		}
		if t.ID == "email" && !strings.Contains(id.Value, "@") {
			return index.SearchResult{}, &InvalidIdentifierError{Index: i, Type: id.Type, Reason: "not an email address"}
		}
		norm := b.cat.Normalize(t, id.Value)
		want[i] = index.Identifier{Type: t.ID, Hash: b.cat.Hasher().Sum(t.ID, []byte(norm))}
	}
	return b.ix.Search(want)
}

// leakyBackend hands out findings with raw values, as a buggy backend
// would: the API must clear them.
type leakyBackend struct{ *testBackend }

func (b leakyBackend) Findings(q index.FindingQuery) ([]scanner.Finding, string, error) {
	page, next, err := b.testBackend.Findings(q)
	for i := range page {
		page[i].Value = "LEAKED-RAW-VALUE"
	}
	return page, next, err
}

func (b leakyBackend) Search(ctx context.Context, ids []Identifier) (index.SearchResult, error) {
	res, err := b.testBackend.Search(ctx, ids)
	for i := range res.Findings {
		res.Findings[i].Value = "LEAKED-RAW-VALUE"
	}
	for i := range res.Records {
		for j := range res.Records[i].Findings {
			res.Records[i].Findings[j].Value = "LEAKED-RAW-VALUE"
		}
	}
	return res, err
}

// failingBackend fails Findings with an internal error, to check what the
// client and the log see.
type failingBackend struct{ *testBackend }

var errBackendBroken = errors.New("index: findings: disk on fire")

func (b failingBackend) Findings(index.FindingQuery) ([]scanner.Finding, string, error) {
	return nil, "", errBackendBroken
}

// panickyBackend panics in Scan.
type panickyBackend struct{ *testBackend }

func (panickyBackend) Scan(string) (ScanStatus, bool) { panic("boom") }
