package patterns

import (
	"bytes"
	"time"
	"unicode"
	"unicode/utf8"
)

// Columns with no name: a delimited file without a header (mysqldump
// --tab) is read with each column classed by the shape of its values, as
// if its header had named it. Conservative on purpose: a column takes a
// class only when four values in five fit, and a column of single
// capitalised words (a first name, but also a city) is a name only next
// to another such column (first and last names) or when most of its
// values are two words or more (full names).

// minColumnValues is the fewest values that class a column.
const minColumnValues = 3

// ClassesOf returns, per column, the field rule its values fit (0 for
// none), as Class would for the column's name. It implements
// records.ColumnFields.
func (c *Catalog) ClassesOf(cols [][][]byte) []int32 {
	out := make([]int32, len(cols))
	names := make([]int, len(cols)) // 0: not names; 1: single words; 2: full names
	env := Env{Regions: c.Regions}
	for i, vals := range cols {
		switch {
		case len(vals) < minColumnValues:
		case fit(vals, func(v []byte) bool { _, _, ok := checkEmail(v, &env); return ok }):
			out[i] = c.ruleOf("email")
		case fit(vals, birthDateValue):
			out[i] = c.ruleOf("birth_date")
		case fit(vals, streetValue):
			out[i] = c.ruleOf("street")
		case fit(vals, func(v []byte) bool { return nameShape(v) > 0 }):
			names[i] = 1
			if fit(vals, func(v []byte) bool { return nameShape(v) > 1 }) {
				names[i] = 2
			}
		}
	}
	for i, n := range names {
		pair := (i > 0 && names[i-1] > 0) || (i+1 < len(names) && names[i+1] > 0)
		if n == 2 || (n == 1 && pair) {
			out[i] = c.ruleOf("full_name")
		}
	}
	return out
}

// ruleOf is the class of a built-in field name.
func (c *Catalog) ruleOf(name string) int32 {
	class, _ := c.lookupName(foldName(nil, []byte(name)))
	return class
}

// fit says whether nearly all values (four in five) pass ok.
func fit(vals [][]byte, ok func([]byte) bool) bool {
	n := 0
	for _, v := range vals {
		if ok(bytes.TrimSpace(v)) {
			n++
		}
	}
	return 5*n >= 4*len(vals)
}

// birthDateValue says whether v is a date alone, of a year a living adult
// was born in (a created_at column holds recent dates).
func birthDateValue(v []byte) bool {
	y, m, d, ok := parseDate(v, false)
	return ok && ValidDate(y, m, d) && y >= 1900 && y <= time.Now().Year()-14
}

// streetWords end or make a street's name in the catalog's languages.
var streetWords = wordSet(`street st road rd avenue ave lane ln drive dr boulevard blvd court ct place pl way close terrace crescent square sq gardens grove
rue av bd impasse allée allee chemin quai route cours calle c/ avenida avda plaza paseo camino carrer ronda via viale piazza piazzale corso largo vicolo strada
straße strasse str weg platz gasse ring damm ufer straat laan plein gracht kade dijk singel steeg`)

// streetSuffixes end a street's name written as one word (Hauptstraße).
var streetSuffixes = [][]byte{[]byte("straße"), []byte("strasse"), []byte("str."), []byte("weg"), []byte("straat"), []byte("laan"), []byte("gracht"), []byte("platz"), []byte("allee"), []byte("gasse")}

// streetValue says whether v reads as a street address: a house number
// and a street-type word.
func streetValue(v []byte) bool {
	if bytes.IndexAny(v, "0123456789") < 0 || len(v) > 200 {
		return false
	}
	var buf [32]byte
	for _, w := range bytes.FieldsFunc(v, func(r rune) bool { return unicode.IsSpace(r) || r == ',' }) {
		lw := lowerWord(buf[:0], w)
		if streetWords[string(bytes.TrimSuffix(lw, []byte(".")))] {
			return true
		}
		for _, s := range streetSuffixes {
			if len(lw) > len(s) && bytes.HasSuffix(lw, s) {
				return true
			}
		}
	}
	return false
}

// nameShape is the number of words of v when it reads as a person's
// name: one to four capitalised words of letters (' - . inside), none a
// word that follows a label but is no name; 0 otherwise.
func nameShape(v []byte) int {
	if len(v) == 0 || len(v) > 80 || !nameValue(v, 1) {
		return 0
	}
	words := 0
	var buf [32]byte
	for _, w := range bytes.Fields(v) {
		r, _ := utf8.DecodeRune(w)
		if !unicode.IsUpper(r) || nameStop[string(lowerWord(buf[:0], w))] || streetWords[string(lowerWord(buf[:0], w))] {
			return 0
		}
		words++
	}
	if words > 4 {
		return 0
	}
	return words
}
