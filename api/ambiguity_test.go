package api

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/piid/piid/index"
	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
)

// A Dutch customer's national-format mobile reads as French or Dutch (no
// evidence): indexed ambiguous, a search for either reading returns it
// marked, with its other reading, and its record marked ambiguous; the
// findings route shows the fields as stored.
func TestSearchReturnsAmbiguousFindingsMarked(t *testing.T) {
	e := newEnv(t, nil)
	phone, _ := e.b.cat.TypeByID("phone")
	hashOf := func(v string) patterns.Hash {
		return e.b.cat.Hasher().Sum("phone", []byte(e.b.cat.Normalize(phone, v)))
	}
	fr, nl := hashOf("+33 6 12 96 15 61"), hashOf("+31 6 12961561")
	if fr == nl {
		t.Fatal("the two readings hash alike")
	}
	path := e.b.write(t, "crm/customers.csv", "id,mobile\n1,06 12961561\n")
	w, err := e.b.ix.BeginFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f := scanner.Finding{Type: "phone", Category: "contact", Start: 12, End: 23, Line: 2, Confidence: 0.9,
		Record: &scanner.Record{Row: 1, Field: "mobile"}, Hash: fr, Masked: "** ******61",
		Ambiguous: true, AltHashes: []patterns.Hash{nl}, RegionSource: patterns.RegionConfig}
	if err := w.Add([]scanner.Finding{f}); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(index.FileState{}); err != nil {
		t.Fatal(err)
	}

	type finding struct {
		Hash         patterns.Hash   `json:"hash"`
		Ambiguous    bool            `json:"ambiguous"`
		AltHashes    []patterns.Hash `json:"alt_hashes"`
		RegionSource string          `json:"region_source"`
	}
	marked := func(what string, got finding) {
		t.Helper()
		if !got.Ambiguous || got.Hash != fr || len(got.AltHashes) != 1 || got.AltHashes[0] != nl || got.RegionSource != patterns.RegionConfig {
			t.Errorf("%s: %+v, want the finding as stored, marked ambiguous", what, got)
		}
	}
	for _, v := range []string{"+31 6 12961561", "+33 6 12 96 15 61"} {
		res, b := e.req("POST", "/v1/subjects/search", searchRequest{Identifiers: []Identifier{{Type: "phone", Value: v}}})
		wantStatus(t, res, b, http.StatusOK, "")
		var sr struct {
			Findings []finding `json:"findings"`
			Records  []struct {
				Ambiguous bool      `json:"ambiguous"`
				Findings  []finding `json:"findings"`
			} `json:"records"`
		}
		if err := json.Unmarshal(b, &sr); err != nil {
			t.Fatal(err)
		}
		if len(sr.Findings) != 1 || len(sr.Records) != 1 || len(sr.Records[0].Findings) != 1 {
			t.Fatalf("search %s: %s", v, b)
		}
		marked("search "+v, sr.Findings[0])
		marked("search "+v+", record", sr.Records[0].Findings[0])
		if !sr.Records[0].Ambiguous {
			t.Errorf("search %s: the record is not marked ambiguous: %s", v, b)
		}
	}

	res, b := e.req("GET", "/v1/findings?path="+url.QueryEscape(path), nil)
	wantStatus(t, res, b, http.StatusOK, "")
	var page struct {
		Findings []finding `json:"findings"`
	}
	if err := json.Unmarshal(b, &page); err != nil || len(page.Findings) != 1 {
		t.Fatalf("findings: %s %v", b, err)
	}
	marked("findings route", page.Findings[0])
}
