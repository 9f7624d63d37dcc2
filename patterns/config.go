package patterns

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/piid/piid/rure"
	"gopkg.in/yaml.v3"
)

// Config is piid's YAML configuration file (--config). Every field is
// optional; the README documents each.
type Config struct {
	// Scanning.
	MinConfidence *float64 `yaml:"min_confidence"`
	Types         []string `yaml:"types"`
	Disable       []string `yaml:"disable"`
	SkipBinary    bool     `yaml:"skip_binary"`
	MaxFileSize   Size     `yaml:"max_file_size"`
	// A gzip stream that decompresses past either is skipped (scanner
	// defaults when 0).
	MaxDecompressedSize   Size     `yaml:"max_decompressed_size"`
	MaxDecompressionRatio float64  `yaml:"max_decompression_ratio"`
	Exclude               []string `yaml:"exclude"`
	// phone_regions: region codes, and {paths, regions} per path glob.
	PhoneRegions PhoneRegions `yaml:"phone_regions"`

	Keywords  map[string][]string `yaml:"keywords"`
	Patterns  []PatternConfig     `yaml:"patterns"`
	Fields    []FieldConfig       `yaml:"fields"`
	Allowlist struct {
		Values  []string `yaml:"values"`
		Regexes []string `yaml:"regexes"`
	} `yaml:"allowlist"`

	// Inventory and DSAR are read by the dsar module (piid serve), not by
	// scanning: the data inventory of Art. 15 reports and the deadline
	// notices.
	Inventory []InventoryEntry `yaml:"inventory"`
	DSAR      DSARConfig       `yaml:"dsar"`
	Erasure   ErasureConfig    `yaml:"erasure"`
	// Disk is read by piid serve: the watermarks of the index's volume.
	Disk DiskConfig `yaml:"disk"`

	path string
}

// InventoryEntry is one processing activity of the data inventory: what
// categories of data (or which files, by path glob) it covers, and the
// Art. 15(1)(a)-(h) and 15(2) facts a subject is told about it.
type InventoryEntry struct {
	Name                    string   `yaml:"name" json:"name"`
	Categories              []string `yaml:"categories" json:"categories,omitempty"`
	Paths                   []string `yaml:"paths" json:"paths,omitempty"`
	Purposes                []string `yaml:"purposes" json:"purposes,omitempty"`
	LegalBasis              string   `yaml:"legal_basis" json:"legal_basis,omitempty"`
	Recipients              []string `yaml:"recipients" json:"recipients,omitempty"`
	Retention               string   `yaml:"retention" json:"retention,omitempty"`
	Source                  string   `yaml:"source" json:"source,omitempty"`
	AutomatedDecisionMaking string   `yaml:"automated_decision_making" json:"automated_decision_making,omitempty"`
	Transfers               string   `yaml:"transfers" json:"transfers,omitempty"`
}

// ErasureConfig tunes erasures (piid serve).
type ErasureConfig struct {
	// RedactToken replaces a value under the redact strategy; {type}
	// stands for its type id. Default "[REDACTED:{type}]".
	RedactToken string `yaml:"redact_token"`
	// ReplanOnResurface: an erased value found again starts a new erasure
	// plan, pending review.
	ReplanOnResurface bool `yaml:"replan_on_resurface"`
	// RequireDistinctReviewer: an erasure cannot be approved by the one
	// who planned it (four eyes).
	RequireDistinctReviewer bool `yaml:"require_distinct_reviewer"`
}

// DiskConfig sets the free space of the data volume below which the
// daemon stops indexing (LowWatermark) and at or above which it resumes
// (HighWatermark). 0: derived from the index's options (index.Options).
type DiskConfig struct {
	LowWatermark  Size `yaml:"low_watermark"`
	HighWatermark Size `yaml:"high_watermark"`
}

// DSARConfig configures deadline notices of subject access requests.
type DSARConfig struct {
	// WebhookURL receives a JSON POST when a request is due within
	// NotifyWithinDays days (default 7) and when it is overdue.
	WebhookURL       string `yaml:"webhook_url"`
	NotifyWithinDays int    `yaml:"notify_within_days"`
}

// PatternConfig is one custom pattern of the config file.
type PatternConfig struct {
	ID          string   `yaml:"id"`
	Category    string   `yaml:"category"`
	Description string   `yaml:"description"`
	Regex       string   `yaml:"regex"`
	Confidence  float64  `yaml:"confidence"`
	Keywords    []string `yaml:"keywords"`
	Examples    []string `yaml:"examples"`
	NotExamples []string `yaml:"not_examples"`
	line        int
}

// FieldConfig is one field-name rule of the config file (see FieldRule).
type FieldConfig struct {
	Names    []string `yaml:"names"`
	Type     string   `yaml:"type"`
	Detect   bool     `yaml:"detect"`
	Negative bool     `yaml:"negative"`
	MinWords int      `yaml:"min_words"`
	line     int
}

// Size is a byte count written as a number or with a unit (10MiB, 2GB).
type Size int64

// UnmarshalYAML reads 1048576, "1MiB", "1MB", "512k".
func (s *Size) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseSize(n.Value)
	if err != nil {
		return err
	}
	*s = Size(v)
	return nil
}

// ParseSize reads a byte count with an optional unit: B, K/KB/KiB, M/MB/MiB,
// G/GB/GiB, T/TB/TiB (decimal units are powers of 1000, binary of 1024).
func ParseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
		i++
	}
	num, err := strconv.ParseFloat(s[:i], 64)
	if err != nil || num < 0 {
		return 0, fmt.Errorf("invalid size %q", s)
	}
	mult := map[string]float64{"": 1, "b": 1, "k": 1 << 10, "kb": 1e3, "kib": 1 << 10, "m": 1 << 20, "mb": 1e6, "mib": 1 << 20,
		"g": 1 << 30, "gb": 1e9, "gib": 1 << 30, "t": 1 << 40, "tb": 1e12, "tib": 1 << 40}[strings.ToLower(strings.TrimSpace(s[i:]))]
	if mult == 0 {
		return 0, fmt.Errorf("invalid size %q (units: B, KB, KiB, MB, MiB, GB, GiB, TB, TiB)", s)
	}
	return int64(num * mult), nil
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
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &ConfigError{Path: path, Msg: err.Error()}
	}
	return ParseConfig(path, data)
}

// ParseConfig reads config data; path names it in errors.
func ParseConfig(path string, data []byte) (*Config, error) {
	cfg := &Config{path: path}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil && !errors.Is(err, io.EOF) { // io.EOF: an empty file
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ := strconv.Atoi(m[1])
			return nil, &ConfigError{Path: path, Line: line, Msg: m[2]}
		}
		return nil, &ConfigError{Path: path, Msg: msg}
	}
	// Lines of the custom patterns, for the checks below.
	var doc yaml.Node
	_ = yaml.Unmarshal(data, &doc)
	if len(doc.Content) > 0 {
		root := doc.Content[0]
		for i := 0; i+1 < len(root.Content); i += 2 {
			switch root.Content[i].Value {
			case "patterns":
				for j, n := range root.Content[i+1].Content {
					if j < len(cfg.Patterns) {
						cfg.Patterns[j].line = n.Line
					}
				}
			case "fields":
				for j, n := range root.Content[i+1].Content {
					if j < len(cfg.Fields) {
						cfg.Fields[j].line = n.Line
					}
				}
			}
		}
	}
	if err := cfg.check(); err != nil {
		return nil, err
	}
	return cfg, nil
}

func (c *Config) check() error {
	if c.MinConfidence != nil && (*c.MinConfidence < 0 || *c.MinConfidence > 1) {
		return &ConfigError{Path: c.path, Msg: "min_confidence must be between 0 and 1"}
	}
	if msg := c.PhoneRegions.check(); msg != "" {
		return &ConfigError{Path: c.path, Msg: msg}
	}
	for i, e := range c.Inventory {
		switch {
		case strings.TrimSpace(e.Name) == "":
			return &ConfigError{Path: c.path, Msg: fmt.Sprintf("inventory[%d]: needs a name", i)}
		case len(e.Categories) == 0 && len(e.Paths) == 0:
			return &ConfigError{Path: c.path, Msg: fmt.Sprintf("inventory %q: needs categories or paths (what it covers)", e.Name)}
		}
	}
	if r := c.MaxDecompressionRatio; r != 0 && r < 1 {
		return &ConfigError{Path: c.path, Msg: "max_decompression_ratio must be at least 1 (0: the default)"}
	}
	if c.MaxDecompressedSize < 0 {
		return &ConfigError{Path: c.path, Msg: "max_decompressed_size must not be negative"}
	}
	if l, h := c.Disk.LowWatermark, c.Disk.HighWatermark; h != 0 && h < l {
		return &ConfigError{Path: c.path, Msg: "disk.high_watermark must not be below disk.low_watermark"}
	}
	if c.DSAR.NotifyWithinDays < 0 {
		return &ConfigError{Path: c.path, Msg: "dsar.notify_within_days must not be negative"}
	}
	if u := c.DSAR.WebhookURL; u != "" && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		return &ConfigError{Path: c.path, Msg: "dsar.webhook_url must be an http or https URL"}
	}
	seen := map[string]bool{}
	for _, p := range c.Patterns {
		errf := func(format string, a ...any) error {
			return &ConfigError{Path: c.path, Line: p.line, Msg: fmt.Sprintf("pattern %q: ", p.ID) + fmt.Sprintf(format, a...)}
		}
		switch {
		case p.ID == "":
			return errf("needs an id")
		case !validID.MatchString(p.ID):
			return errf("id must be lower case letters, digits and _")
		case seen[p.ID]:
			return errf("defined twice")
		case p.Regex == "":
			return errf("needs a regex")
		case p.Confidence < 0 || p.Confidence > 1:
			return errf("confidence must be between 0 and 1")
		}
		seen[p.ID] = true
		if err := checkRegex(p.Regex); err != nil {
			return errf("regex: %v", err)
		}
	}
	for _, f := range c.Fields {
		errf := func(msg string) error {
			return &ConfigError{Path: c.path, Line: f.line, Msg: "field rule: " + msg}
		}
		switch {
		case len(f.Names) == 0:
			return errf("needs names")
		case f.Type == "" && !f.Negative:
			return errf("needs a type, or negative: true")
		case f.Type != "" && f.Negative:
			return errf("a type and negative: true exclude each other")
		case f.Detect && f.Type == "":
			return errf("detect needs a type")
		case f.MinWords < 0:
			return errf("min_words must not be negative")
		}
	}
	for _, r := range c.Allowlist.Regexes {
		if _, err := regexp.Compile(r); err != nil {
			return &ConfigError{Path: c.path, Msg: fmt.Sprintf("allowlist regex %q: %v", r, err)}
		}
	}
	return nil
}

// checkRegex compiles a custom regex as the scanner will, and boils the
// engine's multi-line message down to its last line.
func checkRegex(pattern string) error {
	p, err := asciiPattern(pattern)
	if err != nil {
		return err
	}
	re, err := rure.Compile(p, rure.Options{})
	if err != nil {
		lines := strings.Split(strings.TrimSpace(err.Error()), "\n")
		return errors.New(strings.TrimPrefix(strings.TrimSpace(lines[len(lines)-1]), "error: "))
	}
	defer re.Close()
	if matchesEmpty(re) {
		return errors.New("matches the empty string")
	}
	return nil
}

var validID = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// CatalogOptions turns the config into catalog options (the hash key is
// the caller's).
func (c *Config) CatalogOptions() Options {
	o := Options{
		Types:        c.Types,
		Disabled:     c.Disable,
		Keywords:     c.Keywords,
		Regions:      c.PhoneRegions.Global,
		PathRegions:  c.PhoneRegions.ByPath,
		AllowValues:  c.Allowlist.Values,
		AllowRegexes: c.Allowlist.Regexes,
	}
	for _, f := range c.Fields {
		r := FieldRule{Names: f.Names, Detect: f.Detect, Negative: f.Negative, MinWords: f.MinWords,
			Source: fmt.Sprintf("%s:%d", c.path, f.line)}
		if f.Type != "" {
			r.Types = []string{f.Type}
		}
		o.Fields = append(o.Fields, r)
	}
	for _, p := range c.Patterns {
		o.Custom = append(o.Custom, CustomPattern{ID: p.ID, Category: p.Category, Description: p.Description,
			Regex: p.Regex, Confidence: p.Confidence, Keywords: p.Keywords,
			Source: fmt.Sprintf("%s:%d", c.path, p.line)})
	}
	return o
}

// NewCatalog builds the catalog the config describes and proves its custom
// patterns against their own examples.
func (c *Config) NewCatalog(key []byte, types []string) (*Catalog, error) {
	o := c.CatalogOptions()
	o.HashKey = key
	if len(types) > 0 {
		o.Types = types
	}
	cat, err := New(o)
	if err != nil {
		var u ErrUnknownType
		if errors.As(err, &u) {
			if c.path == "" {
				return nil, err
			}
			return nil, &ConfigError{Path: c.path, Msg: err.Error()}
		}
		return nil, &ConfigError{Path: c.path, Msg: strings.TrimPrefix(strings.TrimPrefix(err.Error(), "patterns: "), c.path+":")}
	}
	for _, p := range c.Patterns {
		if _, ok := cat.TypeByID(p.ID); !ok {
			continue
		}
		for _, ex := range p.Examples {
			fs, err := cat.Find([]byte(ex), 0)
			if err != nil {
				return nil, &ConfigError{Path: c.path, Line: p.line, Msg: err.Error()}
			}
			if !foundType(fs, p.ID) {
				return nil, &ConfigError{Path: c.path, Line: p.line, Msg: fmt.Sprintf("pattern %q: its example %q does not match", p.ID, ex)}
			}
		}
		for _, ex := range p.NotExamples {
			if fs, _ := cat.Find([]byte(ex), 0); foundType(fs, p.ID) {
				return nil, &ConfigError{Path: c.path, Line: p.line, Msg: fmt.Sprintf("pattern %q: its counter-example %q matches", p.ID, ex)}
			}
		}
	}
	return cat, nil
}

func foundType(fs []Found, id string) bool {
	for _, f := range fs {
		if f.Type == id {
			return true
		}
	}
	return false
}
