package patterns

import (
	"testing"
)

func TestFieldClass(t *testing.T) {
	c := testCatalog(t, Options{})
	rule := func(class int32) *fieldRule {
		if class == 0 {
			return nil
		}
		return &c.fields.rules[class-1]
	}
	typeOf := func(name, parent string) string {
		r := rule(c.Class([]byte(name), []byte(parent)))
		switch {
		case r == nil:
			return ""
		case r.negative:
			return "-"
		case r.detect:
			return "detect:" + c.all[r.types[0]].ID
		}
		return c.all[r.types[0]].ID
	}
	for _, tc := range []struct{ name, parent, want string }{
		{"email", "", "email"},
		{"E-Mail", "", "email"},
		{"customerEmail", "", "email"},
		{"email_verified", "", "email"},
		{"Courriel", "", "email"},
		{"telefon", "", "phone"},
		{"mobile_phone", "", "phone"},
		{"Teléfono", "", "phone"},
		{"phones", "", "phone"},
		{"emails", "", "email"},
		{"first_name", "", "detect:person_name"},
		{"FirstName", "", "detect:person_name"},
		{"customer_last_name", "", "detect:person_name"},
		{"Prénom", "", "detect:person_name"},
		{"Nachname", "", "detect:person_name"},
		{"name", "customers", "detect:person_name"},
		{"name", "products", ""},
		{"product_name", "", "-"},
		{"billing_address", "", "detect:street_address"},
		{"Straße", "", "detect:street_address"},
		{"dob", "", "date_of_birth"},
		{"date_naissance", "", "date_of_birth"},
		{"Geburtsdatum", "", "date_of_birth"},
		{"birth_date", "", "date_of_birth"},
		{"iban", "", "iban"},
		{"plz", "", "uk_postcode"},
		{"order_id", "", "-"},
		{"customer_id", "", "-"},
		{"tracking_number", "", "-"},
		{"created_at", "", "-"},
		{"sku", "", "-"},
		{"city", "", ""},
		{"fecha", "", ""},
		{"", "", ""},
	} {
		if got := typeOf(tc.name, tc.parent); got != tc.want {
			t.Errorf("Class(%q, %q) = %q, want %q", tc.name, tc.parent, got, tc.want)
		}
	}
}

func TestEvaluateField(t *testing.T) {
	c := testCatalog(t, Options{})
	s := c.NewScratch()
	first := c.Class([]byte("first_name"), nil)
	name := c.Class([]byte("name"), nil)
	addr := c.Class([]byte("address"), nil)
	for _, tc := range []struct {
		class int32
		v     string
		want  bool
	}{
		{first, "Zoë", true},
		{first, "  O'Brien ", true},
		{first, "Jean-Luc", true},
		{first, `O\'Connor`, true},
		{first, "NULL", false},
		{first, "12345", false},
		{first, "", false},
		{name, "Marie Dupont", true},
		{name, "Widget", false},
		{addr, "12 Rue de la Paix", true},
		{addr, "Hauptstraße 5, 10115 Berlin", true},
		{addr, "-", false},
		{addr, "42", false},
	} {
		_, ok := c.EvaluateField([]byte(tc.v), 0, len(tc.v), tc.class, s)
		if ok != tc.want {
			t.Errorf("%q: %v, want %v", tc.v, ok, tc.want)
		}
	}
	r, ok := c.EvaluateField([]byte("  O'Brien "), 0, 10, first, s)
	if !ok || r.Start != 2 || r.End != 9 || r.Type.ID != "person_name" {
		t.Errorf("%+v", r)
	}
	if _, ok := c.EvaluateField([]byte("Marie"), 0, 5, c.Class([]byte("email"), nil), s); ok {
		t.Error("a raising field detected a value")
	}
}

// The field's name decides where words cannot: a bare date is a birth
// date in a dob column, nothing in a created_at one, and a column's words
// do not lend themselves to the next column.
func TestEvaluateInField(t *testing.T) {
	c := testCatalog(t, Options{})
	s := c.NewScratch()
	eval := func(hay string, v string, field string) (string, float64) {
		i := indexOf(hay, v)
		s.NewText()
		if field == "" {
			s.NoField()
		} else {
			s.InField(c.Class([]byte(field), nil), i, i+len(v))
		}
		for g := 1; g < len(c.groupTypes); g++ {
			if r, ok := c.Evaluate([]byte(hay), i, i+len(v), g, s); ok && r.Start == i && r.End == i+len(v) {
				return r.Type.ID, r.Confidence
			}
		}
		return "", 0
	}
	row := "17,1985-03-12,2024-01-02,born in Lyon"
	if typ, conf := eval(row, "1985-03-12", "dob"); typ != "date_of_birth" || conf < 0.5 {
		t.Errorf("dob column: %s %.2f", typ, conf)
	}
	if _, conf := eval(row, "2024-01-02", "created_at"); conf >= 0.5 {
		t.Errorf("created_at column: %.2f", conf)
	}
	// "born" stands in the column before: in plain text it would count.
	row2 := "born,1985-03-12"
	if _, conf := eval(row2, "1985-03-12", "signup"); conf >= 0.5 {
		t.Errorf("a word of the column before counted: %.2f", conf)
	}
	if _, conf := eval(row2, "1985-03-12", ""); conf < 0.5 {
		t.Errorf("plain text: %.2f", conf)
	}
	// A phone-looking number in an order_id column is not a phone.
	if _, conf := eval("x,0612345678", "0612345678", "order_id"); conf >= 0.5 {
		t.Errorf("order_id column: %.2f", conf)
	}
	if typ, conf := eval("x,0612345678", "0612345678", "telephone"); typ != "phone" || conf < 0.8 {
		t.Errorf("telephone column: %s %.2f", typ, conf)
	}
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func TestIdentifier(t *testing.T) {
	c := testCatalog(t, Options{Regions: []string{"FR"}})
	for _, tc := range []struct{ typ, v, norm string }{
		{"email", " Jane.Doe@Example.COM ", "jane.doe@example.com"},
		{"phone", "06 12 34 56 78", "+33612345678"},
		{"phone", "+33 6 12 34 56 78", "+33612345678"},
		{"iban", "FR14 2004 1010 0505 0001 3M02 606", "FR1420041010050500013M02606"},
	} {
		got, err := c.Identifier(tc.typ, tc.v)
		if err != nil || got != tc.norm {
			t.Errorf("%s %q: %q, %v; want %q", tc.typ, tc.v, got, err, tc.norm)
		}
	}
	for _, tc := range []struct{ typ, v string }{{"email", "not-an-email"}, {"iban", "FR14 2004 1010 0505 0001 3M02 607"}, {"email", ""}} {
		if _, err := c.Identifier(tc.typ, tc.v); err == nil {
			t.Errorf("%s %q accepted", tc.typ, tc.v)
		}
	}
	if _, err := c.Identifier("shoe_size", "42"); err == nil {
		t.Error("unknown type accepted")
	}
}

// A custom type's identifier must match its pattern whole.
func TestCustomIdentifier(t *testing.T) {
	cfg := &Config{Patterns: []PatternConfig{{ID: "customer_id", Regex: `\bCUST-\d{8}\b`, Examples: []string{"ref CUST-12345678"}}}}
	c, err := cfg.NewCatalog([]byte("0123456789abcdef0123456789abcdef"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := c.Identifier("customer_id", " CUST-12345678 "); err != nil || got != "CUST-12345678" {
		t.Errorf("a valid customer id: %q %v", got, err)
	}
	for _, v := range []string{"CUST-1234", "ref CUST-12345678", "CUST-123456789"} {
		if _, err := c.Identifier("customer_id", v); err == nil {
			t.Errorf("%q accepted as a customer_id", v)
		}
	}
}
