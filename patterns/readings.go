package patterns

// Some values are normalized by a guess: a numeric date such as
// 03/04/1985 is the 3rd of April read day first (the 4th of March read
// month first). Such a value is hashed as the catalog reads it and its
// other readings are kept beside (scanner.Finding.AltHashes), so that it
// is found under either and never taken for certain. Phone numbers are
// read by ResolvePhone instead.

// dateID is the date type's id.
const dateID = "date_of_birth"

// OtherReadings returns the normalized forms of value v of type t other
// than the one its hash is of, when its normalization is a guess; nil
// when it is not.
func (c *Catalog) OtherReadings(t *Type, v []byte) []string {
	if t.ID != dateID || !numericDate(v) {
		return nil
	}
	y, m, d, ok := parseDate(v, len(c.Regions) > 0 && c.Regions[0] == "US")
	if !ok || m == d || m > 12 || d > 12 || !ValidDate(y, d, m) {
		return nil
	}
	var buf [16]byte
	return []string{string(appendISODate(buf[:0], y, d, m))}
}

// numericDate reports a date written in digits only, day and month first
// in some order (not year first: 1985-03-04 is read one way only).
func numericDate(v []byte) bool {
	groups, first := 0, 0
	for i, c := range v {
		switch {
		case isDigit(c):
			if i == 0 || !isDigit(v[i-1]) {
				groups++
			}
			if groups == 1 {
				first++
			}
		case c == '/' || c == '.' || c == '-' || c == ' ':
		default:
			return false
		}
	}
	return groups == 3 && first <= 2
}
