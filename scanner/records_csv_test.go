package scanner

import (
	"testing"

	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner/records"
)

// The catalog names the columns of a file that has no header.
var _ records.ColumnFields = (*patterns.Catalog)(nil)

// mysqlTab is what mysqldump --tab writes for a customers table (id,
// first_name, last_name, email, birth_date, street, city): no header,
// tab-separated, no quotes, \N for NULL, and a backslash before a tab or a
// line end that is data.
const mysqlTab = "1\tAnna\tRossi\tanna.rossi@example.it\t1985-03-12\tVia Roma 10\tMilano\n" +
	"2\tPierre\tMartin\tpierre.martin@example.fr\t1979-11-05\t12 rue de la Paix\tParis\n" +
	"3\tJürgen\tMüller\tj.mueller@example.de\t\\N\tHauptstraße 5\tBerlin\n" +
	"4\tSophie\tLaurent\tsophie.laurent@example.fr\t1990-07-03\t8 avenue\\\tFoch\tLyon\n" +
	"5\tTom\tBaker\ttom.baker@example.co.uk\t1968-01-30\t221B Baker Street\\\nFlat 2\tLondon\n" +
	"6\tLukas\tBecker\t\\N\t1979-11-05\tKerkstraat 12\tAmsterdam\n" +
	"7\tMaria\tO\\\\Neill\tmaria.oneill@example.ie\t1988-02-14\t3 Grafton Street\tDublin\n"

// found indexes findings by type and value.
func found(got []*Finding) map[[2]string]*Finding {
	m := map[[2]string]*Finding{}
	for _, f := range got {
		m[[2]string{f.Type, f.Value}] = f
	}
	return m
}

// A mysqldump --tab file is read as rows, its columns classed by their
// values: names, birth dates and streets are found in their records, as
// the database holds them (escapes read), and \N is no value.
func TestRecordsMySQLTab(t *testing.T) {
	for _, name := range []string{"customers.txt", "customers.tsv"} {
		t.Run(name, func(t *testing.T) {
			got, res := scanFixture(t, writeTemp(t, name, mysqlTab))
			if res.Damage != nil {
				t.Fatalf("damage: %v", res.Damage)
			}
			by := found(got)
			for _, w := range []struct {
				typ, value string
				row        int
				field      string
			}{
				{"person_name", "Anna", 1, "2"}, {"person_name", "Rossi", 1, "3"},
				{"date_of_birth", "1985-03-12", 1, "5"}, {"street_address", "Via Roma 10", 1, "6"},
				{"person_name", "Jürgen", 3, "2"}, {"person_name", "Müller", 3, "3"},
				{"street_address", "Hauptstraße 5", 3, "6"},
				{"street_address", "8 avenue\tFoch", 4, "6"},
				{"street_address", "221B Baker Street\nFlat 2", 5, "6"},
				{"person_name", "Lukas", 6, "2"}, {"date_of_birth", "1979-11-05", 6, "5"},
				{"person_name", `O\Neill`, 7, "3"},
				{"email", "maria.oneill@example.ie", 7, "4"},
			} {
				f := by[[2]string{w.typ, w.value}]
				if f == nil {
					t.Errorf("missing %s %q", w.typ, w.value)
					continue
				}
				if f.Record == nil || f.Record.Row != w.row || f.Record.Field != w.field {
					t.Errorf("%s %q: record %+v, want row %d field %s", w.typ, w.value, f.Record, w.row, w.field)
				}
			}
			for _, f := range got {
				switch {
				case f.Value == `\N` || f.Value == "N":
					t.Errorf("NULL read as a finding: %+v", f)
				case f.Type == "person_name" && f.Record != nil && f.Record.Field == "7":
					t.Errorf("a city column read as names: %+v", f)
				}
			}
		})
	}
}

// A doubled quote in a quoted CSV field is one quote to the database: the
// finding reads (and hashes) so, as the same value written bare does.
func TestRecordsCSVDoubledQuote(t *testing.T) {
	const addr = `Flat 2, "The Mews", 5 Baker Street`
	got, _ := scanFixture(t, writeTemp(t, "people.csv", "id,address,email\n1,\"Flat 2, \"\"The Mews\"\", 5 Baker Street\",sean@example.ie\n2,3 Grafton Street,aoife@example.ie\n"))
	f := found(got)[[2]string{"street_address", addr}]
	if f == nil || f.Record == nil || f.Record.Row != 1 || f.Record.Field != "address" {
		t.Fatalf("%s: %+v", addr, f)
	}
	bare, _ := scanFixture(t, writeTemp(t, "people.tsv", "id\taddress\temail\n1\t"+addr+"\tsean@example.ie\n2\t3 Grafton Street\taoife@example.ie\n"))
	g := found(bare)[[2]string{"street_address", addr}]
	if g == nil || g.Hash != f.Hash {
		t.Errorf("the same address, quoted or not, hashes otherwise: %+v, %+v", f, g)
	}
}
