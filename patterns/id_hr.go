package patterns

// hrFamily is the Croatian personal identification number (OIB).
func hrFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "hr_oib", Category: CategoryGovernmentID, Strong: true, Country: "HR", Description: "Croatian personal identification number (OIB)",
				Validator: "ISO 7064 MOD 11,10",
				Check:     checkOIB, Normalize: normCompact, Mask: maskKeepLast(2), Keywords: kwOIB, Numeric: true,
				Examples:    []string{"OIB: 28172605219", "Vaš OIB je 50938461206.", "oib=12345678903"},
				NotExamples: []string{"OIB: 28172605210", "order 28172605219", "28172605219"}},
		},
		Fields: []FieldRule{
			{Names: []string{"oib", "osobni_identifikacijski_broj"}, Types: []string{"hr_oib"}},
		},
	}
}

var kwOIB = []string{"oib"}

// checkOIB: eleven digits and one check digit, no date: one random
// number in ten passes, so without its word an OIB stays well below the
// threshold.
func checkOIB(v []byte, env *Env) (Span, float64, bool) {
	if glued(env) {
		return Span{}, 0, false
	}
	d := compact(env.Buf[:0], v)
	if !OIBValid(d) {
		return Span{}, 0, false
	}
	return whole(v), deferScore(d, 0.25), true
}

// OIBValid reports whether d is a valid Croatian OIB (Osobni
// identifikacijski broj): 11 digits, the last the ISO/IEC 7064 MOD 11,10
// check digit of the first ten. All zeros is refused.
func OIBValid(d []byte) bool {
	return len(d) == 11 && ckAllDigits(d) && ckValue(d) != 0 && ckMod1110(d)
}
