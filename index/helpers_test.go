package index

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"reflect"
	"strings"
	"testing"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
)

var testKey = []byte("piid index test key")

// hmacHash is what the scanner files a normalized value under.
func hmacHash(value string) patterns.Hash {
	m := hmac.New(sha256.New, testKey)
	m.Write([]byte(strings.ToLower(value)))
	return patterns.Hash(m.Sum(nil))
}

// mask keeps the first character and hides the rest, as the scanner's
// previews do.
func mask(v string) string {
	if v == "" {
		return ""
	}
	return v[:1] + strings.Repeat("*", len(v)-1)
}

// finding builds a finding of a raw value, Value set: the index must drop it.
func finding(typ, raw string, start, line int64, rec *scanner.Record) scanner.Finding {
	return scanner.Finding{
		Path:       "ignored",
		Type:       typ,
		Category:   "contact",
		Start:      start,
		End:        start + int64(len(raw)),
		Line:       line,
		Confidence: 0.85,
		Record:     rec,
		Hash:       hmacHash(raw),
		Masked:     mask(raw),
		Value:      raw,
	}
}

// synth returns n findings of version v of a file: the raw values are
// distinct per (tag, v, i), with one value shared by all versions and
// files ("common") every 1000 findings.
func synth(tag string, v, n int) []scanner.Finding {
	out := make([]scanner.Finding, n)
	types := []string{"email", "phone", "ipv4", "person_name"}
	for i := range out {
		raw := fmt.Sprintf("%s-v%d-%d@example.org", tag, v, i)
		if i%1000 == 0 {
			raw = "common@example.org"
		}
		var rec *scanner.Record
		if i%3 != 0 {
			rec = &scanner.Record{Row: i/4 + 1, Field: types[i%4]}
		}
		out[i] = finding(types[i%4], raw, int64(i)*40, int64(i/4+1), rec)
	}
	return out
}

func openTest(t testing.TB, dir string, opts ...func(Options) Options) *Index {
	t.Helper()
	o := DefaultOptions(dir)
	for _, f := range opts {
		o = f(o)
	}
	ix, err := Open(o)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func manual(o Options) Options { return o.WithManualCleanup(true) }

// commitFile replaces path's findings in one Writer, chunk findings per Add.
func commitFile(t testing.TB, ix *Index, path string, fs []scanner.Finding, state FileState) {
	t.Helper()
	w, err := ix.BeginFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(fs); i += 5000 {
		if err := w.Add(fs[i:min(i+5000, len(fs))]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit(state); err != nil {
		t.Fatal(err)
	}
}

// stored is what the index should give back for f in path.
func stored(path string, f scanner.Finding) scanner.Finding {
	f.Path = path
	f.Value = ""
	return f
}

func storedAll(path string, fs []scanner.Finding) []scanner.Finding {
	out := make([]scanner.Finding, len(fs))
	for i, f := range fs {
		out[i] = stored(path, f)
	}
	return out
}

// allFindings pages through every finding of the query.
func allFindings(t testing.TB, ix *Index, q FindingQuery) []scanner.Finding {
	t.Helper()
	var out []scanner.Finding
	for {
		page, next, err := ix.Findings(q)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page...)
		if next == "" {
			return out
		}
		q.Cursor = next
	}
}

// blockLen is the number of findings a by-file entry holds, or of
// postings a by-hash value holds, 1 for any other entry.
func blockLen(t testing.TB, item *badger.Item) int {
	t.Helper()
	if item.Key()[0] == pHash {
		return int(item.ValueSize()) / postingLen
	}
	if item.Key()[0] != pFile {
		return 1
	}
	n := 0
	err := item.Value(func(v []byte) error {
		var z []byte
		body, err := openBlock(&z, v)
		if err != nil {
			return err
		}
		es, err := blockEntries(nil, body)
		n = len(es)
		return err
	})
	if err != nil {
		t.Errorf("block %x: %v", item.Key(), err)
	}
	return n
}

// blockPostings is how many postings the findings of a by-file entry
// should have: one per hash prefix each is filed under (its hash, and an
// ambiguous finding's alternative hashes).
func blockPostings(t testing.TB, item *badger.Item) int {
	t.Helper()
	n := 0
	err := item.Value(func(v []byte) error {
		var z []byte
		body, err := openBlock(&z, v)
		if err != nil {
			return err
		}
		es, err := blockEntries(nil, body)
		var hs []uint64
		for _, e := range es {
			if hs, err = entryPrefixes(hs[:0], e); err != nil {
				return err
			}
			n += len(hs)
		}
		return err
	})
	if err != nil {
		t.Errorf("block %x: %v", item.Key(), err)
	}
	return n
}

// keyCounts counts the store's keys by prefix byte, by-file blocks and
// by-hash values by the findings they hold (so both finding prefixes
// count findings).
func keyCounts(t testing.TB, ix *Index) map[byte]int {
	t.Helper()
	counts := make(map[byte]int)
	err := ix.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			counts[it.Item().Key()[0]] += blockLen(t, it.Item())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return counts
}

// checkClean asserts that the store holds exactly the entries of the
// current generations, each finding in its block and once in the
// postings (once written and compacted), no garbage and no marker left,
// and that the totals agree. It returns the key counts.
func checkClean(t testing.TB, ix *Index) map[byte]int {
	t.Helper()
	if err := ix.Cleanup(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := ix.flushNow(); err != nil {
		t.Fatal(err)
	}
	if err := ix.compact(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	cur := make(map[uint64]uint64)
	want := make(map[uint64]int)
	var files, findings int64
	err := ix.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pState}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			id := be.Uint64(it.Item().Key()[1:])
			err := it.Item().Value(func(v []byte) error {
				gen, s, err := decodeState(v)
				cur[id], want[id] = gen, s.Findings
				files++
				findings += int64(s.Findings)
				return err
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got := map[byte]map[uint64]int{pFile: {}, pHash: {}}
	posts := make(map[uint64]int) // path id → postings its blocks' findings should have
	err = ix.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			var id, gen uint64
			switch k[0] {
			case pFile:
				id, gen = be.Uint64(k[1:]), be.Uint64(k[9:])
			case pHash:
				b, run, ok := parseBucketKey(k)
				if !ok {
					t.Errorf("bad by-hash key %x", k)
				}
				err := it.Item().Value(func(v []byte) error {
					if err := checkValue(v, run.count); err != nil {
						return err
					}
					for i := range len(v) / postingLen {
						p := postingAt(v, i)
						if bucketOf(p.h) != b {
							t.Errorf("posting %+v in bucket %d", p, b)
						}
						if i > 0 && comparePostings(postingAt(v, i-1), p) >= 0 {
							t.Errorf("by-hash value %x out of order at %d", k, i)
						}
						if _, err := txn.Get(appendFileKey(nil, p.ref.id, p.ref.gen, p.ref.start, p.ref.seq)); err != nil {
							t.Errorf("posting %+v without its block: %v", p, err)
						}
						if cur[p.ref.id] != p.ref.gen {
							t.Errorf("posting %+v of generation %d, path id %d is at %d", p, p.ref.gen, p.ref.id, cur[p.ref.id])
						}
						got[pHash][p.ref.id]++
					}
					return nil
				})
				if err != nil {
					t.Error(err)
				}
				continue
			case pUnposted:
				t.Errorf("unposted marker left: %x", k)
				continue
			case pGarbage:
				t.Errorf("garbage marker left: %x", k)
				continue
			case pInFlight:
				t.Errorf("in-flight marker left: %x", k)
				continue
			default:
				continue
			}
			if cur[id] != gen {
				t.Errorf("key %x of generation %d, path id %d is at %d", k, gen, id, cur[id])
			}
			got[k[0]][id] += blockLen(t, it.Item())
			posts[id] += blockPostings(t, it.Item())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for id, n := range want {
		if got[pFile][id] != n {
			t.Errorf("path id %d: %d findings in blocks, state says %d", id, got[pFile][id], n)
		}
		if got[pHash][id] != posts[id] {
			t.Errorf("path id %d: %d postings, its findings are filed under %d hashes", id, got[pHash][id], posts[id])
		}
	}
	st, err := ix.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.Files != files || st.Findings != findings {
		t.Errorf("stats %+v, store holds %d files and %d findings", st, files, findings)
	}
	return keyCounts(t, ix)
}

func sameFindings(t testing.TB, what string, got, want []scanner.Finding) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d findings, want %d", what, len(got), len(want))
	}
	for i := range got {
		if !equalFinding(got[i], want[i]) {
			t.Fatalf("%s: finding %d:\n got %+v\nwant %+v", what, i, got[i], want[i])
		}
	}
}

func equalFinding(a, b scanner.Finding) bool {
	ra, rb := a.Record, b.Record
	a.Record, b.Record = nil, nil
	if !reflect.DeepEqual(a, b) || (ra == nil) != (rb == nil) {
		return false
	}
	return ra == nil || *ra == *rb
}
