package audit

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/piid/piid/dsar/internal/atomicfile"
)

// The anchor is a sealed copy of the head kept outside the audit folder
// (the daemon keeps it at DATA/audit.anchor), so that deleting the trail
// and its head does not leave a valid empty trail: the anchor still
// records how many events there were. It is written after the head at
// each append, so a crash leaves it at most one event behind the log,
// which Open accepts (after checking that event's link) and brings up to
// date. Its HMAC, under the chain's key, keeps anyone without the key
// from writing one that matches a shortened trail.
//
// An anchored trail holds an anchorEvent, so a trail that holds one but
// whose anchor is gone is broken too (unless that event is the last: a
// crash before the anchor's first write); a trail without one (a fresh
// folder, or a trail older than anchors) gets one when it is opened.

// anchorEvent is the event that says the trail is anchored.
const anchorEvent = "audit.anchored"

type anchorFile struct {
	Seq  uint64 `json:"seq"`
	Hash string `json:"hash"`
	MAC  string `json:"mac"`
}

func (l *Log) anchorMAC(h head) string {
	m := hmac.New(sha256.New, l.key)
	m.Write([]byte("piid audit anchor v1\x00" + strconv.FormatUint(h.Seq, 10) + "\x00" + h.Hash))
	return hex.EncodeToString(m.Sum(nil))
}

// readAnchor returns the anchor, nil when there is none (no anchor
// configured, or no file yet).
func (l *Log) readAnchor() (*head, error) {
	if l.anchor == "" {
		return nil, nil
	}
	b, err := os.ReadFile(l.anchor)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	var a anchorFile
	if err := json.Unmarshal(b, &a); err != nil {
		return nil, fmt.Errorf("the anchor %s is damaged: %v", filepath.Base(l.anchor), err)
	}
	h := head{Seq: a.Seq, Hash: a.Hash}
	if !hmac.Equal([]byte(a.MAC), []byte(l.anchorMAC(h))) {
		return nil, fmt.Errorf("the anchor %s does not match its seal (altered, or written under another key)", filepath.Base(l.anchor))
	}
	return &h, nil
}

// anchorSize is the anchor's fixed length: its JSON padded with spaces,
// well inside one disk sector, so that an overwrite in place is whole or
// not at all.
const anchorSize = 256

// writeAnchor writes the anchor: created atomically (temp file, rename)
// the first time, then overwritten in place and fsynced, one sector, at
// each append: half the cost of a rename per event. An overwrite torn
// all the same does not open (its seal fails): a break is reported,
// never a trail accepted.
func (l *Log) writeAnchor(h head) error {
	if l.anchor == "" {
		return nil
	}
	b, _ := json.Marshal(anchorFile{Seq: h.Seq, Hash: h.Hash, MAC: l.anchorMAC(h)})
	b = append(b, bytes.Repeat([]byte(" "), anchorSize-len(b))...)
	if l.anchorF == nil {
		if err := atomicWrite(l.anchor, b); err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		f, err := os.OpenFile(l.anchor, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		l.anchorF = f
		return nil
	}
	_, err := l.anchorF.WriteAt(b, 0)
	if err == nil {
		err = l.anchorF.Sync()
	}
	if err != nil {
		return fmt.Errorf("audit: writing the anchor: %w", err)
	}
	return nil
}

// checkAnchor holds the verified log (res, and hashAt the hash of its
// event at the anchor's seq) against the anchor a. It returns the reason
// the trail is broken, "" when it is not.
func (l *Log) checkAnchor(a *head, res *Result, hashAt string) string {
	switch {
	case l.anchor == "":
		return ""
	case a == nil && res.anchoredAt > 0 && res.anchoredAt < res.LastSeq:
		return fmt.Sprintf("the anchor %s is missing, though the trail was anchored", filepath.Base(l.anchor))
	case a == nil:
		return ""
	case res.Events == 0 && a.Seq > 0:
		return fmt.Sprintf("trail missing: the anchor records %d events, the trail holds none (deleted or emptied)", a.Seq)
	case res.LastSeq < a.Seq:
		return fmt.Sprintf("the log ends at seq %d but the anchor records seq %d (events cut off the end)", res.LastSeq, a.Seq)
	case res.LastSeq > a.Seq+1:
		return fmt.Sprintf("the anchor records seq %d but the log runs to %d (the anchor was replaced by an older one)", a.Seq, res.LastSeq)
	case a.Seq > 0 && hashAt != a.Hash:
		return fmt.Sprintf("the event at seq %d differs from the one the anchor records (the trail was replaced)", a.Seq)
	}
	return ""
}

// atomicWrite replaces path atomically (a temp file beside it).
func atomicWrite(path string, b []byte) error {
	return atomicfile.Write(filepath.Dir(path), filepath.Base(path), b)
}

// removeAnchorTemps removes the anchor's temp files a crash left.
func removeAnchorTemps(path string) {
	m, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+"-*"))
	for _, p := range m {
		os.Remove(p)
	}
}
