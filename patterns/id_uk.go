package patterns

// ukFamily is the UK National Insurance and NHS numbers.
func ukFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "uk_nino", Category: CategoryGovernmentID, Strong: true, Country: "GB", Description: "UK National Insurance number", Validator: "HMRC prefix rules",
				Check: checkNINO, Normalize: normCompact, Mask: maskKeepFirstLast(2, 1), Keywords: kwNINO,
				Examples:    []string{"NI number: AB 12 34 56 C", "nino=JG103759A", "NI number ab 12 34 56 c", "NINO AB123456C", "national insurance jg103759a"},
				NotExamples: []string{"BG 12 34 56 A", "QQ123456C", "AB123456E", "commit ab123456c", "nino qq 12 34 56 c"}},
			{ID: "uk_nhs", Category: CategoryGovernmentID, Strong: true, Country: "GB", Description: "UK NHS number", Validator: "mod-11 check digit",
				Check: checkNHS, Normalize: normCompact, Mask: maskKeepLast(3), Keywords: kwNHS, Numeric: true,
				Examples:    []string{"NHS number: 943 476 5919", "nhs_no 9434765919", "NHS number 943-476-5919"},
				NotExamples: []string{"NHS number: 943 476 5918", "ref 9434765919 invoice", "NHS number 943-476 5919"}},
		},
		Detectors: []Detector{
			// In either case, the pairs spaced or not ("ab 12 34 56 c").
			{`\b(?i:[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][ ]?\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?[A-D])\b`, []string{"uk_nino"}, "", 0, 60},
		},
		Fields: []FieldRule{
			{Names: []string{"nino", "ni_number", "national_insurance", "national_insurance_number"}, Types: []string{"uk_nino"}},
			{Names: []string{"nhs", "nhs_number"}, Types: []string{"uk_nhs"}},
		},
	}
}

var (
	kwNINO = []string{"nino", "ni", "national", "insurance", "nin"}
	kwNHS  = []string{"nhs", "health", "patient", "chi", "hospital", "gp"}
)

func checkNINO(v []byte, env *Env) (Span, float64, bool) {
	d := compact(env.Buf[:0], v)
	if !NINOValid(d) {
		return Span{}, 0, false
	}
	// In lower case the shape is also a short hex id's or a word's: a
	// NINO where a keyword or its field says so.
	if v[0] >= 'a' || v[len(v)-1] >= 'a' {
		return whole(v), 0.45, true
	}
	return whole(v), 0.8, true
}

func checkNHS(v []byte, env *Env) (Span, float64, bool) {
	if !separatorsConsistent(v) || glued(env) {
		return Span{}, 0, false
	}
	d := compact(env.Buf[:0], v)
	if !NHSValid(d) {
		return Span{}, 0, false
	}
	// 1 in 11 random ten-digit numbers passes mod-11: the NHS's own 3-3-4
	// grouping makes it likelier, and context decides the rest.
	if len(v) == 12 && (v[3] == ' ' || v[3] == '-') && v[7] == v[3] {
		return whole(v), 0.45, true
	}
	return whole(v), 0.35, true
}

// NINOValid reports whether s is a valid UK National Insurance number
// (HMRC NIM39110): two prefix letters, six digits and a suffix A-D. The
// first letter is not D, F, I, Q, U or V; the second not D, F, I, O, Q, U
// or V; the prefixes BG, GB, KN, NK, NT, TN and ZZ are never allocated.
func NINOValid(s []byte) bool {
	if len(s) != 9 || !ckUpper(s[0]) || !ckUpper(s[1]) {
		return false
	}
	switch s[0] {
	case 'D', 'F', 'I', 'Q', 'U', 'V':
		return false
	}
	switch s[1] {
	case 'D', 'F', 'I', 'O', 'Q', 'U', 'V':
		return false
	}
	switch ckPair(s[0], s[1]) {
	case 'B'<<8 | 'G', 'G'<<8 | 'B', 'K'<<8 | 'N', 'N'<<8 | 'K',
		'N'<<8 | 'T', 'T'<<8 | 'N', 'Z'<<8 | 'Z':
		return false
	}
	if !ckAllDigits(s[2:8]) {
		return false
	}
	return s[8] >= 'A' && s[8] <= 'D'
}

// NHSValid reports whether d is a valid NHS number (NHS Data Dictionary):
// 10 digits whose last is the modulus 11 check digit over the first nine
// with weights 10..2 (check = 11 - sum%11; 11 means 0, 10 is never
// issued). Numbers made of a single repeated digit are rejected.
func NHSValid(d []byte) bool {
	if len(d) != 10 || !ckAllDigits(d) || ckAllSame(d) {
		return false
	}
	sum := ckWeighted(d[:9], []int{10, 9, 8, 7, 6, 5, 4, 3, 2})
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check != 10 && int(d[9]-'0') == check
}
