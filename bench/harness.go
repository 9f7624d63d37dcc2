package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"time"
)

// RunOptions configure the harness. Zero values work, except Binary.
type RunOptions struct {
	// Binary is the piid executable to measure.
	Binary string
	// Corpus is the folder of the corpus; it is generated there (Size,
	// Seed, Profiles) unless it already holds a truth.jsonl.
	Corpus   string
	Size     int64
	Seed     int64
	Profiles []string
	// Reps is the number of interleaved repetitions (at least 3).
	Reps int
	// Patterns are the catalog's regexes (piid types --regex), for the
	// baselines; Go's regexp gets them as they are written in the catalog.
	Patterns string
	// GoRegexpSample bounds the bytes per profile the Go regexp baseline
	// reads: at a few MB/s it would otherwise take most of the run.
	GoRegexpSample int64
	// AccuracySample bounds the bytes per profile that are scored (the
	// findings of a dense gigabyte do not fit in memory comfortably).
	AccuracySample int64
	// ScaleFindings is the size of the index the daemon's searches are
	// timed over at scale (0: 10 million; negative: no scale run).
	ScaleFindings int64
	// Log receives progress lines (nil: none).
	Log io.Writer
}

// Stat is the median and range of repeated measurements.
type Stat struct {
	Median float64 `json:"median"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

// String is "median (min–max)", to one decimal below 10.
func (s Stat) String() string {
	f := "%.0f (%.0f–%.0f)"
	if s.Median < 10 {
		f = "%.1f (%.1f–%.1f)"
	}
	return fmt.Sprintf(f, s.Median, s.Min, s.Max)
}

func stat(xs []float64) Stat {
	if len(xs) == 0 {
		return Stat{}
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return Stat{Median: s[len(s)/2], Min: s[0], Max: s[len(s)-1]}
}

// SpeedRow is one tool on one profile.
type SpeedRow struct {
	Profile     string `json:"profile"`
	Tool        string `json:"tool"`
	Bytes       int64  `json:"bytes"`
	Files       int    `json:"files"`
	MBps        Stat   `json:"mb_per_s"`
	FilesPerSec Stat   `json:"files_per_s"`
	PeakRSSMiB  Stat   `json:"peak_rss_mib,omitempty"`
	Note        string `json:"note,omitempty"`
}

// AccuracyRow is the score of one profile and type ("all" for the profile).
type AccuracyRow struct {
	Profile   string  `json:"profile"`
	Type      string  `json:"type"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	FPPer10MB float64 `json:"fp_per_10mb"`
}

// Report is what the harness measured.
type Report struct {
	Machine  string        `json:"machine"`
	When     time.Time     `json:"when"`
	Reps     int           `json:"reps"`
	Speed    []SpeedRow    `json:"speed"`
	Accuracy []AccuracyRow `json:"accuracy"`
	Index    []IndexRow    `json:"index,omitempty"`
	Scale    *ScaleRow     `json:"scale,omitempty"`
	Notes    []string      `json:"notes,omitempty"`
}

// Run generates the corpus if needed, then measures piid (one worker and
// all cores), ripgrep and Go's regexp on every profile, interleaved, and
// scores piid's findings against the ground truth.
func Run(ctx context.Context, o RunOptions) (*Report, error) {
	if o.Binary == "" {
		return nil, errors.New("bench: no piid binary to measure")
	}
	if o.Reps < 3 {
		o.Reps = 3
	}
	if len(o.Profiles) == 0 {
		o.Profiles = Profiles()
	}
	if o.GoRegexpSample == 0 {
		o.GoRegexpSample = 1 << 20
	}
	if o.AccuracySample == 0 {
		o.AccuracySample = 32 << 20
	}
	logf := func(format string, a ...any) {
		if o.Log != nil {
			fmt.Fprintf(o.Log, format+"\n", a...)
		}
	}
	truthPath := filepath.Join(o.Corpus, TruthFile)
	if _, err := os.Stat(truthPath); err != nil {
		logf("generating %d MB (%s) in %s", o.Size/1e6, strings.Join(o.Profiles, ", "), o.Corpus)
		if _, err := Generate(Options{Out: o.Corpus, Size: o.Size, Seed: o.Seed, Profiles: o.Profiles}); err != nil {
			return nil, err
		}
	}
	rep := &Report{Machine: machine(), When: time.Now().UTC(), Reps: o.Reps}
	rgPath, rgErr := exec.LookPath("rg")
	if rgErr != nil {
		rep.Notes = append(rep.Notes, "ripgrep (rg) is not installed: its rows are left out")
	}
	patFile := filepath.Join(os.TempDir(), fmt.Sprintf("piid-bench-%d.re", os.Getpid()))
	if err := os.WriteFile(patFile, []byte(o.Patterns+"\n"), 0o644); err != nil {
		return nil, err
	}
	defer os.Remove(patFile)
	goRe, goErr := goRegexp(o.Patterns)
	if goErr != nil {
		rep.Notes = append(rep.Notes, "Go regexp baseline: "+goErr.Error())
	}

	type tool struct {
		name string
		args []string
		bin  string
	}
	cpus := runtime.NumCPU()
	for _, prof := range o.Profiles {
		dir := filepath.Join(o.Corpus, prof)
		size, files := dirSize(dir)
		if files == 0 {
			continue
		}
		tools := []tool{
			{"piid, 1 worker", []string{"scan", "--workers", "1", "--format", "jsonl", "--quiet", dir}, o.Binary},
			{fmt.Sprintf("piid, %d workers", cpus), []string{"scan", "--workers", fmt.Sprint(cpus), "--format", "jsonl", "--quiet", dir}, o.Binary},
		}
		if rgErr == nil {
			// -U: one catalog pattern spans a line break; ripgrep then
			// searches whole files, as piid does.
			tools = append(tools, tool{"ripgrep -j1, same regexes", []string{"-U", "-j1", "-uuu", "--no-unicode", "--count-matches", "-f", patFile, dir}, rgPath})
		}
		rate := make([][]float64, len(tools))
		fps := make([][]float64, len(tools))
		rss := make([][]float64, len(tools))
		var goRate []float64
		var goBytes int64
		// Warm the page cache, then interleave the tools rep by rep.
		warm(dir)
		for r := 0; r < o.Reps; r++ {
			for i, t := range tools {
				secs, maxRSS, err := timeRun(ctx, t.bin, t.args)
				if err != nil {
					return nil, fmt.Errorf("bench: %s on %s: %w", t.name, prof, err)
				}
				rate[i] = append(rate[i], float64(size)/1e6/secs)
				fps[i] = append(fps[i], float64(files)/secs)
				rss[i] = append(rss[i], float64(maxRSS)/1024)
			}
			if goRe != nil {
				n, secs := goRe.scan(dir, o.GoRegexpSample)
				goBytes = n
				goRate = append(goRate, float64(n)/1e6/secs)
			}
			logf("%s: rep %d/%d done", prof, r+1, o.Reps)
		}
		for i, t := range tools {
			rep.Speed = append(rep.Speed, SpeedRow{Profile: prof, Tool: t.name, Bytes: size, Files: files,
				MBps: stat(rate[i]), FilesPerSec: stat(fps[i]), PeakRSSMiB: stat(rss[i])})
		}
		if goRe != nil {
			rep.Speed = append(rep.Speed, SpeedRow{Profile: prof, Tool: "Go regexp, same regexes", Bytes: goBytes,
				MBps: stat(goRate), Note: fmt.Sprintf("in-process, on the first %d MB", goBytes/1e6)})
		}
	}

	// Accuracy: one more piid run, on a sample of each profile's files (the
	// first AccuracySample bytes in walk order), its findings streamed.
	var found []Reported
	sampled := map[string]bool{} // corpus-relative paths
	scanned := map[string]bool{}
	for _, prof := range o.Profiles {
		var files []string
		var n int64
		filepath.WalkDir(filepath.Join(o.Corpus, prof), func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() || n >= o.AccuracySample {
				return nil
			}
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
				files = append(files, path)
				rel, _ := filepath.Rel(o.Corpus, path)
				sampled[filepath.ToSlash(rel)] = true
			}
			return nil
		})
		if len(files) == 0 {
			continue
		}
		scanned[prof] = true
		fs, err := scanFindings(ctx, o.Binary, files)
		if err != nil {
			return nil, fmt.Errorf("bench: accuracy scan of %s: %w", prof, err)
		}
		found = append(found, fs...)
	}
	rep.Notes = append(rep.Notes, fmt.Sprintf("accuracy is scored on the first %d MB of each profile's files (walk order)", o.AccuracySample>>20))
	kept, err := ReadTruthFor(truthPath, func(p string) bool { return sampled[p] })
	if err != nil {
		return nil, err
	}
	sc := Score(kept, found, o.Corpus)
	sizes := map[string]int64{}
	for p := range sampled {
		if fi, err := os.Stat(filepath.Join(o.Corpus, p)); err == nil {
			sizes[strings.SplitN(p, "/", 2)[0]] += fi.Size()
		}
	}
	for _, prof := range o.Profiles {
		if !scanned[prof] {
			continue
		}
		sc.Ensure(prof)
		add := func(typ string, c Counts) {
			per := 0.0
			if n := sizes[prof]; n > 0 {
				per = float64(c.FP) / (float64(n) / 10e6)
			}
			rep.Accuracy = append(rep.Accuracy, AccuracyRow{Profile: prof, Type: typ, Precision: c.Precision(), Recall: c.Recall(),
				F1: c.F1(), TP: c.TP, FP: c.FP, FN: c.FN, FPPer10MB: per})
		}
		add("all", *sc.Profiles[prof])
		types := make([]string, 0, len(sc.Types[prof]))
		for t := range sc.Types[prof] {
			types = append(types, t)
		}
		sort.Strings(types)
		for _, t := range types {
			add(t, *sc.Types[prof][t])
		}
	}

	// The daemon: indexing each profile from an empty index, then subject
	// searches over what it built (one run per profile).
	// It indexes the accuracy sample (a copy), so a dense profile does not
	// take minutes.
	for _, prof := range o.Profiles {
		if !scanned[prof] {
			continue
		}
		dir, err := os.MkdirTemp("", "piid-bench-"+prof+"-")
		if err != nil {
			return nil, err
		}
		for p := range sampled {
			if strings.HasPrefix(p, prof+"/") {
				if err := copyFile(filepath.Join(o.Corpus, p), filepath.Join(dir, p)); err != nil {
					os.RemoveAll(dir)
					return nil, err
				}
			}
		}
		size, files := dirSize(dir)
		heavy, heavyN := heaviest(kept, prof)
		row, err := indexProfile(ctx, o.Binary, prof, dir, size, files, o.Reps, searchSample(kept, prof, 300), heavy, heavyN)
		os.RemoveAll(dir)
		if err != nil {
			return nil, fmt.Errorf("bench: indexing %s: %w", prof, err)
		}
		if len(rep.Index) == 0 {
			rep.Notes = append(rep.Notes, fmt.Sprintf("piid serve is timed on each profile's accuracy sample (%d MB), from an empty index until every file is indexed, interleaved with piid scan of the same files; its searches (distinct identifiers: a person's) run over the last index it built, once the daemon is idle (the compaction that follows the last file done); the identifier planted most often in the sample (in prose, a support address in every mail) is searched apart, three times (median)", o.AccuracySample>>20))
		}
		rep.Index = append(rep.Index, row)
		if row.NotIdle {
			rep.Notes = append(rep.Notes, fmt.Sprintf("%s: the daemon was not idle within a minute after indexing: its searches ran while it was busy", prof))
		}
		logf("%s: indexed at %.0f MB/s (scan %.0f), search p99 %.1f ms", prof, row.MBps.Median, row.ScanMBps.Median, row.SearchP99)
	}

	// At scale: the densest profile's sample, copied until the index holds
	// ScaleFindings findings.
	if o.ScaleFindings == 0 {
		o.ScaleFindings = 10_000_000
	}
	var dense *IndexRow
	for i := range rep.Index {
		if dense == nil || rep.Index[i].Findings > dense.Findings {
			dense = &rep.Index[i]
		}
	}
	if o.ScaleFindings > 0 && dense != nil && dense.Findings > 0 {
		var files []string
		for p := range sampled {
			if strings.HasPrefix(p, dense.Profile+"/") {
				files = append(files, filepath.Join(o.Corpus, p))
			}
		}
		sort.Strings(files)
		logf("%s: building an index of %d findings from copies of its sample", dense.Profile, o.ScaleFindings)
		row, err := scaleIndex(ctx, o.Binary, dense.Profile, o.Corpus, files, dense.Findings, o.ScaleFindings, searchSample(kept, dense.Profile, 300))
		if err != nil {
			return nil, fmt.Errorf("bench: scale: %w", err)
		}
		rep.Scale = &row
		if row.NotIdle {
			rep.Notes = append(rep.Notes, "at scale: the daemon was not idle within a minute after indexing: the settled searches ran while it was busy")
		}
		logf("%s: %d findings indexed at %.0f findings/s; search p99 %.1f ms settled, %.1f ms while indexing",
			row.Profile, row.Findings, row.FindingsPerSec, row.SearchP99, row.BusySearchP99)
	}
	return rep, nil
}

// scanFindings runs piid scan over files and reads its findings as they
// come.
func scanFindings(ctx context.Context, bin string, files []string) ([]Reported, error) {
	args := append([]string{"scan", "--format", "jsonl", "--quiet", "--"}, files...)
	cmd := exec.CommandContext(ctx, bin, args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	found, rerr := ReadReported(out)
	if err := cmd.Wait(); err != nil {
		return nil, err
	}
	return found, rerr
}

// timeRun runs a command with its output discarded and returns its wall
// time and peak resident memory (KiB). The peak is read from the child's
// /proc status (VmHWM) while it runs: the rusage of a child started from a
// Go program also counts the parent's pages, shared until exec.
func timeRun(ctx context.Context, bin string, args []string) (float64, int64, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	done := make(chan struct{})
	peak := make(chan int64, 1)
	go func() {
		var hwm int64
		status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			if b, err := os.ReadFile(status); err == nil {
				if i := bytes.Index(b, []byte("VmHWM:")); i >= 0 {
					var kb int64
					fmt.Sscanf(string(b[i+6:]), "%d", &kb)
					hwm = max(hwm, kb)
				}
			}
			select {
			case <-done:
				peak <- hwm
				return
			case <-t.C:
			}
		}
	}()
	err := cmd.Wait()
	secs := time.Since(start).Seconds()
	close(done)
	rss := <-peak
	if err != nil {
		// ripgrep exits 1 when it finds nothing: that is a result.
		var ee *exec.ExitError
		if !(errors.As(err, &ee) && ee.ExitCode() == 1 && filepath.Base(bin) == "rg") {
			return 0, 0, fmt.Errorf("%v: %s", err, strings.TrimSpace(stderr.String()))
		}
	}
	return secs, rss, nil
}

func dirSize(dir string) (int64, int) {
	var n int64
	files := 0
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
				files++
			}
		}
		return nil
	})
	return n, files
}

// warm reads every file under dir once, so that each tool finds it in the
// page cache.
func warm(dir string) {
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if f, err := os.Open(path); err == nil {
				io.Copy(io.Discard, f)
				f.Close()
			}
		}
		return nil
	})
}

// readAll reads the files under dir until limit bytes are read, calling fn
// with each file's bytes.
func readAll(dir string, limit int64, fn func([]byte)) int64 {
	var n int64
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() || n >= limit {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		b = b[:min(int64(len(b)), limit-n)]
		n += int64(len(b))
		fn(b)
		return nil
	})
	return n
}

// goRe is the Go-regexp baseline: the same alternation, matched by the
// standard library.
type goRe struct{ re *regexp.Regexp }

func goRegexp(pattern string) (*goRe, error) {
	if pattern == "" {
		return nil, errors.New("no patterns given")
	}
	// The catalog writes non-ASCII letters as UTF-8 byte escapes for the
	// ASCII-mode engine; Go's regexp reads \xC3 as the letter U+00C3, which
	// changes what those few alternatives match but not the work done.
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, err
	}
	return &goRe{re}, nil
}

func (g *goRe) scan(dir string, limit int64) (int64, float64) {
	start := time.Now()
	n := readAll(dir, limit, func(b []byte) { g.re.FindAllIndex(b, -1) })
	return n, time.Since(start).Seconds()
}

func machine() string {
	model := ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "model name") {
				model = strings.TrimSpace(l[strings.IndexByte(l, ':')+1:])
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		fmt.Sscanf(strings.SplitN(string(b), "\n", 2)[0], "MemTotal: %d kB", &kb)
		mem = fmt.Sprintf(", %d GiB", (kb+(1<<19))>>20)
	}
	return fmt.Sprintf("%s, %d cores%s, %s/%s", model, runtime.NumCPU(), mem, runtime.GOOS, runtime.GOARCH)
}

// WriteMarkdown writes the report as Markdown tables.
func (r *Report) WriteMarkdown(w io.Writer) {
	fmt.Fprintf(w, "Machine: %s. Median of %d interleaved runs (min–max), warm page cache.\n\n", r.Machine, r.Reps)
	fmt.Fprintln(w, "| profile | tool | MB | files | MB/s | files/s | peak RSS MiB | vs piid 1 worker |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|")
	base := map[string]float64{}
	for _, s := range r.Speed {
		if s.Tool == "piid, 1 worker" {
			base[s.Profile] = s.MBps.Median
		}
	}
	for _, s := range r.Speed {
		rss, fps, files := "–", "–", "–"
		if s.PeakRSSMiB.Median > 0 {
			rss = fmt.Sprintf("%.0f", s.PeakRSSMiB.Median)
		}
		if s.FilesPerSec.Median > 0 {
			fps = fmt.Sprintf("%.0f", s.FilesPerSec.Median)
			files = fmt.Sprint(s.Files)
		}
		ratio := "–"
		if b := base[s.Profile]; b > 0 && s.MBps.Median > 0 {
			ratio = fmt.Sprintf("%.2f×", b/s.MBps.Median)
		}
		tool := s.Tool
		if s.Note != "" {
			tool += " (" + s.Note + ")"
		}
		fmt.Fprintf(w, "| %s | %s | %.0f | %s | %.0f (%.0f–%.0f) | %s | %s | %s |\n", s.Profile, tool, float64(s.Bytes)/1e6, files,
			s.MBps.Median, s.MBps.Min, s.MBps.Max, fps, rss, ratio)
	}
	fmt.Fprintln(w, "\n\"vs piid 1 worker\" is piid's one-worker throughput divided by the row's: above 1 means piid is faster.")
	fmt.Fprintln(w, "\n| profile | type | precision | recall | F1 | TP | FP | FN | FP per 10 MB |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, a := range r.Accuracy {
		typ := a.Type
		if typ == "all" {
			typ = "**all**"
		}
		fmt.Fprintf(w, "| %s | %s | %.3f | %.3f | %.3f | %d | %d | %d | %.2f |\n", a.Profile, typ, a.Precision, a.Recall, a.F1, a.TP, a.FP, a.FN, a.FPPer10MB)
	}
	if len(r.Index) > 0 {
		fmt.Fprintln(w, "\n| profile | MB | piid serve: indexing MB/s | piid scan MB/s, same files | indexing / scan | findings indexed | peak RSS MiB | peak anonymous RSS MiB | subject searches | search p50 ms | search p99 ms | most frequent identifier: occurrences | its search ms |")
		fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
		for _, x := range r.Index {
			ratio := 0.0
			if x.ScanMBps.Median > 0 {
				ratio = x.MBps.Median / x.ScanMBps.Median
			}
			heavy := "– | –"
			if x.HeaviestOccurrences > 0 {
				heavy = fmt.Sprintf("%d | %.1f", x.HeaviestOccurrences, x.HeaviestMs)
			}
			fmt.Fprintf(w, "| %s | %d | %s | %s | %.2f | %d | %.0f | %.0f | %d | %.2f | %.2f | %s |\n", x.Profile, x.Bytes/1e6, x.MBps, x.ScanMBps, ratio,
				x.Findings, x.PeakRSSMiB, x.PeakAnonMiB, x.Searches, x.SearchP50, x.SearchP99, heavy)
		}
	}
	if x := r.Scale; x != nil {
		fmt.Fprintln(w, "\n| at scale | copies | MB | findings indexed | indexing MB/s | findings/s | peak RSS MiB | peak anonymous RSS MiB | searches, settled | p50 ms | p99 ms | searches while indexing | p50 ms | p99 ms |")
		fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
		fmt.Fprintf(w, "| %s | %d | %d | %d | %.1f | %.0f | %.0f | %.0f | %d | %.2f | %.2f | %d | %.2f | %.2f |\n", x.Profile, x.Copies, x.Bytes/1e6, x.Findings,
			x.MBps, x.FindingsPerSec, x.PeakRSSMiB, x.PeakAnonMiB, x.Searches, x.SearchP50, x.SearchP99, x.BusySearches, x.BusySearchP50, x.BusySearchP99)
	}
	for _, n := range r.Notes {
		fmt.Fprintln(w, "\nNote:", n)
	}
}

// WriteJSON writes the report for machines.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

func copyFile(from, to string) error {
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
