package patterns

import (
	"errors"
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// ErrAmbiguousIdentifier says a subject's identifier normalizes only by a
// guess: a national-format phone number valid in several configured
// regions, a numeric date that reads day first and month first. Taken as
// given, it would meet another person's values (a Dutch 06 number read as
// French), so it is refused rather than guessed.
var ErrAmbiguousIdentifier = errors.New("ambiguous identifier")

// AmbiguousError is an identifier refused as a guess: Readings names where
// each reading comes from (regions for a phone, the orders for a date) and
// How says how to give it unambiguously. It never quotes the value.
type AmbiguousError struct {
	Readings []string
	How      string
}

func (e *AmbiguousError) Error() string {
	return "ambiguous: it reads as " + strings.Join(e.Readings, " or ") + "; " + e.How
}

// Is makes an AmbiguousError an ErrAmbiguousIdentifier.
func (e *AmbiguousError) Is(target error) bool { return target == ErrAmbiguousIdentifier }

// guess returns the one reading of identifier v of type t when its
// normalization needs a choice ("" when it does not), or an
// *AmbiguousError when the choice would be a guess. It asks what the
// scanner asks of a value found with no evidence around it
// (ResolvePhone, OtherReadings), so an identifier is sure exactly when
// the same value in a file would be.
func (c *Catalog) guess(t *Type, v []byte) (string, error) {
	if NationalPhone(t, v) {
		_, rs := c.ResolvePhone(v, "", &PhoneEvidence{})
		switch {
		case len(rs) == 1:
			return rs[0].E164, nil
		case len(rs) > 1:
			regions := make([]string, len(rs))
			for i, r := range rs {
				regions[i] = r.Region + " (" + callingCode(r.Region) + ")"
			}
			return "", &AmbiguousError{Readings: regions,
				How: "give it in international form, starting with the country code of its region (" + rs[0].Region + ": " + callingCode(rs[0].Region) + ", …)"}
		}
		return "", nil
	}
	if len(c.OtherReadings(t, v)) > 0 {
		return "", &AmbiguousError{Readings: []string{"a day-first date", "a month-first date"},
			How: "give it as year-month-day (YYYY-MM-DD)"}
	}
	return "", nil
}

// callingCode is region's country calling code ("+31").
func callingCode(region string) string {
	return "+" + strconv.Itoa(phonenumbers.GetCountryCodeForRegion(region))
}
