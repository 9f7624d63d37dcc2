package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"text/tabwriter"
	"time"

	"github.com/piid/piid/dsar/erasure"
)

const eraseUsage = `Usage: piid erase COMMAND [flags]

Erasures (GDPR Art. 17), through the daemon's API (piid serve must be
running). An erasure is planned, reviewed (approve or reject), applied
after the daemon's --erasure-grace (it can be cancelled until then),
and verified by a rescan.

Commands:
  plan --id TYPE=VALUE [--id ...] --strategy S [--dry-run] [--dsar ID]
                      every location of the identifiers and what S does there:
                      redact, mask, pseudonymize or delete_record
  list [--status S]   erasures, newest first (--status pending_review: the review queue)
  show ID             an erasure: its plan, results and history
  approve ID [--reason TEXT]   the reviewer is --actor
  reject ID [--reason TEXT]
  cancel ID [--reason TEXT]    during the grace period

Run "piid erase COMMAND --help" for a command's flags.
`

func runErase(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd, args, fs, af, done, err := apiCommand("erase", eraseUsage, args, stdout, stderr)
	if done {
		return err
	}
	var (
		ids                      idList
		strategy, status, reason string
		dsarID                   string
		dryRun                   bool
		usage                    string
		wantID                   = true
	)
	switch cmd {
	case "plan":
		usage, wantID = "piid erase plan --id TYPE=VALUE [--id ...] --strategy S [flags]", false
		fs.Var(&ids, "id", "an identifier `TYPE=VALUE` (repeatable)")
		fs.StringVar(&strategy, "strategy", "", "redact, mask, pseudonymize or delete_record")
		fs.BoolVar(&dryRun, "dry-run", false, "only show the plan; store nothing")
		fs.StringVar(&dsarID, "dsar", "", "the subject access request this erasure answers")
	case "list":
		usage, wantID = "piid erase list [--status S] [flags]", false
		fs.StringVar(&status, "status", "", "only erasures with this status")
	case "show":
		usage = "piid erase show ID [flags]"
	case "approve", "reject", "cancel":
		usage = "piid erase " + cmd + " ID [--reason TEXT] [flags]"
		fs.StringVar(&reason, "reason", "", "why")
	default:
		fmt.Fprint(stderr, eraseUsage)
		return usageErr("erase: unknown command %q", cmd)
	}
	fs.Usage = func() { fmt.Fprintf(stderr, "Usage: %s\n\nFlags:\n", usage); fs.PrintDefaults() }
	pos, ok, err := interleave(fs, args)
	if !ok {
		return err
	}
	if wantID != (len(pos) == 1) || len(pos) > 1 {
		fs.Usage()
		return usageErr("erase %s: %s", cmd, map[bool]string{true: "give one erasure id", false: "unexpected argument"}[wantID])
	}
	c, err := af.client()
	if err != nil {
		return err
	}
	var (
		e   erasure.Erasure
		raw []byte
	)
	switch cmd {
	case "plan":
		if len(ids) == 0 || strategy == "" {
			fs.Usage()
			return usageErr("erase plan: at least one --id and --strategy are required")
		}
		raw, err = c.getJSON(ctx, "POST", "/v1/erasures", map[string]any{"identifiers": ids, "strategy": strategy, "dry_run": dryRun, "dsar_id": dsarID}, &e)
	case "list":
		var l struct{ Erasures []erasure.Erasure }
		path := "/v1/erasures"
		if status != "" {
			path += "?status=" + url.QueryEscape(status)
		}
		if raw, err = c.getJSON(ctx, "GET", path, nil, &l); err != nil {
			return err
		}
		if af.json {
			_, err = stdout.Write(raw)
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSTATUS\tSTRATEGY\tFILES\tLOCATIONS\tCREATED")
		for _, e := range l.Erasures {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\n", e.ID, e.Status, e.Strategy, len(e.Files), len(e.Plan), e.CreatedAt.Format(time.RFC3339))
		}
		return tw.Flush()
	case "show":
		raw, err = c.getJSON(ctx, "GET", "/v1/erasures/"+url.PathEscape(pos[0]), nil, &e)
	default:
		raw, err = c.getJSON(ctx, "POST", "/v1/erasures/"+url.PathEscape(pos[0])+"/"+cmd, map[string]any{"reviewer": af.actor, "reason": reason}, &e)
	}
	if err != nil {
		return err
	}
	if af.json {
		_, err = stdout.Write(raw)
		return err
	}
	printErasure(stdout, &e)
	return nil
}

func printErasure(w io.Writer, e *erasure.Erasure) {
	id := e.ID
	if id == "" {
		id = "(dry run)"
	}
	fmt.Fprintf(w, "%s  %s  strategy %s\n", id, e.Status, e.Strategy)
	if e.Status == erasure.NothingFound {
		fmt.Fprintln(w, "  nothing found: no occurrence of the identifiers is indexed; nothing was erased")
	}
	if !e.ApplyAt.IsZero() && e.Status == erasure.Approved {
		fmt.Fprintf(w, "  applied at %s unless cancelled\n", e.ApplyAt.Format(time.RFC3339))
	}
	for _, m := range e.Manual {
		fmt.Fprintf(w, "  MANUAL  %s\n", m)
	}
	per := map[string]int{}
	for _, it := range e.Plan {
		per[it.Path]++
	}
	for _, f := range e.Files {
		line := fmt.Sprintf("  %s: %d location(s)", f.Path, per[f.Path])
		if f.Manual != "" {
			line += " (manual)"
		}
		fmt.Fprintln(w, line)
	}
	for _, it := range e.Review {
		fmt.Fprintf(w, "  REVIEW  %s line %d: %s %s, not planned: only an ambiguous reading matches\n", it.Path, it.Line, it.Type, it.Masked)
	}
	for _, r := range e.Results {
		line := fmt.Sprintf("  %s %s: %d replaced, %d record(s) deleted", r.Status, r.Path, r.Replaced, r.DeletedRecords)
		if r.Replanned {
			line += " (changed since the plan: found again)"
		}
		if r.Error != "" {
			line += ": " + r.Error
		}
		fmt.Fprintln(w, line)
	}
	for _, it := range e.Remaining {
		fmt.Fprintf(w, "  REMAINING %s line %d: %s %s\n", it.Path, it.Line, it.Type, it.Masked)
	}
	for _, h := range e.History {
		line := fmt.Sprintf("  %s  %s  by %s", h.At.Format(time.RFC3339), h.Status, h.Actor)
		if h.Note != "" {
			line += ": " + h.Note
		}
		fmt.Fprintln(w, line)
	}
}
