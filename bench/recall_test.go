package bench

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/piid/piid/patterns"
)

// TestScannerRecall runs the catalog (patterns.Find at the default 0.5)
// over the small corpus and logs recall and unlabelled findings per type,
// with examples: a quick look at how the scanner fares, asserting nothing.
//
//	PIID_BENCH_RECALL=1 go test ./bench/ -run ScannerRecall -v
func TestScannerRecall(t *testing.T) {
	if os.Getenv("PIID_BENCH_RECALL") == "" {
		t.Skip("PIID_BENCH_RECALL not set")
	}
	dir, _ := smallCorpus(t)
	cat, err := patterns.New(patterns.Options{HashKey: []byte("k")})
	if err != nil {
		t.Fatal(err)
	}
	byPath := truthByPath(t, dir)
	type key struct {
		s, e int64
		ty   string
	}
	hit := map[string]int{}
	tot := map[string]int{}
	fp := map[string]int{}
	ex := map[string][]string{}
	miss := map[string][]string{}
	for _, rel := range corpusFiles(t, dir) {
		content := readContent(t, filepath.Join(dir, rel))
		found, err := cat.Find(content, 0.5)
		if err != nil {
			t.Fatal(err)
		}
		want := map[key]bool{}
		for _, tr := range byPath[rel] {
			want[key{tr.Start, tr.End, tr.Type}] = true
			tot[tr.Type]++
		}
		got := map[key]bool{}
		for _, f := range found {
			k := key{int64(f.Start), int64(f.End), f.Type}
			got[k] = true
			if want[k] {
				hit[f.Type]++
			} else {
				fp[f.Type]++
				if len(ex[f.Type]) < 6 {
					lo := max(0, f.Start-30)
					hi := min(len(content), f.End+10)
					ex[f.Type] = append(ex[f.Type], rel+": "+strings.ReplaceAll(string(content[lo:f.Start])+"[["+string(content[f.Start:f.End])+"]]"+string(content[f.End:hi]), "\n", "⏎"))
				}
			}
		}
		for _, tr := range byPath[rel] {
			if !got[key{tr.Start, tr.End, tr.Type}] && len(miss[tr.Type]) < 5 {
				lo := max(0, int(tr.Start)-30)
				miss[tr.Type] = append(miss[tr.Type], rel+": "+strings.ReplaceAll(string(content[lo:tr.Start])+"[["+tr.Value+"]]", "\n", "⏎"))
			}
		}
	}
	var ids []string
	for id := range tot {
		ids = append(ids, id)
	}
	for id := range fp {
		if tot[id] == 0 {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		t.Logf("%-15s truth %5d hit %5d recall %.2f  fp %d", id, tot[id], hit[id], float64(hit[id])/float64(max(1, tot[id])), fp[id])
	}
	for id, e := range ex {
		for _, x := range e {
			t.Logf("FP %s: %s", id, x)
		}
	}
	for id, e := range miss {
		for _, x := range e {
			t.Logf("MISS %s: %s", id, x)
		}
	}
}
