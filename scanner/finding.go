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
}
