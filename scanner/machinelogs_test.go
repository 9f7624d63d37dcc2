package scanner

import (
	"os"
	"path/filepath"
	"testing"
)

// TestMachineLogsHoldNothing scans build and CI logs real tools printed
// (go test, go build -x, go mod download, npm, apt, dpkg; paths and host
// names made neutral): they hold no personal data, so at the default
// threshold nothing may be reported.
func TestMachineLogsHoldNothing(t *testing.T) {
	dir := filepath.Join("..", "testdata", "machine-logs")
	ents, err := os.ReadDir(dir)
	if err != nil || len(ents) < 5 {
		t.Fatalf("corpus %s: %d files, %v", dir, len(ents), err)
	}
	res := scanDir(t, testCatalog(t), Options{MinConfidence: 0.5}, dir)
	if len(res) != len(ents) {
		t.Errorf("%d files scanned, the corpus has %d", len(res), len(ents))
	}
	for name, r := range res {
		if r.err != nil || r.skipped {
			t.Errorf("%s: err %v, skipped %v", name, r.err, r.skipped)
		}
		for _, f := range r.findings {
			t.Errorf("%s line %d: %s %s (confidence %.2f)", name, f.Line, f.Type, f.Masked, f.Confidence)
		}
	}
}
