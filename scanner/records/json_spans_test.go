package records

import (
	"strings"
	"testing"
)

// A JSONL line's values wait for its end; a line with more of them than
// maxPending reports them as they come, and only the rest of it is Unfit
// if it then fails.
func TestJSONLPendingValues(t *testing.T) {
	n := maxPending + maxPending/2
	long := "[" + strings.Repeat("1,", n-1) + "1]"
	for _, c := range []struct {
		name, data string
		values     int // reported values that are not Unfit (2 in line 2)
		unfitFrom  int64
	}{
		{"short bad line", `{"a":"x","b":1}}` + "\n" + `{"c":2}` + "\n", 2, 0},
		{"long good line", long + "\n" + `{"c":2}` + "\n", n + 2, -1},
		// The value past maxPending goes with those before it.
		{"long bad line", long + "}\n" + `{"c":2}` + "\n", maxPending + 1 + 2, int64(2 * (maxPending + 1))},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := []byte(c.data)
			var cuts []int
			for k := 4096; k < len(data); k += 4096 {
				cuts = append(cuts, k)
			}
			sp, _ := jsonRewriterView(JSONL, data, cuts)
			fit, unfit := 0, int64(-1)
			for _, v := range sp.vals {
				if v.Quoting == Unfit {
					unfit = v.OuterStart
					if !strings.Contains(v.Reason, "line 1, which is not valid JSON") {
						t.Errorf("reason %q", v.Reason)
					}
					continue
				}
				fit++
			}
			if fit != c.values || unfit != c.unfitFrom || len(sp.recs) != 2 {
				t.Fatalf("%d values, Unfit from %d, %d records; want %d, %d, 2", fit, unfit, len(sp.recs), c.values, c.unfitFrom)
			}
		})
	}
}
