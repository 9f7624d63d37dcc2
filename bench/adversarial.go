package bench

import (
	"strconv"
	"strings"

	"github.com/piid/piid/patterns"
)

// Adversarial text: near misses that a scanner must NOT report. Nothing
// here is a valid value of a personal-data type: card-like numbers fail
// Luhn, IBAN-like strings fail mod-97, identifiers fail their checksums,
// SSN-like numbers use areas never issued, dates have no birth context and
// salutations name nobody. The profile's ground truth is empty.

// badDigits returns n random digits (first not 0) that pass no numeric
// identifier checksum (see numericValid).
func badDigits(r *rng, n int) string {
	d := digits(r, n)
	d[0] = byte('1' + r.intn(9))
	for i := 1; numericValid(d); i++ {
		d[n-1] = '0' + (d[n-1]-'0'+1)%10
		if i%10 == 0 {
			// No last digit helps: a number without a check digit (a
			// nine-digit birth number) is valid by its head.
			d[1+r.intn(n-2)] = byte('0' + r.intn(10))
		}
	}
	return string(d)
}

// hiddenValid reports whether a run of digit groups in s (separated by
// single spaces or dashes) joins into a number that passes a checksum:
// "NL78 ABNA 1481 2530 34" holds the NHS-valid 1481253034; or whether its
// first groups read as a VAT number written with separators ("BE04 0685
// 7689" is BE0406857689).
func hiddenValid(s string) bool {
	groups := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' })
	var lead []byte
	for _, g := range groups {
		if lead = append(lead, g...); patterns.EUVATValid(patterns.VATCompact(nil, lead)) {
			return true
		}
	}
	for i := range groups {
		var d []byte
		for j := i; j < len(groups); j++ {
			if strings.Trim(groups[j], "0123456789") != "" {
				break
			}
			d = append(d, groups[j]...)
			if numericValid(d) {
				return true
			}
		}
	}
	return false
}

// badCard is a card-like number of a real brand prefix that fails Luhn.
func badCard(r *rng) string {
	for {
		d := cardDigits(r)
		last := d[len(d)-1] - '0'
		d[len(d)-1] = '0' + (last+byte(1+r.intn(9)))%10
		// A later group opening with 00 reads as an international phone.
		if s := formatCard(r, string(d)); !hiddenValid(s) && !strings.Contains(s, " 00") && !strings.Contains(s, "-00") {
			return s
		}
	}
}

// badIBAN is an IBAN of a real structure with wrong check digits.
func badIBAN(r *rng) string {
	for {
		s := []byte(ibanCompact(r, pick(r, ibanCCs)))
		good, _ := strconv.Atoi(string(s[2:4]))
		bad := good
		for bad == good {
			bad = r.between(2, 98)
		}
		copy(s[2:4], zpad(bad, 2))
		if v := formatIBAN(r, string(s)); !hiddenValid(v) {
			return v
		}
	}
}

// badSSN has the shape of an SSN but an area, group or serial never issued.
func badSSN(r *rng) string {
	area, group, serial := r.between(1, 665), r.between(1, 99), r.between(1, 9999)
	switch r.intn(5) {
	case 0:
		area = 0
	case 1:
		area = 666
	case 2:
		area = r.between(900, 999)
	case 3:
		group = 0
	default:
		serial = 0
	}
	return zpad(area, 3) + "-" + zpad(group, 2) + "-" + zpad(serial, 4)
}

// badNHS is ten digits in NHS grouping with a wrong check digit.
func badNHS(r *rng) string {
	for {
		s := badDigits(r, 10)
		if s = s[:3] + " " + s[3:6] + " " + s[6:]; !hiddenValid(s) {
			return s
		}
	}
}

// badDNI has a wrong control letter.
func badDNI(r *rng) string {
	n := r.between(1000000, 79999999)
	good := dniLetters[n%23]
	l := good
	for l == good {
		l = dniLetters[r.intn(23)]
	}
	return zpad(n, 8) + string(l)
}

// badCF is a codice fiscale with a wrong check character.
func badCF(r *rng) string {
	p := newPerson(r, localeBy("IT"))
	s := []byte(genCF(p, pick(r, localeBy("IT").cities)))
	s[15] = 'A' + (s[15]-'A'+byte(1+r.intn(25)))%26
	return string(s)
}

// badVAT is a VAT number whose check digit is off by one.
func badVAT(r *rng) string {
	d := append([]byte{byte('1' + r.intn(9))}, digits(r, 7)...)
	c := mod1110(d)
	return "DE" + string(d) + string('0'+(c-'0'+1)%10)
}

// badNINO has a prefix HMRC never allocates.
func badNINO(r *rng) string {
	prefix := pick(r, []string{"QQ", "BG", "GB", "NK", "TN", "ZZ", "DA", "FY"})
	d := string(digits(r, 6))
	return prefix + " " + d[:2] + " " + d[2:4] + " " + d[4:] + " " + string("ABCD"[r.intn(4)])
}

// version is a software version string.
func version(r *rng) string {
	switch r.intn(5) {
	case 0:
		return "v" + strconv.Itoa(r.intn(5)) + "." + strconv.Itoa(r.intn(30)) + "." + strconv.Itoa(r.intn(20))
	case 1:
		return "10.0." + strconv.Itoa(r.between(17000, 22999)) + "." + strconv.Itoa(r.between(1, 3000))
	case 2:
		return strconv.Itoa(r.between(3, 6)) + "." + strconv.Itoa(r.intn(20)) + ".0-" + strconv.Itoa(r.between(10, 200)) + "-generic"
	case 3:
		return strconv.Itoa(r.between(100, 125)) + ".0." + strconv.Itoa(r.between(5000, 6500)) + "." + strconv.Itoa(r.between(1, 200))
	}
	return strconv.Itoa(r.between(1, 3)) + "." + strconv.Itoa(r.intn(40)) + "." + strconv.Itoa(r.intn(10))
}

var (
	advSalutations = []string{"Dear Customer,", "Dear valued customer,", "Dear Sir or Madam,", "Hello World", "Hi team,", "Hello everyone,",
		"Dear Customers,", "Bonjour à tous,", "Sehr geehrte Damen und Herren,", "Estimado cliente:", "Gentile cliente,", "Beste klant,",
		"Name: Not Provided", "Contact: Support Team", "Dear User,", "Hi all,"}
	advPhrases = []string{"step 3 of the way", "a 5 star hotel", "model QV1 2CA", "ISO 9001 certified", "std::vector<int> items",
		"started at 12:30:45", "bind 127.0.0.1:8080", "listen 0.0.0.0:443", "broadcast ff:ff:ff:ff:ff:ff", "mac 00:00:00:00:00:00",
		"multicast 01:00:5e:00:00:fb", "icon logo@2x.png", "retina asset icon@3x.webp", "mail to user@localhost", "git remote git@github",
		"call +1 000 000 for help", "ext. 1234", "total: 1 234 567 units", "id 1234567", "localhost ::1", "OID 1.3.6.1.4.1.311.21.7",
		"room 12 on floor 4", "gate B12", "flight LH 2041", "seat 23C", "page 12 of 40", "chapter 7 section 3"}
)

// decoy writes one sentence holding a near miss.
func decoy(w *fw) {
	r := w.r
	switch r.intn(22) {
	case 0:
		w.s("Please quote reference ")
		w.s(badCard(r))
		w.s(" when paying.")
	case 1:
		w.s("Order #")
		w.s(badDigits(r, r.between(9, 12)))
		w.s(" was shipped on ")
		w.s(zpad(r.between(1, 28), 2) + "/" + zpad(r.between(1, 12), 2) + "/" + strconv.Itoa(r.between(2015, 2024)))
		w.s(".")
	case 2:
		w.s("Invoice INV-")
		w.n(r.between(2019, 2024))
		w.c('-')
		w.pad(r.intn(1000000), 6)
		w.s(" dated ")
		w.n(r.between(2019, 2024))
		w.c('-')
		w.pad(r.between(1, 12), 2)
		w.c('-')
		w.pad(r.between(1, 28), 2)
		w.s(" is overdue.")
	case 3:
		w.s("Tracking number: 1Z")
		w.s(strings.ToUpper(string(alnum[r.intn(26)]) + string(alnum[r.intn(26)])))
		w.s(badDigits(r, 14))
		w.s(", carrier reference ")
		w.s(badDigits(r, 18))
		w.c('.')
	case 4:
		w.s("Upgraded to ")
		w.s(version(r))
		w.s(" after testing ")
		w.s(version(r))
		w.c('.')
	case 5:
		w.s("Request ")
		w.uuid()
		w.s(" failed at ")
		w.iso()
		w.c('.')
	case 6:
		w.s("Transfer reference ")
		w.s(badIBAN(r))
		w.s(" was rejected by the bank.")
	case 7:
		w.s("Checksum ")
		w.s(badDigits(r, r.between(16, 19)))
		w.s(" verified, batch ")
		w.s(badDigits(r, r.between(9, 11)))
		w.c('.')
	case 8:
		w.s("Test fixture uses ")
		w.s(badSSN(r))
		w.s(" as a placeholder.")
	case 9:
		w.s("The meeting moved to ")
		w.n(r.between(1, 28))
		w.c(' ')
		w.s(monthNames["en"][r.between(1, 12)])
		w.c(' ')
		w.n(r.between(2020, 2025))
		w.s("; invoice date ")
		w.s(zpad(r.between(1, 28), 2) + "/" + zpad(r.between(1, 12), 2) + "/" + strconv.Itoa(r.between(2015, 2024)))
		w.c('.')
	case 10:
		w.s(pick(r, advSalutations))
	case 11:
		w.s("Reference ")
		w.s(badNHS(r))
		w.s(" could not be matched.")
	case 12:
		w.s("Record ")
		w.s(badDNI(r))
		w.s(" failed validation.")
	case 13:
		w.s("Code ")
		w.s(badCF(r))
		w.s(" is malformed.")
	case 14:
		w.s("Supplier VAT ")
		w.s(badVAT(r))
		w.s(" did not verify.")
	case 15:
		w.s("Sample ")
		w.s(badNINO(r))
		w.s(" from the style guide.")
	case 16:
		for {
			s := strconv.Itoa(r.between(2019, 2024)) + " " + badDigits(r, 4) + " " + badDigits(r, 4) + " " + badDigits(r, 4)
			if !hiddenValid(s) {
				w.s("Shipment ")
				w.s(s)
				w.s(" left the depot.")
				break
			}
		}
	case 17:
		w.s("Build ")
		w.hex(7)
		w.s(" took ")
		w.n(r.between(1, 900))
		w.s(" s, ")
		w.n(r.between(1, 100000))
		w.s(" files, exit code ")
		w.n(r.intn(3))
		w.c('.')
	case 18:
		// The new national ids' near misses, one batch or the other.
		if r.intn(2) == 0 {
			euDecoy(w)
		} else {
			euIDs2Decoy(w)
		}
	default:
		w.s("Note: ")
		w.s(pick(r, advPhrases))
		w.c('.')
	}
}

// genAdvNotes writes paragraphs of near misses.
func genAdvNotes(w *fw, target int64) {
	w.clk.start(w.r)
	k := 0
	w.fill(target, func() {
		decoy(w)
		k++
		if k%4 == 0 {
			w.nl()
			w.nl()
		} else {
			w.c(' ')
		}
	})
	w.nl()
}

// genAdvOrders writes an order CSV without personal columns.
func genAdvOrders(w *fw, target int64) {
	r := w.r
	w.clk.start(r)
	w.s("order_id,invoice_no,tracking_number,sku,quantity,unit_price,currency,ordered_at,status,payment_ref,customer\n")
	w.fill(target, func() {
		w.clk.tick(r, 60000)
		w.s(badDigits(r, r.between(9, 11)))
		w.s(",INV-")
		w.n(r.between(2019, 2024))
		w.c('-')
		w.pad(r.intn(1000000), 6)
		w.s(",1Z")
		w.s(badDigits(r, 16))
		w.s(",SKU-")
		w.s(strings.ToUpper(string(alnum[r.intn(26)]) + string(alnum[r.intn(26)])))
		w.c('-')
		w.pad(r.intn(10000), 4)
		w.c(',')
		w.n(r.between(1, 20))
		w.c(',')
		w.dec(r.between(99, 99999), 2)
		w.c(',')
		w.s(pick(r, []string{"EUR", "GBP", "USD"}))
		w.c(',')
		w.iso()
		w.c(',')
		w.s(pick(r, []string{"shipped", "pending", "cancelled", "delivered"}))
		w.c(',')
		if r.chance(0.5) {
			w.s(badCard(r))
		} else {
			w.ident("pi_", 14)
		}
		w.c(',')
		w.s(pick(r, []string{"Customer", "Guest", "N/A", "Not Provided", "anonymous"}))
		w.nl()
	})
}

// genAdvLog writes CI and build logs: versions, hashes, timings, UUIDs.
func genAdvLog(w *fw, target int64) {
	r := w.r
	w.clk.start(r)
	w.fill(target, func() {
		w.clk.tick(r, 500)
		w.iso()
		w.c(' ')
		switch r.intn(8) {
		case 0:
			w.s("INFO  resolved dependency golang.org/x/text@")
			w.s("v0." + strconv.Itoa(r.intn(30)) + "." + strconv.Itoa(r.intn(10)))
		case 1:
			w.s("INFO  job ")
			w.uuid()
			w.s(" finished in ")
			w.dec(r.between(1, 999999), 3)
			w.s("s")
		case 2:
			w.s("DEBUG commit ")
			w.hex(40)
			w.s(" tagged ")
			w.s(version(r))
		case 3:
			w.s("INFO  runner os=Windows build=")
			w.s(version(r))
			w.s(" agent=")
			w.s(version(r))
		case 4:
			w.s("WARN  artifact size ")
			w.n(r.between(1000, 99999999))
			w.s(" bytes exceeds budget, checksum ")
			w.s(badDigits(r, 18))
		case 5:
			w.s("INFO  processed order ")
			w.s(badDigits(r, r.between(9, 11)))
			w.s(" ref ")
			w.s(badCard(r))
		default:
			decoy(w)
		}
		w.nl()
	})
}

// genAdvInvoices writes invoice letters addressed to nobody in particular.
func genAdvInvoices(w *fw, target int64) {
	r := w.r
	w.clk.start(r)
	w.fill(target, func() {
		w.s("INVOICE INV-")
		w.n(r.between(2019, 2024))
		w.c('-')
		w.pad(r.intn(1000000), 6)
		w.s("\nDate: ")
		w.date()
		w.s("\n\n")
		w.s(pick(r, advSalutations[:5]))
		w.s("\n\nPlease find below the summary of your order. ")
		for i := 0; i < 3+r.intn(4); i++ {
			decoy(w)
			w.c(' ')
		}
		w.s("\n\nTotal due: ")
		w.dec(r.between(1000, 999999), 2)
		w.s(" EUR\nPayment terms: 30 days\n\n")
		w.s(strings.Repeat("-", 60))
		w.nl()
	})
}
