// Package baseline holds the findings a team has already triaged, so that
// `piid scan --baseline FILE` reports only new personal data: a finding
// whose (path, type, keyed hash) is in the baseline is held back.
//
// A baseline is what `--write-baseline` writes, or a previous report in
// `--format json` or `jsonl` (as gitleaks accepts its own report). It holds
// keyed hashes, positions and masked previews, never a raw value.
package baseline

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"

	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
)

// Version is the format version --write-baseline writes.
const Version = 1

// Key is what makes two findings the same for a baseline: the path as the
// scan names it, the type, and the keyed hash of the normalized value.
type Key struct {
	Path string
	Type string
	Hash patterns.Hash
}

// Entry is one finding of a baseline file. Line, Start, End and Masked
// only help a human reading it; matching uses the Key alone.
type Entry struct {
	Path   string        `json:"path"`
	Type   string        `json:"type"`
	Hash   patterns.Hash `json:"hash"`
	Line   int64         `json:"line,omitempty"`
	Start  int64         `json:"start"`
	End    int64         `json:"end"`
	Masked string        `json:"masked,omitempty"`
}

func (e *Entry) key() Key { return Key{Path: e.Path, Type: e.Type, Hash: e.Hash} }

// Set is a loaded baseline. It is read-only once loaded and safe for
// concurrent use.
type Set struct {
	keys map[Key]struct{}
}

// Len is the number of distinct findings in the baseline.
func (s *Set) Len() int { return len(s.keys) }

// Has says whether f is in the baseline.
func (s *Set) Has(f *scanner.Finding) bool {
	_, ok := s.keys[Key{Path: f.Path, Type: f.Type, Hash: f.Hash}]
	return ok
}

// Error is a baseline that cannot be read, with the file and line it
// stands on (0 when the problem is the whole file).
type Error struct {
	Path string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("baseline %s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("baseline %s: %s", e.Path, e.Msg)
}

// Load reads a baseline file. Errors are *Error.
func Load(path string) (*Set, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{Path: path, Msg: err.Error()}
	}
	return Parse(path, data)
}

// document is the top level of a file --write-baseline writes; a field of
// a finding line (jsonl) or of a report's element otherwise.
type document struct {
	Version  *int            `json:"piid_baseline"`
	Findings json.RawMessage `json:"findings"`
}

// Parse reads baseline data; name names it in errors. It accepts the file
// --write-baseline writes ({"piid_baseline": 1, "findings": [...]}), a
// JSON report (an array of findings) and a JSON lines report (one finding
// per line); an empty file is an empty baseline.
func Parse(name string, data []byte) (*Set, error) {
	s := &Set{keys: map[Key]struct{}{}}
	p := parser{name: name, data: data, set: s}
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		at := p.next(dec)
		var raw json.RawMessage
		if err := dec.Decode(&raw); errors.Is(err, io.EOF) {
			return s, nil
		} else if err != nil {
			return nil, p.decodeErr(err, 0)
		}
		switch firstByte(raw) {
		case '[': // a --format json report
			if err := p.entries(raw, at); err != nil {
				return nil, err
			}
		case '{':
			var doc document
			if err := json.Unmarshal(raw, &doc); err != nil {
				return nil, p.decodeErr(err, at)
			}
			if doc.Version == nil { // a line of a --format jsonl report
				if err := p.entry(raw, at); err != nil {
					return nil, err
				}
				continue
			}
			if *doc.Version != Version {
				return nil, p.errAt(at, fmt.Sprintf("format version %d; this piid reads version %d", *doc.Version, Version))
			}
			if firstByte(doc.Findings) != '[' {
				return nil, p.errAt(at, `"findings" must be an array`)
			}
			// The array's offset within the document, for line numbers.
			off := int64(bytes.Index(raw, doc.Findings))
			if err := p.entries(doc.Findings, at+off); err != nil {
				return nil, err
			}
		default:
			return nil, p.errAt(at, "not a baseline: want the file --write-baseline writes, or a --format json or jsonl report")
		}
	}
}

type parser struct {
	name string
	data []byte
	set  *Set
}

// next is the offset of the decoder's next value (past blanks).
func (p *parser) next(dec *json.Decoder) int64 {
	off := dec.InputOffset()
	for off < int64(len(p.data)) && isSpace(p.data[off]) {
		off++
	}
	return off
}

// entries reads an array of findings that starts at offset base.
func (p *parser) entries(arr json.RawMessage, base int64) error {
	dec := json.NewDecoder(bytes.NewReader(arr))
	if _, err := dec.Token(); err != nil { // [
		return p.decodeErr(err, base)
	}
	for dec.More() {
		at := base + dec.InputOffset()
		for at < int64(len(p.data)) && (isSpace(p.data[at]) || p.data[at] == ',') {
			at++
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return p.decodeErr(err, base)
		}
		if err := p.entry(raw, at); err != nil {
			return err
		}
	}
	return nil
}

// entry checks one finding, at offset at, and adds its key.
func (p *parser) entry(raw json.RawMessage, at int64) error {
	if firstByte(raw) != '{' {
		return p.errAt(at, "a finding must be a JSON object")
	}
	var e struct {
		Path  *string `json:"path"`
		Type  string  `json:"type"`
		Hash  string  `json:"hash"`
		Value *string `json:"value"`
	}
	if err := json.Unmarshal(raw, &e); err != nil {
		return p.decodeErr(err, at)
	}
	switch {
	case e.Value != nil:
		// A report written with --reveal: a baseline lives in version
		// control, and raw values must not.
		return p.errAt(at, `a finding holds a raw "value" (a report written with --reveal): write the baseline with --write-baseline`)
	case e.Path == nil:
		return p.errAt(at, `a finding needs a "path"`)
	case e.Type == "":
		return p.errAt(at, `a finding needs a "type"`)
	}
	h, err := patterns.ParseHash(e.Hash)
	if err != nil {
		return p.errAt(at, fmt.Sprintf(`"hash": %v`, err))
	}
	p.set.keys[Key{Path: *e.Path, Type: e.Type, Hash: h}] = struct{}{}
	return nil
}

// decodeErr places a JSON error: its own offset when it has one (from
// base), else base.
func (p *parser) decodeErr(err error, base int64) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	at := base
	switch {
	case errors.As(err, &syn):
		at += syn.Offset
		return p.errAt(at, "malformed JSON: "+err.Error())
	case errors.As(err, &typ):
		at += typ.Offset
		return p.errAt(at, fmt.Sprintf("%q must be %s", typ.Field, typ.Type))
	case errors.Is(err, io.ErrUnexpectedEOF):
		end := int64(len(bytes.TrimRight(p.data, " \t\r\n"))) // the line it was cut on
		return p.errAt(max(end-1, 0), "malformed JSON: the file ends inside a value")
	}
	return p.errAt(at, "malformed JSON: "+err.Error())
}

// errAt is an Error on the line holding offset at.
func (p *parser) errAt(at int64, msg string) error {
	at = min(max(at, 0), int64(len(p.data)))
	return &Error{Path: p.name, Line: bytes.Count(p.data[:at], []byte{'\n'}) + 1, Msg: msg}
}

func firstByte(b []byte) byte {
	for _, c := range b {
		if !isSpace(c) {
			return c
		}
	}
	return 0
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// Writer collects the findings of a scan for --write-baseline. Add is safe
// for concurrent use.
type Writer struct {
	mu      sync.Mutex
	entries map[Key]Entry
}

// NewWriter returns an empty writer.
func NewWriter() *Writer { return &Writer{entries: map[Key]Entry{}} }

// Add records f (never its raw value). A value found several times in a
// file is one entry, at its first occurrence.
func (w *Writer) Add(f *scanner.Finding) {
	e := Entry{Path: f.Path, Type: f.Type, Hash: f.Hash, Line: f.Line, Start: f.Start, End: f.End, Masked: f.Masked}
	k := e.key()
	w.mu.Lock()
	defer w.mu.Unlock()
	if old, ok := w.entries[k]; !ok || e.Start < old.Start {
		w.entries[k] = e
	}
}

// WriteTo writes the baseline document: one finding per line, sorted by
// path and position, so that a baseline kept in version control diffs
// line by line.
func (w *Writer) WriteTo(out io.Writer) (int64, error) {
	w.mu.Lock()
	es := make([]Entry, 0, len(w.entries))
	for _, e := range w.entries {
		es = append(es, e)
	}
	w.mu.Unlock()
	slices.SortFunc(es, func(a, b Entry) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Start, b.Start), cmp.Compare(a.Type, b.Type),
			bytes.Compare(a.Hash[:], b.Hash[:]))
	})
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "{\"piid_baseline\": %d, \"findings\": [", Version)
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for i, e := range es {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
		if err := enc.Encode(e); err != nil {
			return 0, err
		}
		buf.Truncate(buf.Len() - 1) // Encode's newline
	}
	buf.WriteString("\n]}\n")
	return buf.WriteTo(out)
}
