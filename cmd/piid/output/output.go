// Package output encodes scanner findings for `piid scan --format`.
//
// Every encoder streams: findings are written as they arrive and nothing is
// kept per finding, so scans with millions of results run in constant
// memory. None of the encoders ever writes Finding.Value unless it is set
// (the caller asked to reveal raw values), and SARIF never puts it in a
// message, only in the result's properties.
package output

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/piid/piid/scanner"
)

// Encoder writes findings in one format. Write is called from one goroutine
// at a time; Close flushes and writes any trailer. Close does not close the
// underlying writer.
type Encoder interface {
	Write(f *scanner.Finding) error
	Close() error
}

// Rule describes one finding type, for SARIF's rule list.
type Rule struct {
	ID, Category, Description string
}

// Options configures the encoders. Only SARIF uses it today.
type Options struct {
	ToolName, ToolVersion, InformationURI string
	Rules                                 []Rule
}

// Format names accepted by New.
const (
	FormatJSONL = "jsonl"
	FormatJSON  = "json"
	FormatTable = "table"
	FormatSARIF = "sarif"
)

var formats = []string{FormatJSONL, FormatJSON, FormatTable, FormatSARIF}

// Formats returns the accepted format names, default first.
func Formats() []string {
	return append([]string(nil), formats...)
}

// New returns an encoder for format writing to w. Format names are matched
// case-insensitively; an unknown name is an error naming the valid ones.
func New(format string, w io.Writer, opts Options) (Encoder, error) {
	if w == nil {
		return nil, errors.New("output: nil writer")
	}
	switch strings.ToLower(strings.TrimSpace(format)) {
	case FormatJSONL:
		return newJSONL(w), nil
	case FormatJSON:
		return newJSON(w), nil
	case FormatTable:
		return newTable(w), nil
	case FormatSARIF:
		return newSARIF(w, opts), nil
	}
	return nil, fmt.Errorf("output: unknown format %q (valid: %s)", format, strings.Join(formats, ", "))
}

var (
	errClosed     = errors.New("output: write after close")
	errNilFinding = errors.New("output: nil finding")
)
