package patterns

// mrzFamily is the machine-readable zone of a travel document (ICAO Doc
// 9303): a passport's two lines of 44 characters (TD3) and an identity
// card's three lines of 30 (TD1). The finding is the whole zone: its
// name line is personal data as much as its number line.
func mrzFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "passport_mrz", Category: CategoryGovernmentID, Strong: true, Country: "", Description: "Machine-readable zone of a passport (TD3) or identity card (TD1)",
				Validator: "ICAO 9303 7-3-1 check digits (number, birth, expiry, optional data, composite) + dates + filler rules",
				Check:     checkMRZ, Normalize: normMRZ, Mask: maskMRZ, Keywords: kwMRZ,
				Examples: []string{
					"P<FRAMARTIN<<CLAIRE<ANNE<<<<<<<<<<<<<<<<<<<<\n12AB345673FRA8503127F3107151<<<<<<<<<<<<<<<8",
					"MRZ: P<D<<MUELLER<<JONAS<<<<<<<<<<<<<<<<<<<<<<<<<C01X00T478D<<9001011M2812313<<<<<<<<<<<<<<<4",
					"IDFRAX4RTBPFW46<<<<<<<<<<<<<<<\n9007138M3002119FRA<<<<<<<<<<<6\nDUPONT<<PAUL<<<<<<<<<<<<<<<<<<",
				},
				NotExamples: []string{
					"P<FRAMARTIN<<CLAIRE<ANNE<<<<<<<<<<<<<<<<<<<<\n12AB345674FRA8503127F3107151<<<<<<<<<<<<<<<8",
					"P<FRAMARTIN<<CLAIRE<ANNE<<<<<<<<<<<<<<<<<<<<\n12AB345673FRA8503127F3107151<<<<<<<<<<<<<<<9",
					"P<FRAMARTIN<<CLAIRE<<ANNE<<<<<<<<<<<<<<<<<<<\n12AB345673FRA8503127F3107151<<<<<<<<<<<<<<<8",
				}},
		},
		Detectors: []Detector{
			// Distinctive shapes, before everything that might take a piece
			// of them. The line break is optional: a database keeps the
			// zone in one string as often as in two lines.
			{`\bP[A-Z<][A-Z<]{3}[A-Z<]{39}(?:\r?\n)?[A-Z0-9<]{9}[0-9][A-Z<]{3}[0-9]{6}[0-9][MFX<][0-9]{6}[0-9][A-Z0-9<]{14}[0-9<][0-9]` +
				`|\b[ACI][A-Z<][A-Z<]{3}[A-Z0-9<]{9}[0-9<][A-Z0-9<]{15}(?:\r?\n)?[0-9]{6}[0-9][MFX<][0-9]{6}[0-9][A-Z<]{3}[A-Z0-9<]{11}[0-9](?:\r?\n)?[A-Z<]{30}`,
				[]string{"passport_mrz"}, "", 0, 5},
		},
		Fields: []FieldRule{
			{Names: []string{"mrz", "passport_mrz", "machine_readable_zone"}, Types: []string{"passport_mrz"}},
		},
	}
}

var kwMRZ = []string{"mrz", "passport", "reisepass", "passeport", "pasaporte", "passaporto", "paspoort", "paszport"}

// An MRZ is a zone with its layout: the lines without their breaks, and
// where each field of the number line stands.
type mrz struct {
	lines [3][]byte
	n     int // number of lines: 2 (TD3) or 3 (TD1)
}

// splitMRZ cuts v into the lines of a TD3 or TD1 zone, with or without
// the breaks; ok is false for any other length.
func splitMRZ(v []byte) (z mrz, ok bool) {
	var buf [3][]byte
	n := 0
	start := 0
	for i := 0; i <= len(v); i++ {
		if i == len(v) || v[i] == '\n' {
			line := v[start:i]
			if len(line) > 0 && line[len(line)-1] == '\r' {
				line = line[:len(line)-1]
			}
			if n == 3 {
				return z, false
			}
			buf[n] = line
			n++
			start = i + 1
		}
	}
	// Join and recut: the breaks may be missing between any lines.
	total := 0
	for _, l := range buf[:n] {
		total += len(l)
	}
	var width, lines int
	switch total {
	case 88:
		width, lines = 44, 2
	case 90:
		width, lines = 30, 3
	default:
		return z, false
	}
	for _, l := range buf[:n] {
		if len(l) == 0 || len(l)%width != 0 {
			return z, false
		}
	}
	k := 0
	for _, l := range buf[:n] {
		for len(l) > 0 {
			z.lines[k] = l[:width]
			l = l[width:]
			k++
		}
	}
	z.n = lines
	return z, true
}

func checkMRZ(v []byte, env *Env) (Span, float64, bool) {
	// A longer run of zone characters is another thing that holds one.
	if len(env.Before) > 0 && mrzChar(env.Before[len(env.Before)-1]) || len(env.After) > 0 && mrzChar(env.After[0]) {
		return Span{}, 0, false
	}
	if !MRZValid(v) {
		return Span{}, 0, false
	}
	return whole(v), 0.9, true
}

func mrzChar(c byte) bool { return ckDigit(c) || ckUpper(c) || c == '<' }

// MRZValid reports whether v is a valid machine-readable zone of a
// passport (ICAO 9303 TD3) or identity card (TD1), line breaks optional:
// every check digit holds (7-3-1 weights, '<' counting 0 and letters 10
// to 35), the birth and expiry dates are real dates, the sex is M, F, X
// or '<', the states are letters padded with '<', and the names are
// words of letters joined by '<', the surname ended by '<<', padded with
// '<'.
func MRZValid(v []byte) bool {
	z, ok := splitMRZ(v)
	if !ok {
		return false
	}
	if z.n == 2 {
		return td3Valid(z.lines[0], z.lines[1])
	}
	return td1Valid(z.lines[0], z.lines[1], z.lines[2])
}

// td3Valid: line 1 is P, a type, the issuing state and the names; line 2
// the number, nationality, birth date, sex, expiry and personal number,
// each with its check digit, then the composite.
func td3Valid(l1, l2 []byte) bool {
	if l1[0] != 'P' || !mrzState(l1[2:5]) || !mrzNames(l1[5:44]) {
		return false
	}
	if !mrzDocNumber(l2[0:9]) || !mrzCheck(l2[0:9], l2[9]) || !mrzState(l2[10:13]) {
		return false
	}
	if !mrzDate(l2[13:19]) || !mrzCheck(l2[13:19], l2[19]) || !mrzSex(l2[20]) || !mrzDate(l2[21:27]) || !mrzCheck(l2[21:27], l2[27]) {
		return false
	}
	// A personal number of fillers only may have '<' for its check digit.
	if !(l2[42] == '<' && ckAllSameByte(l2[28:42], '<')) && !mrzCheck(l2[28:42], l2[42]) {
		return false
	}
	return mrzCheck3(l2[0:10], l2[13:20], l2[21:43], l2[43:44])
}

// td1Valid: line 1 is the type, issuing state, number and optional data
// (a number over nine characters runs on into it, its check digit after
// it); line 2 the birth date, sex, expiry, nationality and the composite;
// line 3 the names.
func td1Valid(l1, l2, l3 []byte) bool {
	if !mrzState(l1[2:5]) || !mrzState(l2[15:18]) || !mrzNames(l3) {
		return false
	}
	num, check := l1[5:14], l1[14]
	if check == '<' && l1[5+8] != '<' {
		// The long form: the rest of the number, then its check digit,
		// at the head of the optional data.
		i := 15
		for i < 30 && l1[i] != '<' {
			i++
		}
		if i < 17 {
			return false
		}
		num = append(append(make([]byte, 0, 24), l1[5:14]...), l1[15:i-1]...)
		check = l1[i-1]
	}
	if !mrzDocNumber(num) || !mrzCheck(num, check) {
		return false
	}
	if !mrzDate(l2[0:6]) || !mrzCheck(l2[0:6], l2[6]) || !mrzSex(l2[7]) || !mrzDate(l2[8:14]) || !mrzCheck(l2[8:14], l2[14]) {
		return false
	}
	return mrzCheck3(l1[5:30], l2[0:7], l2[8:15], l2[18:29], l2[29:30])
}

// mrzValue is a character's value in a check digit: digits as they are,
// letters 10 to 35, the filler 0; -1 for anything else.
func mrzValue(c byte) int {
	switch {
	case ckDigit(c):
		return int(c - '0')
	case ckUpper(c):
		return int(c-'A') + 10
	case c == '<':
		return 0
	}
	return -1
}

// mrzSum adds the 7-3-1 weighted values of b, continuing the weights from
// position at; -1 on a character outside the zone's alphabet.
func mrzSum(b []byte, at int) int {
	w := [3]int{7, 3, 1}
	s := 0
	for i, c := range b {
		v := mrzValue(c)
		if v < 0 {
			return -1
		}
		s += v * w[(at+i)%3]
	}
	return s
}

func mrzCheck(b []byte, check byte) bool {
	s := mrzSum(b, 0)
	return s >= 0 && ckDigit(check) && s%10 == int(check-'0')
}

// mrzCheck3 is the composite check digit over several fields read as one.
func mrzCheck3(parts ...[]byte) bool {
	check := parts[len(parts)-1][0]
	s, at := 0, 0
	for _, p := range parts[:len(parts)-1] {
		v := mrzSum(p, at)
		if v < 0 {
			return false
		}
		s += v
		at += len(p)
	}
	return ckDigit(check) && s%10 == int(check-'0')
}

// mrzDate: YYMMDD, a real date in the 1900s or the 2000s.
func mrzDate(b []byte) bool {
	if !ckAllDigits(b) {
		return false
	}
	yy, m, d := int(ckValue(b[:2])), int(ckValue(b[2:4])), int(ckValue(b[4:6]))
	return ValidDate(1900+yy, m, d) || ValidDate(2000+yy, m, d)
}

func mrzSex(c byte) bool { return c == 'M' || c == 'F' || c == 'X' || c == '<' }

// mrzState: a state or organisation code, one to three letters padded
// with '<' ("D<<" is Germany).
func mrzState(b []byte) bool {
	i := 0
	for i < len(b) && ckUpper(b[i]) {
		i++
	}
	return i > 0 && ckAllSameByte(b[i:], '<')
}

// mrzDocNumber: letters and digits padded with '<', not all fillers.
func mrzDocNumber(b []byte) bool {
	i := 0
	for i < len(b) && (ckUpper(b[i]) || ckDigit(b[i])) {
		i++
	}
	return i > 0 && ckAllSameByte(b[i:], '<')
}

// mrzNames: the primary identifier (surname), then '<<' and the secondary
// identifiers, words of letters joined by one '<', padded with '<'.
func mrzNames(b []byte) bool {
	end := len(b)
	for end > 0 && b[end-1] == '<' {
		end--
	}
	if end == 0 || !ckUpper(b[0]) {
		return false
	}
	sep := 0
	for i := 1; i < end; i++ {
		if b[i] != '<' {
			if !ckUpper(b[i]) {
				return false
			}
			continue
		}
		if b[i-1] == '<' {
			sep++
			if sep > 1 || (i+1 < end && b[i+1] == '<') {
				return false
			}
		}
	}
	return true
}

// ckAllSameByte reports whether every byte of b is c (true when empty).
func ckAllSameByte(b []byte, c byte) bool {
	for _, x := range b {
		if x != c {
			return false
		}
	}
	return true
}

// normMRZ is the document number and the issuing state, "<" between: the
// document, whatever the zone's breaks or the names' spelling.
func normMRZ(dst, v []byte, env *Env) []byte {
	z, ok := splitMRZ(v)
	if !ok {
		return append(dst, v...)
	}
	var num, state []byte
	if z.n == 2 {
		num, state = z.lines[1][0:9], z.lines[0][2:5]
	} else {
		l1 := z.lines[0]
		num, state = l1[5:14], l1[2:5]
		if l1[14] == '<' && l1[13] != '<' {
			i := 15
			for i < 30 && l1[i] != '<' {
				i++
			}
			if i >= 17 {
				dst = append(dst, trimFiller(num)...)
				dst = append(dst, l1[15:i-1]...)
				return append(append(dst, '<'), trimFiller(state)...)
			}
		}
	}
	dst = append(dst, trimFiller(num)...)
	return append(append(dst, '<'), trimFiller(state)...)
}

func trimFiller(b []byte) []byte {
	for len(b) > 0 && b[len(b)-1] == '<' {
		b = b[:len(b)-1]
	}
	return b
}

// maskMRZ keeps the document code and the issuing state: the rest (names,
// number, dates) is the person's. Its length is fixed, so it says nothing
// of the names' lengths.
func maskMRZ(v []byte) string {
	if len(v) < 5 {
		return "*****"
	}
	return string(v[:5]) + "********"
}
