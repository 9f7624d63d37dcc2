package patterns

// deFamily is the German tax id (Steuer-ID).
func deFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "de_tax_id", Category: CategoryGovernmentID, Strong: true, Country: "DE", Description: "German tax identification number (Steuer-ID)", Validator: "ISO 7064 MOD 11,10 + digit distribution",
				Check: checkDETax, Normalize: normCompact, Mask: maskKeepLast(2), Keywords: kwDETax, Numeric: true,
				Examples:    []string{"Steuer-ID: 86095742719", "IdNr 65929970489", "Steuer-ID 86 095 742 719", "Steuer-ID 8609574271 9"},
				NotExamples: []string{"Steuer-ID: 86095742718", "Bestellung 12345678901", "Steuer-ID 8609574271 8", "Steuer-ID 1234567890 1"}},
		},
		Detectors: []Detector{
			// The check digit set apart ("8609574271 9"), before the bare
			// digit run takes the first ten; grouped forms are the phone
			// shapes' candidates.
			{`\b[1-9]\d{9} \d\b`, []string{"de_tax_id"}, "", 0, 165},
		},
		Fields: []FieldRule{
			{Names: []string{"steuer_id", "steuerid", "steueridentifikationsnummer", "idnr", "tax_id"}, Types: []string{"de_tax_id"}},
		},
	}
}

var (
	kwDETax = []string{"steuer", "steuerid", "steuer-id", "idnr", "identifikationsnummer", "steueridentifikationsnummer", "steuernummer", "tin", "tax"}
)

func checkDETax(v []byte, env *Env) (Span, float64, bool) {
	if !separatorsConsistent(v) || glued(env) {
		return Span{}, 0, false
	}
	d := compact(env.Buf[:0], v)
	if !DETaxIDValid(d) {
		return Span{}, 0, false
	}
	return whole(v), 0.4, true
}

// DETaxIDValid reports whether d is a valid German Steuerliche
// Identifikationsnummer (§139b AO; BZSt rules since 2016): 11 digits, the
// first not 0; in the first 10 digits exactly one digit occurs twice or
// three times, every other digit at most once, and a digit occurring three
// times may not stand in three consecutive places; the last digit is the
// ISO/IEC 7064 MOD 11,10 check digit.
func DETaxIDValid(d []byte) bool {
	if len(d) != 11 || !ckAllDigits(d) || d[0] == '0' {
		return false
	}
	var count [10]int
	for _, c := range d[:10] {
		count[c-'0']++
	}
	repeated := -1
	for v, n := range count {
		switch {
		case n > 3:
			return false
		case n > 1:
			if repeated >= 0 {
				return false // more than one repeated digit
			}
			repeated = v
		}
	}
	if repeated < 0 {
		return false
	}
	if count[repeated] == 3 {
		r := byte('0' + repeated)
		for i := 0; i+2 < 10; i++ {
			if d[i] == r && d[i+1] == r && d[i+2] == r {
				return false
			}
		}
	}
	return ckMod1110(d)
}
