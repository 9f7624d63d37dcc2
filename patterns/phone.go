package patterns

import (
	"bytes"

	"github.com/nyaruka/phonenumbers"
)

// phoneFamily is phone numbers; the parsing is below and in phonefast.go.
func phoneFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "phone", Category: CategoryContact, Strong: true, Description: "Phone number", Validator: "libphonenumber metadata (valid number for a region), E.164",
				Check: checkPhone, Normalize: normPhone, Mask: maskKeepLast(2), Keywords: kwPhone, Numeric: true,
				Examples: []string{"Tel: +44 20 7946 0958", "Appelez le 06 12 34 56 78", "Telefon: 030 12345678", "call (415) 555-2671 today",
					"móvil 612 345 678", "Tel. +39 06 6988 4321", "tel: 0612345678", "mobiel 06 12961561", "mobil 50 12 34 56", "komórka 512 345 678"},
				NotExamples: []string{"order 2024 1234 5678", "version 10.2.3.4", "rake (22.139.66)", "firmware 32.120.41.775", "pkg==14.12.71.118", "total: 1 234 567", "id 1234567", "+1 000 000", "ref 50 12 34 56", "Tel: +44 7700 900123"}},
		},
		Detectors: []Detector{
			// Phones: international (+CC or 00CC), national with a trunk 0, and
			// grouped forms without one (NANP, Spanish, Italian mobiles).
			{`(?:\+|\b00)[1-9]\d{0,3}(?:[ .-]?\(0?\d{0,4}\))?(?:[ .\-/]?\d{1,6}){1,6}\b`, []string{"phone"}, "", 0, 180},
			{`\(0?\d{2,5}\)[ .-]?\d{2,4}(?:[ .-]?\d{2,4}){1,3}\b|\b0\d{1,4}(?:[ .\-/]\d{2,8}){1,4}\b`, []string{"phone", "uk_nhs"}, "", 0, 190},
			{`\b[1-9]\d{1,3}(?:[ .-]\d{2,4}){2,3}\b`, []string{"phone", "uk_nhs", "de_tax_id", "pt_nif"}, "", 0, 200},
		},
		Fields: []FieldRule{
			{Names: []string{"phone", "phone_number", "telephone", "tel", "mobile", "cell", "cellphone", "fax", "msisdn", "gsm",
				"telefon", "handy", "mobil", "portable", "telefono", "teléfono", "movil", "móvil", "cellulare", "telefoon", "mobiel", "telefoonnummer", "komorka"},
				Types: []string{"phone"}},
		},
	}
}

var (
	kwPhone = []string{"phone", "tel", "telephone", "mobile", "mob", "cell", "cellphone", "fax", "call", "whatsapp", "sms",
		"téléphone", "telephone", "portable", "tél", "mobile", "fixe",
		"telefon", "handy", "mobil", "mobilnummer", "rufnummer", "telefonnummer", "festnetz",
		"teléfono", "telefono", "móvil", "movil", "celular", "tfno", "tlf",
		"cellulare", "cell", "numero", "telefoon", "mobiel", "gsm", "telefoonnummer", "nummer",
		"telepono", "cep", "komórka", "komorka", "telefone", "telemóvel", "telemovel", "puhelin", "matkapuhelin", "mobiltelefon", "τηλέφωνο", "κινητό"}
)

// DefaultRegions are the phone regions tried, in order, for numbers written
// without a country code. The first is the default region of normalization.
var DefaultRegions = []string{"GB", "FR", "DE", "ES", "IT", "NL", "US"}

// phoneHints maps a context word to the region whose plan it suggests:
// only words of one language ("cell", "gsm", "telefon", "mobil", "tlf",
// an unaccented "telefono" are written in several, and name no region).
var phoneHints = map[string]string{
	"téléphone": "FR", "tél": "FR", "portable": "FR", "fixe": "FR",
	"handy": "DE", "rufnummer": "DE", "festnetz": "DE",
	"teléfono": "ES", "móvil": "ES", "movil": "ES", "tfno": "ES",
	"cellulare": "IT",
	"telefoon":  "NL", "mobiel": "NL", "telefoonnummer": "NL",
}

// parsePhoneSlow returns the number as libphonenumber reads it, trying
// the hint region and then env.Regions for national forms. ok is false when
// no region holds a valid number of that form. It is the reference the
// fast path (phoneE164) replays, and its fallback.
func parsePhoneSlow(v []byte, env *Env) (*phonenumbers.PhoneNumber, bool) {
	s := string(v)
	international := len(v) > 0 && v[0] == '+' || bytes.HasPrefix(v, []byte("00"))
	if international {
		if bytes.HasPrefix(v, []byte("00")) {
			s = "+" + s[2:]
		}
		num, err := phonenumbers.Parse(s, "ZZ")
		if err != nil || !phonenumbers.IsValidNumber(num) {
			return nil, false
		}
		return num, true
	}
	hint := env.Hint
	if hint == "" && nanpShape(v) {
		hint = "US"
	}
	if hint != "" {
		if num, ok := tryRegionSlow(s, hint); ok {
			return num, true
		}
	}
	regions := env.Regions
	if len(regions) == 0 {
		regions = DefaultRegions
	}
	for _, r := range regions {
		if num, ok := tryRegionSlow(s, r); ok {
			return num, true
		}
	}
	return nil, false
}

// tryRegionSlow parses s as a number written in region's national plan.
func tryRegionSlow(s, region string) (*phonenumbers.PhoneNumber, bool) {
	num, err := phonenumbers.Parse(s, region)
	if err != nil || !phonenumbers.IsValidNumberForRegion(num, region) {
		return nil, false
	}
	return num, true
}

func checkPhone(v []byte, env *Env) (Span, float64, bool) {
	if glued(env) || versionContext(env) || versionShape(v) {
		return Span{}, 0, false
	}
	digits := 0
	for _, c := range v {
		if isDigit(c) {
			digits++
		}
	}
	if digits < 7 || digits > 17 || dateShape(v) || digits+moreGroups(env.After) > 17 {
		return Span{}, 0, false
	}
	// The regex is greedy: "+33 6 12 34 56 78 2024" takes the year too.
	// Drop trailing groups until the number is valid.
	end := len(v)
	var buf [24]byte
	for tries := 0; tries < 3; tries++ {
		if e164, ok := phoneE164(buf[:0], v[:end], env); ok {
			// normPhone is called next on these bytes: keep the answer.
			env.phone.set(v[:end], env, e164)
			return Span{0, end}, phoneScore(v[:end]), true
		}
		if e164, score, ok := phoneInContext(buf[:0], v[:end], env); ok {
			env.phone.set(v[:end], env, e164)
			return Span{0, end}, score, true
		}
		cut := bytes.LastIndexAny(v[:end], " .-/")
		if cut <= 0 {
			break
		}
		end = cut
	}
	return Span{}, 0, false
}

// phoneScore rates the written form: an international prefix or a usual
// grouping says "phone"; a bare digit run could be anything.
func phoneScore(v []byte) float64 {
	switch {
	case v[0] == '+':
		return 0.8
	case bytes.HasPrefix(v, []byte("00")):
		return 0.7
	case bytes.IndexAny(v, " .-/()") >= 0:
		return 0.6
	case v[0] == '0':
		return 0.4
	}
	return 0.3
}

func normPhone(dst, v []byte, env *Env) []byte {
	if e164, ok := env.phone.get(v, env); ok {
		return append(dst, e164...)
	}
	out, ok := phoneE164(dst, v, env)
	if !ok {
		return compact(dst, v)
	}
	return out
}

// NormalizePhone returns the E.164 form of a phone number written in any
// format, with regions tried as the scanner tries them.
func NormalizePhone(v string, regions []string) (string, bool) {
	env := &Env{Regions: regions}
	e164, ok := phoneE164(nil, []byte(v), env)
	if !ok {
		return "", false
	}
	return string(e164), true
}

// nanpShape reports the North American layout (NXX) NXX-XXXX or
// NXX-NXX-XXXX.
func nanpShape(v []byte) bool {
	shape := func(p string) bool {
		if len(v) != len(p) {
			return false
		}
		for i := range p {
			if (p[i] == 'd') != isDigit(v[i]) || (p[i] != 'd' && p[i] != v[i]) {
				return false
			}
		}
		return true
	}
	return shape("(ddd) ddd-dddd") || shape("ddd-ddd-dddd") || shape("(ddd)ddd-dddd")
}

// dateShape reports a written date, D/M/YYYY or M/D/YYYY with / . or -:
// digits of a phone are not grouped so.
func dateShape(v []byte) bool {
	var lens [3]int
	g := 0
	for _, c := range v {
		switch {
		case isDigit(c):
			lens[g]++
		case (c == '/' || c == '.' || c == '-') && g < 2 && lens[g] > 0:
			g++
		default:
			return false
		}
	}
	if g != 2 || lens[0] > 2 || lens[1] > 2 || lens[2] != 4 {
		return false
	}
	y := v[len(v)-4:]
	return (y[0] == '1' && y[1] == '9') || (y[0] == '2' && y[1] == '0')
}
