package audit

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var key = []byte("0123456789abcdef0123456789abcdef")

func openT(t *testing.T, dir string) *Log {
	t.Helper()
	l, err := Open(dir, key)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func appendN(t *testing.T, l *Log, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		if _, err := l.Append("dsar.created", "alice", map[string]any{"id": "dsar-" + string(rune('a'+i))}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestChainVerifiesAndSurvivesReopen(t *testing.T) {
	dir := t.TempDir()
	l := openT(t, dir)
	appendN(t, l, 5)
	l.Close()
	l = openT(t, dir)
	appendN(t, l, 2)
	res, err := l.Verify()
	if err != nil || !res.OK || res.Events != 7 || res.LastSeq != 7 {
		t.Fatalf("verify: %+v %v", res, err)
	}
	evs, next, err := l.Since(0, time.Time{}, 100)
	if err != nil || len(evs) != 7 || next != 0 {
		t.Fatalf("since: %d %d %v", len(evs), next, err)
	}
	for i, ev := range evs {
		if i > 0 && ev.Prev != evs[i-1].Hash {
			t.Fatalf("event %d does not link to the one before", ev.Seq)
		}
	}
	page, next, _ := l.Since(2, time.Time{}, 3)
	if len(page) != 3 || page[0].Seq != 3 || next != 5 {
		t.Fatalf("paging: %d events from %d, next %d", len(page), page[0].Seq, next)
	}
	if later, _, _ := l.Since(0, evs[6].Time, 10); len(later) == 0 || later[len(later)-1].Seq != 7 {
		t.Fatalf("since a time: %+v", later)
	}
}

// A flipped byte anywhere in a stored event breaks the chain at that event.
func TestTamperIsFoundAndNamed(t *testing.T) {
	for _, tc := range []struct {
		name   string
		target string // a string of event 3's line to alter
		repl   string
	}{
		{"data", `"id":"dsar-c"`, `"id":"dsar-x"`},
		{"actor", `"actor":"alice"`, `"actor":"alicf"`},
		{"type", `"type":"dsar.created"`, `"type":"dsar.createe"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			l := openT(t, dir)
			appendN(t, l, 5)
			path := filepath.Join(dir, logName)
			b, _ := os.ReadFile(path)
			lines := bytes.SplitAfter(b, []byte("\n"))
			lines[2] = bytes.Replace(lines[2], []byte(tc.target), []byte(tc.repl), 1)
			os.WriteFile(path, bytes.Join(lines, nil), 0o600)
			res, err := l.Verify()
			if err != nil {
				t.Fatal(err)
			}
			if res.OK || res.BrokenAt == nil || res.BrokenAt.Line != 3 || res.BrokenAt.Seq != 3 || res.Events != 2 {
				t.Fatalf("tampered event 3: %+v", res)
			}
			if !strings.Contains(res.String(), "line 3") {
				t.Fatalf("message does not name the position: %s", res)
			}
			l.Close()
			l = openT(t, dir)
			if l.Broken() == nil || l.Broken().BrokenAt.Line != 3 {
				t.Fatalf("Broken: %+v", l.Broken())
			}
			if _, err := l.Append("x", "y", nil); !errors.Is(err, ErrBroken) {
				t.Fatalf("appended to a broken trail: %v", err)
			}
		})
	}
}

func TestRemovedAndTruncatedEvents(t *testing.T) {
	dir := t.TempDir()
	l := openT(t, dir)
	appendN(t, l, 5)
	path := filepath.Join(dir, logName)
	orig, _ := os.ReadFile(path)
	lines := bytes.SplitAfter(orig, []byte("\n"))

	// An event removed from the middle.
	os.WriteFile(path, bytes.Join(append(append([][]byte{}, lines[:1]...), lines[2:]...), nil), 0o600)
	if res, _ := l.Verify(); res.OK || res.BrokenAt.Line != 2 {
		t.Fatalf("removed event 2: %+v", res)
	}
	// The last whole event cut off: the head still names it.
	os.WriteFile(path, bytes.Join(lines[:4], nil), 0o600)
	if res, _ := l.Verify(); res.OK || res.BrokenAt.Seq != 5 || !strings.Contains(res.Reason, "head") {
		t.Fatalf("truncated after event 4: %+v", res)
	}
	// Cut mid-event: also caught (the head is ahead).
	os.WriteFile(path, orig[:len(orig)-10], 0o600)
	if res, _ := l.Verify(); res.OK || res.BrokenAt.Seq != 5 {
		t.Fatalf("truncated inside event 5: %+v", res)
	}
	l.Close()
	l = openT(t, dir)
	if _, err := l.Append("x", "y", nil); !errors.Is(err, ErrBroken) {
		t.Fatalf("appended to a truncated trail: %v", err)
	}
}

// What a crash can leave: a torn line past the head, a head one event
// behind. Open repairs both and the chain goes on.
func TestCrashLeftovers(t *testing.T) {
	dir := t.TempDir()
	l := openT(t, dir)
	appendN(t, l, 3)
	oldHead, _ := os.ReadFile(filepath.Join(dir, headName))
	appendN(t, l, 1)
	l.Close()
	// The head write of event 4 lost, and event 5 torn mid-line.
	os.WriteFile(filepath.Join(dir, headName), oldHead, 0o600)
	f, _ := os.OpenFile(filepath.Join(dir, logName), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"seq":5,"time":"2026-`)
	f.Close()

	l = openT(t, dir)
	appendN(t, l, 1)
	res, err := l.Verify()
	if err != nil || !res.OK || res.Events != 5 {
		t.Fatalf("after repair: %+v %v", res, err)
	}
}

func TestWrongKeyFails(t *testing.T) {
	dir := t.TempDir()
	l := openT(t, dir)
	appendN(t, l, 2)
	l.Close()
	l = openT(t, dir)
	l.key = []byte("another key of 32 bytes........")
	if res, _ := l.Verify(); res.OK {
		t.Fatal("verified with another key")
	}
}

func TestConcurrentAppends(t *testing.T) {
	l := openT(t, t.TempDir())
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				if _, err := l.Append("config.reload", "piid", nil); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if res, _ := l.Verify(); !res.OK || res.Events != 40 {
		t.Fatalf("%+v", res)
	}
}
