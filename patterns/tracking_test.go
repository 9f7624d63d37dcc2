package patterns

import "testing"

// TestTrackingNumbersAreNotPhones: parcel numbers near the words that name
// them, or longer than any phone, are not phones; phones beside them are.
func TestTrackingNumbersAreNotPhones(t *testing.T) {
	c := testCatalog(t, Options{})
	for _, line := range []string{
		"USPS 9400 1000 0000 0000 0000 00",
		"Tracking-Nummer: 01234567890",
		"tracking number 0612345678",
		"DHL Express waybill 0612345678",
		"numéro de suivi 0612345678",
		"zending 0612345678 via PostNL",
		"seguimiento 0612345678 Correos",
		"FedEx 0612345678 delivered",
	} {
		if got, _ := c.Find([]byte(line), testMinConf); len(got) > 0 {
			t.Errorf("%q: want nothing, got %s", line, describe(line, got))
		}
	}
	for _, line := range []string{
		"Tel. 06 12 34 56 78 12 pièces",
		"Tracking: see portal. Telefon: 030 12345678",
		"phone number 0612345678",
		"Customer reference phone: +33 6 12 34 56 78",
	} {
		if got, _ := c.Find([]byte(line), testMinConf); !hasType(got, "phone") {
			t.Errorf("%q: want a phone, got %s", line, describe(line, got))
		}
	}
}
