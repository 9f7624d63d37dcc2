package dsar

import "testing"

func TestMaskPath(t *testing.T) {
	for in, want := range map[string]string{
		"/srv/exports/anna.rossi@example.it.csv": "/s**/e******/a***.*****@*******.**.csv",
		"/data/+39 06 1234 5678.log":             "/d***/+3* ** **** ****.log",
		"relative/Ünïcode_name.json.gz":          "r*******/Ü******_****.****.gz",
		"/":                                      "/",
	} {
		if got := MaskPath(in); got != want {
			t.Errorf("MaskPath(%q) = %q, want %q", in, got, want)
		}
	}
}
