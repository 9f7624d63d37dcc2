package patterns

import "bytes"

// postcodeFamily is UK postcodes.
func postcodeFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "uk_postcode", Category: CategoryLocation, Country: "GB", Description: "UK postcode", Validator: "Royal Mail format (area and inward letters)",
				Check: checkPostcode, Normalize: normCompact, Mask: maskKeepFirstLast(2, 0), Keywords: kwPost,
				Examples:    []string{"London SW1A 1AA", "Postcode: M1 1AE", "EC1A 1BB, United Kingdom"},
				NotExamples: []string{"model QV1 2CA", "ISO 9001"}},
		},
		Detectors: []Detector{
			{`\b[A-Z]{1,2}\d[A-Z\d]?[ ]?\d[ABD-HJLNP-UW-Z]{2}\b`, []string{"uk_postcode"}, "", 0, 210},
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
	// Area letters: Q, V, X never first; I, J, Z never second.
	switch d[0] {
	case 'Q', 'V', 'X':
		return Span{}, 0, false
	}
	if len(d) > 1 && !isDigit(d[1]) {
		switch d[1] {
		case 'I', 'J', 'Z':
			return Span{}, 0, false
		}
	}
	if bytes.IndexByte(v, ' ') < 0 {
		return whole(v), 0.45, true
	}
	return whole(v), 0.6, true
}
