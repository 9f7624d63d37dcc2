package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/piid/piid/bench"
	"github.com/piid/piid/patterns"
)

const benchUsage = `Usage:
  piid bench run [flags]     the harness: speed beside ripgrep and Go regexp, and accuracy
  piid bench memory [flags]  the daemon's memory while it indexes copies of the corpus (--size)
  piid bench gen [flags]     write a labelled corpus
  piid bench score [flags]   score findings (jsonl on stdin) against its ground truth

"gen" writes a deterministic corpus: files under OUT/<profile>/ and
OUT/truth.jsonl, one line per planted value (path, type, offsets, record).
"score" prints precision, recall and F1 per profile and type:

  piid scan --format jsonl CORPUS/prose | piid bench score --corpus CORPUS

Flags:
`

func runBench(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "score" {
		return runBenchScore(args[1:], stdin, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "run" {
		return runBenchRun(ctx, args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "memory" {
		return runBenchMemory(ctx, args[1:], stdout, stderr)
	}
	if len(args) == 0 || args[0] != "gen" {
		fmt.Fprint(stderr, benchUsage)
		if len(args) == 0 {
			return &exitError{code: exitUsage}
		}
		return usageErr("bench: unknown subcommand %q", args[0])
	}
	fs := flag.NewFlagSet("bench gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, benchUsage); fs.PrintDefaults() }
	var (
		size     = fs.String("size", "100MB", "total size to write (e.g. 200MB, 1GiB)")
		out      = fs.String("out", "", "folder to write into (required)")
		profiles = fs.String("profile", "lake", "comma-separated profiles: "+strings.Join(bench.Profiles(), ", "))
		seed     = fs.Int64("seed", 1, "random seed: the same seed and size give the same bytes")
		gz       = fs.Bool("gzip", false, "write some files gzip'd (offsets stay those of the decompressed content)")
	)
	if _, err := parseInterleaved(fs, args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &exitError{code: exitUsage}
	}
	if *out == "" {
		return usageErr("bench gen: --out is required")
	}
	n, err := bench.ParseSize(*size)
	if err != nil || n <= 0 {
		return usageErr("bench gen: --size: invalid size %q", *size)
	}
	sum, err := bench.Generate(bench.Options{Out: *out, Size: n, Seed: *seed, Profiles: strings.Split(*profiles, ","), Gzip: *gz})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d files, %s, %d planted values to %s\n", sum.Files, humanBytes(sum.Bytes), planted(sum.Planted), *out)
	return nil
}

func planted(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func runBenchScore(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench score", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, benchUsage); fs.PrintDefaults() }
	corpus := fs.String("corpus", "", "the folder \"bench gen\" wrote (holds truth.jsonl)")
	profiles := fs.String("profile", "", "comma-separated profiles that were scanned (default: every profile folder in the corpus)")
	if _, err := parseInterleaved(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &exitError{code: exitUsage}
	}
	if *corpus == "" {
		return usageErr("bench score: --corpus is required")
	}
	truth, err := bench.ReadTruth(filepath.Join(*corpus, bench.TruthFile))
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	found, err := bench.ReadReported(stdin)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	// Only the profiles that were scanned are scored.
	seen := map[string]bool{}
	if *profiles != "" {
		for _, p := range strings.Split(*profiles, ",") {
			seen[strings.TrimSpace(p)] = true
		}
	} else {
		for _, p := range bench.Profiles() {
			if fi, err := os.Stat(filepath.Join(*corpus, p)); err == nil && fi.IsDir() {
				seen[p] = true
			}
		}
	}
	var kept []bench.Truth
	for _, t := range truth {
		if seen[strings.SplitN(t.Path, "/", 2)[0]] {
			kept = append(kept, t)
		}
	}
	scores := bench.Score(kept, found, *corpus)
	for p := range seen {
		scores.Ensure(p)
	}
	scores.WriteTable(stdout, bench.ProfileBytes(*corpus))
	return nil
}

func runBenchRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, benchUsage); fs.PrintDefaults() }
	var (
		corpus   = fs.String("corpus", "bench/out/corpus", "corpus folder; generated there when it holds no truth.jsonl")
		size     = fs.String("size", "1GiB", "size of a generated corpus, split between the profiles")
		seed     = fs.Int64("seed", 1, "seed of a generated corpus")
		profiles = fs.String("profile", strings.Join(bench.Profiles(), ","), "comma-separated profiles")
		reps     = fs.Int("reps", 3, "interleaved repetitions (at least 3)")
		jsonOut  = fs.String("json", "", "also write the report as JSON to this `file`")
		mdOut    = fs.String("markdown", "", "also write the Markdown tables to this `file`")
		scale    = fs.Int64("scale-findings", 10_000_000, "findings in the index the daemon's searches are timed over at scale (0: no scale run)")
	)
	if _, err := parseInterleaved(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &exitError{code: exitUsage}
	}
	n, err := bench.ParseSize(*size)
	if err != nil || n <= 0 {
		return usageErr("bench run: --size: invalid size %q", *size)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	// The baselines get the default catalog's regexes (the key only
	// matters for hashes, which the baselines do not compute).
	cat, err := patterns.New(patterns.Options{HashKey: []byte("bench-baseline-patterns")})
	if err != nil {
		return err
	}
	rep, err := bench.Run(ctx, bench.RunOptions{Binary: self, Corpus: *corpus, Size: n, Seed: *seed,
		Profiles: strings.Split(*profiles, ","), Reps: *reps, Patterns: joinPatterns(cat), Log: stderr,
		ScaleFindings: cmp.Or(*scale, -1)})
	if err != nil {
		return err
	}
	rep.WriteMarkdown(stdout)
	if *mdOut != "" {
		if err := writeFileWith(*mdOut, func(w io.Writer) error { rep.WriteMarkdown(w); return nil }); err != nil {
			return err
		}
	}
	if *jsonOut != "" {
		return writeFileWith(*jsonOut, rep.WriteJSON)
	}
	return nil
}

// writeFileWith creates the file at path and has write fill it.
func writeFileWith(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func runBenchMemory(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench memory", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, benchUsage); fs.PrintDefaults() }
	var (
		corpus  = fs.String("corpus", "bench/out/corpus", "corpus folder (\"bench gen\" or \"bench run\" wrote it)")
		size    = fs.String("size", "10GiB", "bytes to index: copies of the corpus (hard links) until this size")
		jsonOut = fs.String("json", "", "also write the row as JSON to this `file`")
	)
	if _, err := parseInterleaved(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &exitError{code: exitUsage}
	}
	n, err := bench.ParseSize(*size)
	if err != nil || n <= 0 {
		return usageErr("bench memory: --size: invalid size %q", *size)
	}
	if _, err := os.Stat(filepath.Join(*corpus, bench.TruthFile)); err != nil {
		return usageErr("bench memory: %s holds no corpus (write one with piid bench gen)", *corpus)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	row, err := bench.MemoryRun(ctx, self, *corpus, n, stderr)
	if err != nil {
		return err
	}
	row.WriteMarkdown(stdout)
	if *jsonOut != "" {
		return writeFileWith(*jsonOut, row.WriteJSON)
	}
	return nil
}

// joinPatterns is the catalog as one alternation, as `piid types --regex`
// prints it.
func joinPatterns(cat *patterns.Catalog) string {
	alts := make([]string, len(cat.Patterns))
	for i, p := range cat.Patterns {
		alts[i] = "(?:" + p + ")"
	}
	return strings.Join(alts, "|")
}
