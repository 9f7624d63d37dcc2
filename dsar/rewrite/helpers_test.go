package rewrite

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cespare/xxhash/v2"
)

// span returns the offsets of the n-th (0-based) occurrence of sub in s.
func spanOf(t testing.TB, s, sub string, n int) (int64, int64) {
	t.Helper()
	off := 0
	for i := 0; ; i++ {
		k := strings.Index(s[off:], sub)
		if k < 0 {
			t.Fatalf("%q: occurrence %d not found", sub, n)
		}
		if i == n {
			return int64(off + k), int64(off + k + len(sub))
		}
		off += k + 1
	}
}

// rep replaces the first occurrence of sub in s.
func rep(t testing.TB, s, sub, repl string) Edit {
	t.Helper()
	a, b := spanOf(t, s, sub, 0)
	return Edit{Start: a, End: b, Action: Replace, Replacement: []byte(repl)}
}

// repN replaces the n-th occurrence of sub in s.
func repN(t testing.TB, s, sub string, n int, repl string) Edit {
	t.Helper()
	a, b := spanOf(t, s, sub, n)
	return Edit{Start: a, End: b, Action: Replace, Replacement: []byte(repl)}
}

// del deletes the record holding the first occurrence of sub in s.
func del(t testing.TB, s, sub string) Edit {
	t.Helper()
	a, b := spanOf(t, s, sub, 0)
	return Edit{Start: a, End: b, Action: DeleteRecord}
}

// writeFile writes content to a new file name in a fresh directory.
func writeFile(t testing.TB, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// applyTo writes content to a file called name, applies the edits and
// returns the file's new content.
func applyTo(t testing.TB, name, content string, edits ...Edit) (string, Result, error) {
	t.Helper()
	p := writeFile(t, name, content)
	res, err := Apply(p, edits, Options{})
	b, rerr := os.ReadFile(p)
	if rerr != nil {
		t.Fatal(rerr)
	}
	if err != nil && string(b) != content {
		t.Fatalf("failed Apply (%v) changed the file:\n%s", err, b)
	}
	noTemps(t, filepath.Dir(p))
	return string(b), res, err
}

// noTemps fails if dir holds any file but the ones tests made.
func noTemps(t testing.TB, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// rewriteCase is one table test: edits made by mk on in give want (or an
// error holding wantErr).
type rewriteCase struct {
	name    string
	file    string // the file name, which helps tell the format
	in      string
	mk      func(t testing.TB, in string) []Edit
	want    string
	wantErr string
	check   func(t *testing.T, res Result)
}

func runCases(t *testing.T, cases []rewriteCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, res, err := applyTo(t, c.file, c.in, c.mk(t, c.in)...)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, c.wantErr)
				}
				if !errors.Is(err, ErrEdit) && !errors.Is(err, ErrManual) {
					t.Fatalf("error %v is neither ErrEdit nor ErrManual", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Fatalf("got\n%q\nwant\n%q", got, c.want)
			}
			if c.check != nil {
				c.check(t, res)
			}
		})
	}
}

func edits(e ...Edit) []Edit { return e }

// Stat returns the fingerprint of the file at path.
func Stat(path string) (Fingerprint, error) {
	f, err := os.Open(path)
	if err != nil {
		return Fingerprint{}, err
	}
	defer f.Close()
	h := xxhash.New()
	n, err := io.Copy(h, f)
	return Fingerprint{Size: n, ContentHash: h.Sum64()}, err
}

// Check is CheckIn with no roots.
func Check(path string, needDelete bool) (bool, string) {
	c := CheckIn(nil, path, needDelete, nil)
	ok, reason := c.Reason == "", c.Reason
	return ok, reason
}

// CleanupTemps is CleanupTempsIn with no roots.
func CleanupTemps(dir, suffix string) ([]string, error) { return CleanupTempsIn(nil, dir, suffix) }
