package main

import (
	"io"
	"os"
	"path/filepath"
)

// writeFileAtomic replaces path with what write writes: a temp file beside
// it, fsync, rename. A crash or an error leaves the old file (or none),
// never a torn one. The new file keeps the mode of the one it replaces.
func writeFileAtomic(path string, perm os.FileMode, write func(io.Writer) error) error {
	if fi, err := os.Stat(path); err == nil {
		perm = fi.Mode().Perm()
	}
	dir, name := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+name+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	err = write(tmp)
	if err == nil {
		err = tmp.Chmod(perm)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err == nil {
		if d, derr := os.Open(dir); derr == nil {
			d.Sync() // the rename's durability; not every platform can
			d.Close()
		}
	}
	return err
}
