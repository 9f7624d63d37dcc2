//go:build unix

package confine

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"syscall"
	"testing"
	"time"
)

// tree makes:
//
//	root/a/b/file.csv        the file
//	root/a/b/rel.csv         -> file.csv (a link inside the folder)
//	root/a/b/abs.csv         -> /outside/secret.csv (absolute)
//	root/a/up                -> ../../outside (a folder link going out)
//	root/a/in                -> b (a folder link staying in)
//	root/linkroot            -> /outside
//	root/fifo                a FIFO
//	outside/secret.csv
func tree(t *testing.T) (root, outside string) {
	t.Helper()
	base := t.TempDir()
	root, outside = filepath.Join(base, "root"), filepath.Join(base, "outside")
	for _, d := range []string{filepath.Join(root, "a", "b"), outside} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(root, "a", "b", "file.csv"), "inside\n")
	write(filepath.Join(outside, "secret.csv"), "outside\n")
	links := map[string]string{
		filepath.Join(root, "a", "b", "rel.csv"): "file.csv",
		filepath.Join(root, "a", "b", "abs.csv"): filepath.Join(outside, "secret.csv"),
		filepath.Join(root, "a", "up"):           filepath.Join("..", "..", "outside"),
		filepath.Join(root, "a", "in"):           "b",
		filepath.Join(root, "linkroot"):          outside,
	}
	for l, target := range links {
		if err := os.Symlink(target, l); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(root, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	return root, outside
}

// both runs f with openat2 (where the kernel has it) and with the
// fallback walk.
func both(t *testing.T, f func(t *testing.T)) {
	for _, walk := range []bool{false, true} {
		name := "openat2"
		if walk {
			name = "walk"
		}
		t.Run(name, func(t *testing.T) {
			forceWalk = walk
			defer func() { forceWalk = false }()
			f(t)
		})
	}
}

func TestOpenBeneath(t *testing.T) {
	root, outside := tree(t)
	r, err := New([]string{root}, false)
	if err != nil {
		t.Fatal(err)
	}
	both(t, func(t *testing.T) {
		f, fi, err := r.Open(filepath.Join(root, "a", "b", "file.csv"))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(f)
		f.Close()
		if string(b) != "inside\n" || fi.Size() != 7 {
			t.Fatalf("read %q, size %d", b, fi.Size())
		}
		cases := []struct {
			path string
			want error
		}{
			{filepath.Join(root, "a", "b", "rel.csv"), ErrLink},                // a link, last component, staying in
			{filepath.Join(root, "a", "b", "abs.csv"), ErrLink},                // an absolute link
			{filepath.Join(root, "a", "up", "secret.csv"), ErrLink},            // a folder link going out
			{filepath.Join(root, "a", "in", "file.csv"), ErrLink},              // a folder link staying in
			{filepath.Join(root, "linkroot", "secret.csv"), ErrLink},           // first component
			{filepath.Join(root, "a", "..", "..", "outside", "x"), ErrOutside}, // ".." out, by name
			{filepath.Join(outside, "secret.csv"), ErrOutside},
			{filepath.Join(root, "fifo"), ErrNotRegular}, // and the open does not block
			{filepath.Join(root, "a"), ErrNotRegular},
			{filepath.Join(root, "a", "b", "none.csv"), os.ErrNotExist},
		}
		for _, c := range cases {
			f, _, err := r.Open(c.path)
			if f != nil {
				f.Close()
			}
			if !errors.Is(err, c.want) {
				t.Errorf("Open(%s): %v, want %v", c.path, err, c.want)
			}
		}
		// ".." inside the relative part is refused by the kernel or the walk.
		if _, err := openBeneath(root, "a/../../outside/secret.csv", false); !errors.Is(err, ErrOutside) && !errors.Is(err, ErrLink) {
			t.Errorf("openBeneath with ..: %v", err)
		}
	})
}

func TestDevicesAreNotRegular(t *testing.T) {
	r, err := New([]string{"/dev"}, false)
	if err != nil {
		t.Fatal(err)
	}
	both(t, func(t *testing.T) {
		if _, _, err := r.Open("/dev/zero"); !errors.Is(err, ErrNotRegular) {
			t.Errorf("Open(/dev/zero): %v", err)
		}
	})
	for _, follow := range []bool{false, true} {
		if _, _, err := OpenRegular("/dev/null", follow); !errors.Is(err, ErrNotRegular) {
			t.Errorf("OpenRegular(/dev/null, %v): %v", follow, err)
		}
	}
}

func TestOpenRegularLastComponent(t *testing.T) {
	root, _ := tree(t)
	link := filepath.Join(root, "a", "b", "rel.csv")
	if _, _, err := OpenRegular(link, false); !errors.Is(err, ErrLink) {
		t.Errorf("not following: %v", err)
	}
	f, _, err := OpenRegular(link, true)
	if err != nil {
		t.Fatalf("following: %v", err)
	}
	f.Close()
	done := make(chan error, 1)
	go func() { _, _, err := OpenRegular(filepath.Join(root, "fifo"), true); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, ErrNotRegular) {
			t.Errorf("fifo: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("opening a FIFO blocked")
	}
}

func TestOpenParent(t *testing.T) {
	root, outside := tree(t)
	strict, _ := New([]string{root}, false)
	follow, _ := New([]string{root}, true)
	both(t, func(t *testing.T) {
		d, name, err := strict.OpenParent(filepath.Join(root, "a", "b", "file.csv"))
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		if name != "file.csv" {
			t.Fatalf("name %q", name)
		}
		// A temp file, renamed over, all relative to the folder.
		tmp, err := d.Create(".tmp", 0o600)
		if err != nil {
			t.Fatal(err)
		}
		tmp.WriteString("new\n")
		tmp.Close()
		if _, err := d.Create(".tmp", 0o600); !errors.Is(err, os.ErrExist) {
			t.Errorf("Create over an existing name: %v", err)
		}
		if err := d.Rename(".tmp", "file.csv"); err != nil {
			t.Fatal(err)
		}
		if err := d.Sync(); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(filepath.Join(root, "a", "b", "file.csv")); string(b) != "new\n" {
			t.Fatalf("renamed: %q", b)
		}
		if fi, err := d.Lstat("rel.csv"); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("Lstat of a link: %v %v", fi, err)
		}
		if _, _, err := d.Open("rel.csv"); !errors.Is(err, ErrLink) {
			t.Errorf("Dir.Open of a link: %v", err)
		}
		if err := d.Rename("../x", "y"); err == nil {
			t.Error("a name with a slash was taken")
		}
		if _, _, err := strict.OpenParent(filepath.Join(root, "a", "up", "secret.csv")); !errors.Is(err, ErrLink) {
			t.Errorf("a folder link: %v", err)
		}
		// Following: a real path inside a root is written to, there; one
		// outside every root is not.
		if _, _, err := follow.OpenParent(filepath.Join(root, "linkroot", "secret.csv")); !errors.Is(err, ErrOutside) {
			t.Errorf("following out: %v", err)
		}
		d2, name, err := follow.OpenParent(filepath.Join(root, "a", "in", "file.csv"))
		if err != nil {
			t.Fatalf("following in: %v", err)
		}
		if name != "file.csv" || d2.Path() != filepath.Join(root, "a", "b") {
			t.Errorf("following in: %s %s", d2.Path(), name)
		}
		d2.Close()
	})
	if b, _ := os.ReadFile(filepath.Join(outside, "secret.csv")); string(b) != "outside\n" {
		t.Fatal("the outside file changed")
	}
}

func TestLstatAndWalk(t *testing.T) {
	root, _ := tree(t)
	strict, _ := New([]string{root}, false)
	if _, err := strict.Lstat(filepath.Join(root, "linkroot", "secret.csv")); !errors.Is(err, ErrLink) {
		t.Errorf("Lstat through a link: %v", err)
	}
	if fi, err := strict.Lstat(filepath.Join(root, "a", "b", "file.csv")); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("Lstat: %v %v", fi, err)
	}
	// A loop of links ends; followed links are walked under their names.
	if err := os.Symlink(root, filepath.Join(root, "a", "loop")); err != nil {
		t.Fatal(err)
	}
	follow, _ := New([]string{root}, true)
	var files []string
	err := follow.Walk(root, func(p string, e os.DirEntry, err error) error {
		if err == nil && e.Type().IsRegular() {
			rel, _ := filepath.Rel(root, p)
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	want := []string{"a/b/abs.csv", "a/b/file.csv", "a/b/rel.csv", "a/up/secret.csv"}
	// a/in is the folder a/b, and linkroot the folder a/up: each entered once.
	if len(files) != len(want) {
		t.Fatalf("walked %q, want %q", files, want)
	}
	for i := range want {
		if files[i] != want[i] {
			t.Fatalf("walked %q, want %q", files, want)
		}
	}
	files = nil
	strict.Walk(root, func(p string, e os.DirEntry, err error) error {
		if err == nil && e.Type().IsRegular() {
			files = append(files, p)
		}
		return nil
	})
	if len(files) != 1 {
		t.Errorf("without following: %q", files)
	}
}
