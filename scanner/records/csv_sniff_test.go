package records

import "testing"

func TestSniffCSV(t *testing.T) {
	tab := "1\tAnna\tRossi\t\\N\n2\tPierre\tMartin\t1979-11-05\n3\tJürgen\tMüller\t\\N\n4\tSophie\tLaurent\t1990-07-03\n5\tTom\tBaker\t1968-01-30\n"
	for _, c := range []struct {
		name, head string
		want       Dialect
	}{
		{"a.csv", "a,b,c\n1,2,3\n", Dialect{Kind: CSV, Delim: ',', Header: true}},
		{"a.csv", "a;b;c\n1;2,5;3\n", Dialect{Kind: CSV, Delim: ';', Header: true}},
		{"a.txt", "a|b|c\n1|2|3\n4|5|6\n", Dialect{Kind: CSV, Delim: '|', Header: true}},
		{"a.tsv", "a,b\tc\n", Dialect{Kind: CSV, Delim: '\t'}},
		{"a.csv.gz", "a\tb\n1\t2\n", Dialect{Kind: CSV, Delim: '\t', Header: true}},
		{"a.csv", "\"a;x\",b\n1,2\n", Dialect{Kind: CSV, Delim: ',', Header: false}},
		// A .tsv is read by its content: these rows split on commas.
		{"export.tsv", "id,name,notes\n1,Ann,\"line one\nline two\"\n2,Bob,x\n", Dialect{Kind: CSV, Delim: ',', Header: true}},
		// Headerless, backslash-escaped (mysqldump --tab), by content.
		{"customers.txt", tab, Dialect{Kind: CSV, Delim: '\t', Backslash: true}},
		{"customers.tsv", tab, Dialect{Kind: CSV, Delim: '\t', Backslash: true}},
		{"customers", tab, Dialect{Kind: CSV, Delim: '\t', Backslash: true}},
		// Too few rows to say so without a header; prose is no table.
		{"short.txt", "1\tAnna\n2\tBob\n", Dialect{Kind: Text}},
		{"notes.txt", "Hello, world\nHow are you, dear\nFine, thanks\nGood, good\nBye, then\n", Dialect{Kind: Text}},
		{"app.log", tab, Dialect{Kind: Text}},
		// Backslashes in comma-separated text are data.
		{"paths.csv", "id,path\n1,C:\\temp\\,\n2,\\\\srv\\share\n", Dialect{Kind: CSV, Delim: ',', Header: true}},
	} {
		if got := Sniff(c.name, []byte(c.head), nil); got != c.want {
			t.Errorf("%s %q: %v, want %v", c.name, c.head, got, c.want)
		}
	}
}
