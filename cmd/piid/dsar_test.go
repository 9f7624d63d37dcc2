package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The subject's data and other people's, in the four kinds of files a
// DSAR report reads back.
const (
	dsarCSV = "customer_id,name,email,phone,referred_by,date_of_birth\n" +
		"1001,Anna Rossi,anna.rossi@example.it,+39 06 1234 5678,marco.bianchi@example.it,1985-03-12\n" +
		"1002,Marco Bianchi,marco.bianchi@example.it,+39 02 8765 4321,,1979-11-02\n"
	dsarJSONL = `{"event":"signup","user":{"email":"anna.rossi@example.it","ip":"203.0.113.7"}}` + "\n" +
		`{"event":"signup","user":{"email":"sofia.conti@example.com","ip":"198.51.100.1"}}` + "\n"
	dsarSQL = "--\n-- PostgreSQL database dump\n--\n" +
		"COPY public.payments (id, email, iban) FROM stdin;\n" +
		"1\tanna.rossi@example.it\tIT60X0542811101000000123456\n" +
		"2\tzoe.martin@example.org\tDE89370400440532013000\n" +
		"\\.\n"
	dsarLog = "2026-01-02T10:00:00Z INFO login ok user=anna.rossi@example.it\n" +
		"2026-01-02T10:01:00Z INFO login ok user=marco.bianchi@example.it\n"
)

var othersValues = []string{"marco.bianchi@example.it", "sofia.conti@example.com", "zoe.martin@example.org",
	"DE89370400440532013000", "8765 4321", "1979-11-02", "Marco Bianchi", "198.51.100.1"}

func TestDSAREndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the daemon")
	}
	root := t.TempDir()
	watch := filepath.Join(root, "watched")
	data := filepath.Join(root, "data")
	files := map[string]string{
		filepath.Join(watch, "crm", "customers.csv"):   dsarCSV,
		filepath.Join(watch, "events", "signup.jsonl"): dsarJSONL,
		filepath.Join(watch, "dumps", "billing.sql"):   dsarSQL,
		filepath.Join(watch, "logs", "app.log"):        dsarLog,
	}
	for p, c := range files {
		writeFile(t, p, c)
	}

	// A webhook receiver on loopback.
	var (
		hookMu  sync.Mutex
		notices []map[string]any
		hookRaw bytes.Buffer
	)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var n map[string]any
		json.Unmarshal(b, &n)
		hookMu.Lock()
		notices = append(notices, n)
		hookRaw.Write(b)
		hookMu.Unlock()
	}))
	defer hook.Close()

	config := filepath.Join(root, "piid.yaml")
	writeFile(t, config, `
inventory:
  - name: Customer accounts
    categories: [contact, demographic]
    purposes: [contract performance, customer support]
    legal_basis: "Art. 6(1)(b) GDPR (contract)"
    recipients: [payment processor, e-mail provider]
    retention: 6 years after the end of the contract
    source: the data subject
    automated_decision_making: none
    transfers: none outside the EEA
  - name: Billing
    paths: ["**/dumps/*.sql"]
    purposes: [invoicing]
    legal_basis: "Art. 6(1)(c) GDPR (legal obligation)"
    retention: 10 years
dsar:
  webhook_url: `+hook.URL+`
  notify_within_days: 7
`)
	d := startDaemonOpts(t, watch, data, true, "--config", config, "--notify-every", "200ms")
	d.waitFor("the four files indexed", func() bool {
		r := d.search("email", "anna.rossi@example.it")
		return len(r.Findings) == 4
	})

	// Invalid identifiers are refused, naming which.
	code, body := d.do("POST", "/v1/dsar", `{"subject": {"name": "Anna Rossi", "identifiers": [{"type": "email", "value": "anna.rossi@example.it"}, {"type": "iban", "value": "IT60X0542811101000000123457"}]}}`, "")
	if code != 400 || !strings.Contains(string(body), "identifiers[1]") {
		t.Fatalf("invalid IBAN: %d %s", code, body)
	}
	// Received 31 January: due 28 February, long overdue today.
	code, body = d.do("POST", "/v1/dsar", `{"subject": {"name": "Anna Rossi", "identifiers": [{"type": "email", "value": "Anna.Rossi@example.it"}]}, "received_at": "2026-01-31T09:30:00Z"}`, "")
	if code != 201 {
		t.Fatalf("create: %d %s", code, body)
	}
	var req struct {
		ID      string
		Status  string
		DueAt   time.Time `json:"due_at"`
		Overdue bool
	}
	json.Unmarshal(body, &req)
	if req.Status != "received" || req.DueAt.Format(time.RFC3339) != "2026-02-28T09:30:00Z" || !req.Overdue {
		t.Fatalf("created: %s", body)
	}

	// The webhook hears of it once, without personal data.
	d.waitFor("the overdue notice", func() bool {
		hookMu.Lock()
		defer hookMu.Unlock()
		return len(notices) > 0
	})
	time.Sleep(600 * time.Millisecond) // three more checks
	hookMu.Lock()
	if len(notices) != 1 || notices[0]["event"] != "dsar.overdue" || notices[0]["id"] != req.ID || !strings.Contains(notices[0]["text"].(string), req.ID) {
		t.Errorf("notices: %+v", notices)
	}
	if strings.Contains(strings.ToLower(hookRaw.String()), "rossi") {
		t.Errorf("the webhook got personal data: %s", hookRaw.String())
	}
	hookMu.Unlock()

	// The report, in three formats.
	code, body = d.do("GET", "/v1/dsar/"+req.ID+"/report?format=json", "", "")
	if code != 200 {
		t.Fatalf("report: %d %s", code, body)
	}
	var rep struct {
		Records []struct {
			Path   string
			Record *struct {
				Row   int
				Table string
			}
			Line   int
			Values []struct {
				Type, Field, Value, Masked string
				Subject                    bool
			}
		}
		Categories []struct {
			Category     string
			Undocumented bool
			Processing   []struct {
				Name       string
				LegalBasis string `json:"legal_basis"`
				Retention  string
			}
		}
	}
	if err := json.Unmarshal(body, &rep); err != nil {
		t.Fatal(err)
	}
	where := map[string]int{}
	for _, r := range rep.Records {
		where[filepath.Base(r.Path)]++
		if filepath.Base(r.Path) == "customers.csv" {
			got := map[string]string{}
			for _, v := range r.Values {
				got[v.Field] = v.Value
				if v.Field == "referred_by" && (v.Subject || v.Value != "" || v.Masked == "") {
					t.Errorf("the referrer's email is not masked: %+v", v)
				}
			}
			if r.Record.Row != 1 || got["phone"] != "+39 06 1234 5678" || got["name"] != "Anna Rossi" || got["date_of_birth"] != "1985-03-12" {
				t.Errorf("the CSV record: %+v", r)
			}
		}
		if filepath.Base(r.Path) == "billing.sql" && (r.Record == nil || r.Record.Table != "public.payments" && r.Record.Table != "payments") {
			t.Errorf("the SQL record: %+v", r)
		}
	}
	for _, f := range []string{"customers.csv", "signup.jsonl", "billing.sql", "app.log"} {
		if where[f] != 1 {
			t.Errorf("%s: %d records in the report, want 1 (%s)", f, where[f], body)
		}
	}
	cats := map[string]string{}
	for _, c := range rep.Categories {
		if c.Undocumented {
			cats[c.Category] = "undocumented"
		} else {
			cats[c.Category] = c.Processing[0].LegalBasis
		}
	}
	if cats["contact"] != "Art. 6(1)(b) GDPR (contract)" || cats["financial"] != "Art. 6(1)(c) GDPR (legal obligation)" || cats["online_identifier"] != "undocumented" {
		t.Errorf("categories: %+v", cats)
	}
	for _, format := range []string{"json", "csv", "html"} {
		code, body := d.do("GET", "/v1/dsar/"+req.ID+"/report?format="+format, "", "")
		text := string(body)
		if format == "html" {
			text = html.UnescapeString(text)
		}
		if code != 200 {
			t.Fatalf("%s report: %d", format, code)
		}
		for _, mine := range []string{"anna.rossi@example.it", "+39 06 1234 5678", "IT60X0542811101000000123456", "203.0.113.7"} {
			if !strings.Contains(text, mine) {
				t.Errorf("%s report lacks the subject's %q", format, mine)
			}
		}
		for _, other := range othersValues {
			if strings.Contains(text, other) {
				t.Errorf("%s report holds another person's %q", format, other)
			}
		}
		for p := range files {
			if !strings.Contains(text, p) {
				t.Errorf("%s report does not list %s", format, p)
			}
		}
		switch format {
		case "csv":
			rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
			if err != nil || len(rows) < 10 {
				t.Errorf("csv report: %d rows, %v", len(rows), err)
			}
		case "html":
			for _, want := range []string{"Dear Anna Rossi", "6 years after the end of the contract", "Art. 6(1)(c) GDPR", "No entry of our data inventory"} {
				if !strings.Contains(text, want) {
					t.Errorf("html report lacks %q", want)
				}
			}
		}
	}

	// The CLI drives the same flow.
	cli := func(want int, args ...string) string {
		t.Helper()
		return d.cli("dpo@example.org", want, args...)
	}
	out := cli(0, "dsar", "create", "--name", "Anna Rossi", "--id", "email=anna.rossi@example.it", "--id", "phone=+39 06 1234 5678", "--json")
	var created struct{ ID string }
	json.Unmarshal([]byte(out), &created)
	if created.ID == "" {
		t.Fatalf("dsar create: %s", out)
	}
	if out := cli(2, "dsar", "create", "--name", "X", "--id", "iban=DE00 0000"); !strings.Contains(out, "not a valid iban") {
		t.Errorf("a bad identifier: %s", out)
	}
	if out := cli(0, "dsar", "list"); !strings.Contains(out, created.ID) || !strings.Contains(out, req.ID) || strings.Index(out, req.ID) > strings.Index(out, created.ID) || !strings.Contains(out, "OVERDUE") {
		t.Errorf("dsar list (overdue first):\n%s", out)
	}
	cli(0, "dsar", "transition", created.ID, "--to", "identity_verification")
	if out := cli(0, "dsar", "show", created.ID); !strings.Contains(out, "paused") || !strings.Contains(out, "by dpo@example.org") {
		t.Errorf("dsar show:\n%s", out)
	}
	cli(0, "dsar", "transition", created.ID, "--to", "in_progress", "--reason", "ID card checked")
	cli(2, "dsar", "transition", created.ID, "--to", "received")
	cli(0, "dsar", "extend", created.ID, "--months", "1", "--reason", "many systems")
	htmlOut := filepath.Join(root, "report.html")
	cli(0, "dsar", "report", created.ID, "--format", "html", "--out", htmlOut)
	if b, _ := os.ReadFile(htmlOut); !strings.Contains(html.UnescapeString(string(b)), "+39 06 1234 5678") {
		t.Errorf("the CLI's html report lacks the phone")
	}
	cli(0, "dsar", "transition", created.ID, "--to", "completed")
	if out := cli(0, "dsar", "--help"); !strings.Contains(out, "transition") {
		t.Errorf("dsar --help: %s", out)
	}
	if out := cli(0, "audit", "verify"); !strings.HasPrefix(out, "ok:") {
		t.Errorf("audit verify: %s", out)
	}
	trail := cli(0, "audit", "list")
	for _, ev := range []string{"dsar.created", "dsar.transition", "dsar.extended", "dsar.report"} {
		if !strings.Contains(trail, ev) {
			t.Errorf("audit list lacks %s:\n%s", ev, trail)
		}
	}
	_, metrics := d.do("GET", "/metrics", "", "-")
	if !bytes.Contains(metrics, []byte("piid_dsar_requests_overdue 1")) || !bytes.Contains(metrics, []byte("piid_dsar_requests_open 1")) {
		t.Errorf("dsar metrics:\n%s", grepLines(metrics, "piid_dsar"))
	}
	// SIGHUP rereads the inventory, an audited event.
	d.cmd.Process.Signal(syscall.SIGHUP)
	d.waitFor("the config reload in the trail", func() bool {
		_, b := d.do("GET", "/v1/audit", "", "")
		return bytes.Contains(b, []byte(`"config.reload"`))
	})
	d.stop()

	// Nothing of the subject's rests in the data folder (requests are
	// sealed, the trail holds hashes).
	filepath.Walk(data, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			b, _ := os.ReadFile(p)
			for _, raw := range []string{"anna.rossi", "Rossi", "1234 5678", "IT60X0542811101000000123456"} {
				if bytes.Contains(b, []byte(raw)) {
					t.Errorf("%s holds %q", p, raw)
				}
			}
		}
		return nil
	})

	// Tampering: one flipped byte in a stored event, then a cut-off end.
	logPath := filepath.Join(data, "audit", "audit.jsonl")
	orig, _ := os.ReadFile(logPath)
	lines := bytes.SplitAfter(orig, []byte("\n"))
	tampered := append([]byte(nil), orig...)
	at := len(bytes.Join(lines[:2], nil)) + bytes.Index(lines[2], []byte(`"actor":"`)) + len(`"actor":"`)
	tampered[at] ^= 0x01
	os.WriteFile(logPath, tampered, 0o600)
	d = startDaemonOpts(t, watch, data, true, "--config", config)
	if out := cli(1, "audit", "verify"); !strings.Contains(out, "broken at line 3") {
		t.Errorf("a flipped byte: %s", out)
	}
	if code, body := d.do("POST", "/v1/dsar/"+req.ID+"/transition", `{"to": "in_progress"}`, ""); code/100 == 2 {
		t.Errorf("a change was recorded on a broken trail: %d %s", code, body)
	}
	d.stop()
	os.WriteFile(logPath, bytes.Join(lines[:len(lines)-2], nil), 0o600) // the last event cut off
	d = startDaemonOpts(t, watch, data, true, "--config", config)
	code, body = d.do("GET", "/v1/audit/verify", "", "")
	var vr struct {
		OK       bool
		BrokenAt struct{ Line, Seq int } `json:"broken_at"`
	}
	json.Unmarshal(body, &vr)
	if code != 200 || vr.OK || vr.BrokenAt.Seq != len(lines)-1 {
		t.Errorf("a cut-off trail: %d %s", code, body)
	}
	d.stop()
}

func grepLines(b []byte, s string) string {
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, s) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
