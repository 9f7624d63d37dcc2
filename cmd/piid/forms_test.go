package main

import (
	"path/filepath"
	"testing"
)

// TestDaemonWrittenForms: identifiers typed as people type them (spaced,
// dotted, dashed, lower case, an older national form) in a CSV export and
// their compact forms in a plain-text note are one value to the index: a
// subject search by either written form finds both files.
func TestDaemonWrittenForms(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the daemon")
	}
	root := t.TempDir()
	watch := filepath.Join(root, "watched")
	writeFile(t, filepath.Join(watch, "export.csv"),
		"id,email,vat,iban,postcode,ssn,nino,nhs_number,steuer_id\n"+
			"1,greta@example.de,be 403.170.701,DE89-3704-0044-0532-0130-00,sw1a 1aa,536221234,ab 12 34 56 c,943-476-5919,8609574271 9\n"+
			"2,,FR 40 303 265 045,,,,,,\n")
	writeFile(t, filepath.Join(watch, "notes.txt"),
		"greta@example.de\nBTW BE0403170701 and TVA FR40303265045.\nIBAN DE89370400440532013000\nPostcode SW1A 1AA\n"+
			"SSN 536-22-1234\nNINO AB123456C\nNHS number 9434765919\nSteuer-ID 86095742719\n")
	d := startDaemon(t, watch, filepath.Join(root, "data"))
	defer d.stop()
	d.waitFor("both files indexed", func() bool { return len(d.search("email", "greta@example.de").Findings) == 2 })
	for _, tc := range []struct{ typ, written, compact string }{
		{"eu_vat", "be 403.170.701", "BE0403170701"},
		{"eu_vat", "FR 40 303 265 045", "FR40303265045"},
		{"iban", "DE89-3704-0044-0532-0130-00", "DE89370400440532013000"},
		{"uk_postcode", "sw1a 1aa", "SW1A1AA"},
		{"us_ssn", "536 22 1234", "536221234"},
		{"uk_nino", "ab 12 34 56 c", "AB123456C"},
		{"uk_nhs", "943-476-5919", "9434765919"},
		{"de_tax_id", "8609574271 9", "86095742719"},
	} {
		for _, v := range []string{tc.written, tc.compact} {
			r := d.search(tc.typ, v)
			files := map[string]bool{}
			for _, f := range r.Findings {
				files[filepath.Base(f.Path)] = true
			}
			if len(r.Findings) != 2 || !files["export.csv"] || !files["notes.txt"] {
				t.Errorf("%s %q: found %+v, want one in each file", tc.typ, v, r.Findings)
			}
		}
	}
}
