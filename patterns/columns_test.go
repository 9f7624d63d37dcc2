package patterns

import (
	"strings"
	"testing"
)

// Columns with no header are classed by their values, conservatively.
func TestClassesOf(t *testing.T) {
	c := testCatalog(t, Options{})
	col := func(s string) [][]byte {
		var out [][]byte
		for _, v := range strings.Split(s, "|") {
			out = append(out, []byte(v))
		}
		return out
	}
	typeOf := func(class int32) string {
		if class == 0 {
			return ""
		}
		r := &c.fields.rules[class-1]
		if r.detect {
			return "detect:" + c.all[r.types[0]].ID
		}
		return c.all[r.types[0]].ID
	}
	got := c.ClassesOf([][][]byte{
		col("1|2|3|4|5"), // ids: no names
		col("Anna|Pierre|Jürgen|Sophie|Tom"),
		col("Rossi|Martin|Müller|Laurent|Baker"),
		col("anna.rossi@example.it|pierre@example.fr|j.mueller@example.de|sophie@example.fr|tom@example.co.uk"),
		col("1985-03-12|1979-11-05|1990-07-03|1968-01-30|1979-11-05"),
		col("Via Roma 10|12 rue de la Paix|Hauptstraße 5|8 avenue\tFoch|221B Baker Street\nFlat 2"),
		col("Milano|Paris|Berlin|Lyon|London"),                        // one word alone: a city as well as a name
		col("2023-05-01|2024-01-02|2023-07-08|2024-03-04|2023-09-10"), // recent dates: no birth dates
		col("Anna Rossi|Pierre Martin|Tom Baker|Sophie Laurent|Lukas Becker"),
		col("12.50|3|7|x|y"),
		col("Anna|Bob"), // too few to say
	})
	want := []string{"", "detect:person_name", "detect:person_name", "email", "date_of_birth", "detect:street_address", "", "", "detect:person_name", "", ""}
	for i := range want {
		if typeOf(got[i]) != want[i] {
			t.Errorf("column %d: %q, want %q", i, typeOf(got[i]), want[i])
		}
	}
}
