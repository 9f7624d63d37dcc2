package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// planAs plans an erasure of one identifier as actor and returns it.
func (d *daemon) planAs(actor, typ, value string) (int, erasureView, []byte) {
	d.t.Helper()
	body, _ := json.Marshal(map[string]any{"identifiers": []map[string]string{{"type": typ, "value": value}}, "strategy": "redact", "actor": actor})
	code, b := d.do("POST", "/v1/erasures", string(body), "")
	var e erasureView
	json.Unmarshal(b, &e)
	return code, e, b
}

// Invisible characters pasted with an identifier: search, DSAR and
// erasure find the subject; a control character is refused naming the
// identifier, never echoing it; an erasure of an identifier nobody holds
// ends nothing_found, never verified.
func TestHostileIdentifiersEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the daemon")
	}
	root := t.TempDir()
	watch := filepath.Join(root, "watched")
	data := filepath.Join(root, "data")
	csvP := filepath.Join(watch, "crm", "customers.csv")
	writeFile(t, csvP, eraseHeader+eraseAnna+eraseOther)
	d := startDaemonOpts(t, watch, data, true, "--erasure-grace", "0s")
	d.waitFor("indexed", func() bool { return len(d.search("email", "anna.rossi@example.it").Findings) == 1 })

	zwsp := "anna.rossi@example.it\u200b"
	if r := d.search("email", "\ufeff"+zwsp); len(r.Findings) != 1 {
		t.Fatalf("a search with a zero-width space and a BOM: %+v", r)
	}
	code, body := d.do("POST", "/v1/subjects/search", `{"identifiers": [{"type": "email", "value": "anna.rossi@example.it"}, {"type": "email", "value": "anna.rossi@example.it\u0000"}]}`, "")
	if code != 400 || !bytes.Contains(body, []byte("identifiers[1]")) || !bytes.Contains(body, []byte("U+0000")) || bytes.Contains(body, []byte("anna")) {
		t.Fatalf("a NUL in an identifier: %d %s", code, body)
	}
	code, body = d.do("POST", "/v1/dsar", `{"subject": {"name": "Anna Rossi", "identifiers": [{"type": "email", "value": "\u200b\u200e"}]}}`, "")
	if code != 400 || !bytes.Contains(body, []byte("subject.identifiers[0]")) || !bytes.Contains(body, []byte("empty")) {
		t.Fatalf("an identifier of invisible characters only: %d %s", code, body)
	}
	code, body = d.do("POST", "/v1/dsar", fmt.Sprintf(`{"subject": {"name": "Anna Rossi", "identifiers": [{"type": "email", "value": %q}]}}`, zwsp), "")
	var req struct{ ID string }
	json.Unmarshal(body, &req)
	if code != 201 {
		t.Fatalf("a DSAR with a zero-width space: %d %s", code, body)
	}
	code, body = d.do("GET", "/v1/dsar/"+req.ID+"/report?format=json", "", "")
	if code != 200 || !bytes.Contains(body, []byte(`"occurrences": 1`)) || bytes.Contains(body, []byte(`\u200b`)) {
		t.Fatalf("the report of a DSAR with a zero-width space: %d %s", code, body)
	}

	// The erasure of the pasted identifier erases the subject.
	code, e, body := d.planAs("dpo", "email", zwsp)
	if code != 201 || e.Status != "pending_review" || len(e.Plan) != 1 {
		t.Fatalf("plan with a zero-width space: %d %s", code, body)
	}
	if code, body := d.do("POST", "/v1/erasures/"+e.ID+"/approve", `{"reviewer": "legal"}`, ""); code != 200 {
		t.Fatalf("approve: %d %s", code, body)
	}
	d.waitFor("verified", func() bool { return d.erasure(e.ID).Status == "verified" })
	if b, _ := os.ReadFile(csvP); !strings.Contains(string(b), "[REDACTED:email]") {
		t.Fatalf("not erased: %q", b)
	}

	// Nobody holds this one: nothing_found, which cannot be approved.
	code, e, body = d.planAs("dpo", "email", "nobody@example.org")
	if code != 201 || e.Status != "nothing_found" || len(e.Plan) != 0 {
		t.Fatalf("plan of an unknown identifier: %d %s", code, body)
	}
	if code, body := d.do("POST", "/v1/erasures/"+e.ID+"/approve", `{"reviewer": "legal"}`, ""); code != 409 {
		t.Fatalf("approve nothing_found: %d %s", code, body)
	}
	_, body = d.do("GET", "/v1/erasures?status=nothing_found", "", "")
	if !bytes.Contains(body, []byte(e.ID)) || bytes.Count(body, []byte(`"id":"erasure-`)) != 1 {
		t.Fatalf("list by status nothing_found: %s", body)
	}
	if out := d.cli("dpo", 0, "erase", "show", e.ID); !strings.Contains(out, "nothing_found") || !strings.Contains(out, "nothing was erased") {
		t.Fatalf("erase show:\n%s", out)
	}
	_, body = d.do("GET", "/v1/audit?limit=10000", "", "")
	if !bytes.Contains(body, []byte(`"erasure.nothing_found"`)) {
		t.Fatal("no erasure.nothing_found event")
	}
	d.stop()
}

// An email in a file's name: the content is erased, the renaming is a
// manual item, the erasure is not verified while the index holds the
// name, and the name is nowhere in clear in the trail or the erasure
// records. Four eyes: the planner cannot approve.
func TestFileNamePIIAndFourEyesEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the daemon")
	}
	root := t.TempDir()
	watch := filepath.Join(root, "watched")
	data := filepath.Join(root, "data")
	named := filepath.Join(watch, "exports", "anna.rossi@example.it.csv")
	writeFile(t, named, eraseHeader+eraseAnna+eraseOther)
	config := filepath.Join(root, "piid.yaml")
	writeFile(t, config, "erasure:\n  require_distinct_reviewer: true\n")
	d := startDaemonOpts(t, watch, data, true, "--config", config, "--erasure-grace", "0s")
	d.waitFor("indexed", func() bool { return len(d.search("email", "anna.rossi@example.it").Findings) == 1 })

	code, e, body := d.planAs("dpo@example.org", "email", "anna.rossi@example.it")
	if code != 201 || e.Status != "pending_review" || len(e.Manual) != 1 || !strings.Contains(e.Manual[0], "rename it by hand") {
		t.Fatalf("plan: %d %s", code, body)
	}
	if code, body := d.do("POST", "/v1/erasures/"+e.ID+"/approve", `{"reviewer": "dpo@example.org", "reason": "mine"}`, ""); code != 403 || !bytes.Contains(body, []byte("forbidden")) {
		t.Fatalf("approval by the planner: %d %s", code, body)
	}
	if got := d.erasure(e.ID).Status; got != "pending_review" {
		t.Fatalf("after a refused approval: %s", got)
	}
	if code, body := d.do("POST", "/v1/erasures/"+e.ID+"/approve", `{"reviewer": "legal@example.org", "reason": "request of anna.rossi@example.it checked"}`, ""); code != 200 {
		t.Fatalf("approval by another: %d %s", code, body)
	}
	d.waitFor("the content erased and the rename asked for", func() bool {
		_, b := d.do("GET", "/v1/audit?limit=10000", "", "")
		return bytes.Contains(b, []byte(`"erasure.rename_needed"`))
	})
	if b, _ := os.ReadFile(named); !strings.Contains(string(b), "1,Anna Rossi,[REDACTED:email],") {
		t.Fatalf("content not erased: %q", b)
	}
	if v := d.erasure(e.ID); v.Status == "verified" {
		t.Fatalf("verified while the index holds the name: %+v", v)
	}
	_, body = d.do("GET", "/v1/audit?limit=10000", "", "")
	if !bytes.Contains(body, []byte(`"erasure.approval_refused"`)) {
		t.Error("the refused approval is not in the trail")
	}
	d.stop()
	for _, dir := range []string{filepath.Join(data, "audit"), filepath.Join(data, "erasure")} {
		filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
			if err == nil && !fi.IsDir() {
				b, _ := os.ReadFile(p)
				if bytes.Contains(bytes.ToLower(b), []byte("anna.rossi")) {
					t.Errorf("%s holds the subject's email", p)
				}
			}
			return nil
		})
	}
}

// Deleting the trail and its head, while the daemon runs or while it is
// stopped, breaks the trail: verify exits 1 naming the missing trail, and
// changes are refused.
func TestAuditTrailDeletedEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the daemon")
	}
	root := t.TempDir()
	watch := filepath.Join(root, "watched")
	data := filepath.Join(root, "data")
	writeFile(t, filepath.Join(watch, "crm", "customers.csv"), eraseHeader+eraseAnna)
	create := `{"subject": {"name": "Anna Rossi", "identifiers": [{"type": "email", "value": "anna.rossi@example.it"}]}}`
	remove := func() {
		t.Helper()
		for _, n := range []string{"audit.jsonl", "head.json"} {
			if err := os.Remove(filepath.Join(data, "audit", n)); err != nil {
				t.Fatal(err)
			}
		}
	}
	d := startDaemon(t, watch, data)
	for i := 0; i < 2; i++ {
		if code, body := d.do("POST", "/v1/dsar", create, ""); code != 201 {
			t.Fatalf("create: %d %s", code, body)
		}
	}
	if out := d.cli("dpo", 0, "audit", "verify"); !strings.HasPrefix(out, "ok:") {
		t.Fatalf("verify: %s", out)
	}
	// While it runs.
	remove()
	if code, body := d.do("POST", "/v1/dsar", create, ""); code/100 == 2 {
		t.Fatalf("a change recorded after the trail was deleted: %d %s", code, body)
	}
	if out := d.cli("dpo", 1, "audit", "verify"); !strings.Contains(out, "trail missing: the anchor records") {
		t.Fatalf("verify of a deleted trail: %s", out)
	}
	d.stop()
	// Deleted again while it is stopped (the running daemon had no file
	// to write to): the restarted daemon does not start a new trail.
	os.Remove(filepath.Join(data, "audit", "audit.jsonl"))
	os.Remove(filepath.Join(data, "audit", "head.json"))
	d = startDaemon(t, watch, data)
	if out := d.cli("dpo", 1, "audit", "verify"); !strings.Contains(out, "trail missing: the anchor records 3 events") {
		t.Fatalf("verify after a restart: %s", out)
	}
	if code, body := d.do("POST", "/v1/dsar", create, ""); code/100 == 2 {
		t.Fatalf("a change recorded on a deleted trail after a restart: %d %s", code, body)
	}
	d.stop()
}
