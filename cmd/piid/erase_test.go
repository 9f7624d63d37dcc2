package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	eraseHeader = "id,name,email,phone\n"
	eraseOther  = "2,Marco Bianchi,marco.bianchi@example.it,+39 02 8765 4321\n"
	eraseAnna   = "1,Anna Rossi,anna.rossi@example.it,+39 06 1234 5678\n"
)

type erasureView struct {
	ID          string
	Status      string
	Manual      []string
	Plan        []struct{ Path, Type, Action string }
	Results     []struct{ Path, Status string }
	Identifiers []struct{ Hash string }
}

func (d *daemon) erasure(id string) erasureView {
	d.t.Helper()
	code, body := d.do("GET", "/v1/erasures/"+id, "", "")
	if code != 200 {
		d.t.Fatalf("erasure %s: %d %s", id, code, body)
	}
	var e erasureView
	json.Unmarshal(body, &e)
	return e
}

func (d *daemon) plan(strategy string, dryRun bool) (int, erasureView) {
	d.t.Helper()
	code, body := d.do("POST", "/v1/erasures", fmt.Sprintf(`{"identifiers": [{"type": "email", "value": "anna.rossi@example.it"}, {"type": "phone", "value": "+39 06 1234 5678"}], "strategy": %q, "dry_run": %v}`, strategy, dryRun), "")
	var e erasureView
	json.Unmarshal(body, &e)
	if code/100 != 2 {
		d.t.Fatalf("plan: %d %s", code, body)
	}
	return code, e
}

func gzipped(s string) string {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.String()
}

func readGunzip(t *testing.T, p string) string {
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	return string(b)
}

func TestErasureEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the daemon")
	}
	root := t.TempDir()
	watch := filepath.Join(root, "watched")
	data := filepath.Join(root, "data")
	csvP := filepath.Join(watch, "crm", "customers.csv")
	jsonl := filepath.Join(watch, "events", "signup.jsonl")
	logP := filepath.Join(watch, "logs", "app.log")
	gz := filepath.Join(watch, "exports", "2025.csv.gz")
	orig := map[string]string{
		csvP:  eraseHeader + eraseAnna + eraseOther,
		jsonl: `{"user":{"email":"marco.bianchi@example.it"}}` + "\n" + `{"user":{"email":"anna.rossi@example.it","plan":"pro"}}` + "\n",
		logP:  "10:00 login user=anna.rossi@example.it ok\n10:01 login user=marco.bianchi@example.it ok\n",
		gz:    gzipped(eraseHeader + eraseOther + eraseAnna),
	}
	for p, c := range orig {
		writeFile(t, p, c)
	}
	var (
		hookMu  sync.Mutex
		notices []string
	)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		hookMu.Lock()
		notices = append(notices, string(b))
		hookMu.Unlock()
	}))
	defer hook.Close()
	config := filepath.Join(root, "piid.yaml")
	writeFile(t, config, "erasure:\n  replan_on_resurface: true\ndsar:\n  webhook_url: "+hook.URL+"\n")
	d := startDaemonOpts(t, watch, data, true, "--config", config, "--erasure-grace", "0s")
	d.waitFor("the four files indexed", func() bool { return len(d.search("email", "anna.rossi@example.it").Findings) == 4 })
	unchanged := func(what string) {
		t.Helper()
		for p, c := range orig {
			if b, _ := os.ReadFile(p); string(b) != c {
				t.Fatalf("%s changed %s", what, p)
			}
		}
	}

	// A dry run plans and changes nothing; so does a rejected erasure.
	code, dry := d.plan("redact", true)
	if code != 201 || dry.Status != "dry_run" || dry.ID != "" || len(dry.Plan) != 6 {
		t.Fatalf("dry run: %d %+v", code, dry)
	}
	code, e := d.plan("redact", false)
	if code != 201 || e.Status != "pending_review" {
		t.Fatalf("plan: %d %+v", code, e)
	}
	if code, body := d.do("POST", "/v1/erasures/"+e.ID+"/reject", `{"reviewer": "legal@example.org", "reason": "legal hold"}`, ""); code != 200 {
		t.Fatalf("reject: %d %s", code, body)
	}
	if code, _ := d.do("POST", "/v1/erasures/"+e.ID+"/approve", `{"reviewer": "legal@example.org"}`, ""); code != 409 {
		t.Fatalf("approve after reject: %d", code)
	}
	time.Sleep(500 * time.Millisecond)
	unchanged("a dry run or a rejected erasure")

	// Approved with no grace: applied, verified, gone from the index, and
	// every other byte as it was.
	_, e = d.plan("redact", false)
	if code, body := d.do("POST", "/v1/erasures/"+e.ID+"/approve", `{"reviewer": "legal@example.org", "reason": "request verified"}`, ""); code != 200 {
		t.Fatalf("approve: %d %s", code, body)
	}
	d.waitFor("verified", func() bool { return d.erasure(e.ID).Status == "verified" })
	redactedRow := "1,Anna Rossi,[REDACTED:email],[REDACTED:phone]\n"
	want := map[string]string{
		csvP:  eraseHeader + redactedRow + eraseOther,
		jsonl: `{"user":{"email":"marco.bianchi@example.it"}}` + "\n" + `{"user":{"email":"[REDACTED:email]","plan":"pro"}}` + "\n",
		logP:  "10:00 login user=[REDACTED:email] ok\n10:01 login user=marco.bianchi@example.it ok\n",
	}
	for p, w := range want {
		if b, _ := os.ReadFile(p); string(b) != w {
			t.Errorf("%s:\n%q\nwant\n%q", p, b, w)
		}
	}
	if got := readGunzip(t, gz); got != eraseHeader+eraseOther+redactedRow {
		t.Errorf("gzip: %q", got)
	}
	if r := d.search("email", "anna.rossi@example.it"); len(r.Findings) != 0 {
		t.Errorf("still found: %+v", r)
	}
	if r := d.search("email", "marco.bianchi@example.it"); len(r.Findings) != 4 {
		t.Errorf("another person's data lost: %+v", r)
	}

	// A value that shows up again (a restore) is flagged: metric, audit
	// event, webhook, and a new plan pending review.
	restored := filepath.Join(watch, "restore", "customers.csv")
	writeFile(t, restored, orig[csvP])
	d.waitFor("the tombstone hit", func() bool {
		_, m := d.do("GET", "/metrics", "", "-")
		return bytes.Contains(m, []byte("piid_tombstone_hits_total 2"))
	})
	d.waitFor("a new plan", func() bool {
		_, b := d.do("GET", "/v1/erasures?status=pending_review", "", "")
		return bytes.Count(b, []byte(`"resurfaced_from":"`+e.ID+`"`)) == 1
	})
	// The notice is sent once the new plan is stored: it may come after.
	d.waitFor("the webhook", func() bool {
		hookMu.Lock()
		defer hookMu.Unlock()
		return len(notices) > 0
	})
	hookMu.Lock()
	if len(notices) == 0 || !strings.Contains(notices[0], "erasure.tombstone_hit") || strings.Contains(strings.Join(notices, ""), "anna.rossi") {
		t.Errorf("webhook: %v", notices)
	}
	hookMu.Unlock()

	// The CLI: a dry run, the review queue, an approval.
	cli := func(want int, args ...string) string {
		t.Helper()
		return d.cli("legal@example.org", want, args...)
	}
	if out := cli(0, "erase", "plan", "--id", "email=anna.rossi@example.it", "--strategy", "delete_record", "--dry-run"); !strings.Contains(out, "dry run") || !strings.Contains(out, restored) {
		t.Errorf("erase plan --dry-run:\n%s", out)
	}
	queue := cli(0, "erase", "list", "--status", "pending_review")
	var next string
	for _, l := range strings.Split(queue, "\n") {
		if strings.HasPrefix(l, "erasure-") {
			next = strings.Fields(l)[0]
			break
		}
	}
	if next == "" {
		t.Fatalf("review queue:\n%s", queue)
	}
	cli(0, "erase", "approve", next, "--reason", "restored by mistake")
	d.waitFor("the resurfaced value erased", func() bool { return d.erasure(next).Status == "verified" })
	if b, _ := os.ReadFile(restored); string(b) != eraseHeader+redactedRow+eraseOther {
		t.Errorf("restored file: %q", b)
	}
	cli(2, "erase", "approve", next)
	if out := cli(0, "erase", "--help"); !strings.Contains(out, "delete_record") {
		t.Errorf("erase --help: %s", out)
	}

	// Every step is in the trail, which verifies.
	_, body := d.do("GET", "/v1/audit?limit=10000", "", "")
	for _, ev := range []string{"erasure.planned", "erasure.rejected", "erasure.approved", "erasure.applying", "erasure.file", "erasure.applied", "erasure.verified", "erasure.tombstone_hit"} {
		if !bytes.Contains(body, []byte(`"`+ev+`"`)) {
			t.Errorf("no %s event", ev)
		}
	}
	if bytes.Contains(body, []byte("anna.rossi")) {
		t.Error("a raw value in the trail")
	}
	code, body = d.do("GET", "/v1/audit/verify", "", "")
	if code != 200 || !bytes.Contains(body, []byte(`"ok":true`)) {
		t.Errorf("verify: %s", body)
	}
	d.stop()
}

// kill -9 in the middle of applying: no file is torn, and the restarted
// daemon resumes and verifies the erasure.
func TestErasureKill9Resumes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the daemon")
	}
	t.Parallel() // its time is in the daemon: it overlaps the other slow ones
	root := t.TempDir()
	watch := filepath.Join(root, "watched")
	data := filepath.Join(root, "data")
	const files = 400
	var filler strings.Builder
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&filler, "%d,Someone,user%d@example.org,\n", i+10, i)
	}
	before := eraseHeader + eraseAnna + filler.String()
	after := eraseHeader + "1,Anna Rossi,[REDACTED:email],[REDACTED:phone]\n" + filler.String()
	paths := make([]string, files)
	for i := range paths {
		paths[i] = filepath.Join(watch, fmt.Sprintf("part-%03d", i/100), fmt.Sprintf("export-%04d.csv", i))
		writeFile(t, paths[i], before)
	}
	d := startDaemonOpts(t, watch, data, true, "--erasure-grace", "0s")
	d.waitFor("all files indexed", func() bool { return len(d.search("email", "anna.rossi@example.it").Findings) == files })
	_, e := d.plan("redact", false)
	if code, body := d.do("POST", "/v1/erasures/"+e.ID+"/approve", `{"reviewer": "legal"}`, ""); code != 200 {
		t.Fatalf("approve: %d %s", code, body)
	}
	// Kill as soon as some files are done, well before all are.
	deadline := time.Now().Add(30 * time.Second)
	for {
		v := d.erasure(e.ID)
		if v.Status == "applying" && len(v.Results) >= 5 {
			break
		}
		if v.Status != "approved" && v.Status != "applying" || time.Now().After(deadline) {
			t.Fatalf("did not catch the erasure mid-apply: %s with %d results", v.Status, len(v.Results))
		}
		time.Sleep(2 * time.Millisecond)
	}
	d.cmd.Process.Kill()
	<-d.exited
	rewritten := 0
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		switch string(b) {
		case before:
		case after:
			rewritten++
		default:
			t.Fatalf("%s is torn (%d bytes)", p, len(b))
		}
	}
	if rewritten == 0 || rewritten == files {
		t.Fatalf("%d of %d files rewritten at the kill", rewritten, files)
	}
	d = startDaemonOpts(t, watch, data, true, "--erasure-grace", "0s")
	// 400 files rewritten under the race detector, and each poll reads a
	// large erasure: on a loaded machine this takes well over 20 s.
	d.waitForWithin("the erasure resumed and verified", 2*time.Minute, 500*time.Millisecond,
		func() bool { return d.erasure(e.ID).Status == "verified" })
	for _, p := range paths {
		if b, _ := os.ReadFile(p); string(b) != after {
			t.Fatalf("%s after resuming: %q", p, b[:80])
		}
	}
	if m, _ := filepath.Glob(filepath.Join(watch, "*", ".*.piid-rewrite")); len(m) != 0 {
		t.Errorf("temp files left: %v", m)
	}
	d.stop()
}
