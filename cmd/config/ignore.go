package config

import (
	"bytes"
	"strings"

	"github.com/piid/piid/patterns"
	"gopkg.in/yaml.v3"
)

// IgnoreYAML is e as one item of the config's ignore list.
func IgnoreYAML(e patterns.IgnoreEntry) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode([]patterns.IgnoreEntry{e}); err != nil {
		return nil, err
	}
	return buf.Bytes(), enc.Close()
}

// AddIgnore returns config data (read from path) with e appended to its
// ignore list, keeping the file's comments and other keys. It refuses a
// hash the list already holds, and returns only data that ParseConfig
// accepts.
func AddIgnore(path string, data []byte, e patterns.IgnoreEntry) ([]byte, error) {
	h, err := patterns.ParseHash(e.Hash)
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
		item, err := IgnoreYAML(patterns.IgnoreEntry{Hash: h.String(), Type: e.Type, Reason: e.Reason})
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
			if old, err := patterns.ParseHash(strings.TrimSpace(item.Content[i+1].Value)); err == nil && old == h {
				return nil, &ConfigError{Path: path, Line: item.Line, Msg: "this value is already on the ignore list"}
			}
		}
	}
	var item yaml.Node
	if err := item.Encode(patterns.IgnoreEntry{Hash: h.String(), Type: e.Type, Reason: e.Reason}); err != nil {
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
