package indexer

import "syscall"

// lowerThreadPriority makes the calling OS thread (the caller has locked
// its goroutine to it) yield to the daemon's other threads: on Linux a
// nice value set on a thread id is that thread's alone.
func lowerThreadPriority(nice int) error {
	return syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), nice)
}
