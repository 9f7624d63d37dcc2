package patterns

import (
	"bytes"
	"slices"
)

// A phone number written without its country code is read in the region
// the evidence names, strongest first (the Region* constants): the
// record's country field, the country of another value of the record, a
// context word, phone_regions for the file's path, then the global list.
// A number valid in several regions of a list, with no stronger evidence,
// is ambiguous: every reading is kept, none is chosen.

// PhoneEvidence is what is known of the region of the phone numbers of
// one record (or of plain text).
type PhoneEvidence struct {
	// Field is the country the record's own country field names.
	Field string
	// Record are the countries the record's other values name (an IBAN's,
	// a national id's, an email's ccTLD), without duplicates.
	Record []string
	// Path are the phone_regions configured for the file's path.
	Path []string
}

// AddRecord notes a country named by a value of the record.
func (e *PhoneEvidence) AddRecord(cc string) {
	if cc != "" && !slices.Contains(e.Record, cc) {
		e.Record = append(e.Record, cc)
	}
}

// phoneID is the phone type's id.
const phoneID = "phone"

// PhoneReading is a national-format number read in one region's plan.
type PhoneReading struct {
	Region string
	E164   string
}

// NationalPhone reports whether v, a value of type t, is a phone number
// written without its country code: its region is then a matter of
// evidence (ResolvePhone).
func NationalPhone(t *Type, v []byte) bool {
	return t.ID == phoneID && !internationalPhone(v)
}

// internationalPhone reports a number that carries its country code.
func internationalPhone(v []byte) bool {
	return len(v) > 0 && v[0] == '+' || bytes.HasPrefix(v, []byte("00"))
}

// ResolvePhone reads the national-format number v by the evidence, with
// hint the region a context word near it suggests ("" for none). It
// returns where the region came from and the readings: one when resolved,
// several (in list order) when ambiguous, none when v is valid nowhere
// the evidence or the lists point.
func (c *Catalog) ResolvePhone(v []byte, hint string, ev *PhoneEvidence) (string, []PhoneReading) {
	one := func(region string) []PhoneReading {
		if region == "" {
			return nil
		}
		if e, ok := phoneNational(nil, v, region); ok {
			return []PhoneReading{{region, string(e)}}
		}
		return nil
	}
	if r := one(ev.Field); r != nil {
		return RegionField, r
	}
	if rs := phoneReadings(v, ev.Record); len(rs) == 1 {
		return RegionRecord, rs
	}
	if hint == "" && nanpShape(v) {
		hint = "US" // "(415) 555-2671" is written the North American way
	}
	src, rs := RegionPath, phoneReadings(v, ev.Path)
	if len(rs) == 0 {
		src, rs = RegionConfig, phoneReadings(v, c.Regions)
	}
	// A context word picks among the list's readings, never past them: a
	// number the list reads in several regions stays ambiguous unless the
	// word names one of them.
	if r := one(hint); r != nil && (len(rs) < 2 || slices.ContainsFunc(rs, func(x PhoneReading) bool { return x.Region == hint })) {
		return RegionContext, r
	}
	if len(rs) > 0 {
		return src, rs
	}
	// Held by no listed region: the check took it for a phone because its
	// context says so (phoneInContext), as a mobile of any region.
	if rs := phoneMobileReadings(v); len(rs) > 0 {
		return RegionContext, rs
	}
	return "", nil
}

// phoneReadings returns the readings of v in each of regions where it is
// a valid number, in order.
func phoneReadings(v []byte, regions []string) []PhoneReading {
	var rs []PhoneReading
	var buf [24]byte
	for _, r := range regions {
		if e, ok := phoneNational(buf[:0], v, r); ok {
			rs = append(rs, PhoneReading{r, string(e)})
		}
	}
	return rs
}

// phoneNational appends to dst the E.164 form of national-format v read
// in region's plan, when valid there.
func phoneNational(dst, v []byte, region string) ([]byte, bool) {
	t := phoneData()
	var buf [64]byte
	digits, fast := phoneDigits(buf[:0], v)
	return t.nationalE164(dst, v, digits, fast && t.ok, region)
}

// phoneRegionSupported reports a region libphonenumber has a plan for.
func phoneRegionSupported(r string) bool {
	m := phoneData().regions[r]
	return m != nil && m.supported
}

// ValueRegion returns the country a value of type t names (a national
// id's country, an IBAN's, an email's ccTLD), "" for none: evidence of
// the region of the phone numbers in its record.
func ValueRegion(t *Type, v []byte) string {
	if t.Country != "" {
		return t.Country
	}
	if t.RegionOf != nil {
		return t.RegionOf(v)
	}
	return ""
}

// ibanRegion is the country of an IBAN or a VAT number: its first two
// letters (Greece's VAT numbers say EL).
func ibanRegion(v []byte) string {
	if len(v) < 2 {
		return ""
	}
	cc := tableCountry(v[0], v[1])
	if cc == "" && (v[0]|0x20) == 'e' && (v[1]|0x20) == 'l' {
		return "GR"
	}
	return cc
}

// emailRegion is the country of an email's ccTLD (".nl", ".co.uk"), for
// the countries of the country table only: a generic TLD, or a ccTLD
// used as one (.io, .co, .me), says nothing.
func emailRegion(v []byte) string {
	n := len(v)
	if n < 4 || v[n-3] != '.' {
		return ""
	}
	if (v[n-2]|0x20) == 'u' && (v[n-1]|0x20) == 'k' {
		return "GB"
	}
	return tableCountry(v[n-2], v[n-1])
}

// tableCountry returns the code of the country table's country whose
// alpha-2 code is the letters a, b (any case), "" for none; it does not
// allocate (values are read on every finding).
func tableCountry(a, b byte) string {
	return tableCodes[[2]byte{a &^ 0x20, b &^ 0x20}]
}

// tableCodes maps the country table's alpha-2 codes to themselves.
var tableCodes = func() map[[2]byte]string {
	m := map[[2]byte]string{}
	for cc := range countryNames {
		m[[2]byte{cc[0], cc[1]}] = cc
	}
	return m
}()

// Hint is the phone region a context word near the last match evaluated
// suggests ("" for none).
func (s *Scratch) Hint() string { return s.env.Hint }

// IsPhone reports whether t is the phone type.
func IsPhone(t *Type) bool { return t.ID == phoneID }
