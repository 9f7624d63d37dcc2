package patterns

import (
	"slices"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

// Where the context says "phone" (a phone keyword near the number, or a
// phone field), a number the configured regions do not hold is still
// tried: as a mobile of any country of the country table (a Danish
// customer's number in a list without DK), and, in a phone field, as a number of a
// possible length and shape that no operator holds yet (test data is
// full of reserved ranges such as +44 7700 900xxx).

// possiblePhoneScore is the confidence of a possible but unassigned
// number before context: a phone field raises it past the default
// threshold, nothing else does.
const possiblePhoneScore = 0.3

// phoneInContext is phoneE164's answer for a number the regions tried do
// not hold, when env's context says phone; score is the written form's,
// or possiblePhoneScore.
func phoneInContext(dst, v []byte, env *Env) ([]byte, float64, bool) {
	near, field := env.phoneContext()
	if !near && !field {
		return dst, 0, false
	}
	if !internationalPhone(v) {
		if rs := phoneMobileReadings(v); len(rs) > 0 {
			return append(dst, rs[0].E164...), phoneScore(v), true
		}
		return dst, 0, false
	}
	if !field {
		return dst, 0, false
	}
	s := string(v)
	if v[0] != '+' {
		s = "+" + s[2:]
	}
	num, err := phonenumbers.Parse(s, "ZZ")
	if err != nil || phonenumbers.IsPossibleNumberWithReason(num) != phonenumbers.IS_POSSIBLE || phonenumbers.GetRegionCodeForCountryCode(int(num.GetCountryCode())) == phonenumbers.UNKNOWN_REGION {
		return dst, 0, false
	}
	return appendFormatted(dst, num), possiblePhoneScore, true
}

// phoneContext says whether a phone keyword stands near the match being
// evaluated, and whether it stands in a phone field.
func (e *Env) phoneContext() (near, field bool) {
	if e.cat == nil {
		return false, false
	}
	i, ok := e.cat.byID[phoneID]
	if !ok {
		return false, false
	}
	s := e.sc
	// A keyword that a negative word outweighs (as Evaluate weighs them:
	// "Tracking-Nummer") is no phone context.
	pos, far := s.nearest(i, false)
	negated := s.neg <= negativeReach && (s.neg < pos || s.neg <= far+1)
	near = pos <= nearKeyword && !negated
	if s.field.on {
		if _, ok := e.cat.fieldScore(s.field.class, i, false, 0); ok {
			field = !e.cat.fields.rules[s.field.class-1].negative
		}
	}
	return near, field
}

// phoneMobileReadings returns the readings of national-format v as a
// mobile number of each of contextRegions where it is one.
func phoneMobileReadings(v []byte) []PhoneReading {
	var rs []PhoneReading
	var buf [24]byte
	for _, r := range contextRegions() {
		e, ok := phoneNational(buf[:0], v, r)
		if !ok {
			continue
		}
		num, err := phonenumbers.Parse(string(e), "ZZ")
		if err != nil {
			continue
		}
		if t := phonenumbers.GetNumberType(num); t == phonenumbers.MOBILE || t == phonenumbers.FIXED_LINE_OR_MOBILE {
			rs = append(rs, PhoneReading{r, string(e)})
		}
	}
	return rs
}

// contextRegions are the regions a number is tried in on its context
// alone: the countries of the country table (the catalog's languages), in
// code order. Every region of the world would make most digit runs a
// mobile somewhere.
var contextRegions = sync.OnceValue(func() []string {
	var rs []string
	for r := range countryNames {
		if phonenumbers.GetSupportedRegions()[r] {
			rs = append(rs, r)
		}
	}
	slices.Sort(rs)
	return rs
})
