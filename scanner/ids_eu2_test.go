package scanner

import (
	"testing"
)

// A customer export with each new national id in its national column,
// and a passport's zone (line breaks kept, quoted) in an mrz column: each
// is found as its type in its record, no other type claims them, and the
// bare numbers in a notes column (no word, no field) are not reported.
func TestEUIDsInTheirColumns(t *testing.T) {
	const mrz = "P<FRAMARTIN<<CLAIRE<ANNE<<<<<<<<<<<<<<<<<<<<\n12AB345673FRA8503127F3107151<<<<<<<<<<<<<<<8"
	data := "customer,rodne_cislo,cnp,egn,oib,emso,isikukood,mrz,notes\n" +
		"1,905203/4420,1850312400081,8710247024,28172605219,0101006500006,38001085718,\"" + mrz + "\",ref 9052034420\n" +
		"2,1472110013,6040229123458,0547038129,12345678903,2902988505006,49403136526,,ref 1850312400081 and 28172605219\n"
	got, res := scanFixture(t, writeTemp(t, "customers.csv", data))
	if res.Damage != nil {
		t.Fatalf("damage: %v", res.Damage)
	}
	wantInFields(t, got, []inField{
		{"cz_sk_birth_number", "905203/4420", 1, "rodne_cislo"},
		{"ro_cnp", "1850312400081", 1, "cnp"},
		{"bg_egn", "8710247024", 1, "egn"},
		{"hr_oib", "28172605219", 1, "oib"},
		{"si_emso", "0101006500006", 1, "emso"},
		{"ee_lt_personal_code", "38001085718", 1, "isikukood"},
		{"passport_mrz", mrz, 1, "mrz"},
		{"cz_sk_birth_number", "1472110013", 2, "rodne_cislo"},
		{"ro_cnp", "6040229123458", 2, "cnp"},
		{"bg_egn", "0547038129", 2, "egn"},
		{"hr_oib", "12345678903", 2, "oib"},
		{"si_emso", "2902988505006", 2, "emso"},
		{"ee_lt_personal_code", "49403136526", 2, "isikukood"},
	})
	if len(got) != 13 {
		for _, f := range got {
			t.Logf("%s %q %.2f %+v", f.Type, f.Value, f.Confidence, f.Record)
		}
		t.Errorf("%d findings, want 13", len(got))
	}
}
