package patterns

import (
	"fmt"
	"strings"

	"github.com/piid/piid/scanner/glob"
	"gopkg.in/yaml.v3"
)

// PhoneRegions is the config key phone_regions: the regions tried, in
// order, for phone numbers written without a country code. An element is
// a region code (global) or {paths: [globs], regions: [codes]}, the
// regions of the files those globs match (tried before the global ones).
type PhoneRegions struct {
	Global []string
	ByPath []PathRegions
}

// PathRegions are the phone regions of the files some globs match
// (package glob's syntax).
type PathRegions struct {
	Paths   []string `yaml:"paths"`
	Regions []string `yaml:"regions"`
}

// UnmarshalYAML reads a sequence of codes and path mappings.
func (p *PhoneRegions) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.SequenceNode {
		return fmt.Errorf("line %d: phone_regions must be a list", n.Line)
	}
	for _, e := range n.Content {
		switch e.Kind {
		case yaml.ScalarNode:
			p.Global = append(p.Global, e.Value)
		case yaml.MappingNode:
			// Node.Decode has no strict mode: a misspelt key would drop
			// its rule silently.
			for i := 0; i+1 < len(e.Content); i += 2 {
				if k := e.Content[i]; k.Value != "paths" && k.Value != "regions" {
					return fmt.Errorf("line %d: phone_regions: unknown key %q (a path rule has paths and regions)", k.Line, k.Value)
				}
			}
			var pr PathRegions
			if err := e.Decode(&pr); err != nil {
				return err
			}
			p.ByPath = append(p.ByPath, pr)
		default:
			return fmt.Errorf("line %d: a phone_regions element is a region code or {paths, regions}", e.Line)
		}
	}
	return nil
}

// check upper-cases the codes and says what is wrong, "" when nothing.
func (p *PhoneRegions) check() string {
	codes := func(at string, rs []string) string {
		for i, r := range rs {
			if len(r) != 2 {
				return fmt.Sprintf("%s[%d]: %q is not an ISO 3166 alpha-2 code", at, i, r)
			}
			rs[i] = strings.ToUpper(r)
			if rs[i] == "UK" {
				return fmt.Sprintf("%s[%d]: %q is not a region code: the United Kingdom's is GB", at, i, r)
			}
			if !phoneRegionSupported(rs[i]) {
				return fmt.Sprintf("%s[%d]: %q is not a region with a phone numbering plan", at, i, r)
			}
		}
		return ""
	}
	if msg := codes("phone_regions", p.Global); msg != "" {
		return msg
	}
	for i, pr := range p.ByPath {
		at := fmt.Sprintf("phone_regions[paths %d]", i)
		if len(pr.Paths) == 0 || len(pr.Regions) == 0 {
			return at + ": needs paths and regions"
		}
		if msg := codes(at+".regions", pr.Regions); msg != "" {
			return msg
		}
		for _, g := range pr.Paths {
			if _, err := glob.Compile(g); err != nil {
				return fmt.Sprintf("%s: path %q: %v", at, g, err)
			}
		}
	}
	return ""
}
