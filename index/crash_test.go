package index

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The files the crash child rewrites, and their number of findings.
var crashFiles = []struct {
	path string
	n    int
}{{"big.jsonl", 60_000}, {"mid.csv", 7_000}, {"one.txt", 1}, {"empty.bin", 0}, {"mid2.sql", 3_000}}

// crashScale divides the crash files' findings and, through smaller, the
// index's thresholds alike (1 with -long): the files cross as many Badger
// transactions, batches and posting runs with an eighth of the work.
func crashScale() int {
	if *long {
		return 1
	}
	return 8
}

// crashCount is a crash file's findings at crashScale; 0 and 1 stay.
func crashCount(n int) int { return max(n/crashScale(), min(n, 1)) }

// openCrash opens dir with the crash test's options at crashScale.
func openCrash(t *testing.T, dir string, opts ...func(Options) Options) *Index {
	t.Helper()
	return openTest(t, dir, append(opts, smaller(crashScale()))...)
}

// TestCrashChild is the process TestKill9 kills: it rewrites crashFiles,
// version after version, and prints each commit, until killed.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv("PIID_INDEX_CRASH_DIR")
	if dir == "" {
		t.Skip("run by TestKill9")
	}
	round, _ := strconv.Atoi(os.Getenv("PIID_INDEX_CRASH_ROUND"))
	ix := openCrash(t, dir) // background cleanup on: a kill may hit it too
	for ; ; round++ {
		for _, f := range crashFiles {
			if round%7 == 3 && f.n == 1 {
				if err := ix.RemoveFile(f.path); err != nil {
					t.Fatal(err)
				}
				fmt.Printf("removed %s\n", f.path)
				continue
			}
			commitFile(t, ix, f.path, synth(f.path, round, crashCount(f.n)), FileState{Size: int64(round)})
			fmt.Printf("committed %s %d\n", f.path, round)
		}
	}
}

// TestKill9 kills a writing process at random moments (SIGKILL: no Close,
// no deferred code) and checks after each kill that every file holds
// exactly the findings of one committed version, and at the end that a
// rescan leaves exactly what a clean index of the same files holds.
func TestKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
	cycles := 6
	seen := make(map[string]bool) // files seen committed: they never go away
	for cycle := range cycles {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1", fmt.Sprintf("-long=%v", *long))
		cmd.Env = append(os.Environ(),
			"PIID_INDEX_CRASH_DIR="+dir,
			fmt.Sprintf("PIID_INDEX_CRASH_ROUND=%d", (cycle+1)*100))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(out)
		want := rng.IntN(8)
		for seen := 0; seen < want && lines.Scan(); {
			if strings.HasPrefix(lines.Text(), "committed") || strings.HasPrefix(lines.Text(), "removed") {
				seen++
			}
		}
		time.Sleep(time.Duration(rng.IntN(800_000)) * time.Microsecond)
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		go func() { // drain, so the child never blocks on a full pipe
			for lines.Scan() {
			}
		}()
		_ = cmd.Wait()

		ix := openCrash(t, dir, manual)
		inFlight, err := ix.InFlight()
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("cycle %d: killed after %d commits; in flight: %v", cycle, want, inFlight)
		for _, f := range crashFiles {
			f.n = crashCount(f.n)
			s, ok, err := ix.File(f.path)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				if f.n != 1 && seen[f.path] {
					t.Fatalf("cycle %d: %s has no state", cycle, f.path)
				}
				continue
			}
			seen[f.path] = true
			v := int(s.Size)
			wantFs := storedAll(f.path, synth(f.path, v, f.n))
			sameFindings(t, fmt.Sprintf("cycle %d: %s v%d", cycle, f.path, v),
				allFindings(t, ix, FindingQuery{Path: f.path, Limit: 5000}), wantFs)
			if s.Findings != f.n {
				t.Fatalf("%s: state says %d findings, want %d", f.path, s.Findings, f.n)
			}
			if f.n > 1 {
				// The next version's and the previous version's values are
				// nowhere; this version's are found.
				for _, other := range []int{v - 1, v + 1} {
					g := synth(f.path, other, 2)[1]
					if got, _ := ix.Lookup("", g.Hash); len(got) != 0 {
						t.Fatalf("%s v%d: value of v%d found", f.path, v, other)
					}
				}
				g := synth(f.path, v, f.n)[f.n-1]
				if got, _ := ix.Lookup("", g.Hash); len(got) != 1 {
					t.Fatalf("%s v%d: own value found %d times", f.path, v, len(got))
				}
			}
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
	}

	// The daemon's restart: rescan what was in flight, then everything.
	ix := openCrash(t, dir, manual)
	defer ix.Close()
	final := 10_000
	inFlight, _ := ix.InFlight()
	for _, f := range crashFiles {
		commitFile(t, ix, f.path, synth(f.path, final, crashCount(f.n)), FileState{Size: int64(final)})
	}
	if p, _ := ix.InFlight(); len(p) != 0 {
		t.Fatalf("in flight after rescan of %v: %v", inFlight, p)
	}
	got := checkClean(t, ix)

	clean := openCrash(t, t.TempDir(), manual)
	defer clean.Close()
	for _, f := range crashFiles {
		commitFile(t, clean, f.path, synth(f.path, final, crashCount(f.n)), FileState{Size: int64(final)})
	}
	want := checkClean(t, clean)
	for _, p := range []byte{pIDPath, pPathID, pState, pInFlight, pGarbage, pHash, pFile} {
		if got[p] != want[p] {
			t.Errorf("prefix %#x: %d keys after crashes and rescan, %d in a clean index", p, got[p], want[p])
		}
	}
	for _, f := range crashFiles {
		sameFindings(t, "final "+f.path, allFindings(t, ix, FindingQuery{Path: f.path}),
			allFindings(t, clean, FindingQuery{Path: f.path}))
	}
}

// A kill between Badger's creating a memtable log and sizing it leaves an
// empty *.mem file, which Badger alone refuses to open: the index opens.
func TestEmptyMemtableLeftByACrash(t *testing.T) {
	dir := t.TempDir()
	ix := openTest(t, dir, manual)
	commitFile(t, ix, "a.csv", synth("a", 1, 10), FileState{Size: 1})
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "00099.mem"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	ix = openTest(t, dir, manual)
	defer ix.Close()
	sameFindings(t, "after reopening", allFindings(t, ix, FindingQuery{Path: "a.csv"}), storedAll("a.csv", synth("a", 1, 10)))
}
