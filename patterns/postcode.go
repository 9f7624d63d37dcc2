package patterns

import "bytes"

// postcodeFamily is UK postcodes.
func postcodeFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "uk_postcode", Category: CategoryLocation, Country: "GB", Description: "UK postcode", Validator: "Royal Mail format (area and inward letters)",
				Check: checkPostcode, Normalize: normCompact, Mask: maskKeepFirstLast(2, 0), Keywords: kwPost,
				Examples:    []string{"London SW1A 1AA", "Postcode: M1 1AE", "EC1A 1BB, United Kingdom", "Postcode SW1A1AA", "Bootle GIR 0AA"},
				NotExamples: []string{"model QV1 2CA", "ISO 9001", "ref sw1a 1aa", "Postcode GIR 0AB"}},
		},
		Detectors: []Detector{
			// Either case (a lower-case one counts only in a postcode
			// field), with or without the space; GIR 0AA is Girobank's.
			{`\b(?i:[A-Z]{1,2}\d[A-Z\d]?[ ]?\d[ABD-HJLNP-UW-Z]{2}|GIR[ ]?0AA)\b`, []string{"uk_postcode"}, "", 0, 210},
		},
		Fields: []FieldRule{
			{Names: []string{"postcode", "post_code", "postal_code", "zip", "zipcode", "zip_code", "plz", "postleitzahl", "code_postal", "cp", "codigo_postal", "cap", "postcode_nl"},
				Types: []string{"uk_postcode"}},
		},
	}
}

var (
	kwPost = []string{"postcode", "post", "code", "address", "postal", "zip"}
)

func checkPostcode(v []byte, env *Env) (Span, float64, bool) {
	d := compact(env.Buf[:0], v)
	if len(d) < 5 || len(d) > 7 {
		return Span{}, 0, false
	}
	if !ckEqual(d, "GIR0AA") && !postcodeAreaValid(d) {
		return Span{}, 0, false
	}
	// Lower case is any word's: "ab1 2cd" is a postcode only where its
	// field names one.
	for _, c := range v {
		if c >= 'a' && c <= 'z' {
			return whole(v), 0.1, true
		}
	}
	if bytes.IndexByte(v, ' ') < 0 {
		return whole(v), 0.45, true
	}
	return whole(v), 0.6, true
}

// postcodeAreaValid applies the Royal Mail's rules on the area letters of
// a compact postcode: Q, V and X are never first; I, J and Z never second.
func postcodeAreaValid(d []byte) bool {
	switch d[0] {
	case 'Q', 'V', 'X':
		return false
	}
	if len(d) > 1 && !isDigit(d[1]) {
		switch d[1] {
		case 'I', 'J', 'Z':
			return false
		}
	}
	return true
}
