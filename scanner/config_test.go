package scanner

import "testing"

// A size is a whole number of bytes that fits: a fraction of a byte or
// an overflow would read as 0, no limit, and is refused.
func TestParseSizeRefusesNoLimitByMistake(t *testing.T) {
	for in, want := range map[string]int64{"0": 0, "512k": 512 << 10, "0.5KB": 500, "10MiB": 10 << 20} {
		got, err := ParseSize(in)
		if err != nil || got != want {
			t.Errorf("%q: %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"99999999999TB", "0.5", "0.4B", "9223372036854775808"} {
		if got, err := ParseSize(in); err == nil {
			t.Errorf("%q: %d accepted", in, got)
		}
	}
}
