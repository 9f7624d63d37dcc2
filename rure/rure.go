// Package rure is piid's cgo binding to Rust's regex engine, built from the
// crate in this folder (librure.a, linked statically).
//
// It differs from the classic binding in three ways: the match loop runs on
// the Rust side (one cgo call fills a caller-owned slice of matches per
// chunk), flags are taken exactly as given (no implicit Unicode mode), and a
// Regex is freed explicitly with Close. A Regex is not safe for concurrent
// use: compile one per goroutine, which is also faster (regex's internal
// cache pool contends when shared).
package rure

/*
#cgo CFLAGS: -O2
#cgo LDFLAGS: -L${SRCDIR}/target/release -lrure -lgcc_s -lutil -lrt -lpthread -lm -ldl
#include <stdint.h>
#include <stdlib.h>
#include <stdbool.h>

typedef struct Rure Rure;
Rure *rure_compile(const uint8_t *pat, size_t len, uint32_t flags, size_t size_limit,
                   size_t dfa_size_limit, uint8_t *err, size_t errcap, size_t *errlen);
Rure *rure_compile_multi(const uint8_t *pats, const size_t *ends, size_t count, uint32_t flags,
                         size_t size_limit, size_t dfa_size_limit, uint8_t *err, size_t errcap,
                         size_t *errlen);
void rure_free(Rure *re);
size_t rure_captures_len(const Rure *re);
size_t rure_find_all(Rure *re, const uint8_t *hay, size_t len, size_t start, bool groups,
                     size_t *out, size_t cap, size_t *next);
*/
import "C"

import (
	"errors"
	"fmt"
	"runtime"
	"unsafe"
)

// Flags select regex options. Only the flags given are set; in particular
// without Unicode the regex runs in ASCII mode.
type Flags uint32

// The flag bits, as the Rust side reads them.
const (
	CaseInsensitive  Flags = 1 << 0
	MultiLine        Flags = 1 << 1
	DotMatchesNL     Flags = 1 << 2
	SwapGreed        Flags = 1 << 3
	IgnoreWhitespace Flags = 1 << 4
	Unicode          Flags = 1 << 5
)

// Options tune compilation. Zero values keep the engine's defaults.
type Options struct {
	Flags        Flags
	SizeLimit    int // bytes for the compiled program
	DFASizeLimit int // bytes for the lazy DFA's cache
}

// ErrClosed is returned when a closed Regex is used.
var ErrClosed = errors.New("rure: regex is closed")

// Regex is a compiled regular expression over bytes.
type Regex struct {
	p      *C.Rure
	groups int
}

// Match is one match: the byte span [Start, End) and the capture group that
// took part (see FindAll).
type Match struct {
	Start, End int
	Group      int
}

// Compile compiles pattern with opts.
func Compile(pattern string, opts Options) (*Regex, error) {
	var errbuf [512]byte
	var errlen C.size_t
	var pat *C.uint8_t
	if len(pattern) > 0 {
		pat = (*C.uint8_t)(unsafe.Pointer(unsafe.StringData(pattern)))
	}
	p := C.rure_compile(pat, C.size_t(len(pattern)), C.uint32_t(opts.Flags),
		C.size_t(opts.SizeLimit), C.size_t(opts.DFASizeLimit),
		(*C.uint8_t)(unsafe.Pointer(&errbuf[0])), C.size_t(len(errbuf)), &errlen)
	runtime.KeepAlive(pattern)
	if p == nil {
		return nil, fmt.Errorf("rure: %s", errbuf[:errlen])
	}
	re := &Regex{p: p, groups: int(C.rure_captures_len(p))}
	// A safety net only: callers Close explicitly.
	runtime.SetFinalizer(re, (*Regex).Close)
	return re, nil
}

// CompileMulti compiles patterns into one leftmost-first alternation (one
// pass over the text for all of them). FindAll with groups then reports in
// Match.Group the 1-based index of the pattern that matched, found by
// running the patterns as a set over the matched bytes alone.
func CompileMulti(patterns []string, opts Options) (*Regex, error) {
	if len(patterns) == 0 {
		return nil, errors.New("rure: no patterns")
	}
	var packed []byte
	ends := make([]C.size_t, len(patterns))
	for i, p := range patterns {
		packed = append(packed, p...)
		ends[i] = C.size_t(len(packed))
	}
	var pp *C.uint8_t
	if len(packed) > 0 {
		pp = (*C.uint8_t)(unsafe.Pointer(&packed[0]))
	}
	var errbuf [512]byte
	var errlen C.size_t
	p := C.rure_compile_multi(pp, &ends[0], C.size_t(len(patterns)), C.uint32_t(opts.Flags),
		C.size_t(opts.SizeLimit), C.size_t(opts.DFASizeLimit),
		(*C.uint8_t)(unsafe.Pointer(&errbuf[0])), C.size_t(len(errbuf)), &errlen)
	runtime.KeepAlive(packed)
	runtime.KeepAlive(ends)
	if p == nil {
		return nil, fmt.Errorf("rure: %s", errbuf[:errlen])
	}
	re := &Regex{p: p, groups: int(C.rure_captures_len(p))}
	runtime.SetFinalizer(re, (*Regex).Close)
	return re, nil
}

// MustCompile is Compile that panics on error, for patterns fixed in code.
func MustCompile(pattern string, opts Options) *Regex {
	re, err := Compile(pattern, opts)
	if err != nil {
		panic(err)
	}
	return re
}

// CapturesLen is the number of capture groups, group 0 included.
func (re *Regex) CapturesLen() int { return re.groups }

// Close frees the compiled regex. It is safe to call more than once.
func (re *Regex) Close() error {
	if re.p != nil {
		C.rure_free(re.p)
		re.p = nil
		runtime.SetFinalizer(re, nil)
	}
	return nil
}

// FindAll appends to dst[:0] the successive non-overlapping leftmost-first
// matches in hay[start:], at most cap(dst) of them, and returns them with the
// offset to resume from. When len(result) == cap(dst) there may be more:
// call again from next. next > len(hay) means the haystack is exhausted.
//
// With groups set, Match.Group is the lowest-numbered capture group that
// took part in the match (for a regex from CompileMulti: the 1-based index
// of the pattern that matched); otherwise Group is 0 and the faster
// find-only path runs. dst must have a non-zero capacity.
func (re *Regex) FindAll(hay []byte, start int, groups bool, dst []Match) (ms []Match, next int, err error) {
	if re.p == nil {
		return dst[:0], 0, ErrClosed
	}
	if cap(dst) == 0 {
		return dst[:0], start, errors.New("rure: FindAll needs a destination with capacity")
	}
	dst = dst[:cap(dst)]
	start = max(start, 0)
	var hp *C.uint8_t
	if len(hay) > 0 {
		hp = (*C.uint8_t)(unsafe.Pointer(&hay[0]))
	}
	var cnext C.size_t
	// Match is three ints laid out as three size_t on 64-bit platforms, so
	// the Rust side writes straight into dst.
	n := C.rure_find_all(re.p, hp, C.size_t(len(hay)), C.size_t(start), C.bool(groups),
		(*C.size_t)(unsafe.Pointer(&dst[0])), C.size_t(len(dst)), &cnext)
	runtime.KeepAlive(re)
	runtime.KeepAlive(hay)
	return dst[:n], int(cnext), nil
}

// IsMatch reports whether hay contains a match. It is a convenience for
// tests and config checks, not for hot paths.
func (re *Regex) IsMatch(hay []byte) bool {
	var one [1]Match
	ms, _, err := re.FindAll(hay, 0, false, one[:])
	return err == nil && len(ms) > 0
}

// The Rust side writes three size_t per match into a []Match.
var _ [unsafe.Sizeof(Match{}) - 3*unsafe.Sizeof(C.size_t(0))]struct{}
var _ [3*unsafe.Sizeof(C.size_t(0)) - unsafe.Sizeof(Match{})]struct{}
