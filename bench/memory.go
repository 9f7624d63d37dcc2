package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// MemoryRow is the daemon indexing a large tree from an empty index: how
// fast, and how much memory it held on the way.
type MemoryRow struct {
	Copies         int     `json:"copies"`
	Bytes          int64   `json:"bytes"`
	Files          int     `json:"files"`
	Findings       int64   `json:"findings"`
	Seconds        float64 `json:"seconds"`
	MBps           float64 `json:"mb_per_s"`
	FindingsPerSec float64 `json:"findings_per_s"`
	PeakRSSMiB     float64 `json:"peak_rss_mib"`      // VmHWM: the kernel's own peak
	PeakAnonMiB    float64 `json:"peak_anon_rss_mib"` // RssAnon, sampled
	PeakFileMiB    float64 `json:"peak_file_rss_mib"` // RssFile (mapped files), sampled
	IndexMiB       float64 `json:"index_mib"`         // the data folder on disk at the end
}

// MemoryRun links copies of the profile folders of corpus (hard links
// under other paths: other files to the index, same bytes on disk) until
// they hold at least size bytes, has `piid serve` (bin) index them from an
// empty index, and samples its memory every 100 ms until every file is
// indexed.
func MemoryRun(ctx context.Context, bin, corpus string, size int64, log io.Writer) (MemoryRow, error) {
	var row MemoryRow
	var files []string
	var perCopy int64
	err := filepath.WalkDir(corpus, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() || filepath.Dir(p) == filepath.Clean(corpus) {
			return err // files at the top (truth.jsonl) are not the corpus
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		files = append(files, p)
		perCopy += fi.Size()
		return nil
	})
	if err != nil {
		return row, err
	}
	if perCopy == 0 {
		return row, fmt.Errorf("bench: no corpus files under %s", corpus)
	}
	root, err := os.MkdirTemp("", "piid-bench-memory-")
	if err != nil {
		return row, err
	}
	defer os.RemoveAll(root)
	for row.Copies = 0; int64(row.Copies)*perCopy < size; row.Copies++ {
		if err := linkCopy(files, corpus, filepath.Join(root, fmt.Sprintf("copy-%03d", row.Copies))); err != nil {
			return row, err
		}
	}
	row.Bytes, row.Files = dirSize(root)
	fmt.Fprintf(log, "memory: indexing %d copies of %s (%d MB, %d files)\n", row.Copies, corpus, row.Bytes/1e6, row.Files)

	start := time.Now()
	d, err := startDaemon(ctx, bin, root)
	if err != nil {
		return row, err
	}
	defer d.stop()
	row.Findings, err = d.waitIndexed(ctx, row.Files)
	row.Seconds = time.Since(start).Seconds()
	if err != nil {
		return row, err
	}
	row.MBps = float64(row.Bytes) / 1e6 / row.Seconds
	row.FindingsPerSec = float64(row.Findings) / row.Seconds
	row.PeakRSSMiB = peakRSS(d.cmd.Process.Pid)
	row.PeakAnonMiB = d.peakAnonMiB()
	row.PeakFileMiB = d.peakFileMiB()
	row.IndexMiB = float64(diskUsage(d.data)) / (1 << 20)
	return row, nil
}

// WriteMarkdown writes the row as a Markdown table.
func (x MemoryRow) WriteMarkdown(w io.Writer) {
	fmt.Fprintln(w, "| copies | MB | files | findings indexed | seconds | indexing MB/s | findings/s | peak RSS MiB | peak anonymous RSS MiB | peak file-backed RSS MiB | data folder MiB |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	fmt.Fprintf(w, "| %d | %d | %d | %d | %.0f | %.1f | %.0f | %.0f | %.0f | %.0f | %.0f |\n", x.Copies, x.Bytes/1e6, x.Files, x.Findings,
		x.Seconds, x.MBps, x.FindingsPerSec, x.PeakRSSMiB, x.PeakAnonMiB, x.PeakFileMiB, x.IndexMiB)
}

// WriteJSON writes the row as indented JSON.
func (x MemoryRow) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(x)
}

// diskUsage is the disk space the files under dir take (the value log's
// newest file is sparse, so sizes would overstate it).
func diskUsage(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return nil
		}
		if fi, err := d.Info(); err == nil {
			if st, ok := fi.Sys().(*syscall.Stat_t); ok {
				n += st.Blocks * 512
			} else {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}
