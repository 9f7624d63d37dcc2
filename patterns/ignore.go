package patterns

import (
	"bytes"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// IgnoreEntry is one value of the config's ignore list: a keyed hash
// (Hasher.Sum of a type id and a normalized value, so it names one value
// of one type), with why it is ignored. Findings of it are marked
// Ignored: not reported by a scan, not counted in metrics, still indexed
// and returned to an access request. Unlike the allowlist, which keeps a
// non-personal value (a product's sample number) from being a finding at
// all, an ignored value is personal data the team has decided not to be
// alerted about (the company's own support address, a test card).
type IgnoreEntry struct {
	Hash   string `yaml:"hash"`
	Type   string `yaml:"type,omitempty"` // for the reader; checked against the catalog when given
	Reason string `yaml:"reason"`
	line   int
}

// checkIgnore checks the ignore list: 64 hex digits, a reason, each hash
// once.
func (c *Config) checkIgnore() error {
	seen := map[Hash]int{}
	for i := range c.Ignore {
		e := &c.Ignore[i]
		errf := func(format string, a ...any) error {
			return &ConfigError{Path: c.path, Line: e.line, Msg: fmt.Sprintf("ignore[%d]: ", i) + fmt.Sprintf(format, a...)}
		}
		h, err := ParseHash(strings.TrimSpace(e.Hash))
		if err != nil {
			return errf("hash: %v (piid ignore add TYPE=VALUE prints an entry)", err)
		}
		if strings.TrimSpace(e.Reason) == "" {
			return errf("needs a reason")
		}
		if e.Type != "" && !validID.MatchString(e.Type) {
			return errf("type must be a type id")
		}
		if j, ok := seen[h]; ok {
			return errf("the same hash as ignore[%d]", j)
		}
		seen[h] = i
		e.Hash = h.String()
	}
	return nil
}

// checkIgnoreTypes checks the types the ignore list names against the
// catalog (custom patterns included).
func (c *Config) checkIgnoreTypes(cat *Catalog) error {
	for i, e := range c.Ignore {
		if _, ok := cat.TypeByID(e.Type); e.Type != "" && !ok {
			return &ConfigError{Path: c.path, Line: e.line, Msg: fmt.Sprintf("ignore[%d]: unknown type %q", i, e.Type)}
		}
	}
	return nil
}

// ignoreHashes are the ignore list's hashes, for the catalog (checked).
func (c *Config) ignoreHashes() []Hash {
	var hs []Hash
	for _, e := range c.Ignore {
		if h, err := ParseHash(e.Hash); err == nil {
			hs = append(hs, h)
		}
	}
	return hs
}

// Ignored says whether a finding's keyed hash is on the ignore list.
func (c *Catalog) Ignored(h Hash) bool {
	if len(c.ignore) == 0 {
		return false
	}
	_, ok := c.ignore[h]
	return ok
}

func newIgnoreSet(hs []Hash) map[Hash]struct{} {
	if len(hs) == 0 {
		return nil
	}
	m := make(map[Hash]struct{}, len(hs))
	for _, h := range hs {
		m[h] = struct{}{}
	}
	return m
}

// IgnoreYAML is e as one item of the config's ignore list.
func IgnoreYAML(e IgnoreEntry) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode([]IgnoreEntry{e}); err != nil {
		return nil, err
	}
	return buf.Bytes(), enc.Close()
}

// AddIgnore returns config data (read from path) with e appended to its
// ignore list, keeping the file's comments and other keys. It refuses a
// hash the list already holds, and returns only data that ParseConfig
// accepts.
func AddIgnore(path string, data []byte, e IgnoreEntry) ([]byte, error) {
	h, err := ParseHash(e.Hash)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &ConfigError{Path: path, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	if doc.Kind == 0 {
		// Empty, or only comments (which yaml.v3 does not keep): the
		// list goes after them, as text.
		out := append([]byte(nil), data...)
		if len(out) > 0 && out[len(out)-1] != '\n' {
			out = append(out, '\n')
		}
		item, err := IgnoreYAML(IgnoreEntry{Hash: h.String(), Type: e.Type, Reason: e.Reason})
		if err != nil {
			return nil, err
		}
		out = append(append(out, "ignore:\n"...), indent(item)...)
		if _, err := ParseConfig(path, out); err != nil {
			return nil, err
		}
		return out, nil
	}
	if len(doc.Content) == 0 || (doc.Content[0].Kind == yaml.ScalarNode && doc.Content[0].Tag == "!!null") {
		doc.Content = []*yaml.Node{{Kind: yaml.MappingNode, Tag: "!!map"}}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &ConfigError{Path: path, Line: root.Line, Msg: "the config is not a mapping of keys"}
	}
	var list *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "ignore" {
			list = root.Content[i+1]
		}
	}
	switch {
	case list == nil:
		list = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		root.Content = append(root.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "ignore"}, list)
	case list.Kind == yaml.ScalarNode && list.Tag == "!!null": // "ignore:" with nothing yet
		*list = yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", HeadComment: list.HeadComment, LineComment: list.LineComment}
	case list.Kind != yaml.SequenceNode:
		return nil, &ConfigError{Path: path, Line: list.Line, Msg: "ignore must be a list"}
	}
	for _, item := range list.Content {
		for i := 0; item.Kind == yaml.MappingNode && i+1 < len(item.Content); i += 2 {
			if item.Content[i].Value != "hash" {
				continue
			}
			if old, err := ParseHash(strings.TrimSpace(item.Content[i+1].Value)); err == nil && old == h {
				return nil, &ConfigError{Path: path, Line: item.Line, Msg: "this value is already on the ignore list"}
			}
		}
	}
	var item yaml.Node
	if err := item.Encode(IgnoreEntry{Hash: h.String(), Type: e.Type, Reason: e.Reason}); err != nil {
		return nil, err
	}
	list.Content = append(list.Content, &item)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	if _, err := ParseConfig(path, buf.Bytes()); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// indent shifts YAML lines by two spaces, as the encoder indents a list
// under its key.
func indent(b []byte) []byte {
	var out []byte
	for _, line := range bytes.SplitAfter(b, []byte{'\n'}) {
		if len(line) > 0 {
			out = append(append(out, "  "...), line...)
		}
	}
	return out
}
