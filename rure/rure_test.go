package rure

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

func findAll(t *testing.T, re *Regex, hay []byte, groups bool, capacity int) []Match {
	t.Helper()
	var all []Match
	buf := make([]Match, 0, capacity)
	for pos := 0; pos <= len(hay); {
		ms, next, err := re.FindAll(hay, pos, groups, buf)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, ms...)
		if len(ms) < capacity {
			break
		}
		pos = next
	}
	return all
}

func TestFindAllMatchesGoRegexp(t *testing.T) {
	pat := `[a-z]+@[a-z]+\.com|\d{3}-\d{4}`
	re := MustCompile(pat, Options{})
	defer re.Close()
	hay := []byte(strings.Repeat("mail bob@example.com or call 555-1234, é 123-4567x ", 50))
	want := regexp.MustCompile(pat).FindAllIndex(hay, -1)
	for _, capacity := range []int{1, 2, 7, 1000} {
		got := findAll(t, re, hay, false, capacity)
		if len(got) != len(want) {
			t.Fatalf("cap %d: %d matches, want %d", capacity, len(got), len(want))
		}
		for i := range got {
			if got[i].Start != want[i][0] || got[i].End != want[i][1] {
				t.Fatalf("cap %d: match %d = %v, want %v", capacity, i, got[i], want[i])
			}
		}
	}
}

func TestGroupsNameTheAlternative(t *testing.T) {
	re := MustCompile(`(\d+)|([a-z]+(x)?)|(@)`, Options{})
	defer re.Close()
	got := findAll(t, re, []byte("12 abx @ 7"), true, 10)
	want := []Match{{0, 2, 1}, {3, 6, 2}, {7, 8, 4}, {9, 10, 1}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

func TestCompileMultiNamesThePattern(t *testing.T) {
	re, err := CompileMulti([]string{`\d{3}-\d{4}`, `([a-z]+)@([a-z]+)\.com`, `\d+`, `x(y)?z`}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer re.Close()
	got := findAll(t, re, []byte("555-1234 bob@example.com 42 xz xyz 5551234"), true, 10)
	want := []Match{{0, 8, 1}, {9, 24, 2}, {25, 27, 3}, {28, 30, 4}, {31, 34, 4}, {35, 42, 3}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	if _, err := CompileMulti([]string{`ok`, `(bad`}, Options{}); err == nil {
		t.Fatal("a bad pattern must fail")
	}
}

func TestFlagsAreExplicit(t *testing.T) {
	ascii := MustCompile(`\w+`, Options{})
	defer ascii.Close()
	uni := MustCompile(`\w+`, Options{Flags: Unicode})
	defer uni.Close()
	hay := []byte("é")
	if ascii.IsMatch(hay) {
		t.Error("ASCII-mode \\w matched é")
	}
	if !uni.IsMatch(hay) {
		t.Error("Unicode-mode \\w did not match é")
	}
	ci := MustCompile(`abc`, Options{Flags: CaseInsensitive})
	defer ci.Close()
	if !ci.IsMatch([]byte("xABCx")) {
		t.Error("case-insensitive flag not honoured")
	}
}

func TestInvalidUTF8HaystackAndEmptyMatches(t *testing.T) {
	re := MustCompile(`x*`, Options{})
	defer re.Close()
	got := findAll(t, re, []byte{0xff, 'x', 'x', 0xfe}, false, 10)
	// Empty at 0, "xx" at 1..3, empty at 4 (end).
	want := []Match{{0, 0, 0}, {1, 3, 0}, {4, 4, 0}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

func TestCompileErrorAndClose(t *testing.T) {
	if _, err := Compile(`(unclosed`, Options{}); err == nil || !strings.Contains(err.Error(), "unclosed") {
		t.Fatalf("want a parse error naming the problem, got %v", err)
	}
	re := MustCompile(`a`, Options{})
	re.Close()
	re.Close()
	if _, _, err := re.FindAll([]byte("a"), 0, false, make([]Match, 0, 1)); err != ErrClosed {
		t.Fatalf("want ErrClosed, got %v", err)
	}
}

func BenchmarkFindAll(b *testing.B) {
	re := MustCompile(`([a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,})|(\+?\d[\d \-]{7,14}\d)`, Options{})
	defer re.Close()
	hay := bytes.Repeat([]byte("2024-01-01 INFO request served in 12ms user=alice@example.com path=/api/v1 ok\n"), 1<<14)
	buf := make([]Match, 0, 4096)
	for _, groups := range []bool{false, true} {
		name := "find"
		if groups {
			name = "groups"
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(hay)))
			for i := 0; i < b.N; i++ {
				for pos := 0; pos <= len(hay); {
					ms, next, _ := re.FindAll(hay, pos, groups, buf)
					if len(ms) < cap(buf) {
						break
					}
					pos = next
				}
			}
		})
	}
}

// The pattern a match is attributed to is the lowest one matching exactly
// its bytes: the shape filter that spares running most patterns must never
// rule out the right one, whatever the pattern's form.
func TestCompileMultiShapesNeverRuleOutTheMatch(t *testing.T) {
	pats := []string{
		`\b\d{3}-\d{2}-\d{4}\b`,
		`(?i:caf(?:\xC3\xA9|e))\d*`,
		`(?:\+|\b00)?\d{2,4}(?:[ .-]?\d{2}){2,3}`,
		`x?y*z+`,
		`(?m:^)(?i:from|to):[ ]*\w+`,
		`[^\s@]{1,8}@[a-z]+\.(?:com|org)`,
		`(?:ab){0}c|d(?:e|)f`,
		`\d{9,19}`,
		`[\x80-\xFF]{2,6}`,
		`\w+`,
	}
	re, err := CompileMulti(pats, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer re.Close()
	alone := make([]*Regex, len(pats))
	for i, p := range pats {
		alone[i] = MustCompile(`^(?:`+p+`)$`, Options{})
		defer alone[i].Close()
	}
	hay := []byte("123-45-6789 CAFÉ42 café +33 6 12 34 56 78 0044 20 79 46 yyzz z\nFrom: Ann to: bob x@ex.org " +
		"c df def 4111111111111111 \xC3\xA9\xC3\xA8 \xff\xfe 12 34 56 ab")
	ms := findAll(t, re, hay, true, 64)
	if len(ms) < 15 {
		t.Fatalf("only %d matches: %v", len(ms), ms)
	}
	for _, m := range ms {
		want := 0
		for i, a := range alone {
			if a.IsMatch(hay[m.Start:m.End]) {
				want = i + 1
				break
			}
		}
		if want == 0 || m.Group != want {
			t.Errorf("%q: group %d, want %d", hay[m.Start:m.End], m.Group, want)
		}
	}
}
