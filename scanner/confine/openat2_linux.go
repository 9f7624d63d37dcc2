package confine

import "golang.org/x/sys/unix"

// openat2 opens rel beneath dirfd with no link in any component and no
// ".." out of it, in one call the kernel checks. A rename racing the
// lookup makes it fail with EAGAIN: it is tried again.
func openat2(dirfd int, rel string, flags int) (int, error) {
	how := &unix.OpenHow{
		Flags:   uint64(flags),
		Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS,
	}
	for range 8 {
		fd, err := unix.Openat2(dirfd, rel, how)
		if err != unix.EAGAIN && err != unix.EINTR {
			return fd, err
		}
	}
	return -1, unix.EAGAIN
}
