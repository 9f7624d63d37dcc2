// Command piid finds personal data in files and answers GDPR requests
// about it. main only wires signals to run; every subcommand returns an
// error that carries its exit status.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time (-ldflags "-X main.version=...").
var version = "dev"

// Exit statuses of CONTRACT.md.
const (
	exitOK         = 0
	exitFindings   = 1
	exitUsage      = 2
	exitIncomplete = 3
)

// exitError carries an exit status; its message (if any) goes to stderr.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

func usageErr(format string, a ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, a...)}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(stderr, "piid:", ee.err)
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "piid:", err)
	return exitIncomplete
}

const mainUsage = `piid finds personal data in files and answers GDPR requests about it.

Usage:
  piid scan [flags] PATH...   scan files and folders once ("-" reads stdin)
  piid serve --watch DIR ...  the daemon: keep an index of watched folders, answer over HTTP
  piid dsar COMMAND           subject access requests, through the daemon's API
  piid erase COMMAND          erasures: plan, review, apply, verify, through the daemon's API
  piid audit verify|list      the daemon's audit trail
  piid index verify|rebuild   check the daemon's index; rebuild it from the watched folders
  piid types                  list the detectable types and their validators
  piid ignore add TYPE=VALUE  put a value on the config's ignore list (hashed; --reason required)
  piid bench run|gen|score    the benchmark harness; a labelled corpus; scoring
  piid version                print the version

Run "piid COMMAND --help" for a command's flags.
`

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, mainUsage)
		return &exitError{code: exitUsage}
	}
	switch args[0] {
	case "scan":
		return runScan(ctx, args[1:], stdin, stdout, stderr)
	case "serve":
		return runServe(ctx, args[1:], stderr)
	case "dsar":
		return runDSAR(ctx, args[1:], stdout, stderr)
	case "erase":
		return runErase(ctx, args[1:], stdout, stderr)
	case "audit":
		return runAudit(ctx, args[1:], stdout, stderr)
	case "index":
		return runIndex(ctx, args[1:], stdout, stderr)
	case "bench":
		return runBench(ctx, args[1:], stdin, stdout, stderr)
	case "types":
		return runTypes(args[1:], stdout, stderr)
	case "ignore":
		return runIgnore(ctx, args[1:], stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "piid", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, mainUsage)
		return nil
	}
	fmt.Fprint(stderr, mainUsage)
	return usageErr("unknown command %q", args[0])
}
