package dsar

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/piid/piid/dsar/internal/atomicfile"
	"github.com/piid/piid/dsar/internal/sealed"
)

// store keeps one file per request in its folder. A request holds its
// subject's name and identifiers in clear, so each file is sealed
// (AES-256-GCM, with the request id as associated data): the data folder
// holds no raw personal data, and a file moved under another id does not
// open. Writes are atomic (temp file, fsync, rename, folder fsync).
type store struct {
	dir string
	box *sealed.Box

	mu   sync.Mutex
	reqs map[string]*Request
}

func openStore(dir string, key []byte) (*store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("dsar: %w", err)
	}
	box, err := sealed.New(key)
	if err != nil {
		return nil, fmt.Errorf("dsar: %w", err)
	}
	s := &store{dir: dir, box: box, reqs: map[string]*Request{}}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("dsar: %w", err)
	}
	atomicfile.RemoveTemps(dir) // a crash's leftovers: their renames never happened
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".json") {
			continue
		}
		r, err := s.read(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		s.reqs[r.ID] = r
	}
	return s, nil
}

func (s *store) read(path string) (*Request, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("dsar: %w", err)
	}
	id, plain, err := s.box.Open(b)
	if err != nil {
		return nil, fmt.Errorf("dsar: %s %v", filepath.Base(path), err)
	}
	var r Request
	if err := json.Unmarshal(plain, &r); err != nil {
		return nil, fmt.Errorf("dsar: %s: %v", filepath.Base(path), err)
	}
	if r.ID != id {
		return nil, fmt.Errorf("dsar: %s: id mismatch", filepath.Base(path))
	}
	return &r, nil
}

// get returns a copy of the request.
func (s *store) get(id string) (*Request, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.reqs[id]
	if !ok {
		return nil, false
	}
	return r.clone(), true
}

func (s *store) all() []*Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*Request, 0, len(s.reqs))
	for _, r := range s.reqs {
		out = append(out, r.clone())
	}
	return out
}

// put writes the request durably, then makes it the current version.
func (s *store) put(r *Request) error {
	plain, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("dsar: %w", err)
	}
	b, err := s.box.Seal(r.ID, plain)
	if err != nil {
		return fmt.Errorf("dsar: %w", err)
	}
	if err := atomicfile.Write(s.dir, r.ID+".json", b); err != nil {
		return fmt.Errorf("dsar: %w", err)
	}
	s.mu.Lock()
	s.reqs[r.ID] = r.clone()
	s.mu.Unlock()
	return nil
}
