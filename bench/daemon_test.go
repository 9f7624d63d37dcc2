package bench

import (
	"os"
	"testing"
	"time"
)

// TestProcCPU checks that procCPU counts this process's CPU time (what
// waitQuiet watches in the daemon): a busy loop makes it grow.
func TestProcCPU(t *testing.T) {
	before, ok := procCPU(os.Getpid())
	if !ok {
		t.Fatal("procCPU cannot read this process's CPU time")
	}
	now, x := before, 0
	for start := time.Now(); now-before < 50*time.Millisecond && time.Since(start) < 10*time.Second; {
		for range 1 << 20 {
			x++
		}
		now, _ = procCPU(os.Getpid())
	}
	if now-before < 50*time.Millisecond {
		t.Errorf("procCPU went from %v to %v over 10 s of a busy loop (%d turns)", before, now, x)
	}
	if _, ok := procCPU(-1); ok {
		t.Error("procCPU read a process that does not exist")
	}
}
