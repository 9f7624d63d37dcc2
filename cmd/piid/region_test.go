package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A national-format mobile's region comes from the record's country
// column and from phone_regions per path, end to end: the finding says
// which, and its hash is the hash of the number written internationally
// (so a subject search for +31 6 12961561 finds the Dutch customer, never
// the French one whose number has the same digits).
func TestScanPhoneRegionEvidence(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("exports/customers.csv", "id,mobile,country\n1,06 12961561,Nederland\n2,06 12 96 15 61,France\n3,06 12961561,\n")
	write("exports/nl/notes.txt", "call back on 06 12961561 please\n")
	write("reference.txt", "Dutch: +31 6 12961561\nFrench: +33 6 12 96 15 61\n")
	cfg := filepath.Join(t.TempDir(), "piid.yaml")
	os.WriteFile(cfg, []byte("phone_regions:\n  - FR\n  - NL\n  - paths: [\"exports/nl/**\"]\n    regions: [nl]\n"), 0o644)
	out, errOut, code := piid(t, "", "scan", "--workers", "1", "--hash-key-file", keyFile, "--config", cfg, "--format", "jsonl", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	type finding struct {
		Path, Type, Hash string
		Line             int
		RegionSource     string   `json:"region_source"`
		Ambiguous        bool     `json:"ambiguous"`
		AltHashes        []string `json:"alt_hashes"`
	}
	var phones []finding
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var f finding
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			t.Fatal(err)
		}
		if f.Type == "phone" {
			f.Path, _ = filepath.Rel(dir, f.Path)
			phones = append(phones, f)
		}
	}
	if len(phones) != 6 {
		t.Fatalf("%d phones, want 6:\n%s", len(phones), out)
	}
	// Files in walk order: exports/customers.csv, exports/nl/notes.txt,
	// reference.txt.
	csvNL, csvFR, csvNone, notes, nl, fr := phones[0], phones[1], phones[2], phones[3], phones[4], phones[5]
	if nl.RegionSource != "number" || fr.RegionSource != "number" || nl.Hash == fr.Hash {
		t.Fatalf("international forms: %+v %+v", nl, fr)
	}
	for _, c := range []struct {
		got          finding
		source, hash string
	}{
		{csvNL, "field", nl.Hash}, {csvFR, "field", fr.Hash}, {notes, "path", nl.Hash},
	} {
		if c.got.RegionSource != c.source || c.got.Hash != c.hash || c.got.Ambiguous {
			t.Errorf("%s line %d: %+v, want source %s and hash %s", c.got.Path, c.got.Line, c.got, c.source, c.hash)
		}
	}
	// No country: valid in FR and NL, it is both, marked ambiguous.
	if !csvNone.Ambiguous || csvNone.RegionSource != "config" || csvNone.Hash != fr.Hash ||
		len(csvNone.AltHashes) != 1 || csvNone.AltHashes[0] != nl.Hash {
		t.Errorf("no evidence: %+v", csvNone)
	}

	// A per-path entry needs paths and regions, and a valid glob.
	for _, bad := range []string{"phone_regions:\n  - paths: [\"a/**\"]\n", "phone_regions:\n  - paths: [\"a/[b\"]\n    regions: [NL]\n", "phone_regions: [NLD]\n"} {
		os.WriteFile(cfg, []byte(bad), 0o644)
		if _, errOut, code := piid(t, "", "scan", "--hash-key-file", keyFile, "--config", cfg, dir); code != 2 || !strings.Contains(errOut, "phone_regions") {
			t.Errorf("%q: exit %d, %s", bad, code, errOut)
		}
	}
}
