package patterns

// atFamily is the Austrian social insurance number.
func atFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "at_social_insurance", Category: CategoryGovernmentID, Strong: true, Country: "AT", Description: "Austrian social insurance number (Sozialversicherungsnummer)", Validator: "weighted mod 11 check digit (3,7,9,0,5,8,4,2,1,6) + encoded birth date",
				Check: checkATSV, Normalize: normCompact, Mask: maskKeepLast(2), Keywords: kwATSV, Numeric: true,
				Examples:    []string{"Sozialversicherungsnummer: 4210 241265", "SVNR 6007140302", "social insurance number 2558 300490"},
				NotExamples: []string{"Sozialversicherungsnummer: 4211 241265", "SVNR 7888 290283", "Rechnung 4210241265"}},
		},
		Detectors: []Detector{
			// Serial and check digit, a space, then DDMMYY; the bare ten
			// digits are a candidate of the digit run.
			{`\b[1-9]\d{3} \d{6}\b`, []string{"at_social_insurance"}, "", 0, 157},
		},
		Fields: []FieldRule{
			{Names: []string{"svnr", "sozialversicherungsnummer", "versicherungsnummer", "vsnr", "sv_nummer", "social_insurance_number"}, Types: []string{"at_social_insurance"}},
		},
	}
}

var (
	kwATSV = []string{"sozialversicherungsnummer", "sozialversicherung", "versicherungsnummer", "svnr", "vsnr", "svn", "social", "insurance"}
)

func checkATSV(v []byte, env *Env) (Span, float64, bool) {
	if glued(env) {
		return Span{}, 0, false
	}
	d := compact(env.Buf[:0], v)
	if !ATSocialInsuranceValid(d) {
		return Span{}, 0, false
	}
	if len(v) == 11 {
		return whole(v), 0.4, true
	}
	return whole(v), 0.32, true
}

// ATSocialInsuranceValid reports whether d is a valid Austrian
// Sozialversicherungsnummer (Dachverband der Sozialversicherungsträger):
// 10 digits SSSCDDMMYY, the serial not starting with 0, the check digit C
// the sum of the digits weighted 3,7,9,0,5,8,4,2,1,6 mod 11 (10 is never
// issued), and DDMMYY a real date in one of the two centuries.
func ATSocialInsuranceValid(d []byte) bool {
	if len(d) != 10 || !ckAllDigits(d) || d[0] == '0' {
		return false
	}
	if ckWeighted(d, []int{3, 7, 9, 0, 5, 8, 4, 2, 1, 6})%11 != int(d[3]-'0') {
		return false
	}
	day, month, yy := int(ckValue(d[4:6])), int(ckValue(d[6:8])), int(ckValue(d[8:10]))
	return ValidDate(1900+yy, month, day) || ValidDate(2000+yy, month, day)
}
