package dsar

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/piid/piid/dsar/audit"
	"github.com/piid/piid/dsar/internal/indextest"
	"github.com/piid/piid/index"
	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
	"github.com/piid/piid/scanner/confine"
)

func TestAddMonths(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2026-01-31T10:00:00Z", "2026-02-28T10:00:00Z"},
		{"2028-01-31T10:00:00Z", "2028-02-29T10:00:00Z"}, // leap year
		{"2026-03-31T00:00:00Z", "2026-04-30T00:00:00Z"},
		{"2026-12-15T08:30:00Z", "2027-01-15T08:30:00Z"},
		{"2026-02-28T00:00:00Z", "2026-03-28T00:00:00Z"},
	} {
		in, _ := time.Parse(time.RFC3339, tc.in)
		if got := AddMonths(in, 1).Format(time.RFC3339); got != tc.want {
			t.Errorf("%s + 1 month = %s, want %s", tc.in, got, tc.want)
		}
	}
	in, _ := time.Parse(time.RFC3339, "2026-11-30T00:00:00Z")
	if got := AddMonths(in, 3).Format("2006-01-02"); got != "2027-02-28" {
		t.Errorf("30 Nov + 3 months = %s", got)
	}
}

func TestDaysLeft(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		due  time.Duration
		want int
	}{{2 * time.Hour, 1}, {24 * time.Hour, 1}, {25 * time.Hour, 2}, {0, 0}, {-2 * time.Hour, -1}, {-49 * time.Hour, -3}} {
		if got := DaysLeft(now, now.Add(tc.due)); got != tc.want {
			t.Errorf("due in %v: %d days left, want %d", tc.due, got, tc.want)
		}
	}
}

// fixture is a service over a real index holding real files.
type fixture struct {
	svc   *Service
	ix    *index.Index
	sc    *scanner.Scanner
	audit *audit.Log
	dir   string
	now   time.Time
}

func newFixture(t *testing.T, inv []InventoryEntry) *fixture {
	t.Helper()
	cat, err := (&patterns.Config{}).NewCatalog([]byte("test key of the dsar tests, 32b!"), nil)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(index.DefaultOptions(filepath.Join(t.TempDir(), "index")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	data := t.TempDir()
	al, err := audit.Open(filepath.Join(data, "audit"), cat.Hasher().Derive("audit chain v1"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { al.Close() })
	f := &fixture{ix: ix, sc: scanner.New(cat, scanner.Options{MinConfidence: 0.5, Reveal: true}), audit: al, dir: data,
		now: time.Date(2026, 1, 31, 9, 0, 0, 0, time.UTC)}
	compiled, err := NewInventory(inv)
	if err != nil {
		t.Fatal(err)
	}
	f.svc, err = New(Options{Dir: filepath.Join(data, "requests"), Index: ix, Scanner: f.sc, Audit: al, Inventory: compiled,
		Now: func() time.Time { return f.now }})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// index scans and commits files as the daemon does.
func (f *fixture) index(t *testing.T, paths ...string) {
	t.Helper()
	indextest.Index(t, f.ix, f.sc, nil, paths...)
}

func write(t *testing.T, path, data string) string {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLifecycleAndDeadline(t *testing.T) {
	f := newFixture(t, nil)
	v, err := f.svc.Create(CreateInput{Name: "Anna Rossi", Identifiers: []Identifier{{"email", "Anna.Rossi@Example.IT"}}}, "alice")
	if err != nil {
		t.Fatal(err)
	}
	// Received 31 January: due the last day of February.
	if v.Status != Received || v.DueAt.Format(time.RFC3339) != "2026-02-28T09:00:00Z" || v.DaysLeft != 28 {
		t.Fatalf("created: %+v", v)
	}
	if v.Subject.Name != "A*** R****" || v.Subject.Identifiers[0].Masked == "" || strings.Contains(v.Subject.Identifiers[0].Masked, "anna") {
		t.Fatalf("subject not masked: %+v", v.Subject)
	}
	// Identity verification pauses the clock: three days in it move the
	// due date three days.
	if _, err := f.svc.Transition(v.ID, IdentityVerification, "alice", ""); err != nil {
		t.Fatal(err)
	}
	f.now = f.now.Add(72 * time.Hour)
	v, err = f.svc.Transition(v.ID, InProgress, "bob", "passport checked")
	if err != nil {
		t.Fatal(err)
	}
	if v.DueAt.Format(time.RFC3339) != "2026-03-03T09:00:00Z" {
		t.Fatalf("paused 3 days: due %s", v.DueAt)
	}
	// One extension, at most two months, with a reason.
	if _, err := f.svc.Extend(v.ID, 3, "bob", "complex"); err == nil {
		t.Fatal("a 3-month extension was accepted")
	}
	if _, err := f.svc.Extend(v.ID, 2, "bob", ""); err == nil {
		t.Fatal("an extension without reason was accepted")
	}
	v, err = f.svc.Extend(v.ID, 2, "bob", "many systems to search")
	if err != nil {
		t.Fatal(err)
	}
	if v.DueAt.Format(time.RFC3339) != "2026-05-03T09:00:00Z" {
		t.Fatalf("extended: due %s", v.DueAt)
	}
	if _, err := f.svc.Extend(v.ID, 1, "bob", "again"); err == nil {
		t.Fatal("a second extension was accepted")
	}
	var te *TransitionError
	if _, err := f.svc.Transition(v.ID, Received, "bob", ""); !errors.As(err, &te) {
		t.Fatalf("back to received: %v", err)
	}
	if _, err := f.svc.Transition(v.ID, Refused, "bob", ""); err == nil {
		t.Fatal("a refusal without reason was accepted")
	}
	v, err = f.svc.Transition(v.ID, Completed, "bob", "")
	if err != nil || v.Status != Completed || len(v.History) != 4 {
		t.Fatalf("completed: %+v %v", v, err)
	}
	if v.History[2].Actor != "bob" || v.History[2].Reason != "passport checked" || v.History[2].From != IdentityVerification {
		t.Fatalf("history: %+v", v.History)
	}
	if _, err := f.svc.Transition(v.ID, InProgress, "bob", ""); !errors.As(err, &te) {
		t.Fatal("a completed request moved")
	}
	// Every change is in the audit trail, which verifies.
	res, _ := f.audit.Verify()
	if !res.OK || res.Events != 5 {
		t.Fatalf("audit: %+v", res)
	}
}

func TestInvalidIdentifiersAreNamed(t *testing.T) {
	f := newFixture(t, nil)
	for _, tc := range []struct {
		ids  []Identifier
		want string
	}{
		{[]Identifier{{"email", "a@b.co"}, {"email", "not-an-email"}}, "subject.identifiers[1]: not a valid email"},
		{[]Identifier{{"iban", "DE89 3704 0044 0532 0130 01"}}, "subject.identifiers[0]: not a valid iban"},
		{[]Identifier{{"shoe_size", "42"}}, `unknown type "shoe_size"`},
		{nil, "at least one identifier"},
	} {
		_, err := f.svc.Create(CreateInput{Name: "X Y", Identifiers: tc.ids}, "a")
		var ie *InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: got %v, want %q", tc.ids, err, tc.want)
		}
	}
	if _, err := f.svc.Create(CreateInput{Name: "X Y", Identifiers: []Identifier{{"iban", "DE89 3704 0044 0532 0130 00"}}}, "a"); err != nil {
		t.Errorf("a valid IBAN was refused: %v", err)
	}
}

func TestStoreIsSealedAndReopens(t *testing.T) {
	f := newFixture(t, nil)
	v, err := f.svc.Create(CreateInput{Name: "Greta Vogel", Identifiers: []Identifier{{"email", "greta.vogel@example.de"}, {"phone", "+49 30 1234567"}}}, "a")
	if err != nil {
		t.Fatal(err)
	}
	filepath.Walk(f.dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			b, _ := os.ReadFile(p)
			for _, raw := range []string{"greta", "Greta", "Vogel", "1234567"} {
				if bytes.Contains(b, []byte(raw)) {
					t.Errorf("%s holds %q", filepath.Base(p), raw)
				}
			}
		}
		return nil
	})
	again, err := New(Options{Dir: filepath.Join(f.dir, "requests"), Index: f.ix, Scanner: f.sc, Audit: f.audit, Now: func() time.Time { return f.now }})
	if err != nil {
		t.Fatal(err)
	}
	got, err := again.Get(v.ID)
	if err != nil || got.DueAt != v.DueAt || got.Subject.Name != v.Subject.Name {
		t.Fatalf("reopened: %+v %v", got, err)
	}
	// A file moved under another id does not open.
	os.Rename(filepath.Join(f.dir, "requests", v.ID+".json"), filepath.Join(f.dir, "requests", "dsar-x.json"))
	b, _ := os.ReadFile(filepath.Join(f.dir, "requests", "dsar-x.json"))
	os.WriteFile(filepath.Join(f.dir, "requests", "dsar-x.json"), bytes.Replace(b, []byte(v.ID), []byte("dsar-x"), 1), 0o600)
	if _, err := New(Options{Dir: filepath.Join(f.dir, "requests"), Index: f.ix, Scanner: f.sc, Audit: f.audit}); err == nil {
		t.Fatal("a file relabelled with another id opened")
	}
}

func TestListOverdueFirst(t *testing.T) {
	f := newFixture(t, nil)
	old, _ := f.svc.Create(CreateInput{Name: "A B", Identifiers: []Identifier{{"email", "a@example.com"}}, ReceivedAt: f.now.AddDate(0, -2, 0)}, "a")
	recent, _ := f.svc.Create(CreateInput{Name: "C D", Identifiers: []Identifier{{"email", "c@example.com"}}}, "a")
	soon, _ := f.svc.Create(CreateInput{Name: "E F", Identifiers: []Identifier{{"email", "e@example.com"}}, ReceivedAt: f.now.AddDate(0, 0, -25)}, "a")
	done, _ := f.svc.Create(CreateInput{Name: "G H", Identifiers: []Identifier{{"email", "g@example.com"}}}, "a")
	f.svc.Transition(done.ID, InProgress, "a", "")
	f.svc.Transition(done.ID, Completed, "a", "")
	l := f.svc.List(false)
	if len(l) != 3 || l[0].ID != old.ID || !l[0].Overdue || l[1].ID != soon.ID || l[2].ID != recent.ID {
		t.Fatalf("list: %+v", l)
	}
	if _, err := f.svc.Create(CreateInput{Name: "I J", Identifiers: []Identifier{{"email", "i@example.com"}}, ReceivedAt: f.now.Add(time.Hour)}, "a"); err == nil {
		t.Fatal("received_at in the future was accepted")
	}
}

func TestReport(t *testing.T) {
	root := t.TempDir()
	f := newFixture(t, []InventoryEntry{
		{Name: "Customer accounts", Categories: []string{"contact"}, Purposes: []string{"contract performance"}, LegalBasis: "Art. 6(1)(b)",
			Recipients: []string{"payment processor"}, Retention: "6 years after the contract ends", Source: "the subject"},
		{Name: "Web logs", Paths: []string{"**/logs/*.log"}, Purposes: []string{"security"}, LegalBasis: "Art. 6(1)(f)", Retention: "90 days"},
	})
	csvPath := write(t, filepath.Join(root, "crm", "customers.csv"),
		"id,name,email,phone,referrer_email,date_of_birth\n"+
			"1,Anna Rossi,anna.rossi@example.it,+39 06 1234 5678,marco.bianchi@example.it,1985-03-12\n"+
			"2,Marco Bianchi,marco.bianchi@example.it,+39 02 8765 4321,,1979-11-02\n")
	jsonl := write(t, filepath.Join(root, "events", "signup.jsonl"),
		`{"event":"signup","user":{"email":"anna.rossi@example.it","ip":"203.0.113.7"}}`+"\n"+
			`{"event":"signup","user":{"email":"other.person@example.com","ip":"198.51.100.1"}}`+"\n")
	sql := write(t, filepath.Join(root, "dumps", "shop.sql"),
		"CREATE TABLE customers (id int, email text, iban text);\n"+
			"INSERT INTO customers VALUES (1,'anna.rossi@example.it','IT60X0542811101000000123456'),(2,'zoe@example.org','DE89370400440532013000');\n")
	logPath := write(t, filepath.Join(root, "logs", "app.log"),
		"2026-01-02T10:00:00Z INFO login user=anna.rossi@example.it from 203.0.113.7\n"+
			"2026-01-02T10:01:00Z INFO login user=marco.bianchi@example.it\n"+
			"2026-01-02T10:02:00Z INFO password reset for anna.rossi@example.it by support agent luca.verdi@example.it\n")
	gone := write(t, filepath.Join(root, "old", "export.csv"), "email\nanna.rossi@example.it\n")
	f.index(t, csvPath, jsonl, sql, logPath, gone)
	os.Remove(gone)
	// The log changes after indexing: the report re-reads it.
	os.WriteFile(logPath, []byte("2026-01-03T09:00:00Z INFO logout user=anna.rossi@example.it\n"+
		"2026-01-02T10:00:00Z INFO login user=anna.rossi@example.it from 203.0.113.7\n"), 0o644)

	v, err := f.svc.Create(CreateInput{Name: "Anna Rossi", Identifiers: []Identifier{{"email", "anna.rossi@example.it"}}}, "alice")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := f.svc.Report(context.Background(), v.ID, ReportOptions{}, "json", "alice")
	if err != nil {
		t.Fatal(err)
	}
	byFile := map[string][]ReportRecord{}
	for _, r := range rep.Records {
		byFile[filepath.Base(r.Path)] = append(byFile[filepath.Base(r.Path)], r)
	}
	// CSV: row 1 only, with all its PII; the referrer's email is masked,
	// the subject's phone, name and date of birth are in clear.
	rows := byFile["customers.csv"]
	if len(rows) != 1 || rows[0].Record == nil || rows[0].Record.Row != 1 {
		t.Fatalf("csv records: %+v", rows)
	}
	vals := map[string]ReportValue{}
	for _, x := range rows[0].Values {
		vals[x.Field] = x
	}
	if vals["email"].Value != "anna.rossi@example.it" || !vals["email"].Subject {
		t.Errorf("email: %+v", vals["email"])
	}
	if vals["phone"].Value != "+39 06 1234 5678" || vals["name"].Value != "Anna Rossi" || vals["date_of_birth"].Value != "1985-03-12" {
		t.Errorf("the subject's other values: %+v", vals)
	}
	if r := vals["referrer_email"]; r.Subject || r.Value != "" || r.Masked == "" {
		t.Errorf("another person's email not masked: %+v", r)
	}
	if len(byFile["signup.jsonl"]) != 1 || byFile["signup.jsonl"][0].Record.Row != 1 {
		t.Errorf("jsonl: %+v", byFile["signup.jsonl"])
	}
	if s := byFile["shop.sql"]; len(s) != 1 || s[0].Record.Table != "customers" || len(s[0].Values) != 2 {
		t.Errorf("sql: %+v", s)
	}
	// The log was re-read: two lines now hold the subject's email (the
	// line that named the support agent is gone).
	if l := byFile["app.log"]; len(l) != 2 || l[0].Line != 1 || l[1].Line != 2 {
		t.Errorf("log: %+v", l)
	}
	status := map[string]string{}
	for _, fl := range rep.Files {
		status[filepath.Base(fl.Path)] = fl.Status
	}
	if status["app.log"] != "changed" || status["export.csv"] != "gone" || status["customers.csv"] != "current" {
		t.Errorf("file status: %+v", status)
	}
	// Context: contact is documented by category; online identifiers (the
	// IP) by the log's path; the financial IBAN of the SQL row is not.
	ctx := map[string]Context{}
	for _, c := range rep.Categories {
		ctx[c.Category] = c
	}
	if c := ctx["contact"]; c.Undocumented || len(c.Processing) == 0 || c.Processing[0].LegalBasis != "Art. 6(1)(b)" {
		t.Errorf("contact: %+v", c)
	}
	if c, ok := ctx["financial"]; !ok || !c.Undocumented {
		t.Errorf("financial should be listed as undocumented: %+v", ctx)
	}
	if rep.Subject.Identifiers[0].Occurrences != 5 {
		t.Errorf("occurrences: %+v", rep.Subject.Identifiers)
	}

	// No one else's raw value in any format.
	for _, format := range Formats {
		var buf bytes.Buffer
		if err := rep.Render(&buf, format); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if format == "html" {
			out = html.UnescapeString(out)
		}
		for _, other := range []string{"marco.bianchi@example.it", "other.person@example.com", "zoe@example.org", "DE89370400440532013000", "luca.verdi", "1979-11-02", "8765 4321"} {
			if strings.Contains(out, other) {
				t.Errorf("%s report holds %q", format, other)
			}
		}
		for _, mine := range []string{"anna.rossi@example.it", "+39 06 1234 5678", "IT60X0542811101000000123456"} {
			if !strings.Contains(out, mine) {
				t.Errorf("%s report lacks the subject's %q", format, mine)
			}
		}
		switch format {
		case "csv":
			recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil || len(recs) < 8 || recs[0][0] != "path" {
				t.Errorf("csv: %d rows %v", len(recs), err)
			}
		case "json":
			var back Report
			if err := json.Unmarshal(buf.Bytes(), &back); err != nil || len(back.Records) != len(rep.Records) {
				t.Errorf("json: %v", err)
			}
		case "html":
			if !strings.Contains(out, "Art. 6(1)(b)") || !strings.Contains(out, "Dear Anna Rossi") || !strings.Contains(out, "No entry of our data inventory") {
				t.Errorf("html lacks the context")
			}
		}
	}
	if res, _ := f.audit.Verify(); !res.OK || res.Events != 2 {
		t.Fatalf("audit after a report: %+v", res)
	}
}

func TestReportExpansion(t *testing.T) {
	root := t.TempDir()
	f := newFixture(t, nil)
	crm := write(t, filepath.Join(root, "crm.csv"), "email,phone\nanna.rossi@example.it,+39 06 1234 5678\n")
	calls := write(t, filepath.Join(root, "calls.csv"), "caller,duration\n+39 06 1234 5678,300\n")
	f.index(t, crm, calls)
	v, _ := f.svc.Create(CreateInput{Name: "Anna Rossi", Identifiers: []Identifier{{"email", "anna.rossi@example.it"}}}, "a")
	plain, err := f.svc.Report(context.Background(), v.ID, ReportOptions{}, "json", "a")
	if err != nil || len(plain.Records) != 1 {
		t.Fatalf("without expansion: %+v %v", plain, err)
	}
	wide, err := f.svc.Report(context.Background(), v.ID, ReportOptions{Expand: true}, "json", "a")
	if err != nil || len(wide.Records) != 2 || len(wide.Expansion) != 1 || wide.Expansion[0].Type != "phone" {
		t.Fatalf("with expansion: %+v %v", wide, err)
	}
	for _, r := range wide.Records {
		if (filepath.Base(r.Path) == "calls.csv") != r.Expansion {
			t.Errorf("expansion mark: %s %v", r.Path, r.Expansion)
		}
	}
}

func TestNotices(t *testing.T) {
	f := newFixture(t, nil)
	var got []Notice
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n Notice
		json.NewDecoder(r.Body).Decode(&n)
		got = append(got, n)
	}))
	defer hook.Close()
	n := Notifier{URL: hook.URL, Within: 3, Client: hook.Client()}
	v, _ := f.svc.Create(CreateInput{Name: "A B", Identifiers: []Identifier{{"email", "a@example.com"}}}, "a")
	f.svc.notifyOnce(context.Background(), n)
	if len(got) != 0 {
		t.Fatalf("a fresh request notified: %+v", got)
	}
	f.now = v.DueAt.Add(-48 * time.Hour)
	f.svc.notifyOnce(context.Background(), n)
	f.svc.notifyOnce(context.Background(), n)
	if len(got) != 1 || got[0].Event != "dsar.due_soon" || got[0].DaysLeft != 2 || !strings.Contains(got[0].Text, v.ID) {
		t.Fatalf("due soon: %+v", got)
	}
	f.now = v.DueAt.Add(time.Hour)
	f.svc.notifyOnce(context.Background(), n)
	f.svc.notifyOnce(context.Background(), n)
	if len(got) != 2 || got[1].Event != "dsar.overdue" {
		t.Fatalf("overdue: %+v", got)
	}
	// A closed request is not chased.
	f.svc.Transition(v.ID, Refused, "a", "manifestly unfounded")
	f.now = f.now.Add(24 * time.Hour)
	f.svc.notifyOnce(context.Background(), n)
	if len(got) != 2 {
		t.Fatalf("closed: %+v", got)
	}
}

func TestGlobs(t *testing.T) {
	for _, tc := range []struct {
		glob, path string
		want       bool
	}{
		{"**/dumps/*.sql", "/srv/data/dumps/a.sql", true},
		{"**/dumps/*.sql", "/srv/data/dumps/x/a.sql", false},
		{"*.csv", "/srv/exports/customers.csv", true},
		{"/srv/exports/*", "/srv/exports/customers.csv", true},
		{"/srv/exports/*", "/srv/exports/deep/customers.csv", false},
		{"/srv/**", "/srv/exports/deep/customers.csv", true},
		{"crm-[0-9].csv", "/a/crm-7.csv", true},
		{"crm-[!0-9].csv", "/a/crm-7.csv", false},
		{"a.b", "/x/axb", false},
	} {
		re, err := compileGlob(tc.glob)
		if err != nil {
			t.Fatal(err)
		}
		if got := re.Match(tc.path); got != tc.want {
			t.Errorf("%s ~ %s: %v", tc.glob, tc.path, got)
		}
	}
}

// Names in the subject's record: the subject's words in clear, others'
// masked.
func TestReportNames(t *testing.T) {
	root := t.TempDir()
	f := newFixture(t, nil)
	p := write(t, filepath.Join(root, "c.csv"), "first_name,last_name,email,contact_person\nAnna,Rossi,anna.rossi@example.it,Marco Rossi\n")
	f.index(t, p)
	v, _ := f.svc.Create(CreateInput{Name: "Anna Rossi", Identifiers: []Identifier{{"email", "anna.rossi@example.it"}}}, "a")
	rep, err := f.svc.Report(context.Background(), v.ID, ReportOptions{}, "json", "a")
	if err != nil || len(rep.Records) != 1 {
		t.Fatalf("%+v %v", rep, err)
	}
	got := map[string]string{}
	for _, x := range rep.Records[0].Values {
		got[x.Field] = x.Value + "|" + x.Masked
	}
	if !strings.HasPrefix(got["first_name"], "Anna|") || !strings.HasPrefix(got["last_name"], "Rossi|") {
		t.Errorf("the subject's names: %v", got)
	}
	if c, ok := got["contact_person"]; ok && !strings.HasPrefix(c, "|") {
		t.Errorf("another person's name in clear: %v", got)
	}
}

// A JSON document of several people: only the subject's array element is
// shown in clear, and expansion does not reach the others.
func TestReportJSONDocumentOfSeveral(t *testing.T) {
	root := t.TempDir()
	f := newFixture(t, nil)
	p := write(t, filepath.Join(root, "export.json"), `{"customers": [`+
		`{"email": "anna.rossi@example.it", "phone": "+39 06 1234 5678", "iban": "IT60X0542811101000000123456"},`+
		`{"email": "marco.bianchi@example.it", "phone": "+44 20 7946 0123", "iban": "DE89370400440532013000"}]}`)
	f.index(t, p)
	v, _ := f.svc.Create(CreateInput{Name: "Anna Rossi", Identifiers: []Identifier{{"email", "anna.rossi@example.it"}}}, "a")
	rep, err := f.svc.Report(context.Background(), v.ID, ReportOptions{Expand: true}, "json", "a")
	if err != nil || len(rep.Records) != 1 {
		t.Fatalf("%+v %v", rep, err)
	}
	var b bytes.Buffer
	rep.Render(&b, "json")
	for _, other := range []string{"marco.bianchi", "7946 0123", "DE89370400440532013000"} {
		if strings.Contains(b.String(), other) {
			t.Errorf("another customer's %q in clear", other)
		}
	}
	for _, mine := range []string{"+39 06 1234 5678", "IT60X0542811101000000123456"} {
		if !strings.Contains(b.String(), mine) {
			t.Errorf("the subject's %q missing", mine)
		}
	}
	for _, e := range rep.Expansion {
		if e.Type == "email" {
			t.Errorf("expansion reached another customer: %+v", rep.Expansion)
		}
	}
}

// A folder swapped for a link after indexing: the report reads nothing
// through it (the file is unreadable, with the reason), so nothing outside
// the watched folders reaches a report.
func TestReportReadsNothingThroughALink(t *testing.T) {
	base := t.TempDir()
	watched, outside := filepath.Join(base, "watched"), filepath.Join(base, "outside")
	const row = "id,email,phone\n1,anna.rossi@example.it,+39 06 1234 5678\n"
	p := write(t, filepath.Join(watched, "crm", "customers.csv"), row)
	write(t, filepath.Join(outside, "customers.csv"), row+"2,anna.rossi@example.it,IT60X0542811101000000123456\n")
	f := newFixture(t, nil)
	f.index(t, p)
	roots, err := confine.New([]string{watched}, false)
	if err != nil {
		t.Fatal(err)
	}
	f.svc.roots = roots
	v, _ := f.svc.Create(CreateInput{Name: "Anna Rossi", Identifiers: []Identifier{{"email", "anna.rossi@example.it"}}}, "a")
	rep, err := f.svc.Report(context.Background(), v.ID, ReportOptions{}, "json", "a")
	if err != nil || len(rep.Records) != 1 || rep.Files[0].Status != "current" {
		t.Fatalf("before the swap: %+v %v", rep, err)
	}
	if err := os.Rename(filepath.Join(watched, "crm"), filepath.Join(base, "moved")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(watched, "crm")); err != nil {
		t.Fatal(err)
	}
	rep, err = f.svc.Report(context.Background(), v.ID, ReportOptions{}, "json", "a")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Records) != 0 || len(rep.Files) != 1 || rep.Files[0].Status != "unreadable" || !strings.Contains(rep.Files[0].Note, "symbolic link") {
		t.Fatalf("through the link: %+v", rep)
	}
}
