// Package bench generates piid's benchmark corpus: a deterministic tree of
// realistic files (logs, support mail, database exports, a data-lake mix
// and adversarial near misses) with a ground-truth file listing every
// planted personal-data value by path, type, byte span, line and record.
//
// Every planted value is valid for its type (checksums, phone plans, card
// IIN ranges); the adversarial profile holds only near misses. The same
// Options give byte-identical output, whatever the number of CPUs.
package bench

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Options say what to generate.
type Options struct {
	// Out is the folder written into (created). A folder that already
	// holds a corpus (a truth.jsonl) has its profile folders replaced.
	Out string
	// Size is the total content bytes to write (±5%); gzip files count
	// their decompressed content.
	Size int64
	// Seed makes the corpus: the same Seed, Size and Profiles give the
	// same bytes.
	Seed int64
	// Profiles is a subset of Profiles(); empty means "lake". Size is
	// split evenly between them.
	Profiles []string
	// Gzip also writes some files gzip-compressed (rotated logs, dumps,
	// JSONL): their truth path is the .gz file and offsets are into the
	// decompressed content.
	Gzip bool
	// Workers is the number of files written at once (GOMAXPROCS when 0);
	// it does not change the output.
	Workers int
}

// Truth is one planted value: a line of truth.jsonl.
type Truth struct {
	// Path is the file, relative to Options.Out, with forward slashes.
	Path string `json:"path"`
	// Type is the canonical type id (CONTRACT.md).
	Type string `json:"type"`
	// Start and End are byte offsets of the value in the file's
	// (decompressed) content, End exclusive; Line is the 1-based line of
	// Start.
	Start int64 `json:"start"`
	End   int64 `json:"end"`
	Line  int64 `json:"line"`
	// Record locates the value in structured files, as findings do:
	// {"row", "field"} for CSV/TSV, {"row", "field", "table"} for SQL
	// dumps, {"row", "pointer"} for JSONL. Absent for plain text.
	Record map[string]any `json:"record,omitempty"`
	// Value is the planted value itself (the corpus is synthetic).
	Value string `json:"value"`
	// Profile is the profile that wrote the file.
	Profile string `json:"profile"`
}

// Summary counts what Generate wrote.
type Summary struct {
	// Files is the number of corpus files (truth.jsonl not counted).
	Files int
	// Bytes is their content size (gzip files decompressed); DiskBytes
	// their size on disk.
	Bytes     int64
	DiskBytes int64
	// Planted counts the truth items by type id.
	Planted map[string]int
}

// TruthFile is the name of the ground-truth file in Options.Out.
const TruthFile = "truth.jsonl"

var profileNames = []string{"logs", "prose", "exports", "lake", "adversarial"}

// Profiles lists the corpus profiles.
func Profiles() []string { return append([]string(nil), profileNames...) }

// kind is one kind of file a profile writes.
type kind struct {
	share    float64 // of the profile's bytes
	min, max int64   // file sizes
	maxFiles int     // 0: no limit; the rest of the share goes to the next kind
	gz       bool    // may be gzip-compressed
	path     func(n int, r *rng) string
	gen      func(w *fw, target int64)
}

func logKinds(lake bool) []kind {
	d := 1.0 // PII density factor: the lake's logs carry less
	if lake {
		d = 0.35
	}
	return []kind{
		{share: 0.50, min: 16 << 10, max: 32 << 20, gz: true,
			path: rotated("var/log/app/", ".log"), gen: func(w *fw, t int64) { genAppJSON(w, t, 0.035*d) }},
		{share: 0.38, min: 16 << 10, max: 32 << 20, gz: true,
			path: rotated("var/log/svc/", ".log"), gen: func(w *fw, t int64) { genAppKV(w, t, 0.03*d) }},
		{share: 0.03, min: 8 << 10, max: 32 << 20, gz: true,
			path: func(n int, r *rng) string { return "var/log/nginx/" + rot("access.log", n) },
			gen:  func(w *fw, t int64) { genAccess(w, t, true) }},
		{share: 0.01, min: 8 << 10, max: 32 << 20, gz: true,
			path: func(n int, r *rng) string { return "var/log/apache2/" + rot("access.log", n) },
			gen:  func(w *fw, t int64) { genAccess(w, t, false) }},
		{share: 0.08, min: 8 << 10, max: 16 << 20, gz: true,
			path: func(n int, r *rng) string { return "var/log/" + rot("syslog", n) },
			gen:  func(w *fw, t int64) { genSyslog(w, t, 0.02*d) }},
	}
}

// rot names the n-th rotation of a log file.
func rot(name string, n int) string {
	if n == 0 {
		return name
	}
	return name + "." + strconv.Itoa(n)
}

// rotated spreads log files over services, rotating each.
func rotated(dir, ext string) func(n int, r *rng) string {
	return func(n int, r *rng) string {
		svc := services[n%len(services)]
		return dir + svc + "/" + rot(svc+ext, n/len(services))
	}
}

func proseKinds() []kind {
	return []kind{
		{share: 0.15, min: 700, max: 2500, maxFiles: 400,
			path: func(n int, r *rng) string {
				return "support/tickets/2024/" + zpad(1+n%12, 2) + "/ticket-" + strconv.Itoa(40000+n*7) + ".txt"
			},
			gen: genTicket},
		{share: 0.35, min: 16 << 10, max: 16 << 20,
			path: func(n int, r *rng) string {
				return "support/exports/tickets-" + strconv.Itoa(2023+n/12) + "-" + zpad(1+n%12, 2) + ".txt"
			},
			gen: genTicketExport},
		{share: 0.15, min: 700, max: 2500, maxFiles: 400,
			path: func(n int, r *rng) string { return "mail/inbox/cur/msg-" + zpad(n, 6) + ".eml" },
			gen:  genMail},
		{share: 0.35, min: 16 << 10, max: 16 << 20,
			gz:   true,
			path: func(n int, r *rng) string { return "mail/archive/support-" + strconv.Itoa(n) + ".mbox" },
			gen:  genMbox},
	}
}

func exportKinds() []kind {
	return []kind{
		{share: 0.23, min: 8 << 10, max: 12 << 20,
			path: func(n int, r *rng) string { return "exports/crm/customers-" + zpad(n, 3) + ".csv" },
			gen:  func(w *fw, t int64) { genCSV(w, t, false) }},
		{share: 0.05, min: 8 << 10, max: 12 << 20,
			path: func(n int, r *rng) string { return "exports/marketing/contacts-" + zpad(n, 3) + ".tsv" },
			gen:  func(w *fw, t int64) { genCSV(w, t, true) }},
		{share: 0.25, min: 8 << 10, max: 12 << 20, gz: true,
			path: func(n int, r *rng) string { return "exports/api/users-" + zpad(n, 3) + ".jsonl" },
			gen:  genJSONL},
		{share: 0.25, min: 8 << 10, max: 16 << 20, gz: true,
			path: func(n int, r *rng) string { return "backups/postgres/shop-" + zpad(n, 3) + ".sql" },
			gen:  genPgDump},
		{share: 0.18, min: 8 << 10, max: 16 << 20, gz: true,
			path: func(n int, r *rng) string { return "backups/mysql/crm-" + zpad(n, 3) + ".sql" },
			gen:  genMySQLDump},
		{share: 0.04, min: 8 << 10, max: 1 << 20,
			path: func(n int, r *rng) string { return "exports/hr/staff-" + zpad(n, 3) + ".csv" },
			gen:  genEUIDCSV},
	}
}

func adversarialKinds() []kind {
	return []kind{
		{share: 0.25, min: 4 << 10, max: 8 << 20,
			path: func(n int, r *rng) string { return "notes/notes-" + zpad(n, 3) + ".txt" }, gen: genAdvNotes},
		{share: 0.10, min: 4 << 10, max: 8 << 20, gz: true,
			path: func(n int, r *rng) string { return "ci/job-" + zpad(n, 3) + ".log" }, gen: genAdvCI},
		{share: 0.25, min: 4 << 10, max: 8 << 20,
			path: func(n int, r *rng) string { return "exports/orders-" + zpad(n, 3) + ".csv" }, gen: genAdvOrders},
		{share: 0.25, min: 4 << 10, max: 16 << 20, gz: true,
			path: func(n int, r *rng) string { return "ci/build-" + zpad(n, 3) + ".log" }, gen: genAdvLog},
		{share: 0.15, min: 4 << 10, max: 8 << 20,
			path: func(n int, r *rng) string { return "invoices/invoices-" + zpad(n, 3) + ".txt" }, gen: genAdvInvoices},
	}
}

// scale returns kinds with their shares multiplied by f.
func scale(ks []kind, f float64) []kind {
	out := make([]kind, len(ks))
	for i, k := range ks {
		k.share *= f
		out[i] = k
	}
	return out
}

func lakeKinds() []kind {
	ks := []kind{{share: 0.40, min: 16 << 10, max: 32 << 20, gz: true,
		path: func(n int, r *rng) string {
			return "data/events/dt=2024-" + zpad(1+n/28%12, 2) + "-" + zpad(1+n%28, 2) + "/part-" + zpad(n, 5) + ".jsonl"
		},
		gen: func(w *fw, t int64) { genEvents(w, t, 0.02) }}}
	ks = append(ks, scale(logKinds(true), 0.45)...)
	ks = append(ks, scale(exportKinds(), 0.105)...)
	ks = append(ks, scale(proseKinds(), 0.045)...)
	return ks
}

func kindsOf(profile string) []kind {
	switch profile {
	case "logs":
		return logKinds(false)
	case "prose":
		return proseKinds()
	case "exports":
		return exportKinds()
	case "adversarial":
		return adversarialKinds()
	}
	return lakeKinds()
}

// spec is one file to write.
type spec struct {
	rel     string // path relative to Out, slash-separated
	profile string
	target  int64
	seed    uint64
	gz      bool
	gen     func(w *fw, target int64)
}

// plan lists the files of a corpus, deterministically.
func plan(opts Options, profiles []string) []spec {
	var specs []spec
	per := opts.Size / int64(len(profiles))
	for _, prof := range profiles {
		r := newRNG(uint64(opts.Seed) ^ hashString(prof))
		first := len(specs)
		carry := 0.0
		for _, k := range kindsOf(prof) {
			budget := float64(per)*k.share + carry
			carry = 0
			if budget < 256 {
				carry = budget
				continue
			}
			typical := math.Min(math.Max(budget/4, float64(k.min)), float64(k.max))
			for n := 0; budget >= 1; n++ {
				if k.maxFiles > 0 && n >= k.maxFiles {
					carry = budget
					break
				}
				size := typical * (0.6 + 0.8*r.f64())
				if size > budget || budget-size < typical/3 {
					size = budget
				}
				gz := opts.Gzip && k.gz && n > 0 && r.chance(0.3)
				rel := prof + "/" + k.path(n, r)
				if gz {
					rel += ".gz"
				}
				specs = append(specs, spec{rel: rel, profile: prof, target: int64(size), seed: r.u64(), gz: gz, gen: k.gen})
				budget -= size
			}
		}
		if carry >= 1 && len(specs) > first {
			specs[len(specs)-1].target += int64(carry)
		}
		// Make sure a gzip corpus has gzip files in every profile that can.
		if opts.Gzip {
			has := false
			for _, s := range specs[first:] {
				has = has || s.gz
			}
			for i := len(specs) - 1; i >= first && !has; i-- {
				if strings.HasSuffix(specs[i].rel, ".log") || strings.HasSuffix(specs[i].rel, ".jsonl") || strings.HasSuffix(specs[i].rel, ".sql") || strings.HasSuffix(specs[i].rel, ".mbox") {
					specs[i].gz, specs[i].rel, has = true, specs[i].rel+".gz", true
				}
			}
		}
	}
	return specs
}

// fileResult is what writing one file gave.
type fileResult struct {
	content, disk int64
	planted       [nTypes]int
	truth         *truthBuf
	err           error
}

// Generate writes the corpus and its truth.jsonl.
func Generate(opts Options) (Summary, error) {
	var sum Summary
	if opts.Out == "" {
		return sum, errors.New("bench: no output folder")
	}
	if opts.Size <= 0 {
		return sum, errors.New("bench: size must be positive")
	}
	profiles, err := selectProfiles(opts.Profiles)
	if err != nil {
		return sum, err
	}
	if err := prepareOut(opts.Out, profiles); err != nil {
		return sum, err
	}
	specs := plan(opts, profiles)
	dirs := map[string]bool{}
	for _, s := range specs {
		d := filepath.Dir(filepath.Join(opts.Out, filepath.FromSlash(s.rel)))
		if !dirs[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return sum, err
			}
			dirs[d] = true
		}
	}
	tmpDir, err := os.MkdirTemp(opts.Out, ".truth-")
	if err != nil {
		return sum, err
	}
	defer os.RemoveAll(tmpDir)

	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	results := make([]chan fileResult, len(specs))
	for i := range results {
		results[i] = make(chan fileResult, 1)
	}
	var next atomic.Int64
	var stop atomic.Bool // set on the first error: the rest is skipped
	var wg sync.WaitGroup
	// At most workers+2 files ahead of the truth writer, each holding at
	// most spill bytes of truth in memory (more goes to a temporary file).
	ahead := make(chan struct{}, workers+2)
	spill := min(max((512<<20)/(workers+2), 4<<20), 64<<20)
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				ahead <- struct{}{}
				i := int(next.Add(1) - 1)
				if i >= len(specs) {
					<-ahead
					return
				}
				if stop.Load() {
					results[i] <- fileResult{truth: &truthBuf{}, err: errSkipped}
					continue
				}
				res := writeFile(opts.Out, tmpDir, i, specs[i], spill)
				if res.err != nil {
					stop.Store(true)
				}
				results[i] <- res
			}
		}()
	}

	tf, err := os.Create(filepath.Join(opts.Out, TruthFile))
	if err != nil {
		// Drain the workers before returning.
		go func() {
			for i := range results {
				<-results[i]
				<-ahead
			}
		}()
		wg.Wait()
		return sum, err
	}
	tw := bufio.NewWriterSize(tf, 1<<20)
	var planted [nTypes]int
	var firstErr error
	for i := range specs {
		res := <-results[i]
		<-ahead
		if res.err != nil && firstErr == nil && res.err != errSkipped {
			firstErr = fmt.Errorf("bench: %s: %w", specs[i].rel, res.err)
		}
		if firstErr == nil {
			if err := res.truth.writeTo(tw); err != nil {
				firstErr = err
			}
		} else {
			res.truth.release()
		}
		sum.Files++
		sum.Bytes += res.content
		sum.DiskBytes += res.disk
		for t, n := range res.planted {
			planted[t] += n
		}
	}
	wg.Wait()
	if err := tw.Flush(); err != nil && firstErr == nil {
		firstErr = err
	}
	if err := tf.Close(); err != nil && firstErr == nil {
		firstErr = err
	}
	sum.Planted = map[string]int{}
	for t, n := range planted {
		if n > 0 {
			sum.Planted[typeIDs[t]] = n
		}
	}
	return sum, firstErr
}

var errSkipped = errors.New("bench: skipped after an earlier error")

// writeFile writes one corpus file.
func writeFile(out, tmpDir string, i int, s spec, spill int) (res fileResult) {
	res.truth = &truthBuf{limit: spill, tmpPath: filepath.Join(tmpDir, strconv.Itoa(i)+".jsonl")}
	f, err := os.Create(filepath.Join(out, filepath.FromSlash(s.rel)))
	if err != nil {
		res.err = err
		return res
	}
	var dst io.Writer = f
	var zw *gzip.Writer
	if s.gz {
		zw, _ = gzip.NewWriterLevel(f, gzip.BestSpeed)
		dst = zw
	}
	w := newFW(dst, s.rel, s.profile, newRNG(s.seed), res.truth)
	s.gen(w, s.target)
	w.flush()
	res.err = w.err
	if zw != nil {
		if err := zw.Close(); err != nil && res.err == nil {
			res.err = err
		}
	}
	if st, err := f.Stat(); err == nil {
		res.disk = st.Size()
	}
	if err := f.Close(); err != nil && res.err == nil {
		res.err = err
	}
	if res.truth.err != nil && res.err == nil {
		res.err = res.truth.err
	}
	res.content = w.off()
	res.planted = w.planted
	return res
}

// selectProfiles validates the profile names and orders them canonically.
func selectProfiles(names []string) ([]string, error) {
	if len(names) == 0 {
		return []string{"lake"}, nil
	}
	want := map[string]bool{}
	for _, n := range names {
		n = strings.TrimSpace(n)
		ok := false
		for _, p := range profileNames {
			ok = ok || p == n
		}
		if !ok {
			return nil, fmt.Errorf("bench: unknown profile %q (have %s)", n, strings.Join(profileNames, ", "))
		}
		want[n] = true
	}
	var out []string
	for _, p := range profileNames {
		if want[p] {
			out = append(out, p)
		}
	}
	return out, nil
}

// prepareOut creates Out. In a folder holding an earlier corpus, the
// profile folders and truth file it wrote are removed; elsewhere a
// non-empty profile folder is an error, so nothing else is ever deleted.
func prepareOut(out string, profiles []string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	_, err := os.Stat(filepath.Join(out, TruthFile))
	ours := err == nil
	for _, p := range profileNames {
		dir := filepath.Join(out, p)
		if ours {
			if err := os.RemoveAll(dir); err != nil {
				return err
			}
			continue
		}
		entries, err := os.ReadDir(dir)
		if err == nil && len(entries) > 0 {
			for _, want := range profiles {
				if want == p {
					return fmt.Errorf("bench: %s is not empty and holds no %s", dir, TruthFile)
				}
			}
		}
	}
	if !ours {
		return nil
	}
	// Temporary truth folders of an interrupted run.
	if tmps, err := filepath.Glob(filepath.Join(out, ".truth-*")); err == nil {
		for _, d := range tmps {
			os.RemoveAll(d)
		}
	}
	return os.Remove(filepath.Join(out, TruthFile))
}

// ReadTruth reads a truth.jsonl file.
func ReadTruth(path string) ([]Truth, error) {
	return ReadTruthFor(path, nil)
}

// ReadTruthFor reads the ground truth of the files keep accepts (all when
// keep is nil). Lines of other files are skipped without being decoded: a
// 1 GiB corpus has a truth file twice its size.
func ReadTruthFor(path string, keep func(path string) bool) ([]Truth, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Truth
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	prefix := []byte(`{"path":"`)
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if len(line) == 0 {
			continue
		}
		if keep != nil && bytes.HasPrefix(line, prefix) {
			rest := line[len(prefix):]
			if end := bytes.IndexByte(rest, '"'); end >= 0 && bytes.IndexByte(rest[:end], '\\') < 0 && !keep(string(rest[:end])) {
				continue
			}
		}
		var t Truth
		if err := json.Unmarshal(line, &t); err != nil {
			return out, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		if keep == nil || keep(t.Path) {
			out = append(out, t)
		}
	}
	return out, sc.Err()
}

// ParseSize reads a size: a number (decimals allowed) with an optional
// unit. KiB, MiB, GiB, TiB and the bare letters k, m, g, t (either case)
// are powers of 1024; kB, MB, GB, TB powers of 1000; B or nothing bytes.
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == '.') {
		i++
	}
	num, unit := t[:i], strings.TrimSpace(t[i:])
	if num == "" {
		return 0, fmt.Errorf("bench: bad size %q", s)
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, fmt.Errorf("bench: bad size %q", s)
	}
	var mult float64
	switch strings.ToLower(unit) {
	case "", "b":
		mult = 1
	case "k", "kib":
		mult = 1 << 10
	case "m", "mib":
		mult = 1 << 20
	case "g", "gib":
		mult = 1 << 30
	case "t", "tib":
		mult = 1 << 40
	case "kb":
		mult = 1e3
	case "mb":
		mult = 1e6
	case "gb":
		mult = 1e9
	case "tb":
		mult = 1e12
	default:
		return 0, fmt.Errorf("bench: bad size unit %q in %q", unit, s)
	}
	n := v * mult
	if n < 1 || n > math.MaxInt64/2 {
		return 0, fmt.Errorf("bench: size %q out of range", s)
	}
	return int64(math.Round(n)), nil
}
