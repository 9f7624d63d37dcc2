//go:build !unix

package index

import "io/fs"

func diskSize(info fs.FileInfo) int64 { return info.Size() }
