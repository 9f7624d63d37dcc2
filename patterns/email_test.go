package patterns

import "testing"

// TestEmailLocalPartIsAtext: RFC 5322 atext belongs to the address, and
// where a field, a quote, a bracket, a table cell or a path opens the value
// the address starts after it; either way it hashes as one lower-cased form.
func TestEmailLocalPartIsAtext(t *testing.T) {
	c := testCatalog(t, Options{})
	cases := map[string]string{
		"email: o'connor@example.ie":            "o'connor@example.ie",
		"to O'Neil+tag@X.ie today":              "o'neil+tag@x.ie",
		"name/surname@example.com":              "name/surname@example.com",
		"via mailhost!username@example.org":     "mailhost!username@example.org",
		"user%example.com@example.org":          "user%example.com@example.org",
		"a&b*c#d$e^f`g{h}i~j?k@example.com":     "a&b*c#d$e^f`g{h}i~j?k@example.com",
		"login ok user=jane@x.com ip=10.0.0.1":  "jane@x.com",
		"reply to 'jane@x.com' now":             "jane@x.com",
		"From: Jane <jane@x.com>":               "jane@x.com",
		"| 42 |jane@x.com| active |":            "jane@x.com",
		"| 42 | jane@x.com | active |":          "jane@x.com",
		`<a href="mailto:jane@x.com">`:          "jane@x.com",
		"GET /api/users/jane@x.com/profile 200": "jane@x.com",
		"?email=jane@x.com&lang=en":             "jane@x.com",
		"link example.com/u/jane@x.com":         "jane@x.com",
		"GET api/v1/users/jane@x.com 200":       "jane@x.com",
		`{"to":"jane@x.com"}`:                   "jane@x.com",
	}
	for text, want := range cases {
		got, err := c.Find([]byte(text), testMinConf)
		if err != nil {
			t.Fatal(err)
		}
		var emails []Found
		for _, f := range got {
			if f.Type == "email" {
				emails = append(emails, f)
			}
		}
		if len(emails) != 1 {
			t.Errorf("%q: want one email %q, got %s", text, want, describe(text, got))
			continue
		}
		if emails[0].Norm != want {
			t.Errorf("%q: email %q normalized %q, want %q", text, text[emails[0].Start:emails[0].End], emails[0].Norm, want)
		}
	}
	ty, _ := c.TypeByID("email")
	if n := c.Normalize(ty, "user=Jane@X.com"); n != "jane@x.com" {
		t.Errorf("a subject's address normalizes to %q, want the scan's jane@x.com", n)
	}
}
