//go:build !linux

package index

// trimMapped is Linux's (trim_linux.go): elsewhere Badger's mapped pages
// are left to the kernel.
func (ix *Index) trimMapped() { close(ix.trimDone) }

func (ix *Index) kickTrim() {}
