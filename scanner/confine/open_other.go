//go:build !unix

package confine

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Without openat, each component is looked at with Lstat before the open:
// a link swapped in between the two is not caught here.
func openBeneath(base, rel string, dir bool) (*os.File, error) {
	cur := base
	for _, p := range strings.Split(filepath.ToSlash(rel), "/") {
		switch p {
		case "", ".":
			continue
		case "..":
			return nil, ErrOutside
		}
		cur = filepath.Join(cur, p)
		fi, err := os.Lstat(cur)
		if err != nil {
			return nil, err
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return nil, ErrLink
		}
	}
	return os.Open(cur)
}

func openPath(path string, follow bool) (*os.File, error) {
	if !follow {
		if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return nil, fmt.Errorf("%s: %w", path, ErrLink)
		}
	}
	return os.Open(path)
}

func openDir(path string) (*os.File, error) { return os.Open(path) }

func (d *Dir) Open(name string) (*os.File, fs.FileInfo, error) {
	if err := checkName(name); err != nil {
		return nil, nil, err
	}
	p := filepath.Join(d.path, name)
	f, err := openPath(p, false)
	if err != nil {
		return nil, nil, err
	}
	return regular(f, p)
}

func (d *Dir) Create(name string, perm fs.FileMode) (*os.File, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	return os.OpenFile(filepath.Join(d.path, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
}

func (d *Dir) Rename(from, to string) error {
	if err := checkName(from); err != nil {
		return err
	}
	if err := checkName(to); err != nil {
		return err
	}
	return os.Rename(filepath.Join(d.path, from), filepath.Join(d.path, to))
}

func (d *Dir) Remove(name string) error {
	if err := checkName(name); err != nil {
		return err
	}
	return os.Remove(filepath.Join(d.path, name))
}

func (d *Dir) Lstat(name string) (fs.FileInfo, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	return os.Lstat(filepath.Join(d.path, name))
}

func (d *Dir) Writable() error { return nil }

// IDOf has no device and inode to give here.
func IDOf(fs.FileInfo) FileID { return FileID{} }
