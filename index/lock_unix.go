//go:build unix

package index

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// checkLock fails with ErrLocked when another process holds the store
// (Badger flocks the directory, and writes the holder's pid to LOCK), so
// that its refusal is not taken for damage.
func checkLock(dir string) error {
	f, err := os.Open(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), unix.LOCK_SH|unix.LOCK_NB); err != nil {
		if errors.Is(err, unix.EWOULDBLOCK) {
			lock := filepath.Join(dir, "LOCK")
			pid, _ := os.ReadFile(lock)
			return fmt.Errorf("%w: %s is held by process %s (is a daemon running on this data folder?)",
				ErrLocked, lock, strings.TrimSpace(string(pid)))
		}
		return err
	}
	return unix.Flock(int(f.Fd()), unix.LOCK_UN)
}
