package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/piid/piid/cmd/config"
	"github.com/piid/piid/dsar/audit"
	"github.com/piid/piid/dsar/rewrite"
	"github.com/piid/piid/index"
	"github.com/piid/piid/index/indexer"
	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
)

const indexUsage = `Usage: piid index verify|rebuild --data DIR [flags]

  verify    check the daemon's index (DATA/index) without changing it: every
            table, block of findings and posting. Exit 0 when sound, 1 when
            damaged (each problem is named), 3 when it cannot be checked (a
            daemon holds it).
  rebuild   move the index aside (DATA/index.corrupt-TIME) and build a new one
            from the watched folders, with the same hash key. Requests
            (DATA/dsar), erasures and tombstones (DATA/erasure) and the audit
            trail (DATA/audit) are kept; the trail records the rebuild.

Both refuse to run while a daemon holds the index: stop it first.
Run "piid index COMMAND --help" for a command's flags.
`

func runIndex(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, indexUsage)
		return &exitError{code: exitUsage}
	}
	switch args[0] {
	case "verify":
		return runIndexVerify(args[1:], stdout, stderr)
	case "rebuild":
		return runIndexRebuild(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, indexUsage)
		return nil
	}
	fmt.Fprint(stderr, indexUsage)
	return usageErr("index: unknown command %q", args[0])
}

func indexDir(dataDir string) string { return filepath.Join(dataDir, "index") }

// indexCommands is how the operator is told to act on damage.
func indexCommands(dataDir string) string {
	return fmt.Sprintf("run `piid index verify --data %s`, then `piid index rebuild --data %s`", dataDir, dataDir)
}

func runIndexVerify(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("index verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: piid index verify --data DIR\n\nChecks DATA/index without changing it; exit 0 sound, 1 damaged, 3 not checked.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	dataDir := fs.String("data", ".piid", "the daemon's data `dir`ectory")
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("index verify: unexpected argument %q", fs.Arg(0))
	}
	dir := indexDir(*dataDir)
	start := time.Now()
	rep, err := index.Verify(index.DefaultOptions(dir))
	if errors.Is(err, os.ErrNotExist) {
		return usageErr("index verify: no index in %s", dir)
	}
	if err != nil {
		return &exitError{code: exitIncomplete, err: err}
	}
	fmt.Fprintf(stdout, "index %s: %d tables, %d files, %d findings in %d blocks, %d bucket values, %d postings checked in %s\n",
		dir, rep.Tables, rep.Files, rep.Findings, rep.Blocks, rep.Values, rep.Postings, time.Since(start).Round(time.Millisecond))
	if rep.Sound() {
		fmt.Fprintln(stdout, "sound")
		return nil
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(stdout, "damaged:", p)
	}
	if rep.More > 0 {
		fmt.Fprintf(stdout, "damaged: and %d more problems\n", rep.More)
	}
	return &exitError{code: exitFindings, err: fmt.Errorf("the index %s is damaged (%d problems): run `piid index rebuild --data %s`",
		dir, len(rep.Problems)+rep.More, *dataDir)}
}

func runIndexRebuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("index rebuild", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: piid index rebuild --data DIR [--watch DIR...] [flags]

Moves DATA/index aside (DATA/index.corrupt-TIME) and indexes the watched
folders (default: those of the daemon's last start, recorded in DATA/roots)
into a new one. Give the daemon's --config and --hash-key-file, if it has
them: the new index must hash as the daemon does.

Flags:
`)
		fs.PrintDefaults()
	}
	var (
		cf        catalogFlags
		watchDirs stringList
		minConf   = fs.Float64("min-confidence", DefaultMinConfidence, "as for serve")
		workers   = fs.Int("workers", 0, "files scanned at once (default: one per CPU)")
		actor     = fs.String("actor", envOr("PIID_ACTOR", os.Getenv("USER")), "who rebuilds, for the audit trail ($PIID_ACTOR, default $USER)")
	)
	fs.Var(&watchDirs, "watch", "`folder` to index (repeatable; default: the daemon's, from DATA/roots)")
	cf.register(fs)
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("index rebuild: unexpected argument %q (folders are given with --watch)", fs.Arg(0))
	}
	if len(watchDirs) == 0 {
		roots, err := loadRoots(cf.dataDir)
		if err != nil || len(roots) == 0 {
			return usageErr("index rebuild: no --watch folder, and none recorded in %s (%v)", rootsFile(cf.dataDir), err)
		}
		watchDirs = roots
	}
	// Not the one-off key scan falls back to: an index the daemon's
	// searches would never match.
	if _, _, err := patterns.LoadKey(cf.hashKeyFile, cf.dataDir); err != nil {
		return usageErr("index rebuild: the hash key: %v", err)
	}
	cfg, cat, err := cf.load(stderr)
	if err != nil {
		return err
	}
	if cfg.Detect.MinConfidence != nil && !flagSet(fs, "min-confidence") {
		*minConf = *cfg.Detect.MinConfidence
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	start := time.Now()
	moved, err := index.MoveAside(indexDir(cf.dataDir), start)
	if err != nil {
		return &exitError{code: exitIncomplete, err: err}
	}
	st, err := buildIndex(ctx, cf.dataDir, watchDirs, daemonScanner(cat, cfg, *minConf, watchDirs), *workers, log)
	if errors.Is(err, index.ErrCorrupt) {
		return &exitError{code: exitFindings, err: err} // the new index is damaged as it is written: the disk?
	}
	if err != nil {
		return &exitError{code: exitIncomplete, err: err}
	}
	if err := recordRebuild(cf.dataDir, cat, *actor, moved, watchDirs, st); err != nil {
		return &exitError{code: exitIncomplete, err: err}
	}
	fmt.Fprintf(stdout, "rebuilt %s from %s: %d files, %d findings in %s\n",
		indexDir(cf.dataDir), strings.Join(watchDirs, ", "), st.Files, st.Findings, time.Since(start).Round(time.Millisecond))
	if moved != "" {
		fmt.Fprintf(stdout, "the old index is at %s: delete it once looked at\n", moved)
	}
	return nil
}

// buildIndex indexes the roots into a new index in DATA/index, as the
// daemon would, and returns once every file is in.
func buildIndex(ctx context.Context, dataDir string, roots []string, sc *scanner.Scanner, workers int, log *slog.Logger) (index.Stats, error) {
	ix, err := index.Open(index.DefaultOptions(indexDir(dataDir)).WithLogger(log))
	if err != nil {
		return index.Stats{}, err
	}
	d, err := indexer.New(ix, sc, indexer.Options{Roots: roots, Workers: workers, Exclude: daemonExclude(dataDir), Logger: log})
	if err != nil {
		ix.Close()
		return index.Stats{}, usageErr("%v", err)
	}
	runCtx, stop := context.WithCancel(ctx)
	runErr := make(chan error, 1)
	go func() { runErr <- d.Run(runCtx) }()
	t := time.NewTicker(50 * time.Millisecond)
	// Damage met while writing ends the wait: the index being built is
	// not sound (a failing disk?).
	for ctx.Err() == nil && ix.Sound() == nil && (d.Ready() != nil || !d.Idle()) {
		select {
		case <-t.C:
		case err = <-runErr:
			t.Stop()
			stop()
			ix.Close()
			return index.Stats{}, err
		case <-ctx.Done():
		}
	}
	t.Stop()
	stop()
	err = <-runErr
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		err = ix.Sound()
	}
	st, serr := ix.Stats()
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = serr
	}
	return st, err
}

// recordRebuild appends the rebuild to the audit trail, which is kept.
func recordRebuild(dataDir string, cat *patterns.Catalog, actor, moved string, roots []string, st index.Stats) error {
	trail, err := openTrail(dataDir, cat)
	if err != nil {
		return err
	}
	defer trail.Close()
	_, err = trail.Append("index.rebuilt", actor, map[string]any{
		"moved_aside": filepath.Base(moved), "roots": auditRoots(cat, roots), "files": st.Files, "findings": st.Findings,
	})
	return err
}

// openDaemonIndex opens the daemon's index. A damaged one stops the
// daemon with one line saying what to run, or, with rebuild, is moved
// aside (moved names where) and a new one opened: the daemon's walk at
// start fills it.
func openDaemonIndex(dataDir string, log *slog.Logger, rebuild bool, lowWatermark, highWatermark int64) (ix *index.Index, moved string, err error) {
	dir := indexDir(dataDir)
	opts := index.DefaultOptions(dir).WithLogger(log).WithWatermarks(lowWatermark, highWatermark)
	ix, err = index.Open(opts)
	if err == nil || !errors.Is(err, index.ErrCorrupt) {
		return ix, "", err
	}
	if !rebuild {
		return nil, "", fmt.Errorf("%v: %s (or start with --rebuild-on-corruption)", err, indexCommands(dataDir))
	}
	moved, merr := index.MoveAside(dir, time.Now())
	if merr != nil {
		return nil, "", fmt.Errorf("%v; moving it aside: %v", err, merr)
	}
	log.Error("the index is damaged: moved aside, rebuilding it from the watched folders",
		"error", err, "moved_to", moved)
	ix, err = index.Open(opts)
	return ix, moved, err
}

// recordMovedAside records in the audit trail that the daemon replaced a
// damaged index at start (moved is where it went; "" when it did not).
func recordMovedAside(trail *audit.Log, cat *patterns.Catalog, moved string, roots []string, log *slog.Logger) {
	if moved == "" {
		return
	}
	if _, err := trail.Append("index.rebuilt", "piid", map[string]any{"moved_aside": filepath.Base(moved), "roots": auditRoots(cat, roots)}); err != nil {
		log.Error("recording the rebuild in the audit trail", "error", err)
	}
}

// daemonScanner is the scanner of the daemon and of rebuild: both must
// find what the other finds. roots are the watched folders.
func daemonScanner(cat *patterns.Catalog, cfg *config.File, minConf float64, roots []string) *scanner.Scanner {
	return scanner.New(cat, cfg.Scan.Apply(scanner.Options{MinConfidence: minConf, Roots: roots}))
}

// daemonExclude says what the daemon never indexes, whatever is watched:
// its own data, and the temp files of an erasure's rewrite (renamed at
// once).
func daemonExclude(dataDir string) func(string) bool {
	dataAbs, _ := filepath.Abs(dataDir)
	return func(p string) bool {
		return p == dataAbs || strings.HasPrefix(p, dataAbs+string(filepath.Separator)) ||
			strings.HasSuffix(p, rewrite.DefaultTempSuffix)
	}
}

// The daemon records its watched folders in DATA/roots (one absolute path
// a line) at each start, so that rebuild indexes the same ones.
func rootsFile(dataDir string) string { return filepath.Join(dataDir, "roots") }

func recordRoots(dataDir string, roots []string) error {
	var b strings.Builder
	for _, r := range roots {
		abs, err := filepath.Abs(r)
		if err != nil {
			return err
		}
		b.WriteString(abs + "\n")
	}
	tmp := rootsFile(dataDir) + ".tmp"
	if err := os.WriteFile(tmp, []byte(b.String()), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, rootsFile(dataDir))
}

func loadRoots(dataDir string) ([]string, error) {
	f, err := os.Open(rootsFile(dataDir))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var roots []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if r := strings.TrimSpace(sc.Text()); r != "" {
			roots = append(roots, r)
		}
	}
	return roots, sc.Err()
}
