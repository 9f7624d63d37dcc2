package bench

import (
	"math"
	"strings"
	"testing"
)

// TestScoreByHand checks the scorer on an example small enough to count on
// one's fingers.
func TestScoreByHand(t *testing.T) {
	truth := []Truth{
		{Path: "prose/a.txt", Type: "email", Start: 10, End: 30},
		{Path: "prose/a.txt", Type: "email", Start: 50, End: 70},
		{Path: "prose/a.txt", Type: "phone", Start: 80, End: 95},
		{Path: "logs/b.log", Type: "ipv4", Start: 0, End: 11},
	}
	found := []Reported{
		{Path: "/corpus/prose/a.txt", Type: "email", Start: 10, End: 30}, // TP
		{Path: "/corpus/prose/a.txt", Type: "email", Start: 12, End: 28}, // same value again: FP
		{Path: "/corpus/prose/a.txt", Type: "phone", Start: 50, End: 70}, // wrong type: FP
		{Path: "/corpus/logs/b.log", Type: "ipv4", Start: 5, End: 20},    // overlap: TP
		{Path: "/corpus/logs/b.log", Type: "email", Start: 40, End: 50},  // nothing there: FP
	}
	s := Score(truth, found, "/corpus")
	want := map[string]Counts{"prose": {TP: 1, FP: 2, FN: 2}, "logs": {TP: 1, FP: 1, FN: 0}}
	for p, w := range want {
		if got := *s.Profiles[p]; got != w {
			t.Errorf("%s: %+v, want %+v", p, got, w)
		}
	}
	if c := *s.Types["prose"]["email"]; c != (Counts{TP: 1, FP: 1, FN: 1}) {
		t.Errorf("prose email: %+v", c)
	}
	c := *s.Profiles["prose"]
	if p, r, f := c.Precision(), c.Recall(), c.F1(); math.Abs(p-1.0/3) > 1e-9 || math.Abs(r-1.0/3) > 1e-9 || math.Abs(f-1.0/3) > 1e-9 {
		t.Errorf("prose P/R/F1 = %v %v %v, want 1/3 each", p, r, f)
	}
	var b strings.Builder
	s.WriteTable(&b, map[string]int64{"logs": 20e6})
	if !strings.Contains(b.String(), "| logs | **all** | 0.500 | 1.000 | 0.667 | 1 | 1 | 0 | 0.50 |") {
		t.Errorf("table:\n%s", b.String())
	}
}

func TestReadReported(t *testing.T) {
	in := `{"path":"a","type":"email","category":"contact","start":1,"end":5,"line":1,"confidence":0.9,"hash":"x","masked":"y"}` + "\n\n"
	got, err := ReadReported(strings.NewReader(in))
	if err != nil || len(got) != 1 || got[0] != (Reported{Path: "a", Type: "email", Start: 1, End: 5}) {
		t.Fatalf("%+v %v", got, err)
	}
	if _, err := ReadReported(strings.NewReader("{bad\n")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Fatalf("want an error naming the line, got %v", err)
	}
}

// TestScoreOverlapSearch checks the binary search over a file's values: a
// finding inside a long value, one that starts before a value, values out
// of order in the truth, and a finding between values.
func TestScoreOverlapSearch(t *testing.T) {
	truth := []Truth{
		{Path: "exports/c.csv", Type: "email", Start: 500, End: 520},
		{Path: "exports/c.csv", Type: "email", Start: 100, End: 160}, // long, listed late
		{Path: "exports/c.csv", Type: "email", Start: 170, End: 180},
		{Path: "exports/c.csv", Type: "email", Start: 300, End: 310},
	}
	found := []Reported{
		{Path: "exports/c.csv", Type: "email", Start: 150, End: 155}, // inside the long one: TP
		{Path: "exports/c.csv", Type: "email", Start: 165, End: 175}, // starts before 170: TP
		{Path: "exports/c.csv", Type: "email", Start: 200, End: 290}, // between values: FP
		{Path: "exports/c.csv", Type: "email", Start: 505, End: 510}, // TP
	}
	s := Score(truth, found, "")
	if got, want := *s.Profiles["exports"], (Counts{TP: 3, FP: 1, FN: 1}); got != want {
		t.Errorf("%+v, want %+v", got, want)
	}
}
