package dsar

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/piid/piid/dsar/internal/indextest"
)

// A subject's weak identifier (a date of birth many people share) does
// not make another person's row the subject's: Claire's row, which holds
// Sam's date of birth, is listed for review with its own reason, and none
// of her values reaches any rendering of Sam's report.
func TestReportNeverAttributesOnAWeakIdentifier(t *testing.T) {
	root := t.TempDir()
	f := newFixture(t, nil)
	p := write(t, filepath.Join(root, "crm", "customers.csv"), "id,name,email,mobile,iban,date_of_birth\n"+
		"1,Claire Martin,claire.martin@example.fr,+33 6 12 96 15 61,FR7630006000011234567890189,1984-03-12\n"+
		"2,Sam Jones,sam@example.com,,,1984-03-12\n")
	indextest.IndexAdjusted(t, f.ix, f.sc, nil, nil, p)
	v, err := f.svc.Create(CreateInput{Name: "Sam Jones", Identifiers: []Identifier{
		{"email", "sam@example.com"}, {"date_of_birth", "1984-03-12"}}}, "dpo")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := f.svc.Report(context.Background(), v.ID, ReportOptions{}, "json", "dpo")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Records) != 1 || rep.Records[0].Record == nil || rep.Records[0].Record.Row != 2 {
		t.Fatalf("records %+v, want Sam's row only", rep.Records)
	}
	if len(rep.Review) != 1 || rep.Review[0].Record == nil || rep.Review[0].Record.Row != 1 || !strings.Contains(rep.Review[0].Reason, "many people share") {
		t.Fatalf("review %+v, want Claire's row, held back as reached through a weak identifier", rep.Review)
	}
	for _, format := range Formats {
		var buf bytes.Buffer
		if err := rep.Render(&buf, format); err != nil {
			t.Fatal(err)
		}
		for _, hers := range []string{"Claire", "claire.martin@example.fr", "+33 6 12 96 15 61", "FR7630006000011234567890189"} {
			if strings.Contains(buf.String(), hers) {
				t.Errorf("the %s report holds Claire's %q", format, hers)
			}
		}
	}
}
