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
	t.Parallel() // its time is in its children: it overlaps the other slow ones
	bin := piidBinary(t)
	dir := t.TempDir()
	corpus, jsonOut := filepath.Join(dir, "corpus"), filepath.Join(dir, "results.json")
	cmd := exec.Command(bin, "bench", "run", "--corpus", corpus, "--size", "1MB", "--profile", "prose,exports",
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

// TestBenchMemory runs `piid bench memory` on a small corpus: copies
// until the size, indexed by the real daemon, memory sampled.
func TestBenchMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the daemon")
	}
	bin := piidBinary(t)
	dir := t.TempDir()
	corpus, jsonOut := filepath.Join(dir, "corpus"), filepath.Join(dir, "memory.json")
	if out, err := exec.Command(bin, "bench", "gen", "--size", "2MB", "--profile", "logs,exports", "--out", corpus).CombinedOutput(); err != nil {
		t.Fatalf("bench gen: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "bench", "memory", "--corpus", corpus, "--size", "5MB", "--json", jsonOut)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("bench memory: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "| copies | MB | files | findings indexed |") {
		t.Errorf("no table:\n%s", out)
	}
	b, err := os.ReadFile(jsonOut)
	if err != nil {
		t.Fatal(err)
	}
	var row struct {
		Copies, Files   int
		Bytes, Findings int64
		PeakRSSMiB      float64 `json:"peak_rss_mib"`
		PeakAnonMiB     float64 `json:"peak_anon_rss_mib"`
		PeakFileMiB     float64 `json:"peak_file_rss_mib"`
		IndexMiB        float64 `json:"index_mib"`
	}
	if err := json.Unmarshal(b, &row); err != nil {
		t.Fatal(err)
	}
	if row.Copies != 3 || row.Bytes < 5e6 || row.Findings == 0 || row.PeakRSSMiB <= 0 || row.PeakAnonMiB <= 0 ||
		row.PeakFileMiB <= 0 || row.IndexMiB <= 0 || row.PeakRSSMiB < row.PeakAnonMiB {
		t.Errorf("memory row: %+v", row)
	}
}
