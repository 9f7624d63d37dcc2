package index

import (
	"errors"

	"github.com/piid/piid/patterns"
)

// Sentinel errors. Functions wrap them with context
// (fmt.Errorf("index: begin %s: %w", path, ErrBusy)); test with errors.Is.
var (
	// ErrClosed is returned by every call on a closed Index or on a
	// Writer whose Index was closed.
	ErrClosed = errors.New("index closed")
	// ErrBusy is returned when a path already has an unfinished Writer in
	// this process (BeginFile, RemoveFile).
	ErrBusy = errors.New("path is being indexed")
	// ErrWriterDone is returned by Add or Commit after Commit or Abort.
	ErrWriterDone = errors.New("writer already committed or aborted")
	// ErrSuperseded is returned by Commit when the writer's in-flight
	// marker is gone: another process wrote the index meanwhile.
	ErrSuperseded = errors.New("writer superseded")
	// ErrInvalidHash is returned for a finding or identifier without its
	// Hash (the zero Hash). It is patterns.ErrInvalidHash, which
	// patterns.ParseHash returns for text that is not a hash.
	ErrInvalidHash = patterns.ErrInvalidHash
	// ErrInvalidCursor is returned by Findings for a cursor it did not
	// issue, or one issued for another path.
	ErrInvalidCursor = errors.New("invalid cursor")
	// ErrCorrupt is returned when a stored entry does not decode.
	ErrCorrupt = errors.New("corrupt index entry")
	// ErrLocked is returned by Open when another process holds the
	// store (a running daemon).
	ErrLocked = errors.New("index is in use by another process")
	// ErrIncompatible is returned by Open for a directory written with
	// another key layout.
	ErrIncompatible = errors.New("incompatible index layout")
)
