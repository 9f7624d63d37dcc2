package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/piid/piid/dsar"
	"github.com/piid/piid/dsar/audit"
)

const dsarUsage = `Usage: piid dsar COMMAND [flags]

Subject access requests (GDPR Art. 15), through the daemon's API
(piid serve must be running).

Commands:
  create --name NAME --id TYPE=VALUE [--id ...] [--received-at TIME]
                        record a request; due one calendar month after receipt
  list [--all]          open requests, overdue first (--all: closed ones too)
  show ID               a request and its history
  transition ID --to STATE [--reason TEXT]
                        identity_verification, in_progress, completed, refused
  extend ID --months N --reason TEXT
                        the one extension, up to 2 months (Art. 12(3))
  report ID [--format json|csv|html] [--expand] [--out FILE]
                        the Art. 15 report, with the subject's data in clear

Run "piid dsar COMMAND --help" for a command's flags.
`

// idList is the repeatable --id TYPE=VALUE flag.
type idList []dsar.Identifier

func (l *idList) String() string { return fmt.Sprint(len(*l), " identifiers") }
func (l *idList) Set(v string) error {
	t, val, ok := strings.Cut(v, "=")
	if !ok || t == "" || val == "" {
		return fmt.Errorf("%q: want TYPE=VALUE, e.g. email=jane@example.com", v)
	}
	*l = append(*l, dsar.Identifier{Type: strings.TrimSpace(t), Value: val})
	return nil
}

func runDSAR(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd, args, fs, af, done, err := apiCommand("dsar", dsarUsage, args, stdout, stderr)
	if done {
		return err
	}
	var (
		name, receivedAt, to, reason, format, out string
		months                                    int
		all, expand                               bool
		ids                                       idList
		usage                                     string
		wantID                                    = true
	)
	switch cmd {
	case "create":
		usage, wantID = "piid dsar create --name NAME --id TYPE=VALUE [--id ...] [flags]", false
		fs.StringVar(&name, "name", "", "the subject's full `name`")
		fs.Var(&ids, "id", "an identifier `TYPE=VALUE` (repeatable): email=..., phone=..., iban=..., a national id type, a custom pattern")
		fs.StringVar(&receivedAt, "received-at", "", "when the request was received (RFC 3339 `time` or YYYY-MM-DD; default now)")
	case "list":
		usage, wantID = "piid dsar list [--all] [flags]", false
		fs.BoolVar(&all, "all", false, "also completed and refused requests")
	case "show":
		usage = "piid dsar show ID [flags]"
	case "transition":
		usage = "piid dsar transition ID --to STATE [--reason TEXT] [flags]"
		fs.StringVar(&to, "to", "", "the new `state`: identity_verification, in_progress, completed, refused")
		fs.StringVar(&reason, "reason", "", "why (required to refuse)")
	case "extend":
		usage = "piid dsar extend ID --months N --reason TEXT [flags]"
		fs.IntVar(&months, "months", 0, "months to add: 1 or 2")
		fs.StringVar(&reason, "reason", "", "why (told to the subject)")
	case "report":
		usage = "piid dsar report ID [--format json|csv|html] [--expand] [--out FILE] [flags]"
		fs.StringVar(&format, "format", "json", "json, csv or html")
		fs.BoolVar(&expand, "expand", false, "also search identifiers found beside the subject's (one hop)")
		fs.StringVar(&out, "out", "", "write the report to `file` (default standard output)")
	default:
		fmt.Fprint(stderr, dsarUsage)
		return usageErr("dsar: unknown command %q", cmd)
	}
	fs.Usage = func() { fmt.Fprintf(stderr, "Usage: %s\n\nFlags:\n", usage); fs.PrintDefaults() }
	pos, ok, err := interleave(fs, args)
	if !ok {
		return err
	}
	if wantID && len(pos) != 1 {
		fs.Usage()
		return usageErr("dsar %s: give one request id", cmd)
	}
	if !wantID && len(pos) > 0 {
		return usageErr("dsar %s: unexpected argument %q", cmd, pos[0])
	}
	c, err := af.client()
	if err != nil {
		return err
	}
	var (
		v    dsar.View
		raw  []byte
		path string
	)
	if wantID {
		path = "/v1/dsar/" + url.PathEscape(pos[0])
	}
	switch cmd {
	case "create":
		if name == "" || len(ids) == 0 {
			fs.Usage()
			return usageErr("dsar create: --name and at least one --id are required")
		}
		body := map[string]any{"subject": map[string]any{"name": name, "identifiers": ids}}
		if receivedAt != "" {
			t, err := parseTime(receivedAt)
			if err != nil {
				return usageErr("--received-at: %v", err)
			}
			body["received_at"] = t
		}
		raw, err = c.getJSON(ctx, "POST", "/v1/dsar", body, &v)
	case "list":
		var l struct{ Requests []dsar.View }
		q := ""
		if all {
			q = "?all=true"
		}
		if raw, err = c.getJSON(ctx, "GET", "/v1/dsar"+q, nil, &l); err != nil {
			return err
		}
		if af.json {
			_, err = stdout.Write(raw)
			return err
		}
		printList(stdout, l.Requests)
		return nil
	case "show":
		raw, err = c.getJSON(ctx, "GET", path, nil, &v)
	case "transition":
		if to == "" {
			return usageErr("dsar transition: --to is required")
		}
		raw, err = c.getJSON(ctx, "POST", path+"/transition", map[string]any{"to": to, "reason": reason}, &v)
	case "extend":
		raw, err = c.getJSON(ctx, "POST", path+"/extend", map[string]any{"months": months, "reason": reason}, &v)
	case "report":
		q := url.Values{"format": {format}}
		if expand {
			q.Set("expand", "true")
		}
		b, _, err := c.do(ctx, "GET", path+"/report?"+q.Encode(), nil)
		if err != nil {
			return err
		}
		if out == "" {
			_, err = stdout.Write(b)
			return err
		}
		if err := os.WriteFile(out, b, 0o600); err != nil {
			return &exitError{code: exitIncomplete, err: err}
		}
		fmt.Fprintf(stderr, "wrote %s (%d bytes); it holds the subject's personal data\n", out, len(b))
		return nil
	}
	if err != nil {
		return err
	}
	if af.json {
		_, err = stdout.Write(raw)
		return err
	}
	printRequest(stdout, v)
	return nil
}

// parseTime reads RFC 3339 or a bare date (midnight UTC).
func parseTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Parse("2006-01-02", s)
}

func printRequest(w io.Writer, v dsar.View) {
	fmt.Fprintf(w, "%s  %s\n", v.ID, v.Status)
	ids := make([]string, len(v.Subject.Identifiers))
	for i, k := range v.Subject.Identifiers {
		ids[i] = k.Type + " " + k.Masked
	}
	fmt.Fprintf(w, "  subject   %s (%s)\n", v.Subject.Name, strings.Join(ids, ", "))
	fmt.Fprintf(w, "  received  %s\n", v.ReceivedAt.Format(time.RFC3339))
	fmt.Fprintf(w, "  due       %s%s\n", v.DueAt.Format(time.RFC3339), deadlineNote(v))
	if v.Extension != nil {
		fmt.Fprintf(w, "  extended  %d month(s) by %s: %s\n", v.Extension.Months, v.Extension.Actor, v.Extension.Reason)
	}
	for _, h := range v.History {
		line := fmt.Sprintf("  %s  %s", h.At.Format(time.RFC3339), h.To)
		if h.From != "" {
			line = fmt.Sprintf("  %s  %s → %s", h.At.Format(time.RFC3339), h.From, h.To)
		}
		line += "  by " + h.Actor
		if h.Reason != "" {
			line += ": " + h.Reason
		}
		fmt.Fprintln(w, line)
	}
}

func deadlineNote(v dsar.View) string {
	switch {
	case !v.Status.Open():
		return ""
	case v.Paused:
		return "  (clock paused: identity verification)"
	case v.Overdue:
		return fmt.Sprintf("  (OVERDUE by %d day(s))", -v.DaysLeft)
	}
	return fmt.Sprintf("  (%d day(s) left)", v.DaysLeft)
}

func printList(w io.Writer, l []dsar.View) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tDUE\tDAYS LEFT\tSUBJECT")
	for _, v := range l {
		left := fmt.Sprint(v.DaysLeft)
		switch {
		case !v.Status.Open():
			left = "-"
		case v.Overdue:
			left += " OVERDUE"
		case v.Paused:
			left += " (paused)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", v.ID, v.Status, v.DueAt.Format("2006-01-02"), left, v.Subject.Name)
	}
	tw.Flush()
}

const auditUsage = `Usage: piid audit verify|list [flags]

The daemon's audit trail (piid serve must be running).

Commands:
  verify              recompute the hash chain; exit status 1 when it is broken
  list [--since S]    events after sequence number S, or from RFC 3339 time S on

Run "piid audit COMMAND --help" for a command's flags.
`

func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd, args, fs, af, done, err := apiCommand("audit", auditUsage, args, stdout, stderr)
	if done {
		return err
	}
	var since string
	switch cmd {
	case "verify":
	case "list":
		fs.StringVar(&since, "since", "", "a sequence `number` or an RFC 3339 time")
	default:
		fmt.Fprint(stderr, auditUsage)
		return usageErr("audit: unknown command %q", cmd)
	}
	fs.Usage = func() { fmt.Fprintf(stderr, "Usage: piid audit %s [flags]\n\nFlags:\n", cmd); fs.PrintDefaults() }
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("audit %s: unexpected argument %q", cmd, fs.Arg(0))
	}
	c, err := af.client()
	if err != nil {
		return err
	}
	if cmd == "verify" {
		var res audit.Result
		raw, err := c.getJSON(ctx, "GET", "/v1/audit/verify", nil, &res)
		if err != nil {
			return err
		}
		if af.json {
			stdout.Write(raw)
		} else {
			fmt.Fprintln(stdout, res.String())
		}
		if !res.OK {
			return &exitError{code: exitFindings}
		}
		return nil
	}
	path := "/v1/audit"
	if since != "" {
		path += "?since=" + url.QueryEscape(since)
	}
	for {
		var page struct {
			Events []audit.Event
			Next   uint64
		}
		raw, err := c.getJSON(ctx, "GET", path, nil, &page)
		if err != nil {
			return err
		}
		if af.json {
			stdout.Write(raw)
		} else {
			for _, ev := range page.Events {
				fmt.Fprintf(stdout, "%d\t%s\t%s\t%s\t%s\n", ev.Seq, ev.Time.Format(time.RFC3339), ev.Type, ev.Actor, ev.Data)
			}
		}
		if page.Next == 0 {
			return nil
		}
		path = fmt.Sprintf("/v1/audit?since=%d", page.Next)
	}
}
