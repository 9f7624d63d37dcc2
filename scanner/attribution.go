package scanner

import (
	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner/records"
)

// Match is how a finding bears the identifiers looked for (a set of keyed
// hashes), weakest first: a record's match is the strongest of its
// findings' (max).
//
// The rule every report, plan and search follows: a record is attributed
// to the person the identifiers name only on a SureMatch of one of its
// findings, a strong identifier (patterns.Type.Strong) met as given. A
// record whose strongest match is AmbiguousMatch holds one of the
// identifiers only as one reading of a guessed value (a national phone
// number valid in several countries); one whose strongest is WeakMatch
// holds only identifiers many people share (a date of birth, a postcode,
// an IP address). Either may be someone else's, so it is listed for
// review, never attributed, revealed or erased.
type Match uint8

const (
	NoMatch Match = iota
	// AmbiguousMatch: one of the readings of an ambiguous finding is an
	// identifier looked for.
	AmbiguousMatch
	// WeakMatch: the finding's one normalization is an identifier looked
	// for, of a type that does not name one person (Wanted says which).
	WeakMatch
	// SureMatch: the finding's one normalization is an identifier looked
	// for.
	SureMatch
)

// Attributes says whether a record of this match is the identifiers'
// person's.
func (m Match) Attributes() bool { return m == SureMatch }

// Wanted is the identifiers looked for: each keyed hash maps to whether
// its type is strong (patterns.Catalog.Strong), i.e. names one person on
// its own. A hash absent is not looked for.
type Wanted = map[patterns.Hash]bool

// Match says how f bears the hashes of set, and which of its readings
// matched (the zero Hash for NoMatch).
func (f *Finding) Match(set Wanted) (Match, patterns.Hash) {
	if strong, ok := set[f.Hash]; ok {
		switch {
		case f.Ambiguous:
			return AmbiguousMatch, f.Hash
		case !strong:
			return WeakMatch, f.Hash
		}
		return SureMatch, f.Hash
	}
	if f.Ambiguous {
		for _, h := range f.AltHashes {
			if _, ok := set[h]; ok {
				return AmbiguousMatch, h
			}
		}
	}
	return NoMatch, patterns.Hash{}
}

// RecordKey names the unit a finding is attributed in: a row (with its
// table, for SQL) of structured content, and within a JSON document the
// array element the value sits in ("/customers/1" of
// "/customers/1/mobile"), or the line of plain text. A document holding
// an array of customers holds several people: the subject's identifier
// in one element says nothing of the next, so reports and erasure plans
// attribute by this key (Match, Attributes) and nothing coarser.
type RecordKey struct {
	Structured bool
	Table      string
	Row        int
	Element    string
	Line       int64
}

// RecordKey is the unit f is attributed in.
func (f *Finding) RecordKey() RecordKey {
	if f.Record != nil && f.Record.Row > 0 {
		return RecordKey{Structured: true, Table: f.Record.Table, Row: f.Record.Row, Element: f.Record.Element()}
	}
	return RecordKey{Line: f.Line}
}

// Element is the array element of a JSON document r's value sits in
// (records.ArrayElement of its pointer), "" for none (CSV, SQL, nil).
func (r *Record) Element() string {
	if r == nil {
		return ""
	}
	return records.ArrayElement(r.Pointer)
}

// Document is the record k is a unit of, its array element left out: a
// report shows a JSON document as one record, whose values it attributes
// element by element.
func (k RecordKey) Document() RecordKey {
	k.Element = ""
	return k
}

// RecordGroups hands a scan's findings to a function record by record
// (RecordKey.Document): a record's findings come one after another, so each record
// is handed over whole when the next begins, and the last at Flush.
type RecordGroups struct {
	fn  func(rec []*Finding)
	cur []*Finding
	key RecordKey
}

// NewRecordGroups calls fn with each record's findings (fn must not keep
// the slice; the findings are its own copies).
func NewRecordGroups(fn func(rec []*Finding)) *RecordGroups {
	return &RecordGroups{fn: fn}
}

// Take adds a batch of a scan's findings, copied: the scanner reuses its
// batches.
func (g *RecordGroups) Take(fs []*Finding) {
	for _, f := range fs {
		k := f.RecordKey().Document()
		if len(g.cur) > 0 && k != g.key {
			g.Flush()
		}
		g.key = k
		c := *f
		if f.Record != nil {
			rc := *f.Record
			c.Record = &rc
		}
		g.cur = append(g.cur, &c)
	}
}

// Flush hands over the record being gathered, if any.
func (g *RecordGroups) Flush() {
	if len(g.cur) > 0 {
		g.fn(g.cur)
	}
	g.cur = g.cur[:0]
}
