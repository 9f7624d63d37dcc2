package erasure

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/piid/piid/dsar"
	"github.com/piid/piid/dsar/audit"
	"github.com/piid/piid/index"
	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
)

// testdata/written-before holds what piid stored when hashes crossed its
// packages as hex strings: three erasures (sealed; exports/c.csv deleted
// for Anna and pseudonymized for Marco, both verified; exports/d.csv
// pending review for Luca), the tombstones, and the audit trail of it
// all, under the erasure tests' key.
const (
	annaHash  = "e08a55439f9b4f500448a0066bff54c6b60fabd8aa56649cffb6da9d32cf5804"
	marcoHash = "37cc039f258f643803c36f1ccd277a8e4620298f7291997720242892ef6513a3"
	// marcoPseudonym is what the pseudonymize erasure wrote for Marco's
	// email: the same value must keep its pseudonym.
	marcoPseudonym = "[PSEUDO:email:66ca42f0abe062a8]"
)

// TestStoredBeforeLoadsTheSame: plans, tombstones and audit records hold
// the hash as hex on disk, as they did; what piid stored before loads,
// writes back byte for byte, and new audit records render hashes as the
// old ones did.
func TestStoredBeforeLoadsTheSame(t *testing.T) {
	from := filepath.Join("testdata", "written-before")
	data := t.TempDir()
	for _, sub := range []string{"erasures", "audit"} {
		if err := os.CopyFS(filepath.Join(data, sub), os.DirFS(filepath.Join(from, sub))); err != nil {
			t.Fatal(err)
		}
	}
	cat, err := (&patterns.Config{}).NewCatalog([]byte("test key of the erasure tests 32"), nil)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(index.DefaultOptions(filepath.Join(t.TempDir(), "index")))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	al, err := audit.Open(filepath.Join(data, "audit"), cat.Hasher().Derive("audit"))
	if err != nil {
		t.Fatal(err)
	}
	defer al.Close()
	svc, err := New(Options{Dir: filepath.Join(data, "erasures"), Index: ix, Scanner: scanner.New(cat, scanner.Options{}), Audit: al})
	if err != nil {
		t.Fatal(err)
	}

	// Each erasure loads, and writes back the JSON it was stored as.
	es := svc.List("")
	if len(es) != 3 {
		t.Fatalf("%d erasures, want 3", len(es))
	}
	byHash := map[string]*Erasure{}
	for _, e := range es {
		sealedBytes, err := os.ReadFile(filepath.Join(from, "erasures", e.ID+".json"))
		if err != nil {
			t.Fatal(err)
		}
		_, plain, err := svc.box.Open(sealedBytes)
		if err != nil {
			t.Fatal(err)
		}
		again, err := json.Marshal(e)
		if err != nil || !bytes.Equal(again, plain) {
			t.Fatalf("%s written back differs:\n got %s\nwant %s", e.ID, again, plain)
		}
		byHash[e.Identifiers[0].Hash.String()] = e
	}
	anna, marco := byHash[annaHash], byHash[marcoHash]
	if anna == nil || marco == nil || anna.Status != Verified || anna.Plan[0].Hash.String() != annaHash {
		t.Fatalf("the erasures of Anna and Marco: %+v %+v", anna, marco)
	}

	// The tombstones load, and write back as stored.
	stored, err := os.ReadFile(filepath.Join(from, "erasures", tombstoneFile))
	if err != nil {
		t.Fatal(err)
	}
	if again, err := json.Marshal(svc.tomb.by); err != nil || !bytes.Equal(again, stored) {
		t.Fatalf("tombstones written back differ:\n got %s\nwant %s", again, stored)
	}
	h, err := patterns.ParseHash(annaHash)
	if err != nil {
		t.Fatal(err)
	}
	if ts, ok := svc.tomb.lookup(h); !ok || ts.Erasure != anna.ID || ts.Type != "email" {
		t.Fatalf("anna's tombstone: %+v %v", ts, ok)
	}

	// The trail verifies, and the hashes it holds are rendered today as
	// they were then.
	if res, err := al.Verify(); err != nil || !res.OK || res.Events != 13 {
		t.Fatalf("audit: %+v %v", res, err)
	}
	evs, _, err := al.Since(0, time.Time{}, 100)
	if err != nil {
		t.Fatal(err)
	}
	var planned, paths int
	for _, ev := range evs {
		var d struct {
			ID          string        `json:"id"`
			Identifiers []string      `json:"identifiers"`
			Tombstones  []string      `json:"tombstones"`
			Path        *dsar.PathRef `json:"path"`
		}
		if err := json.Unmarshal(ev.Data, &d); err != nil {
			t.Fatal(err)
		}
		e, err := svc.Get(d.ID)
		if err != nil {
			t.Fatalf("%s: %v", ev.Type, err)
		}
		switch {
		case ev.Type == "erasure.planned":
			planned++
			if !slices.Equal(d.Identifiers, keyHashes(e.Identifiers)) {
				t.Fatalf("%s: identifiers %q, rendered now %q", ev.Type, d.Identifiers, keyHashes(e.Identifiers))
			}
		case ev.Type == "erasure.verified":
			if !slices.Equal(d.Tombstones, keyHashes(e.Identifiers)) {
				t.Fatalf("%s: tombstones %q, rendered now %q", ev.Type, d.Tombstones, keyHashes(e.Identifiers))
			}
		case d.Path != nil:
			paths++
			now, _ := json.Marshal(dsar.AuditPath(cat, "exports/c.csv"))
			if then, _ := json.Marshal(d.Path); !bytes.Equal(then, now) {
				t.Fatalf("%s: path %s, rendered now %s", ev.Type, then, now)
			}
		}
	}
	if planned != 3 || paths != 2 {
		t.Fatalf("%d planned events, %d with a path; want 3 and 2", planned, paths)
	}

	// A value keeps its pseudonym.
	mh, err := patterns.ParseHash(marcoHash)
	if err != nil {
		t.Fatal(err)
	}
	if got := svc.replacement(Pseudonymize, &scanner.Finding{Type: "email", Hash: mh}); string(got) != marcoPseudonym {
		t.Fatalf("pseudonym %s, written then %s", got, marcoPseudonym)
	}
}
