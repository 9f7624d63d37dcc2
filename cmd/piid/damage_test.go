package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// damageRows is the CSV the damage tests index: enough rows that the
// index keeps blocks of findings in its value log.
const damageRows = 1200

func damageEmail(i int) string { return fmt.Sprintf("user%04d.%x@example.org", i, i*7919) }

func writeDamageCSV(t *testing.T, path string) {
	var b strings.Builder
	b.WriteString("id,email\n")
	for i := 1; i <= damageRows; i++ {
		fmt.Fprintf(&b, "%d,%s\n", i, damageEmail(i))
	}
	writeFile(t, path, b.String())
}

// searchCode searches one email and returns the status and body.
func (d *daemon) searchCode(email string) (int, string) {
	d.t.Helper()
	code, b := d.do("POST", "/v1/subjects/search", fmt.Sprintf(`{"identifiers": [{"type": "email", "value": %q}]}`, email), "")
	return code, string(b)
}

// metric reads one sample of the daemon's /metrics.
func (d *daemon) metric(name string) float64 {
	_, body := d.do("GET", "/metrics", "", "")
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			n, _ := strconv.ParseFloat(v, 64)
			return n
		}
	}
	return -1
}

// snapshot reads every file under dir.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		out[p] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// storeFiles lists the index's files with ext, largest first.
func storeFiles(t *testing.T, data, ext string) []string {
	t.Helper()
	fs, _ := filepath.Glob(filepath.Join(data, "index", "*"+ext))
	if len(fs) == 0 {
		t.Fatalf("no %s file in the index", ext)
	}
	size := func(p string) int64 { fi, _ := os.Stat(p); return fi.Size() }
	sort.Slice(fs, func(i, j int) bool { return size(fs[i]) > size(fs[j]) })
	return fs
}

func truncateHalf(t *testing.T, p string) {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(p, fi.Size()/2); err != nil {
		t.Fatal(err)
	}
}

// piidCmd runs the binary and returns its exit status and output.
func piidCmd(t *testing.T, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(piidBinary(t), args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, out.String()
}

// indexedDaemon indexes a CSV of damageRows rows, with a request and an
// erasure plan recorded, and stops the daemon.
func indexedDaemon(t *testing.T) (watch, data string) {
	root := t.TempDir()
	watch, data = filepath.Join(root, "watched"), filepath.Join(root, "data")
	writeDamageCSV(t, filepath.Join(watch, "crm", "customers.csv"))
	d := startDaemon(t, watch, data)
	d.waitFor("the last row indexed", func() bool {
		code, body := d.searchCode(damageEmail(damageRows))
		return code == 200 && strings.Contains(body, "customers.csv")
	})
	d.cli("alice", 0, "dsar", "create", "--name", "Row Seven", "--id", "email="+damageEmail(7))
	if code, body := d.do("POST", "/v1/erasures", fmt.Sprintf(`{"identifiers": [{"type": "email", "value": %q}], "strategy": "redact"}`, damageEmail(7)), ""); code/100 != 2 {
		t.Fatalf("erasure plan: %d %s", code, body)
	}
	d.stop()
	return watch, data
}

// TestDamagedValueLogEndToEnd: a value-log file of the index cut in half
// while the daemon is stopped. The daemon starts, and every search that
// meets the damage answers 503 index_corrupt (never 200 with nothing);
// /readyz turns 503; the metric counts. `piid index verify` exits 1
// naming the damage; `piid index rebuild` rebuilds from the watched
// folder (recorded by serve), leaving requests and erasures as they were
// and adding one event to the audit trail; verify then exits 0 and the
// daemon answers again.
func TestDamagedValueLogEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the daemon")
	}
	watch, data := indexedDaemon(t)
	kept := map[string]map[string][]byte{}
	for _, dir := range []string{"dsar", "erasure", "audit"} {
		kept[dir] = snapshot(t, filepath.Join(data, dir))
	}
	truncateHalf(t, storeFiles(t, data, ".vlog")[0])

	d := startDaemonOpts(t, watch, data, false)
	failed := 0
	for i := 1; i <= damageRows; i += 37 {
		code, body := d.searchCode(damageEmail(i))
		switch {
		case code == 503 && strings.Contains(body, `"index_corrupt"`) && strings.Contains(body, "piid index verify"):
			failed++
		case code == 200 && strings.Contains(body, "customers.csv"):
		default:
			t.Errorf("search of row %d: %d %s, want 200 with its finding or 503 index_corrupt", i, code, body)
		}
	}
	if failed == 0 {
		t.Fatalf("no search met the damage\n%s", d.log())
	}
	if code, body := d.do("GET", "/readyz", "", ""); code != 503 || !strings.Contains(string(body), "damaged") {
		t.Errorf("/readyz: %d %s, want 503 naming the damage", code, body)
	}
	// A plan from a damaged index would locate nothing: not now.
	if code, body := d.do("POST", "/v1/erasures", `{"identifiers":[{"type":"email","value":"nobody@example.org"}],"strategy":"redact"}`, ""); code != 503 || !strings.Contains(string(body), "not_ready") {
		t.Errorf("an erasure planned from a damaged index: %d %s, want 503 not_ready", code, body)
	}
	if n := d.metric("piid_index_corruption_total"); n < float64(failed) {
		t.Errorf("piid_index_corruption_total = %v, want at least %d", n, failed)
	}
	if n := strings.Count(d.log(), `"level":"ERROR"`); n > 3 {
		t.Errorf("%d ERROR lines: a flood\n%s", n, d.log())
	}
	if n := strings.Count(d.log(), `"msg":"index: damaged`); n != 1 {
		t.Errorf("%d ERROR lines for the damage, want one\n%s", n, d.log())
	}
	// Not while the daemon holds the index.
	for _, args := range [][]string{{"verify"}, {"rebuild", "--hash-key-file", keyFileAbs(t)}} {
		if code, out := piidCmd(t, append([]string{"index", args[0], "--data", data}, args[1:]...)...); code != exitIncomplete || !strings.Contains(out, "held by process") {
			t.Errorf("index %s while the daemon runs: exit %d, want %d naming the lock\n%s", args[0], code, exitIncomplete, out)
		}
	}
	d.stop()

	code, out := piidCmd(t, "index", "verify", "--data", data)
	if code != 1 || !strings.Contains(out, "damaged:") {
		t.Fatalf("verify of the damaged index: exit %d, want 1 naming the damage\n%s", code, out)
	}
	code, out = piidCmd(t, "index", "rebuild", "--data", data, "--hash-key-file", keyFileAbs(t), "--actor", "alice")
	if code != 0 {
		t.Fatalf("rebuild: exit %d\n%s", code, out)
	}
	if code, out := piidCmd(t, "index", "verify", "--data", data); code != 0 || !strings.Contains(out, "sound") {
		t.Fatalf("verify after rebuild: exit %d\n%s", code, out)
	}
	aside, _ := filepath.Glob(filepath.Join(data, "index.corrupt-*"))
	if len(aside) != 1 {
		t.Errorf("the damaged index moved aside: %v, want one", aside)
	}
	for _, dir := range []string{"dsar", "erasure"} {
		now := snapshot(t, filepath.Join(data, dir))
		if len(now) != len(kept[dir]) || len(now) == 0 {
			t.Errorf("%s: %d files after rebuild, %d before", dir, len(now), len(kept[dir]))
		}
		for p, b := range kept[dir] {
			if !bytes.Equal(now[p], b) {
				t.Errorf("%s changed by the rebuild", p)
			}
		}
	}
	trail := filepath.Join(data, "audit", "audit.jsonl")
	before, after := kept["audit"][trail], snapshot(t, filepath.Join(data, "audit"))[trail]
	if len(before) == 0 || !bytes.HasPrefix(after, before) || !strings.Contains(string(after[len(before):]), `"type":"index.rebuilt"`) ||
		bytes.Count(after[len(before):], []byte("\n")) != 1 {
		t.Errorf("the audit trail after rebuild: not the trail before and one index.rebuilt event\n%s", after[len(before):])
	}
	if bytes.Contains(after, []byte(watch)) {
		t.Errorf("the audit trail names the watched folder in clear")
	}
	// A second rebuild before the daemon starts again: the trail, its head
	// and its anchor move together.
	if code, out := piidCmd(t, "index", "rebuild", "--data", data, "--hash-key-file", keyFileAbs(t), "--actor", "alice"); code != 0 {
		t.Fatalf("a second rebuild: exit %d\n%s", code, out)
	}
	if again, _ := filepath.Glob(filepath.Join(data, "index.corrupt-*")); len(again) != 2 {
		t.Errorf("two rebuilds moved aside %v, want two copies", again)
	}

	d = startDaemon(t, watch, data)
	d.waitFor("the daemon's trail verifies", func() bool {
		code, body := d.do("GET", "/v1/audit/verify", "", "")
		return code == 200 && strings.Contains(string(body), `"ok":true`)
	})
	for i := 1; i <= damageRows; i += 37 {
		if code, body := d.searchCode(damageEmail(i)); code != 200 || !strings.Contains(body, "customers.csv") {
			t.Errorf("search of row %d after rebuild: %d %s", i, code, body)
		}
	}
	d.stop()
}

// TestDamagedTableEndToEnd: a table file of the index cut in half. The
// daemon does not crash: it stops at once with one line naming the
// damage and the commands to run; with --rebuild-on-corruption it moves
// the index aside, rebuilds it from the watched folder and serves.
func TestDamagedTableEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the daemon")
	}
	watch, data := indexedDaemon(t)
	truncateHalf(t, storeFiles(t, data, ".sst")[0])

	args := []string{"serve", "--watch", watch, "--data", data, "--listen", "127.0.0.1:0", "--hash-key-file", keyFileAbs(t)}
	start := time.Now()
	code, out := piidCmd(t, args...)
	if code != exitIncomplete || strings.Contains(out, "goroutine") || !strings.Contains(out, "piid index verify --data "+data) {
		t.Fatalf("serve on a damaged table: exit %d, want %d and one line saying what to run\n%s", code, exitIncomplete, out)
	}
	if time.Since(start) > 20*time.Second {
		t.Errorf("serve took %v to refuse the damaged index", time.Since(start))
	}

	d := startDaemonOpts(t, watch, data, true, "--rebuild-on-corruption")
	d.waitFor("the last row indexed again", func() bool {
		code, body := d.searchCode(damageEmail(damageRows))
		return code == 200 && strings.Contains(body, "customers.csv")
	})
	aside, _ := filepath.Glob(filepath.Join(data, "index.corrupt-*"))
	if len(aside) != 1 {
		t.Errorf("the damaged index moved aside: %v, want one", aside)
	}
	if !strings.Contains(d.log(), "moved aside") {
		t.Errorf("the daemon did not say it rebuilt\n%s", d.log())
	}
	if code, body := d.do("GET", "/v1/audit?limit=100", "", ""); code != 200 || !strings.Contains(string(body), `"index.rebuilt"`) {
		t.Errorf("the audit trail does not record the rebuild: %d %s", code, body)
	}
	d.stop()
}
