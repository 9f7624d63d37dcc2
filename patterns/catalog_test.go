package patterns

import (
	"strings"
	"testing"
)

// DefaultMinConfidence mirrors the CLI default threshold.
const testMinConf = 0.5

func testCatalog(t testing.TB, opts Options) *Catalog {
	t.Helper()
	if opts.HashKey == nil {
		opts.HashKey = []byte("test-key-0123456789abcdef")
	}
	c, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCatalogProvesItself walks every type's own examples: each example
// must yield a finding of that type, each counter-example none.
func TestCatalogProvesItself(t *testing.T) {
	c := testCatalog(t, Options{})
	for _, ty := range c.Types {
		if len(ty.Examples) == 0 || len(ty.NotExamples) == 0 {
			t.Errorf("%s: a type needs examples and counter-examples", ty.ID)
		}
		for _, ex := range ty.Examples {
			got, err := c.Find([]byte(ex), testMinConf)
			if err != nil {
				t.Fatal(err)
			}
			if !hasType(got, ty.ID) {
				t.Errorf("%s: not found in %q (got %s)", ty.ID, ex, describe(ex, got))
			}
		}
		for _, ex := range ty.NotExamples {
			got, _ := c.Find([]byte(ex), testMinConf)
			if hasType(got, ty.ID) {
				t.Errorf("%s: wrongly found in %q (got %s)", ty.ID, ex, describe(ex, got))
			}
		}
	}
}

func hasType(fs []Found, id string) bool {
	for _, f := range fs {
		if f.Type == id {
			return true
		}
	}
	return false
}

func describe(text string, fs []Found) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.Type + "[" + text[f.Start:f.End] + "]")
		b.WriteString(" ")
	}
	if b.Len() == 0 {
		return "nothing"
	}
	return b.String()
}

func TestMasksShowNoValue(t *testing.T) {
	c := testCatalog(t, Options{})
	for _, tc := range []struct{ typ, v, want string }{
		{"url", "https://jane.doe.example.com", "https://j***.d**.e******.com"},
		{"url", "https://social.example.com/profile?user=jdoe42", "https://s*****.e******.com/*******?****=******"},
		{"email", "jane.doe@example.com", "j*******@e******.com"},
		{"credit_card", "4111 1111 1111 1111", "**** **** **** 1111"},
	} {
		ty, _ := c.TypeByID(tc.typ)
		if got := c.Mask(ty, []byte(tc.v)); got != tc.want {
			t.Errorf("%s %q: masked %q, want %q", tc.typ, tc.v, got, tc.want)
		}
	}
}

// TestFilterDoesNotChangeDecisions: asking for phones only must not turn
// the IPv4 addresses and cards nobody asked for into phones.
func TestFilterDoesNotChangeDecisions(t *testing.T) {
	all := testCatalog(t, Options{})
	phones := testCatalog(t, Options{Types: []string{"phone"}})
	text := []byte("client 87.247.20.247 paid with 4556 4316 6746 2024, call +44 20 7946 0958")
	a, _ := all.Find(text, 0.5)
	p, _ := phones.Find(text, 0.5)
	var want []Found
	for _, f := range a {
		if f.Type == "phone" {
			want = append(want, f)
		}
	}
	if len(p) != len(want) || len(p) != 1 || p[0] != want[0] {
		t.Fatalf("--types phone found %+v, the full catalog's phones are %+v", p, want)
	}
}
