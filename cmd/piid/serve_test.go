package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The daemon tests run the real binary on temp folders and loopback.

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

func piidBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "piid-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "piid")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

type daemon struct {
	t      *testing.T
	cmd    *exec.Cmd
	url    string
	token  string
	data   string
	logs   *bytes.Buffer
	logsMu *sync.Mutex
	exited chan error
}

// startDaemon starts piid serve on watch with its data in data, and waits
// until it is ready.
func startDaemon(t *testing.T, watch, data string) *daemon {
	t.Helper()
	return startDaemonOpts(t, watch, data, true)
}

func startDaemonOpts(t *testing.T, watch, data string, wait bool, extra ...string) *daemon {
	t.Helper()
	args := append([]string{"serve", "--watch", watch, "--data", data, "--listen", "127.0.0.1:0",
		"--hash-key-file", keyFileAbs(t), "--log-format", "json", "--quiet", "100ms"}, extra...)
	cmd := exec.Command(piidBinary(t), args...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	d := &daemon{t: t, cmd: cmd, data: data, logs: &bytes.Buffer{}, logsMu: &sync.Mutex{}, exited: make(chan error, 1)}
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			d.logsMu.Lock()
			d.logs.WriteString(line + "\n")
			d.logsMu.Unlock()
			var rec struct{ Msg, URL string }
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "serving" {
				urlc <- rec.URL
			}
		}
	}()
	go func() { d.exited <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-d.exited
		}
	})
	select {
	case d.url = <-urlc:
	case err := <-d.exited:
		t.Fatalf("daemon exited: %v\n%s", err, d.log())
	case <-time.After(30 * time.Second):
		t.Fatalf("daemon did not start\n%s", d.log())
	}
	tok, err := os.ReadFile(filepath.Join(data, "token"))
	if err != nil {
		t.Fatal(err)
	}
	d.token = strings.TrimSpace(string(tok))
	if !wait {
		return d
	}
	d.waitFor("ready", func() bool {
		code, _ := d.do("GET", "/readyz", "", "")
		return code == 200
	})
	return d
}

func keyFileAbs(t *testing.T) string {
	abs, err := filepath.Abs(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

func (d *daemon) log() string {
	d.logsMu.Lock()
	defer d.logsMu.Unlock()
	return d.logs.String()
}

// do sends a request with the daemon's token (token "-": none).
func (d *daemon) do(method, path, body, token string) (int, []byte) {
	d.t.Helper()
	if token == "" {
		token = d.token
	}
	req, err := http.NewRequest(method, d.url+path, strings.NewReader(body))
	if err != nil {
		d.t.Fatal(err)
	}
	if token != "-" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func (d *daemon) waitFor(what string, cond func() bool) {
	d.t.Helper()
	d.waitForWithin(what, 20*time.Second, 50*time.Millisecond, cond)
}

// waitForWithin is waitFor with its own limit and polling period, for a
// condition that is slow to reach or costly to ask.
func (d *daemon) waitForWithin(what string, limit, every time.Duration, cond func() bool) {
	d.t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			d.t.Fatalf("timed out waiting for %s\n%s", what, d.log())
		}
		time.Sleep(every)
	}
}

type searchResult struct {
	Findings []struct {
		Path   string
		Type   string
		Value  string
		Record map[string]any
	}
	Records []struct {
		Path     string
		Record   map[string]any
		Findings []struct{ Type string }
	}
}

func (d *daemon) search(typ, value string) searchResult {
	d.t.Helper()
	body := fmt.Sprintf(`{"identifiers": [{"type": %q, "value": %q}]}`, typ, value)
	code, b := d.do("POST", "/v1/subjects/search", body, "")
	if code != 200 {
		d.t.Fatalf("search: %d %s", code, b)
	}
	var r searchResult
	if err := json.Unmarshal(b, &r); err != nil {
		d.t.Fatal(err)
	}
	return r
}

// stop sends SIGTERM and waits for a clean exit.
func (d *daemon) stop() {
	d.t.Helper()
	d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-d.exited:
		if err != nil {
			d.t.Fatalf("daemon exit: %v\n%s", err, d.log())
		}
	case <-time.After(30 * time.Second):
		d.t.Fatalf("daemon did not stop\n%s", d.log())
	}
}

// cli runs the piid binary against the daemon as actor and checks its
// exit status; it returns stdout and stderr together.
func (d *daemon) cli(actor string, want int, args ...string) string {
	d.t.Helper()
	cmd := exec.Command(piidBinary(d.t), args...)
	cmd.Env = append(os.Environ(), "PIID_URL="+d.url, "PIID_TOKEN="+d.token, "PIID_ACTOR="+actor)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		d.t.Fatal(err)
	}
	if code != want {
		d.t.Fatalf("piid %s: exit %d, want %d\n%s", strings.Join(args, " "), code, want, out.String())
	}
	return out.String()
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestDaemonEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the daemon")
	}
	root := t.TempDir()
	watch := filepath.Join(root, "watched")
	data := filepath.Join(root, "data")
	writeFile(t, filepath.Join(watch, "crm", "customers.csv"),
		"id,first_name,email,phone\n1,Greta,greta.vogel@example.de,+49 30 1234567\n2,Jan,jan.devries@example.nl,+31 20 123 4567\n")
	d := startDaemon(t, watch, data)

	// Found at start, with the record and the other PII of the row. Ready
	// means the first walk has queued the file, not that it is indexed yet.
	var r searchResult
	d.waitFor("first file indexed", func() bool {
		r = d.search("email", "Greta.Vogel@Example.DE")
		return len(r.Findings) > 0
	})
	if len(r.Findings) != 1 || len(r.Records) != 1 || len(r.Records[0].Findings) != 3 {
		t.Fatalf("search at start: %+v", r)
	}
	if r.Records[0].Record["row"] != 1.0 || r.Findings[0].Value != "" {
		t.Fatalf("record or raw value: %+v", r)
	}
	// A phone is found from another written form of the same number.
	if r := d.search("phone", "0049 30 1234567"); len(r.Findings) != 1 {
		t.Fatalf("phone search: %+v", r)
	}

	// A file dropped into a brand-new nested folder is found within seconds.
	writeFile(t, filepath.Join(watch, "new", "deeper", "events.jsonl"), `{"user":{"email":"ines.lopez@example.es"}}`+"\n")
	d.waitFor("new file indexed", func() bool { return len(d.search("email", "ines.lopez@example.es").Findings) == 1 })

	// Editing replaces the file's findings; deleting drops them.
	writeFile(t, filepath.Join(watch, "crm", "customers.csv"), "id,email\n1,greta.neu@example.de\n")
	d.waitFor("edit indexed", func() bool {
		return len(d.search("email", "greta.vogel@example.de").Findings) == 0 &&
			len(d.search("email", "greta.neu@example.de").Findings) == 1
	})
	os.Remove(filepath.Join(watch, "new", "deeper", "events.jsonl"))
	d.waitFor("delete indexed", func() bool { return len(d.search("email", "ines.lopez@example.es").Findings) == 0 })

	// The API's guards.
	for _, c := range []struct {
		method, path, body, token string
		code                      int
	}{
		{"POST", "/v1/subjects/search", `{"identifiers":[{"type":"email","value":"a@b.co"}]}`, "-", 401},
		{"POST", "/v1/subjects/search", `{"identifiers":[{"type":"email","value":"a@b.co"}]}`, "wrong", 401},
		{"POST", "/v1/subjects/search", `{"identifiers": [`, "", 400},
		{"POST", "/v1/subjects/search", `{"identifiers":[{"type":"email","value":"not an email"}]}`, "", 400},
		{"POST", "/v1/scans", `{"paths":["/etc"]}`, "", 403},
		{"POST", "/v1/scans", `{"paths":["` + strings.Repeat("x", 2<<20) + `"]}`, "", 413},
		{"GET", "/healthz", "", "-", 200},
	} {
		if code, b := d.do(c.method, c.path, c.body, c.token); code != c.code {
			t.Errorf("%s %s (token %q): %d, want %d: %.200s", c.method, c.path, c.token, code, c.code, b)
		}
	}
	// A scan through the API.
	code, b := d.do("POST", "/v1/scans", fmt.Sprintf(`{"paths":[%q]}`, filepath.Join(watch, "crm")), "")
	if code != 202 {
		t.Fatalf("scan: %d %s", code, b)
	}
	var scan struct{ ID, Status string }
	json.Unmarshal(b, &scan)
	d.waitFor("scan done", func() bool {
		code, b := d.do("GET", "/v1/scans/"+scan.ID, "", "")
		var s struct {
			Status string
			Files  int
		}
		json.Unmarshal(b, &s)
		return code == 200 && s.Status == "done" && s.Files == 1
	})
	// Metrics.
	_, metrics := d.do("GET", "/metrics", "", "-")
	for _, m := range []string{"piid_scanned_files_total", "piid_findings_total", "piid_http_requests_total", "piid_queue_length", "go_goroutines"} {
		if !bytes.Contains(metrics, []byte(m)) {
			t.Errorf("metric %s missing", m)
		}
	}
	// No raw value in the logs.
	if l := d.log(); strings.Contains(l, "greta.neu@example.de") || strings.Contains(l, "1234567") {
		t.Errorf("a raw value in the logs:\n%s", l)
	}

	// A restart keeps the index, and a file added while the daemon was
	// down is found by the reconcile walk.
	d.stop()
	writeFile(t, filepath.Join(watch, "logs", "app.log"), "2024-05-01 login ok user=omar.haddad@example.com\n")
	d = startDaemon(t, watch, data)
	if len(d.search("email", "greta.neu@example.de").Findings) != 1 {
		t.Fatal("lost across a restart")
	}
	d.waitFor("file added while down", func() bool { return len(d.search("email", "omar.haddad@example.com").Findings) == 1 })
	d.stop()

	// No raw value anywhere in the data folder.
	filepath.Walk(data, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return nil
		}
		b, _ := os.ReadFile(p)
		for _, v := range []string{"greta.neu@example.de", "omar.haddad@example.com", "jan.devries"} {
			if bytes.Contains(b, []byte(v)) {
				t.Errorf("%s holds %q", p, v)
			}
		}
		return nil
	})
}

// midway reports whether the daemon's walk at start found some files
// indexed and some not.
func midway(log string) bool {
	for _, line := range strings.Split(log, "\n") {
		var rec struct {
			Msg           string
			Files, Queued int
		}
		if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "reconciled" {
			return rec.Queued > 0 && rec.Queued < rec.Files
		}
	}
	return false
}

// findingKey identifies a finding across the CLI and the index.
type findingKey struct {
	Path, Type, Hash string
	Start, End       int64
}

// allFindings pages GET /v1/findings to the end.
func (d *daemon) allFindings() map[findingKey]bool {
	d.t.Helper()
	out := map[findingKey]bool{}
	cursor := ""
	for {
		code, b := d.do("GET", "/v1/findings?limit=10000&cursor="+cursor, "", "")
		if code != 200 {
			d.t.Fatalf("findings: %d %s", code, b)
		}
		var page struct {
			Findings   []findingKey
			NextCursor string `json:"next_cursor"`
		}
		if err := json.Unmarshal(b, &page); err != nil {
			d.t.Fatal(err)
		}
		for _, f := range page.Findings {
			out[f] = true
		}
		if page.NextCursor == "" {
			return out
		}
		cursor = page.NextCursor
	}
}

// After kill -9 in the middle of indexing, the next start rescans what was
// in flight and ends with exactly what a clean scan finds.
func TestDaemonKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the daemon")
	}
	t.Parallel() // its time is in its children: it overlaps the other slow ones
	root := t.TempDir()
	corpus := filepath.Join(root, "corpus")
	bin := piidBinary(t)
	// The same 20 files at either size (~150k findings at 4MB): the kill
	// still lands with most of them to do.
	size := "4MB"
	if *long {
		size = "12MB"
	}
	if out, err := exec.Command(bin, "bench", "gen", "--profile", "exports", "--size", size, "--out", corpus).CombinedOutput(); err != nil {
		t.Fatalf("bench gen: %v\n%s", err, out)
	}
	watch := filepath.Join(corpus, "exports")
	data := filepath.Join(root, "data")

	out, err := exec.Command(bin, "scan", "--format", "jsonl", "--hash-key-file", keyFileAbs(t), watch).Output()
	if err != nil {
		t.Fatal(err)
	}
	want := map[findingKey]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var f findingKey
		json.Unmarshal([]byte(line), &f)
		want[f] = true
	}

	for round := 0; round < 2; round++ {
		d := startDaemonNoWait(t, watch, data)
		// Killed once it has indexed a file in this run (not after a
		// fixed time: on a loaded machine that came before any file
		// was done), while others are still to do.
		d.waitFor("a file indexed", func() bool { return scannedFiles(d) >= 1 })
		d.cmd.Process.Kill() // SIGKILL: no shutdown at all
		<-d.exited
	}
	d := startDaemon(t, watch, data)
	// The kills must have come mid-indexing: a file cut off while its
	// findings streamed into the index is rescanned as interrupted; one
	// cut off while they were still held in memory left nothing, and the
	// walk at start queues it with the files never reached (some files
	// done, some not).
	if !strings.Contains(d.log(), "indexing was interrupted") && !midway(d.log()) {
		t.Fatalf("the kill did not interrupt any indexing: the test proves nothing\n%s", d.log())
	}
	// Waits on the index's count (reading every finding at each poll
	// took most of the test), then compares the findings themselves.
	d.waitForWithin("the findings of a clean scan", 90*time.Second, 300*time.Millisecond, func() bool {
		return metric(d, "piid_index_findings") == float64(len(want)) && metric(d, "piid_queue_length") == 0
	})
	time.Sleep(time.Second) // anything still in flight would show now
	got := d.allFindings()
	missing, extra := 0, 0
	for k := range want {
		if !got[k] {
			missing++
		}
	}
	for k := range got {
		if !want[k] {
			extra++
		}
	}
	if missing > 0 || extra > 0 {
		t.Fatalf("after kill -9 and restart: %d findings, a clean scan %d (%d missing, %d extra)", len(got), len(want), missing, extra)
	}
	d.stop()
}

// scannedFiles is the daemon's piid_scanned_files_total.
func scannedFiles(d *daemon) float64 {
	_, body := d.do("GET", "/metrics", "", "")
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, "piid_scanned_files_total "); ok {
			n, _ := strconv.ParseFloat(v, 64)
			return n
		}
	}
	return 0
}

// startDaemonNoWait starts the daemon and returns once it serves, without
// waiting for the first reconcile.
func startDaemonNoWait(t *testing.T, watch, data string) *daemon {
	t.Helper()
	return startDaemonOpts(t, watch, data, false)
}
