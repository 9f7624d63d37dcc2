package bench

import (
	"os"
	"testing"
	"time"
)

// TestProcCPU checks that procCPU counts this process's CPU time (what
// waitQuiet watches in the daemon).
func TestProcCPU(t *testing.T) {
	before := procCPU(os.Getpid())
	x := 0
	for start := time.Now(); time.Since(start) < 200*time.Millisecond; {
		x++
	}
	after := procCPU(os.Getpid())
	if after-before < 100*time.Millisecond {
		t.Errorf("procCPU went from %v to %v over 200 ms of a busy loop (%d turns)", before, after, x)
	}
}
