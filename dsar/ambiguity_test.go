package dsar

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"html"
	"path/filepath"
	"strings"
	"testing"

	"github.com/piid/piid/dsar/internal/indextest"
)

// twoCustomers is an export holding a French customer (her mobile with
// its country code) and a Dutch one whose national-format mobile reads as
// French or Dutch: nothing in his row says which (no country, no IBAN, an
// email of no country).
const twoCustomers = "id,name,email,mobile,iban,date_of_birth\n" +
	"1,Claire Martin,claire.martin@example.fr,+33 6 12 96 15 61,FR7630006000011234567890189,1984-05-02\n" +
	"2,Jan de Vries,jan.devries@example.com,06 12961561,,1979-11-02\n"

// The Dutch customer's values: none may reach her report.
var dutchValues = []string{"Jan de Vries", "jan.devries@example.com", "06 12961561", "1979-11-02"}

// A DSAR for the French customer reports her row; the Dutch row, reached
// only through an ambiguous reading of his mobile, is listed under review
// with its matching value masked, in every rendering, and identity
// expansion does not start from it.
func TestReportNeverAttributesOnAnAmbiguousReading(t *testing.T) {
	root := t.TempDir()
	f := newFixture(t, nil)
	ambiguous := indextest.Ambiguous(f.sc.Catalog(), "33", "31") // FR or NL
	f.svc.adjust = ambiguous
	p := write(t, filepath.Join(root, "crm", "customers.csv"), twoCustomers)
	indextest.IndexAdjusted(t, f.ix, f.sc, nil, ambiguous, p)

	v, err := f.svc.Create(CreateInput{Name: "Claire Martin", Identifiers: []Identifier{
		{"phone", "+33 6 12 96 15 61"}, {"email", "claire.martin@example.fr"}}}, "dpo")
	if err != nil {
		t.Fatal(err)
	}
	for _, expand := range []bool{false, true} {
		rep, err := f.svc.Report(context.Background(), v.ID, ReportOptions{Expand: expand}, "json", "dpo")
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Records) != 1 || rep.Records[0].Record == nil || rep.Records[0].Record.Row != 1 || rep.Records[0].Expansion {
			t.Fatalf("expand=%v: records %+v, want her row only", expand, rep.Records)
		}
		if len(rep.Review) != 1 || rep.Review[0].Record == nil || rep.Review[0].Record.Row != 2 || rep.Review[0].Reason == "" ||
			len(rep.Review[0].Matched) != 1 || rep.Review[0].Matched[0].Type != "phone" || rep.Review[0].Matched[0].Field != "mobile" ||
			rep.Review[0].Matched[0].Masked == "" || rep.Summary.Review != 1 {
			t.Fatalf("expand=%v: review %+v, want the Dutch row's mobile", expand, rep.Review)
		}
		// Expansion follows her own IBAN, nothing of the Dutch row.
		if expand && (len(rep.Expansion) != 1 || rep.Expansion[0].Type != "iban" || !strings.HasPrefix(rep.Expansion[0].Masked, "FR")) {
			t.Errorf("expansion followed %+v, want her IBAN only", rep.Expansion)
		}
		for _, id := range rep.Subject.Identifiers {
			if id.Occurrences != 1 {
				t.Errorf("expand=%v: %s found %d times, want 1 (her row)", expand, id.Type, id.Occurrences)
			}
		}
		for _, format := range Formats {
			var buf bytes.Buffer
			if err := rep.Render(&buf, format); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			if format == "html" {
				out = html.UnescapeString(out)
			}
			for _, other := range dutchValues {
				if strings.Contains(out, other) {
					t.Errorf("expand=%v: the %s report holds the Dutch customer's %q", expand, format, other)
				}
			}
			for _, mine := range []string{"claire.martin@example.fr", "+33 6 12 96 15 61", "FR7630006000011234567890189", "1984-05-02"} {
				if !strings.Contains(out, mine) {
					t.Errorf("expand=%v: the %s report lacks her %q", expand, format, mine)
				}
			}
			masked := rep.Review[0].Matched[0].Masked
			switch format {
			case "json":
				var back struct {
					Review []ReviewRecord `json:"review"`
				}
				if err := json.Unmarshal(buf.Bytes(), &back); err != nil || len(back.Review) != 1 || back.Review[0].Matched[0].Masked != masked {
					t.Errorf("json review: %+v %v", back.Review, err)
				}
			case "csv":
				rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				review := 0
				for _, r := range rows[1:] {
					if r[len(r)-1] == "ambiguous" {
						review++
						if r[2] != "2" || r[4] != "mobile" || r[9] != "false" {
							t.Errorf("csv review row %q", r)
						}
					}
				}
				if rows[0][len(rows[0])-1] != "review" || review != 1 {
					t.Errorf("csv: header %q, %d review rows", rows[0], review)
				}
			case "html":
				// The letter goes to the subject: the held-back records
				// may be another person's.
				if strings.Contains(out, "held back for review") || strings.Contains(out, masked) {
					t.Errorf("the html letter to the subject lists the records held back for review")
				}
			}
		}
	}
}

// Identity expansion never follows an ambiguous finding: a phone read in
// two countries beside the subject's email is not searched further.
func TestExpansionNeverFollowsAnAmbiguousFinding(t *testing.T) {
	root := t.TempDir()
	f := newFixture(t, nil)
	ambiguous := indextest.Ambiguous(f.sc.Catalog(), "33", "31")
	f.svc.adjust = ambiguous
	crm := write(t, filepath.Join(root, "crm.csv"), "email,mobile\nclaire.martin@example.com,06 12961561\n")
	calls := write(t, filepath.Join(root, "calls.csv"), "caller,duration\n+31 6 12961561,300\n+33 6 12961561,20\n")
	indextest.IndexAdjusted(t, f.ix, f.sc, nil, ambiguous, crm, calls)
	v, _ := f.svc.Create(CreateInput{Name: "Claire Martin", Identifiers: []Identifier{{"email", "claire.martin@example.com"}}}, "dpo")
	rep, err := f.svc.Report(context.Background(), v.ID, ReportOptions{Expand: true}, "json", "dpo")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Expansion) != 0 || len(rep.Records) != 1 || len(rep.Review) != 0 {
		t.Fatalf("expansion %+v, records %+v, review %+v: want her row only", rep.Expansion, rep.Records, rep.Review)
	}
	// Her row is hers: its mobile, one reading of which may be hers, is
	// shown to her.
	if vals := rep.Records[0].Values; len(vals) != 2 || !vals[1].Subject || vals[1].Value != "06 12961561" {
		t.Fatalf("her row: %+v", vals)
	}
}
