package dsar

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// A JSONL export whose earlier lines are no JSON (a PostgreSQL COPY of
// row_to_json doubles backslashes): the subject's line keeps its record,
// so the report shows the subject's own names in clear, in that record.
func TestReportJSONLAfterBadLines(t *testing.T) {
	root := t.TempDir()
	f := newFixture(t, nil)
	lines := []string{
		`{"id":1,"first_name":"Marco","last_name":"Bianchi","email":"marco.bianchi@example.it"}`,
		`{"id":2,"first_name":"Zoë","last_name":"Martin","note":"said \\"hi\\"","email":"zoe.martin@example.fr"}`,
		`{"id":3,"first_name":"Anna","last_name":"Rossi","email":"anna.rossi@example.it"}`,
	}
	p := write(t, filepath.Join(root, "customers.jsonl"), strings.Join(lines, "\n")+"\n")
	f.index(t, p)
	v, _ := f.svc.Create(CreateInput{Name: "Anna Rossi", Identifiers: []Identifier{{"email", "anna.rossi@example.it"}}}, "a")
	rep, err := f.svc.Report(context.Background(), v.ID, ReportOptions{}, "json", "a")
	if err != nil || len(rep.Records) != 1 {
		t.Fatalf("%+v %v", rep, err)
	}
	got := map[string]ReportValue{}
	for _, x := range rep.Records[0].Values {
		got[x.Pointer] = x
	}
	for ptr, want := range map[string]string{"/first_name": "Anna", "/last_name": "Rossi", "/email": "anna.rossi@example.it"} {
		if x := got[ptr]; !x.Subject || x.Value != want || x.Line != 3 {
			t.Errorf("%s: %+v, want the subject's %q on line 3", ptr, x, want)
		}
	}
}
