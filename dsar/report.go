package dsar

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/piid/piid/index"
	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
	"github.com/piid/piid/scanner/confine"
	"github.com/piid/piid/scanner/records"
)

// Report is the Art. 15 answer to one request: where the subject's data
// is, a copy of it, and the inventory's context for each category.
type Report struct {
	RequestID   string                 `json:"request_id"`
	GeneratedAt time.Time              `json:"generated_at"`
	ReceivedAt  time.Time              `json:"received_at"`
	DueAt       time.Time              `json:"due_at"`
	Status      State                  `json:"status"`
	Subject     ReportSubject          `json:"subject"`
	Summary     Summary                `json:"summary"`
	Records     []ReportRecord         `json:"records"`
	Files       []ReportFile           `json:"files"`
	Categories  []Context              `json:"categories"`
	Expansion   []ExpansionKey         `json:"expansion,omitempty"`
	Notes       []string               `json:"notes,omitempty"`
	Extension   *Extension             `json:"extension,omitempty"`
	Identifiers map[patterns.Hash]bool `json:"-"` // subject's hashes, for rendering
}

// ReportSubject is the subject, in clear: the report goes to them.
type ReportSubject struct {
	Name        string             `json:"name"`
	Identifiers []ReportIdentifier `json:"identifiers"`
}

// ReportIdentifier is one identifier the request gave and how often it
// was found.
type ReportIdentifier struct {
	Type        string `json:"type"`
	Value       string `json:"value"`
	Occurrences int    `json:"occurrences"`
}

// Summary counts what the report holds.
type Summary struct {
	Files      int      `json:"files"`
	Records    int      `json:"records"`
	Values     int      `json:"values"`
	Categories []string `json:"categories"`
}

// ReportRecord is one record holding the subject's data: a CSV/TSV or SQL
// row (Record.Row, Record.Table), a JSON document or JSONL line
// (Record.Row), or a line of plain text (Line, Record nil).
type ReportRecord struct {
	Path   string          `json:"path"`
	Record *scanner.Record `json:"record,omitempty"`
	Line   int64           `json:"line"`
	// Expansion: the record holds none of the request's identifiers, only
	// one found beside them (identity expansion).
	Expansion bool          `json:"expansion,omitempty"`
	Values    []ReportValue `json:"values"`
}

// ReportValue is one piece of personal data of a record: the subject's
// in clear (Value), anyone else's masked only (Art. 15(4)).
type ReportValue struct {
	Type     string `json:"type"`
	Category string `json:"category"`
	Field    string `json:"field,omitempty"`
	Pointer  string `json:"pointer,omitempty"`
	Line     int64  `json:"line"`
	Start    int64  `json:"start"`
	End      int64  `json:"end"`
	Subject  bool   `json:"subject"`
	Value    string `json:"value,omitempty"`
	Masked   string `json:"masked"`
	hash     patterns.Hash

	// Ignored: the value is on the config's ignore list; an access
	// request still lists it, marked.
	Ignored bool `json:"ignored,omitempty"`
}

// ReportFile is one file the index placed the subject's data in.
type ReportFile struct {
	Path string `json:"path"`
	// Status: "current" (as indexed), "changed" (changed since indexing:
	// re-read and re-matched), "gone" (no longer exists), "unreadable".
	Status  string `json:"status"`
	Note    string `json:"note,omitempty"`
	Records int    `json:"records"`
}

// ExpansionKey is an identifier found beside the subject's and searched
// one hop further.
type ExpansionKey struct {
	Type   string `json:"type"`
	Masked string `json:"masked"`
	// Records is how many of the subject's records held it.
	Records int `json:"records"`
}

// ReportOptions tune a report.
type ReportOptions struct {
	// Expand widens the search one hop: strong identifiers (emails,
	// phones, account and national ids) found in the subject's structured
	// records are searched too, at most MaxExpansion of them.
	Expand       bool
	MaxExpansion int
}

// DefaultMaxExpansion bounds identity expansion.
const DefaultMaxExpansion = 20

// Report builds the request's Art. 15 report and records that it was
// generated (format names the rendering, for the audit trail).
func (s *Service) Report(ctx context.Context, id string, opts ReportOptions, format, actor string) (*Report, error) {
	r, ok := s.store.get(id)
	if !ok {
		return nil, ErrNotFound
	}
	rep, err := s.build(ctx, r, opts)
	if err != nil {
		return nil, err
	}
	s.writes.Lock()
	defer s.writes.Unlock()
	if cur, ok := s.store.get(id); ok {
		r = cur
	}
	r.Reports++
	if err := s.record("dsar.report", actor, r, map[string]any{
		"id": r.ID, "format": format, "expand": opts.Expand,
		"files": rep.Summary.Files, "records": rep.Summary.Records, "values": rep.Summary.Values,
	}); err != nil {
		return nil, err
	}
	return rep, nil
}

func (s *Service) build(ctx context.Context, r *Request, opts ReportOptions) (*Report, error) {
	now := s.now().UTC()
	rep := &Report{
		RequestID: r.ID, GeneratedAt: now, ReceivedAt: r.ReceivedAt, DueAt: r.deadline().DueAt(now),
		Status: r.State, Extension: r.Extension,
		Subject:     ReportSubject{Name: r.Name},
		Records:     []ReportRecord{},
		Files:       []ReportFile{},
		Categories:  []Context{},
		Identifiers: map[patterns.Hash]bool{},
	}
	subjectTypes := map[string]bool{"person_name": true}
	ids := make([]index.Identifier, len(r.Keys))
	for i, k := range r.Keys {
		ids[i] = index.Identifier{Type: k.Type, Hash: k.Hash}
		rep.Identifiers[k.Hash] = true
		subjectTypes[k.Type] = true
	}
	res, err := s.ix.Search(ids)
	if err != nil {
		return nil, err
	}
	paths := map[string]bool{}
	addPaths := func(res index.SearchResult) {
		for _, f := range res.Findings {
			paths[f.Path] = true
		}
		for _, rr := range res.Records {
			paths[rr.Path] = true
		}
	}
	addPaths(res)

	// Identity expansion: strong identifiers beside the subject's in
	// structured records, most frequent first.
	expanded := map[patterns.Hash]bool{}
	if opts.Expand {
		max := opts.MaxExpansion
		if max <= 0 {
			max = DefaultMaxExpansion
		}
		count := map[index.Identifier]int{}
		masked := map[patterns.Hash]string{}
		for _, rr := range res.Records {
			if rr.Record == nil {
				continue // a line of text may name anyone
			}
			// Only beside the subject's own identifiers: in one JSON
			// document, the same array element.
			mine := map[string]bool{}
			for _, f := range rr.Findings {
				if rep.Identifiers[f.Hash] {
					mine[element(f.Record)] = true
				}
			}
			seen := map[patterns.Hash]bool{}
			for _, f := range rr.Findings {
				if s.cat.Strong(f.Type) && !rep.Identifiers[f.Hash] && !seen[f.Hash] && mine[element(f.Record)] {
					seen[f.Hash] = true
					count[index.Identifier{Type: f.Type, Hash: f.Hash}]++
					masked[f.Hash] = f.Masked
				}
			}
		}
		var more []index.Identifier
		for k := range count {
			more = append(more, k)
		}
		sort.Slice(more, func(i, j int) bool {
			if count[more[i]] != count[more[j]] {
				return count[more[i]] > count[more[j]]
			}
			return bytes.Compare(more[i].Hash[:], more[j].Hash[:]) < 0
		})
		if len(more) > max {
			rep.Notes = append(rep.Notes, fmt.Sprintf("identity expansion followed %d of %d identifiers found beside the subject's", max, len(more)))
			more = more[:max]
		}
		for _, k := range more {
			expanded[k.Hash] = true
			rep.Expansion = append(rep.Expansion, ExpansionKey{Type: k.Type, Masked: masked[k.Hash], Records: count[k]})
		}
		if len(more) > 0 {
			res2, err := s.ix.Search(more)
			if err != nil {
				return nil, err
			}
			addPaths(res2)
		}
	}

	sorted := make([]string, 0, len(paths))
	for p := range paths {
		sorted = append(sorted, p)
	}
	sort.Strings(sorted)
	w, err := s.sc.NewWorker()
	if err != nil {
		return nil, err
	}
	defer w.Close()
	m := matcher{subject: rep.Identifiers, expanded: expanded, nameWords: map[string]bool{}, subjectTypes: subjectTypes, nameOf: s.nameWords}
	for _, w := range s.nameWords(r.Name) {
		m.nameWords[w] = true
	}
	for _, p := range sorted {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rf := ReportFile{Path: p, Status: "current"}
		fi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			rf.Status, rf.Note = "gone", "the file no longer exists; the index still listed it"
			rep.Files = append(rep.Files, rf)
			continue
		}
		if err == nil && s.changed(p, fi) {
			rf.Status, rf.Note = "changed", "changed since it was indexed: re-read and re-matched now"
		}
		recs, err := m.read(ctx, w, s.roots, p)
		if err != nil {
			rf.Status, rf.Note = "unreadable", err.Error()
		}
		if err == nil && len(recs) == 0 {
			rf.Note = "no longer holds the subject's identifiers"
		}
		rf.Records = len(recs)
		rep.Records = append(rep.Records, recs...)
		rep.Files = append(rep.Files, rf)
	}
	s.summarize(rep, r)
	return rep, nil
}

// changed says whether the file differs from what the index saw.
func (s *Service) changed(path string, fi fs.FileInfo) bool {
	var inode uint64
	if sys, ok := fi.Sys().(*syscall.Stat_t); ok {
		inode = sys.Ino
	}
	return !s.ix.Unchanged(path, fi.Size(), fi.ModTime().UnixNano(), inode)
}

// matcher reads a file back and keeps the records holding the subject's
// identifiers.
type matcher struct {
	subject, expanded map[patterns.Hash]bool
	// nameWords are the words of the subject's name, normalized as
	// names are; nameOf splits a found name the same way.
	nameWords    map[string]bool
	nameOf       func(string) []string
	subjectTypes map[string]bool
}

// isSubjectName says whether a name found in the subject's record is the
// subject's: each of its words is a word of the subject's name ("Anna",
// "Rossi", "Anna Rossi" for Anna Rossi; not "Marco Rossi").
func (m *matcher) isSubjectName(v string) bool {
	words := m.nameOf(v)
	for _, w := range words {
		if !m.nameWords[w] {
			return false
		}
	}
	return len(words) > 0
}

// read rescans path (revealing values) and returns its records holding a
// subject's or an expanded identifier. Findings come in file order, so a
// record's findings are consecutive: each record is decided when the next
// begins, holding one record's findings at a time.
func (m *matcher) read(ctx context.Context, w *scanner.Worker, roots *confine.Roots, path string) ([]ReportRecord, error) {
	f, fi, err := roots.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var (
		out  []ReportRecord
		cur  []*scanner.Finding
		curK recordKey
	)
	flush := func() {
		if len(cur) > 0 {
			if rec, ok := m.record(cur); ok {
				out = append(out, rec)
			}
		}
		cur = cur[:0]
	}
	take := func(fs []*scanner.Finding) {
		for _, f := range fs {
			k := keyOf(f)
			if len(cur) > 0 && k != curK {
				flush()
			}
			curK = k
			// Copy: the scanner reuses its batches.
			c := *f
			if f.Record != nil {
				rc := *f.Record
				c.Record = &rc
			}
			cur = append(cur, &c)
		}
	}
	res := w.ScanOpen(ctx, path, f, fi.Size(), take)
	if res == nil {
		return nil, errors.New("the scan returned nothing")
	}
	take(res.Findings)
	flush()
	if res.Err != nil && !res.Skipped {
		if len(out) == 0 {
			return nil, res.Err
		}
	} else if res.Skipped {
		return nil, res.Err
	}
	return out, nil
}

type recordKey struct {
	structured bool
	table      string
	row        int
	line       int64
}

func keyOf(f *scanner.Finding) recordKey {
	if f.Record != nil && f.Record.Row > 0 {
		return recordKey{structured: true, table: f.Record.Table, row: f.Record.Row}
	}
	return recordKey{line: f.Line}
}

// record decides one record: kept when it holds an identifier of the
// subject (or one found by expansion). Its values are the subject's, and
// shown, when they are the identifiers themselves, the subject's name, or
// (in a structured record found through the subject's own identifier)
// data of a type the subject gave no identifier of: a row's date of birth
// or address is the subject's, a second email is someone else's. A name
// is the subject's when its words are the subject name's. In plain text,
// only the identifiers and the name are known to be the subject's.
func (m *matcher) record(fs []*scanner.Finding) (ReportRecord, bool) {
	direct, viaExpansion := false, false
	for _, f := range fs {
		direct = direct || m.subject[f.Hash]
		viaExpansion = viaExpansion || m.expanded[f.Hash]
	}
	if !direct && !viaExpansion {
		return ReportRecord{}, false
	}
	first := fs[0]
	rec := ReportRecord{Path: first.Path, Line: first.Line, Expansion: !direct, Values: make([]ReportValue, 0, len(fs))}
	structured := first.Record != nil && first.Record.Row > 0
	if structured {
		rec.Record = &scanner.Record{Row: first.Record.Row, Table: first.Record.Table}
	}
	// A JSON document may hold several people (an array of customers):
	// when it holds another value of a type the subject gave, only the
	// array elements holding the subject's identifiers are the subject's.
	mine, shared := map[string]bool{}, false
	for _, f := range fs {
		if m.subject[f.Hash] || m.expanded[f.Hash] {
			mine[element(f.Record)] = true
		} else if m.subjectTypes[f.Type] && f.Type != "person_name" {
			shared = true
		}
	}
	for _, f := range fs {
		v := ReportValue{Type: f.Type, Category: f.Category, Line: f.Line, Start: f.Start, End: f.End, Masked: f.Masked, Ignored: f.Ignored, hash: f.Hash}
		if f.Record != nil {
			v.Field, v.Pointer = f.Record.Field, f.Record.Pointer
		}
		switch {
		case m.subject[f.Hash] || m.expanded[f.Hash]:
			v.Subject = true
		case f.Type == "person_name":
			v.Subject = m.isSubjectName(f.Value) && (!shared || mine[element(f.Record)])
		case structured && direct:
			v.Subject = !m.subjectTypes[f.Type] && (!shared || mine[element(f.Record)])
		}
		if v.Subject {
			v.Value = f.Value
		}
		rec.Values = append(rec.Values, v)
	}
	return rec, true
}

// summarize counts, fills the identifiers' occurrences and the inventory
// context of each category of the subject's data.
func (s *Service) summarize(rep *Report, r *Request) {
	occ := map[patterns.Hash]int{}
	type catInfo struct {
		types map[string]bool
		paths map[string]bool
	}
	cats := map[string]*catInfo{}
	files := map[string]bool{}
	for _, rec := range rep.Records {
		files[rec.Path] = true
		for _, v := range rec.Values {
			if !v.Subject {
				continue
			}
			rep.Summary.Values++
			ci := cats[v.Category]
			if ci == nil {
				ci = &catInfo{types: map[string]bool{}, paths: map[string]bool{}}
				cats[v.Category] = ci
			}
			ci.types[v.Type] = true
			ci.paths[rec.Path] = true
		}
	}
	for _, rec := range rep.Records {
		for _, v := range rec.Values {
			occ[v.hash]++
		}
	}
	for _, id := range r.Identifiers {
		ri := ReportIdentifier{Type: id.Type, Value: id.Value}
		if norm, err := s.cat.Identifier(id.Type, id.Value); err == nil {
			ri.Occurrences = occ[s.cat.Hasher().Sum(id.Type, []byte(norm))]
		}
		rep.Subject.Identifiers = append(rep.Subject.Identifiers, ri)
	}
	rep.Summary.Files = len(files)
	rep.Summary.Records = len(rep.Records)
	names := make([]string, 0, len(cats))
	for c := range cats {
		names = append(names, c)
	}
	sort.Strings(names)
	rep.Summary.Categories = names
	inv := *s.inv.Load()
	for _, c := range names {
		ci := cats[c]
		ctx := Context{Category: c, Types: sortedKeys(ci.types), Processing: inv.covering(c, sortedKeys(ci.paths))}
		ctx.Undocumented = len(ctx.Processing) == 0
		rep.Categories = append(rep.Categories, ctx)
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// nameWords normalizes a name as the catalog normalizes person names and
// splits it into words.
func (s *Service) nameWords(name string) []string {
	norm, err := s.cat.Identifier("person_name", name)
	if err != nil {
		return nil
	}
	return strings.Fields(norm)
}

// element is the array element a JSON value sits in (records.ArrayElement
// of its pointer); CSV or SQL fields give "".
func element(r *scanner.Record) string {
	if r == nil {
		return ""
	}
	return records.ArrayElement(r.Pointer)
}
