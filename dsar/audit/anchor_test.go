package audit

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// openAnchored opens the trail in data/audit anchored at data/audit.anchor,
// as the daemon does.
func openAnchored(t *testing.T, data string) *Log {
	t.Helper()
	l, err := OpenAnchored(filepath.Join(data, "audit"), filepath.Join(data, "audit.anchor"), key)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func removeTrail(t *testing.T, data string) {
	t.Helper()
	for _, n := range []string{logName, headName} {
		if err := os.Remove(filepath.Join(data, "audit", n)); err != nil {
			t.Fatal(err)
		}
	}
}

// wantBroken checks that the trail does not verify, for reason, and
// refuses appends.
func wantBroken(t *testing.T, l *Log, reason string) {
	t.Helper()
	res, err := l.Verify()
	if err != nil || res.OK || !strings.Contains(res.Reason, reason) {
		t.Fatalf("verify: %+v %v, want broken: %s", res, err, reason)
	}
	if _, err := l.Append("dsar.created", "alice", nil); !errors.Is(err, ErrBroken) {
		t.Fatalf("appended to a broken trail: %v", err)
	}
}

// Deleting the trail and its head, the daemon stopped, leaves the anchor,
// which names what is missing; a fresh folder verifies.
func TestDeletedTrailIsCaughtByTheAnchor(t *testing.T) {
	data := t.TempDir()
	l := openAnchored(t, data)
	if res, err := l.Verify(); err != nil || !res.OK || res.Events != 1 {
		t.Fatalf("a fresh folder: %+v %v", res, err)
	}
	appendN(t, l, 3)
	l.Close()
	removeTrail(t, data)
	l = openAnchored(t, data)
	if l.Broken() == nil || !strings.Contains(l.Broken().Reason, "trail missing: the anchor records 4 events") {
		t.Fatalf("Broken: %+v", l.Broken())
	}
	wantBroken(t, l, "trail missing")
}

// Deleted while the trail is open: the next append is refused, and
// verification names the missing trail.
func TestTrailDeletedWhileOpen(t *testing.T) {
	data := t.TempDir()
	l := openAnchored(t, data)
	appendN(t, l, 2)
	removeTrail(t, data)
	wantBroken(t, l, "trail missing: the anchor records 3 events")
}

// The anchor gone from an anchored trail, an anchor not matching its
// seal, an older anchor put back: each breaks the trail.
func TestAnchorTampering(t *testing.T) {
	anchorOf := func(data string) string { return filepath.Join(data, "audit.anchor") }
	t.Run("removed", func(t *testing.T) {
		data := t.TempDir()
		l := openAnchored(t, data)
		appendN(t, l, 2)
		l.Close()
		os.Remove(anchorOf(data))
		wantBroken(t, openAnchored(t, data), "is missing")
	})
	t.Run("forged", func(t *testing.T) {
		data := t.TempDir()
		l := openAnchored(t, data)
		appendN(t, l, 2)
		l.Close()
		b, _ := os.ReadFile(anchorOf(data))
		os.WriteFile(anchorOf(data), []byte(strings.Replace(string(b), `"seq":3`, `"seq":2`, 1)), 0o600)
		wantBroken(t, openAnchored(t, data), "seal")
	})
	t.Run("older", func(t *testing.T) {
		data := t.TempDir()
		l := openAnchored(t, data)
		old, _ := os.ReadFile(anchorOf(data))
		appendN(t, l, 3)
		l.Close()
		os.WriteFile(anchorOf(data), old, 0o600)
		wantBroken(t, openAnchored(t, data), "older")
	})
	t.Run("trail cut and head rewritten", func(t *testing.T) {
		data := t.TempDir()
		l := openAnchored(t, data)
		appendN(t, l, 2)
		oldHead, _ := os.ReadFile(filepath.Join(data, "audit", headName))
		b, _ := os.ReadFile(filepath.Join(data, "audit", logName))
		appendN(t, l, 2)
		l.Close()
		os.WriteFile(filepath.Join(data, "audit", logName), b, 0o600)
		os.WriteFile(filepath.Join(data, "audit", headName), oldHead, 0o600)
		wantBroken(t, openAnchored(t, data), "anchor records seq 5")
	})
}

// A crash can leave the anchor one event behind the log (its write comes
// last), with the head or without it: Open accepts that and catches up.
func TestAnchorCrashWindows(t *testing.T) {
	for _, headToo := range []bool{false, true} {
		data := t.TempDir()
		l := openAnchored(t, data)
		appendN(t, l, 2)
		oldAnchor, _ := os.ReadFile(filepath.Join(data, "audit.anchor"))
		oldHead, _ := os.ReadFile(filepath.Join(data, "audit", headName))
		appendN(t, l, 1)
		l.Close()
		os.WriteFile(filepath.Join(data, "audit.anchor"), oldAnchor, 0o600)
		if headToo {
			os.WriteFile(filepath.Join(data, "audit", headName), oldHead, 0o600)
		}
		l = openAnchored(t, data)
		if l.Broken() != nil {
			t.Fatalf("head behind too %v: %+v", headToo, l.Broken())
		}
		appendN(t, l, 1)
		if res, err := l.Verify(); err != nil || !res.OK || res.Events != 5 {
			t.Fatalf("head behind too %v: %+v %v", headToo, res, err)
		}
		if a, err := l.readAnchor(); err != nil || a.Seq != 5 {
			t.Fatalf("anchor not caught up: %+v %v", a, err)
		}
	}
}

// A trail from before anchors gets its anchor (and the event saying so)
// when it is first opened anchored.
func TestUnanchoredTrailIsAnchored(t *testing.T) {
	data := t.TempDir()
	l := openT(t, filepath.Join(data, "audit"))
	appendN(t, l, 3)
	l.Close()
	l = openAnchored(t, data)
	evs, _, _ := l.Since(3, time.Time{}, 10)
	if len(evs) != 1 || evs[0].Type != anchorEvent {
		t.Fatalf("events after the old ones: %+v", evs)
	}
	l.Close()
	removeTrail(t, data)
	wantBroken(t, openAnchored(t, data), "trail missing: the anchor records 4 events")
}

// A crash after the anchoring event was written but before the anchor
// was: the next Open writes the anchor.
func TestAnchorNeverWritten(t *testing.T) {
	data := t.TempDir()
	l := openAnchored(t, data)
	l.Close()
	os.Remove(filepath.Join(data, "audit.anchor"))
	l = openAnchored(t, data)
	if l.Broken() != nil {
		t.Fatalf("%+v", l.Broken())
	}
	if a, err := l.readAnchor(); err != nil || a == nil || a.Seq != 1 {
		t.Fatalf("anchor: %+v %v", a, err)
	}
	appendN(t, l, 1)
	if res, _ := l.Verify(); !res.OK || res.Events != 2 {
		t.Fatalf("%+v", res)
	}
}
