// Package confine is the one owner of "open this path safely under the
// watched folders". Every file piid indexes, reads back for a report or
// rewrites is opened here: beneath a watched root, with no symbolic link
// in any component (on Linux openat2 with RESOLVE_BENEATH and
// RESOLVE_NO_SYMLINKS, else a walk opening each component with
// O_NOFOLLOW), never blocking on a FIFO, and only when what was opened is
// a regular file (fstat on the descriptor, not a second look by path).
// With following on (the daemon's --follow-symlinks), reading may follow
// links anywhere, but writing still needs the file's real path inside a
// root, reached with no link from there.
package confine

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

var (
	// ErrOutside: the path is not under any watched folder, or (with
	// following on) its real path is not.
	ErrOutside = errors.New("outside every watched folder")
	// ErrLink: a component of the path is a symbolic link, and links are
	// not followed.
	ErrLink = errors.New("a symbolic link in the path (links are not followed)")
	// ErrNotRegular: what the path names is not a regular file (a
	// folder, FIFO, device or socket).
	ErrNotRegular = errors.New("not a regular file")
)

// FileID is what makes a file the same file: its device and inode.
type FileID struct {
	Dev uint64 `json:"device"`
	Ino uint64 `json:"inode"`
}

// Roots are the watched folders, resolved once. A nil *Roots confines
// nothing: it opens what it is given, still without following a link in
// the last component and only as a regular file.
type Roots struct {
	roots  []root
	follow bool
}

// root is a watched folder: as given (absolute, clean) and its real path.
type root struct{ given, real string }

// New resolves the folders once (links in the roots themselves are the
// operator's and are followed here, never again). follow allows reading
// through links (Open); writing never goes through one (OpenParent).
func New(paths []string, follow bool) (*Roots, error) {
	r := &Roots{follow: follow}
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, fmt.Errorf("confine: %w", err)
		}
		abs = filepath.Clean(abs)
		real, err := filepath.EvalSymlinks(abs)
		if err != nil {
			return nil, fmt.Errorf("confine: %w", err)
		}
		fi, err := os.Stat(real)
		if err != nil {
			return nil, fmt.Errorf("confine: %w", err)
		}
		if !fi.IsDir() {
			return nil, fmt.Errorf("confine: %s: not a folder", p)
		}
		r.roots = append(r.roots, root{given: abs, real: real})
	}
	return r, nil
}

// Follow says whether reading follows links.
func (r *Roots) Follow() bool { return r != nil && r.follow }

// Within says whether path (absolute, clean) is, by its name, under a
// root. It says nothing of links: Open and OpenParent check those.
func (r *Roots) Within(path string) bool {
	_, _, ok := r.split(path)
	return ok
}

// split finds the root path is under, by name, and returns the root's
// real path and path relative to it ("" for the root itself).
func (r *Roots) split(path string) (base, rel string, ok bool) {
	if r == nil {
		return "", "", false
	}
	path = filepath.Clean(path)
	for _, rt := range r.roots {
		for _, p := range []string{rt.given, rt.real} {
			if path == p {
				return rt.real, "", true
			}
			if strings.HasPrefix(path, p+string(filepath.Separator)) || p == string(filepath.Separator) {
				return rt.real, strings.TrimPrefix(path[len(p):], string(filepath.Separator)), true
			}
		}
	}
	return "", "", false
}

// Open opens the regular file at path for reading and returns it with its
// fstat. Under Roots the path must be under a root and, unless following
// is on, hold no link in any component. It fails with ErrOutside,
// ErrLink or ErrNotRegular (wrapped, with the path).
func (r *Roots) Open(path string) (*os.File, fs.FileInfo, error) {
	if r == nil {
		return OpenRegular(path, false)
	}
	base, rel, ok := r.split(path)
	if !ok {
		return nil, nil, fmt.Errorf("%s: %w", path, ErrOutside)
	}
	if r.follow {
		return OpenRegular(path, true)
	}
	f, err := openBeneath(base, rel, false)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return regular(f, path)
}

// Lstat says what path names beneath its root, without following a link
// in its last component; a link above it is ErrLink unless following is
// on.
func (r *Roots) Lstat(path string) (fs.FileInfo, error) {
	if r == nil || r.follow {
		if r != nil && !r.Within(path) {
			return nil, fmt.Errorf("%s: %w", path, ErrOutside)
		}
		return os.Lstat(path)
	}
	base, rel, ok := r.split(path)
	if !ok {
		return nil, fmt.Errorf("%s: %w", path, ErrOutside)
	}
	if rel == "" {
		return os.Stat(base)
	}
	d, err := openBeneath(base, filepath.Dir(rel), true)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	dir := &Dir{f: d, path: filepath.Dir(path)}
	defer dir.Close()
	return dir.Lstat(filepath.Base(rel))
}

// OpenParent opens the folder holding the file at path, beneath its root
// with no link in any component, and returns it with the file's name in
// it: what is done relative to that descriptor stays in that folder even
// if a folder of the path is swapped for a link afterwards. With following
// on, path's links are resolved first and its real path must be under a
// root (ErrOutside otherwise). A nil *Roots opens the folder by name.
func (r *Roots) OpenParent(path string) (*Dir, string, error) {
	if r == nil {
		d, err := openDir(filepath.Dir(path))
		if err != nil {
			return nil, "", err
		}
		return &Dir{f: d, path: filepath.Dir(path)}, filepath.Base(path), nil
	}
	if r.follow {
		real, err := filepath.EvalSymlinks(path)
		if err != nil {
			return nil, "", err
		}
		if !r.Within(real) {
			return nil, "", fmt.Errorf("%s: its real path %s is %w", path, real, ErrOutside)
		}
		path = real
	}
	base, rel, ok := r.split(path)
	if !ok || rel == "" {
		return nil, "", fmt.Errorf("%s: %w", path, ErrOutside)
	}
	d, err := openBeneath(base, filepath.Dir(rel), true)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", path, err)
	}
	return &Dir{f: d, path: filepath.Dir(path)}, filepath.Base(rel), nil
}

// OpenRegular opens the regular file at path for reading, without
// following a link in its last component unless follow, never blocking on
// a FIFO, and returns it with its fstat (ErrNotRegular for anything else).
func OpenRegular(path string, follow bool) (*os.File, fs.FileInfo, error) {
	f, err := openPath(path, follow)
	if err != nil {
		return nil, nil, err
	}
	return regular(f, path)
}

// regular keeps f only if fstat says it is a regular file.
func regular(f *os.File, path string) (*os.File, fs.FileInfo, error) {
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w (%s)", path, ErrNotRegular, kind(fi.Mode()))
	}
	return f, fi, nil
}

func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return m.Type().String()
}

// Dir is a folder opened beneath a root: the names given to its methods
// are single components looked up in that folder, never through a link.
type Dir struct {
	f    *os.File
	path string
}

// Path is the folder's path, as it was named when opened.
func (d *Dir) Path() string { return d.path }

// Close closes the folder.
func (d *Dir) Close() error { return d.f.Close() }

// ReadDir lists the folder's entries (once: it reads the descriptor).
func (d *Dir) ReadDir() ([]fs.DirEntry, error) { return d.f.ReadDir(-1) }

// Sync makes the changes of names in the folder durable.
func (d *Dir) Sync() error { return d.f.Sync() }

func checkName(name string) error {
	if name == "" || name == "." || name == ".." || strings.ContainsRune(name, '/') || strings.ContainsRune(name, filepath.Separator) {
		return fmt.Errorf("confine: %q is not a name in a folder", name)
	}
	return nil
}
