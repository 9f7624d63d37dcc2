//go:build !unix

package rewrite

import (
	"io/fs"
	"os"
)

const oNoFollow = 0

func links(fs.FileInfo) uint64 { return 1 }

func keepOwner(*os.File, fs.FileInfo) error { return nil }

func dirReason(string) string { return "" }
