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
// that its refusal is not taken for damage. Badger's read-write holder
// locks it exclusively, a read-only one (a daemon on a full volume, piid
// index verify) shared: exclusive probes for both, for whoever will write
// or move the store; shared only for the first, for a reader.
func checkLock(dir string, exclusive bool) error {
	f, err := os.Open(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	how := unix.LOCK_SH
	if exclusive {
		how = unix.LOCK_EX
	}
	if err := unix.Flock(int(f.Fd()), how|unix.LOCK_NB); err != nil {
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
