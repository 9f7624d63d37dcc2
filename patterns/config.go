package patterns

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/piid/piid/rure"
)

// Config is the pattern part of the config file (--config): what is
// detected and how. Every field is optional; the README documents each.
// The file as a whole is read by the command (cmd/config).
type Config struct {
	MinConfidence *float64 `yaml:"min_confidence"`
	Types         []string `yaml:"types"`
	Disable       []string `yaml:"disable"`
	// phone_regions: region codes, and {paths, regions} per path glob.
	PhoneRegions PhoneRegions        `yaml:"phone_regions"`
	Keywords     map[string][]string `yaml:"keywords"`
	Patterns     []PatternConfig     `yaml:"patterns"`
	Fields       []FieldConfig       `yaml:"fields"`
	Allowlist    struct {
		Values  []string `yaml:"values"`
		Regexes []string `yaml:"regexes"`
	} `yaml:"allowlist"`
	Ignore []IgnoreEntry `yaml:"ignore"` // see IgnoreEntry

	// Path names the file in errors and in the sources of its rules (set
	// by the loader; empty for a config built in code).
	Path string `yaml:"-"`
}

// LineError is a problem of the pattern part of the config, at a line of
// the file (0: none); the loader adds the file's name.
type LineError struct {
	Line int
	Msg  string
}

func (e *LineError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%d: %s", e.Line, e.Msg)
	}
	return e.Msg
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
	// Strong: a value identifies one person on its own (a customer
	// number), so a subject's record may be attributed through it.
	Strong bool `yaml:"strong"`
	// Line is where the entry stands in the file (set by the loader).
	Line int `yaml:"-"`
}

// FieldConfig is one field-name rule of the config file (see FieldRule).
type FieldConfig struct {
	Names    []string `yaml:"names"`
	Type     string   `yaml:"type"`
	Detect   bool     `yaml:"detect"`
	Negative bool     `yaml:"negative"`
	MinWords int      `yaml:"min_words"`
	// Line is where the entry stands in the file (set by the loader).
	Line int `yaml:"-"`
}

// Check validates the pattern keys (and upper-cases phone_regions).
// Errors are *LineError.
func (c *Config) Check() error {
	if c.MinConfidence != nil && (*c.MinConfidence < 0 || *c.MinConfidence > 1) {
		return &LineError{Msg: "min_confidence must be between 0 and 1"}
	}
	if msg := c.PhoneRegions.check(); msg != "" {
		return &LineError{Msg: msg}
	}
	seen := map[string]bool{}
	for _, p := range c.Patterns {
		errf := func(format string, a ...any) error {
			return &LineError{Line: p.Line, Msg: fmt.Sprintf("pattern %q: ", p.ID) + fmt.Sprintf(format, a...)}
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
			return &LineError{Line: f.Line, Msg: "field rule: " + msg}
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
			return &LineError{Msg: fmt.Sprintf("allowlist regex %q: %v", r, err)}
		}
	}
	return c.checkIgnore()
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
		Ignore:       c.ignoreHashes(),
	}
	for _, f := range c.Fields {
		r := FieldRule{Names: f.Names, Detect: f.Detect, Negative: f.Negative, MinWords: f.MinWords,
			Source: fmt.Sprintf("%s:%d", c.Path, f.Line)}
		if f.Type != "" {
			r.Types = []string{f.Type}
		}
		o.Fields = append(o.Fields, r)
	}
	for _, p := range c.Patterns {
		o.Custom = append(o.Custom, CustomPattern{ID: p.ID, Category: p.Category, Description: p.Description,
			Regex: p.Regex, Confidence: p.Confidence, Keywords: p.Keywords, Strong: p.Strong,
			Source: fmt.Sprintf("%s:%d", c.Path, p.Line)})
	}
	return o
}

// NewCatalog builds the catalog the config describes and proves its custom
// patterns against their own examples. Errors are ErrUnknownType or
// *LineError.
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
			return nil, err
		}
		return nil, &LineError{Msg: strings.TrimPrefix(strings.TrimPrefix(err.Error(), "patterns: "), c.Path+":")}
	}
	if err := c.checkIgnoreTypes(cat); err != nil {
		return nil, err
	}
	for _, p := range c.Patterns {
		if _, ok := cat.TypeByID(p.ID); !ok {
			continue
		}
		for _, ex := range p.Examples {
			fs, err := cat.Find([]byte(ex), 0)
			if err != nil {
				return nil, &LineError{Line: p.Line, Msg: err.Error()}
			}
			if !foundType(fs, p.ID) {
				return nil, &LineError{Line: p.Line, Msg: fmt.Sprintf("pattern %q: its example %q does not match", p.ID, ex)}
			}
		}
		for _, ex := range p.NotExamples {
			if fs, _ := cat.Find([]byte(ex), 0); foundType(fs, p.ID) {
				return nil, &LineError{Line: p.Line, Msg: fmt.Sprintf("pattern %q: its counter-example %q matches", p.ID, ex)}
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
