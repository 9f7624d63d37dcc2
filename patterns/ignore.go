package patterns

import (
	"fmt"
	"strings"
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
	Line   int    `yaml:"-"` // where the entry stands in the file (set by the loader)
}

// checkIgnore checks the ignore list: 64 hex digits, a reason, each hash
// once.
func (c *Config) checkIgnore() error {
	seen := map[Hash]int{}
	for i := range c.Ignore {
		e := &c.Ignore[i]
		errf := func(format string, a ...any) error {
			return &LineError{Line: e.Line, Msg: fmt.Sprintf("ignore[%d]: ", i) + fmt.Sprintf(format, a...)}
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
			return &LineError{Line: e.Line, Msg: fmt.Sprintf("ignore[%d]: unknown type %q", i, e.Type)}
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
