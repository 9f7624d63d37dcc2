package glob

import "testing"

// A glob starting with "/" matches the absolute path, any other the path
// relative to the folder watched; "*" stays within a folder, "**" spans.
func TestMatchFile(t *testing.T) {
	for _, c := range []struct {
		glob, abs, rel string
		want           bool
	}{
		{"exports/nl/**", "/srv/exports/nl/a/b.csv", "exports/nl/a/b.csv", true},
		{"exports/nl/**", "/srv/x/exports/nl/b.csv", "x/exports/nl/b.csv", false},
		{"*.csv", "/srv/a.csv", "a.csv", true},
		{"*.csv", "/srv/d/a.csv", "d/a.csv", false},
		{"**/*.csv", "/srv/d/e/a.csv", "d/e/a.csv", true},
		{"**/*.csv", "/srv/a.csv", "a.csv", true},
		{"/srv/exports/*", "/srv/exports/a.csv", "exports/a.csv", true},
		{"/srv/exports/*", "/srv/exports/deep/a.csv", "exports/deep/a.csv", false},
		{"/srv/**", "/srv/exports/deep/a.csv", "exports/deep/a.csv", true},
		{"/srv/**", "/other/srv/a.csv", "srv/a.csv", false},
		{"crm-[0-9].csv", "/a/crm-7.csv", "crm-7.csv", true},
		{"crm-[!0-9].csv", "/a/crm-7.csv", "crm-7.csv", false},
		{"a?b", "/x/a/b", "a/b", false},
		{"a.b", "/x/axb", "axb", false},
	} {
		g, err := Compile(c.glob)
		if err != nil {
			t.Fatal(err)
		}
		if got := g.MatchFile(c.abs, c.rel); got != c.want {
			t.Errorf("%s ~ %s (%s): %v", c.glob, c.abs, c.rel, got)
		}
	}
	for _, bad := range []string{"", "a[b"} {
		if _, err := Compile(bad); err == nil {
			t.Errorf("%q compiled", bad)
		}
	}
}
