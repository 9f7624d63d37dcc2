package scanner

import (
	"path/filepath"
	"testing"
)

// A value is reported once: the IBAN shape and the VAT regex both take
// "be0403019261", a phone regex takes a VAT number's digits; a value next
// to another is still its own finding.
func TestValueReportedOnce(t *testing.T) {
	cat := regionCatalog(t, nil, nil)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.txt"), []byte("vat be0403019261\n\n"+
		"VAT number: be 0403.019.261\n\n"+
		"IBAN NL91ABNA0417164300, mobile +31 6 12961561\n"))
	res := scanDir(t, cat, Options{MinConfidence: 0.5, Workers: 1}, dir)["a.txt"]
	if res == nil || res.err != nil {
		t.Fatalf("%+v", res)
	}
	var got []string
	for _, f := range res.findings {
		got = append(got, f.Type)
	}
	want := []string{"eu_vat", "eu_vat", "iban", "phone"}
	if len(got) != len(want) {
		t.Fatalf("findings %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("findings %v, want %v", got, want)
		}
	}
}
