package scanner

import "testing"

// euIDs is a customer export with each national id in the column its
// country names it by, in the forms people write, a generic national_id
// column, and an order number that passes a check by chance.
const euIDs = "name,rijksregisternummer,svnr,nif,personnummer,cpr,hetu,fodselsnummer,ppsn,national_id,order_id\n" +
	"Lotte Peeters,90.02.01-011.20,4210 241265,234567899,640823-3234,240507-5121,010594Y291A,150565 47948,8765432EA,47010818768,24050751216\n" +
	"Jonas Wouters,05031412595,2566300490,314 159 266,196408233234,1506654799,280764-6174,24050751216,3456789U,44092065424,4210241265\n"

// Every new national id is found in its national column, whatever its
// written form; an older id's value in a national_id column stays the
// older id's; and valid-looking numbers in an order_id column are not ids.
func TestRecordsCSVNationalIDs(t *testing.T) {
	got, res := scanFixture(t, writeTemp(t, "customers.csv", euIDs))
	if res.Damage != nil {
		t.Fatalf("damage: %v", res.Damage)
	}
	wantInFields(t, got, []inField{
		{"be_national_number", "90.02.01-011.20", 1, "rijksregisternummer"},
		{"be_national_number", "05031412595", 2, "rijksregisternummer"},
		{"at_social_insurance", "4210 241265", 1, "svnr"},
		{"at_social_insurance", "2566300490", 2, "svnr"},
		{"pt_nif", "234567899", 1, "nif"},
		{"pt_nif", "314 159 266", 2, "nif"},
		{"se_personnummer", "640823-3234", 1, "personnummer"},
		{"se_personnummer", "196408233234", 2, "personnummer"},
		{"dk_cpr", "240507-5121", 1, "cpr"},
		{"dk_cpr", "1506654799", 2, "cpr"},
		{"fi_hetu", "010594Y291A", 1, "hetu"},
		{"fi_hetu", "280764-6174", 2, "hetu"},
		{"no_fodselsnummer", "150565 47948", 1, "fodselsnummer"},
		{"no_fodselsnummer", "24050751216", 2, "fodselsnummer"},
		{"ie_ppsn", "8765432EA", 1, "ppsn"},
		{"ie_ppsn", "3456789U", 2, "ppsn"},
		// A PESEL that is also a valid fødselsnummer / register number.
		{"pl_pesel", "47010818768", 1, "national_id"},
		{"pl_pesel", "44092065424", 2, "national_id"},
	})
	for _, f := range got {
		if f.Record != nil && f.Record.Field == "order_id" {
			t.Errorf("an order number reported: %s %q", f.Type, f.Value)
		}
	}
}

// inField is a value wanted as its type in a record's field.
type inField struct {
	typ, value string
	row        int
	field      string
}

// wantInFields checks that each wanted value was found as its type, in
// its row and field.
func wantInFields(t *testing.T, got []*Finding, want []inField) {
	t.Helper()
	by := found(got)
	for _, w := range want {
		f := by[[2]string{w.typ, w.value}]
		if f == nil {
			t.Errorf("missing %s %q", w.typ, w.value)
			continue
		}
		if f.Record == nil || f.Record.Row != w.row || f.Record.Field != w.field {
			t.Errorf("%s %q: record %+v, want row %d field %s", w.typ, w.value, f.Record, w.row, w.field)
		}
	}
}
