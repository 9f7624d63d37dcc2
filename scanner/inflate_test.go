package scanner

import (
	"bytes"
	"compress/gzip"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func gzipped(t *testing.T, parts ...[]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed)
	for _, p := range parts {
		if _, err := zw.Write(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestDecompressionBombIsBounded: a gzip stream is read only up to the
// decompressed-size and ratio limits; the file is then counted skipped with
// the reason, and what decoded before the limit is still scanned.
func TestDecompressionBombIsBounded(t *testing.T) {
	cat := testCatalog(t)
	dir := t.TempDir()
	head := []byte("contact: anna.rossi@example.it\n")

	// Past the size limit (set small here).
	text := bytes.Repeat([]byte("a line of log text that compresses well enough\n"), 64<<10) // ~3 MiB
	write(t, filepath.Join(dir, "big.log.gz"), gzipped(t, head, text))
	r := scanDir(t, cat, Options{MaxDecompressedSize: 1 << 20}, dir)["big.log.gz"]
	if !r.skipped || !errors.Is(r.err, ErrDecompressionLimit) || !strings.Contains(r.err.Error(), "max_decompressed_size") {
		t.Fatalf("size limit: skipped=%v err=%v", r.skipped, r.err)
	}
	if len(r.findings) != 1 || r.findings[0].Type != "email" {
		t.Fatalf("size limit: what decoded before it must be scanned: %d findings", len(r.findings))
	}

	// Past the default ratio: 80 MiB of zeros in ~80 KiB.
	write(t, filepath.Join(dir, "bomb.log.gz"), gzipped(t, head, make([]byte, 80<<20)))
	res := scanDir(t, cat, Options{}, dir)
	r = res["bomb.log.gz"]
	if !r.skipped || !errors.Is(r.err, ErrDecompressionLimit) || !strings.Contains(r.err.Error(), "max_decompression_ratio") {
		t.Fatalf("ratio limit: skipped=%v err=%v", r.skipped, r.err)
	}
	// The same text at an ordinary ratio is read whole by default.
	if r := res["big.log.gz"]; r.err != nil || r.skipped {
		t.Fatalf("an ordinary gzip file: skipped=%v err=%v", r.skipped, r.err)
	}
}
