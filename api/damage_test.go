package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/piid/piid/index"
	"github.com/piid/piid/scanner"
)

// damagedBackend answers every read as an index that met damage does.
type damagedBackend struct{ *testBackend }

var errDamaged = fmt.Errorf("index: search: %w: the block of path id 1, generation 1, at offset 0", index.ErrCorrupt)

func (damagedBackend) Findings(index.FindingQuery) ([]scanner.Finding, string, error) {
	return nil, "", errDamaged
}

func (damagedBackend) Search(context.Context, []Identifier) (index.SearchResult, error) {
	return index.SearchResult{}, errDamaged
}

// TestIndexCorrupt: a read that met damage in the index is 503
// index_corrupt, telling what to run, never 200 nor a bare 500.
func TestIndexCorrupt(t *testing.T) {
	e := newEnv(t, func(b *testBackend) Backend { return damagedBackend{b} })
	for _, r := range []struct {
		method, path string
		body         any
	}{
		{"GET", "/v1/findings", nil},
		{"POST", "/v1/subjects/search", map[string]any{"identifiers": []map[string]string{{"type": "email", "value": "a@example.org"}}}},
	} {
		res, b := e.req(r.method, r.path, r.body)
		wantStatus(t, res, b, http.StatusServiceUnavailable, "index_corrupt")
		if msg := errMessage(t, b); !strings.Contains(msg, "piid index verify") || !strings.Contains(msg, "piid index rebuild") {
			t.Errorf("%s %s: %q does not say what to run", r.method, r.path, msg)
		}
	}
}
