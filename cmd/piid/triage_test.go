package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Triage that sticks: baselines (piid scan --baseline/--write-baseline)
// and the ignore list (config ignore:, piid ignore add).

const triageData = `id,name,email,iban
1,Anna Rossi,anna.rossi@example.it,DE89 3704 0044 0532 0130 00
2,Jan de Vries,jan.devries@example.nl,NL91ABNA0417164300
`

// triageDir is a folder holding a CSV export and a log, the scan's PATH.
func triageDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "exports")
	writeFile(t, filepath.Join(dir, "customers.csv"), triageData)
	writeFile(t, filepath.Join(dir, "app.log"), "2024-05-01 login ok user=omar.haddad@example.com\n")
	return dir
}

type jsonFinding struct {
	Path, Type, Hash, Masked, Value string
}

func findingsOf(t *testing.T, jsonl string) []jsonFinding {
	t.Helper()
	var fs []jsonFinding
	for _, line := range strings.Split(strings.TrimSpace(jsonl), "\n") {
		if line == "" {
			continue
		}
		var f jsonFinding
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		fs = append(fs, f)
	}
	return fs
}

func TestScanBaseline(t *testing.T) {
	dir := triageDir(t)
	base := filepath.Join(t.TempDir(), "piid-baseline.json")
	first, errOut, code := piid(t, "", "scan", "--hash-key-file", keyFile, "--format", "jsonl", "--write-baseline", base, dir)
	if code != 0 {
		t.Fatalf("first scan: exit %d: %s", code, errOut)
	}
	all := findingsOf(t, first)
	if len(all) < 5 {
		t.Fatalf("first scan found only %d findings", len(all))
	}
	b, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	// A baseline holds hashes and masked previews, never a value, even
	// when the scan reveals them.
	revealed, _, _ := piid(t, "", "scan", "--hash-key-file", keyFile, "--format", "jsonl", "--reveal", "--write-baseline", base, dir)
	b2, _ := os.ReadFile(base)
	if string(b2) != string(b) {
		t.Errorf("--reveal changed the baseline:\n%s\n%s", b, b2)
	}
	for _, f := range findingsOf(t, revealed) {
		if strings.Contains(string(b), f.Value) {
			t.Errorf("the baseline holds the raw %s value", f.Type)
		}
	}
	for _, f := range all {
		if !strings.Contains(string(b), f.Hash) {
			t.Errorf("the baseline lacks the %s finding %s", f.Type, f.Hash)
		}
	}

	// The same folder again: nothing is new.
	out, errOut, code := piid(t, "", "scan", "--hash-key-file", keyFile, "--format", "jsonl", "--baseline", base, "--fail-on-findings", dir)
	if code != 0 || out != "" {
		t.Fatalf("rescan with its baseline: exit %d, stdout %q, stderr %s", code, out, errOut)
	}
	if want := "0 findings, " + strconv.Itoa(len(all)) + " held back by the baseline"; !strings.Contains(errOut, want) {
		t.Errorf("summary %q lacks %q", errOut, want)
	}

	// One new email in a file: exactly that one is reported, and it fails
	// the build.
	f, err := os.OpenFile(filepath.Join(dir, "customers.csv"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("3,,li.wei@example.cn,\n")
	f.Close()
	out, errOut, code = piid(t, "", "scan", "--hash-key-file", keyFile, "--format", "jsonl", "--reveal", "--baseline", base, "--fail-on-findings", dir)
	got := findingsOf(t, out)
	if code != 1 || len(got) != 1 || got[0].Type != "email" || got[0].Value != "li.wei@example.cn" {
		t.Fatalf("after adding one email: exit %d, findings %+v, stderr %s", code, got, errOut)
	}
	if !strings.Contains(errOut, "1 findings, "+strconv.Itoa(len(all))+" held back by the baseline") {
		t.Errorf("summary: %s", errOut)
	}
	// The same value in another file is new there: paths count.
	writeFile(t, filepath.Join(dir, "copy.csv"), triageData)
	out, _, _ = piid(t, "", "scan", "--hash-key-file", keyFile, "--format", "jsonl", "--baseline", base, dir)
	inCSV := 0
	for _, f := range all {
		if strings.HasSuffix(f.Path, "customers.csv") {
			inCSV++
		}
	}
	if n := len(findingsOf(t, out)); n != inCSV+1 { // the copy's findings, and li.wei
		t.Errorf("a copied file: %d new findings, want %d", n, inCSV+1)
	}
}

// TestScanBaselineFromReport: a previous report in --format jsonl or json
// is a baseline too.
func TestScanBaselineFromReport(t *testing.T) {
	dir := triageDir(t)
	for _, format := range []string{"jsonl", "json"} {
		t.Run(format, func(t *testing.T) {
			report, errOut, code := piid(t, "", "scan", "--hash-key-file", keyFile, "--format", format, dir)
			if code != 0 || len(report) < 100 {
				t.Fatalf("report: exit %d: %s", code, errOut)
			}
			base := filepath.Join(t.TempDir(), "report."+format)
			if err := os.WriteFile(base, []byte(report), 0o644); err != nil {
				t.Fatal(err)
			}
			out, errOut, code := piid(t, "", "scan", "--hash-key-file", keyFile, "--format", "jsonl", "--baseline", base, "--fail-on-findings", dir)
			if code != 0 || out != "" {
				t.Fatalf("scan with a %s report as baseline: exit %d, stdout %q, stderr %s", format, code, out, errOut)
			}
		})
	}
}

// TestScanBaselineCorrupt: a baseline that cannot be read is a usage
// error naming the file and line, and nothing is reported.
func TestScanBaselineCorrupt(t *testing.T) {
	dir := triageDir(t)
	base := filepath.Join(t.TempDir(), "base.json")
	if _, errOut, code := piid(t, "", "scan", "--hash-key-file", keyFile, "--write-baseline", base, dir); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	whole, _ := os.ReadFile(base)
	lines := strings.SplitAfter(string(whole), "\n")
	bad := filepath.Join(t.TempDir(), "bad.json")
	for _, c := range []struct {
		name, data, want string
	}{
		{"cut short", strings.Join(lines[:3], "") + lines[3][:20], "bad.json:4: "},
		{"bad hash", strings.Replace(string(whole), `"hash":"`, `"hash":"zz`, 1), "bad.json:2: "},
		{"no type", lines[0] + `{"path":"x","hash":"` + strings.Repeat("0", 64) + `"}` + "\n]}\n", "bad.json:2: "},
		{"a table report", "LOCATION  TYPE  CONF  VALUE\n", "bad.json:1: "},
		{"a jsonl line", `{"path":"a","type":"email","hash":"` + strings.Repeat("0", 64) + `"}` + "\n{\"path\":\n", "bad.json:2: "},
		{"a revealed report", `{"path":"a","type":"email","hash":"` + strings.Repeat("0", 64) + `"}` + "\n" +
			`{"path":"a","type":"email","hash":"` + strings.Repeat("1", 64) + `","value":"x@example.com"}` + "\n", "bad.json:2: a finding holds a raw"},
	} {
		if err := os.WriteFile(bad, []byte(c.data), 0o644); err != nil {
			t.Fatal(err)
		}
		out, errOut, code := piid(t, "", "scan", "--hash-key-file", keyFile, "--baseline", bad, dir)
		if code != 2 || out != "" || !strings.Contains(errOut, c.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want 2 and %q", c.name, code, out, errOut, c.want)
		}
	}
	if _, errOut, code := piid(t, "", "scan", "--hash-key-file", keyFile, "--baseline", filepath.Join(dir, "none.json"), dir); code != 2 || !strings.Contains(errOut, "none.json") {
		t.Errorf("a missing baseline: exit %d: %s", code, errOut)
	}
}

func TestIgnoreAddThenScan(t *testing.T) {
	dir := triageDir(t)
	writeFile(t, filepath.Join(dir, "support.txt"), "Write to Support@Example.com or to omar.haddad@example.com\n")
	cfg := filepath.Join(t.TempDir(), "piid.yaml")
	writeFile(t, cfg, "# our scan settings\nmin_confidence: 0.5 # the default\n")

	out, errOut, code := piid(t, "", "ignore", "add", "email=support@example.com", "--reason", "our support desk", "--config", cfg, "--hash-key-file", keyFile)
	if code != 0 {
		t.Fatalf("ignore add: exit %d: %s", code, errOut)
	}
	conf, _ := os.ReadFile(cfg)
	for what, s := range map[string]string{"stdout": out, "stderr": errOut, "the config": string(conf)} {
		if strings.Contains(strings.ToLower(s), "support@example.com") {
			t.Errorf("%s holds the raw value:\n%s", what, s)
		}
	}
	if !strings.Contains(out, "hash: ") || !strings.Contains(out, "reason: our support desk") {
		t.Errorf("printed entry:\n%s", out)
	}
	if !strings.Contains(string(conf), "# our scan settings") || !strings.Contains(string(conf), "# the default") {
		t.Errorf("the config lost its comments:\n%s", conf)
	}
	// The same value again, in another written form, is refused.
	if _, errOut, code := piid(t, "", "ignore", "add", "email= SUPPORT@example.com", "--reason", "again", "--config", cfg, "--hash-key-file", keyFile); code != 2 || !strings.Contains(errOut, "already") {
		t.Errorf("duplicate: exit %d: %s", code, errOut)
	}
	if after, _ := os.ReadFile(cfg); string(after) != string(conf) {
		t.Errorf("a refused duplicate changed the config:\n%s", after)
	}
	// An invalid value is refused without being quoted.
	if _, errOut, code := piid(t, "", "ignore", "add", "iban=DE00 1234 5678 9012 3456 78", "--reason", "x", "--hash-key-file", keyFile); code != 2 || strings.Contains(errOut, "9012") {
		t.Errorf("invalid value: exit %d: %s", code, errOut)
	}

	out, errOut, code = piid(t, "", "scan", "--hash-key-file", keyFile, "--format", "jsonl", "--reveal", "--config", cfg, dir)
	if code != 0 {
		t.Fatalf("scan: exit %d: %s", code, errOut)
	}
	emails := map[string]int{}
	for _, f := range findingsOf(t, out) {
		if f.Type == "email" {
			emails[strings.ToLower(f.Value)]++
		}
	}
	if emails["support@example.com"] != 0 || emails["omar.haddad@example.com"] != 2 || emails["anna.rossi@example.it"] != 1 {
		t.Errorf("emails reported: %v", emails)
	}
	if !strings.Contains(errOut, ", 1 ignored,") {
		t.Errorf("summary does not count the ignored finding: %s", errOut)
	}
}

// TestIgnoreConfigChecked: an ignore entry must hold a hash and a reason.
func TestIgnoreConfigChecked(t *testing.T) {
	dir := triageDir(t)
	cfg := filepath.Join(t.TempDir(), "piid.yaml")
	h := strings.Repeat("ab", 32)
	for _, c := range []struct{ yaml, want string }{
		{"ignore:\n  - hash: abc\n    reason: x\n", "piid.yaml:2: ignore[0]: hash"},
		{"ignore:\n  - hash: " + h + "\n", "piid.yaml:2: ignore[0]: needs a reason"},
		{"ignore:\n  - {hash: " + h + ", reason: a}\n  - {hash: " + strings.ToUpper(h) + ", reason: b}\n", "piid.yaml:3: ignore[1]: the same hash"},
		{"ignore:\n  - {hash: " + h + ", reason: a, type: emial}\n", `piid.yaml:2: ignore[0]: unknown type "emial"`},
	} {
		writeFile(t, cfg, c.yaml)
		if _, errOut, code := piid(t, "", "scan", "--hash-key-file", keyFile, "--config", cfg, dir); code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%q: exit %d: %s; want %q", c.yaml, code, errOut, c.want)
		}
	}
}

// TestDaemonIgnored: the daemon indexes an ignored value marked, leaves it
// out of the findings metrics, and returns it to a subject search marked
// ignored.
func TestDaemonIgnored(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the daemon")
	}
	root := t.TempDir()
	watch := filepath.Join(root, "watched")
	data := filepath.Join(root, "data")
	cfg := filepath.Join(root, "piid.yaml")
	writeFile(t, filepath.Join(watch, "tickets.csv"), "id,from,to\n1,anna.rossi@example.it,support@example.com\n")
	d := &daemon{t: t}
	d.cli("dpo", 0, "ignore", "add", "email=support@example.com", "--reason", "our support desk",
		"--config", cfg, "--hash-key-file", keyFileAbs(t))
	d = startDaemonOpts(t, watch, data, true, "--config", cfg)

	type hit struct {
		Type    string
		Ignored bool
	}
	var res struct {
		Findings []hit
		Records  []struct{ Findings []hit }
	}
	search := func(value string) {
		code, b := d.do("POST", "/v1/subjects/search", `{"identifiers":[{"type":"email","value":"`+value+`"}]}`, "")
		res.Findings, res.Records = nil, nil
		if code != 200 || json.Unmarshal(b, &res) != nil {
			t.Fatalf("search: %d %s", code, b)
		}
	}
	d.waitFor("file indexed", func() bool { search("Support@Example.com"); return len(res.Findings) > 0 })
	if len(res.Findings) != 1 || !res.Findings[0].Ignored {
		t.Fatalf("search for the ignored value: %+v", res)
	}
	// The record lists both emails: the ignored one marked, the other not.
	if len(res.Records) != 1 || len(res.Records[0].Findings) != 2 {
		t.Fatalf("record: %+v", res.Records)
	}
	search("anna.rossi@example.it")
	if len(res.Findings) != 1 || res.Findings[0].Ignored {
		t.Fatalf("search for another value: %+v", res)
	}
	// An access request is complete: the report lists the ignored value,
	// marked, and in clear, as the subject's own.
	code, b := d.do("POST", "/v1/dsar", `{"subject": {"name": "Support Desk", "identifiers": [{"type": "email", "value": "support@example.com"}]}}`, "")
	var req struct{ ID string }
	if code != 201 || json.Unmarshal(b, &req) != nil {
		t.Fatalf("dsar: %d %s", code, b)
	}
	code, b = d.do("GET", "/v1/dsar/"+req.ID+"/report?format=json", "", "")
	var rep struct {
		Records []struct {
			Values []struct {
				Type, Value string
				Ignored     bool
			}
		}
	}
	if code != 200 || json.Unmarshal(b, &rep) != nil || len(rep.Records) != 1 {
		t.Fatalf("report: %d %s", code, b)
	}
	marked := 0
	for _, v := range rep.Records[0].Values {
		if v.Ignored {
			marked++
			if v.Value != "support@example.com" {
				t.Errorf("the ignored value is not the subject's in clear: %+v", v)
			}
		}
	}
	if marked != 1 {
		t.Errorf("report values: %s", b)
	}
	_, metrics := d.do("GET", "/metrics", "", "")
	for _, want := range []string{`piid_findings_total{type="email"} 1` + "\n", "piid_ignored_findings_total 1\n"} {
		if !strings.Contains(string(metrics), want) {
			t.Errorf("metrics lack %q:\n%s", want, grepLines(metrics, "findings"))
		}
	}
	d.stop()
}

// TestIgnoreAddNeedsTheKey: with no key to load, ignore add refuses
// rather than hash under a new key whose hashes would match nothing a
// scan or the daemon found, and it creates no key.
func TestIgnoreAddNeedsTheKey(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	t.Setenv("PIID_HASH_KEY", "")
	_, errOut, code := piid(t, "", "ignore", "add", "email=support@example.com", "--reason", "desk", "--data", data)
	if code != 2 || !strings.Contains(errOut, "no hash key") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(data, "hash.key")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a key was created: %v", err)
	}
}
