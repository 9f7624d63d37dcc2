package patterns

import "testing"

// TestContextFreeConfidence holds each national id's decision from the
// measured false-positive rate (bench/README.md, "Found without
// context"): a checksum-valid bare digit run, with nothing around it, is
// reported at the default threshold only where random runs (almost)
// never pass the check; next to its keyword it is reported always.
func TestContextFreeConfidence(t *testing.T) {
	c := testCatalog(t, Options{})
	for _, tc := range []struct {
		typ, value, keyword string
		alone               bool // reported with no context at all
	}{
		{"us_ssn", "536221234", "SSN", false},         // 89% of random 9-digit runs pass
		{"us_ssn", "536-22-1234", "SSN", true},        // the 3-2-4 dashed shape is the evidence
		{"nl_bsn", "111222333", "BSN", false},         // 9.1%
		{"uk_nhs", "9434765919", "NHS number", false}, // 9.1%
		{"uk_nhs", "943 476 5919", "NHS number", false},
		{"pl_pesel", "44051401359", "PESEL", false},      // 1.8%
		{"de_tax_id", "86095742719", "Steuer-ID", false}, // 0.34%
		{"fr_nir", "185057800608491", "NIR", false},      // 0.50%
		{"fr_nir", "1 85 05 78 006 084 91", "NIR", true}, // INSEE's grouping
	} {
		got, err := c.Find([]byte(tc.value), testMinConf)
		if err != nil {
			t.Fatal(err)
		}
		if has := hasType(got, tc.typ); has != tc.alone {
			t.Errorf("%s %q with no context: reported %v, want %v (got %s)", tc.typ, tc.value, has, tc.alone, describe(tc.value, got))
		}
		text := tc.keyword + ": " + tc.value
		got, _ = c.Find([]byte(text), testMinConf)
		if !hasType(got, tc.typ) {
			t.Errorf("%s: not found in %q (got %s)", tc.typ, text, describe(text, got))
		}
	}
}
