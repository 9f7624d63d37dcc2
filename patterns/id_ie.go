package patterns

// ieFamily is the Irish Personal Public Service number.
func ieFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "ie_ppsn", Category: CategoryGovernmentID, Strong: true, Country: "IE", Description: "Irish Personal Public Service number (PPSN)", Validator: "mod 23 check letter (weights 8..2, second letter 9)",
				Check: checkPPSN, Normalize: normCompact, Mask: maskKeepLast(2), Keywords: kwPPSN, Numeric: true,
				Examples:    []string{"PPS number: 8765432EA", "PPSN 3456789U", "pps no. 2345678IW"},
				NotExamples: []string{"PPS number: 8765432EB", "PPSN 3456789T", "order 3456789U"}},
		},
		Detectors: []Detector{
			{`\b\d{7}[A-W][A-IW]?\b`, []string{"ie_ppsn"}, "", 0, 85},
		},
		Fields: []FieldRule{
			{Names: []string{"ppsn", "pps_number", "pps_no", "ppsno", "pps"}, Types: []string{"ie_ppsn"}},
		},
	}
}

var (
	kwPPSN = []string{"pps", "ppsn", "ppsno", "rsi"}
)

func checkPPSN(v []byte, env *Env) (Span, float64, bool) {
	if glued(env) || !IEPPSNValid(v) {
		return Span{}, 0, false
	}
	return whole(v), 0.4, true
}

// ppsnLetters maps the remainder mod 23 to the check letter, and a second
// letter to its value (W is 0).
const ppsnLetters = "WABCDEFGHIJKLMNOPQRSTUV"

// IEPPSNValid reports whether s is a valid Irish PPS number (Department of
// Social Protection): 7 digits, the check letter, and an optional second
// letter (W in old numbers, A, B … since 2013). The check letter is
// ppsnLetters[(sum of the digits weighted 8..2 + 9 × the second letter's
// value) mod 23]. Seven zeros are not a number.
func IEPPSNValid(s []byte) bool {
	if (len(s) != 8 && len(s) != 9) || !ckAllDigits(s[:7]) || ckValue(s[:7]) == 0 {
		return false
	}
	sum := ckWeighted(s[:7], []int{8, 7, 6, 5, 4, 3, 2})
	if len(s) == 9 {
		switch c := s[8]; {
		case c == 'W':
		case c >= 'A' && c <= 'I':
			sum += 9 * int(c-'A'+1)
		default:
			return false
		}
	}
	return ppsnLetters[sum%23] == s[7]
}
