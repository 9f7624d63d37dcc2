package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"

	"github.com/piid/piid/cmd/config"
	"github.com/piid/piid/cmd/piid/baseline"
	"github.com/piid/piid/cmd/piid/output"
	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
)

// DefaultMinConfidence is the threshold of CONTRACT.md.
const DefaultMinConfidence = 0.5

// catalogFlags are the flags every command that builds a catalog shares.
type catalogFlags struct {
	config      string
	hashKeyFile string
	dataDir     string
	types       string
	keyRequired bool // no one-off key when the key cannot be loaded
}

func (c *catalogFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.config, "config", "", "YAML `file` with custom patterns, keywords, allowlists and scan settings")
	fs.StringVar(&c.hashKeyFile, "hash-key-file", "", "`file` holding the secret key of the keyed hashes (default: $PIID_HASH_KEY, else DATA/hash.key, created if missing)")
	fs.StringVar(&c.dataDir, "data", ".piid", "data `dir`ectory (holds the generated hash key)")
	fs.StringVar(&c.types, "types", "", "only these comma-separated type `ids`")
}

// load reads the config and builds the catalog. Usage and config problems
// come back as exit status 2.
func (c *catalogFlags) load(stderr io.Writer) (*config.File, *patterns.Catalog, error) {
	cfg := &config.File{}
	if c.config != "" {
		var err error
		if cfg, err = config.LoadConfig(c.config); err != nil {
			return nil, nil, &exitError{code: exitUsage, err: err}
		}
	}
	load := patterns.LoadKey
	if c.keyRequired {
		load = patterns.LoadExistingKey // a new key's hashes would match nothing found before
	}
	key, _, err := load(c.hashKeyFile, c.dataDir)
	if err != nil {
		if c.hashKeyFile != "" || c.keyRequired {
			return nil, nil, &exitError{code: exitUsage, err: err}
		}
		// A read-only folder must not stop a scan: hash with a key of this
		// run only, and say that hashes will not match other runs.
		fmt.Fprintf(stderr, "piid: warning: %v; using a one-off hash key (hashes will differ between runs)\n", err)
		key = make([]byte, patterns.KeySize)
		if _, err := cryptoRand(key); err != nil {
			return nil, nil, err
		}
	}
	var types []string
	if c.types != "" {
		for _, t := range strings.Split(c.types, ",") {
			if t = strings.TrimSpace(t); t != "" {
				types = append(types, t)
			}
		}
	}
	cat, err := cfg.NewCatalog(key, types)
	if err != nil {
		var u patterns.ErrUnknownType
		if errors.As(err, &u) && c.config == "" {
			return nil, nil, usageErr("--types: %v", u)
		}
		return nil, nil, &exitError{code: exitUsage, err: err}
	}
	return cfg, cat, nil
}

const scanUsage = `Usage: piid scan [flags] PATH...

Scans files and folders once, recursively ("-" reads standard input), and
writes one finding per line (or per row) to standard output. Raw values are
never written unless --reveal is given. A summary goes to standard error.

Exit status: 0 the scan completed; 1 findings and --fail-on-findings;
2 bad usage or config; 3 the scan could not complete.

Flags:
`

func runScan(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, scanUsage); fs.PrintDefaults() }
	var (
		cf             catalogFlags
		format         = fs.String("format", "", "output format: jsonl, json, table or sarif (default table on a terminal, jsonl otherwise)")
		minConf        = fs.Float64("min-confidence", DefaultMinConfidence, "drop findings below this confidence (0..1)")
		workers        = fs.Int("workers", runtime.GOMAXPROCS(0), "files scanned at once")
		reveal         = fs.Bool("reveal", false, "add the raw value to each finding (off: output holds no raw personal data)")
		failOnFindings = fs.Bool("fail-on-findings", false, "exit with status 1 when anything is found")
		quiet          = fs.Bool("quiet", false, "no summary on standard error")
		cpuProfile     = fs.String("cpuprofile", "", "write a CPU profile (pprof) of the scan to `file`")
		baseFile       = fs.String("baseline", "", "report only findings not in this `file` (same path, type and keyed hash): one --write-baseline wrote, or a --format json or jsonl report")
		writeBase      = fs.String("write-baseline", "", "write the findings of this scan to `file`, as a baseline for later scans (keyed hashes and masked previews, never values)")
	)
	cf.register(fs)
	paths, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &exitError{code: exitUsage}
	}
	if len(paths) == 0 {
		fs.Usage()
		return usageErr("scan: no PATH given")
	}
	if *minConf < 0 || *minConf > 1 {
		return usageErr("--min-confidence must be between 0 and 1")
	}
	if *workers < 1 {
		return usageErr("--workers must be at least 1")
	}
	cfg, cat, err := cf.load(stderr)
	if err != nil {
		return err
	}
	var base *baseline.Set
	if *baseFile != "" {
		if base, err = baseline.Load(*baseFile); err != nil {
			return &exitError{code: exitUsage, err: err}
		}
	}
	var baseOut *baseline.Writer
	if *writeBase != "" {
		baseOut = baseline.NewWriter()
	}
	if cfg.Detect.MinConfidence != nil && !flagSet(fs, "min-confidence") {
		*minConf = *cfg.Detect.MinConfidence
	}
	if *format == "" {
		*format = output.FormatJSONL
		if isTerminal(stdout) {
			*format = output.FormatTable
		}
	}
	out := bufio.NewWriterSize(stdout, 256<<10)
	enc, err := output.New(*format, out, output.Options{ToolName: "piid", ToolVersion: version, Rules: rules(cat)})
	if err != nil {
		return usageErr("--format: %v", err)
	}

	sc := scanner.New(cat, cfg.Scan.Apply(scanner.Options{
		Workers:       *workers,
		MinConfidence: *minConf,
		Reveal:        *reveal,
		Stdin:         stdin,
	}))
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return usageErr("--cpuprofile: %v", err)
		}
		defer stop()
	}
	// emit runs on the scan's workers. JSON lines are encoded there, in
	// parallel, and only written under the lock; the other formats keep
	// state between findings and are written under the lock.
	var (
		mu       sync.Mutex
		writeErr error
		bufs     = sync.Pool{New: func() any { return new([]byte) }}
	)
	jsonl := strings.EqualFold(*format, output.FormatJSONL)
	// A PATH that does not exist is a usage error (a typo must not pass a
	// pipeline as "nothing found"), reported once the others are scanned.
	roots := map[string]bool{}
	for _, p := range paths {
		roots[p] = true
	}
	var missing []string
	var reported, heldBack atomic.Int64
	// report says whether f goes to stdout: ignored values never do, and
	// what the baseline holds is held back (but still goes into a new
	// baseline: it records the scan's findings).
	report := func(f *scanner.Finding) bool {
		if f.Ignored {
			return false
		}
		if baseOut != nil {
			baseOut.Add(f)
		}
		if base != nil && base.Has(f) {
			heldBack.Add(1)
			return false
		}
		reported.Add(1)
		return true
	}
	stats, scanErr := sc.Scan(ctx, paths, func(r *scanner.FileResult) {
		fs, held := r.Findings, false // copied only once one is held back
		for i, f := range r.Findings {
			switch ok := report(f); {
			case ok && held:
				fs = append(fs, f)
			case !ok && !held:
				fs, held = append([]*scanner.Finding(nil), r.Findings[:i]...), true
			}
		}
		var bp *[]byte
		if jsonl && len(fs) > 0 {
			bp = bufs.Get().(*[]byte)
			b := (*bp)[:0]
			for _, f := range fs {
				b = append(output.AppendJSON(b, f), '\n')
			}
			*bp = b
		}
		mu.Lock()
		defer mu.Unlock()
		switch {
		case bp != nil:
			if writeErr == nil {
				_, writeErr = out.Write(*bp)
			}
			bufs.Put(bp)
		default:
			for _, f := range fs {
				if writeErr == nil {
					writeErr = enc.Write(f)
				}
			}
		}
		if r.Done && r.Err != nil && roots[r.Path] && errors.Is(r.Err, os.ErrNotExist) {
			missing = append(missing, r.Path)
		}
		if r.Done && r.Err != nil {
			kind := "error"
			if r.Skipped {
				kind = "skipped"
			}
			fmt.Fprintf(stderr, "piid: %s: %s: %v\n", kind, r.Path, r.Err)
		}
		if r.Done && r.Damage != nil {
			fmt.Fprintf(stderr, "piid: malformed: %s: %v\n", r.Path, r.Damage)
		}
	})
	if err := enc.Close(); err != nil && writeErr == nil {
		writeErr = err
	}
	if err := out.Flush(); err != nil && writeErr == nil {
		writeErr = err
	}
	var baseErr error
	if baseOut != nil && scanErr == nil {
		baseErr = writeFileAtomic(*writeBase, 0o644, func(w io.Writer) error { _, err := baseOut.WriteTo(w); return err })
	}
	if !*quiet {
		mbps := 0.0
		if s := stats.Duration.Seconds(); s > 0 {
			mbps = float64(stats.Bytes) / 1e6 / s
		}
		var triage string // what was found but not reported, when there is any to say
		if base != nil {
			triage += fmt.Sprintf(", %d held back by the baseline", heldBack.Load())
		}
		if len(cfg.Detect.Ignore) > 0 || stats.Ignored > 0 {
			triage += fmt.Sprintf(", %d ignored", stats.Ignored)
		}
		fmt.Fprintf(stderr, "piid: scanned %d files, %s in %s (%.1f MB/s): %d findings%s, %d errors, %d skipped, %d malformed\n",
			stats.Files, humanBytes(stats.Bytes), stats.Duration.Round(1e6), mbps, reported.Load(), triage, stats.Errors, stats.Skipped, stats.Damaged)
	}
	switch {
	case scanErr != nil:
		return &exitError{code: exitIncomplete, err: fmt.Errorf("scan interrupted: %w", scanErr)}
	case writeErr != nil:
		return &exitError{code: exitIncomplete, err: fmt.Errorf("writing findings: %w", writeErr)}
	case baseErr != nil:
		return &exitError{code: exitIncomplete, err: fmt.Errorf("--write-baseline: %w", baseErr)}
	case len(missing) > 0:
		return usageErr("no such file or folder: %s", strings.Join(missing, ", "))
	case *failOnFindings && reported.Load() > 0:
		return &exitError{code: exitFindings}
	}
	return nil
}

func rules(cat *patterns.Catalog) []output.Rule {
	var rs []output.Rule
	for _, t := range cat.Types {
		rs = append(rs, output.Rule{ID: t.ID, Category: t.Category, Description: t.Description})
	}
	return rs
}

func runTypes(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("types", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cf catalogFlags
	cf.register(fs)
	regex := fs.Bool("regex", false, "print the detectors' regexes as one alternation (ASCII mode, as ripgrep --no-unicode reads it) instead of the table")
	if _, err := parseInterleaved(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &exitError{code: exitUsage}
	}
	_, cat, err := cf.load(stderr)
	if err != nil {
		return err
	}
	if *regex {
		_, err := fmt.Fprintln(stdout, joinPatterns(cat))
		return err
	}
	tw := tabwriter.NewWriter(stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "TYPE\tCATEGORY\tVALIDATION")
	for _, t := range cat.Types {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", t.ID, t.Category, t.Validator)
	}
	return tw.Flush()
}

// parseInterleaved parses flags wherever they stand among the positional
// arguments ("piid scan ./data --format json"); "--" ends the flags.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

// startCPUProfile writes a CPU profile to path until stop is called.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
