//go:build !(linux || darwin || freebsd)

package index

import "errors"

// freeSpace is unknown here: the index never stops writing for want of
// room (Room.Free is -1).
func freeSpace(string) (int64, error) { return -1, errors.ErrUnsupported }
