package rewrite

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cespare/xxhash/v2"
)

// crashEnv names the file the child process rewrites in a loop.
const crashEnv = "REWRITE_CRASH_CHILD_FILE"

var crashFrom, crashTo = []byte("alice@example.com"), []byte("bobby@example.org")

// crashEdits replaces every from in b by to (same length: the offsets of
// one content are those of the other).
func crashEdits(b, from, to []byte) []Edit {
	var es []Edit
	for off := 0; ; {
		k := bytes.Index(b[off:], from)
		if k < 0 {
			return es
		}
		off += k
		es = append(es, Edit{Start: int64(off), End: int64(off + len(from)), Action: Replace, Replacement: to})
		off += len(from)
	}
}

// crashChild flips the file between its two contents until it is killed,
// saying on stdout where it is: "start" as an Apply begins, "renaming"
// once the temporary file is complete (it then sleeps a little, to be
// killed there too), "done" after the rename.
func crashChild(path string) {
	testHookBeforeRename = func(string) {
		fmt.Println("renaming")
		time.Sleep(time.Duration(5+rand.IntN(35)) * time.Millisecond)
	}
	for {
		b, err := os.ReadFile(path)
		if err != nil {
			fmt.Println("error", err)
			os.Exit(3)
		}
		from, to := crashFrom, crashTo
		if !bytes.Contains(b, from) {
			from, to = to, from
		}
		fp := Fingerprint{Size: int64(len(b)), ContentHash: xxhash.Sum64(b)}
		fmt.Println("start")
		if _, err := Apply(path, crashEdits(b, from, to), Options{Expect: &fp}); err != nil {
			fmt.Println("error", err)
			os.Exit(3)
		}
		fmt.Println("done")
	}
}

// TestCrashSafety kills a process that rewrites a large file, at random
// moments and in each phase (writing the temporary file, between its sync
// and the rename, after), and checks that the file is always exactly the
// old or the new content, keeps its mode, and that what the crash leaves
// is what CleanupTemps removes.
func TestCrashSafety(t *testing.T) {
	if p := os.Getenv(crashEnv); p != "" {
		crashChild(p)
		return
	}
	size := 8 << 20 // an Apply of it is still killed mid-write
	iterations := 9 // each phase three times
	if *long {
		size = 50 << 20
	}
	if testing.Short() {
		size, iterations = 8<<20, 6
	}
	var a bytes.Buffer
	for i := 0; a.Len() < size; i++ {
		if i%100 == 0 {
			fmt.Fprintf(&a, "%08d login %s from 10.0.0.%d\n", i, crashFrom, i%256)
		} else {
			fmt.Fprintf(&a, "%08d heartbeat ok, queue depth %d, nothing to report\n", i, i%97)
		}
	}
	old := a.Bytes()
	nu := bytes.ReplaceAll(old, crashFrom, crashTo)
	states := map[uint64]string{xxhash.Sum64(old): "old", xxhash.Sum64(nu): "new"}
	dir := t.TempDir()
	path := filepath.Join(dir, "big.log")
	if err := os.WriteFile(path, old, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 7))
	t.Logf("seed %d, %d MB", seed, size>>20)

	seen := map[string]int{}
	leftovers := 0
	for i := range iterations {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashSafety$")
		cmd.Env = append(os.Environ(), crashEnv+"="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 64)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		wait := func(what string, n int) {
			for got := 0; got < n; {
				select {
				case l, ok := <-lines:
					if !ok {
						cmd.Wait()
						t.Fatalf("iteration %d: the child ended waiting for %q", i, what)
					}
					if strings.HasPrefix(l, "error") {
						t.Fatalf("iteration %d: child: %s", i, l)
					}
					if l == what {
						got++
					}
				case <-time.After(2 * time.Minute):
					t.Fatalf("iteration %d: no %q from the child", i, what)
				}
			}
		}
		var phase string
		switch i % 3 {
		case 0: // anywhere
			phase = "random"
			time.Sleep(time.Duration(rng.IntN(1500)) * time.Millisecond)
		case 1: // the temporary file complete, not renamed yet
			phase = "before rename"
			wait("renaming", 1+rng.IntN(2))
		case 2: // while the temporary file is written: in the later part
			// of an Apply, timed on the one before
			phase = "writing"
			wait("start", 1)
			t0 := time.Now()
			wait("renaming", 1)
			d := time.Since(t0)
			wait("start", 1)
			time.Sleep(d/3 + time.Duration(rng.Int64N(int64(d*2/3))))
		}
		cmd.Process.Kill() // SIGKILL: no deferred cleanup runs
		cmd.Wait()
		for range lines { // drain
		}

		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("iteration %d (%s): %v", i, phase, err)
		}
		state, ok := states[xxhash.Sum64(b)]
		if !ok {
			t.Fatalf("iteration %d (%s): the file is neither the old nor the new content (%d bytes)", i, phase, len(b))
		}
		seen[state]++
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o640 {
			t.Fatalf("iteration %d: mode %v (%v), want 0640", i, fi.Mode(), err)
		}
		removed, err := CleanupTemps(dir, "")
		if err != nil {
			t.Fatal(err)
		}
		leftovers += len(removed)
		if ents, _ := os.ReadDir(dir); len(ents) != 1 {
			t.Fatalf("iteration %d: %d files after cleanup, want only the rewritten one", i, len(ents))
		}
		t.Logf("iteration %d: killed %s: %s content, %d temporary file(s) left", i, phase, state, len(removed))
	}
	if leftovers == 0 {
		t.Error("no kill landed before a rename: the test did not exercise the window it is for")
	}
	t.Logf("outcomes %v, temporary files cleaned %d", seen, leftovers)
}
