package patterns

import "testing"

// idEval decides values the way the scanner does: the catalog's own
// regex proposes the match, the field (if any) gives the context.
type idEval struct {
	c  *Catalog
	re *Regexes
}

// in returns the type and confidence given to the whole of v, standing in
// hay in a field named field ("" for plain text).
func (e idEval) in(t *testing.T, hay, v, field string) (string, float64) {
	t.Helper()
	c := e.c
	s := c.NewScratch()
	i := indexOf(hay, v)
	ms, err := e.re.FindAll([]byte(hay), make([]int, e.re.Passes()), len(hay)+1, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Start != i || m.End != i+len(v) {
			continue
		}
		s.NewText()
		if field == "" {
			s.NoField()
		} else {
			s.InField(c.Class([]byte(field), nil), i, i+len(v))
		}
		if r, ok := c.Evaluate([]byte(hay), m.Start, m.End, m.Group, s); ok && r.Start == i && r.End == i+len(v) {
			return r.Type.ID, r.Confidence
		}
	}
	return "", 0
}

// The new national ids are digit runs or date-and-digits shapes that other
// numbers pass by chance: alone they stay below the default threshold, a
// keyword or their national field reports them, and a value that an older
// id also passes stays the older id's in a generic national_id column.
func TestNewNationalIDsNeedContext(t *testing.T) {
	c := testCatalog(t, Options{})
	re, err := c.Compile()
	if err != nil {
		t.Fatal(err)
	}
	defer re.Close()
	e := idEval{c, re}
	for _, tc := range []struct{ typ, v, field string }{
		{"be_national_number", "90.02.01-011.20", "rijksregisternummer"},
		{"be_national_number", "90020101120", "insz"},
		{"at_social_insurance", "4210 241265", "svnr"},
		{"at_social_insurance", "4210241265", "sozialversicherungsnummer"},
		{"pt_nif", "234567899", "nif"},
		{"pt_nif", "314 159 266", "numero_contribuinte"},
		{"se_personnummer", "640823-3234", "personnummer"},
		{"se_personnummer", "196408233234", "personnummer"},
		{"dk_cpr", "240507-5121", "cpr"},
		{"dk_cpr", "1506654799", "cpr_nr"},
		{"fi_hetu", "010594Y291A", "henkilotunnus"},
		{"fi_hetu", "280764-6174", "hetu"},
		{"no_fodselsnummer", "15056547948", "fodselsnummer"},
		{"no_fodselsnummer", "150565 47948", "fnr"},
		{"ie_ppsn", "8765432EA", "pps_number"},
		{"ie_ppsn", "3456789U", "ppsn"},
	} {
		hay := "x," + tc.v + ",y"
		if typ, conf := e.in(t, hay, tc.v, ""); typ == tc.typ && conf >= testMinConf {
			t.Errorf("%s %q without context: %.2f", tc.typ, tc.v, conf)
		}
		if typ, conf := e.in(t, hay, tc.v, tc.field); typ != tc.typ || conf < testMinConf {
			t.Errorf("%s %q in field %s: %s %.2f", tc.typ, tc.v, tc.field, typ, conf)
		}
	}
	// Values that an older id passes too.
	for _, tc := range []struct{ v, old, typ, field, keyword string }{
		{"47010818768", "pl_pesel", "no_fodselsnummer", "fodselsnummer", "fnr"},
		{"44092065424", "pl_pesel", "be_national_number", "rijksregisternummer", "rijksregisternummer"},
		{"4090201225", "uk_nhs", "at_social_insurance", "svnr", "SVNR"},
		{"4104788023", "uk_nhs", "se_personnummer", "personnummer", "personnummer"},
		{"102106150", "nl_bsn", "pt_nif", "contribuinte", "NIF"},
	} {
		hay := "x," + tc.v + ",y"
		if typ, _ := e.in(t, hay, tc.v, "national_id"); typ != tc.old {
			t.Errorf("%s in national_id: %s, want the older %s", tc.v, typ, tc.old)
		}
		if typ, conf := e.in(t, hay, tc.v, tc.field); typ != tc.typ || conf < testMinConf {
			t.Errorf("%s in %s: %s %.2f, want %s", tc.v, tc.field, typ, conf, tc.typ)
		}
		text := tc.keyword + ": " + tc.v
		if typ, conf := e.in(t, text, tc.v, ""); typ != tc.typ || conf < testMinConf {
			t.Errorf("%q: %s %.2f, want %s", text, typ, conf, tc.typ)
		}
	}
}
