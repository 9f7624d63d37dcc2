// Package sealed keeps records at rest sealed: AES-256-GCM under a key
// derived from the hash key, with the record's id as associated data, so
// the data folder holds no personal data in clear and a file moved under
// another id does not open. DSAR requests and erasures are stored this way.
package sealed

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/json"
	"errors"
)

// Box seals and opens records under one key.
type Box struct{ aead cipher.AEAD }

// file is a sealed record on disk.
type file struct {
	Version int    `json:"v"`
	ID      string `json:"id"`
	Sealed  []byte `json:"sealed"` // nonce then ciphertext of the record
}

// ErrNotSealed says a file holds a record in clear (written before
// records were sealed).
var ErrNotSealed = errors.New("not sealed")

// New returns a Box for a 32-byte key.
func New(key []byte) (*Box, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Box{aead: aead}, nil
}

// Seal returns the file content that holds plain under id.
func (b *Box) Seal(id string, plain []byte) ([]byte, error) {
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return json.Marshal(file{Version: 1, ID: id, Sealed: b.aead.Seal(nonce, nonce, plain, []byte(id))})
}

// Open returns the id and the record a file's content holds. Its errors
// say what is wrong in words that follow the file's name: "is damaged:
// …", "does not open …"; ErrNotSealed for a record in clear.
func (b *Box) Open(data []byte) (id string, plain []byte, err error) {
	var f file
	if err := json.Unmarshal(data, &f); err != nil {
		return "", nil, errors.New("is damaged: " + err.Error())
	}
	if f.Sealed == nil {
		return "", nil, ErrNotSealed
	}
	n := b.aead.NonceSize()
	if len(f.Sealed) < n {
		return "", nil, errors.New("is damaged: sealed data too short")
	}
	plain, err = b.aead.Open(nil, f.Sealed[:n], f.Sealed[n:], []byte(f.ID))
	if err != nil {
		return "", nil, errors.New("does not open with this hash key (another key, or the file was altered)")
	}
	return f.ID, plain, nil
}
