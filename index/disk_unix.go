//go:build unix

package index

import (
	"io/fs"
	"syscall"
)

// diskSize is the space a file takes on disk: Badger preallocates its logs
// as sparse files, whose apparent size says little.
func diskSize(info fs.FileInfo) int64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return int64(st.Blocks) * 512
	}
	return info.Size()
}
