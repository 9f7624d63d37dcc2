package patterns

// fiFamily is the Finnish personal identity code.
func fiFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "fi_hetu", Category: CategoryGovernmentID, Strong: true, Country: "FI", Description: "Finnish personal identity code (henkilötunnus, HETU)", Validator: "mod 31 check character + century sign + encoded birth date",
				Check: checkHETU, Normalize: normHETU, Mask: maskKeepLast(2), Keywords: kwHETU, Numeric: true,
				Examples:    []string{"henkilötunnus: 010594Y291A", "HETU 250107A345V", "personal identity code 150380+123P", "hetu 280764-6174"},
				NotExamples: []string{"henkilötunnus: 010594Y291B", "hetu 300284-617J", "tilaus 250107A345V"}},
		},
		// The shape comes from the Nordic detector.
		Fields: []FieldRule{
			{Names: []string{"hetu", "henkilotunnus", "henkilötunnus", "personbeteckning", "sotu"}, Types: []string{"fi_hetu"}},
		},
	}
}

var (
	kwHETU = []string{"henkilötunnus", "henkilotunnus", "hetu", "henkilötunnuksen", "personbeteckning", "sotu", "identity"}
)

func checkHETU(v []byte, env *Env) (Span, float64, bool) {
	if glued(env) || !FIHETUValid(v) {
		return Span{}, 0, false
	}
	return whole(v), 0.4, true
}

// hetuCheck maps the remainder mod 31 to the check character (G, I, O,
// Q and Z are left out).
const hetuCheck = "0123456789ABCDEFHJKLMNPRSTUVWXY"

// FIHETUValid reports whether s is a valid Finnish henkilötunnus (Digi- ja
// väestötietovirasto): DDMMYY, the century sign (+ 1800s; - or, since 2023,
// Y X W V U 1900s; A, or B C D E F, 2000s), the individual number ZZZ from
// 002, and the check character of DDMMYYZZZ mod 31; the date must be real.
// s is the code as written (upper case, the sign in place).
func FIHETUValid(s []byte) bool {
	if len(s) != 11 || !ckAllDigits(s[:6]) || !ckAllDigits(s[7:10]) {
		return false
	}
	var century int
	switch s[6] {
	case '+':
		century = 1800
	case '-', 'Y', 'X', 'W', 'V', 'U':
		century = 1900
	case 'A', 'B', 'C', 'D', 'E', 'F':
		century = 2000
	default:
		return false
	}
	ind := ckValue(s[7:10])
	if ind < 2 || hetuCheck[(ckValue(s[:6])*1000+ind)%31] != s[10] {
		return false
	}
	return ValidDate(century+int(ckValue(s[4:6])), int(ckValue(s[2:4])), int(ckValue(s[:2])))
}

// normHETU keeps the code whole: the sign tells the century, and since
// 2023 two signs of one century are two people.
func normHETU(dst, v []byte, env *Env) []byte { return compactKeep(dst, v) }

// compactKeep appends v upper-cased, every byte kept.
func compactKeep(dst, v []byte) []byte {
	for _, c := range v {
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}
