package patterns

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// A country column's value is an ISO code or the country's name in the
// catalog's languages, whatever its case and accents.
func TestCountryCode(t *testing.T) {
	for _, c := range []struct{ v, want string }{
		{"NL", "NL"}, {"nld", "NL"}, {"Netherlands", "NL"}, {"Nederland", "NL"}, {"Pays-Bas", "NL"}, {"Niederlande", "NL"},
		{"Países Bajos", "NL"}, {"paises bajos", "NL"}, {"Paesi Bassi", "NL"}, {"Holandia", "NL"}, {" the netherlands ", "NL"},
		{"España", "ES"}, {"ESPANA", "ES"}, {"Belgique", "BE"}, {"België", "BE"}, {"Polska", "PL"}, {"Pologne", "PL"},
		{"Deutschland", "DE"}, {"Allemagne", "DE"}, {"Niemcy", "DE"}, {"Włochy", "IT"}, {"Österreich", "AT"},
		{"UK", "GB"}, {"Royaume-Uni", "GB"}, {"Schweiz", "CH"}, {"Stany Zjednoczone", "US"}, {"Kanada", "CA"},
		{"el", "GR"}, {"Ελλάδα", "GR"}, {"br", "BR"}, // any region of the phone plan by its code
		{"", ""}, {"Atlantis", ""}, {"XX", ""}, {"12", ""},
	} {
		got, ok := CountryCode([]byte(c.v))
		if got != c.want || ok != (c.want != "") {
			t.Errorf("CountryCode(%q) = %q, %v; want %q", c.v, got, ok, c.want)
		}
	}
}

// Only the country's column is evidence; its value is never a finding.
func TestCountryField(t *testing.T) {
	c := testCatalog(t, Options{})
	for _, name := range []string{"country", "Country_Code", "land", "pays", "país", "paese", "nazione", "kraj", "landcode", "countryCode"} {
		class := c.Class([]byte(name), nil)
		if cc, ok := c.FieldCountry(class, []byte("Pays-Bas")); !ok || cc != "NL" {
			t.Errorf("%s: %q %v", name, cc, ok)
		}
		if _, ok := c.EvaluateField([]byte("Pays-Bas"), 0, 8, class, c.NewScratch()); ok {
			t.Errorf("%s: its value is a finding", name)
		}
	}
	if _, ok := c.FieldCountry(c.Class([]byte("city"), nil), []byte("Nederland")); ok {
		t.Error("a city column named a country")
	}
}

// The evidence is taken strongest first, and a list that holds several
// regions where the number is valid leaves it ambiguous.
func TestResolvePhone(t *testing.T) {
	c := testCatalog(t, Options{}) // DefaultRegions
	v := []byte("06 12961561")
	for _, tc := range []struct {
		name   string
		hint   string
		ev     PhoneEvidence
		source string
		want   []string
	}{
		{"field", "FR", PhoneEvidence{Field: "NL", Record: []string{"FR"}, Path: []string{"FR"}}, RegionField, []string{"+31612961561"}},
		{"field not valid there", "", PhoneEvidence{Field: "ES", Record: []string{"NL"}}, RegionRecord, []string{"+31612961561"}},
		{"record", "FR", PhoneEvidence{Record: []string{"NL"}}, RegionRecord, []string{"+31612961561"}},
		{"record, one valid", "", PhoneEvidence{Record: []string{"ES", "NL"}}, RegionRecord, []string{"+31612961561"}},
		{"record, two valid", "", PhoneEvidence{Record: []string{"FR", "NL"}}, RegionConfig, []string{"+33612961561", "+49612961561", "+390612961561", "+31612961561"}},
		{"context", "NL", PhoneEvidence{Path: []string{"FR"}}, RegionContext, []string{"+31612961561"}},
		{"path", "", PhoneEvidence{Path: []string{"NL"}}, RegionPath, []string{"+31612961561"}},
		{"path, ambiguous", "", PhoneEvidence{Path: []string{"NL", "FR"}}, RegionPath, []string{"+31612961561", "+33612961561"}},
		{"config", "", PhoneEvidence{}, RegionConfig, []string{"+33612961561", "+49612961561", "+390612961561", "+31612961561"}},
	} {
		src, rs := c.ResolvePhone(v, tc.hint, &tc.ev)
		var got []string
		for _, r := range rs {
			got = append(got, r.E164)
		}
		if src != tc.source || len(got) != len(tc.want) {
			t.Errorf("%s: %s %v, want %s %v", tc.name, src, got, tc.source, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: %s %v, want %s %v", tc.name, src, got, tc.source, tc.want)
				break
			}
		}
	}
	// A context word picks among the list's readings, never past them.
	nlfr := testCatalog(t, Options{Regions: []string{"NL", "FR"}})
	if src, rs := nlfr.ResolvePhone(v, "IT", &PhoneEvidence{}); src != RegionConfig || len(rs) != 2 {
		t.Errorf("a hint outside the readings chose: %s %v", src, rs)
	}
	if src, rs := nlfr.ResolvePhone(v, "FR", &PhoneEvidence{}); src != RegionContext || len(rs) != 1 || rs[0].E164 != "+33612961561" {
		t.Errorf("a hint among the readings: %s %v", src, rs)
	}
	if src, rs := nlfr.ResolvePhone(v, "IT", &PhoneEvidence{Path: []string{"NL", "FR"}}); src != RegionPath || len(rs) != 2 {
		t.Errorf("a hint outside the path's readings chose: %s %v", src, rs)
	}
	// Valid in one region of the list: the config names it.
	if src, rs := c.ResolvePhone([]byte("0151 23456789"), "", &PhoneEvidence{}); src != RegionConfig || len(rs) != 1 || rs[0].E164 != "+4915123456789" {
		t.Errorf("one region: %s %v", src, rs)
	}
}

// The countries other values name: an IBAN's, a VAT number's, an email's
// ccTLD (generic TLDs and ccTLDs used as generic ones say nothing), a
// national id's.
func TestValueRegion(t *testing.T) {
	c := testCatalog(t, Options{})
	for _, tc := range []struct{ typ, v, want string }{
		{"iban", "NL91ABNA0417164300", "NL"}, {"iban", "de89 3704 0044 0532 0130 00", "DE"}, {"eu_vat", "EL094259216", "GR"},
		{"email", "jan@voorbeeld.nl", "NL"}, {"email", "bob@example.co.uk", "GB"}, {"email", "ana@correo.ES", "ES"},
		{"email", "pedro@example.com", ""}, {"email", "dev@startup.io", ""}, {"email", "x@shop.co", ""},
		{"nl_bsn", "111222333", "NL"}, {"fr_nir", "1 85 05 78 006 084 91", "FR"}, {"uk_postcode", "SW1A 1AA", "GB"},
		{"ipv4", "203.0.113.42", ""},
	} {
		if got := ValueRegion(typeOf(t, c, tc.typ), []byte(tc.v)); got != tc.want {
			t.Errorf("%s %s: %q, want %q", tc.typ, tc.v, got, tc.want)
		}
	}
}

// phone_regions holds region codes and per-path mappings.
func TestPhoneRegionsConfig(t *testing.T) {
	var cfg struct {
		P PhoneRegions `yaml:"phone_regions"`
	}
	src := "phone_regions:\n  - fr\n  - paths: [\"exports/nl/**\", \"/srv/nl/*.csv\"]\n    regions: [nl, be]\n  - NL\n"
	if err := yaml.Unmarshal([]byte(src), &cfg); err != nil {
		t.Fatal(err)
	}
	if msg := cfg.P.check(); msg != "" {
		t.Fatal(msg)
	}
	if len(cfg.P.Global) != 2 || cfg.P.Global[0] != "FR" || cfg.P.Global[1] != "NL" || len(cfg.P.ByPath) != 1 ||
		len(cfg.P.ByPath[0].Paths) != 2 || cfg.P.ByPath[0].Regions[0] != "NL" || cfg.P.ByPath[0].Regions[1] != "BE" {
		t.Fatalf("%+v", cfg.P)
	}
	for _, bad := range []string{"phone_regions: FR\n", "phone_regions: [[FR]]\n", "phone_regions: [FRA]\n",
		"phone_regions:\n  - paths: [a]\n", "phone_regions:\n  - paths: [\"a[\"]\n    regions: [FR]\n",
		"phone_regions:\n  - paths: [a]\n    regions: [FRA]\n",
		"phone_regions: [UK]\n", "phone_regions: [XX]\n", "phone_regions:\n  - paths: [a]\n    regions: [xx]\n",
		"phone_regions:\n  - paths: [a]\n    regions: [FR]\n    region: [NL]\n"} {
		var c struct {
			P PhoneRegions `yaml:"phone_regions"`
		}
		if err := yaml.Unmarshal([]byte(bad), &c); err == nil && c.P.check() == "" {
			t.Errorf("%q accepted", bad)
		}
	}
}

// A region code without a phone plan is refused, and UK is told GB.
func TestPhoneRegionsCodesChecked(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"phone_regions: [fr, UK]\n", "GB"},
		{"phone_regions:\n  - paths: [a]\n    regions: [XX]\n", "phone numbering plan"},
	} {
		var c struct {
			P PhoneRegions `yaml:"phone_regions"`
		}
		if err := yaml.Unmarshal([]byte(tc.src), &c); err != nil {
			t.Fatal(err)
		}
		if msg := c.P.check(); !strings.Contains(msg, tc.want) {
			t.Errorf("%q: %q, want it to say %q", tc.src, msg, tc.want)
		}
	}
}

func typeOf(t *testing.T, c *Catalog, id string) *Type {
	t.Helper()
	ty, ok := c.TypeByID(id)
	if !ok {
		t.Fatalf("no type %s", id)
	}
	return ty
}
