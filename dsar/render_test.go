package dsar

import "testing"

// TestCSVCellsNeutralizeFormulas holds the report's CSV to OWASP's
// CSV-injection rule: every cell a spreadsheet could evaluate is quoted.
func TestCSVCellsNeutralizeFormulas(t *testing.T) {
	cases := map[string]string{
		"=1+2":                             "'=1+2",
		"@SUM(A1)":                         "'@SUM(A1)",
		"-2+3+cmd|' /C calc'!A0":           "'-2+3+cmd|' /C calc'!A0",
		"+1+HYPERLINK(\"http://x\",\"y\")": "'+1+HYPERLINK(\"http://x\",\"y\")",
		"+49 30 1234567":                   "'+49 30 1234567",
		"\tcmd":                            "'\tcmd",
		"\rcmd":                            "'\rcmd",
		"anna.rossi@example.it":            "anna.rossi@example.it",
		"Via Roma 1":                       "Via Roma 1",
		"":                                 "",
	}
	for in, want := range cases {
		if got := cells(in)[0]; got != want {
			t.Errorf("cells(%q) = %q, want %q", in, got, want)
		}
	}
}
