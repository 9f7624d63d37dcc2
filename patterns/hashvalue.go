package patterns

import (
	"encoding/hex"
	"errors"
	"fmt"
)

// HashSize is the length of a keyed hash (HMAC-SHA256) in bytes.
const HashSize = 32

// Hash is a keyed hash as piid files a value under it: the 32 bytes of
// the HMAC. It crosses packages as bytes; hex is only how it is written
// (JSON, CSV, SARIF, logs, the audit trail) and read (ParseHash). The zero
// Hash is "no hash": it is written as the empty string.
type Hash [HashSize]byte

// ErrInvalidHash is returned for text that is not a keyed hash.
var ErrInvalidHash = errors.New("invalid hash")

// ParseHash reads a hash written as 64 hexadecimal digits, either case.
func ParseHash(s string) (Hash, error) {
	var h Hash
	if len(s) != 2*HashSize {
		return Hash{}, fmt.Errorf("%w: %d characters, want %d hexadecimal digits", ErrInvalidHash, len(s), 2*HashSize)
	}
	if _, err := hex.Decode(h[:], []byte(s)); err != nil {
		return Hash{}, fmt.Errorf("%w: not hexadecimal", ErrInvalidHash)
	}
	return h, nil
}

// IsZero reports whether h is the zero Hash (no hash); encoding/json's
// omitzero asks it.
func (h Hash) IsZero() bool { return h == Hash{} }

// String is h in lower-case hex, empty for the zero Hash.
func (h Hash) String() string { return string(h.AppendHex(nil)) }

// AppendHex appends h in lower-case hex to dst, nothing for the zero Hash.
func (h Hash) AppendHex(dst []byte) []byte {
	if h.IsZero() {
		return dst
	}
	return hex.AppendEncode(dst, h[:])
}

// AppendText implements encoding.TextAppender.
func (h Hash) AppendText(dst []byte) ([]byte, error) { return h.AppendHex(dst), nil }

// MarshalText implements encoding.TextMarshaler: lower-case hex, as JSON
// has always shown a hash, and "" for the zero Hash.
func (h Hash) MarshalText() ([]byte, error) { return h.AppendHex(nil), nil }

// UnmarshalText implements encoding.TextUnmarshaler: the empty string is
// the zero Hash, anything else must parse (ParseHash).
func (h *Hash) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*h = Hash{}
		return nil
	}
	v, err := ParseHash(string(b))
	if err != nil {
		return err
	}
	*h = v
	return nil
}
