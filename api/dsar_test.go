package api

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/piid/piid/dsar"
	"github.com/piid/piid/dsar/audit"
)

// newDSAREnv is newEnv with the DSAR service and the audit trail.
func newDSAREnv(t *testing.T) *testEnv {
	t.Helper()
	e := &testEnv{t: t, b: newTestBackend(t), reg: prometheus.NewRegistry(), logs: &syncBuffer{}}
	data := t.TempDir()
	al, err := audit.Open(filepath.Join(data, "audit"), e.b.cat.Hasher().Derive("audit"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { al.Close() })
	svc, err := dsar.New(dsar.Options{Dir: filepath.Join(data, "requests"), Index: e.b.ix, Scanner: e.b.sc, Audit: al})
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewServer(Config{Backend: e.b, Token: testToken, Registry: e.reg, DSAR: svc, Audit: al,
		Logger: slog.New(slog.NewJSONHandler(e.logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	e.s = s
	e.srv = httptest.NewServer(s.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

func TestDSARRoutes(t *testing.T) {
	e := newDSAREnv(t)
	p := e.b.write(t, "crm.csv", "name,email,phone\nAnna Rossi,anna.rossi@example.it,+39 06 1234 5678\nMarco Bianchi,marco@example.it,+39 02 8765 4321\n")
	res, body := e.req("POST", "/v1/scans", map[string]any{"paths": []string{p}})
	wantStatus(t, res, body, http.StatusAccepted, "")

	// Refused identifiers are named.
	res, body = e.req("POST", "/v1/dsar", `{"subject": {"name": "Anna Rossi", "identifiers": [{"type": "email", "value": "anna.rossi@example.it"}, {"type": "iban", "value": "DE89 3704 0044 0532 0130 01"}]}}`)
	wantStatus(t, res, body, http.StatusBadRequest, "bad_request")
	if m := errMessage(t, body); !strings.Contains(m, "identifiers[1]") || !strings.Contains(m, "iban") {
		t.Errorf("message %q does not name the identifier", m)
	}
	res, body = e.req("POST", "/v1/dsar", `{"subject": {"name": "Anna Rossi", "identifiers": [{"type": "email", "value": "anna.rossi@example.it"}]}, "received_at": "2026-01-31T10:00:00Z"}`,
		"X-Piid-Actor", "dpo@company")
	wantStatus(t, res, body, http.StatusCreated, "")
	var v dsar.View
	json.Unmarshal(body, &v)
	if v.DueAt.Format("2006-01-02") != "2026-02-28" || res.Header.Get("Location") != "/v1/dsar/"+v.ID || v.History[0].Actor != "dpo@company" {
		t.Fatalf("created: %s (Location %s)", body, res.Header.Get("Location"))
	}
	if strings.Contains(string(body), "anna.rossi@example.it") || strings.Contains(string(body), "Rossi") {
		t.Errorf("the request view holds raw values: %s", body)
	}

	res, body = e.req("GET", "/v1/dsar/nope", nil)
	wantStatus(t, res, body, http.StatusNotFound, "not_found")
	res, body = e.req("POST", "/v1/dsar/"+v.ID+"/transition", `{"to": "completed"}`)
	wantStatus(t, res, body, http.StatusConflict, "conflict")
	res, body = e.req("POST", "/v1/dsar/"+v.ID+"/transition", `{"to": "in_progress", "actor": "bob"}`)
	wantStatus(t, res, body, http.StatusOK, "")
	res, body = e.req("POST", "/v1/dsar/"+v.ID+"/extend", `{"months": 2, "reason": "many systems"}`)
	wantStatus(t, res, body, http.StatusOK, "")
	res, body = e.req("POST", "/v1/dsar/"+v.ID+"/extend", `{"months": 1, "reason": "again"}`)
	wantStatus(t, res, body, http.StatusBadRequest, "bad_request")
	res, body = e.req("GET", "/v1/dsar", nil)
	wantStatus(t, res, body, http.StatusOK, "")
	if !strings.Contains(string(body), v.ID) {
		t.Errorf("list: %s", body)
	}

	for format, ct := range map[string]string{"json": "application/json", "csv": "text/csv", "html": "text/html"} {
		res, body = e.req("GET", "/v1/dsar/"+v.ID+"/report?format="+format, nil)
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), ct) {
			t.Fatalf("report %s: %d %s", format, res.StatusCode, res.Header.Get("Content-Type"))
		}
		if !strings.Contains(string(body), "anna.rossi@example.it") || strings.Contains(string(body), "marco@example.it") {
			t.Errorf("report %s: the subject's value missing or another's present:\n%s", format, body)
		}
	}
	res, body = e.req("GET", "/v1/dsar/"+v.ID+"/report?format=pdf", nil)
	wantStatus(t, res, body, http.StatusBadRequest, "bad_request")

	// The trail: created, transition, extended, three reports.
	res, body = e.req("GET", "/v1/audit/verify", nil)
	wantStatus(t, res, body, http.StatusOK, "")
	var vr audit.Result
	json.Unmarshal(body, &vr)
	if !vr.OK || vr.Events != 6 {
		t.Fatalf("verify: %s", body)
	}
	res, body = e.req("GET", "/v1/audit?since=4", nil)
	wantStatus(t, res, body, http.StatusOK, "")
	var page auditPage
	json.Unmarshal(body, &page)
	if len(page.Events) != 2 || page.Events[0].Type != "dsar.report" {
		t.Fatalf("audit page: %s", body)
	}
	res, body = e.req("GET", "/v1/audit?since=yesterday", nil)
	wantStatus(t, res, body, http.StatusBadRequest, "bad_request")
	// Nothing of the subject's in the log lines or the trail.
	res, body = e.req("GET", "/v1/audit", nil)
	if strings.Contains(string(body), "anna") || strings.Contains(e.logs.String(), "anna") {
		t.Errorf("a raw value in the audit trail or logs")
	}
}

func TestDSARDisabled(t *testing.T) {
	e := newEnv(t, nil)
	res, body := e.req("GET", "/v1/dsar", nil)
	wantStatus(t, res, body, http.StatusServiceUnavailable, "unavailable")
	res, body = e.req("GET", "/v1/audit/verify", nil)
	wantStatus(t, res, body, http.StatusServiceUnavailable, "unavailable")
}

// TestActorIsCleaned: who acts is cleaned by the identifiers' rule, so a
// zero-width space does not make a second reviewer for four eyes, and a
// control character is refused.
func TestActorIsCleaned(t *testing.T) {
	r := httptest.NewRequest("POST", "/v1/erasures/x/approve", nil)
	if a, err := actor(r, " legal\u200b@example.org\u202e "); err != nil || a != "legal@example.org" {
		t.Errorf("actor with invisible characters: %q %v", a, err)
	}
	if _, err := actor(r, "legal\x00"); err == nil {
		t.Error("actor with a NUL: accepted")
	}
	r.Header.Set("X-Piid-Actor", "dpo\ufeff")
	if a, err := actor(r, ""); err != nil || a != "dpo" {
		t.Errorf("actor from the header: %q %v", a, err)
	}
}

// TestDSARAmbiguousIdentifier: an identifier whose normalization would be
// a guess is refused with its own code, saying how to give it.
func TestDSARAmbiguousIdentifier(t *testing.T) {
	e := newDSAREnv(t)
	res, body := e.req("POST", "/v1/dsar", `{"subject": {"name": "Jan de Vries", "identifiers": [{"type": "date_of_birth", "value": "03/04/1985"}]}}`)
	wantStatus(t, res, body, http.StatusBadRequest, "ambiguous_identifier")
	if m := errMessage(t, body); !strings.Contains(m, "identifiers[0]") || !strings.Contains(m, "YYYY-MM-DD") || strings.Contains(m, "1985") {
		t.Errorf("message %q: want the identifier named and the way to give it, not the value", m)
	}
}
