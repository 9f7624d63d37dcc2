package index

import (
	"fmt"
	"io"

	"github.com/cespare/xxhash/v2"
)

// ContentHash reads r to the end and returns the xxhash64 of its bytes (the
// FileState.ContentHash fingerprint) and how many there were. A caller
// that already reads the file can feed xxhash.New() the same bytes instead.
func ContentHash(r io.Reader) (uint64, int64, error) {
	d := xxhash.New()
	n, err := io.Copy(d, r)
	if err != nil {
		return 0, n, fmt.Errorf("index: content hash: %w", err)
	}
	return d.Sum64(), n, nil
}
