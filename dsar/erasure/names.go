package erasure

import (
	"path/filepath"
	"strings"
	"unicode"

	"github.com/piid/piid/dsar"
	"github.com/piid/piid/patterns"
)

// A file's name can hold the subject's identifier (an export named
// anna.rossi@example.it.csv): rewriting its content leaves the name, and
// the index, the plan and every listing keep it. Such a file gets a
// manual item (rename it by hand), and the erasure is not verified while
// the index still holds the path.

// nameMatcher finds the subject's identifiers in path components,
// comparing them as identifiers are compared: each candidate is checked
// and normalized by the catalog, then hashed.
type nameMatcher struct {
	cat   *patterns.Catalog
	keys  map[patterns.Hash]dsar.Key
	types []string
	memo  map[string][]dsar.Key // by component: a plan's files share folders
}

func newNameMatcher(cat *patterns.Catalog, keys []dsar.Key) *nameMatcher {
	m := &nameMatcher{cat: cat, keys: map[patterns.Hash]dsar.Key{}, memo: map[string][]dsar.Key{}}
	seen := map[string]bool{}
	for _, k := range keys {
		m.keys[k.Hash] = k
		if !seen[k.Type] {
			seen[k.Type] = true
			m.types = append(m.types, k.Type)
		}
	}
	return m
}

// nameReason is what the plan says of a file whose path holds the
// subject's identifier (inBase: in the file's own name, else in a
// folder's).
func nameReason(typ string, inBase bool) string {
	if inBase {
		return "the file name holds the subject's " + typ + "; rename it by hand"
	}
	return "a folder name in the file's path holds the subject's " + typ + "; rename it by hand"
}

// held returns the subject's keys the path's components hold, and
// whether the file's own name holds one.
func (m *nameMatcher) held(path string) (keys []dsar.Key, inBase bool) {
	comps := strings.Split(filepath.ToSlash(path), "/")
	seen := map[patterns.Hash]bool{}
	for i, c := range comps {
		for _, k := range m.component(c) {
			if i == len(comps)-1 {
				inBase = true
			}
			if !seen[k.Hash] {
				seen[k.Hash] = true
				keys = append(keys, k)
			}
		}
	}
	return keys, inBase
}

func (m *nameMatcher) component(c string) []dsar.Key {
	if c == "" {
		return nil
	}
	if ks, ok := m.memo[c]; ok {
		return ks
	}
	var found []dsar.Key
	seen := map[patterns.Hash]bool{}
	for _, cand := range candidates(c) {
		for _, typ := range m.types {
			norm, err := m.cat.Identifier(typ, cand)
			if err != nil {
				continue
			}
			h := m.cat.Hasher().Sum(typ, []byte(norm))
			if k, ok := m.keys[h]; ok && !seen[h] {
				seen[h] = true
				found = append(found, k)
			}
		}
	}
	m.memo[c] = found
	return found
}

// candidates are the parts of a name an identifier may be: the whole
// name, the pieces between separators (with or without spaces, which a
// phone number may hold), each without its extensions.
func candidates(name string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		for s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
			j := strings.LastIndexByte(s, '.')
			if j <= 0 {
				return
			}
			s = s[:j]
		}
	}
	add(name)
	strong := func(r rune) bool { return strings.ContainsRune("_,;()[]{}<>=&#!'\"|", r) }
	for _, p := range strings.FieldsFunc(name, strong) {
		add(p)
	}
	for _, p := range strings.FieldsFunc(name, func(r rune) bool { return strong(r) || unicode.IsSpace(r) }) {
		add(p)
	}
	return out
}

// namedPaths are the manual items of the erasure's files whose path
// holds the subject's identifier and that the index still holds: until
// they are renamed, the subject is still named in the index.
func (s *Service) namedPaths(e *Erasure) ([]Item, error) {
	var out []Item
	for _, it := range e.Plan {
		if !isNameItem(it) {
			continue
		}
		_, ok, err := s.opts.Index.File(it.Path)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, it)
		}
	}
	return out, nil
}

// isNameItem says whether a plan's item is a path's (nameItem): the only
// items that span no bytes of the file.
func isNameItem(it Item) bool { return it.Action == Manual && it.End == 0 }

const renameNote = "the content is erased; paths holding the subject's identifiers remain: verified once they are renamed by hand"

// awaitingRename keeps an applied erasure whose content is erased from
// being verified while the index still holds a path naming the subject:
// it stays applied, with those paths remaining (recorded once), and is
// verified again as applied erasures are retried, once they are renamed.
func (s *Service) awaitingRename(e *Erasure) bool {
	named, err := s.namedPaths(e)
	if err != nil {
		s.log.Error("erasure: verifying", "id", e.ID, "error", err)
		return true
	}
	if len(named) == 0 {
		return false
	}
	if prev, ok := s.get(e.ID); ok && prev.History[len(prev.History)-1].Note == renameNote && len(prev.Remaining) == len(named) {
		return true // already said
	}
	e.Remaining = named
	e.History = append(e.History, Step{Status: Applied, At: s.now().UTC(), Actor: "piid", Note: renameNote})
	paths := make([]dsar.PathRef, len(named))
	for i, it := range named {
		paths[i] = dsar.AuditPath(s.cat, it.Path)
	}
	if err := s.record("erasure.rename_needed", "piid", e, map[string]any{"paths": paths}); err != nil {
		s.log.Error("erasure: recording", "id", e.ID, "error", err)
	}
	return true
}
