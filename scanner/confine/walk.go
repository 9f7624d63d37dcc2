package confine

import (
	"io/fs"
	"os"
	"path/filepath"
)

// Walk walks the tree at dir as filepath.WalkDir does, links not followed;
// with following on, links to folders and files are followed (each folder
// entered once, so a loop of links ends), and fn sees what a link points
// to, named by the link's path.
func (r *Roots) Walk(dir string, fn fs.WalkDirFunc) error {
	if !r.Follow() {
		return filepath.WalkDir(dir, fn)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return fn(dir, nil, err)
	}
	err = r.walkFollow(dir, fs.FileInfoToDirEntry(fi), fn, map[FileID]bool{})
	if err == filepath.SkipDir || err == filepath.SkipAll {
		return nil
	}
	return err
}

func (r *Roots) walkFollow(path string, e fs.DirEntry, fn fs.WalkDirFunc, seen map[FileID]bool) error {
	if err := fn(path, e, nil); err != nil || !e.IsDir() {
		if err == filepath.SkipDir && !e.IsDir() {
			return nil
		}
		return err
	}
	if fi, err := e.Info(); err == nil {
		id := IDOf(fi)
		if id != (FileID{}) && seen[id] {
			return nil
		}
		seen[id] = true
	}
	ents, err := os.ReadDir(path)
	if err != nil {
		if err := fn(path, e, err); err != nil && err != filepath.SkipDir {
			return err
		}
		return nil
	}
	for _, c := range ents {
		p := filepath.Join(path, c.Name())
		if c.Type()&fs.ModeSymlink != 0 {
			fi, err := os.Stat(p)
			if err != nil {
				if err := fn(p, c, err); err != nil && err != filepath.SkipDir {
					return err
				}
				continue
			}
			c = fs.FileInfoToDirEntry(fi)
		}
		if err := r.walkFollow(p, c, fn, seen); err != nil {
			if err == filepath.SkipDir {
				continue
			}
			return err
		}
	}
	return nil
}
