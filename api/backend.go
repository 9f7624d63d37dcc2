package api

import (
	"context"
	"errors"
	"strconv"

	"github.com/piid/piid/index"
	"github.com/piid/piid/scanner"
)

// Backend is what the HTTP API serves: the daemon's indexer and index.
// The daemon (cmd/piid serve) implements it; the API owns only HTTP.
type Backend interface {
	// StartScan queues the paths for indexing and returns the new scan's
	// status at once. Paths outside the watched roots are refused with
	// ErrOutsideRoots (403); paths that do not exist with ErrNotFound.
	StartScan(ctx context.Context, paths []string) (ScanStatus, error)
	// Scan returns a scan's status; ok is false for an unknown id.
	Scan(id string) (s ScanStatus, ok bool)
	// Findings pages the index (never raw values).
	Findings(q index.FindingQuery) (page []scanner.Finding, next string, err error)
	// Search normalizes each identifier's value as the scanner normalizes
	// what it finds (lower-case email, E.164 phone, compact IBAN), hashes
	// it with the index's key and searches the index. An identifier whose
	// type is unknown or whose value is not one (an email without @) is
	// refused with an *InvalidIdentifierError (400).
	Search(ctx context.Context, ids []Identifier) (index.SearchResult, error)
	// Ready says whether the daemon serves: the index is open and the
	// first reconcile is done. A non-nil error says what is missing.
	Ready() error
}

// WriteStater is implemented by a backend whose index can stop taking
// writes (its volume below the low watermark): GET /readyz says so.
type WriteStater interface {
	IndexWrites() (blocked bool, detail string)
}

// ScanStatus is a scan's progress, as GET /v1/scans/{id} shows it.
type ScanStatus struct {
	ID       string `json:"id"`
	Status   string `json:"status"` // running, done, failed
	Files    int64  `json:"files"`
	Bytes    int64  `json:"bytes"`
	Findings int64  `json:"findings"`
	Errors   int64  `json:"errors"`
}

// Identifier is a subject's identifier as a caller gives it: a type id of
// the catalog and the raw value.
type Identifier struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

// Errors a Backend returns, mapped to HTTP statuses by the API.
var (
	ErrOutsideRoots = errors.New("path outside the watched folders")
	ErrNotFound     = errors.New("not found")
)

// InvalidIdentifierError says which identifier was refused and why.
type InvalidIdentifierError struct {
	Index  int // position in the request
	Type   string
	Reason string
	Err    error // the cause (patterns.ErrAmbiguousIdentifier says 400 ambiguous_identifier)
}

func (e *InvalidIdentifierError) Unwrap() error { return e.Err }

func (e *InvalidIdentifierError) Error() string {
	return "identifiers[" + strconv.Itoa(e.Index) + "] (" + e.Type + "): " + e.Reason
}
