package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The red team's cases: what piid indexes, reads back or rewrites stays
// under the watched folders, whatever links are put in its way.

// confineSetup makes a watched folder with Anna's row in crm/customers.csv
// and, beside it, a folder that is not watched holding the same row.
func confineSetup(t *testing.T) (watch, data, outside string) {
	t.Helper()
	root := t.TempDir()
	watch = filepath.Join(root, "watched")
	data = filepath.Join(root, "data")
	outside = filepath.Join(root, "elsewhere")
	writeFile(t, filepath.Join(watch, "crm", "customers.csv"), eraseHeader+eraseAnna+eraseOther)
	writeFile(t, filepath.Join(outside, "customers.csv"), eraseHeader+eraseAnna+eraseOther)
	return watch, data, outside
}

func sameContent(t *testing.T, path, want string) {
	t.Helper()
	if b, err := os.ReadFile(path); err != nil || string(b) != want {
		t.Fatalf("%s was changed (%v):\n%q", path, err, b)
	}
}

// waitErasure waits until the erasure ends, verified or failed.
func (d *daemon) waitErasure(id string) erasureView {
	d.t.Helper()
	var v erasureView
	d.waitFor("the erasure to end", func() bool {
		v = d.erasure(id)
		return v.Status == "verified" || v.Status == "failed"
	})
	return v
}

func resultOf(v erasureView, path string) string {
	for _, r := range v.Results {
		if r.Path == path {
			return r.Status
		}
	}
	return ""
}

func TestConfineLinkedFolderAboveFile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the daemon")
	}
	watch, data, outside := confineSetup(t)
	secret := filepath.Join(outside, "secret.csv")
	const secretCSV = "id,name,email\n7,Lea Weber,lea.weber@example.de\n"
	writeFile(t, secret, secretCSV)
	d := startDaemonOpts(t, watch, data, true, "--erasure-grace", "0s")
	if err := os.Symlink(outside, filepath.Join(watch, "linkdir")); err != nil {
		t.Fatal(err)
	}
	code, body := d.do("POST", "/v1/scans", fmt.Sprintf(`{"paths":[%q]}`, filepath.Join(watch, "linkdir", "secret.csv")), "")
	if code != 403 {
		t.Errorf("a scan through a linked folder: %d %s, want 403", code, body)
	}
	// Nor does the walk, the watcher or a scan of the folder above reach it.
	d.do("POST", "/v1/scans", fmt.Sprintf(`{"paths":[%q]}`, watch), "")
	d.waitFor("Anna indexed", func() bool { return len(d.search("email", "anna.rossi@example.it").Findings) == 1 })
	time.Sleep(500 * time.Millisecond)
	if r := d.search("email", "lea.weber@example.de"); len(r.Findings) != 0 {
		t.Fatalf("a file outside the watched folder was indexed: %+v", r.Findings)
	}
	if r := d.search("email", "anna.rossi@example.it"); len(r.Findings) != 1 || strings.Contains(r.Findings[0].Path, "linkdir") {
		t.Fatalf("findings: %+v", r.Findings)
	}
	_, e := d.plan("redact", false)
	if code, body := d.do("POST", "/v1/erasures/"+e.ID+"/approve", `{"reviewer": "legal"}`, ""); code != 200 {
		t.Fatalf("approve: %d %s", code, body)
	}
	if v := d.waitErasure(e.ID); v.Status != "verified" {
		t.Fatalf("erasure: %+v", v)
	}
	sameContent(t, filepath.Join(outside, "customers.csv"), eraseHeader+eraseAnna+eraseOther)
	sameContent(t, secret, secretCSV)
	d.stop()
}

func TestConfineFolderSwappedBeforeApply(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the daemon")
	}
	watch, data, outside := confineSetup(t)
	d := startDaemonOpts(t, watch, data, true, "--erasure-grace", "0s")
	d.waitFor("Anna indexed", func() bool { return len(d.search("email", "anna.rossi@example.it").Findings) == 1 })
	_, e := d.plan("redact", false)
	// Between plan and apply, the folder becomes a link to one that is
	// not watched, holding a file of the same name and content.
	crm := filepath.Join(watch, "crm")
	if err := os.Rename(crm, filepath.Join(filepath.Dir(watch), "crm-moved")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, crm); err != nil {
		t.Fatal(err)
	}
	if code, body := d.do("POST", "/v1/erasures/"+e.ID+"/approve", `{"reviewer": "legal"}`, ""); code != 200 {
		t.Fatalf("approve: %d %s", code, body)
	}
	v := d.waitErasure(e.ID)
	sameContent(t, filepath.Join(outside, "customers.csv"), eraseHeader+eraseAnna+eraseOther)
	if got := resultOf(v, filepath.Join(crm, "customers.csv")); got != "failed" || v.Status != "failed" {
		t.Fatalf("result %q, erasure %s, want both failed: %+v", got, v.Status, v)
	}
	d.stop()
}

func TestConfineFileSwappedBeforeApply(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the daemon")
	}
	watch, data, outside := confineSetup(t)
	d := startDaemonOpts(t, watch, data, true, "--erasure-grace", "0s")
	d.waitFor("Anna indexed", func() bool { return len(d.search("email", "anna.rossi@example.it").Findings) == 1 })
	_, e := d.plan("redact", false)
	// The file becomes a link to one outside; once the index has let go
	// of it, nothing of Anna is left in the index to say otherwise.
	p := filepath.Join(watch, "crm", "customers.csv")
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	d.waitFor("the file dropped", func() bool { return len(d.search("email", "anna.rossi@example.it").Findings) == 0 })
	if err := os.Symlink(filepath.Join(outside, "customers.csv"), p); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // the link's event, handled
	if code, body := d.do("POST", "/v1/erasures/"+e.ID+"/approve", `{"reviewer": "legal"}`, ""); code != 200 {
		t.Fatalf("approve: %d %s", code, body)
	}
	v := d.waitErasure(e.ID)
	sameContent(t, filepath.Join(outside, "customers.csv"), eraseHeader+eraseAnna+eraseOther)
	if got := resultOf(v, p); got != "failed" || v.Status != "failed" {
		t.Fatalf("result %q, erasure %s, want both failed: %+v", got, v.Status, v)
	}
	d.stop()
}

// stopWithin sends SIGTERM and fails unless the daemon exits cleanly
// within limit; it returns how long it took.
func (d *daemon) stopWithin(limit time.Duration) time.Duration {
	d.t.Helper()
	start := time.Now()
	d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-d.exited:
		took := time.Since(start)
		if err != nil {
			d.t.Fatalf("daemon exit: %v\n%s", err, d.log())
		}
		if took > limit {
			d.t.Fatalf("the daemon took %v to stop, want at most %v", took, limit)
		}
		return took
	case <-time.After(limit + 5*time.Second):
		d.t.Fatalf("the daemon did not stop within %v\n%s", limit+5*time.Second, d.log())
	}
	return 0
}

func TestConfineDevZeroSwappedIn(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the daemon")
	}
	root := t.TempDir()
	watch := filepath.Join(root, "watched")
	p := filepath.Join(watch, "app.log")
	writeFile(t, p, "10:00 login user=anna.rossi@example.it ok\n")
	d := startDaemonOpts(t, watch, filepath.Join(root, "data"), true, "--workers", "1", "--quiet", "10ms")
	d.waitFor("the log indexed", func() bool { return len(d.search("email", "anna.rossi@example.it").Findings) == 1 })
	// Swap the file for a link to /dev/zero and back, as fast as can be,
	// while it is rescanned over and over: whichever the indexer meets
	// between its looks, it must never read the device.
	reg, link := filepath.Join(root, "reg"), filepath.Join(root, "link")
	done := make(chan struct{})
	go func() {
		defer close(done)
		for stop := time.Now().Add(3 * time.Second); time.Now().Before(stop); {
			os.WriteFile(reg, []byte("10:00 login user=anna.rossi@example.it ok\n"), 0o644)
			os.Rename(reg, p)
			os.Symlink("/dev/zero", link)
			os.Rename(link, p)
		}
	}()
	body := fmt.Sprintf(`{"paths":[%q]}`, p)
	for loop := true; loop; {
		select {
		case <-done:
			loop = false
		default:
			d.do("POST", "/v1/scans", body, "")
		}
	}
	// The indexing goes on with other files, on the only worker.
	writeFile(t, filepath.Join(watch, "other.log"), "10:02 login user=marco.bianchi@example.it ok\n")
	start := time.Now()
	d.waitFor("another file indexed", func() bool { return len(d.search("email", "marco.bianchi@example.it").Findings) == 1 })
	t.Logf("the other file indexed %v after the swaps", time.Since(start).Round(time.Millisecond))
	t.Logf("stopped in %v", d.stopWithin(3*time.Second).Round(time.Millisecond))
}

func TestShutdownCancelsBigFile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the daemon")
	}
	root := t.TempDir()
	watch := filepath.Join(root, "watched")
	writeFile(t, filepath.Join(watch, "small.log"), "10:00 login user=anna.rossi@example.it ok\n")
	// 64 GiB of holes: reading it takes far longer than 2 s here, and costs
	// no disk.
	big := filepath.Join(watch, "big.log")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(64 << 30); err != nil {
		t.Skipf("no sparse file here: %v", err)
	}
	f.Close()
	d := startDaemonOpts(t, watch, filepath.Join(root, "data"), true, "--workers", "1")
	time.Sleep(time.Second) // the worker is in the big file (or queued behind it)
	took := d.stopWithin(2 * time.Second)
	t.Logf("stopped in %v", took)
	if !strings.Contains(d.log(), `"msg":"shutting down"`) {
		t.Errorf("no shutdown logged\n%s", d.log())
	}
}

func TestFollowSymlinks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the daemon")
	}
	watch, data, outside := confineSetup(t)
	if err := os.Remove(filepath.Join(watch, "crm", "customers.csv")); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(watch, "linkdir")
	if err := os.Symlink(outside, link); err != nil {
		t.Fatal(err)
	}
	d := startDaemonOpts(t, watch, data, true, "--erasure-grace", "0s", "--follow-symlinks")
	p := filepath.Join(link, "customers.csv")
	d.waitFor("the linked folder indexed", func() bool {
		r := d.search("email", "anna.rossi@example.it")
		return len(r.Findings) == 1 && r.Findings[0].Path == p
	})
	_, e := d.plan("redact", false)
	if len(e.Manual) != 1 || !strings.Contains(e.Manual[0], "outside every watched folder") {
		t.Fatalf("manual: %q", e.Manual)
	}
	if code, body := d.do("POST", "/v1/erasures/"+e.ID+"/approve", `{"reviewer": "legal"}`, ""); code != 200 {
		t.Fatalf("approve: %d %s", code, body)
	}
	v := d.waitErasure(e.ID)
	if got := resultOf(v, p); got != "manual" {
		t.Fatalf("result %q: %+v", got, v)
	}
	sameContent(t, filepath.Join(outside, "customers.csv"), eraseHeader+eraseAnna+eraseOther)
	d.stop()
}
