package main

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/piid/piid/api"
	"github.com/piid/piid/dsar"
	"github.com/piid/piid/index/indexer"
	"github.com/piid/piid/scanner/confine"
)

// defaultProcs is Go's own GOMAXPROCS, read before serve changes it: the
// CPUs the process may use, a cgroup CPU limit included.
var defaultProcs = runtime.GOMAXPROCS(0)

const serveUsage = `Usage: piid serve --watch DIR [--watch DIR...] [flags]

Runs the daemon: keeps an index of hashed findings for every file under the
watched folders current, and answers over HTTP (see api/openapi.yaml).
Every /v1/ route needs "Authorization: Bearer TOKEN"; the token is read from
--token-file, created (random, mode 0600) when missing.

Flags:
`

// stringList is a repeatable flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func runServe(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, serveUsage); fs.PrintDefaults() }
	var (
		cf          catalogFlags
		watchDirs   stringList
		listen      = fs.String("listen", "127.0.0.1:8484", "`address` to listen on (loopback by default)")
		tokenFile   = fs.String("token-file", "", "`file` holding the API token (default DATA/token, created if missing)")
		reconcile   = fs.Duration("reconcile-every", 10*time.Minute, "period of the full reconcile walk (the backstop for lost events)")
		quiet       = fs.Duration("quiet", 500*time.Millisecond, "how long a file must rest after a change before it is rescanned")
		workers     = fs.Int("workers", 0, "files scanned at once (default: one per CPU)")
		minConf     = fs.Float64("min-confidence", DefaultMinConfidence, "drop findings below this confidence (0..1)")
		logFormat   = fs.String("log-format", "text", "log format: text or json")
		logLevel    = fs.String("log-level", "info", "log level: debug, info, warn, error")
		grace       = fs.Duration("erasure-grace", 4*time.Hour, "how long an approved erasure waits before it is applied (and can be cancelled)")
		notifyEvery = fs.Duration("notify-every", time.Minute, "how often request deadlines are checked for the webhook (config dsar.webhook_url)")
		cpuProfile  = fs.String("cpuprofile", "", "write a CPU profile (pprof) of the daemon to `file`, until it stops")
		tlsCert     = fs.String("tls-cert", "", "serve HTTPS with this PEM certificate `file` (with --tls-key)")
		tlsKey      = fs.String("tls-key", "", "the PEM private key `file` of --tls-cert")
		follow      = fs.Bool("follow-symlinks", false, "index files reached through symbolic links (even outside the watched folders); erasure still rewrites only files whose real path is inside a watched folder (others are manual)")
		rebuild     = fs.Bool("rebuild-on-corruption", false, "when the index is damaged at start, move it aside (DATA/index.corrupt-TIME) and rebuild it from the watched folders")
	)
	fs.Var(&watchDirs, "watch", "`folder` to watch and index (repeatable)")
	cf.register(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &exitError{code: exitUsage}
	}
	if fs.NArg() > 0 {
		return usageErr("serve: unexpected argument %q (folders are given with --watch)", fs.Arg(0))
	}
	if len(watchDirs) == 0 {
		fs.Usage()
		return usageErr("serve: no --watch folder")
	}
	log, err := newLogger(stderr, *logFormat, *logLevel)
	if err != nil {
		return usageErr("%v", err)
	}
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return usageErr("--cpuprofile: %v", err)
		}
		defer stop()
	}
	cfg, cat, err := cf.load(stderr)
	if err != nil {
		return err
	}
	if cfg.Detect.MinConfidence != nil && !flagSet(fs, "min-confidence") {
		*minConf = *cfg.Detect.MinConfidence
	}
	if err := os.MkdirAll(cf.dataDir, 0o700); err != nil {
		return usageErr("--data: %v", err)
	}
	if *tokenFile == "" {
		*tokenFile = filepath.Join(cf.dataDir, "token")
	}
	token, created, err := loadToken(*tokenFile)
	if err != nil {
		return usageErr("--token-file: %v", err)
	}
	tlsConf, err := loadTLS(*tlsCert, *tlsKey)
	if err != nil {
		return usageErr("%v", err)
	}
	if created {
		log.Info("created an API token", "file", *tokenFile)
	}
	// The scanning workers hold their threads at the lowest priority
	// (indexer); spare Ps let the API's goroutines run at once, on their
	// own threads, rather than queue behind Badger's compactions for a
	// time slice (GOMAXPROCS wins when set). Measured by hand on 2 cores,
	// searching over HTTP while indexing 2M findings: p99 ~54 ms with 2
	// Ps per CPU, ~31 ms with 4, no better with 8 (`piid bench run
	// --profile exports` times searches while indexing at 10M).
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(4 * defaultProcs)
	}
	// The Go heap is held near 192 MiB (GOMEMLIMIT wins when set): its
	// live part stays near 90 MiB while indexing, and the index keeps
	// Badger's mapped pages out of the resident set past 160 MiB
	// (index.Options.MappedBudget): together aiming at 512 MiB.
	// By hand, 2 GiB of the bench's corpus indexed from empty: peak RSS
	// 495 MiB with 192, 566 MiB with 256, the same CPU time (114 and
	// 122 s). `make bench-memory` measures it on 10 GiB.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(192 << 20)
	}

	if err := recordRoots(cf.dataDir, watchDirs); err != nil {
		// Only rebuild's default needs it; a full data volume must not
		// keep the daemon from serving.
		log.Warn("recording the watched folders for piid index rebuild", "error", err)
	}
	ix, moved, err := openDaemonIndex(cf.dataDir, log, *rebuild, int64(cfg.Disk.LowWatermark), int64(cfg.Disk.HighWatermark))
	if err != nil {
		return &exitError{code: exitIncomplete, err: err}
	}
	defer func() {
		if err := ix.Close(); err != nil {
			log.Error("closing the index", "error", err)
		}
	}()

	roots, err := confine.New(watchDirs, *follow)
	if err != nil {
		return usageErr("--watch: %v", err)
	}
	sc := daemonScanner(cat, cfg, *minConf, watchDirs)
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	trail, svc, err := openDSAR(cf, cfg, cat, sc, ix, roots, log, reg)
	if err != nil {
		return err
	}
	defer trail.Close()
	recordMovedAside(trail, cat, moved, watchDirs, log)
	var d *indexer.Indexer
	er, err := openErasure(cf, cfg, cat, sc, ix, roots, trail, *grace, log, reg,
		func(ctx context.Context, paths []string) error { return d.Reindex(ctx, paths) })
	if err != nil {
		return err
	}
	d, err = indexer.New(ix, sc, indexer.Options{
		Roots:          watchDirs,
		Confine:        roots,
		Workers:        *workers,
		ReconcileEvery: *reconcile,
		Quiet:          *quiet,

		// The daemon's own data is never indexed, whatever is watched.
		Exclude:  daemonExclude(cf.dataDir),
		Logger:   log,
		Registry: reg,
		Observer: er,
	})
	if err != nil {
		return usageErr("%v", err)
	}
	if u := cfg.DSAR.Notices.WebhookURL; u != "" {
		go svc.Notify(ctx, dsar.Notifier{URL: u, Within: cfg.DSAR.Notices.NotifyWithinDays, Every: *notifyEvery})
		notifyRoom(ctx, ix, u, log)
	}
	go reloadOnHangup(ctx, cf.config, svc, trail, log)

	srv, err := api.NewServer(api.Config{Backend: d, Token: token, Logger: log, Registry: reg, DSAR: svc, Audit: trail, Erasure: er})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return usageErr("--listen: %v", err)
	}
	hs := srv.HTTPServer(*listen)
	scheme := "http"
	if tlsConf != nil {
		hs.TLSConfig = tlsConf
		ln = tls.NewListener(ln, tlsConf)
		scheme = "https"
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- hs.Serve(ln) }()
	warnIfExposed(log, ln.Addr(), tlsConf != nil)
	log.Info("serving", "url", scheme+"://"+ln.Addr().String(), "token_file", *tokenFile, "watch", strings.Join(watchDirs, ","))

	runCtx, stopRun := context.WithCancel(ctx)
	defer stopRun()
	runErr := make(chan error, 1)
	go func() { runErr <- d.Run(runCtx) }()
	erasuresDone := make(chan struct{})
	go func() {
		// Erasures wait for the first walk: their verification needs an
		// index that reflects the files.
		for d.Ready() != nil && runCtx.Err() == nil {
			time.Sleep(50 * time.Millisecond)
		}
		er.Run(runCtx)
		close(erasuresDone)
	}()

	var (
		failed  error
		runDone bool
	)
	select {
	case <-ctx.Done():
	case failed = <-serveErr:
	case failed = <-runErr:
		runDone = true
	}
	// Drain: the workers drop the files in progress at once (what was not
	// committed is rescanned at the next start) while no new requests are
	// taken and answers in flight finish; then the index is closed
	// (deferred).
	log.Info("shutting down")
	stopRun()
	shut, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(shut); err != nil {
		log.Warn("http shutdown", "error", err)
	}
	<-erasuresDone
	if !runDone {
		if err := <-runErr; err != nil && failed == nil {
			failed = err
		}
	}
	if failed != nil && !errors.Is(failed, http.ErrServerClosed) {
		return &exitError{code: exitIncomplete, err: failed}
	}
	return nil
}

// loadToken reads the API token, or creates one (random, 0600) when the
// file does not exist; created says so.
func loadToken(path string) (token string, created bool, err error) {
	b, err := readSecretFile(path)
	if err == nil {
		t := strings.TrimSpace(string(b))
		if len(t) < minTokenLen {
			return "", false, fmt.Errorf("%s holds a token of %d characters: at least %d are needed, a shorter one can be guessed (remove the file and a random one is made)", path, len(t), minTokenLen)
		}
		return t, false, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", false, err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", false, err
	}
	t := hex.EncodeToString(raw)
	// Written beside, then linked into place: two daemons starting at once
	// agree on one token.
	tmp, err := os.CreateTemp(filepath.Dir(path), ".token-*")
	if err != nil {
		return "", false, err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return "", false, err
	}
	if _, err := tmp.WriteString(t + "\n"); err != nil {
		tmp.Close()
		return "", false, err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", false, err
	}
	tmp.Close()
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return loadToken(path)
		}
		return "", false, err
	}
	return t, true, nil
}

func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level: %v", err)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format: %q is not text or json", format)
}
