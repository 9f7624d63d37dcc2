package patterns

import "bytes"

// czskFamily is the Czech and Slovak birth number (rodné číslo), one
// format for both countries since they were one: the number does not say
// which, so it is no evidence of a phone's region.
func czskFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "cz_sk_birth_number", Category: CategoryGovernmentID, Strong: true, Country: "", Description: "Czech / Slovak birth number (rodné číslo)",
				Validator: "divisible by 11 (10 digits) + encoded birth date",
				Check:     checkBirthNumber, Normalize: normCompact, Mask: maskKeepLast(2), Keywords: kwBirthNumber, Numeric: true,
				Examples:    []string{"rodné číslo: 905203/4420", "RČ 1472110013", "rodne_cislo=7801019996", "rodné číslo 455201/123"},
				NotExamples: []string{"rodné číslo: 905203/4421", "rodné číslo 901332/0004", "order 905203/4420", "905203/4420", "rodné číslo 852402/1230"}},
		},
		Detectors: []Detector{
			// The written form with its slash, which no other detector
			// takes; the bare run is the digit run's.
			{`\b\d{6}/\d{3,4}\b`, []string{"cz_sk_birth_number"}, "", 0, 154},
		},
		Fields: []FieldRule{
			{Names: []string{"rodne_cislo", "rodnecislo", "birth_number", "rodne_c"}, Types: []string{"cz_sk_birth_number"}},
		},
	}
}

var kwBirthNumber = []string{"rodné", "rodne", "rč", "rodného", "rodneho", "rodnému"}

func checkBirthNumber(v []byte, env *Env) (Span, float64, bool) {
	if glued(env) {
		return Span{}, 0, false
	}
	if i := bytes.IndexByte(v, '/'); i >= 0 && i != 6 {
		return Span{}, 0, false
	}
	d := compact(env.Buf[:0], v)
	if !BirthNumberValid(d) {
		return Span{}, 0, false
	}
	if len(d) == 9 {
		// No check digit: a date and three digits, as many numbers are.
		return whole(v), deferScore(d, 0.2), true
	}
	return whole(v), deferScore(d, 0.4), true
}

// BirthNumberValid reports whether d is a valid Czech or Slovak birth
// number (zákon o evidenci obyvatel): YYMMDD then a serial, the month
// raised by 50 for women and, from 2004 when the serials of a day may run
// out, by 20 (men) or 70 (women). Numbers given before 1954 have 9 digits
// and no check digit; later ones 10, the whole number divisible by 11 —
// except that until 1985 a remainder of 10 for the first nine digits was
// written as the check digit 0.
func BirthNumberValid(d []byte) bool {
	if (len(d) != 9 && len(d) != 10) || !ckAllDigits(d) {
		return false
	}
	yy := int(ckValue(d[:2]))
	month := int(ckValue(d[2:4]))
	day := int(ckValue(d[4:6]))
	year := 1900 + yy
	if len(d) == 9 {
		if yy >= 54 {
			return false // nine digits ended in 1953
		}
	} else if yy < 54 {
		year = 2000 + yy
	}
	switch {
	case month > 70:
		month -= 70
	case month > 50:
		month -= 50
	case month > 20:
		month -= 20
	}
	if month != int(ckValue(d[2:4]))%50 && year < 2004 {
		return false // +20 and +70 only from 2004
	}
	if !ValidDate(year, month, day) {
		return false
	}
	if len(d) == 9 {
		return ckValue(d[6:9]) != 0
	}
	r := ckValue(d[:9]) % 11
	c := uint64(d[9] - '0')
	if r == 10 {
		return c == 0 && year >= 1954 && year <= 1985
	}
	return r == c
}
