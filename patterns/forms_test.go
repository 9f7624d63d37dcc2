package patterns

import (
	"strings"
	"testing"
)

// writtenForms are identifiers as people type them, in a sentence that
// names them, with their compact form: each must be found whole and hash
// as its compact form does, so a search by either finds both.
var writtenForms = []struct{ typ, text, value, compact string }{
	{"eu_vat", "VAT de 136 695 976 on file", "de 136 695 976", "DE136695976"},
	{"eu_vat", "TVA: FR 40 303 265 045", "FR 40 303 265 045", "FR40303265045"},
	{"eu_vat", "BTW be0403.170.701", "be0403.170.701", "BE0403170701"},
	{"eu_vat", "BTW-nummer NL-004495445-B01", "NL-004495445-B01", "NL004495445B01"},
	{"eu_vat", "NIF-IVA ESB-58378431", "ESB-58378431", "ESB58378431"},
	{"eu_vat", "USt-IdNr. DE-136-695-976", "DE-136-695-976", "DE136695976"},
	{"eu_vat", "Partita IVA IT 00743110157", "IT 00743110157", "IT00743110157"},
	// Belgium's 9-digit form is the 10-digit one with a leading 0.
	{"eu_vat", "BTW BE 403.170.701", "BE 403.170.701", "BE0403170701"},
	{"eu_vat", "BTW BE403170701", "BE403170701", "BE0403170701"},
	// The IBAN shape proposes it and takes the words after it.
	{"eu_vat", "BTW BE0403170701 and more", "BE0403170701", "BE0403170701"},
	{"eu_vat", "btw nl004495445b01 from them", "nl004495445b01", "NL004495445B01"},
	// Greece: GR for EL, and the 8-digit form with a leading 0.
	{"eu_vat", "ΦΠΑ VAT GR 094259216", "GR 094259216", "EL094259216"},
	{"eu_vat", "VAT EL 94259216", "EL 94259216", "EL094259216"},
	{"iban", "IBAN DE89-3704-0044-0532-0130-00", "DE89-3704-0044-0532-0130-00", "DE89370400440532013000"},
	{"iban", "iban: de89 3704 0044 0532 0130 00", "de89 3704 0044 0532 0130 00", "DE89370400440532013000"},
	{"iban", "IBAN gb82 west 1234 5698 7654 32", "gb82 west 1234 5698 7654 32", "GB82WEST12345698765432"},
	{"iban", "iban: nl91-abna-0417-1643-00", "nl91-abna-0417-1643-00", "NL91ABNA0417164300"},
	{"iban", "iban de89 3704 0044 0532 0130 00 and more", "de89 3704 0044 0532 0130 00", "DE89370400440532013000"},
	{"uk_postcode", "Postcode SW1A1AA", "SW1A1AA", "SW1A1AA"},
	{"uk_postcode", "Girobank, Bootle GIR 0AA", "GIR 0AA", "GIR0AA"},
	{"us_ssn", "SSN 536 22 1234", "536 22 1234", "536221234"},
	{"us_ssn", "SSN: 536.22.1234", "536.22.1234", "536221234"},
	{"us_ssn", "SSN 536221234", "536221234", "536221234"},
	{"uk_nino", "NI number ab 12 34 56 c", "ab 12 34 56 c", "AB123456C"},
	{"uk_nino", "NINO AB123456C", "AB123456C", "AB123456C"},
	{"uk_nino", "National Insurance: ab123456c", "ab123456c", "AB123456C"},
	{"uk_nhs", "NHS number 943 476 5919", "943 476 5919", "9434765919"},
	{"uk_nhs", "NHS number 943-476-5919", "943-476-5919", "9434765919"},
	{"de_tax_id", "Steuer-ID 86 095 742 719", "86 095 742 719", "86095742719"},
	{"de_tax_id", "Steuer-ID 8609574271 9", "8609574271 9", "86095742719"},
}

func TestWrittenFormsHashAsCompact(t *testing.T) {
	c := testCatalog(t, Options{})
	for _, tc := range writtenForms {
		got, err := c.Find([]byte(tc.text), testMinConf)
		if err != nil {
			t.Fatal(err)
		}
		var f *Found
		for i := range got {
			if got[i].Type == tc.typ {
				f = &got[i]
			}
		}
		if f == nil {
			t.Errorf("%s: not found in %q (got %s)", tc.typ, tc.text, describe(tc.text, got))
			continue
		}
		if v := tc.text[f.Start:f.End]; v != tc.value {
			t.Errorf("%s in %q: found %q, want %q whole", tc.typ, tc.text, v, tc.value)
		}
		want, err := c.Identifier(tc.typ, tc.compact)
		if err != nil {
			t.Errorf("%s: the compact form %q is refused: %v", tc.typ, tc.compact, err)
			continue
		}
		if f.Norm != want {
			t.Errorf("%s %q: normalized %q, the compact form %q gives %q", tc.typ, tc.value, f.Norm, tc.compact, want)
		}
		if h1, h2 := c.Hasher().Sum(tc.typ, []byte(f.Norm)), c.Hasher().Sum(tc.typ, []byte(want)); h1 != h2 {
			t.Errorf("%s %q: hash differs from the compact form's", tc.typ, tc.value)
		}
		// A subject search by the written form finds the compact one.
		if id, err := c.Identifier(tc.typ, tc.value); err != nil || id != want {
			t.Errorf("%s: identifier %q gives %q, %v; want %q", tc.typ, tc.value, id, err, want)
		}
	}
}

// TestWrittenFormsNearMisses: a written form is still checked whole; its
// shape alone, a lower-case form without a keyword, or separators of two
// kinds, is no finding.
func TestWrittenFormsNearMisses(t *testing.T) {
	c := testCatalog(t, Options{})
	for _, tc := range []struct{ typ, text string }{
		{"eu_vat", "de 136 695 977"},                 // check digit
		{"eu_vat", "plus de 136 695 976 habitants"},  // lower case, no keyword
		{"eu_vat", "VAT DE 136-695.976"},             // two separators
		{"eu_vat", "VAT BE 403.170.702"},             // 9-digit form, bad check
		{"iban", "IBAN DE89-3704-0044-0532-0130-01"}, // mod-97
		{"iban", "IBAN DE89 3704-0044 0532-0130 00"}, // two separators
		{"uk_postcode", "ref sw1a 1aa"},              // lower case outside a postcode field
		{"uk_postcode", "Postcode GIR 0AB"},          // only GIR 0AA
		{"us_ssn", "SSN 666.22.1234"},                // area 666
		{"us_ssn", "order 536221234 shipped"},        // bare, no SSN context
		{"us_ssn", "call 536.22.1234"},               // dots, no SSN context
		{"uk_nino", "commit ab123456c"},              // lower case, no keyword
		{"uk_nino", "NINO qq 12 34 56 c"},            // QQ is never allocated
		{"de_tax_id", "Steuer-ID 8609574271 8"},      // check digit
		{"de_tax_id", "Steuer-ID 1234567890 1"},      // digit distribution
		{"uk_nhs", "NHS number 943-476 5919"},        // two separators
		{"eu_vat", "es 612 345 678"},                 // digits at both ends: no Spanish NIF
		{"eu_vat", "Mi DNI es 12345678Z"},            // "es" is a word: Spain's code only in upper case
		{"eu_vat", "NIF es X1234567L"},
		{"eu_vat", "Telefon: 030 1234567, USt DE 12345678"}, // 8 digits
	} {
		got, err := c.Find([]byte(tc.text), testMinConf)
		if err != nil {
			t.Fatal(err)
		}
		if hasType(got, tc.typ) {
			t.Errorf("%s wrongly found in %q (got %s)", tc.typ, tc.text, describe(tc.text, got))
		}
	}
}

// TestLowerCasePostcodeInItsField: a lower-case postcode is one in a
// field that names postcodes, not in another.
func TestLowerCasePostcodeInItsField(t *testing.T) {
	c := testCatalog(t, Options{})
	for _, tc := range []struct {
		field, value string
		want         bool
	}{
		{"postcode", "sw1a 1aa", true},
		{"post_code", "ec1a1bb", true},
		{"comment", "sw1a 1aa", false},
	} {
		got := findInField(t, c, tc.field, tc.value)
		if has := hasType(got, "uk_postcode"); has != tc.want {
			t.Errorf("field %s = %q: postcode found %v, want %v (got %s)", tc.field, tc.value, has, tc.want, describe(tc.value, got))
		}
	}
}

// findInField evaluates the matches of value as the value of a record
// field named name, as the scanner does for a CSV column or a JSON key.
func findInField(t *testing.T, c *Catalog, name, value string) []Found {
	t.Helper()
	re, err := c.Compile()
	if err != nil {
		t.Fatal(err)
	}
	defer re.Close()
	hay := []byte(value)
	s := c.NewScratch()
	s.NewText()
	s.InField(c.Class([]byte(name), nil), 0, len(hay))
	ms, err := re.FindAll(hay, make([]int, re.Passes()), len(hay)+1, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []Found
	for _, m := range ms {
		if r, ok := c.Evaluate(hay, m.Start, m.End, m.Group, s); ok && r.Confidence >= testMinConf {
			out = append(out, Found{Type: r.Type.ID, Start: r.Start, End: r.End, Confidence: r.Confidence, Norm: strings.Clone(string(r.Norm))})
		}
	}
	return out
}

// TestLowerCaseCodesKeepPhones: a lower-case country code is also a word,
// and the phone after it is still a phone; an upper-case VAT number is
// found once.
func TestLowerCaseCodesKeepPhones(t *testing.T) {
	c := testCatalog(t, Options{})
	for _, text := range []string{
		"el teléfono de 612 345 678 es mío",
		"call it 020 7946 0958 today",
		"appelez si 06 12 34 56 78",
	} {
		got, err := c.Find([]byte(text), testMinConf)
		if err != nil {
			t.Fatal(err)
		}
		if !hasType(got, "phone") || hasType(got, "eu_vat") {
			t.Errorf("%q: got %s, want the phone", text, describe(text, got))
		}
	}
	text := "USt-IdNr. DE 136 695 976"
	got, _ := c.Find([]byte(text), testMinConf)
	n := 0
	for _, f := range got {
		if f.Type == "eu_vat" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%q: %d VAT findings (%s), want 1", text, n, describe(text, got))
	}
}
