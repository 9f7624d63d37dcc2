//go:build unix

package confine

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// forceWalk makes openBeneath skip openat2 (tests of the fallback).
var forceWalk bool

const (
	fileFlags = unix.O_RDONLY | unix.O_CLOEXEC | unix.O_NOCTTY | unix.O_NONBLOCK
	dirFlags  = unix.O_RDONLY | unix.O_CLOEXEC | unix.O_DIRECTORY
)

// openBeneath opens rel (a file, or a folder when dir) beneath the folder
// base with no link in any component: openat2 where the kernel has it,
// else (ENOSYS, or EPERM from a seccomp filter) a walk component by
// component.
func openBeneath(base, rel string, dir bool) (*os.File, error) {
	flags := fileFlags
	if dir {
		flags = dirFlags
	}
	rootfd, err := unix.Open(base, dirFlags, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: base, Err: err}
	}
	if rel == "" || rel == "." {
		return os.NewFile(uintptr(rootfd), base), nil
	}
	defer unix.Close(rootfd)
	name := filepath.Join(base, rel)
	if !forceWalk {
		fd, err := openat2(rootfd, rel, flags)
		if err == nil {
			return os.NewFile(uintptr(fd), name), nil
		}
		if err != unix.ENOSYS && err != unix.EPERM {
			return nil, openErr(rel, err)
		}
	}
	fd, err := walk(rootfd, rel, flags)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), name), nil
}

// walk opens rel beneath dirfd one component at a time, each folder with
// O_NOFOLLOW|O_DIRECTORY and the last with O_NOFOLLOW: a link anywhere
// fails the open.
func walk(dirfd int, rel string, flags int) (int, error) {
	parts := strings.Split(rel, "/")
	cur, err := unix.Dup(dirfd)
	if err != nil {
		return -1, err
	}
	for i, p := range parts {
		last := i == len(parts)-1
		switch p {
		case "", ".":
			if !last {
				continue
			}
			p = "."
		case "..":
			unix.Close(cur)
			return -1, ErrOutside
		}
		fl := unix.O_RDONLY | unix.O_CLOEXEC | unix.O_DIRECTORY | unix.O_NOFOLLOW
		if last {
			fl = flags | unix.O_NOFOLLOW
		}
		fd, err := unix.Openat(cur, p, fl, 0)
		if err != nil {
			// Whatever the open said, a link is named as such.
			var st unix.Stat_t
			if unix.Fstatat(cur, p, &st, unix.AT_SYMLINK_NOFOLLOW) == nil && st.Mode&unix.S_IFMT == unix.S_IFLNK {
				err = unix.ELOOP
			}
			unix.Close(cur)
			return -1, openErr(strings.Join(parts[:i+1], "/"), err)
		}
		unix.Close(cur)
		cur = fd
	}
	return cur, nil
}

// openErr names what failed: a link (ELOOP, or EMLINK as some BSDs say
// for O_NOFOLLOW), an escape from the root (EXDEV from RESOLVE_BENEATH),
// or the error as it came.
func openErr(rel string, err error) error {
	switch err {
	case unix.ELOOP, unix.EMLINK:
		return ErrLink
	case unix.EXDEV:
		return ErrOutside
	}
	return &fs.PathError{Op: "open", Path: rel, Err: err}
}

// openPath opens a path as given, following a link in its last component
// only when follow.
func openPath(path string, follow bool) (*os.File, error) {
	fl := fileFlags
	if !follow {
		fl |= unix.O_NOFOLLOW
	}
	fd, err := unix.Open(path, fl, 0)
	if err != nil {
		if !follow && (err == unix.ELOOP || err == unix.EMLINK) {
			return nil, fmt.Errorf("%s: %w", path, ErrLink)
		}
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	return os.NewFile(uintptr(fd), path), nil
}

func openDir(path string) (*os.File, error) {
	fd, err := unix.Open(path, dirFlags, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	return os.NewFile(uintptr(fd), path), nil
}

func (d *Dir) fd() int { return int(d.f.Fd()) }

// Open opens the regular file name in the folder for reading, not through
// a link, never blocking on a FIFO.
func (d *Dir) Open(name string) (*os.File, fs.FileInfo, error) {
	if err := checkName(name); err != nil {
		return nil, nil, err
	}
	p := filepath.Join(d.path, name)
	fd, err := unix.Openat(d.fd(), name, fileFlags|unix.O_NOFOLLOW, 0)
	if err != nil {
		if err == unix.ELOOP || err == unix.EMLINK {
			return nil, nil, fmt.Errorf("%s: %w", p, ErrLink)
		}
		return nil, nil, &fs.PathError{Op: "open", Path: p, Err: err}
	}
	return regular(os.NewFile(uintptr(fd), p), p)
}

// Create creates name in the folder, which must not exist (not even as a
// link), for writing.
func (d *Dir) Create(name string, perm fs.FileMode) (*os.File, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	p := filepath.Join(d.path, name)
	fd, err := unix.Openat(d.fd(), name, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, uint32(perm.Perm()))
	if err != nil {
		return nil, &fs.PathError{Op: "create", Path: p, Err: err}
	}
	return os.NewFile(uintptr(fd), p), nil
}

// Rename renames from to to, both in the folder.
func (d *Dir) Rename(from, to string) error {
	if err := errors.Join(checkName(from), checkName(to)); err != nil {
		return err
	}
	if err := unix.Renameat(d.fd(), from, d.fd(), to); err != nil {
		return &os.LinkError{Op: "rename", Old: filepath.Join(d.path, from), New: filepath.Join(d.path, to), Err: err}
	}
	return nil
}

// Remove removes the file name from the folder.
func (d *Dir) Remove(name string) error {
	if err := checkName(name); err != nil {
		return err
	}
	if err := unix.Unlinkat(d.fd(), name, 0); err != nil {
		return &fs.PathError{Op: "remove", Path: filepath.Join(d.path, name), Err: err}
	}
	return nil
}

// Lstat says what name is in the folder, without following a link.
func (d *Dir) Lstat(name string) (fs.FileInfo, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	var st unix.Stat_t
	if err := unix.Fstatat(d.fd(), name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return nil, &fs.PathError{Op: "lstat", Path: filepath.Join(d.path, name), Err: err}
	}
	return &fileInfo{name: name, st: st}, nil
}

// Writable says why no file can be created in the folder, if it cannot.
func (d *Dir) Writable() error {
	return unix.Faccessat(d.fd(), ".", unix.W_OK|unix.X_OK, 0)
}

// fileInfo is an fstatat's answer as an fs.FileInfo.
type fileInfo struct {
	name string
	st   unix.Stat_t
}

func (fi *fileInfo) Name() string { return fi.name }
func (fi *fileInfo) Size() int64  { return fi.st.Size }
func (fi *fileInfo) ModTime() time.Time {
	s, ns := fi.st.Mtim.Unix()
	return time.Unix(s, ns)
}
func (fi *fileInfo) IsDir() bool { return fi.Mode().IsDir() }
func (fi *fileInfo) Sys() any    { return &fi.st }
func (fi *fileInfo) Mode() fs.FileMode {
	m := fs.FileMode(fi.st.Mode & 0o777)
	switch fi.st.Mode & unix.S_IFMT {
	case unix.S_IFDIR:
		m |= fs.ModeDir
	case unix.S_IFLNK:
		m |= fs.ModeSymlink
	case unix.S_IFIFO:
		m |= fs.ModeNamedPipe
	case unix.S_IFSOCK:
		m |= fs.ModeSocket
	case unix.S_IFCHR:
		m |= fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFBLK:
		m |= fs.ModeDevice
	}
	if fi.st.Mode&unix.S_ISUID != 0 {
		m |= fs.ModeSetuid
	}
	if fi.st.Mode&unix.S_ISGID != 0 {
		m |= fs.ModeSetgid
	}
	if fi.st.Mode&unix.S_ISVTX != 0 {
		m |= fs.ModeSticky
	}
	return m
}

// IDOf is the device and inode fstat or lstat gave.
func IDOf(fi fs.FileInfo) FileID {
	switch st := fi.Sys().(type) {
	case *syscall.Stat_t:
		return FileID{Dev: uint64(st.Dev), Ino: uint64(st.Ino)}
	case *unix.Stat_t:
		return FileID{Dev: uint64(st.Dev), Ino: uint64(st.Ino)}
	}
	return FileID{}
}
