//go:build linux || darwin || freebsd

package index

import "golang.org/x/sys/unix"

// freeSpace is the space of dir's volume available to the process (what
// df shows as available: without the blocks reserved for root).
func freeSpace(dir string) (int64, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return -1, err
	}
	return int64(st.Bavail) * int64(st.Bsize), nil
}
