package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/piid/piid/scanner"
)

const testToken = "s3cret-token-for-tests"

// syncBuffer is a log sink the server writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type testEnv struct {
	t    *testing.T
	b    *testBackend
	s    *Server
	srv  *httptest.Server
	reg  *prometheus.Registry
	logs *syncBuffer
}

// newEnv starts a server over a new testBackend, or over what wrap makes
// of it.
func newEnv(t *testing.T, wrap func(*testBackend) Backend) *testEnv {
	t.Helper()
	e := &testEnv{t: t, b: newTestBackend(t), reg: prometheus.NewRegistry(), logs: &syncBuffer{}}
	var backend Backend = e.b
	if wrap != nil {
		backend = wrap(e.b)
	}
	s, err := NewServer(Config{
		Backend:  backend,
		Token:    testToken,
		Logger:   slog.New(slog.NewJSONHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Registry: e.reg,
	})
	if err != nil {
		t.Fatal(err)
	}
	e.s = s
	e.srv = httptest.NewServer(s.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

// req sends a request with the test token (auth) and returns the answer
// and its body.
func (e *testEnv) req(method, path string, body any, hdr ...string) (*http.Response, []byte) {
	e.t.Helper()
	var r io.Reader
	switch v := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(v)
	case []byte:
		r = bytes.NewReader(v)
	case io.Reader:
		r = v
	default:
		b, err := json.Marshal(v)
		if err != nil {
			e.t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, r)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testToken)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i+1] == "" {
			req.Header.Del(hdr[i])
		} else {
			req.Header.Set(hdr[i], hdr[i+1])
		}
	}
	res, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return res, b
}

// wantStatus checks the status, and for errors the error shape and code.
func wantStatus(t *testing.T, res *http.Response, body []byte, status int, code string) {
	t.Helper()
	if res.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d; body %s", res.Request.Method, res.Request.URL.Path, res.StatusCode, status, body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s %s: Content-Type %q", res.Request.Method, res.Request.URL.Path, ct)
	}
	if code == "" {
		return
	}
	var eb struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&eb); err != nil {
		t.Fatalf("error body %s: %v", body, err)
	}
	if eb.Error.Code != code || eb.Error.Message == "" {
		t.Errorf("%s %s: error %+v, want code %q and a message", res.Request.Method, res.Request.URL.Path, eb.Error, code)
	}
}

func errMessage(t *testing.T, body []byte) string {
	t.Helper()
	var eb errorBody
	if err := json.Unmarshal(body, &eb); err != nil {
		t.Fatal(err)
	}
	return eb.Error.Message
}

func TestNewServerRefusesBadConfig(t *testing.T) {
	b := newTestBackend(t)
	for _, tok := range []string{"", "  \n"} {
		if _, err := NewServer(Config{Backend: b, Token: tok}); !errors.Is(err, ErrNoToken) {
			t.Errorf("token %q: err %v, want ErrNoToken", tok, err)
		}
	}
	if _, err := NewServer(Config{Token: testToken}); !errors.Is(err, ErrNoBackend) {
		t.Errorf("no backend: err %v", err)
	}
	// A second server on one registry shares the metrics.
	reg := prometheus.NewRegistry()
	for range 2 {
		if _, err := NewServer(Config{Backend: b, Token: testToken, Registry: reg}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestHTTPServerTimeouts(t *testing.T) {
	e := newEnv(t, nil)
	hs := e.s.HTTPServer("127.0.0.1:0")
	if hs.Addr != "127.0.0.1:0" || hs.Handler == nil {
		t.Errorf("addr %q handler %v", hs.Addr, hs.Handler)
	}
	if hs.ReadHeaderTimeout <= 0 || hs.ReadTimeout <= 0 || hs.WriteTimeout <= 0 || hs.IdleTimeout <= 0 {
		t.Errorf("timeouts not set: %+v", hs)
	}
	if hs.MaxHeaderBytes <= 0 || hs.MaxHeaderBytes >= http.DefaultMaxHeaderBytes {
		t.Errorf("MaxHeaderBytes %d", hs.MaxHeaderBytes)
	}
}

func TestAuth(t *testing.T) {
	e := newEnv(t, nil)
	routes := []struct{ method, path, body string }{
		{"POST", "/v1/scans", `{"paths":["x"]}`},
		{"GET", "/v1/scans/scan-1", ""},
		{"GET", "/v1/findings", ""},
		{"POST", "/v1/subjects/search", `{"identifiers":[{"type":"email","value":"a@b.example"}]}`},
	}
	for _, r := range routes {
		for _, auth := range []string{
			"",                                       // none
			"Bearer wrong-token",                     // wrong
			"Bearer " + testToken + "x",              // longer
			"Bearer " + testToken[:len(testToken)-1], // shorter
			"Basic " + testToken,                     // other scheme
			"Bearer",                                 // no token
			testToken,                                // no scheme
		} {
			var body any
			if r.body != "" {
				body = r.body
			}
			res, b := e.req(r.method, r.path, body, "Authorization", auth)
			wantStatus(t, res, b, http.StatusUnauthorized, "unauthorized")
			if got := res.Header.Get("WWW-Authenticate"); got != "Bearer" {
				t.Errorf("%s %s with %q: WWW-Authenticate %q", r.method, r.path, auth, got)
			}
		}
	}
	// The scheme is case-insensitive.
	res, b := e.req("GET", "/v1/findings", nil, "Authorization", "bearer "+testToken)
	wantStatus(t, res, b, http.StatusOK, "")
	// The operational routes need no token.
	for _, p := range []string{"/healthz", "/readyz", "/metrics", "/openapi.yaml"} {
		res, _ := e.req("GET", p, nil, "Authorization", "")
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s without token: %d", p, res.StatusCode)
		}
	}
}

func TestHealthAndReadiness(t *testing.T) {
	e := newEnv(t, nil)
	res, b := e.req("GET", "/healthz", nil, "Authorization", "")
	wantStatus(t, res, b, http.StatusOK, "")
	if strings.TrimSpace(string(b)) != `{"status":"ok"}` {
		t.Errorf("healthz: %s", b)
	}
	res, b = e.req("GET", "/readyz", nil, "Authorization", "")
	wantStatus(t, res, b, http.StatusOK, "")
	if strings.TrimSpace(string(b)) != `{"status":"ready"}` {
		t.Errorf("readyz: %s", b)
	}

	e.b.setReady(errors.New("first reconcile not done"))
	res, b = e.req("GET", "/readyz", nil, "Authorization", "")
	wantStatus(t, res, b, http.StatusServiceUnavailable, "not_ready")
	if !strings.Contains(errMessage(t, b), "first reconcile not done") {
		t.Errorf("readyz message: %s", b)
	}
	// Liveness does not depend on readiness.
	res, b = e.req("GET", "/healthz", nil)
	wantStatus(t, res, b, http.StatusOK, "")

	e.b.setReady(nil)
	res, b = e.req("GET", "/readyz", nil)
	wantStatus(t, res, b, http.StatusOK, "")
}

func TestBodyLimits(t *testing.T) {
	e := newEnv(t, nil)
	big := `{"paths":["` + strings.Repeat("a", maxBody) + `"]}`
	// With a Content-Length (refused before reading) and chunked (refused
	// by the reader at the limit).
	res, b := e.req("POST", "/v1/scans", big)
	wantStatus(t, res, b, http.StatusRequestEntityTooLarge, "too_large")
	res, b = e.req("POST", "/v1/subjects/search", io.MultiReader(strings.NewReader(big)))
	if res.Request.ContentLength != -1 && res.Request.ContentLength != 0 {
		t.Fatalf("not chunked: %d", res.Request.ContentLength)
	}
	wantStatus(t, res, b, http.StatusRequestEntityTooLarge, "too_large")
	// Trailing data past the limit is too large too.
	res, b = e.req("POST", "/v1/scans", io.MultiReader(strings.NewReader(`{"paths":["x"]}`+strings.Repeat(" ", maxBody))))
	wantStatus(t, res, b, http.StatusRequestEntityTooLarge, "too_large")

	// Just under the limit is decoded (and refused for what it says).
	ok := `{"paths":["` + strings.Repeat("a", maxBody-100) + `"]}`
	res, b = e.req("POST", "/v1/scans", ok)
	wantStatus(t, res, b, http.StatusForbidden, "forbidden")
}

func TestMalformedRequests(t *testing.T) {
	e := newEnv(t, nil)
	cases := []struct {
		path, body string
		want       string // in the message
	}{
		{"/v1/scans", `{"paths": [}`, "malformed JSON at byte 12"},
		{"/v1/scans", `{"paths": ["a"]`, "ends in the middle"},
		{"/v1/scans", ``, "empty request body"},
		{"/v1/scans", `{"path": ["a"]}`, `unknown field "path"`},
		{"/v1/scans", `{"paths": ["a"]} {"paths": []}`, "after the JSON object"},
		{"/v1/scans", `{"paths": ["a"]} x`, "after the JSON object"},
		{"/v1/scans", `{"paths": "a"}`, `field "paths" must be an array, not a string`},
		{"/v1/scans", `["a"]`, "must be a JSON object"},
		{"/v1/scans", `{"paths": []}`, "at least one path"},
		{"/v1/scans", `{}`, "at least one path"},
		{"/v1/scans", `{"paths": [""]}`, "paths[0] is empty"},
		{"/v1/subjects/search", `{"identifiers": []}`, "at least one identifier"},
		{"/v1/subjects/search", `{"identifiers": null}`, "at least one identifier"},
		{"/v1/subjects/search", `{"identifiers": [{"type": "email"}]}`, "identifiers[0]: value is required"},
		{"/v1/subjects/search", `{"identifiers": [{"value": "x@y.example"}]}`, "identifiers[0]: type is required"},
		{"/v1/subjects/search", `{"identifiers": [{"type": "email", "value": "a@b.example", "hash": "x"}]}`, `unknown field "hash"`},
		{"/v1/subjects/search", `{"identifiers": [{"type": "email", "value": 5}]}`, `must be a string, not a number`},
		// The backend refuses the identifier itself.
		{"/v1/subjects/search", `{"identifiers": [{"type": "email", "value": "a@b.example"}, {"type": "shoe_size", "value": "44"}]}`,
			"identifiers[1] (shoe_size): unknown type"},
		{"/v1/subjects/search", `{"identifiers": [{"type": "email", "value": "no-at-sign"}]}`,
			"identifiers[0] (email): not an email address"},
	}
	for _, c := range cases {
		res, b := e.req("POST", c.path, c.body)
		wantStatus(t, res, b, http.StatusBadRequest, "bad_request")
		if msg := errMessage(t, b); !strings.Contains(msg, c.want) {
			t.Errorf("POST %s %s: message %q, want it to contain %q", c.path, c.body, msg, c.want)
		}
	}
	many := make([]Identifier, maxIdentifiers+1)
	for i := range many {
		many[i] = Identifier{Type: "email", Value: fmt.Sprintf("u%d@x.example", i)}
	}
	res, b := e.req("POST", "/v1/subjects/search", searchRequest{Identifiers: many})
	wantStatus(t, res, b, http.StatusBadRequest, "bad_request")

	for _, q := range []string{"limit=0", "limit=10001", "limit=-1", "limit=ten", "limit=1.5", "cursor=bm9wZQ", "limit=5&cursor=%zz"} {
		res, b := e.req("GET", "/v1/findings?"+q, nil)
		wantStatus(t, res, b, http.StatusBadRequest, "bad_request")
	}

	// A wrong Content-Type is tolerated when the body is JSON.
	p := e.b.write(t, "ok.txt", "mail jane.doe@example.com\n")
	res, b = e.req("POST", "/v1/scans", fmt.Sprintf(`{"paths": [%q]}`, p), "Content-Type", "text/plain")
	wantStatus(t, res, b, http.StatusAccepted, "")
}

func TestRouting(t *testing.T) {
	e := newEnv(t, nil)
	for _, p := range []string{"/", "/nope", "/v1/nope", "/v1/scans/a/b", "/v1", "/v2/scans"} {
		res, b := e.req("GET", p, nil)
		wantStatus(t, res, b, http.StatusNotFound, "not_found")
	}
	cases := []struct{ method, path, allow string }{
		{"GET", "/v1/scans", "POST"},
		{"DELETE", "/v1/scans/scan-1", "GET, HEAD"},
		{"PUT", "/v1/findings", "GET, HEAD"},
		{"GET", "/v1/subjects/search", "POST"},
		{"POST", "/healthz", "GET, HEAD"},
		{"DELETE", "/metrics", "GET, HEAD"},
	}
	for _, c := range cases {
		res, b := e.req(c.method, c.path, nil)
		wantStatus(t, res, b, http.StatusMethodNotAllowed, "method_not_allowed")
		if got := res.Header.Get("Allow"); got != c.allow {
			t.Errorf("%s %s: Allow %q, want %q", c.method, c.path, got, c.allow)
		}
	}
	// Unknown scan id.
	res, b := e.req("GET", "/v1/scans/no-such-scan", nil)
	wantStatus(t, res, b, http.StatusNotFound, "not_found")
}

func TestScanErrors(t *testing.T) {
	e := newEnv(t, nil)
	outside := t.TempDir() // not under the watched folder
	for _, paths := range [][]string{{outside}, {"/etc"}, {e.b.root + "/../x"}, {"relative/path"}} {
		res, b := e.req("POST", "/v1/scans", scanRequest{Paths: paths})
		wantStatus(t, res, b, http.StatusForbidden, "forbidden")
	}
	res, b := e.req("POST", "/v1/scans", scanRequest{Paths: []string{e.b.root + "/missing.csv"}})
	wantStatus(t, res, b, http.StatusNotFound, "not_found")
}

// csvRows returns a CSV of n people, each with an email and a phone.
func csvRows(n int) string {
	var sb strings.Builder
	sb.WriteString("id,email,phone\n")
	for i := range n {
		fmt.Fprintf(&sb, "%d,person%d@example.com,+44 20 7946 %04d\n", i+1, i, 100+i)
	}
	return sb.String()
}

func TestScanAndFindingsPaging(t *testing.T) {
	e := newEnv(t, nil)
	e.b.write(t, "crm/people.csv", csvRows(40))
	e.b.write(t, "crm/more.csv", csvRows(15))
	e.b.write(t, "logs/app.log", "login from 203.0.113.42 by ops@example.org\nnothing here\n")

	res, b := e.req("POST", "/v1/scans", scanRequest{Paths: []string{e.b.root}})
	wantStatus(t, res, b, http.StatusAccepted, "")
	var started map[string]any
	if err := json.Unmarshal(b, &started); err != nil {
		t.Fatal(err)
	}
	id, _ := started["id"].(string)
	if len(started) != 2 || id == "" || started["status"] != "done" {
		t.Fatalf("started: %s", b)
	}
	if loc := res.Header.Get("Location"); loc != "/v1/scans/"+id {
		t.Errorf("Location %q", loc)
	}

	res, b = e.req("GET", "/v1/scans/"+url.PathEscape(id), nil)
	wantStatus(t, res, b, http.StatusOK, "")
	var st ScanStatus
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	if st.ID != id || st.Status != "done" || st.Files != 3 || st.Bytes == 0 || st.Errors != 0 || st.Findings < 110 {
		t.Fatalf("scan status %+v", st)
	}

	all := findingsPages(t, e, "limit=10000")
	if len(all) != 1 {
		t.Fatalf("one page of 10000 came in %d pages", len(all))
	}
	full := all[0]
	if int64(len(full)) != st.Findings {
		t.Fatalf("%d findings served, scan found %d", len(full), st.Findings)
	}
	// The default page is 100.
	if def := findingsPages(t, e, ""); len(def) != (len(full)+99)/100 || len(def[0]) != 100 {
		t.Errorf("default paging: %d pages", len(def))
	}
	for _, limit := range []int{1, 7, 50, len(full), len(full) - 1} {
		pages := findingsPages(t, e, fmt.Sprintf("limit=%d", limit))
		var got []map[string]any
		for i, p := range pages {
			if len(p) > limit || (i < len(pages)-1 && len(p) != limit) {
				t.Errorf("limit %d: page %d has %d findings", limit, i, len(p))
			}
			got = append(got, p...)
		}
		if want := (len(full) + limit - 1) / limit; len(pages) != want {
			t.Errorf("limit %d: %d pages, want %d", limit, len(pages), want)
		}
		if !reflect.DeepEqual(got, full) {
			t.Errorf("limit %d: the pages differ from the full list", limit)
		}
	}

	// Filters: one file, one type, both paged.
	csvPath := e.b.root + "/crm/people.csv"
	var byPath []map[string]any
	for _, p := range findingsPages(t, e, "limit=9&path="+url.QueryEscape(csvPath)) {
		byPath = append(byPath, p...)
	}
	if len(byPath) != 80 {
		t.Errorf("path filter: %d findings, want 80", len(byPath))
	}
	for _, f := range byPath {
		if f["path"] != csvPath {
			t.Fatalf("path filter served %v", f["path"])
		}
	}
	var emails []map[string]any
	for _, p := range findingsPages(t, e, "limit=13&type=email") {
		emails = append(emails, p...)
	}
	if len(emails) != 40+15+1 {
		t.Errorf("type filter: %d emails", len(emails))
	}
	for _, f := range emails {
		if f["type"] != "email" {
			t.Fatalf("type filter served %v", f["type"])
		}
	}
	// A cursor of one path is refused for another.
	res, b = e.req("GET", "/v1/findings?limit=5", nil)
	var page findingsPage
	if err := json.Unmarshal(b, &page); err != nil {
		t.Fatal(err)
	}
	res, b = e.req("GET", "/v1/findings?limit=5&path="+url.QueryEscape(e.b.root+"/logs/app.log")+"&cursor="+page.NextCursor, nil)
	wantStatus(t, res, b, http.StatusBadRequest, "bad_request")
}

// findingsPages follows next_cursor from the first page of query and
// returns every page, checking that no finding holds a raw value.
func findingsPages(t *testing.T, e *testEnv, query string) [][]map[string]any {
	t.Helper()
	var pages [][]map[string]any
	cursor := ""
	for {
		q := query
		if cursor != "" {
			q += "&cursor=" + url.QueryEscape(cursor)
		}
		res, b := e.req("GET", "/v1/findings?"+q, nil)
		wantStatus(t, res, b, http.StatusOK, "")
		var page struct {
			Findings   []map[string]any `json:"findings"`
			NextCursor *string          `json:"next_cursor"`
		}
		if err := json.Unmarshal(b, &page); err != nil {
			t.Fatal(err)
		}
		if page.Findings == nil || page.NextCursor == nil {
			t.Fatalf("page without findings or next_cursor: %.200s", b)
		}
		for _, f := range page.Findings {
			noRawValue(t, f)
		}
		pages = append(pages, page.Findings)
		if *page.NextCursor == "" {
			return pages
		}
		if len(pages) > 10000 {
			t.Fatal("paging does not end")
		}
		cursor = *page.NextCursor
	}
}

// noRawValue checks that a served finding has no value and the fields of
// the contract.
func noRawValue(t *testing.T, f map[string]any) {
	t.Helper()
	if _, ok := f["value"]; ok {
		t.Fatalf("finding serves a raw value: %v", f)
	}
	for _, k := range []string{"path", "type", "category", "start", "end", "line", "confidence", "hash", "masked"} {
		if _, ok := f[k]; !ok {
			t.Fatalf("finding without %q: %v", k, f)
		}
	}
}

func TestSubjectSearch(t *testing.T) {
	e := newEnv(t, nil)
	csvPath := e.b.write(t, "crm/customers.csv",
		"id,name,email,phone,iban\n"+
			"1,Jane Doe,jane.doe@example.com,+44 20 7946 0958,DE89 3704 0044 0532 0130 00\n"+
			"2,John Roe,john.roe@example.org,+33 6 12 34 56 78,GB82WEST12345698765432\n")
	logPath := e.b.write(t, "logs/support.log",
		"ticket 1: nothing\nticket 2: contact jane.doe@example.com from 203.0.113.42\n")
	res, b := e.req("POST", "/v1/scans", scanRequest{Paths: []string{csvPath, logPath}})
	wantStatus(t, res, b, http.StatusAccepted, "")

	// Another case than the files': the backend normalizes.
	res, b = e.req("POST", "/v1/subjects/search", searchRequest{Identifiers: []Identifier{{Type: "email", Value: "Jane.Doe@Example.COM"}}})
	wantStatus(t, res, b, http.StatusOK, "")
	if bytes.Contains(b, []byte(`"value"`)) || bytes.Contains(b, []byte("jane.doe@example.com")) || bytes.Contains(b, []byte("7946 0958")) {
		t.Fatalf("search answer holds raw values: %s", b)
	}
	var sr struct {
		Findings []map[string]any `json:"findings"`
		Records  []struct {
			Path     string           `json:"path"`
			Record   *scanner.Record  `json:"record"`
			Line     int64            `json:"line"`
			Findings []map[string]any `json:"findings"`
		} `json:"records"`
	}
	if err := json.Unmarshal(b, &sr); err != nil {
		t.Fatal(err)
	}
	if len(sr.Findings) != 2 {
		t.Fatalf("%d occurrences, want 2 (CSV and log): %s", len(sr.Findings), b)
	}
	for _, f := range sr.Findings {
		noRawValue(t, f)
		if f["type"] != "email" {
			t.Errorf("occurrence of type %v", f["type"])
		}
	}
	// Files are listed in the order they were first indexed, which the
	// scanner's workers decide.
	if paths := []any{sr.Findings[0]["path"], sr.Findings[1]["path"]}; !slices.Contains(paths, any(csvPath)) || !slices.Contains(paths, any(logPath)) {
		t.Errorf("occurrences in %v, want %s and %s", paths, csvPath, logPath)
	}
	if len(sr.Records) != 2 {
		t.Fatalf("%d records, want 2: %s", len(sr.Records), b)
	}
	for i, r := range sr.Records {
		if r.Path != sr.Findings[i]["path"] {
			t.Errorf("record %d in %s, occurrence %d in %v: not in one order", i, r.Path, i, sr.Findings[i]["path"])
		}
	}
	if sr.Records[0].Path == logPath {
		sr.Records[0], sr.Records[1] = sr.Records[1], sr.Records[0]
	}
	row := sr.Records[0]
	if row.Path != csvPath || row.Record == nil || row.Record.Row != 1 {
		t.Fatalf("record %+v, want row 1 of %s", row, csvPath)
	}
	var types []string
	for _, f := range row.Findings {
		noRawValue(t, f)
		if rec, _ := f["record"].(map[string]any); rec == nil || rec["row"] != 1.0 {
			t.Errorf("record of row 1 holds %v", f)
		}
		types = append(types, f["type"].(string))
	}
	for _, want := range []string{"email", "phone", "iban"} {
		if !slices.Contains(types, want) {
			t.Errorf("row 1 has types %v, want %s among them", types, want)
		}
	}
	line := sr.Records[1]
	if line.Path != logPath || line.Record != nil || line.Line != 2 {
		t.Errorf("log record %+v, want line 2 of %s", line, logPath)
	}
	var lineTypes []string
	for _, f := range line.Findings {
		lineTypes = append(lineTypes, f["type"].(string))
	}
	if !slices.Contains(lineTypes, "ipv4") {
		t.Errorf("log line has types %v, want ipv4 among them", lineTypes)
	}

	// Nobody: empty arrays, not null.
	res, b = e.req("POST", "/v1/subjects/search", searchRequest{Identifiers: []Identifier{{Type: "email", Value: "nobody@example.net"}}})
	wantStatus(t, res, b, http.StatusOK, "")
	if strings.TrimSpace(string(b)) != `{"findings":[],"records":[]}` {
		t.Errorf("no match: %s", b)
	}
}

func TestRawValuesAreCleared(t *testing.T) {
	e := newEnv(t, func(b *testBackend) Backend { return leakyBackend{b} })
	p := e.b.write(t, "a.csv", "id,email\n1,jane.doe@example.com\n")
	res, b := e.req("POST", "/v1/scans", scanRequest{Paths: []string{p}})
	wantStatus(t, res, b, http.StatusAccepted, "")
	res, b = e.req("GET", "/v1/findings", nil)
	wantStatus(t, res, b, http.StatusOK, "")
	if bytes.Contains(b, []byte("LEAKED")) || !bytes.Contains(b, []byte(`"email"`)) {
		t.Errorf("findings: %s", b)
	}
	res, b = e.req("POST", "/v1/subjects/search", searchRequest{Identifiers: []Identifier{{Type: "email", Value: "jane.doe@example.com"}}})
	wantStatus(t, res, b, http.StatusOK, "")
	if bytes.Contains(b, []byte("LEAKED")) || !bytes.Contains(b, []byte(`"email"`)) {
		t.Errorf("search: %s", b)
	}
}

func TestInternalErrors(t *testing.T) {
	e := newEnv(t, func(b *testBackend) Backend { return failingBackend{b} })
	res, b := e.req("GET", "/v1/findings?type=email&path=/secret/jane.csv", nil)
	wantStatus(t, res, b, http.StatusInternalServerError, "internal")
	if bytes.Contains(b, []byte("disk on fire")) {
		t.Errorf("the client sees the internal error: %s", b)
	}
	logs := e.logs.String()
	if !strings.Contains(logs, "disk on fire") || !strings.Contains(logs, `"level":"ERROR"`) {
		t.Errorf("the log misses the internal error: %s", logs)
	}
	if strings.Contains(logs, "jane") || strings.Contains(logs, "/secret") {
		t.Errorf("the log holds request values: %s", logs)
	}

	e = newEnv(t, func(b *testBackend) Backend { return panickyBackend{b} })
	res, b = e.req("GET", "/v1/scans/x", nil)
	wantStatus(t, res, b, http.StatusInternalServerError, "internal")
	if !strings.Contains(e.logs.String(), "panic") {
		t.Errorf("the panic is not logged: %s", e.logs.String())
	}
	// The server goes on.
	res, b = e.req("GET", "/healthz", nil)
	wantStatus(t, res, b, http.StatusOK, "")

	// A closed index: unavailable, not internal.
	e = newEnv(t, nil)
	if err := e.b.ix.Close(); err != nil {
		t.Fatal(err)
	}
	res, b = e.req("GET", "/v1/findings", nil)
	wantStatus(t, res, b, http.StatusServiceUnavailable, "unavailable")
}

func TestRequestLog(t *testing.T) {
	e := newEnv(t, nil)
	p := e.b.write(t, "people/jane.csv", "id,email\n1,jane.doe@example.com\n")
	e.req("POST", "/v1/scans", scanRequest{Paths: []string{p}})
	e.req("POST", "/v1/subjects/search", searchRequest{Identifiers: []Identifier{{Type: "email", Value: "jane.doe@example.com"}}})
	e.req("GET", "/v1/findings?path="+url.QueryEscape(p)+"&type=email", nil)
	e.req("GET", "/v1/scans/scan-1", nil)
	e.req("GET", "/v1/no/jane.doe", nil)

	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(e.logs.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		lines = append(lines, m)
	}
	wantRoutes := []string{"POST /v1/scans", "POST /v1/subjects/search", "GET /v1/findings", "GET /v1/scans/{id}", unmatched}
	if len(lines) != len(wantRoutes) {
		t.Fatalf("%d log lines, want one per request: %s", len(lines), e.logs.String())
	}
	for i, l := range lines {
		if l["msg"] != "http request" || l["level"] != "INFO" || l["route"] != wantRoutes[i] {
			t.Errorf("log line %v, want route %q", l, wantRoutes[i])
		}
		for _, k := range []string{"method", "status", "duration", "bytes"} {
			if _, ok := l[k]; !ok {
				t.Errorf("log line without %s: %v", k, l)
			}
		}
	}
	if logs := e.logs.String(); strings.Contains(logs, "jane") || strings.Contains(logs, "scan-1") || strings.Contains(logs, "people") {
		t.Errorf("the log holds request values: %s", logs)
	}
}

func TestMetrics(t *testing.T) {
	e := newEnv(t, nil)
	p := e.b.write(t, "a.csv", csvRows(3))
	e.req("POST", "/v1/scans", scanRequest{Paths: []string{p}})
	for _, id := range []string{"scan-1", "scan-2", "zzz"} {
		e.req("GET", "/v1/scans/"+id, nil)
	}
	e.req("GET", "/v1/findings?limit=2", nil)
	e.req("GET", "/no/such/route", nil)
	e.req("GET", "/v1/findings", nil, "Authorization", "")

	res, b := e.req("GET", "/metrics", nil, "Authorization", "")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("metrics: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	text := string(b)
	for _, want := range []string{
		`piid_http_requests_total{code="202",route="POST /v1/scans"} 1`,
		`piid_http_requests_total{code="200",route="GET /v1/scans/{id}"} 1`,
		`piid_http_requests_total{code="404",route="GET /v1/scans/{id}"} 2`,
		`piid_http_requests_total{code="200",route="GET /v1/findings"} 1`,
		`piid_http_requests_total{code="401",route="GET /v1/findings"} 1`,
		`piid_http_requests_total{code="404",route="unmatched"} 1`,
		`piid_http_request_duration_seconds_count{route="GET /v1/scans/{id}"} 3`,
		`piid_http_request_duration_seconds_bucket{route="POST /v1/scans",le="+Inf"} 1`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics miss %s:\n%s", want, text)
		}
	}
	for _, raw := range []string{"scan-1", "zzz", "/no/such", "limit"} {
		if strings.Contains(text, raw) {
			t.Errorf("a raw URL part %q is in the metrics", raw)
		}
	}

	problems, err := testutil.GatherAndLint(e.reg)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("lint: %s: %s", p.Metric, p.Text)
	}
	mfs, err := e.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, mf := range mfs {
		names = append(names, mf.GetName())
	}
	if want := []string{"piid_http_request_duration_seconds", "piid_http_requests_total"}; !slices.Equal(names, want) {
		t.Errorf("registered %v, want only %v", names, want)
	}
	if n := testutil.CollectAndCount(e.s.metrics.requests); n < 6 {
		t.Errorf("%d request series", n)
	}
}

// TestServeOpenAPI checks GET /openapi.yaml serves the embedded file.
func TestServeOpenAPI(t *testing.T) {
	e := newEnv(t, nil)
	res, b := e.req("GET", "/openapi.yaml", nil, "Authorization", "")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/yaml" || !bytes.Equal(b, OpenAPI()) {
		t.Errorf("openapi.yaml: %d %q, %d bytes", res.StatusCode, res.Header.Get("Content-Type"), len(b))
	}
}
