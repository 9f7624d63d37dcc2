//go:build linux

package main

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The data folder on a small filesystem the test mounts (tmpfs), filled
// up by the test while the daemon runs or before it starts.

// mountTmpfs mounts a tmpfs of size bytes on a new folder, unmounted when
// the test ends; it skips the test where that is not allowed.
func mountTmpfs(t *testing.T, size int64) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a small filesystem for the data folder needs root")
	}
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+strconv.FormatInt(size, 10)); err != nil {
		t.Skipf("cannot mount a tmpfs (%v): no small filesystem to fill", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			syscall.Unmount(dir, syscall.MNT_DETACH)
		}
	})
	return dir
}

func freeBytes(t *testing.T, dir string) int64 {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	return int64(st.Bavail) * int64(st.Bsize)
}

// fillTo writes path until dir's volume has at most leave bytes free (0:
// until the volume is full).
func fillTo(t *testing.T, path string, leave int64) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	for {
		n := freeBytes(t, filepath.Dir(path)) - leave
		if n <= 0 {
			return
		}
		if _, err := f.Write(buf[:min(n, int64(len(buf)))]); err != nil {
			if errors.Is(err, syscall.ENOSPC) {
				return
			}
			t.Fatal(err)
		}
	}
}

// metric is the value of an unlabelled metric of the daemon (-1: absent).
func metric(d *daemon, name string) float64 {
	_, body := d.do("GET", "/metrics", "", "-")
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			n, _ := strconv.ParseFloat(v, 64)
			return n
		}
	}
	return -1
}

type readyz struct {
	Status, IndexWrites, Detail string
}

func (d *daemon) readyz() (int, readyz) {
	code, b := d.do("GET", "/readyz", "", "-")
	var r struct {
		Status      string `json:"status"`
		IndexWrites string `json:"index_writes"`
		Detail      string `json:"detail"`
	}
	json.Unmarshal(b, &r)
	return code, readyz{r.Status, r.IndexWrites, r.Detail}
}

// webhookEvents receives webhook notices and lists their events.
func webhookEvents(t *testing.T) (url string, events func() []string) {
	var (
		mu  sync.Mutex
		got []string
	)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var n struct{ Event string }
		json.Unmarshal(b, &n)
		mu.Lock()
		got = append(got, n.Event)
		mu.Unlock()
	}))
	t.Cleanup(hook.Close)
	return hook.URL, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), got...)
	}
}

func hasEvent(events []string, e string) bool {
	for _, x := range events {
		if x == e {
			return true
		}
	}
	return false
}

const (
	diskfullAnna = "id,email\n1,anna.rossi@example.it\n"
	diskfullBob  = "id,email\n1,bob.marley@example.jm\n"
)

// The data volume fills up while the daemon runs: it stays up, stops
// indexing and says so, answers searches from what it has, and resumes
// by itself once the space is back.
func TestDaemonDataVolumeFull(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the daemon")
	}
	vol := mountTmpfs(t, 64<<20)
	root := t.TempDir()
	watch := filepath.Join(root, "watched")
	writeFile(t, filepath.Join(watch, "anna.csv"), diskfullAnna)
	hookURL, events := webhookEvents(t)
	config := filepath.Join(root, "piid.yaml")
	writeFile(t, config, "disk:\n  low_watermark: 24MiB\n  high_watermark: 40MiB\ndsar:\n  webhook_url: "+hookURL+"\n")
	d := startDaemonOpts(t, watch, filepath.Join(vol, "data"), true, "--config", config)
	d.waitFor("anna indexed", func() bool { return len(d.search("email", "anna.rossi@example.it").Findings) == 1 })
	if g := metric(d, "piid_index_writes_blocked"); g != 0 {
		t.Fatalf("piid_index_writes_blocked with room: %v", g)
	}

	filler := filepath.Join(vol, "filler")
	fillTo(t, filler, 16<<20)
	d.waitFor("writes blocked", func() bool { return metric(d, "piid_index_writes_blocked") == 1 })
	code, rz := d.readyz()
	if code != 200 || rz.IndexWrites != "blocked" || !strings.Contains(rz.Detail, "low watermark") {
		t.Errorf("/readyz while blocked: %d %+v", code, rz)
	}
	if !strings.Contains(d.log(), "below the low watermark") {
		t.Errorf("no log line says the volume is below the low watermark\n%s", d.log())
	}
	d.waitFor("the blocked notice", func() bool { return hasEvent(events(), "index.writes_blocked") })

	// Searches go on; a new file waits.
	if r := d.search("email", "anna.rossi@example.it"); len(r.Findings) != 1 {
		t.Fatalf("search while blocked: %+v", r)
	}
	writeFile(t, filepath.Join(watch, "bob.csv"), diskfullBob)
	time.Sleep(1500 * time.Millisecond) // the quiet period and a scan, many times over
	if r := d.search("email", "bob.marley@example.jm"); len(r.Findings) != 0 {
		t.Fatalf("a file was indexed below the low watermark: %+v", r)
	}
	if !d.alive() {
		t.Fatalf("the daemon died\n%s", d.log())
	}

	// Between the watermarks: still blocked. Then above the high one.
	os.Truncate(filler, 0)
	fillTo(t, filler, 32<<20)
	time.Sleep(1500 * time.Millisecond)
	if g := metric(d, "piid_index_writes_blocked"); g != 1 {
		t.Errorf("resumed between the watermarks: gauge %v", g)
	}
	os.Remove(filler)
	d.waitFor("writes resumed", func() bool { return metric(d, "piid_index_writes_blocked") == 0 })
	d.waitFor("bob indexed", func() bool { return len(d.search("email", "bob.marley@example.jm").Findings) == 1 })
	if code, rz := d.readyz(); code != 200 || rz.IndexWrites != "" {
		t.Errorf("/readyz after resuming: %d %+v", code, rz)
	}
	d.waitFor("the resumed notice", func() bool { return hasEvent(events(), "index.writes_resumed") })
	if l := d.log(); strings.Contains(l, "anna.rossi") || strings.Contains(l, "bob.marley") {
		t.Error("a raw value in the logs")
	}
	d.stop()
}

// The daemon starts on a data volume with no room left at all: no SIGBUS,
// no crash loop, one clear line, searches answered from the index as it
// was; once space is freed it indexes again.
func TestDaemonStartsOnFullDataVolume(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the daemon")
	}
	vol := mountTmpfs(t, 64<<20)
	root := t.TempDir()
	watch := filepath.Join(root, "watched")
	data := filepath.Join(vol, "data")
	writeFile(t, filepath.Join(watch, "anna.csv"), diskfullAnna)
	config := filepath.Join(root, "piid.yaml")
	writeFile(t, config, "disk:\n  low_watermark: 24MiB\n  high_watermark: 40MiB\n")
	d := startDaemonOpts(t, watch, data, true, "--config", config)
	d.waitFor("anna indexed", func() bool { return len(d.search("email", "anna.rossi@example.it").Findings) == 1 })
	d.stop()

	filler := filepath.Join(vol, "filler")
	fillTo(t, filler, 0)
	writeFile(t, filepath.Join(watch, "bob.csv"), diskfullBob)
	d = startDaemonOpts(t, watch, data, true, "--config", config)
	if r := d.search("email", "anna.rossi@example.it"); len(r.Findings) != 1 {
		t.Fatalf("search on a full volume: %+v", r)
	}
	if n := strings.Count(d.log(), "the index is open read-only"); n != 1 {
		t.Errorf("%d log lines say the index is open read-only, want 1\n%s", n, d.log())
	}
	if g := metric(d, "piid_index_writes_blocked"); g != 1 {
		t.Errorf("piid_index_writes_blocked on a full volume: %v", g)
	}
	if code, rz := d.readyz(); code != 200 || rz.IndexWrites != "blocked" || !strings.Contains(rz.Detail, "read-only") {
		t.Errorf("/readyz on a full volume: %d %+v", code, rz)
	}
	time.Sleep(1500 * time.Millisecond)
	if r := d.search("email", "bob.marley@example.jm"); len(r.Findings) != 0 {
		t.Fatalf("a file was indexed on a full volume: %+v", r)
	}
	if !d.alive() {
		t.Fatalf("the daemon died\n%s", d.log())
	}

	os.Remove(filler)
	d.waitFor("bob indexed", func() bool { return len(d.search("email", "bob.marley@example.jm").Findings) == 1 })
	if g := metric(d, "piid_index_writes_blocked"); g != 0 {
		t.Errorf("piid_index_writes_blocked after space came back: %v", g)
	}
	if r := d.search("email", "anna.rossi@example.it"); len(r.Findings) != 1 {
		t.Fatalf("search after reopening: %+v", r)
	}
	d.stop()
}

// alive says whether the daemon process is still running.
func (d *daemon) alive() bool {
	select {
	case err := <-d.exited:
		d.exited <- err
		return false
	default:
		return true
	}
}
