package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/piid/piid/bench"
)

const benchUsage = `Usage: piid bench gen [flags]

Writes a deterministic labelled corpus: files under OUT/<profile>/ and
OUT/truth.jsonl, one line per planted value (path, type, offsets, record).

Flags:
`

func runBench(args []string, stdout, stderr io.Writer) error {
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
