package erasure

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/piid/piid/dsar"
	"github.com/piid/piid/dsar/rewrite"
	"github.com/piid/piid/index"
	"github.com/piid/piid/scanner"
	"github.com/piid/piid/scanner/confine"
)

// Run applies approved erasures once their grace period is over, until
// ctx ends. It first resumes what a crash interrupted: an erasure left
// applying goes on from the files it had not finished (a file is
// replaced whole or not at all, so a file is never half rewritten).
func (s *Service) Run(ctx context.Context) {
	for _, e := range s.List(Applying) {
		s.log.Info("erasure: resuming after an interruption", "id", e.ID, "files_done", len(e.Results))
		// A rewrite the crash cut short left its temp file beside the
		// original, which it never replaced.
		dirs := map[string]bool{}
		for _, f := range e.Files {
			dirs[filepath.Dir(f.Path)] = true
		}
		for dir := range dirs {
			if _, err := rewrite.CleanupTempsIn(s.opts.Roots, dir, ""); err != nil {
				s.log.Warn("erasure: removing temp files", "dir", dir, "error", err)
			}
		}
		s.apply(ctx, e.ID)
	}
	for _, e := range s.List(Applied) {
		s.finish(ctx, e.ID) // a crash between applying and verifying
	}
	s.sweep()
	retried := map[string]time.Time{}
	for _, e := range append(s.List(Applying), s.List(Applied)...) {
		retried[e.ID] = time.Now() // just resumed above
	}
	for {
		for _, e := range s.List(Approved) {
			if !s.now().Before(e.ApplyAt) {
				s.apply(ctx, e.ID)
			}
		}
		// An erasure left applying or applied by an error (a full disk)
		// is retried every half minute.
		for _, e := range append(s.List(Applying), s.List(Applied)...) {
			if time.Since(retried[e.ID]) < 30*time.Second {
				continue
			}
			retried[e.ID] = time.Now()
			if e.Status == Applying {
				s.apply(ctx, e.ID)
			} else {
				s.finish(ctx, e.ID)
			}
		}
		if ctx.Err() != nil {
			return
		}
		wait := time.Second
		for _, e := range s.List(Approved) {
			if d := e.ApplyAt.Sub(s.now()); d < wait {
				wait = max(d, 0)
			}
		}
		tm := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			tm.Stop()
			return
		case <-s.wake:
		case <-tm.C:
		}
		tm.Stop()
	}
}

// apply rewrites each file of the erasure, then verifies.
func (s *Service) apply(ctx context.Context, id string) {
	// Resumed after a crash, the first file not recorded may be one this
	// erasure had already replaced (a new inode) when the crash came.
	prev, _ := s.get(id)
	resumed := prev != nil && prev.Status == Applying
	if s.waitWritable(ctx) != nil {
		return // resumed at the next start
	}
	e, err := s.start(id)
	if err != nil {
		s.log.Error("erasure: cannot start", "id", id, "error", err)
		return
	}
	if e == nil {
		return // cancelled (or otherwise moved on) since it was listed
	}
	done := map[string]bool{}
	for _, r := range e.Results {
		done[r.Path] = true
	}
	w, err := s.opts.Scanner.NewWorker()
	if err != nil {
		s.log.Error("erasure: scanner", "id", id, "error", err)
		return
	}
	defer w.Close()
	var touched []string
	for _, f := range e.Files {
		if done[f.Path] {
			continue
		}
		if s.waitWritable(ctx) != nil {
			return // resumed at the next start
		}
		r := s.applyFile(ctx, w, e, f, !resumed)
		resumed = false
		if r.Status == "" {
			return // interrupted: resumed at the next start
		}
		if r.Status == "applied" {
			touched = append(touched, f.Path)
		}
		e.Results = append(e.Results, r)
		data := map[string]any{"path": dsar.AuditPath(s.cat, r.Path), "status": r.Status, "replaced": r.Replaced, "deleted_records": r.DeletedRecords, "replanned": r.Replanned}
		if r.Before != nil && r.After != nil {
			data["before"], data["after"] = r.Before, r.After
		}
		if err := s.record("erasure.file", "piid", e, data); err != nil {
			// The file is rewritten but its step is not recorded: stop
			// here; a resume finds nothing of the subject left in it.
			s.log.Error("erasure: recording a file", "id", id, "error", err)
			return
		}
	}
	e.Status = Applied
	e.History = append(e.History, Step{Status: Applied, At: s.now().UTC(), Actor: "piid"})
	if err := s.record("erasure.applied", "piid", e, map[string]any{"files": len(e.Results)}); err != nil {
		s.log.Error("erasure: recording", "id", id, "error", err)
		return
	}
	s.finish(ctx, id)
}

// finish reindexes the erasure's files, then verifies.
func (s *Service) finish(ctx context.Context, id string) {
	e, ok := s.get(id)
	if !ok {
		return
	}
	var paths []string
	for _, r := range e.Results {
		if r.Status == "manual" || r.Status == "gone" {
			continue
		}
		if _, err := os.Lstat(r.Path); err == nil { // one missing path fails the whole rescan
			paths = append(paths, r.Path)
		}
	}
	if s.opts.Reindex != nil && len(paths) > 0 {
		if err := s.opts.Reindex(ctx, paths); err != nil {
			if ctx.Err() != nil {
				return // verified at the next start
			}
			s.log.Warn("erasure: reindexing", "id", id, "error", err)
		}
	}
	s.verify(ctx, id)
}

// start moves an approved erasure to applying, checking its status under
// the lock that cancelling takes: a cancelled erasure is never applied. It
// returns the erasure to apply (one already applying is resumed), or nil.
func (s *Service) start(id string) (*Erasure, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, ok := s.erasures[id]
	if !ok {
		return nil, nil
	}
	e := cur.clone()
	switch e.Status {
	case Applying:
		return e, nil
	case Approved:
	default:
		return nil, nil
	}
	e.Status = Applying
	e.History = append(e.History, Step{Status: Applying, At: s.now().UTC(), Actor: "piid"})
	if _, err := s.opts.Audit.Append("erasure.applying", "piid", map[string]any{"id": e.ID, "files": len(e.Files)}); err != nil {
		return nil, err
	}
	return e, s.putLocked(e)
}

// waitWritable waits for room to write the index and the audit trail;
// the error is ctx's.
func (s *Service) waitWritable(ctx context.Context) error {
	if s.opts.WaitWritable == nil {
		return ctx.Err()
	}
	return s.opts.WaitWritable(ctx)
}

// errInterrupted: the daemon is stopping; the file is redone at the next
// start.
var errInterrupted = errors.New("interrupted")

// applyFile rewrites one file: the subject's values are found again by a
// rescan (revealing them, for the mask strategy), checked against the
// plan's fingerprint, and rewritten in one atomic replacement.
func (s *Service) applyFile(ctx context.Context, w *scanner.Worker, e *Erasure, f File, checkID bool) Result {
	r := Result{Path: f.Path, At: s.now().UTC()}
	if f.Manual != "" {
		r.Status, r.Error = "manual", f.Manual
		return r
	}
	for attempt := 0; ; attempt++ {
		fp, id, edits, err := s.readFile(ctx, w, e, f, checkID)
		if errors.Is(err, fs.ErrNotExist) {
			r.Status = "gone"
			return r
		}
		if errors.Is(err, errInterrupted) {
			r.Status = ""
			return r
		}
		if err != nil {
			r.Status, r.Error = "failed", err.Error()
			return r
		}
		r.Replanned = fp.Size != f.Size || fp.ContentHash != f.ContentHash
		if len(edits) == 0 {
			r.Status = "unchanged"
			return r
		}
		res, err := rewrite.Apply(f.Path, edits, rewrite.Options{Expect: &fp, Roots: s.opts.Roots, ExpectID: &id, Fields: s.cat, Dialect: f.Dialect})
		if errors.Is(err, rewrite.ErrChanged) && attempt < 2 {
			continue // written to while we scanned it: scan again
		}
		if err != nil {
			r.Status, r.Error = "failed", err.Error()
			return r
		}
		r.Status, r.Replaced, r.DeletedRecords = "applied", res.Replaced, res.DeletedRecords
		r.Before, r.After = &res.Before, &res.After
		return r
	}
}

// readFile opens the plan's file as confinement allows, checks it is the
// file the plan saw (device and inode, when checkID), and fingerprints and rescans that
// one descriptor, up to its fstat size.
func (s *Service) readFile(ctx context.Context, w *scanner.Worker, e *Erasure, f File, checkID bool) (rewrite.Fingerprint, confine.FileID, []rewrite.Edit, error) {
	var fp rewrite.Fingerprint
	file, fi, err := s.opts.Roots.Open(f.Path)
	if err != nil {
		return fp, confine.FileID{}, nil, err
	}
	defer file.Close()
	id := confine.IDOf(fi)
	if checkID && f.Inode != 0 && id != (confine.FileID{Dev: f.Device, Ino: f.Inode}) {
		return fp, id, nil, fmt.Errorf("%w: %s", rewrite.ErrNotSame, f.Path)
	}
	h, n, err := index.ContentHash(io.NewSectionReader(file, 0, fi.Size()))
	if err != nil {
		return fp, id, nil, err
	}
	fp = rewrite.Fingerprint{Size: n, ContentHash: h}
	edits, err := s.edits(ctx, w, e, f.Path, file, n)
	return fp, id, edits, err
}

// edits rescans the file and returns an edit for each of the subject's
// values in it: in each record one of the identifiers surely names
// (scanner.Match), each value that is one of them or reads as one. A
// record holding them only as readings of ambiguous values is left alone.
func (s *Service) edits(ctx context.Context, w *scanner.Worker, e *Erasure, path string, f io.ReaderAt, size int64) ([]rewrite.Edit, error) {
	want := keySet(s.cat, e.Identifiers)
	var edits []rewrite.Edit
	groups := scanner.NewRecordGroups(func(rec []*scanner.Finding) {
		// Attributed by unit (RecordKey: the row, or its array element).
		best := map[scanner.RecordKey]scanner.Match{}
		for _, f := range rec {
			m, _ := f.Match(want)
			best[f.RecordKey()] = max(best[f.RecordKey()], m)
		}
		for _, f := range rec {
			if m, _ := f.Match(want); m == scanner.NoMatch || !best[f.RecordKey()].Attributes() {
				continue
			}
			ed := rewrite.Edit{Start: f.Start, End: f.End, Action: rewrite.Replace}
			if e.Strategy == DeleteRecord {
				ed.Action = rewrite.DeleteRecord
			} else {
				ed.Replacement = s.replacement(e.Strategy, f)
			}
			edits = append(edits, ed)
		}
	})
	take := func(fs []*scanner.Finding) {
		if s.adjust != nil {
			for _, f := range fs {
				s.adjust(f)
			}
		}
		groups.Take(fs)
	}
	res := w.ScanOpen(ctx, path, f, size, take)
	if res == nil {
		return nil, errors.New("the scan returned nothing")
	}
	take(res.Findings)
	groups.Flush()
	if ctx.Err() != nil {
		return nil, errInterrupted // a partial scan must not be applied
	}
	if res.Err != nil {
		return nil, fmt.Errorf("rescanning: %w", res.Err)
	}
	return edits, nil
}

// verify checks the index holds none of the identifiers any more:
// verified (and the identifiers become tombstones), or failed with what
// remains.
func (s *Service) verify(ctx context.Context, id string) {
	e, ok := s.get(id)
	if !ok || e.Status != Applied {
		return
	}
	if len(e.Plan) == 0 {
		// Nothing was located, so nothing was erased: an empty index
		// proves nothing.
		if err := s.nothingFound(e, "piid", map[string]any{"files": len(e.Results)}); err != nil {
			s.log.Error("erasure: recording", "id", id, "error", err)
		}
		return
	}
	ids := make([]index.Identifier, len(e.Identifiers))
	for i, k := range e.Identifiers {
		ids[i] = index.Identifier{Type: k.Type, Hash: k.Hash}
	}
	res, err := s.opts.Index.Search(ids)
	if err != nil {
		s.log.Error("erasure: verifying", "id", id, "error", err)
		return
	}
	// What the identifiers name only through readings of ambiguous
	// values was never planned: not left behind.
	sure, _, _ := attribute(res.Findings, keySet(s.cat, e.Identifiers))
	e.Remaining = nil
	for _, f := range sure {
		e.Remaining = append(e.Remaining, Item{Path: f.Path, Record: f.Record, Line: f.Line, Start: f.Start, End: f.End,
			Type: f.Type, Masked: f.Masked, Hash: f.Hash, Action: string(e.Strategy)})
	}
	failed := 0
	for _, r := range e.Results {
		if r.Status == "failed" {
			failed++
		}
	}
	if len(e.Remaining) == 0 && failed == 0 && s.awaitingRename(e) {
		return // verified once the paths naming the subject are renamed
	}
	now := s.now().UTC()
	if len(e.Remaining) == 0 && failed == 0 {
		if err := s.tomb.add(e.ID, e.Identifiers); err != nil {
			s.log.Error("erasure: tombstones", "id", id, "error", err)
			return
		}
		s.forgetHits(e.Identifiers) // erased again: the next return is flagged anew
		e.Status = Verified
		e.History = append(e.History, Step{Status: Verified, At: now, Actor: "piid", Note: "no identifier of the subject is left in the index"})
		if err := s.record("erasure.verified", "piid", e, map[string]any{"tombstones": keyHashes(e.Identifiers)}); err != nil {
			s.log.Error("erasure: recording", "id", id, "error", err)
		}
		return
	}
	e.Status = Failed
	note := fmt.Sprintf("%d locations remain", len(e.Remaining))
	if failed > 0 {
		// A file that could not be rewritten (not the one the plan saw,
		// a link on the way) may hold the subject's data out of the
		// index's sight: never verified.
		note += fmt.Sprintf("; %d files failed", failed)
	}
	e.History = append(e.History, Step{Status: Failed, At: now, Actor: "piid", Note: note})
	if err := s.record("erasure.failed", "piid", e, map[string]any{"remaining": len(e.Remaining), "files_failed": failed}); err != nil {
		s.log.Error("erasure: recording", "id", id, "error", err)
	}
}
