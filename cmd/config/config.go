// Package config reads piid's YAML configuration file (--config) in one
// place. Each key belongs to the package that uses it: the pattern keys to
// patterns, the file-reading keys to scanner, inventory, dsar and erasure
// to dsar, disk to the daemon; File puts the parts side by side, so the
// file stays one flat document and every key keeps its name.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/piid/piid/dsar"
	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
	"gopkg.in/yaml.v3"
)

// File is the whole config file. Every key is optional; the README
// documents each. A new part is one more inlined field (and its Check).
type File struct {
	Detect patterns.Config `yaml:",inline"`
	Scan   scanner.Config  `yaml:",inline"`
	DSAR   dsar.Config     `yaml:",inline"`
	// Disk is read by piid serve: the watermarks of the index's volume.
	Disk Disk `yaml:"disk"`

	path string
}

// Disk sets the free space of the data volume below which the daemon
// stops indexing (LowWatermark) and at or above which it resumes
// (HighWatermark). 0: derived from the index's options (index.Options).
type Disk struct {
	LowWatermark  scanner.Size `yaml:"low_watermark"`
	HighWatermark scanner.Size `yaml:"high_watermark"`
}

// Check reports the first invalid key.
func (d Disk) Check() error {
	if l, h := d.LowWatermark, d.HighWatermark; h != 0 && h < l {
		return errors.New("disk.high_watermark must not be below disk.low_watermark")
	}
	return nil
}

// ConfigError is a config problem with the file and line it stands on.
type ConfigError struct {
	Path string
	Line int
	Msg  string
}

func (e *ConfigError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

var yamlLine = regexp.MustCompile(`line (\d+): (.*)`)

// LoadConfig reads and checks a config file. Errors are *ConfigError.
func LoadConfig(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &ConfigError{Path: path, Msg: err.Error()}
	}
	return ParseConfig(path, data)
}

// ParseConfig reads config data; path names it in errors. Unknown keys
// are errors, with their line.
func ParseConfig(path string, data []byte) (*File, error) {
	f := &File{path: path}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(f); err != nil && !errors.Is(err, io.EOF) { // io.EOF: an empty file
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ := strconv.Atoi(m[1])
			return nil, &ConfigError{Path: path, Line: line, Msg: m[2]}
		}
		return nil, &ConfigError{Path: path, Msg: msg}
	}
	f.Detect.Path = path
	f.setLines(data)
	for _, check := range []func() error{f.Detect.Check, f.Scan.Check, f.DSAR.Check, f.Disk.Check} {
		if err := check(); err != nil {
			return nil, f.wrap(err)
		}
	}
	return f, nil
}

// setLines records where each custom pattern and field rule stands, for
// the errors that come later (an example that does not match).
func (f *File) setLines(data []byte) {
	var doc yaml.Node
	_ = yaml.Unmarshal(data, &doc)
	if len(doc.Content) == 0 {
		return
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		switch root.Content[i].Value {
		case "patterns":
			for j, n := range root.Content[i+1].Content {
				if j < len(f.Detect.Patterns) {
					f.Detect.Patterns[j].Line = n.Line
				}
			}
		case "fields":
			for j, n := range root.Content[i+1].Content {
				if j < len(f.Detect.Fields) {
					f.Detect.Fields[j].Line = n.Line
				}
			}
		case "ignore":
			for j, n := range root.Content[i+1].Content {
				if j < len(f.Detect.Ignore) {
					f.Detect.Ignore[j].Line = n.Line
				}
			}
		}
	}
}

// wrap names the file (and the line, when known) in err.
func (f *File) wrap(err error) error {
	var le *patterns.LineError
	if errors.As(err, &le) {
		return &ConfigError{Path: f.path, Line: le.Line, Msg: le.Msg}
	}
	return &ConfigError{Path: f.path, Msg: err.Error()}
}

// NewCatalog builds the catalog the file describes (see
// patterns.Config.NewCatalog); errors name the file. Without a file, an
// unknown type in types is patterns.ErrUnknownType as it is.
func (f *File) NewCatalog(key []byte, types []string) (*patterns.Catalog, error) {
	cat, err := f.Detect.NewCatalog(key, types)
	if err != nil {
		var u patterns.ErrUnknownType
		if f.path == "" && errors.As(err, &u) {
			return nil, err
		}
		return nil, f.wrap(err)
	}
	return cat, nil
}
