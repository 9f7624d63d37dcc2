package scanner

import (
	"errors"
	"fmt"
	"io"
)

// Defaults of the decompression guard: a gzip stream is read until it
// decompresses past DefaultMaxDecompressedSize, or past
// DefaultMaxDecompressionRatio times the compressed bytes read once
// ratioFloor bytes have come out. Text logs and exports compress 5-30x; a
// stream of zeros (a "bomb") about 1000x.
const (
	DefaultMaxDecompressedSize   = 16 << 30
	DefaultMaxDecompressionRatio = 200
	ratioFloor                   = 64 << 20
)

// ErrDecompressionLimit ends the scan of a compressed file that
// decompressed past a limit of Options; what came out before it was
// scanned, and the file is counted as skipped.
var ErrDecompressionLimit = errors.New("decompression limit")

// countingReader counts the bytes read through it: the compressed side.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// inflateGuard passes a decompressed stream on until it exceeds the size
// or the ratio limit, then fails with ErrDecompressionLimit.
type inflateGuard struct {
	r        io.Reader
	in       *countingReader
	out      int64
	maxSize  int64
	maxRatio float64
}

func (g *inflateGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	g.out += int64(n)
	if g.out > g.maxSize {
		return n, fmt.Errorf("%w: more than %d bytes decompressed (max_decompressed_size); the rest is not read", ErrDecompressionLimit, g.maxSize)
	}
	if g.out > ratioFloor && g.in.n > 0 && float64(g.out)/float64(g.in.n) > g.maxRatio {
		return n, fmt.Errorf("%w: %d bytes decompressed from %d (ratio over %g, max_decompression_ratio); the rest is not read",
			ErrDecompressionLimit, g.out, g.in.n, g.maxRatio)
	}
	return n, err
}
