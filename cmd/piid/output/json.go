package output

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"

	"github.com/piid/piid/scanner"
)

// compactJSON marshals values compactly without HTML escaping, reusing one
// buffer between calls.
type compactJSON struct {
	buf bytes.Buffer
	enc *json.Encoder
}

func newCompactJSON() *compactJSON {
	c := &compactJSON{}
	c.enc = json.NewEncoder(&c.buf)
	c.enc.SetEscapeHTML(false)
	return c
}

// marshal returns the encoding of v without the trailing newline. The slice
// is valid until the next call.
func (c *compactJSON) marshal(v any) ([]byte, error) {
	c.buf.Reset()
	if err := c.enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(c.buf.Bytes(), []byte{'\n'}), nil
}

// jsonlEncoder writes one compact JSON object per line.
type jsonlEncoder struct {
	bw     *bufio.Writer
	buf    []byte
	closed bool
}

func newJSONL(w io.Writer) *jsonlEncoder {
	return &jsonlEncoder{bw: bufio.NewWriter(w)}
}

func (e *jsonlEncoder) Write(f *scanner.Finding) error {
	if e.closed {
		return errClosed
	}
	if f == nil {
		return errNilFinding
	}
	e.buf = append(AppendJSON(e.buf[:0], f), '\n')
	_, err := e.bw.Write(e.buf)
	return err
}

func (e *jsonlEncoder) Close() error {
	if e.closed {
		return nil
	}
	e.closed = true
	return e.bw.Flush()
}

// jsonEncoder writes a single JSON array, one finding per line:
//
//	[
//	{...},
//	{...}
//	]
//
// and "[]\n" when there are no findings.
type jsonEncoder struct {
	bw     *bufio.Writer
	buf    []byte
	n      int
	closed bool
}

func newJSON(w io.Writer) *jsonEncoder {
	return &jsonEncoder{bw: bufio.NewWriter(w)}
}

func (e *jsonEncoder) Write(f *scanner.Finding) error {
	if e.closed {
		return errClosed
	}
	if f == nil {
		return errNilFinding
	}
	e.buf = AppendJSON(e.buf[:0], f)
	if e.n == 0 {
		e.bw.WriteString("[\n")
	} else {
		e.bw.WriteString(",\n")
	}
	e.n++
	_, err := e.bw.Write(e.buf)
	return err
}

func (e *jsonEncoder) Close() error {
	if e.closed {
		return nil
	}
	e.closed = true
	if e.n == 0 {
		e.bw.WriteString("[]\n")
	} else {
		e.bw.WriteString("\n]\n")
	}
	return e.bw.Flush()
}
