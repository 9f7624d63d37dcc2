package scanner

import "github.com/piid/piid/patterns"

// Record locates a finding inside structured content: a CSV/TSV/SQL row and
// its field, or a JSON document and the RFC 6901 pointer of the value. Plain
// text has no record.
type Record struct {
	Row     int    `json:"row,omitempty"`
	Field   string `json:"field,omitempty"`
	Pointer string `json:"pointer,omitempty"`
	Table   string `json:"table,omitempty"`
}

// Finding is one piece of personal data found in a file. It never holds the
// raw value unless the caller asked for it (Value, set only with reveal).
type Finding struct {
	Path       string        `json:"path"`
	Type       string        `json:"type"`
	Category   string        `json:"category"`
	Start      int64         `json:"start"`
	End        int64         `json:"end"`
	Line       int64         `json:"line"`
	Confidence float64       `json:"confidence"`
	Record     *Record       `json:"record,omitempty"`
	Hash       patterns.Hash `json:"hash"`
	Masked     string        `json:"masked"`
	Value      string        `json:"value,omitempty"`

	// RegionSource says where the country of a phone number written
	// without one came from (patterns.Region* constants); empty for other
	// types.
	RegionSource string `json:"region_source,omitempty"`
	// Ambiguous marks a value whose normalization is a guess between
	// several readings (a national-format number valid in several
	// regions, none named by evidence). Hash is the first reading's;
	// AltHashes the others'. The index files it under each, and no
	// report or erasure attributes a record to a subject on it alone.
	Ambiguous bool            `json:"ambiguous,omitempty"`
	AltHashes []patterns.Hash `json:"alt_hashes,omitempty"`
	// Ignored marks a value on the configured ignore list (the company's
	// own support address, a test card): not reported by a scan, not
	// counted in metrics, still returned to a subject's access request.
	Ignored bool `json:"ignored,omitempty"`
}
