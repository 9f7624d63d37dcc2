package scanner

import "github.com/piid/piid/patterns"

// Match is how a finding bears the identifiers looked for (a set of keyed
// hashes), weakest first: a record's match is the strongest of its
// findings' (max).
//
// The rule every report, plan and search follows: a record is attributed
// to the person the identifiers name only on a SureMatch of one of its
// findings. A record whose strongest match is AmbiguousMatch holds one of
// the identifiers only as one reading of a guessed value (a national
// phone number valid in several countries): it may be someone else's, so
// it is listed for review, never attributed, revealed or erased.
type Match uint8

const (
	NoMatch Match = iota
	// AmbiguousMatch: one of the readings of an ambiguous finding is an
	// identifier looked for.
	AmbiguousMatch
	// SureMatch: the finding's one normalization is an identifier looked
	// for.
	SureMatch
)

// Attributes says whether a record of this match is the identifiers'
// person's.
func (m Match) Attributes() bool { return m == SureMatch }

// Match says how f bears the hashes of set, and which of its readings
// matched (the zero Hash for NoMatch).
func (f *Finding) Match(set map[patterns.Hash]bool) (Match, patterns.Hash) {
	if set[f.Hash] {
		if f.Ambiguous {
			return AmbiguousMatch, f.Hash
		}
		return SureMatch, f.Hash
	}
	if f.Ambiguous {
		for _, h := range f.AltHashes {
			if set[h] {
				return AmbiguousMatch, h
			}
		}
	}
	return NoMatch, patterns.Hash{}
}

// RecordKey names the record a finding of a file belongs to: a row (with
// its table, for SQL) of structured content, or the line of plain text.
// A record's findings come one after another in a scan.
type RecordKey struct {
	Structured bool
	Table      string
	Row        int
	Line       int64
}

// RecordKey is the record f belongs to.
func (f *Finding) RecordKey() RecordKey {
	if f.Record != nil && f.Record.Row > 0 {
		return RecordKey{Structured: true, Table: f.Record.Table, Row: f.Record.Row}
	}
	return RecordKey{Line: f.Line}
}

// RecordGroups hands a scan's findings to a function record by record
// (RecordKey): a record's findings come one after another, so each record
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
		k := f.RecordKey()
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
