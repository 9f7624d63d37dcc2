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
	Review      []ReviewRecord         `json:"review"`
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
	// Review counts the records held back for review (Report.Review).
	Review int `json:"review,omitempty"`
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

// ReviewRecord is a record that holds one of the subject's identifiers
// (or an expanded one) only as one reading of an ambiguous value: a
// national-format phone number valid in several countries, with nothing
// in the record to say which. It may be another person's record, so it is
// not attributed to the subject: it is listed for a reviewer to decide,
// with the matching values masked, never revealed, and identity expansion
// never starts from it.
type ReviewRecord struct {
	Path    string          `json:"path"`
	Record  *scanner.Record `json:"record,omitempty"`
	Line    int64           `json:"line"`
	Matched []ReviewValue   `json:"matched"`
	Reason  string          `json:"reason"`
}

// ReviewValue is a value of a ReviewRecord one of whose readings matched.
type ReviewValue struct {
	Type     string `json:"type"`
	Category string `json:"category"`
	Field    string `json:"field,omitempty"`
	Pointer  string `json:"pointer,omitempty"`
	Line     int64  `json:"line"`
	Start    int64  `json:"start"`
	End      int64  `json:"end"`
	Masked   string `json:"masked"`
}

// weakReason says why a record reached only through weak identifiers is
// held back for review.
const weakReason = "the subject's identifiers found here are only ones many people share (a date of birth, a postcode, " +
	"an IP address, a URL, a street): the record may be another person's, so it is not attributed to the subject"

// reviewReason says why a record is held back for review.
const reviewReason = "one of the subject's identifiers matches here only as one reading of an ambiguous value " +
	"(written without its country, valid in several): the record may be another person's, so it is not attributed to the subject"

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
		Review:      []ReviewRecord{},
		Files:       []ReportFile{},
		Categories:  []Context{},
		Identifiers: map[patterns.Hash]bool{},
	}
	subjectTypes := map[string]bool{"person_name": true}
	ids := make([]index.Identifier, len(r.Keys))
	for i, k := range r.Keys {
		ids[i] = index.Identifier{Type: k.Type, Hash: k.Hash}
		rep.Identifiers[k.Hash] = s.cat.Strong(k.Type) // a weak one attributes nothing alone
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
			if rr.Record == nil || rr.Ambiguous {
				continue // a line of text may name anyone; an ambiguous reading may be anyone's
			}
			// Only beside the subject's own identifiers: in one JSON
			// document, the same array element.
			mine := map[string]bool{}
			for _, f := range rr.Findings {
				if m, _ := f.Match(rep.Identifiers); m.Attributes() {
					mine[element(f.Record)] = true
				}
			}
			seen := map[patterns.Hash]bool{}
			for _, f := range rr.Findings {
				if f.Ambiguous {
					continue // a guess is no one's identifier to follow
				}
				if s.cat.Strong(f.Type) && !given(rep.Identifiers, f.Hash) && !seen[f.Hash] && mine[element(f.Record)] {
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
	m := matcher{subject: rep.Identifiers, expanded: expanded, nameWords: map[string]bool{}, subjectTypes: subjectTypes, nameOf: s.nameWords, adjust: s.adjust}
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
		recs, review, err := m.read(ctx, w, s.roots, p)
		if err != nil {
			rf.Status, rf.Note = "unreadable", err.Error()
		}
		switch {
		case err == nil && len(recs) == 0 && len(review) > 0:
			rf.Note = "holds the subject's identifiers only as readings of ambiguous values: listed for review"
		case err == nil && len(recs) == 0:
			rf.Note = "no longer holds the subject's identifiers"
		}
		rf.Records = len(recs)
		rep.Records = append(rep.Records, recs...)
		rep.Review = append(rep.Review, review...)
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
	// adjust, when set, changes each finding the rescan gives (tests
	// stand in for the scanner's ambiguity with it).
	adjust func(*scanner.Finding)
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
// subject's or an expanded identifier, and those holding one only as a
// reading of an ambiguous value, for review. Findings come in file order,
// so a record's findings are consecutive: each record is decided when the
// next begins, holding one record's findings at a time.
func (m *matcher) read(ctx context.Context, w *scanner.Worker, roots *confine.Roots, path string) ([]ReportRecord, []ReviewRecord, error) {
	f, fi, err := roots.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var (
		out    []ReportRecord
		review []ReviewRecord
	)
	groups := scanner.NewRecordGroups(func(fs []*scanner.Finding) {
		rec, rv, ok := m.record(fs)
		switch {
		case !ok:
		case rv != nil:
			review = append(review, *rv)
		default:
			out = append(out, rec)
		}
	})
	take := func(fs []*scanner.Finding) {
		if m.adjust != nil {
			for _, f := range fs {
				m.adjust(f)
			}
		}
		groups.Take(fs)
	}
	res := w.ScanOpen(ctx, path, f, fi.Size(), take)
	if res == nil {
		return nil, nil, errors.New("the scan returned nothing")
	}
	take(res.Findings)
	groups.Flush()
	if res.Err != nil && !res.Skipped {
		if len(out) == 0 && len(review) == 0 {
			return nil, nil, res.Err
		}
	} else if res.Skipped {
		return nil, nil, res.Err
	}
	return out, review, nil
}

// match is how f bears the subject's or the expanded identifiers, and
// the reading that matched.
func (m *matcher) match(f *scanner.Finding) (scanner.Match, patterns.Hash) {
	best, h := f.Match(m.subject)
	if e, eh := f.Match(m.expanded); e > best {
		best, h = e, eh
	}
	return best, h
}

// record decides one record: kept when one of its findings surely is an
// identifier of the subject (or one found by expansion); held back for
// review (rv) when its findings are such an identifier only as readings
// of ambiguous values (scanner.Match). A kept record's values are the
// subject's, and shown, when they are the identifiers themselves, the
// subject's name, or (in a structured record found through the subject's
// own identifier) data of a type the subject gave no identifier of: a
// row's date of birth or address is the subject's, a second email is
// someone else's. A name is the subject's when its words are the subject
// name's. In plain text, only the identifiers and the name are known to
// be the subject's.
func (m *matcher) record(fs []*scanner.Finding) (rec ReportRecord, rv *ReviewRecord, ok bool) {
	direct, viaExpansion := scanner.NoMatch, scanner.NoMatch
	for _, f := range fs {
		d, _ := f.Match(m.subject)
		e, _ := f.Match(m.expanded)
		direct, viaExpansion = max(direct, d), max(viaExpansion, e)
	}
	first := fs[0]
	structured := first.Record != nil && first.Record.Row > 0
	var at *scanner.Record
	if structured {
		at = &scanner.Record{Row: first.Record.Row, Table: first.Record.Table}
	}
	if !direct.Attributes() && !viaExpansion.Attributes() {
		if direct == scanner.NoMatch && viaExpansion == scanner.NoMatch {
			return rec, nil, false
		}
		rv = &ReviewRecord{Path: first.Path, Record: at, Line: first.Line, Reason: reviewReason}
		if max(direct, viaExpansion) == scanner.WeakMatch {
			rv.Reason = weakReason
		}
		for _, f := range fs {
			if mt, _ := m.match(f); mt != scanner.NoMatch {
				v := ReviewValue{Type: f.Type, Category: f.Category, Line: f.Line, Start: f.Start, End: f.End, Masked: f.Masked}
				if f.Record != nil {
					v.Field, v.Pointer = f.Record.Field, f.Record.Pointer
				}
				rv.Matched = append(rv.Matched, v)
			}
		}
		return rec, rv, true
	}
	isDirect := direct.Attributes()
	rec = ReportRecord{Path: first.Path, Line: first.Line, Record: at, Expansion: !isDirect, Values: make([]ReportValue, 0, len(fs))}
	// A JSON document may hold several people (an array of customers):
	// when it holds another value of a type the subject gave, only the
	// array elements holding the subject's identifiers surely are the
	// subject's. A value that is the subject's only as one reading of an
	// ambiguous value is another person's value of that type, unless it
	// sits in the subject's part of the record.
	mine, shared := map[string]bool{}, false
	for _, f := range fs {
		if mt, _ := m.match(f); mt.Attributes() {
			mine[element(f.Record)] = true
		} else if m.subjectTypes[f.Type] && f.Type != "person_name" {
			shared = true
		}
	}
	for _, f := range fs {
		mt, h := m.match(f)
		if mt == scanner.NoMatch {
			h = f.Hash
		}
		v := ReportValue{Type: f.Type, Category: f.Category, Line: f.Line, Start: f.Start, End: f.End, Masked: f.Masked, Ignored: f.Ignored, hash: h}
		if f.Record != nil {
			v.Field, v.Pointer = f.Record.Field, f.Record.Pointer
		}
		switch {
		case mt.Attributes():
			v.Subject = true
		case mt == scanner.AmbiguousMatch || mt == scanner.WeakMatch:
			v.Subject = !shared || mine[element(f.Record)]
		case f.Type == "person_name":
			v.Subject = m.isSubjectName(f.Value) && (!shared || mine[element(f.Record)])
		case structured && isDirect:
			v.Subject = !m.subjectTypes[f.Type] && (!shared || mine[element(f.Record)])
		}
		if v.Subject {
			v.Value = f.Value
		}
		rec.Values = append(rec.Values, v)
	}
	return rec, nil, true
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
	rep.Summary.Review = len(rep.Review)
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

// element is the array element a JSON value sits in, the unit of
// attribution within a record (scanner.RecordKey); CSV or SQL fields give "".
func element(r *scanner.Record) string { return r.Element() }

// given reports whether h is one of the identifiers of set.
func given(set scanner.Wanted, h patterns.Hash) bool {
	_, ok := set[h]
	return ok
}
