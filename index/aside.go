package index

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// MoveAside renames the index in dir to dir.corrupt-TIME (UTC), so that a
// new one can be built in its place, and returns the new name ("" when
// there was no index). It refuses (ErrLocked) while a process holds it.
//
// Moved, not deleted: the damaged copy is what tells a failing disk from
// a bug, and it holds no raw value (keyed hashes, offsets, masked
// previews); the operator deletes it once looked at.
func MoveAside(dir string, now time.Time) (string, error) {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err := checkLock(dir, true); err != nil {
		return "", fmt.Errorf("index: move aside %s: %w", dir, err)
	}
	// Two rebuilds within a second: the second copy gets a number.
	base := dir + ".corrupt-" + now.UTC().Format("20060102T150405Z")
	to := base
	for n := 2; ; n++ {
		if _, err := os.Lstat(to); errors.Is(err, fs.ErrNotExist) {
			break
		}
		to = fmt.Sprintf("%s-%d", base, n)
	}
	if err := os.Rename(dir, to); err != nil {
		return "", fmt.Errorf("index: move aside: %w", err)
	}
	return to, nil
}
