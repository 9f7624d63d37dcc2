package patterns

// ibanFamily is bank account numbers (IBAN). Its detector also proposes EU
// VAT numbers, which share the shape.
func ibanFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "iban", RegionOf: ibanRegion, Category: CategoryFinancial, Strong: true, Description: "International Bank Account Number", Validator: "country length table + ISO 13616 mod-97",
				Check: checkIBAN, Normalize: normCompact, Mask: maskKeepFirstLast(4, 4), Keywords: kwIBAN,
				Examples: []string{"IBAN: DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "virement FR14 2004 1010 0505 0001 3M02 606",
					"IBAN DE89-3704-0044-0532-0130-00", "iban: de89 3704 0044 0532 0130 00", "gb82west12345698765432"},
				NotExamples: []string{"DE89 3704 0044 0532 0130 01", "XX12 3456 7890 1234", "GB82WEST12345698765433",
					"DE89-3704-0044-0532-0130-01", "IBAN DE89 3704-0044 0532-0130 00"}},
		},
		Detectors: []Detector{
			// Groups of four parted by spaces or dashes. In lower case,
			// letters only in the bank code and the last group: a lower-case
			// group of letters anywhere is any word, and following words
			// made the regex a third slower on logs.
			{`\b(?:[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,3})?|` +
				`[a-z]{2}\d{2}[ -]?[a-z0-9]{4}(?:[ -]?\d{4}){1,6}(?:[ -]?[a-z0-9]{1,3})?)\b`, []string{"iban", "eu_vat"}, "", 0, 30},
		},
		Fields: []FieldRule{
			{Names: []string{"iban", "rib", "bank_account", "account_iban", "bankverbindung", "cuenta", "conto"}, Types: []string{"iban"}},
		},
	}
}

var (
	kwIBAN = []string{"iban", "bank", "account", "bic", "swift", "rib", "compte", "bancaire", "konto", "kontonummer", "bankverbindung", "cuenta",
		"bancaria", "conto", "corrente", "rekening", "rekeningnummer", "sepa", "virement", "überweisung", "transferencia", "bonifico"}
)

// checkIBAN validates the country's length and mod-97, trimming a word the
// regex may have taken after the IBAN.
func checkIBAN(v []byte, env *Env) (Span, float64, bool) {
	d := compact(env.Buf[:0], v)
	if len(d) < 15 {
		return Span{}, 0, false
	}
	// The regex may have taken a following word: cut to the country's length.
	n := IBANLength(d[:2])
	if n == 0 || len(d) < n {
		return Span{}, 0, false
	}
	if !IBANValid(d[:n]) {
		return Span{}, 0, false
	}
	end := prefixEnd(v, n)
	if !separatorsConsistent(v[:end]) {
		return Span{}, 0, false
	}
	return Span{0, end}, 0.9, true
}

// prefixEnd is the offset in v just past its n-th letter or digit.
func prefixEnd(v []byte, n int) int {
	for i, c := range v {
		if isAlnum(c) {
			n--
			if n == 0 {
				return i + 1
			}
		}
	}
	return len(v)
}

// ckIBANRegistry lists, for every country of the SWIFT IBAN registry, the BBAN
// structure in the registry's notation without the "!" (every field there
// is of fixed length): "8n10n" is 8 digits then 10 digits; n = digits,
// a = upper-case letters, c = upper-case letters or digits.
// Source: SWIFT IBAN Registry (89 countries).
var ckIBANRegistry = [...]struct{ cc, bban string }{
	{"AD", "4n4n12c"}, {"AE", "3n16n"}, {"AL", "8n16c"}, {"AT", "5n11n"},
	{"AZ", "4a20c"}, {"BA", "3n3n8n2n"}, {"BE", "3n7n2n"}, {"BG", "4a4n2n8c"},
	{"BH", "4a14c"}, {"BI", "5n5n11n2n"}, {"BR", "8n5n10n1a1c"}, {"BY", "4c4n16c"},
	{"CH", "5n12c"}, {"CR", "4n14n"}, {"CY", "3n5n16c"}, {"CZ", "4n6n10n"},
	{"DE", "8n10n"}, {"DJ", "5n5n11n2n"}, {"DK", "4n9n1n"}, {"DO", "4c20n"},
	{"EE", "2n14n"}, {"EG", "4n4n17n"}, {"ES", "4n4n1n1n10n"}, {"FI", "3n11n"},
	{"FK", "2a12n"}, {"FO", "4n9n1n"}, {"FR", "5n5n11c2n"}, {"GB", "4a6n8n"},
	{"GE", "2a16n"}, {"GI", "4a15c"}, {"GL", "4n9n1n"}, {"GR", "3n4n16c"},
	{"GT", "4c20c"}, {"HN", "4a20n"}, {"HR", "7n10n"}, {"HU", "3n4n1n15n1n"},
	{"IE", "4a6n8n"}, {"IL", "3n3n13n"}, {"IQ", "4a3n12n"}, {"IS", "4n2n6n10n"},
	{"IT", "1a5n5n12c"}, {"JO", "4a4n18c"}, {"KW", "4a22c"}, {"KZ", "3n13c"},
	{"LB", "4n20c"}, {"LC", "4a24c"}, {"LI", "5n12c"}, {"LT", "5n11n"},
	{"LU", "3n13c"}, {"LV", "4a13c"}, {"LY", "3n3n15n"}, {"MC", "5n5n11c2n"},
	{"MD", "2c18c"}, {"ME", "3n13n2n"}, {"MK", "3n10c2n"}, {"MN", "4n12n"},
	{"MR", "5n5n11n2n"}, {"MT", "4a5n18c"}, {"MU", "4a2n2n12n3n3a"}, {"NI", "4a20n"},
	{"NL", "4a10n"}, {"NO", "4n6n1n"}, {"OM", "3n16c"}, {"PK", "4a16c"},
	{"PL", "8n16n"}, {"PS", "4a21c"}, {"PT", "4n4n11n2n"}, {"QA", "4a21c"},
	{"RO", "4a16c"}, {"RS", "3n13n2n"}, {"RU", "9n5n15c"}, {"SA", "2n18c"},
	{"SC", "4a2n2n16n3a"}, {"SD", "2n12n"}, {"SE", "3n16n1n"}, {"SI", "5n8n2n"},
	{"SK", "4n6n10n"}, {"SM", "1a5n5n12c"}, {"SO", "4n3n12n"}, {"ST", "8n11n2n"},
	{"SV", "4a20n"}, {"TL", "3n14n2n"}, {"TN", "2n3n13n2n"}, {"TR", "5n1n16c"},
	{"UA", "6n19c"}, {"VA", "3n15n"}, {"VG", "4a16n"}, {"XK", "4n10n2n"},
	{"YE", "4a4n18c"},
}

// ckIBANBBAN maps a country code (26*(c0-'A') + c1-'A') to its BBAN
// structure; ckIBANLen to the full IBAN length (0: not an IBAN country).
var (
	ckIBANBBAN [26 * 26]string
	ckIBANLen  [26 * 26]uint8
)

func init() {
	for _, e := range ckIBANRegistry {
		k := int(e.cc[0]-'A')*26 + int(e.cc[1]-'A')
		ckIBANBBAN[k] = e.bban
		ckIBANLen[k] = uint8(4 + ckBBANLen(e.bban))
	}
}

// IBANLength returns the IBAN length the SWIFT IBAN registry sets for the
// country code in the first two bytes of cc (upper case), or 0 if cc does
// not start with a registry country.
func IBANLength(cc []byte) int {
	if len(cc) < 2 || !ckUpper(cc[0]) || !ckUpper(cc[1]) {
		return 0
	}
	return int(ckIBANLen[int(cc[0]-'A')*26+int(cc[1]-'A')])
}

// ckBBANLen returns the number of characters described by a structure.
func ckBBANLen(spec string) int {
	total, n := 0, 0
	for i := 0; i < len(spec); i++ {
		if ckDigit(spec[i]) {
			n = n*10 + int(spec[i]-'0')
		} else {
			total += n
			n = 0
		}
	}
	return total
}

// ckBBANMatches reports whether b follows the registry structure spec; the
// caller has checked that len(b) is the structure's length.
func ckBBANMatches(b []byte, spec string) bool {
	pos, n := 0, 0
	for i := 0; i < len(spec); i++ {
		k := spec[i]
		if ckDigit(k) {
			n = n*10 + int(k-'0')
			continue
		}
		for j := 0; j < n; j++ {
			if pos >= len(b) {
				return false
			}
			c := b[pos]
			pos++
			switch k {
			case 'n':
				if !ckDigit(c) {
					return false
				}
			case 'a':
				if !ckUpper(c) {
					return false
				}
			default: // 'c'
				if !ckDigit(c) && !ckUpper(c) {
					return false
				}
			}
		}
		n = 0
	}
	return pos == len(b)
}

// IBANValid reports whether s is a valid IBAN (ISO 13616) in compact
// upper-case form: a country of the SWIFT IBAN registry, that country's
// exact length and BBAN structure, check digits 02..98, and the ISO 7064
// MOD 97-10 check (the BBAN followed by the first four characters,
// letters as 10..35, is 1 mod 97).
func IBANValid(s []byte) bool {
	if len(s) < 5 || len(s) > 34 || !ckUpper(s[0]) || !ckUpper(s[1]) ||
		!ckDigit(s[2]) || !ckDigit(s[3]) {
		return false
	}
	if IBANLength(s) != len(s) {
		return false
	}
	if cd := int(s[2]-'0')*10 + int(s[3]-'0'); cd < 2 || cd > 98 {
		return false
	}
	if !ckBBANMatches(s[4:], ckIBANBBAN[int(s[0]-'A')*26+int(s[1]-'A')]) {
		return false
	}
	r := ckMod97(0, s[4:])
	if r < 0 {
		return false
	}
	return ckMod97(r, s[:4]) == 1
}
