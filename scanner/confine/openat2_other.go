//go:build unix && !linux

package confine

import "golang.org/x/sys/unix"

// openat2 is Linux's: elsewhere the walk does its work.
func openat2(int, string, int) (int, error) { return -1, unix.ENOSYS }
