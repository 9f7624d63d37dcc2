package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBenchRun runs the whole harness, as `make bench` does, on a small
// corpus: speed rows, accuracy, the daemon rows with searches (the most
// frequent identifier apart) and the anonymous RSS, in Markdown and JSON.
func TestBenchRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the harness and the daemon")
	}
	bin := piidBinary(t)
	dir := t.TempDir()
	corpus, jsonOut := filepath.Join(dir, "corpus"), filepath.Join(dir, "results.json")
	cmd := exec.Command(bin, "bench", "run", "--corpus", corpus, "--size", "8MB", "--profile", "prose,exports",
		"--scale-findings", "0", "--json", jsonOut)
	cmd.Dir = dir // its scans keep their default hash key under ./.piid
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("bench run: %v\n%s", err, out)
	}
	for _, want := range []string{"| prose | piid, 1 worker |", "| exports | **all** |",
		"peak anonymous RSS MiB", "most frequent identifier: occurrences"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the tables lack %q:\n%s", want, out)
		}
	}
	b, err := os.ReadFile(jsonOut)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Index []struct {
			Profile             string
			Findings            int64
			PeakAnonMiB         float64 `json:"peak_anon_rss_mib"`
			Searches            int
			HeaviestOccurrences int `json:"heaviest_occurrences"`
		}
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Index) != 2 {
		t.Fatalf("daemon rows: %+v", rep.Index)
	}
	for _, r := range rep.Index {
		if r.Findings == 0 || r.Searches == 0 || r.PeakAnonMiB <= 0 {
			t.Errorf("%s: %+v", r.Profile, r)
		}
		// Every prose mail carries the support address.
		if r.Profile == "prose" && r.HeaviestOccurrences < 10 {
			t.Errorf("prose: the most frequent identifier occurs %d times", r.HeaviestOccurrences)
		}
	}
}
