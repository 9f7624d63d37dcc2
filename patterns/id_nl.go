package patterns

import "bytes"

// nlFamily is the Dutch citizen service number (BSN).
func nlFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "nl_bsn", Category: CategoryGovernmentID, Strong: true, Country: "NL", Description: "Dutch citizen service number (BSN)", Validator: "11-proof",
				Check: checkBSN, Normalize: normBSN, Mask: maskKeepLast(2), Keywords: kwBSN, Numeric: true,
				Examples:    []string{"BSN: 111222333", "burgerservicenummer 1234.56.782"},
				NotExamples: []string{"BSN: 123456789", "ordernummer 111222333"}},
		},
		Detectors: []Detector{
			{`\b\d{4}\.\d{2}\.\d{3}\b`, []string{"nl_bsn"}, "", 0, 150},
		},
		Fields: []FieldRule{
			{Names: []string{"bsn", "burgerservicenummer"}, Types: []string{"nl_bsn"}},
		},
	}
}

var (
	kwBSN = []string{"bsn", "burgerservicenummer", "sofinummer", "sofi", "persoonsnummer"}
)

func checkBSN(v []byte, env *Env) (Span, float64, bool) {
	if glued(env) {
		return Span{}, 0, false
	}
	d := compact(env.Buf[:0], v)
	if len(d) != 9 || !BSNValid(d) {
		return Span{}, 0, false
	}
	if bytes.IndexByte(v, '.') >= 0 {
		return whole(v), 0.6, true
	}
	return whole(v), 0.35, true
}

// BSNValid reports whether d is a valid Dutch burgerservicenummer: 9 digits
// (8 digits are taken as left-padded with a 0) passing the "11-proef":
// sum of digits weighted 9..2 and -1 for the last is divisible by 11. All
// zeros is rejected.
func BSNValid(d []byte) bool {
	if (len(d) != 8 && len(d) != 9) || !ckAllDigits(d) || ckValue(d) == 0 {
		return false
	}
	pad := 9 - len(d) // a leading 0 has weight 9 and adds nothing
	sum := 0
	for i, c := range d[:len(d)-1] {
		sum += (9 - pad - i) * int(c-'0')
	}
	sum -= int(d[len(d)-1] - '0')
	return sum%11 == 0
}

// normBSN pads the eight-digit form to nine digits.
func normBSN(dst, v []byte, env *Env) []byte {
	d := compact(env.Buf[:0], v)
	if len(d) == 8 {
		dst = append(dst, '0')
	}
	return append(dst, d...)
}
