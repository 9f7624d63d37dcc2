// Package audit keeps piid's audit trail: an append-only, hash-chained log
// of what was done to GDPR requests (created, transitioned, reported,
// erased, config reloaded), one JSON event per line.
//
// Each event's hash is an HMAC over its fields and the previous event's
// hash, so editing, inserting or removing an event anywhere breaks every
// link after it; a head file records the last sequence number and hash,
// so cutting events off the end shows too, and a sealed anchor of the
// head outside the audit folder (anchor.go) shows the deletion of the
// whole trail with its head. Events carry ids and keyed
// hashes, never raw personal data: erasing a subject never requires
// rewriting the trail.
//
// Appends are durable before Append returns (the log file is fsynced, then
// the head and the anchor are replaced atomically). A crash between those
// writes leaves the log one event ahead of the head or the anchor, which
// Open accepts after checking the event's link; a crash mid-line leaves a
// torn last line, which Open cuts off (it was never acknowledged).
package audit

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/piid/piid/dsar/internal/atomicfile"
)

// Event is one entry of the trail.
type Event struct {
	Seq   uint64    `json:"seq"`
	Time  time.Time `json:"time"`
	Type  string    `json:"type"`  // e.g. dsar.created, erasure.applied
	Actor string    `json:"actor"` // who did it (an operator id, or "piid")
	// Data holds the event's details: ids, states, keyed hashes, counts.
	Data json.RawMessage `json:"data,omitempty"`
	Prev string          `json:"prev"` // hash of the event before (empty for the first)
	Hash string          `json:"hash"`
}

const (
	logName  = "audit.jsonl"
	headName = "head.json"
	// maxLine bounds one event line; events are small (ids and hashes).
	maxLine = 1 << 20
)

// head is what the head file records: the last event appended.
type head struct {
	Seq  uint64 `json:"seq"`
	Hash string `json:"hash"`
}

// Log is an open audit trail. It is safe for concurrent use by one
// process.
type Log struct {
	dir    string
	anchor string // path of the anchor (anchor.go), "" for none
	key    []byte

	mu       sync.Mutex
	f        *os.File
	last     head
	broken   *Result // set when the trail did not verify at Open
	anchored bool    // the log holds an anchorEvent
	stale    bool    // the head or anchor of the last event is not written yet
	anchorF  *os.File
	now      func() time.Time
}

// ErrBroken is returned by Append on a trail that did not verify when it
// was opened.
var ErrBroken = errors.New("audit: the trail is broken")

// Broken returns what Open found wrong with the trail, nil when it
// verified.
func (l *Log) Broken() *Result {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.broken
}

// Open opens (or creates) the trail in dir, with key the secret of the
// chain's HMAC. It repairs what a crash can leave (a torn last line, a
// head one event behind). A trail that does not verify is opened for
// reading only (Broken says why; Append fails with ErrBroken): a broken
// trail is reported, never silently extended.
func Open(dir string, key []byte) (*Log, error) {
	return OpenAnchored(dir, "", key)
}

// OpenAnchored is Open with the trail's anchor at anchorPath, a file
// outside dir (anchor.go): deleting the trail then breaks it instead of
// starting it afresh.
func OpenAnchored(dir, anchorPath string, key []byte) (*Log, error) {
	if len(key) < 16 {
		return nil, errors.New("audit: key shorter than 16 bytes")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	l := &Log{dir: dir, anchor: anchorPath, key: append([]byte(nil), key...), now: time.Now}
	if anchorPath != "" {
		removeAnchorTemps(anchorPath)
	}
	path := filepath.Join(dir, logName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	if err := l.recover(f); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekEnd); err != nil {
		f.Close()
		return nil, fmt.Errorf("audit: %w", err)
	}
	l.f = f
	if l.broken == nil && l.anchor != "" && !l.anchored {
		if _, err := l.Append(anchorEvent, "piid", map[string]any{"anchor": filepath.Base(l.anchor)}); err != nil {
			f.Close()
			return nil, err
		}
	}
	return l, nil
}

// recover checks the log against the head, cuts a torn last line and
// brings the head up to date.
func (l *Log) recover(f *os.File) error {
	h, err := l.readHead()
	if err != nil {
		l.broken = &Result{Reason: err.Error()}
		return nil
	}
	a, err := l.readAnchor()
	if err != nil {
		l.broken = &Result{Reason: err.Error()}
		return nil
	}
	res, complete, err := l.verify(f, h, a)
	if err != nil {
		return err
	}
	l.anchored = res.anchoredAt > 0
	if !res.OK && res.Reason != reasonTorn {
		// Opened all the same, so that verification can name the break;
		// nothing is appended to a broken chain.
		l.broken = &res
		return nil
	}
	if complete >= 0 {
		st, err := f.Stat()
		if err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		if st.Size() > complete {
			// A line without its newline was being written when the
			// process died: it was never acknowledged.
			if err := f.Truncate(complete); err != nil {
				return fmt.Errorf("audit: cutting a torn last line: %w", err)
			}
			if err := f.Sync(); err != nil {
				return fmt.Errorf("audit: %w", err)
			}
		}
	}
	l.last = head{Seq: res.LastSeq, Hash: res.LastHash}
	if l.last != h {
		if err := l.writeHead(l.last); err != nil {
			return err
		}
	}
	if l.anchored && (a == nil || *a != l.last) {
		return l.writeAnchor(l.last)
	}
	return nil
}

// Append writes one event and returns it once it is durable. data is
// marshalled to JSON; it must hold no raw personal data.
func (l *Log) Append(typ, actor string, data any) (Event, error) {
	raw, err := json.Marshal(data)
	if err != nil {
		return Event{}, fmt.Errorf("audit: %w", err)
	}
	if data == nil {
		raw = nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return Event{}, errors.New("audit: log closed")
	}
	if l.broken == nil {
		l.checkFile()
	}
	if l.broken != nil {
		return Event{}, fmt.Errorf("%w (%s): nothing can be recorded until it is repaired", ErrBroken, l.broken)
	}
	if l.stale {
		// The last event's head or anchor could not be written: they must
		// not fall two events behind.
		if err := l.writePointers(l.last); err != nil {
			return Event{}, err
		}
	}
	ev := Event{Seq: l.last.Seq + 1, Time: l.now().UTC(), Type: typ, Actor: actor, Data: raw, Prev: l.last.Hash}
	ev.Hash = l.sum(&ev)
	line, err := json.Marshal(ev)
	if err != nil {
		return Event{}, fmt.Errorf("audit: %w", err)
	}
	line = append(line, '\n')
	off, err := l.f.Seek(0, io.SeekEnd)
	if err != nil {
		return Event{}, fmt.Errorf("audit: %w", err)
	}
	_, err = l.f.Write(line)
	if err == nil {
		err = l.f.Sync()
	}
	if err != nil {
		// Take the event back, whole, so the next one follows the last
		// good one; if even that fails, nothing more is appended.
		if terr := l.f.Truncate(off); terr != nil || l.f.Sync() != nil {
			l.broken = &Result{Reason: "an append failed and could not be undone: " + err.Error()}
		}
		return Event{}, fmt.Errorf("audit: %w", err)
	}
	// The event is durable: the chain goes on from it even if the head
	// or the anchor cannot be written (Open accepts them one event
	// behind, and the next append writes them first).
	l.last = head{Seq: ev.Seq, Hash: ev.Hash}
	if typ == anchorEvent {
		l.anchored = true
	}
	if err := l.writePointers(l.last); err != nil {
		return ev, err
	}
	return ev, nil
}

// writePointers writes the head, then the anchor; until both are written
// the log is stale.
func (l *Log) writePointers(h head) error {
	l.stale = true
	if err := l.writeHead(h); err != nil {
		return err
	}
	if err := l.writeAnchor(h); err != nil {
		return err
	}
	l.stale = false
	return nil
}

// checkFile marks the trail broken when its file was removed or replaced
// under the open log: appends would go to a file no one can read.
func (l *Log) checkFile() {
	st, err := os.Stat(filepath.Join(l.dir, logName))
	own, ferr := l.f.Stat()
	if ferr == nil && (err != nil || !os.SameFile(st, own)) {
		l.broken = &Result{Reason: logName + " was removed or replaced while the trail was open"}
	}
}

// Close closes the log.
func (l *Log) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	if l.anchorF != nil {
		l.anchorF.Close()
		l.anchorF = nil
	}
	return err
}

// sum is the event's chain hash: an HMAC over its fields, each length-
// prefixed so that no two different events hash alike.
func (l *Log) sum(ev *Event) string {
	m := hmac.New(sha256.New, l.key)
	var n [8]byte
	field := func(b []byte) {
		binary.BigEndian.PutUint64(n[:], uint64(len(b)))
		m.Write(n[:])
		m.Write(b)
	}
	field([]byte(strconv.FormatUint(ev.Seq, 10)))
	field([]byte(ev.Time.UTC().Format(time.RFC3339Nano)))
	field([]byte(ev.Type))
	field([]byte(ev.Actor))
	field(ev.Data)
	field([]byte(ev.Prev))
	return hex.EncodeToString(m.Sum(nil))
}

func (l *Log) readHead() (head, error) {
	b, err := os.ReadFile(filepath.Join(l.dir, headName))
	if errors.Is(err, os.ErrNotExist) {
		return head{}, nil
	}
	if err != nil {
		return head{}, fmt.Errorf("audit: %w", err)
	}
	var h head
	if err := json.Unmarshal(b, &h); err != nil {
		return head{}, fmt.Errorf("audit: the head file %s is damaged: %v", headName, err)
	}
	return h, nil
}

// writeHead replaces the head file atomically.
func (l *Log) writeHead(h head) error {
	b, _ := json.Marshal(h)
	if err := atomicfile.Write(l.dir, headName, b); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// Result is what verifying the trail found.
type Result struct {
	OK       bool   `json:"ok"`
	Events   uint64 `json:"events"`    // events that verified
	LastSeq  uint64 `json:"last_seq"`  // of the last event that verified
	LastHash string `json:"last_hash"` // of the last event that verified: keep it elsewhere to anchor the trail
	// Where the chain breaks, when it does: the event's line (1-based),
	// byte offset and sequence number (0 when unreadable), and why.
	BrokenAt *Position `json:"broken_at,omitempty"`
	Reason   string    `json:"reason,omitempty"`

	anchoredAt uint64 // seq of the log's anchorEvent, 0 when it has none
}

// Position names an event of the log file.
type Position struct {
	Line   int    `json:"line"`
	Offset int64  `json:"offset"`
	Seq    uint64 `json:"seq,omitempty"`
}

func (r Result) String() string {
	if r.OK {
		return fmt.Sprintf("ok: %d events, last hash %s", r.Events, r.LastHash)
	}
	if r.BrokenAt != nil {
		return fmt.Sprintf("broken at line %d (byte %d, seq %d): %s", r.BrokenAt.Line, r.BrokenAt.Offset, r.BrokenAt.Seq, r.Reason)
	}
	return "broken: " + r.Reason
}

const reasonTorn = "the last line is incomplete (a write was interrupted)"

// Verify recomputes the whole chain from the file on disk and checks it
// against the head.
func (l *Log) Verify() (Result, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f, err := os.Open(filepath.Join(l.dir, logName))
	if errors.Is(err, os.ErrNotExist) {
		f, err = os.Open(os.DevNull) // a deleted trail is an empty one, to be held against the anchor
	}
	if err != nil {
		return Result{}, fmt.Errorf("audit: %w", err)
	}
	defer f.Close()
	h, err := l.readHead()
	if err != nil {
		return Result{Reason: err.Error()}, nil
	}
	a, err := l.readAnchor()
	if err != nil {
		return Result{Reason: err.Error()}, nil
	}
	res, _, err := l.verify(f, h, a)
	return res, err
}

// verify reads the log from the start. complete is the length of its
// complete lines (where a torn last line starts), -1 when the log breaks
// before its end. h is the head the log must reach; the log may be one
// event past it (a crash between the two writes of Append). a is the
// anchor (nil when there is none), which the log may pass by one event
// as well.
func (l *Log) verify(f *os.File, h head, a *head) (res Result, complete int64, err error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return Result{}, -1, fmt.Errorf("audit: %w", err)
	}
	br := bufio.NewReaderSize(f, 64<<10)
	var (
		off    int64
		line   int
		prev   string
		torn   bool
		hashAt string // of the event at the anchor's seq
	)
	fail := func(seq uint64, reason string) (Result, int64, error) {
		res.OK = false
		res.BrokenAt = &Position{Line: line, Offset: off, Seq: seq}
		res.Reason = reason
		return res, -1, nil
	}
	for {
		b, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			// A line longer than any event: read the rest to report it.
			rest := append([]byte(nil), b...)
			for errors.Is(err, bufio.ErrBufferFull) && len(rest) <= maxLine {
				b, err = br.ReadSlice('\n')
				rest = append(rest, b...)
			}
			b = rest
			if err == nil && len(b) > maxLine {
				line++
				return fail(0, "a line longer than any event")
			}
		}
		if err == io.EOF {
			torn = len(b) > 0
			break
		}
		if err != nil {
			return Result{}, -1, fmt.Errorf("audit: %w", err)
		}
		line++
		var ev Event
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&ev); err != nil {
			return fail(0, "the event does not parse: "+err.Error())
		}
		switch {
		case ev.Seq != res.LastSeq+1:
			return fail(ev.Seq, fmt.Sprintf("sequence number %d where %d was due (an event removed or inserted)", ev.Seq, res.LastSeq+1))
		case ev.Prev != prev:
			return fail(ev.Seq, "its link to the event before does not match (the event before was changed or removed)")
		case !hmac.Equal([]byte(ev.Hash), []byte(l.sum(&ev))):
			return fail(ev.Seq, "its hash does not match its content (the event was changed)")
		}
		prev = ev.Hash
		if ev.Type == anchorEvent && res.anchoredAt == 0 {
			res.anchoredAt = ev.Seq
		}
		if a != nil && ev.Seq == a.Seq {
			hashAt = ev.Hash
		}
		res.Events++
		res.LastSeq, res.LastHash = ev.Seq, ev.Hash
		off += int64(len(b))
	}
	complete = off
	switch {
	case res.LastSeq < h.Seq:
		res.BrokenAt = &Position{Line: line + 1, Offset: off, Seq: res.LastSeq + 1}
		res.Reason = fmt.Sprintf("the log ends at seq %d but the head records seq %d (events cut off the end)", res.LastSeq, h.Seq)
		return res, -1, nil
	case res.LastSeq == h.Seq && res.LastHash != h.Hash:
		res.BrokenAt = &Position{Line: line, Offset: off, Seq: res.LastSeq}
		res.Reason = "the last event's hash differs from the head's"
		return res, -1, nil
	case res.LastSeq > h.Seq+1:
		res.Reason = fmt.Sprintf("the head records seq %d but the log runs to %d (the head file was replaced)", h.Seq, res.LastSeq)
		res.BrokenAt = &Position{Line: int(h.Seq) + 1, Offset: -1, Seq: h.Seq + 1}
		return res, -1, nil
	}
	if reason := l.checkAnchor(a, &res, hashAt); reason != "" {
		res.BrokenAt = &Position{Line: line + 1, Offset: off, Seq: res.LastSeq + 1}
		res.Reason = reason
		return res, -1, nil
	}
	if torn {
		res.BrokenAt = &Position{Line: line + 1, Offset: off, Seq: res.LastSeq + 1}
		res.Reason = reasonTorn
		return res, complete, nil
	}
	res.OK = true
	return res, complete, nil
}

// Since returns up to limit events with seq > after, or (when after is 0
// and since is not zero) at or after time since, and the seq to ask
// after for the next page (0 when there is none).
func (l *Log) Since(after uint64, since time.Time, limit int) ([]Event, uint64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f, err := os.Open(filepath.Join(l.dir, logName))
	if err != nil {
		return nil, 0, fmt.Errorf("audit: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	events := []Event{}
	for sc.Scan() {
		var ev Event
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			return nil, 0, fmt.Errorf("audit: an event does not parse (run piid audit verify): %v", err)
		}
		if ev.Seq <= after || (!since.IsZero() && ev.Time.Before(since)) {
			continue
		}
		if len(events) == limit {
			return events, events[len(events)-1].Seq, nil
		}
		events = append(events, ev)
	}
	if err := sc.Err(); err != nil {
		return nil, 0, fmt.Errorf("audit: %w", err)
	}
	return events, 0, nil
}
