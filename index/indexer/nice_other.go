//go:build !linux

package indexer

// lowerThreadPriority is a no-op where a nice value is the whole
// process's.
func lowerThreadPriority(int) error { return nil }
