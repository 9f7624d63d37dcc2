package patterns

import (
	"strings"
	"testing"
)

// TestContextDoesNotDependOnPosition: the same words around a value score
// the same whether the line is short (cached path) or the value sits deep
// in a line longer than the cache (window path), and a keyword cut by a
// window edge ("mob" of "mobile") is no keyword.
func TestContextDoesNotDependOnPosition(t *testing.T) {
	c := testCatalog(t, Options{})
	text := "0612345678" + strings.Repeat(" ", 21) + "mobile"
	short, _ := c.Find([]byte(text), 0)
	long, _ := c.Find([]byte(strings.Repeat("x ", 2100)+text), 0)
	if len(short) != 1 || len(long) != 1 || short[0].Confidence != long[0].Confidence {
		t.Fatalf("short line %+v, long line %+v: want one finding with one confidence", short, long)
	}
}
