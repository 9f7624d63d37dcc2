package patterns

// ptFamily is the Portuguese tax number of a person (NIF).
func ptFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "pt_nif", Category: CategoryGovernmentID, Strong: true, Country: "PT", Description: "Portuguese tax number of a person (NIF, número de contribuinte)", Validator: "mod 11 check digit (weights 9..2) + person prefix",
				Check: checkPTNIF, Normalize: normCompact, Mask: maskKeepLast(2), Keywords: kwPTNIF, Numeric: true,
				Examples:    []string{"NIF: 234567899", "número de contribuinte 314 159 266", "contribuinte n.º 451234561"},
				NotExamples: []string{"NIF: 234567898", "contribuinte 501234560", "encomenda 234567899"}},
		},
		// Nine bare digits are a candidate of the digit run, 3-3-3 groups one
		// of the grouped-number shape.
		Fields: []FieldRule{
			{Names: []string{"contribuinte", "numero_contribuinte", "numero_de_contribuinte", "nif_pt", "nif_contribuinte"}, Types: []string{"pt_nif"}},
		},
	}
}

var (
	kwPTNIF = []string{"nif", "contribuinte", "fiscal", "finanças", "financas", "taxpayer"}
)

func checkPTNIF(v []byte, env *Env) (Span, float64, bool) {
	if !separatorsConsistent(v) || glued(env) {
		return Span{}, 0, false
	}
	d := compact(env.Buf[:0], v)
	if !PTNIFValid(d) {
		return Span{}, 0, false
	}
	// Only the bare nine digits or three groups of three.
	if len(v) != 9 && (len(v) != 11 || isDigit(v[3]) || isDigit(v[7])) {
		return Span{}, 0, false
	}
	return whole(v), 0.32, true
}

// PTNIFValid reports whether d is a valid Portuguese NIF of a natural
// person (Autoridade Tributária): 9 digits starting with 1, 2 or 3 (or 45,
// non-residents), the last the mod 11 check digit over the first eight
// weighted 9..2 (11 - sum%11, 10 and 11 giving 0). Companies' numbers
// (5…, 6…, 9…) are an eu_vat's business, not a person's.
func PTNIFValid(d []byte) bool {
	if len(d) != 9 || !ckAllDigits(d) {
		return false
	}
	if d[0] != '1' && d[0] != '2' && d[0] != '3' && (d[0] != '4' || d[1] != '5') {
		return false
	}
	c := 11 - ckWeighted(d[:8], []int{9, 8, 7, 6, 5, 4, 3, 2})%11
	if c >= 10 {
		c = 0
	}
	return int(d[8]-'0') == c
}
