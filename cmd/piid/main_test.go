package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/piid/piid/bench"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const (
	fixtures = "testdata/scan"
	keyFile  = "testdata/hash.key"
)

// piid runs the command in-process and returns its output and exit status.
func piid(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	code = exitCode(err, &errb)
	return out.String(), errb.String(), code
}

func TestScanGolden(t *testing.T) {
	for _, format := range []string{"jsonl", "json", "table", "sarif"} {
		t.Run(format, func(t *testing.T) {
			out, errOut, code := piid(t, "", "scan", "--workers", "1", "--hash-key-file", keyFile, "--format", format, fixtures)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden := filepath.Join("testdata", "golden", "scan."+format)
			if *update {
				if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if out != string(want) {
				t.Errorf("output differs from %s (go test -update to accept):\n%s", golden, out)
			}
		})
	}
}

// TestNoRawValueWithoutReveal collects every raw value with --reveal, then
// checks that no output format, nor the summary, holds any of them without.
func TestNoRawValueWithoutReveal(t *testing.T) {
	out, _, code := piid(t, "", "scan", "--hash-key-file", keyFile, "--format", "jsonl", "--reveal", fixtures)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var values []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var f struct{ Value string }
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			t.Fatal(err)
		}
		if f.Value == "" {
			t.Fatalf("--reveal finding without value: %s", line)
		}
		values = append(values, f.Value)
	}
	if len(values) < 20 {
		t.Fatalf("only %d findings in the fixtures", len(values))
	}
	for _, format := range []string{"jsonl", "json", "table", "sarif"} {
		out, errOut, _ := piid(t, "", "scan", "--hash-key-file", keyFile, "--format", format, fixtures)
		for _, v := range values {
			if strings.Contains(out, v) || strings.Contains(errOut, v) {
				t.Errorf("%s: raw value %q leaked without --reveal", format, v)
			}
		}
	}
}

func TestExitStatuses(t *testing.T) {
	dir := t.TempDir()
	badCfg := filepath.Join(dir, "bad.yaml")
	os.WriteFile(badCfg, []byte("patterns:\n  - id: cust\n    regex: '(unclosed'\n"), 0o644)
	verboseCfg := filepath.Join(dir, "verbose.yaml")
	os.WriteFile(verboseCfg, []byte("patterns:\n  - id: emp\n    regex: '(?x) EMP-[0-9]{6}  # employee number'\n"), 0o644)
	emptyCfg := filepath.Join(dir, "empty.yaml")
	os.WriteFile(emptyCfg, []byte("patterns:\n  - id: nothing\n    regex: '\\b(?:x)?'\n"), 0o644)
	unknownKey := filepath.Join(dir, "unknown.yaml")
	os.WriteFile(unknownKey, []byte("min_confidence: 0.5\nbogus: 1\n"), 0o644)

	cases := []struct {
		name     string
		args     []string
		code     int
		inStderr string
	}{
		{"findings are not a failure", []string{"scan", fixtures}, 0, "findings"},
		{"fail on findings", []string{"scan", "--fail-on-findings", fixtures}, 1, ""},
		{"nothing found with fail-on-findings", []string{"scan", "--fail-on-findings", "--types", "uk_nino", fixtures}, 0, ""},
		{"a missing PATH is bad usage, the others are still scanned", []string{"scan", filepath.Join(dir, "nope"), fixtures}, 2, "no such file or folder"},
		{"verbose-mode regex is refused with its line", []string{"scan", "--config", verboseCfg, fixtures}, 2, "verbose.yaml:2"},
		{"a regex matching nothing is refused", []string{"scan", "--config", emptyCfg, fixtures}, 2, "empty string"},
		{"no path", []string{"scan"}, 2, "no PATH"},
		{"bad flag", []string{"scan", "--bogus", fixtures}, 2, "bogus"},
		{"bad format", []string{"scan", "--format", "xml", fixtures}, 2, "xml"},
		{"unknown type", []string{"scan", "--types", "email,shoe_size", fixtures}, 2, "shoe_size"},
		{"bad confidence", []string{"scan", "--min-confidence", "2", fixtures}, 2, "min-confidence"},
		{"bad regex names file and line", []string{"scan", "--config", badCfg, fixtures}, 2, "bad.yaml:2"},
		{"unknown config key names the line", []string{"scan", "--config", unknownKey, fixtures}, 2, "unknown.yaml:2"},
		{"unknown command", []string{"frobnicate"}, 2, "frobnicate"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{c.args[0], "--hash-key-file", keyFile}, c.args[1:]...)
			if c.args[0] != "scan" {
				args = c.args
			}
			_, errOut, code := piid(t, "", args...)
			if code != c.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, c.code, errOut)
			}
			if !strings.Contains(errOut, c.inStderr) {
				t.Errorf("stderr %q does not mention %q", errOut, c.inStderr)
			}
		})
	}
}

func TestConfigCustomPatternAndAllowlist(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "piid.yaml")
	os.WriteFile(cfg, []byte(`
min_confidence: 0.6
patterns:
  - id: customer_id
    category: online_identifier
    regex: '\bCUST-\d{8}\b'
    confidence: 0.9
    examples: ["ref CUST-12345678"]
    not_examples: ["CUST-123"]
allowlist:
  values: ["support@example.com"]
`), 0o644)
	in := "customer CUST-00042424 wrote from support@example.com and jane@example.org\n"
	out, errOut, code := piid(t, in, "scan", "--hash-key-file", keyFile, "--config", cfg, "--format", "jsonl", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var types []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var f struct{ Type, Path string }
		json.Unmarshal([]byte(line), &f)
		if f.Path != "-" {
			t.Errorf("stdin findings have path -, got %q", f.Path)
		}
		types = append(types, f.Type)
	}
	if strings.Join(types, ",") != "customer_id,email" {
		t.Fatalf("want the custom id and the one email not allowed, got %v\n%s", types, out)
	}

	// A custom pattern whose own example does not match is a config error.
	os.WriteFile(cfg, []byte("patterns:\n  - id: cust\n    regex: 'CUST-\\d{8}'\n    examples: ['CUST-1']\n"), 0o644)
	_, errOut, code = piid(t, "", "scan", "--hash-key-file", keyFile, "--config", cfg, fixtures)
	if code != 2 || !strings.Contains(errOut, "piid.yaml:2") || !strings.Contains(errOut, "CUST-1") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

func TestTypesAndVersion(t *testing.T) {
	out, _, code := piid(t, "", "types", "--hash-key-file", keyFile)
	if code != 0 || !strings.Contains(out, "credit_card") || !strings.Contains(out, "Luhn") {
		t.Fatalf("types: exit %d\n%s", code, out)
	}
	out, _, code = piid(t, "", "version")
	if code != 0 || !strings.HasPrefix(out, "piid ") {
		t.Fatalf("version: %q", out)
	}
}

// TestAccuracyOnGeneratedCorpus runs the whole path a user runs: generate
// a labelled corpus, scan it, score the findings. It guards the accuracy
// of the profiles whose context the scanner reads today (exports need the
// field names of the record-aware decoders).
func TestAccuracyOnGeneratedCorpus(t *testing.T) {
	dir := t.TempDir()
	if _, errOut, code := piid(t, "", "bench", "gen", "--profile", "logs,prose,adversarial", "--size", "6MB", "--seed", "7", "--out", dir); code != 0 {
		t.Fatalf("bench gen: exit %d: %s", code, errOut)
	}
	out, errOut, code := piid(t, "", "scan", "--hash-key-file", keyFile, "--format", "jsonl", "--workers", "2",
		filepath.Join(dir, "logs"), filepath.Join(dir, "prose"), filepath.Join(dir, "adversarial"))
	if code != 0 {
		t.Fatalf("scan: exit %d: %s", code, errOut)
	}
	table, errOut, code := piid(t, out, "bench", "score", "--corpus", dir)
	if code != 0 {
		t.Fatalf("score: exit %d: %s", code, errOut)
	}
	truth, err := bench.ReadTruth(filepath.Join(dir, bench.TruthFile))
	if err != nil {
		t.Fatal(err)
	}
	found, err := bench.ReadReported(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	s := bench.Score(truth, found, dir)
	for prof, min := range map[string]float64{"logs": 0.98, "prose": 0.95} {
		if c := s.Profiles[prof]; c == nil || c.F1() < min {
			t.Errorf("%s: F1 below %.2f\n%s", prof, min, table)
		}
	}
	if c := s.Profiles["adversarial"]; c != nil && c.FP > 0 {
		t.Errorf("adversarial: %d false positives\n%s", c.FP, table)
	}
}

// Field rules from the config join the built-in ones: a detecting rule
// turns a column's values into findings, a negative one silences numbers.
func TestConfigFieldRules(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "piid.yaml")
	os.WriteFile(cfg, []byte(`
fields:
  - names: [Ansprechpartner]
    type: person_name
    detect: true
  - names: [kundennummer]
    negative: true
`), 0o644)
	csv := filepath.Join(dir, "kunden.csv")
	os.WriteFile(csv, []byte("kundennummer,ansprechpartner,telefon\n4155552671,Greta Vogel,030 1234567\n"), 0o644)
	out, errOut, code := piid(t, "", "scan", "--hash-key-file", keyFile, "--config", cfg, "--format", "jsonl", csv)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var f struct {
			Type   string
			Record struct{ Field string }
		}
		json.Unmarshal([]byte(line), &f)
		got = append(got, f.Type+"@"+f.Record.Field)
	}
	if strings.Join(got, ",") != "person_name@ansprechpartner,phone@telefon" {
		t.Fatalf("got %v\n%s", got, out)
	}

	os.WriteFile(cfg, []byte("min_confidence: 0.5\nfields:\n  - names: [x]\n    type: shoe_size\n"), 0o644)
	_, errOut, code = piid(t, "", "scan", "--hash-key-file", keyFile, "--config", cfg, csv)
	if code != 2 || !strings.Contains(errOut, "piid.yaml:3") || !strings.Contains(errOut, "shoe_size") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

// A damaged export is scanned to its end, and the damage is reported once
// on stderr and counted in the summary.
func TestMalformedReported(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "ragged.csv")
	os.WriteFile(p, []byte("id,email\n1,a.one@example.com\n2,b.two@example.com,x\n3,c.three@example.com\n4,d.four@example.com,y,z\n"), 0o644)
	out, errOut, code := piid(t, "", "scan", "--hash-key-file", keyFile, "--format", "jsonl", p)
	if code != 0 || strings.Count(out, "\n") != 4 {
		t.Fatalf("exit %d, %d findings: %s", code, strings.Count(out, "\n"), errOut)
	}
	if strings.Count(errOut, "malformed csv") != 1 || !strings.Contains(errOut, "1 malformed") || strings.Contains(errOut, "@") {
		t.Fatalf("stderr: %s", errOut)
	}
}
