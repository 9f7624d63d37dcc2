package patterns

import "testing"

// TestBarcodeBeforeCard: a 13-digit number with a right EAN-13 check digit
// is a barcode unless a card keyword or field says card, even when its
// prefix is Visa's and it passes Luhn; a card is never also a national id.
func TestBarcodeBeforeCard(t *testing.T) {
	c := testCatalog(t, Options{})
	for _, tc := range []struct {
		text, want string // want "" for nothing at the default threshold
	}{
		{"4039621723216", ""},
		{"gtin;4018375751607;box", ""},
		{"item 4065582233051 x2", ""},
		{"card 4039621723216", "credit_card"},
		{"Visa: 4111111111111111", "credit_card"},
		{"375525835933352", "credit_card"},
		{"nir 375525835933352", "credit_card"},
		{"NIR 185057800608491", "fr_nir"},
	} {
		got, _ := c.Find([]byte(tc.text), testMinConf)
		switch {
		case tc.want == "" && len(got) > 0:
			t.Errorf("%q: want nothing, got %s", tc.text, describe(tc.text, got))
		case tc.want != "" && (len(got) != 1 || got[0].Type != tc.want):
			t.Errorf("%q: want one %s, got %s", tc.text, tc.want, describe(tc.text, got))
		}
	}
}

func TestEAN13Valid(t *testing.T) {
	for _, d := range []string{"4039621723216", "4006381333931", "5901234123457"} {
		if !EAN13Valid([]byte(d)) {
			t.Errorf("EAN13Valid(%s) = false", d)
		}
	}
	if EAN13Valid([]byte("4006381333932")) {
		t.Error("EAN13Valid accepts a wrong check digit")
	}
}
