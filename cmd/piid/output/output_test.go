package output

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func mustHash(s string) patterns.Hash {
	h, err := patterns.ParseHash(s)
	if err != nil {
		panic(err)
	}
	return h
}

// testFindings returns a fresh copy of the fixed findings the golden files
// are made from: plain text, a CSV record (UTF-8 path) and a JSON value in an
// archive member (long path, truncated in the table).
func testFindings() []*scanner.Finding {
	return []*scanner.Finding{
		{
			Path:       "notes/meeting.txt",
			Type:       "email",
			Category:   "contact",
			Start:      120,
			End:        139,
			Line:       7,
			Confidence: 0.95,
			Hash:       mustHash("3f1a9c0d5e7b2468ace013579bdf24683f1a9c0d5e7b2468ace013579bdf2468"),
			Masked:     "j***@e***.com",
		},
		{
			Path:       "exports/données-clients/été.csv",
			Type:       "phone",
			Category:   "contact",
			Start:      2048,
			End:        2065,
			Line:       4,
			Confidence: 0.62,
			Record:     &scanner.Record{Row: 3, Field: "téléphone"},
			Hash:       mustHash("9b8a7c6d5e4f30211203f4e5d6c7b8a99b8a7c6d5e4f30211203f4e5d6c7b8a9"),
			Masked:     "+33 6** ** ** 78",
		},
		{
			Path:       "archive/2024/q3/customer-exports/eu-west/backup.zip!data/users.json",
			Type:       "iban",
			Category:   "financial",
			Start:      9001,
			End:        9028,
			Line:       312,
			Confidence: 0.45,
			Record:     &scanner.Record{Pointer: "/users/0/bank/iban"},
			Hash:       mustHash("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"),
			Masked:     "DE89 **** **** **** **** 00",
		},
	}
}

func testOptions() Options {
	return Options{
		ToolName:       "piid",
		ToolVersion:    "1.0.0-test",
		InformationURI: "https://github.com/piid/piid",
		Rules: []Rule{ // deliberately unsorted
			{ID: "phone", Category: "contact", Description: "Phone number"},
			{ID: "iban", Category: "financial", Description: "International bank account number"},
			{ID: "email", Category: "contact", Description: "Email address"},
			{ID: "ssn", Category: "national_id", Description: "US social security number"},
		},
	}
}

func encode(t *testing.T, format string, opts Options, findings []*scanner.Finding) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc, err := New(format, &buf, opts)
	if err != nil {
		t.Fatalf("New(%q): %v", format, err)
	}
	for _, f := range findings {
		if err := enc.Write(f); err != nil {
			t.Fatalf("%s: Write: %v", format, err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatalf("%s: Close: %v", format, err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	for _, format := range Formats() {
		for _, empty := range []bool{false, true} {
			name := format
			findings := testFindings()
			if empty {
				name += "_empty"
				findings = nil
			}
			t.Run(name, func(t *testing.T) {
				got := encode(t, format, testOptions(), findings)
				path := filepath.Join("testdata", "golden", name+".golden")
				if *update {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, got, 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test -update to create it)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from golden file (run go test -update if intended)\n--- got\n%s\n--- want\n%s", name, got, want)
				}
			})
		}
	}
}

func TestNewUnknownFormat(t *testing.T) {
	_, err := New("xml", &bytes.Buffer{}, Options{})
	if err == nil {
		t.Fatal("New(xml): no error")
	}
	for _, f := range Formats() {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not name format %q", err, f)
		}
	}
	if _, err := New("JSONL", &bytes.Buffer{}, Options{}); err != nil {
		t.Errorf("format names should be case-insensitive: %v", err)
	}
}

func TestFormatsIsACopy(t *testing.T) {
	f := Formats()
	f[0] = "mutated"
	if Formats()[0] == "mutated" {
		t.Error("Formats returned the package's slice")
	}
}

func TestJSONRoundTrip(t *testing.T) {
	want := testFindings()
	var got []*scanner.Finding
	if err := json.Unmarshal(encode(t, "json", Options{}, want), &got); err != nil {
		t.Fatalf("json output does not parse: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("json round trip: got %+v, want %+v", got, want)
	}

	var none []*scanner.Finding
	out := encode(t, "json", Options{}, nil)
	if string(out) != "[]\n" {
		t.Errorf("empty json = %q, want %q", out, "[]\n")
	}
	if err := json.Unmarshal(out, &none); err != nil || len(none) != 0 {
		t.Errorf("empty json: %v, %d findings", err, len(none))
	}
}

func TestJSONLRoundTrip(t *testing.T) {
	want := testFindings()
	sc := bufio.NewScanner(bytes.NewReader(encode(t, "jsonl", Options{}, want)))
	var got []*scanner.Finding
	for sc.Scan() {
		var f scanner.Finding
		if err := json.Unmarshal(sc.Bytes(), &f); err != nil {
			t.Fatalf("line %q: %v", sc.Bytes(), err)
		}
		got = append(got, &f)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("jsonl round trip: got %+v, want %+v", got, want)
	}
	if out := encode(t, "jsonl", Options{}, nil); len(out) != 0 {
		t.Errorf("empty jsonl = %q, want nothing", out)
	}
}

func TestJSONNoHTMLEscape(t *testing.T) {
	f := &scanner.Finding{Path: "a&b/<c>.txt", Type: "email", Masked: "<x>&y"}
	for _, format := range []string{"jsonl", "json", "sarif"} {
		out := string(encode(t, format, Options{}, []*scanner.Finding{f}))
		if strings.Contains(out, `\u003c`) || strings.Contains(out, `\u0026`) {
			t.Errorf("%s escapes HTML: %s", format, out)
		}
	}
}

// sarifLog is the part of a SARIF log the tests look at.
type sarifLog struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name           string `json:"name"`
				Version        string `json:"version"`
				InformationURI string `json:"informationUri"`
				Rules          []struct {
					ID               string `json:"id"`
					Name             string `json:"name"`
					ShortDescription struct {
						Text string `json:"text"`
					} `json:"shortDescription"`
					Properties struct {
						Category string `json:"category"`
					} `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex *int   `json:"ruleIndex"`
			Level     string `json:"level"`
			Message   struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine  int64  `json:"startLine"`
						ByteOffset *int64 `json:"byteOffset"`
						ByteLength *int64 `json:"byteLength"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			Properties          struct {
				Confidence *float64        `json:"confidence"`
				Category   string          `json:"category"`
				Record     *scanner.Record `json:"record"`
				Value      *string         `json:"value"`
			} `json:"properties"`
		} `json:"results"`
	} `json:"runs"`
}

func parseSARIF(t *testing.T, out []byte) sarifLog {
	t.Helper()
	var raw map[string]any
	if err := json.Unmarshal(out, &raw); err != nil {
		t.Fatalf("sarif output is not valid JSON: %v\n%s", err, out)
	}
	for _, k := range []string{"$schema", "version", "runs"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("sarif output lacks %q", k)
		}
	}
	var log sarifLog
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	if log.Schema != sarifSchema || log.Version != "2.1.0" {
		t.Errorf("schema/version = %q/%q", log.Schema, log.Version)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	d := log.Runs[0].Tool.Driver
	if d.Name == "" {
		t.Error("tool.driver.name is empty")
	}
	if log.Runs[0].Results == nil {
		t.Error("results is missing or null")
	}
	return log
}

func TestSARIFStructure(t *testing.T) {
	findings := testFindings()
	log := parseSARIF(t, encode(t, "sarif", testOptions(), findings))
	run := log.Runs[0]
	d := run.Tool.Driver
	if d.Name != "piid" || d.Version != "1.0.0-test" || d.InformationURI != "https://github.com/piid/piid" {
		t.Errorf("driver = %q %q %q", d.Name, d.Version, d.InformationURI)
	}
	var ids []string
	for _, r := range d.Rules {
		ids = append(ids, r.ID)
		if r.Name == "" || r.ShortDescription.Text == "" || r.Properties.Category == "" {
			t.Errorf("rule %q incomplete: %+v", r.ID, r)
		}
	}
	if want := []string{"email", "iban", "phone", "ssn"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("rule ids = %v, want sorted %v", ids, want)
	}
	if len(run.Results) != len(findings) {
		t.Fatalf("%d results, want %d", len(run.Results), len(findings))
	}
	wantLevels := []string{"error", "warning", "note"}
	wantURIs := []string{
		"notes/meeting.txt",
		"exports/donn%C3%A9es-clients/%C3%A9t%C3%A9.csv",
		"archive/2024/q3/customer-exports/eu-west/backup.zip!data/users.json",
	}
	for i, r := range run.Results {
		f := findings[i]
		if r.RuleID != f.Type {
			t.Errorf("result %d ruleId = %q, want %q", i, r.RuleID, f.Type)
		}
		if r.RuleIndex == nil || d.Rules[*r.RuleIndex].ID != f.Type {
			t.Errorf("result %d ruleIndex %v does not point at rule %q", i, r.RuleIndex, f.Type)
		}
		if r.Level != wantLevels[i] {
			t.Errorf("result %d level = %q, want %q", i, r.Level, wantLevels[i])
		}
		if !strings.Contains(r.Message.Text, f.Masked) || !strings.HasPrefix(r.Message.Text, f.Type+" ") {
			t.Errorf("result %d message = %q", i, r.Message.Text)
		}
		if len(r.Locations) != 1 {
			t.Fatalf("result %d: %d locations", i, len(r.Locations))
		}
		pl := r.Locations[0].PhysicalLocation
		if pl.ArtifactLocation.URI != wantURIs[i] {
			t.Errorf("result %d uri = %q, want %q", i, pl.ArtifactLocation.URI, wantURIs[i])
		}
		if pl.Region.StartLine != f.Line || pl.Region.ByteOffset == nil || *pl.Region.ByteOffset != f.Start ||
			pl.Region.ByteLength == nil || *pl.Region.ByteLength != f.End-f.Start {
			t.Errorf("result %d region = %+v", i, pl.Region)
		}
		if r.PartialFingerprints[FingerprintKey] != f.Hash.String() {
			t.Errorf("result %d fingerprints = %v", i, r.PartialFingerprints)
		}
		p := r.Properties
		if p.Confidence == nil || *p.Confidence != f.Confidence || p.Category != f.Category || !reflect.DeepEqual(p.Record, f.Record) {
			t.Errorf("result %d properties = %+v", i, p)
		}
	}

	empty := parseSARIF(t, encode(t, "sarif", testOptions(), nil))
	if n := len(empty.Runs[0].Results); n != 0 {
		t.Errorf("empty sarif has %d results", n)
	}
	// No options at all still gives a valid log.
	bare := parseSARIF(t, encode(t, "sarif", Options{}, nil))
	if bare.Runs[0].Tool.Driver.Name != "piid" {
		t.Errorf("default tool name = %q", bare.Runs[0].Tool.Driver.Name)
	}
}

func TestSARIFUnknownRule(t *testing.T) {
	f := &scanner.Finding{Path: "x.txt", Type: "custom_thing", Line: 1, Confidence: 0.5, Masked: "c***"}
	log := parseSARIF(t, encode(t, "sarif", testOptions(), []*scanner.Finding{f}))
	r := log.Runs[0].Results[0]
	if r.RuleID != "custom_thing" || r.RuleIndex != nil {
		t.Errorf("unknown rule: ruleId %q ruleIndex %v", r.RuleID, r.RuleIndex)
	}
}

// valueKeys counts "value" members in the findings (json, jsonl) or result
// properties (sarif) of out.
func valueKeys(t *testing.T, format string, out []byte) int {
	t.Helper()
	var objs []map[string]any
	switch format {
	case "jsonl":
		for _, line := range bytes.Split(bytes.TrimSpace(out), []byte("\n")) {
			if len(line) == 0 {
				continue
			}
			var m map[string]any
			if err := json.Unmarshal(line, &m); err != nil {
				t.Fatal(err)
			}
			objs = append(objs, m)
		}
	case "json":
		if err := json.Unmarshal(out, &objs); err != nil {
			t.Fatal(err)
		}
	case "sarif":
		var log struct {
			Runs []struct {
				Results []struct {
					Properties map[string]any `json:"properties"`
				} `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(out, &log); err != nil {
			t.Fatal(err)
		}
		for _, r := range log.Runs[0].Results {
			objs = append(objs, r.Properties)
		}
	default:
		return 0
	}
	n := 0
	for _, m := range objs {
		if _, ok := m["value"]; ok {
			n++
		}
	}
	return n
}

func TestNoValueWhenEmpty(t *testing.T) {
	for _, format := range Formats() {
		out := encode(t, format, testOptions(), testFindings())
		if n := valueKeys(t, format, out); n != 0 {
			t.Errorf("%s writes %d value fields with Value empty", format, n)
		}
	}
}

// TestNoLeak plants a raw value in one run with reveal, then checks that a
// run over the same findings without Value never shows it, and that even
// with reveal the SARIF message only carries the masked preview.
func TestNoLeak(t *testing.T) {
	const planted = "PLANTED-raw-4111111111111111"
	for _, format := range Formats() {
		revealed := testFindings()
		for _, f := range revealed {
			f.Value = planted
		}
		out := encode(t, format, testOptions(), revealed)
		if !bytes.Contains(out, []byte(planted)) {
			t.Errorf("%s: revealed Value not written", format)
		}
		if format != "table" {
			if n := valueKeys(t, format, out); n != len(revealed) {
				t.Errorf("%s: %d value fields, want %d", format, n, len(revealed))
			}
		}
		if format == "sarif" {
			for _, r := range parseSARIF(t, out).Runs[0].Results {
				if strings.Contains(r.Message.Text, planted) {
					t.Errorf("sarif message leaks the raw value: %q", r.Message.Text)
				}
				if r.Properties.Value == nil || *r.Properties.Value != planted {
					t.Errorf("sarif properties.value = %v", r.Properties.Value)
				}
			}
		}

		masked := testFindings()
		if out := encode(t, format, testOptions(), masked); bytes.Contains(out, []byte(planted)) {
			t.Errorf("%s leaks a value planted in another run:\n%s", format, out)
		}
	}
}

func TestTableLayout(t *testing.T) {
	out := string(encode(t, "table", Options{}, testFindings()))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines, want header + 3:\n%s", len(lines), out)
	}
	typeCol := locationWidth + len(columnGap)
	confCol := typeCol + typeWidth + len(columnGap)
	valueCol := confCol + confWidth + len(columnGap)
	wantConf := []string{"CONF", "0.95", "0.62", "0.45"}
	for i, line := range lines {
		r := []rune(line)
		if len(r) < valueCol {
			t.Fatalf("line %d too short: %q", i, line)
		}
		if r[typeCol-1] != ' ' || r[typeCol] == ' ' || r[confCol-1] != ' ' || r[valueCol-1] != ' ' {
			t.Errorf("line %d misaligned: %q", i, line)
		}
		if got := string(r[confCol : confCol+confWidth]); got != wantConf[i] {
			t.Errorf("line %d conf = %q, want %q", i, got, wantConf[i])
		}
	}
	if !strings.HasPrefix(lines[0], "LOCATION ") || !strings.HasSuffix(lines[0], "VALUE") {
		t.Errorf("header = %q", lines[0])
	}
	// The UTF-8 CSV location is 48 runes (but more bytes): cut to 40 runes.
	if want := ellipsis + "ées-clients/été.csv:4 [row 3 téléphone]  phone"; !strings.HasPrefix(lines[2], want) {
		t.Errorf("csv row = %q, want prefix %q", lines[2], want)
	}
	if !strings.HasPrefix(lines[3], ellipsis) || !strings.Contains(lines[3], "users.json:312 [/users/0/bank/iban]") {
		t.Errorf("long location not truncated from the left: %q", lines[3])
	}
	if !strings.HasSuffix(lines[1], "j***@e***.com") {
		t.Errorf("value column = %q", lines[1])
	}

	empty := string(encode(t, "table", Options{}, nil))
	el := strings.Split(strings.TrimSuffix(empty, "\n"), "\n")
	if len(el) != 2 || el[0] != lines[0] || el[1] != "no findings" {
		t.Errorf("empty table = %q", empty)
	}
}

func TestTableRevealAndSanitize(t *testing.T) {
	f := &scanner.Finding{
		Path:       "a\nb.txt",
		Type:       "a_very_long_custom_type_id",
		Line:       1,
		Confidence: 1,
		Masked:     "m***",
		Value:      "raw\nvalue\x1b[31m",
	}
	out := string(encode(t, "table", Options{}, []*scanner.Finding{f}))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("control characters broke the table: %q", out)
	}
	if !strings.HasSuffix(lines[1], `raw\nvalue\x1b[31m`) || strings.Contains(lines[1], "m***") {
		t.Errorf("reveal row = %q", lines[1])
	}
	if !strings.Contains(lines[1], `a\nb.txt:1`) || !strings.Contains(lines[1], "a_very_long_cus…  1.00") {
		t.Errorf("row = %q", lines[1])
	}
}

func TestTruncate(t *testing.T) {
	cases := []struct{ in, left, right string }{
		{"abc", "abc", "abc"},
		{"abcdef", "…cdef", "abcd…"},
		{"ééééé", "ééééé", "ééééé"},
		{"aéébéé", "…ébéé", "aééb…"},
	}
	for _, c := range cases {
		if got := truncateLeft(c.in, 5); got != c.left {
			t.Errorf("truncateLeft(%q) = %q, want %q", c.in, got, c.left)
		}
		if got := truncateRight(c.in, 5); got != c.right {
			t.Errorf("truncateRight(%q) = %q, want %q", c.in, got, c.right)
		}
		if n := utf8.RuneCountInString(truncateLeft(c.in, 5)); n > 5 {
			t.Errorf("truncateLeft(%q) has %d runes", c.in, n)
		}
	}
}

func TestArtifactURI(t *testing.T) {
	cases := map[string]string{
		"notes.txt":                "notes.txt",
		"dir/sub dir/file#1.txt":   "dir/sub%20dir/file%231.txt",
		"données/été.csv":          "donn%C3%A9es/%C3%A9t%C3%A9.csv",
		"backup.zip!inner/a?b.csv": "backup.zip!inner/a%3Fb.csv",
		"/var/data/x y.txt":        "file:///var/data/x%20y.txt",
		"c:odd/name":               "c%3Aodd/name",
		"100%.txt":                 "100%25.txt",
	}
	for in, want := range cases {
		if got := artifactURI(in); got != want {
			t.Errorf("artifactURI(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLifecycle(t *testing.T) {
	for _, format := range Formats() {
		var buf bytes.Buffer
		enc, err := New(format, &buf, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := enc.Write(nil); err == nil {
			t.Errorf("%s: Write(nil) succeeded", format)
		}
		if err := enc.Close(); err != nil {
			t.Fatalf("%s: Close: %v", format, err)
		}
		n := buf.Len()
		if err := enc.Close(); err != nil {
			t.Errorf("%s: second Close: %v", format, err)
		}
		if buf.Len() != n {
			t.Errorf("%s: second Close wrote more output", format)
		}
		if err := enc.Write(testFindings()[0]); err == nil {
			t.Errorf("%s: Write after Close succeeded", format)
		}
	}
}

type failWriter struct{}

var errWrite = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestWriteErrorsSurface(t *testing.T) {
	for _, format := range Formats() {
		enc, err := New(format, failWriter{}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		werr := enc.Write(testFindings()[0])
		cerr := enc.Close()
		if !errors.Is(werr, errWrite) && !errors.Is(cerr, errWrite) {
			t.Errorf("%s: writer error lost (Write %v, Close %v)", format, werr, cerr)
		}
	}
}
