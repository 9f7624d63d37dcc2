package main

import (
	"encoding/json"
	"html"
	"path/filepath"
	"strings"
	"testing"
)

// The leak, end to end: an export holds a French customer (her
// mobile with its country code) and a Dutch one whose national-format
// mobile `06 12961561` is valid in France and in the Netherlands, and
// nothing in his row says which (no country, no IBAN, an email of no
// country). The daemon indexes it ambiguous; a
// search for the Dutch reading returns it marked; her DSAR report holds
// her row and lists the Dutch row only under review, with none of its
// values; her erasure plan never plans the Dutch row.
//
// It needs the scanner to mark such a number ambiguous (the region from
// evidence, issue 22), as well as the index, report and erasure rules.
func TestAmbiguousPhoneNeverAttributedEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the daemon")
	}
	root := t.TempDir()
	watch := filepath.Join(root, "watched")
	writeFile(t, filepath.Join(watch, "crm", "customers.csv"), "id,name,email,mobile,iban,date_of_birth\n"+
		"1,Claire Martin,claire.martin@example.fr,+33 6 12 96 15 61,FR7630006000011234567890189,1984-05-02\n"+
		"2,Jan de Vries,jan.devries@example.com,06 12961561,,1979-11-02\n")
	d := startDaemon(t, watch, filepath.Join(root, "data"))
	d.waitFor("the export indexed", func() bool {
		return len(d.search("email", "claire.martin@example.fr").Findings) == 1
	})
	dutch := []string{"Jan de Vries", "jan.devries@example.com", "06 12961561", "1979-11-02"}

	// A search for the Dutch reading finds his mobile, marked ambiguous.
	code, body := d.do("POST", "/v1/subjects/search", `{"identifiers": [{"type": "phone", "value": "+31 6 12961561"}]}`, "")
	var sr struct {
		Findings []struct {
			Ambiguous bool     `json:"ambiguous"`
			AltHashes []string `json:"alt_hashes"`
			Record    struct{ Row int }
		}
		Records []struct{ Ambiguous bool }
	}
	if err := json.Unmarshal(body, &sr); code != 200 || err != nil {
		t.Fatalf("search: %d %s", code, body)
	}
	if len(sr.Findings) != 1 || !sr.Findings[0].Ambiguous || len(sr.Findings[0].AltHashes) == 0 || sr.Findings[0].Record.Row != 2 ||
		len(sr.Records) != 1 || !sr.Records[0].Ambiguous {
		t.Fatalf("search for the Dutch reading: %s", body)
	}

	// Her report: her row; the Dutch row under review, nothing of it.
	code, body = d.do("POST", "/v1/dsar", `{"subject": {"name": "Claire Martin", "identifiers": [{"type": "phone", "value": "+33 6 12 96 15 61"}, {"type": "email", "value": "claire.martin@example.fr"}]}}`, "")
	var req struct{ ID string }
	if err := json.Unmarshal(body, &req); code != 201 || err != nil {
		t.Fatalf("create: %d %s", code, body)
	}
	code, body = d.do("GET", "/v1/dsar/"+req.ID+"/report?format=json&expand=true", "", "")
	var rep struct {
		Records []struct{ Record struct{ Row int } }
		Review  []struct {
			Record  struct{ Row int }
			Matched []struct{ Type, Masked string }
		}
	}
	if err := json.Unmarshal(body, &rep); code != 200 || err != nil {
		t.Fatalf("report: %d %s", code, body)
	}
	if len(rep.Records) != 1 || rep.Records[0].Record.Row != 1 || len(rep.Review) != 1 || rep.Review[0].Record.Row != 2 ||
		len(rep.Review[0].Matched) != 1 || rep.Review[0].Matched[0].Type != "phone" {
		t.Fatalf("report: %s", body)
	}
	for _, format := range []string{"json", "csv", "html"} {
		code, body := d.do("GET", "/v1/dsar/"+req.ID+"/report?expand=true&format="+format, "", "")
		out := html.UnescapeString(string(body))
		if code != 200 || !strings.Contains(out, "claire.martin@example.fr") || !strings.Contains(out, "+33 6 12 96 15 61") {
			t.Fatalf("%s report: %d %s", format, code, body)
		}
		for _, v := range dutch {
			if strings.Contains(out, v) {
				t.Errorf("the %s report holds the Dutch customer's %q", format, v)
			}
		}
	}

	// Her erasure plan: her row only; the Dutch row for review.
	code, body = d.do("POST", "/v1/erasures", `{"identifiers": [{"type": "phone", "value": "+33 6 12 96 15 61"}, {"type": "email", "value": "claire.martin@example.fr"}], "strategy": "delete_record", "dry_run": true}`, "")
	var plan struct {
		Plan []struct {
			Record struct{ Row int }
		}
		Review []struct {
			Record struct{ Row int }
			Action string
		}
	}
	if err := json.Unmarshal(body, &plan); code != 201 || err != nil {
		t.Fatalf("plan: %d %s", code, body)
	}
	for _, it := range plan.Plan {
		if it.Record.Row != 1 {
			t.Errorf("the plan erases row %d: %s", it.Record.Row, body)
		}
	}
	if len(plan.Plan) != 2 || len(plan.Review) != 1 || plan.Review[0].Record.Row != 2 || plan.Review[0].Action != "review" {
		t.Fatalf("plan: %s", body)
	}
	d.stop()
}
