package patterns

import "testing"

// TestDisplayNameKeysArePersonNames: the keys exports and APIs use for a
// person's name, in camelCase, snake_case or kebab-case, are person-name
// fields.
func TestDisplayNameKeysArePersonNames(t *testing.T) {
	c := testCatalog(t, Options{})
	for _, name := range []string{"displayName", "display_name", "DisplayName", "display-name", "fullName", "full_name",
		"contactName", "givenName", "given_name", "familyName", "family_name", "customerDisplayName", "userFullName"} {
		class := c.Class([]byte(name), nil)
		if class == 0 || !c.Detects(class) || c.all[c.fields.rules[class-1].types[0]].ID != "person_name" {
			t.Errorf("Class(%q): not a person-name field", name)
		}
	}
	for _, name := range []string{"productName", "display_order", "hostName", "fileName"} {
		class := c.Class([]byte(name), nil)
		if class != 0 && c.Detects(class) && c.all[c.fields.rules[class-1].types[0]].ID == "person_name" {
			t.Errorf("Class(%q): a person-name field", name)
		}
	}
}
