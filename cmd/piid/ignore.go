package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/piid/piid/cmd/config"
	"github.com/piid/piid/patterns"
)

const ignoreUsage = `Usage: piid ignore add TYPE=VALUE --reason TEXT [--config FILE] [--data DIR]

Puts one value on the ignore list: findings of it are not reported by
"piid scan" and not counted in the daemon's metrics, but are still indexed
(marked ignored) and returned to a subject search or an access request.
For personal data the team has triaged, such as the company's own support
address or a test card; a value that is not personal at all belongs in the
config's allowlist instead.

The value is normalized as the scanner normalizes what it finds, then
hashed with the same key (--data's hash.key, --hash-key-file or
$PIID_HASH_KEY), so use the key of the scans and the daemon it is for.
Only the keyed hash is written: the raw value reaches no output, file or
log. The entry is printed; with --config it is also added to that file
(created if missing), keeping its comments, and a value already listed is
refused.

Flags:
`

func runIgnore(_ context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprint(stdout, ignoreUsage)
			return nil
		}
		fmt.Fprint(stderr, ignoreUsage)
		return usageErr("ignore: the command is add")
	}
	fs := flag.NewFlagSet("ignore add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, ignoreUsage); fs.PrintDefaults() }
	var cf catalogFlags
	cf.register(fs)
	reason := fs.String("reason", "", "why the value is ignored (required; kept in the config beside the hash)")
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &exitError{code: exitUsage}
	}
	if len(pos) != 1 {
		fs.Usage()
		return usageErr("ignore add: give one TYPE=VALUE")
	}
	typ, value, ok := strings.Cut(pos[0], "=")
	typ = strings.TrimSpace(typ)
	switch {
	case !ok || typ == "":
		return usageErr("ignore add: want TYPE=VALUE, e.g. email=support@example.com")
	case strings.TrimSpace(*reason) == "":
		return usageErr("ignore add: --reason is required")
	}
	// A config that does not exist yet is created; the catalog is then
	// the built-in one.
	configPath := cf.config
	var data []byte
	if configPath != "" {
		data, err = os.ReadFile(configPath)
		if errors.Is(err, os.ErrNotExist) {
			cf.config, err = "", nil
		}
		if err != nil {
			return usageErr("--config: %v", err)
		}
	}
	// A hash under a one-off key would match nothing: the key must load.
	cf.keyRequired = true
	_, cat, err := cf.load(stderr)
	if err != nil {
		return err
	}
	norm, err := cat.Identifier(typ, value)
	if err != nil {
		// The reason never quotes the value.
		return usageErr("ignore add: %s", patterns.IdentifierReason(typ, err))
	}
	e := patterns.IgnoreEntry{Hash: cat.Hasher().Sum(typ, []byte(norm)).String(), Type: typ, Reason: strings.TrimSpace(*reason)}
	if configPath != "" {
		out, err := config.AddIgnore(configPath, data, e)
		if err != nil {
			return &exitError{code: exitUsage, err: err}
		}
		if err := writeFileAtomic(configPath, 0o600, func(w io.Writer) error { _, err := w.Write(out); return err }); err != nil {
			return &exitError{code: exitIncomplete, err: fmt.Errorf("--config: %w", err)}
		}
		fmt.Fprintf(stderr, "piid: added to the ignore list of %s (a running daemon reads it at its next start)\n", configPath)
	}
	entry, err := config.IgnoreYAML(e)
	if err != nil {
		return err
	}
	_, err = stdout.Write(entry)
	return err
}
