package rewrite

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cespare/xxhash/v2"

	"github.com/piid/piid/scanner/confine"
)

func gzipped(t testing.TB, name string, mtime time.Time, members ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	for _, m := range members {
		zw := gzip.NewWriter(&b)
		zw.Name, zw.ModTime, zw.Comment = name, mtime, "export"
		if _, err := zw.Write([]byte(m)); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return b.Bytes()
}

func gunzip(t testing.TB, b []byte) (gzip.Header, string) {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("output is no gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("output is no valid gzip: %v", err)
	}
	return zr.Header, string(out)
}

func TestGzipCSV(t *testing.T) {
	var csv strings.Builder
	csv.WriteString("id,name,email\n")
	for i := range 2000 {
		fmt.Fprintf(&csv, "%d,Person %d,p%d@example.com\n", i, i, i)
	}
	in := csv.String()
	mtime := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	p := filepath.Join(t.TempDir(), "people.csv.gz")
	if err := os.WriteFile(p, gzipped(t, "people.csv", mtime, in), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Apply(p, edits(rep(t, in, "p7@example.com", "a,b"), del(t, in, "p1500@example.com")), Options{})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(p)
	h, got := gunzip(t, raw)
	want := strings.Replace(in, "p7@example.com", `"a,b"`, 1)
	want = strings.Replace(want, "1500,Person 1500,p1500@example.com\n", "", 1)
	if got != want {
		t.Fatalf("content differs from the expected edit (%d vs %d bytes)", len(got), len(want))
	}
	if h.Name != "people.csv" || !h.ModTime.Equal(mtime) || h.Comment != "export" {
		t.Errorf("header not kept: %+v", h)
	}
	if res.Replaced != 1 || res.DeletedRecords != 1 || res.BytesRemoved != int64(len("1500,Person 1500,p1500@example.com\n")) {
		t.Errorf("result %+v", res)
	}
	if fp, _ := Stat(p); fp != res.After || res.After.Size != int64(len(raw)) {
		t.Errorf("After %+v, the file is %+v", res.After, fp)
	}
}

func TestGzipMultiMember(t *testing.T) {
	a, b := "id,email\n1,ann@example.com\n", "2,bob@example.com\n3,cid@example.com\n"
	in := a + b // offsets run across the members, as the scanner reads them
	p := filepath.Join(t.TempDir(), "m.csv.gz")
	if err := os.WriteFile(p, gzipped(t, "m.csv", time.Unix(1e9, 0), a, b), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Apply(p, edits(rep(t, in, "bob@example.com", "x"), del(t, in, "cid")), Options{}); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(p)
	h, got := gunzip(t, raw)
	if got != "id,email\n1,ann@example.com\n2,x\n" || h.Name != "m.csv" {
		t.Fatalf("got %q, header %+v", got, h)
	}
	// One member now: nothing follows the first.
	br := bytes.NewReader(raw)
	zr, err := gzip.NewReader(br)
	if err != nil {
		t.Fatal(err)
	}
	zr.Multistream(false)
	if _, err := io.Copy(io.Discard, zr); err != nil {
		t.Fatal(err)
	}
	if br.Len() != 0 {
		t.Errorf("%d bytes after the first member", br.Len())
	}
}

func TestGzipCorrupt(t *testing.T) {
	full := gzipped(t, "c.csv", time.Time{}, "a,b\n1,x\n2,y\n")
	p := filepath.Join(t.TempDir(), "c.csv.gz")
	if err := os.WriteFile(p, full[:len(full)-6], 0o644); err != nil { // the trailer cut
		t.Fatal(err)
	}
	if _, err := Apply(p, edits(Edit{Start: 4, End: 5, Action: Replace, Replacement: []byte("z")}), Options{}); err == nil || !strings.Contains(err.Error(), "gzip") {
		t.Fatalf("a cut gzip: %v", err)
	}
	if b, _ := os.ReadFile(p); !bytes.Equal(b, full[:len(full)-6]) {
		t.Fatal("file changed")
	}
	noTemps(t, filepath.Dir(p))
}

func TestExpect(t *testing.T) {
	const in = "a,b\n1,ann@example.com\n"
	p := writeFile(t, "e.csv", in)
	fp, err := Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if fp.Size != int64(len(in)) || fp.ContentHash != xxhash.Sum64String(in) {
		t.Fatalf("Stat %+v", fp)
	}
	e := rep(t, in, "ann@example.com", "x")
	for _, bad := range []Fingerprint{{fp.Size, fp.ContentHash ^ 1}, {fp.Size + 1, fp.ContentHash}} {
		_, err := Apply(p, edits(e), Options{Expect: &bad})
		if !errors.Is(err, ErrChanged) {
			t.Fatalf("Expect %+v: %v, want ErrChanged", bad, err)
		}
		if b, _ := os.ReadFile(p); string(b) != in {
			t.Fatal("file changed")
		}
		noTemps(t, filepath.Dir(p))
	}
	// A changed file is reported as such, even when an edit no longer fits.
	bad := Fingerprint{fp.Size, fp.ContentHash ^ 1}
	if _, err := Apply(p, edits(Edit{Start: 0, End: 2, Action: Replace}), Options{Expect: &bad}); !errors.Is(err, ErrChanged) {
		t.Fatalf("a changed file with an edit across fields: %v, want ErrChanged", err)
	}
	if _, err := Apply(p, edits(Edit{Start: 0, End: 2, Action: Replace}), Options{Expect: &fp}); !errors.Is(err, ErrEdit) {
		t.Fatalf("an edit across fields: %v, want ErrEdit", err)
	}
	res, err := Apply(p, edits(e), Options{Expect: &fp})
	if err != nil {
		t.Fatal(err)
	}
	if res.Before != fp {
		t.Errorf("Before %+v, want %+v", res.Before, fp)
	}
	if now, _ := Stat(p); res.After != now {
		t.Errorf("After %+v, the file is %+v", res.After, now)
	}
	// No edits: a fingerprint, nothing written.
	res, err = Apply(p, nil, Options{})
	if err != nil || res.Before != res.After || res.After.Size != int64(len("a,b\n1,x\n")) {
		t.Fatalf("no edits: %+v %v", res, err)
	}
}

// TestWriteDuringRewrite: a write that lands while Apply works is not
// overwritten: Apply notices and gives up.
func TestWriteDuringRewrite(t *testing.T) {
	const in = "line ann@example.com\n"
	p := writeFile(t, "w.log", in)
	testHookBeforeRename = func(string) {
		f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Error(err)
			return
		}
		f.WriteString("more\n")
		f.Close()
	}
	defer func() { testHookBeforeRename = nil }()
	_, err := Apply(p, edits(rep(t, in, "ann@example.com", "x")), Options{})
	if !errors.Is(err, ErrChanged) {
		t.Fatalf("%v, want ErrChanged", err)
	}
	if b, _ := os.ReadFile(p); string(b) != in+"more\n" {
		t.Fatalf("the concurrent write was lost: %q", b)
	}
	noTemps(t, filepath.Dir(p))
}

func TestModeAndOwner(t *testing.T) {
	const in = "a,b\n1,ann@example.com\n"
	p := writeFile(t, "m.csv", in)
	if err := os.Chmod(p, 0o640); err != nil {
		t.Fatal(err)
	}
	root := os.Geteuid() == 0
	if root {
		if err := os.Chown(p, 1234, 5678); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Apply(p, edits(rep(t, in, "ann@example.com", "x")), Options{}); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode() != 0o640 {
		t.Errorf("mode %v, want 0640", fi.Mode())
	}
	if st := fi.Sys().(*syscall.Stat_t); root && (st.Uid != 1234 || st.Gid != 5678) {
		t.Errorf("owner %d:%d, want 1234:5678", st.Uid, st.Gid)
	}
}

func TestSymlinkRefused(t *testing.T) {
	const in = "a,b\n1,ann@example.com\n"
	target := writeFile(t, "t.csv", in)
	link := filepath.Join(filepath.Dir(target), "l.csv")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	_, err := Apply(link, edits(rep(t, in, "ann@example.com", "x")), Options{})
	if !errors.Is(err, ErrManual) || !strings.Contains(err.Error(), "symbolic link") {
		t.Fatalf("%v, want ErrManual about a symbolic link", err)
	}
	if ok, why := Check(link, false); ok || !strings.Contains(why, "symbolic link") {
		t.Fatalf("Check: %v %q", ok, why)
	}
	if b, _ := os.ReadFile(target); string(b) != in {
		t.Fatal("the target changed")
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the link was replaced")
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	put := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var tb bytes.Buffer
	tw := tar.NewWriter(&tb)
	tw.WriteHeader(&tar.Header{Name: "a.csv", Mode: 0o644, Size: 4})
	tw.Write([]byte("a,b\n"))
	tw.Close()
	plain := put("ok.csv", []byte("a,b\n1,2\n"))
	linked := put("linked.log", []byte("x\n"))
	if err := os.Link(linked, filepath.Join(dir, "other.log")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path       string
		needDelete bool
		want       string // "" for ok
	}{
		{plain, true, ""},
		{put("doc.json", []byte(`[{"a":1}]`)), false, ""},
		{put("doc2.json", []byte(`[{"a":1}]`)), true, "JSON document"},
		{put("rows.jsonl", []byte("{\"a\":1}\n{\"a\":2}\n")), true, ""},
		{put("bin.dat", []byte("ab\x00cd")), false, "binary"},
		{put("a.zip", []byte("PK\x03\x04rest")), false, "zip"},
		{put("noext", []byte("PK\x03\x04rest")), false, "zip"},
		{put("b.tar.gz", gzipped(t, "", time.Time{}, "x")), false, "tar"},
		{put("b.gz", gzipped(t, "", time.Time{}, tb.String())), false, "tar"},
		{put("c.csv.bz2", []byte("BZh91AY")), false, "bzip2"},
		{put("bad.csv.gz", []byte{0x1f, 0x8b, 0, 0}), false, "gzip"},
		{plain + "!inner.csv", false, "archive member"},
		{linked, false, "hard links"},
		{filepath.Join(dir, "missing.csv"), false, "no such file"},
		{dir, false, "not a regular file"},
	} {
		ok, why := Check(c.path, c.needDelete)
		if c.want == "" && (!ok || why != "") || c.want != "" && (ok || !strings.Contains(why, c.want)) {
			t.Errorf("Check(%s, %v) = %v %q, want %q", filepath.Base(c.path), c.needDelete, ok, why, c.want)
		}
	}
	// Apply says the same, as ErrManual.
	if _, err := Apply(filepath.Join(dir, "bin.dat"), edits(Edit{Start: 0, End: 1, Action: Replace}), Options{}); !errors.Is(err, ErrManual) {
		t.Errorf("Apply on a binary file: %v", err)
	}
	// A real file whose name holds '!' is no member.
	bang := put("wow!.log", []byte("hi ann\n"))
	if ok, why := Check(bang, true); !ok {
		t.Errorf("Check(wow!.log): %q", why)
	}
}

func TestCleanupTemps(t *testing.T) {
	dir := t.TempDir()
	names := map[string]bool{ // name: removed
		".people.csv.0123456789abcdef" + DefaultTempSuffix: true,
		".x.fedcba9876543210" + DefaultTempSuffix:          true,
		"people.csv":                           false,
		".people.csv.0123" + DefaultTempSuffix: false,
		".people.csv.0123456789abcdef.other":   false,
		".hidden":                              false,
	}
	for n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	removed, err := CleanupTemps(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(removed) != 2 {
		t.Errorf("removed %v", removed)
	}
	for n, gone := range names {
		_, err := os.Stat(filepath.Join(dir, n))
		if gone != errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: removed %v, want %v", n, !gone, gone)
		}
	}
	// The names Apply makes are the ones CleanupTemps knows.
	d, _, err := (*confine.Roots)(nil).OpenParent(filepath.Join(dir, "people.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	f, _, err := createTemp(d, "people.csv", "")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if !tempName("").MatchString(filepath.Base(f.Name())) {
		t.Errorf("%s does not match the cleanup pattern", f.Name())
	}
	f, _, err = createTemp(d, strings.Repeat("n", 300), ".custom")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if len(filepath.Base(f.Name())) > 255 || !tempName(".custom").MatchString(filepath.Base(f.Name())) {
		t.Errorf("%s: too long or not matched", f.Name())
	}
	if _, _, err := createTemp(d, "x", "/../escape"); err == nil {
		t.Error("a suffix with a slash was taken")
	}
}
