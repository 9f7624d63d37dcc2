package patterns

import (
	"strings"
	"testing"
)

// The new national ids, checked as a subject's identifier (no context):
// a valid number, the same with a wrong check digit, and one whose
// encoded birth date does not exist. Values are generated for these tests.
func TestEUIDsCheckDigitsAndDates(t *testing.T) {
	c := testCatalog(t, Options{})
	for _, tc := range []struct {
		typ, value string
		ok         bool
		why        string
	}{
		{"cz_sk_birth_number", "9052034420", true, "woman, 1990"},
		{"cz_sk_birth_number", "905203/4420", true, "with its slash"},
		{"cz_sk_birth_number", "1472110013", true, "woman, month +70, 2014"},
		{"cz_sk_birth_number", "455201123", true, "nine digits, before 1954"},
		{"cz_sk_birth_number", "9052034421", false, "wrong check digit"},
		{"cz_sk_birth_number", "9013320004", false, "month 13"},
		{"cz_sk_birth_number", "8524021230", false, "month +20 before 2004"},
		{"cz_sk_birth_number", "9052034410", false, "remainder 10 after 1985"},
		{"cz_sk_birth_number", "655201123", false, "nine digits after 1953"},
		{"cz_sk_birth_number", "90520/34420", false, "slash out of place"},

		{"ro_cnp", "1850312400081", true, "man, 1985, county 40"},
		{"ro_cnp", "6040229123458", true, "woman, 29 Feb 2004"},
		{"ro_cnp", "1850312400082", false, "wrong check digit"},
		{"ro_cnp", "1850230400083", false, "30 February"},
		{"ro_cnp", "1850312600089", false, "county 60"},
		{"ro_cnp", "0850312400081", false, "sex digit 0"},

		{"bg_egn", "8710247024", true, "1987"},
		{"bg_egn", "0547038129", true, "2005, month +40"},
		{"bg_egn", "8710247025", false, "wrong check digit"},
		{"bg_egn", "8713247020", false, "month 13"},

		{"hr_oib", "28172605219", true, "MOD 11,10"},
		{"hr_oib", "28172605210", false, "wrong check digit"},
		{"hr_oib", "00000000000", false, "all zeros"},

		{"si_emso", "0101006500006", true, "2006, Slovenia"},
		{"si_emso", "2902988505006", true, "29 Feb 1988"},
		{"si_emso", "0101006500007", false, "wrong check digit"},
		{"si_emso", "3002988505005", false, "30 February"},
		{"si_emso", "0101006650006", false, "region 65"},

		{"ee_lt_personal_code", "38001085718", true, "man, 1980"},
		{"ee_lt_personal_code", "60002290003", true, "29 Feb 2000"},
		{"ee_lt_personal_code", "49507170047", true, "second stage"},
		{"ee_lt_personal_code", "38001085719", false, "wrong check digit"},
		{"ee_lt_personal_code", "38002305714", false, "30 February"},
		{"ee_lt_personal_code", "60102290006", false, "29 Feb 2001"},
		{"ee_lt_personal_code", "98001085718", false, "century digit 9"},
	} {
		_, err := c.Identifier(tc.typ, tc.value)
		if (err == nil) != tc.ok {
			t.Errorf("%s %s (%s): valid = %v, want %v", tc.typ, tc.value, tc.why, err == nil, tc.ok)
		}
	}
}

// The second stage of the EE/LT check digit: a sum whose first stage
// leaves 10.
func TestEELTSecondStage(t *testing.T) {
	d := []byte("49507170047")
	if ckWeighted(d[:10], []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 1})%11 != 10 {
		t.Fatal("the example does not exercise the second stage")
	}
	if !EELTCodeValid(d) {
		t.Fatal("second-stage check digit refused")
	}
}

// The Czech and Slovak rule of 1954-1985: a remainder of 10 is written 0.
func TestBirthNumberRemainderTen(t *testing.T) {
	for _, tc := range []struct {
		d  string
		ok bool
	}{
		{"7801019996", true}, // ordinary
		{"7103190010", false},
	} {
		if got := BirthNumberValid([]byte(tc.d)); got != tc.ok {
			t.Errorf("%s: %v, want %v", tc.d, got, tc.ok)
		}
	}
	// Find a 1954-1985 number whose first nine digits leave 10: valid with
	// 0; the same first nine digits dated 1990 are not.
	found := false
	for s := 0; s < 1000 && !found; s++ {
		nine := []byte("800101" + string(rune('0'+s/100)) + string(rune('0'+s/10%10)) + string(rune('0'+s%10)))
		if ckValue(nine)%11 == 10 {
			found = true
			if !BirthNumberValid(append(nine, '0')) {
				t.Errorf("%s0: remainder 10 in 1980 refused", nine)
			}
			nine[0], nine[1] = '9', '0'
			if ckValue(nine)%11 == 10 && BirthNumberValid(append(nine, '0')) {
				t.Errorf("%s0: remainder 10 in 1990 accepted", nine)
			}
		}
	}
	if !found {
		t.Fatal("no remainder 10 found")
	}
}

// Without its word or field, a national id of these types is a digit run
// like any other: found below the default threshold. With its word, or
// in its national field, it is found.
func TestEUIDsNeedContext(t *testing.T) {
	c := testCatalog(t, Options{})
	for _, tc := range []struct{ typ, bare, kw string }{
		{"cz_sk_birth_number", "9052034420", "rodné číslo"},
		{"ro_cnp", "1850312400081", "CNP"},
		{"bg_egn", "8710247024", "ЕГН"},
		{"hr_oib", "28172605219", "OIB"},
		{"si_emso", "0101006500006", "EMŠO"},
		{"ee_lt_personal_code", "38001085718", "isikukood"},
	} {
		got, _ := c.Find([]byte("ref "+tc.bare+" ok"), 0)
		for _, f := range got {
			if f.Confidence >= testMinConf {
				t.Errorf("%s without context: %s at %.2f", tc.bare, f.Type, f.Confidence)
			}
		}
		got, _ = c.Find([]byte(tc.kw+": "+tc.bare), testMinConf)
		if !hasType(got, tc.typ) {
			t.Errorf("%s after %q: %v, want %s", tc.bare, tc.kw, got, tc.typ)
		}
	}
}

// A generic national_id column raises every national id: the older types
// keep their values there (a DE tax id is a valid OIB too; the tie goes
// to the older type, named first).
func TestNationalIDColumnKeepsOlderIDs(t *testing.T) {
	c := testCatalog(t, Options{})
	class := c.Class([]byte("national_id"), nil)
	s := c.NewScratch()
	re, err := c.Compile()
	if err != nil {
		t.Fatal(err)
	}
	defer re.Close()
	for _, tc := range []struct{ value, want string }{
		{"86095742719", "de_tax_id"},
		{"8001010287", "uk_nhs"}, // a valid EGN too
		{"8001012107", "uk_nhs"}, // a valid birth number too
		{"44051401359", "pl_pesel"},
		{"28172605219", "hr_oib"},
		{"1850312400081", "ro_cnp"},
		{"38001085718", "ee_lt_personal_code"},
	} {
		hay := []byte(tc.value)
		ms, err := re.FindAll(hay, make([]int, re.Passes()), len(hay)+1, nil)
		if err != nil || len(ms) == 0 {
			t.Fatalf("%s: no candidate (%v)", tc.value, err)
		}
		s.NewText()
		s.InField(class, 0, len(hay))
		r, ok := c.Evaluate(hay, ms[0].Start, ms[0].End, ms[0].Group, s)
		if !ok || r.Type.ID != tc.want || r.Confidence < testMinConf {
			t.Errorf("national_id %s: %s %.2f, want %s", tc.value, typeID(r.Type), r.Confidence, tc.want)
		}
	}
}

func typeID(t *Type) string {
	if t == nil {
		return "nothing"
	}
	return t.ID
}

// An MRZ: every check digit, the dates, the filler rules; with or without
// its line breaks it is one document, hashed as its number and state and
// shown as its state alone.
func TestPassportMRZ(t *testing.T) {
	c := testCatalog(t, Options{})
	td3 := "P<FRAMARTIN<<CLAIRE<ANNE<<<<<<<<<<<<<<<<<<<<\n12AB345673FRA8503127F3107151<<<<<<<<<<<<<<<8"
	td1 := "IDFRAX4RTBPFW46<<<<<<<<<<<<<<<\n9007138M3002119FRA<<<<<<<<<<<6\nDUPONT<<PAUL<<<<<<<<<<<<<<<<<<"
	// A subject gives the zone without its breaks (an identifier holds
	// no control character); a file's zone with its breaks is the same.
	ty, _ := c.TypeByID("passport_mrz")
	for _, tc := range []struct {
		v, norm string
	}{
		{td3, "12AB34567<FRA"},
		{strings.Replace(td3, "\n", "\r\n", 1), "12AB34567<FRA"},
		{strings.Replace(td3, "\n", "", 1), "12AB34567<FRA"},
		{td1, "X4RTBPFW4<FRA"},
		{strings.ReplaceAll(td1, "\n", ""), "X4RTBPFW4<FRA"},
		{td1Long(), "X4RTBPFW4123<FRA"},
	} {
		if !MRZValid([]byte(tc.v)) {
			t.Errorf("%q refused", tc.v)
		}
		if got := c.Normalize(ty, tc.v); got != tc.norm {
			t.Errorf("%q: %q, want %q", tc.v, got, tc.norm)
		}
	}
	if got, err := c.Identifier("passport_mrz", strings.Replace(td3, "\n", "", 1)); err != nil || got != "12AB34567<FRA" {
		t.Errorf("identifier: %q %v", got, err)
	}
	if !MRZValid([]byte(td3Born("850312"))) {
		t.Error("td3Born builds no valid zone")
	}
	if m := c.Mask(ty, []byte(td3)); m != "P<FRA********" {
		t.Errorf("mask %q", m)
	}
	for _, bad := range []string{
		strings.Replace(td3, "12AB345673", "12AB345674", 1),                     // number's check digit
		strings.Replace(td3, "8503127F", "8503128F", 1),                         // birth date's
		strings.Replace(td3, "3107151<", "3107152<", 1),                         // expiry's
		td3[:len(td3)-1] + "9",                                                  // composite
		td3Born("850230"),                                                       // 30 February, its check digits right
		td3Born("851312"),                                                       // month 13
		strings.Replace(td3, "MARTIN<<CLAIRE<ANNE<", "MARTIN<<CLAIRE<<ANNE", 1), // two '<<'
		strings.Replace(td3, "F3107151", "Q3107151", 1),                         // sex
		strings.Replace(td3, "\n", "\n\n", 1),                                   // an empty line between
	} {
		if MRZValid([]byte(bad)) {
			t.Errorf("accepted %q", bad)
		}
	}
	// In text: found without a word, the whole zone.
	text := "scan of document:\n" + td3 + "\nend"
	got, _ := c.Find([]byte(text), testMinConf)
	if len(got) != 1 || got[0].Type != "passport_mrz" || text[got[0].Start:got[0].End] != td3 {
		t.Errorf("in text: %v", got)
	}
	// Part of a longer run of zone characters: not a zone.
	if got, _ := c.Find([]byte("X"+strings.Replace(td3, "\n", "", 1)), testMinConf); hasType(got, "passport_mrz") {
		t.Errorf("glued: %v", got)
	}
}

// td3Born is the passport above with another birth date, every check
// digit recomputed.
func td3Born(date string) string {
	l2 := "12AB345673FRA" + date + mrzDigit(date) + "F3107151<<<<<<<<<<<<<<<"
	l2 += mrzDigit(l2[0:10] + l2[13:20] + l2[21:43])
	return "P<FRAMARTIN<<CLAIRE<ANNE<<<<<<<<<<<<<<<<<<<<\n" + l2
}

// td1Long is an identity card whose number runs over nine characters into
// the optional data, its check digit after it.
func td1Long() string {
	num := "X4RTBPFW4123"
	l1 := "IDFRA" + num[:9] + "<" + num[9:] + mrzDigit(num)
	l1 += strings.Repeat("<", 30-len(l1))
	l2 := "9007138M3002119FRA<<<<<<<<<<<"
	l2 += mrzDigit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
	return l1 + "\n" + l2 + "\nDUPONT<<PAUL<<<<<<<<<<<<<<<<<<"
}

func mrzDigit(s string) string { return string(rune('0' + mrzSum([]byte(s), 0)%10)) }

// A number of someone born in 2000 opens with 00, as a number dialled
// abroad does: with its word it is the id, not a phone.
func TestEUIDsBornIn2000(t *testing.T) {
	c := testCatalog(t, Options{})
	for _, tc := range []struct{ typ, text string }{
		{"bg_egn", "EGN 8001010287"}, // a valid NHS number too: the word decides
		{"bg_egn", "ЕГН: 0043162236"},
		{"cz_sk_birth_number", "rodné číslo 0001010009"},
	} {
		got, _ := c.Find([]byte(tc.text), testMinConf)
		if !hasType(got, tc.typ) || len(got) != 1 {
			t.Errorf("%q: %v, want %s", tc.text, got, tc.typ)
		}
	}
}
