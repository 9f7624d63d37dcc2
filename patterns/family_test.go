package patterns

import (
	"sort"
	"testing"
)

// TestFamiliesOwnTheirTypes: each built-in type lives in exactly one
// family, detectors and field rules name only known types, and no two
// detectors of a pass share a priority (the order would then hang on the
// order of the family list).
func TestFamiliesOwnTheirTypes(t *testing.T) {
	owner := map[string]int{}
	for i, f := range builtinFamilies() {
		for _, ty := range f.Types {
			if j, dup := owner[ty.ID]; dup {
				t.Errorf("%s is in families %d and %d", ty.ID, j, i)
			}
			owner[ty.ID] = i
		}
	}
	if len(owner) != len(Builtin()) {
		t.Errorf("%d types in families, Builtin has %d", len(owner), len(Builtin()))
	}
	prio := map[[2]int]string{}
	for _, d := range BuiltinDetectors() {
		for _, id := range d.Types {
			if _, ok := owner[id]; !ok {
				t.Errorf("detector %.30q names unknown type %q", d.Pattern, id)
			}
		}
		k := [2]int{d.Pass, d.Priority}
		if d.Priority <= 0 {
			t.Errorf("detector for %v has no priority", d.Types)
		}
		if other, dup := prio[k]; dup {
			t.Errorf("detectors for %v and %s share pass %d priority %d", d.Types, other, d.Pass, d.Priority)
		}
		prio[k] = d.Types[0]
	}
	for _, r := range BuiltinFieldRules() {
		for _, id := range r.Types {
			if _, ok := owner[id]; !ok {
				t.Errorf("field rule %v names unknown type %q", r.Names, id)
			}
		}
	}
}

// TestStrongTypes: the catalog says which types identify one person on
// their own; national ids say their country.
func TestStrongTypes(t *testing.T) {
	c := testCatalog(t, Options{Custom: []CustomPattern{{ID: "employee_id", Regex: `\bEMP-\d{6}\b`},
		{ID: "customer_no", Regex: `\bCUST-\d{8}\b`, Strong: true}}})
	strong := map[string]string{"customer_no": "", "email": "", "phone": "", "credit_card": "", "iban": "",
		"us_ssn": "US", "uk_nino": "GB", "uk_nhs": "GB", "fr_nir": "FR", "de_tax_id": "DE",
		"es_dni": "ES", "es_nie": "ES", "it_fiscal_code": "IT", "nl_bsn": "NL", "pl_pesel": "PL",
		"be_national_number": "BE", "at_social_insurance": "AT", "pt_nif": "PT", "se_personnummer": "SE", "dk_cpr": "DK", "fi_hetu": "FI", "no_fodselsnummer": "NO", "ie_ppsn": "IE"}
	// Ids of no one country (CZ and SK, EE and LT share a format; an MRZ
	// names its state) say none.
	shared := map[string]bool{"cz_sk_birth_number": true, "ee_lt_personal_code": true, "passport_mrz": true}
	for id, cc := range map[string]string{"cz_sk_birth_number": "", "ro_cnp": "RO", "bg_egn": "BG", "hr_oib": "HR", "si_emso": "SI",
		"ee_lt_personal_code": "", "passport_mrz": ""} {
		strong[id] = cc
	}
	for _, ty := range c.all {
		cc, want := strong[ty.ID]
		if got := c.Strong(ty.ID); got != want {
			t.Errorf("Strong(%s) = %v, want %v", ty.ID, got, want)
		}
		if want && ty.Country != cc {
			t.Errorf("%s: country %q, want %q", ty.ID, ty.Country, cc)
		}
		if ty.Category == CategoryGovernmentID && (!ty.Strong || ty.Country == "" && !shared[ty.ID]) {
			t.Errorf("%s: a national id is strong and has a country", ty.ID)
		}
	}
	if ty, _ := c.TypeByID("uk_postcode"); ty.Country != "GB" {
		t.Errorf("uk_postcode: country %q, want GB", ty.Country)
	}
	if c.Strong("no_such_type") {
		t.Error("an unknown type is strong")
	}
}

// TestNationalIDFieldRaisesEveryNationalID: a field named national_id
// raises every government_id type, whichever family defines it.
func TestNationalIDFieldRaisesEveryNationalID(t *testing.T) {
	c := testCatalog(t, Options{})
	class := c.Class([]byte("national_id"), nil)
	if class == 0 {
		t.Fatal("national_id names no field rule")
	}
	var got, want []string
	for _, i := range c.fields.rules[class-1].types {
		got = append(got, c.all[i].ID)
	}
	for _, ty := range c.all {
		if ty.Category == CategoryGovernmentID {
			want = append(want, ty.ID)
		}
	}
	sort.Strings(got)
	sort.Strings(want)
	if len(want) < 10 || len(got) != len(want) {
		t.Fatalf("national_id raises %v, want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("national_id raises %v, want %v", got, want)
		}
	}
}

// TestCustomDetectorsAfterBuiltin: a custom pattern has no priority of
// its own and runs after every built-in detector of its pass.
func TestCustomDetectorsAfterBuiltin(t *testing.T) {
	c := testCatalog(t, Options{Custom: []CustomPattern{{ID: "employee_id", Regex: `\bEMP-\d{6}\b`}}})
	last := c.groupTypes[c.passBase[1]]
	if len(last) != 1 || c.all[last[0]].ID != "employee_id" {
		t.Fatalf("last detector of pass 0 is for %v, want employee_id", last)
	}
}
