package patterns

import (
	"fmt"
	"time"
)

// dateFamily is dates of birth: a date next to a birth word.
func dateFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "date_of_birth", Category: CategoryDemographic, Description: "Date of birth (a date next to a birth keyword)", Validator: "real calendar date, plausible birth year",
				Check: checkDate, Normalize: normDate, Mask: maskKeepFirstLast(0, 4), Keywords: kwDOB, Numeric: true, LabelBefore: true,
				Examples:    []string{"DOB: 12/03/1985", "né le 4 février 1979", "geboren am 03.07.1990", "fecha de nacimiento: 15 de marzo de 1988", "born on March 5, 1970"},
				NotExamples: []string{"invoice date 12/03/2019", "deployed 2021-06-30", "31/02/1985"}},
		},
		Detectors: []Detector{
			// Dates: day-first and ISO numeric forms, and written months in six languages.
			{`\b` + reDay + `[./-]` + reMon + `[./-]` + reYear + `\b|\b` + reMon + `/` + reDay + `/` + reYear + `\b|\b` + reYear + `-` + reMon + `-` + reDay + `\b|\b` + reYear + `/` + reMon + `/` + reDay + `\b|` +
				`\b` + reDay + `(?:\.|st|nd|rd|th|er|º)?[ \t]+(?:de[ \t]+)?` + reMonths + `\.?(?:[ \t]+de)?,?[ \t]+` + reYear + `\b|` +
				`\b` + reMonths + `\.?[ \t]+` + reDay + `(?:st|nd|rd|th)?,?[ \t]+` + reYear + `\b`, []string{"date_of_birth"}, "", 0, 160},
		},
		Fields: []FieldRule{
			{Names: []string{"dob", "birth", "birthdate", "birth_date", "date_of_birth", "birthday", "born", "naissance", "date_naissance", "date_de_naissance",
				"geburtsdatum", "geburtstag", "fecha_nacimiento", "fecha_de_nacimiento", "nacimiento", "data_nascita", "data_di_nascita",
				"geboortedatum", "data_urodzenia"},
				Types: []string{"date_of_birth"}},
		},
	}
}

var (
	kwDOB = []string{"born", "birth", "birthday", "dob", "d.o.b", "birthdate", "né", "née", "naissance", "geboren", "geburtsdatum", "geburtstag", "geb", "nacimiento", "nacido", "nacida", "fecha", "nato", "nata", "nascita", "geboortedatum", "geboorte", "age", "âge", "alter", "edad", "età", "leeftijd"}
)

// parseDate reads the dates the date detector finds: D/M/Y (or M/D/Y when
// mdy), Y-M-D, and written months.
func parseDate(v []byte, mdy bool) (y, m, d int, ok bool) {
	var nums [3]int
	var lens [3]int
	n := 0
	month := 0
	for i := 0; i < len(v); {
		c := v[i]
		switch {
		case isDigit(c):
			if n == 3 {
				return 0, 0, 0, false
			}
			j := i
			for j < len(v) && isDigit(v[j]) {
				nums[n] = nums[n]*10 + int(v[j]-'0')
				j++
			}
			lens[n] = j - i
			n++
			i = j
		case c >= 0x80 || (c|0x20 >= 'a' && c|0x20 <= 'z'):
			j := i
			for j < len(v) && (v[j] >= 0x80 || (v[j]|0x20 >= 'a' && v[j]|0x20 <= 'z')) {
				j++
			}
			if mo := monthNumber(v[i:j]); mo > 0 {
				month = mo
			}
			i = j
		default:
			i++
		}
	}
	switch {
	case month > 0 && n == 2:
		// "12 March 1985" or "March 12, 1985".
		if lens[0] == 4 {
			return nums[0], month, nums[1], true
		}
		return nums[1], month, nums[0], true
	case n == 3 && lens[0] == 4:
		return nums[0], nums[1], nums[2], true
	case n == 3 && mdy:
		return nums[2], nums[0], nums[1], true
	case n == 3:
		if nums[1] > 12 && nums[0] <= 12 { // clearly month-first
			return nums[2], nums[0], nums[1], true
		}
		return nums[2], nums[1], nums[0], true
	}
	return 0, 0, 0, false
}

func checkDate(v []byte, env *Env) (Span, float64, bool) {
	if glued(env) {
		return Span{}, 0, false
	}
	y, m, d, ok := parseDate(v, len(env.Regions) > 0 && env.Regions[0] == "US")
	if !ok || !ValidDate(y, m, d) || y < 1900 || y > time.Now().Year() {
		return Span{}, 0, false
	}
	// A date alone is not a birth date: context must say so.
	return whole(v), 0.25, true
}

func normDate(dst, v []byte, env *Env) []byte {
	y, m, d, ok := parseDate(v, len(env.Regions) > 0 && env.Regions[0] == "US")
	if !ok {
		return append(dst, v...)
	}
	return appendISODate(dst, y, m, d)
}

// appendISODate appends YYYY-MM-DD (fmt would cost more than the rest of
// a date's evaluation).
func appendISODate(dst []byte, y, m, d int) []byte {
	if y < 0 || y > 9999 {
		return fmt.Appendf(dst, "%04d-%02d-%02d", y, m, d)
	}
	return append(dst, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10%10), byte('0'+m%10), '-', byte('0'+d/10%10), byte('0'+d%10))
}

// ckDaysIn returns the number of days in month m (1..12), with February
// having 29 days when leap is true; 0 for an invalid month.
func ckDaysIn(m int, leap bool) int {
	switch m {
	case 1, 3, 5, 7, 8, 10, 12:
		return 31
	case 4, 6, 9, 11:
		return 30
	case 2:
		if leap {
			return 29
		}
		return 28
	}
	return 0
}

// ValidDate reports whether y-m-d is a date of the (proleptic) Gregorian
// calendar, for years >= 1: leap years are divisible by 4, except
// centuries not divisible by 400.
func ValidDate(y, m, d int) bool {
	if y < 1 {
		return false
	}
	leap := y%4 == 0 && (y%100 != 0 || y%400 == 0)
	return d >= 1 && d <= ckDaysIn(m, leap)
}

// monthNumber maps a written month (six languages, full or abbreviated) to
// 1..12, or 0.
func monthNumber(w []byte) int {
	var buf [16]byte
	if len(w) > len(buf) {
		return 0
	}
	return months[string(lowerWord(buf[:0], w))]
}

var months = func() map[string]int {
	m := map[string]int{}
	names := [][]string{
		{"january", "jan", "janvier", "januar", "januari", "enero", "gennaio"},
		{"february", "feb", "février", "fevrier", "februar", "februari", "febrero", "febbraio"},
		{"march", "mar", "mars", "märz", "maart", "marzo"},
		{"april", "apr", "avril", "abril", "aprile"},
		{"may", "mai", "mayo", "maggio", "mei"},
		{"june", "jun", "juin", "juni", "junio", "giugno"},
		{"july", "jul", "juillet", "juli", "julio", "luglio"},
		{"august", "aug", "août", "augustus", "agosto"},
		{"september", "sep", "sept", "septembre", "septiembre", "settembre"},
		{"october", "oct", "octobre", "oktober", "octubre", "ottobre"},
		{"november", "nov", "novembre", "noviembre"},
		{"december", "dec", "décembre", "dezember", "diciembre", "dicembre"},
	}
	for i, ns := range names {
		for _, n := range ns {
			m[n] = i + 1
		}
	}
	return m
}()
