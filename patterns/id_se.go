package patterns

// seFamily is the Swedish personal identity number.
func seFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "se_personnummer", Category: CategoryGovernmentID, Strong: true, Country: "SE", Description: "Swedish personal identity number (personnummer, samordningsnummer)", Validator: "Luhn over 10 digits + encoded birth date (coordination day +60)",
				Check: checkSEPNR, Normalize: normSEPNR, Mask: maskKeepLast(2), Keywords: kwSEPNR, Numeric: true,
				Examples:    []string{"personnummer: 640823-3234", "Personnummer 198507712340", "samordningsnummer 780591-4426", "pnr 400101+1230"},
				NotExamples: []string{"personnummer: 640823-3235", "personnummer 030229-1232", "ordernummer 6408233234"}},
		},
		// The dashed forms come from the Nordic detector, the bare 10 and 12
		// digits from the digit run.
		Fields: []FieldRule{
			{Names: []string{"pnr", "samordningsnummer", "personnummer_se"}, Types: []string{"se_personnummer"}},
		},
	}
}

var (
	kwSEPNR = []string{"personnummer", "personnr", "pnr", "samordningsnummer", "identity"}
)

func checkSEPNR(v []byte, env *Env) (Span, float64, bool) {
	if glued(env) {
		return Span{}, 0, false
	}
	d := compact(env.Buf[:0], v)
	if !SEPersonnummerValid(d) {
		return Span{}, 0, false
	}
	if len(v) == len(d)+1 {
		return whole(v), 0.4, true
	}
	return whole(v), 0.32, true
}

// SEPersonnummerValid reports whether d is a valid Swedish personnummer
// (Skatteverket; folkbokföringslagen): YYMMDDNNNN, or YYYYMMDDNNNN with the
// century, whose 10 digits pass Luhn and whose date is real; a
// samordningsnummer adds 60 to the day. Without the century the date must
// be real in 19YY or 20YY.
func SEPersonnummerValid(d []byte) bool {
	if (len(d) != 10 && len(d) != 12) || !ckAllDigits(d) {
		return false
	}
	n := d[len(d)-10:]
	if ckLuhnSum(n)%10 != 0 {
		return false
	}
	month, day := int(ckValue(n[2:4])), int(ckValue(n[4:6]))
	if day > 60 {
		day -= 60
	}
	if len(d) == 12 {
		year := int(ckValue(d[:4]))
		return year >= 1800 && year < 2100 && ValidDate(year, month, day)
	}
	yy := int(ckValue(n[:2]))
	return ValidDate(1900+yy, month, day) || ValidDate(2000+yy, month, day)
}

// normSEPNR keeps the ten digits that identify the person: the century
// and the sign (- or +, by age) are two ways to write the same number.
func normSEPNR(dst, v []byte, env *Env) []byte {
	d := compact(env.Buf[:0], v)
	return append(dst, d[len(d)-10:]...)
}
