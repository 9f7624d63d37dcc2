package scanner

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Config is the scanner's part of the config file (--config): which files
// are read and how far. The README documents each key.
type Config struct {
	SkipBinary  bool `yaml:"skip_binary"`
	MaxFileSize Size `yaml:"max_file_size"`
	// A gzip stream that decompresses past either is skipped (scanner
	// defaults when 0).
	MaxDecompressedSize   Size     `yaml:"max_decompressed_size"`
	MaxDecompressionRatio float64  `yaml:"max_decompression_ratio"`
	Exclude               []string `yaml:"exclude"`
}

// Check reports the first invalid key.
func (c Config) Check() error {
	if r := c.MaxDecompressionRatio; r != 0 && r < 1 {
		return errors.New("max_decompression_ratio must be at least 1 (0: the default)")
	}
	if c.MaxDecompressedSize < 0 {
		return errors.New("max_decompressed_size must not be negative")
	}
	return nil
}

// Apply sets the options the config decides.
func (c Config) Apply(o Options) Options {
	o.SkipBinary = c.SkipBinary
	o.MaxFileSize = int64(c.MaxFileSize)
	o.MaxDecompressedSize = int64(c.MaxDecompressedSize)
	o.MaxDecompressionRatio = c.MaxDecompressionRatio
	o.Exclude = c.Exclude
	return o
}

// Size is a byte count written as a number or with a unit (10MiB, 2GB).
type Size int64

// UnmarshalYAML reads 1048576, "1MiB", "1MB", "512k".
func (s *Size) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseSize(n.Value)
	if err != nil {
		return err
	}
	*s = Size(v)
	return nil
}

// ParseSize reads a byte count with an optional unit: B, K/KB/KiB, M/MB/MiB,
// G/GB/GiB, T/TB/TiB (decimal units are powers of 1000, binary of 1024).
func ParseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
		i++
	}
	num, err := strconv.ParseFloat(s[:i], 64)
	if err != nil || num < 0 {
		return 0, fmt.Errorf("invalid size %q", s)
	}
	mult := map[string]float64{"": 1, "b": 1, "k": 1 << 10, "kb": 1e3, "kib": 1 << 10, "m": 1 << 20, "mb": 1e6, "mib": 1 << 20,
		"g": 1 << 30, "gb": 1e9, "gib": 1 << 30, "t": 1 << 40, "tb": 1e12, "tib": 1 << 40}[strings.ToLower(strings.TrimSpace(s[i:]))]
	if mult == 0 {
		return 0, fmt.Errorf("invalid size %q (units: B, KB, KiB, MB, MiB, GB, GiB, TB, TiB)", s)
	}
	b := num * mult
	if b >= math.MaxInt64 {
		return 0, fmt.Errorf("size %q is too large", s)
	}
	if num > 0 && b < 1 {
		return 0, fmt.Errorf("size %q is less than one byte (0 means no limit; write it so)", s)
	}
	return int64(b), nil
}
