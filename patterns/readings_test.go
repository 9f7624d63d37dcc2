package patterns

import (
	"slices"
	"testing"
)

// A numeric date whose day and month could swap has its other reading;
// one that cannot (a day over 12, year first, a month's name, the same
// day and month) has none.
func TestOtherReadings(t *testing.T) {
	c := testCatalog(t, Options{})
	us := testCatalog(t, Options{Regions: []string{"US"}})
	dob := typeOf(t, c, "date_of_birth")
	for _, tc := range []struct {
		cat  *Catalog
		v    string
		want []string
	}{
		{c, "03/04/1985", []string{"1985-03-04"}},
		{c, "03.04.1985", []string{"1985-03-04"}},
		{us, "03/04/1985", []string{"1985-04-03"}},
		{c, "13/04/1985", nil},
		{c, "04/13/1985", nil},
		{c, "05/05/1985", nil},
		{c, "1985-03-04", nil},
		{c, "4 février 1979", nil},
	} {
		if got := tc.cat.OtherReadings(dob, []byte(tc.v)); !slices.Equal(got, tc.want) {
			t.Errorf("%s (regions %v): %v, want %v", tc.v, tc.cat.Regions, got, tc.want)
		}
	}
	if got := c.OtherReadings(typeOf(t, c, "phone"), []byte("03/04/1985")); got != nil {
		t.Errorf("a phone: %v", got)
	}
}
