package patterns

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// KeySize is the length of a generated hash key in bytes.
const KeySize = 32

// Hasher computes the keyed hash (HMAC-SHA256) under which a value is
// filed: never a plain hash, since phone numbers and national ids are few
// enough to be reversed by trying them all.
type Hasher struct {
	key  []byte
	pool sync.Pool
}

// NewHasher returns a hasher with the secret key.
func NewHasher(key []byte) *Hasher {
	h := &Hasher{key: append([]byte(nil), key...)}
	h.pool.New = func() any { return &hmacState{m: hmac.New(sha256.New, h.key)} }
	return h
}

// hmacState is one HMAC with the buffers a Sum needs, pooled: hashing a
// finding allocates nothing.
type hmacState struct {
	m   hash.Hash
	in  []byte // type id, 0, normalized value
	sum Hash
}

// LoadExistingKey is LoadKey without creating a key: a missing
// dir/hash.key is an error that wraps os.ErrNotExist. Hashes meant to
// match what scans and the daemon found (an ignore list) need the key
// they used, never a new one.
func LoadExistingKey(file, dir string) (key []byte, source string, err error) {
	if file != "" {
		k, err := readKey(file)
		return k, file, err
	}
	if v := os.Getenv("PIID_HASH_KEY"); v != "" {
		if len(v) < 16 {
			return nil, "", errors.New("PIID_HASH_KEY is shorter than 16 characters")
		}
		return []byte(v), "PIID_HASH_KEY", nil
	}
	path := filepath.Join(dir, "hash.key")
	k, err := readKey(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, "", fmt.Errorf("no hash key at %s (give --data, --hash-key-file or $PIID_HASH_KEY): %w", path, err)
	}
	return k, path, err
}

// Sum returns the HMAC of type id and normalized value: the 32 bytes, no
// hex on the scanner's hot path.
func (h *Hasher) Sum(typeID string, norm []byte) Hash {
	st := h.pool.Get().(*hmacState)
	st.m.Reset()
	st.in = append(append(append(st.in[:0], typeID...), 0), norm...)
	st.m.Write(st.in)
	copy(st.sum[:], st.m.Sum(st.sum[:0])) // in place: sum has the room
	sum := st.sum
	h.pool.Put(st)
	return sum
}

// LoadKey finds the hash key: the file named, else the environment's
// PIID_HASH_KEY, else dir/hash.key, created (0600, random) when missing.
// It reports where the key came from.
func LoadKey(file, dir string) (key []byte, source string, err error) {
	k, source, err := LoadExistingKey(file, dir)
	if file != "" || !errors.Is(err, os.ErrNotExist) {
		return k, source, err
	}
	path := filepath.Join(dir, "hash.key")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, "", fmt.Errorf("hash key: %w", err)
	}
	k = make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		return nil, "", err
	}
	// Written to a temporary file, then linked into place: a second
	// process starting at the same moment either links first (and this one
	// reads its key) or finds the file whole, never empty.
	tmp, err := os.CreateTemp(dir, ".hash.key-*")
	if err != nil {
		return nil, "", fmt.Errorf("hash key: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return nil, "", fmt.Errorf("hash key: %w", err)
	}
	if _, err := tmp.WriteString(hex.EncodeToString(k) + "\n"); err != nil {
		tmp.Close()
		return nil, "", fmt.Errorf("hash key: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return nil, "", fmt.Errorf("hash key: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return nil, "", fmt.Errorf("hash key: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, os.ErrExist) {
			k, err := readKey(path)
			return k, path, err
		}
		return nil, "", fmt.Errorf("hash key: %w", err)
	}
	return k, path, nil
}

func readKey(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("hash key: %w", err)
	}
	s := strings.TrimSpace(string(b))
	if k, err := hex.DecodeString(s); err == nil && len(k) >= 16 {
		return k, nil
	}
	if len(s) < 16 {
		return nil, fmt.Errorf("hash key %s: shorter than 16 bytes", path)
	}
	return []byte(s), nil
}

// Derive returns a secret of 32 bytes for another use of the key (the
// audit chain, sealing stored requests), named by label: knowing one
// derived secret tells nothing of the key or of the others.
func (h *Hasher) Derive(label string) []byte {
	m := hmac.New(sha256.New, h.key)
	m.Write([]byte("piid derive\x00"))
	m.Write([]byte(label))
	return m.Sum(nil)
}
