package patterns

import (
	"math/big"
	"math/rand"
	"strconv"
	"testing"
)

// Every valid vector below was checked against a second, independent
// implementation of the published rule (a Python script written from the
// official definitions / python-stdnum's algorithms) before being used;
// many are the examples that python-stdnum itself documents. Comments show
// the arithmetic where it is short enough to redo by hand.

type ckVec struct {
	in   string
	want bool
}

func ckRunVecs(t *testing.T, name string, f func([]byte) bool, vecs []ckVec) {
	t.Helper()
	for _, v := range vecs {
		if got := f([]byte(v.in)); got != v.want {
			t.Errorf("%s(%q) = %v, want %v", name, v.in, got, v.want)
		}
	}
}

// ckLuhnRef is a second Luhn implementation: double every second digit from
// the right and sum the digits of the products.
func ckLuhnRef(s string) bool {
	sum := 0
	for i := 0; i < len(s); i++ {
		d := int(s[len(s)-1-i] - '0')
		if i%2 == 1 {
			d = d*2/10 + d*2%10
		}
		sum += d
	}
	return sum%10 == 0
}

func TestLuhnValid(t *testing.T) {
	ckRunVecs(t, "LuhnValid", LuhnValid, []ckVec{
		{"4111111111111111", true},
		{"5555555555554444", true},
		{"378282246310005", true},
		{"6011111111111117", true},
		{"3530111333300000", true},
		{"2223003122003222", true},
		{"79927398713", true}, // the classic example: sum 70
		{"18", true},          // 1*2 + 8 = 10
		{"4111111111111112", false},
		{"79927398710", false},
		{"5555555555554445", false},
		{"0", false},  // too short
		{"00", false}, // all zeros
		{"0000000000000000", false},
		{"4111-1111", false},
		{"411111111111111A", false},
		{"", false},
	})
	// Cross-check against the reference on random digit strings.
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 5000; i++ {
		b := make([]byte, 2+r.Intn(20))
		for j := range b {
			b[j] = byte('0' + r.Intn(10))
		}
		zeros := true
		for _, c := range b {
			zeros = zeros && c == '0'
		}
		if want := ckLuhnRef(string(b)) && !zeros; LuhnValid(b) != want {
			t.Fatalf("LuhnValid(%s) = %v, reference says %v", b, !want, want)
		}
	}
}

func TestChecksumCardBrand(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"4111111111111111", "visa"},
		{"4222222222222", "visa"},       // 13 digits
		{"4111111111111111110", "visa"}, // 19 digits
		{"41111111111111", ""},          // 14 digits: no visa length
		{"5555555555554444", "mastercard"},
		{"5105105105105100", "mastercard"},
		{"2223003122003222", "mastercard"},
		{"2720990000000000", "mastercard"},
		{"2221000000000009", "mastercard"},
		{"2220990000000000", ""},
		{"2721000000000000", ""},
		{"5555555555554", ""}, // 13 digits
		{"378282246310005", "amex"},
		{"371449635398431", "amex"},
		{"3782822463100050", ""}, // 16 digits
		{"6011111111111117", "discover"},
		{"6445644564456445", "discover"},
		{"6500000000000002", "discover"},
		{"6221260000000000", "discover"},
		{"6229250000000000000", "discover"},
		{"6221250000000000", "unionpay"},
		{"6229260000000000", "unionpay"},
		{"6200000000000005", "unionpay"},
		{"3530111333300000", "jcb"},
		{"3566002020360505", "jcb"},
		{"3527000000000000", ""},
		{"30569309025904", "diners"},
		{"36227206271667", "diners"},
		{"38520000023237", "diners"},
		{"3056930902590", ""}, // 13 digits
		{"6759649826438453", "maestro"},
		{"6304000000000000", "maestro"},
		{"5018000000000009", "maestro"},
		{"501800000000", "maestro"}, // 12 digits
		{"1234567890123456", ""},
		{"411111111111111X", ""},
		{"", ""},
		{"4", ""},
		{"41111111111111111111", ""}, // 20 digits
	} {
		if got := CardBrand([]byte(c.in)); got != c.want {
			t.Errorf("CardBrand(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// ckIBANRef is a second IBAN check computed with math/big: move the first
// four characters to the end, replace letters by 10..35, take mod 97.
func ckIBANRef(s string) bool {
	r := s[4:] + s[:4]
	digits := ""
	for i := 0; i < len(r); i++ {
		c := r[i]
		switch {
		case c >= '0' && c <= '9':
			digits += string(c)
		case c >= 'A' && c <= 'Z':
			digits += strconv.Itoa(int(c-'A') + 10)
		default:
			return false
		}
	}
	n, ok := new(big.Int).SetString(digits, 10)
	return ok && new(big.Int).Mod(n, big.NewInt(97)).Int64() == 1
}

func TestIBANValid(t *testing.T) {
	valid := []string{
		"GB82WEST12345698765432",
		"DE89370400440532013000",
		"FR1420041010050500013M02606",
		"NL91ABNA0417164300",
		"ES9121000418450200051332",
		"IT60X0542811101000000123456",
		"BE68539007547034",
		// SWIFT registry examples of less common countries.
		"NO9386011117947",
		"UA213223130000026007233566001",
		"RU0304452522540817810538091310419",
		"LC55HEMM000100010012001200023015",
		"SC18SSCB11010000000000001497USD",
		"BI4210000100010000332045181",
		"EG380019000500000000263180002",
		"MT84MALT011000012345MTLCAST001S",
		"BR1800360305000010009795493C1",
		"LY83002048000020100120361",
	}
	for _, s := range valid {
		if !ckIBANRef(s) {
			t.Fatalf("reference rejects test vector %s", s)
		}
		if !IBANValid([]byte(s)) {
			t.Errorf("IBANValid(%q) = false, want true", s)
		}
		// Every single-digit change breaks mod 97 (the reference agrees).
		for i := 2; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				continue
			}
			b := []byte(s)
			b[i] = '0' + (b[i]-'0'+1)%10
			if IBANValid(b) || ckIBANRef(string(b)) {
				t.Errorf("IBANValid(%q) = true after changing position %d", b, i)
			}
		}
	}
	ckRunVecs(t, "IBANValid", IBANValid, []ckVec{
		{"GB82WEST12345698765433", false},
		{"DE89370400440532013001", false},
		{"DE8937040044053201300", false},   // too short
		{"DE893704004405320130000", false}, // too long
		{"XX89370400440532013000", false},  // not a registry country
		{"US64SVBKUS6S3300958879", false},  // the US has no IBAN
		{"gb82WEST12345698765432", false},  // not upper case
		{"GB82WEST1234569876543!", false},
		// mod 97 holds, but the BBAN breaks the registry structure
		// (DE is 18 digits; GB's bank code is 4 letters):
		{"DE0537040044053201300A", false},
		{"GB68W1ST12345698765432", false},
		{"", false},
		{"GB", false},
		{"GB82", false},
	})
	// The structure-only failures above pass the plain mod-97 check.
	for _, s := range []string{"DE0537040044053201300A", "GB68W1ST12345698765432"} {
		if !ckIBANRef(s) {
			t.Errorf("vector %s was meant to pass mod 97", s)
		}
	}
	// Check digits 00, 01 and 99 are never valid, whatever mod 97 says.
	for _, s := range []string{"GB00WEST12345698765432", "GB01WEST12345698765432", "GB99WEST12345698765432"} {
		if IBANValid([]byte(s)) {
			t.Errorf("IBANValid(%q) = true, want false", s)
		}
	}
	if IBANLength([]byte("DE")) != 22 || IBANLength([]byte("NO")) != 15 ||
		IBANLength([]byte("RU")) != 33 || IBANLength([]byte("US")) != 0 ||
		IBANLength([]byte("d")) != 0 || IBANLength(nil) != 0 {
		t.Error("IBANLength disagrees with the SWIFT registry")
	}
}

// TestChecksumIBANRegistryLengths pins the table to published lengths.
func TestChecksumIBANRegistryLengths(t *testing.T) {
	want := map[string]int{
		"DE": 22, "FR": 27, "GB": 22, "NL": 18, "ES": 24, "IT": 27, "BE": 16,
		"CH": 21, "AT": 20, "PL": 28, "PT": 25, "IE": 22, "LU": 20, "SE": 24,
		"NO": 15, "DK": 18, "FI": 18, "GR": 27, "CY": 28, "MT": 31, "LC": 32,
		"RU": 33, "UA": 29, "BR": 29, "SA": 24, "AE": 23, "TR": 26, "HU": 28,
		"CZ": 24, "SK": 24, "SI": 19, "HR": 21, "BG": 22, "RO": 24, "EE": 20,
		"LV": 21, "LT": 20, "IS": 26, "LI": 21, "MC": 27, "SM": 27, "VA": 22,
	}
	for cc, n := range want {
		if got := IBANLength([]byte(cc)); got != n {
			t.Errorf("IBANLength(%s) = %d, want %d", cc, got, n)
		}
	}
	if len(ckIBANRegistry) < 80 {
		t.Errorf("registry has %d countries, want all (89)", len(ckIBANRegistry))
	}
	seen := map[string]bool{}
	for _, e := range ckIBANRegistry {
		if seen[e.cc] {
			t.Errorf("duplicate registry entry %s", e.cc)
		}
		seen[e.cc] = true
		if n := IBANLength([]byte(e.cc)); n < 15 || n > 34 {
			t.Errorf("%s: length %d out of range", e.cc, n)
		}
	}
}

func TestSSNValid(t *testing.T) {
	ckRunVecs(t, "SSNValid", SSNValid, []ckVec{
		{"536904399", true},
		{"001010001", true},
		{"899999999", true},
		{"078051120", false}, // Woolworth wallet card
		{"219099999", false}, // SSA advertising
		{"123456789", false},
		{"000123456", false},
		{"666123456", false},
		{"900123456", false},
		{"999123456", false},
		{"536004399", false}, // group 00
		{"536900000", false}, // serial 0000
		{"53690439", false},
		{"5369043990", false},
		{"53690439A", false},
	})
}

func TestNINOValid(t *testing.T) {
	ckRunVecs(t, "NINOValid", NINOValid, []ckVec{
		{"AB123456C", true},
		{"JG103759A", true},
		{"CE123456D", true},
		{"BG123456A", false}, // prefix never allocated
		{"GB123456A", false},
		{"KN123456A", false},
		{"NK123456A", false},
		{"NT123456A", false},
		{"TN123456A", false},
		{"ZZ123456A", false},
		{"QQ123456C", false}, // Q never first
		{"DA123456A", false}, // D never first
		{"AO123456A", false}, // O never second
		{"AD123456A", false},
		{"AB123456E", false}, // suffix A-D only
		{"AB123456", false},  // suffix required
		{"AB12345C", false},
		{"ab123456c", false},
		{"A1123456C", false},
		{"AB12345XC", false},
	})
}

func TestNHSValid(t *testing.T) {
	ckRunVecs(t, "NHSValid", NHSValid, []ckVec{
		// 9*10+4*9+3*8+4*7+7*6+6*5+5*4+9*3+1*2 = 299; 299%11 = 2; 11-2 = 9.
		{"9434765919", true},
		{"9434765870", true},
		{"9434765918", false},
		{"9434765871", false},
		// 100000001: sum 10+2 = 12, 12%11 = 1, 11-1 = 10: never issued.
		{"1000000010", false},
		{"1000000011", false},
		// 111111111: sum 54, 54%11 = 10, check 1: passes mod 11 but is a
		// repeated digit.
		{"1111111111", false},
		{"0000000000", false},
		{"943476591", false},
		{"94347659190", false},
		{"943476591X", false},
	})
}

func TestDNIValid(t *testing.T) {
	ckRunVecs(t, "DNIValid", DNIValid, []ckVec{
		{"12345678Z", true}, // 12345678 % 23 = 14 -> Z
		{"54362315K", true},
		{"12345678A", false},
		{"1234567Z", false},
		{"123456789", false},
		{"X1234567L", false},
	})
}

func TestNIEValid(t *testing.T) {
	ckRunVecs(t, "NIEValid", NIEValid, []ckVec{
		{"X1234567L", true}, // 01234567 % 23 = 19 -> L
		{"X2482300W", true},
		{"Y1234567X", true}, // 11234567 % 23 = 10 -> X
		{"Z1234567R", true}, // 21234567 % 23 = 1 -> R
		{"X2482300A", false},
		{"A1234567L", false},
		{"X123456L", false},
		{"12345678Z", false},
	})
}

func TestItalianFiscalCodeValid(t *testing.T) {
	ckRunVecs(t, "ItalianFiscalCodeValid", ItalianFiscalCodeValid, []ckVec{
		{"RSSMRA85T10A562S", true},
		{"RCCMNL83S18D969H", true},
		{"CNTCHR83T41D969D", true},  // woman: day 41 = 1st
		{"RSSMRA85T50A562W", true},  // woman: day 50 = 10th
		{"RSSMRA85T10A56NH", true},  // omocodia: 2 -> N at position 15
		{"RSSMRA8RT1MA5MNQ", true},  // omocodia in year, day and place
		{"RSSMRA84B29A562Y", true},  // 29 February, leap year
		{"RSSMRA00B29A562C", true},  // 00 may be 2000
		{"RSSMRA83B29A562X", false}, // check right, but 1983 not leap
		{"RSSMRA85B30A562G", false}, // check right, but 30 February
		{"RSSMRA85T32A562Y", false}, // check right, but day 32
		{"RSSMRA85T72A562C", false}, // check right, but day 72
		{"RSSMRA85T10A562T", false}, // wrong check letter
		{"RSSMRA85T10A562", false},
		{"RSSMRA85F10A562S", false}, // F is not a month letter
		{"RSSMRA85T10A5A2S", false}, // A cannot replace a digit
		{"1SSMRA85T10A562S", false},
	})
}

func TestPESELValid(t *testing.T) {
	ckRunVecs(t, "PESELValid", PESELValid, []ckVec{
		// 4*1+4*3+0*7+5*9+1*1+4*3+0*7+1*9+3*1+5*3 = 101; (10-1)%10 = 9.
		{"44051401359", true},
		{"02070803628", true}, // 1902-07-08
		{"02211307589", true}, // 2002-01-13
		{"00222912349", true}, // 2000-02-29
		{"96022912346", true}, // 1996-02-29
		{"00410112340", true}, // 2100-01-01
		{"00610112346", true}, // 2200-01-01
		{"44051401358", false},
		{"02381307589", false}, // month 18 of the 2000s
		{"00022912343", false}, // 1900-02-29: check right, not leap
		{"00822912347", false}, // 1800-02-29: check right, not leap
		{"99133112344", false}, // month 13
		{"00000000000", false},
		{"4405140135", false},
	})
}

func TestBSNValid(t *testing.T) {
	ckRunVecs(t, "BSNValid", BSNValid, []ckVec{
		// 1*9+1*8+1*7+2*6+2*5+2*4+3*3+3*2-3*1 = 66 = 6*11.
		{"111222333", true},
		{"123456782", true},
		{"12345672", true}, // 8 digits = 012345672
		{"123456789", false},
		{"111222334", false},
		{"000000000", false},
		{"00000000", false},
		{"1234567", false},
		{"1234567890", false},
		{"12345678A", false},
	})
}

func TestNIRValid(t *testing.T) {
	ckRunVecs(t, "NIRValid", NIRValid, []ckVec{
		// 1850578006084 % 97 = 6; 97 - 6 = 91.
		{"185057800608491", true},
		{"295109912611193", true},
		{"285254212345670", true}, // month 25 (unknown-month range)
		{"253072B07300470", true}, // Corsica 2B counted as 18
		{"253072A07300443", true}, // Corsica 2A counted as 19
		{"185057800608436", false},
		{"295109912611199", false},
		{"253072C07300443", false},
		{"585057800608485", false}, // key right, sex 5 not used
		{"185137800608425", false}, // key right, month 13
		{"185009912345624", false}, // key right, month 00
		{"18505780060849", false},
		{"1850578006084910", false},
	})
}

func TestDETaxIDValid(t *testing.T) {
	ckRunVecs(t, "DETaxIDValid", DETaxIDValid, []ckVec{
		{"86095742719", true}, // 7 twice
		{"47036892816", true}, // 8 twice
		{"36574261809", true},
		{"11213456783", true},  // 1 three times, not consecutive
		{"12113456784", true},  // 1 three times, two adjacent
		{"86095742718", false}, // wrong check digit
		{"36554266806", false}, // two digits repeated
		{"11123456786", false}, // check right, 1 three times in a row
		{"11223456785", false}, // check right, two digits repeated
		{"12345678903", false}, // check right, no digit repeated
		{"12111456785", false}, // check right, 1 four times
		{"01234567890", false}, // leading 0
		{"8609574271", false},
		{"860957427190", false},
	})
}

func TestValidDate(t *testing.T) {
	for _, c := range []struct {
		y, m, d int
		want    bool
	}{
		{2000, 2, 29, true},
		{2024, 2, 29, true},
		{1900, 2, 29, false},
		{2023, 2, 29, false},
		{2023, 2, 28, true},
		{2023, 4, 30, true},
		{2023, 4, 31, false},
		{2023, 12, 31, true},
		{2023, 13, 1, false},
		{2023, 0, 1, false},
		{2023, 1, 0, false},
		{2023, 1, 32, false},
		{0, 1, 1, false},
		{-4, 2, 29, false},
	} {
		if got := ValidDate(c.y, c.m, c.d); got != c.want {
			t.Errorf("ValidDate(%d, %d, %d) = %v, want %v", c.y, c.m, c.d, got, c.want)
		}
	}
}

func TestEUVATValid(t *testing.T) {
	ckRunVecs(t, "EUVATValid", EUVATValid, []ckVec{
		{"ATU13585627", true},
		{"ATU13585626", false},
		{"AT13585627", false},
		{"BE0428759497", true}, // 4287594 % 97 = 0 -> 97 - (04287594 % 97) = 97
		{"BE428759497", true},  // old 9-digit form
		{"BE0431150351", false},
		{"BE2428759497", false},
		{"BG175074752", true},
		{"BG175074751", false},
		{"BG7523169263", true}, // 10 digits: format only
		{"CY10259033P", true},
		{"CY10259033Z", false},
		{"CZ25123891", true},
		{"CZ25123890", false},
		{"CZ7103192745", true}, // birth number, divisible by 11
		{"CZ640903926", true},  // special 9-digit form
		{"DE136695976", true},
		{"DE136695978", false},
		{"DE036695976", false},
		{"DK13585628", true},
		{"DK13585627", false},
		{"EE100594102", true},
		{"EE100594103", false},
		{"EL094259216", true},
		{"EL123456781", false},
		{"ESB64717838", true},
		{"ESB64717839", false},
		{"ESJ99216582", true},
		{"ES54362315K", true},
		{"ESX5253868R", true},
		{"ESO1234567L", false},
		{"FI20774740", true},
		{"FI20774741", false},
		{"FR40303265045", true},
		{"FR23334175221", true},
		{"FR84323140391", false},
		{"FRK7399859412", true}, // new-style key
		{"FR4Z123456782", true},
		{"FRIO334175221", false}, // I and O are not key letters
		{"GB980780684", true},
		{"GB802311781", false},
		{"GB980780684001", true}, // with branch
		{"GBGD001", true},
		{"GBHA500", true},
		{"GBGD500", false},
		{"XI980780684", true},
		{"HR33392005961", true},
		{"HR33392005962", false},
		{"HU12892312", true},
		{"HU12892313", false},
		{"IE6433435F", true},
		{"IE6433435E", false},
		{"IE8D79739I", true},  // old style
		{"IE1234567FA", true}, // new style: 112 + 9*1 = 121, 121%23 = 6 -> F
		{"IE1234567TA", false},
		{"IE8?79739J", false},
		{"IT00743110157", true},
		{"IT00743110158", false},
		{"IT00743112157", false}, // office code 200
		{"LT119511515", true},
		{"LT100001919017", true},
		{"LT100004801610", true}, // second weighting round
		{"LT100001919018", false},
		{"LU15027442", true}, // 150274 % 89 = 42
		{"LU15027443", false},
		{"LV40003521600", true},
		{"LV40003521601", false},
		{"LV16117519997", true}, // personal code: format only
		{"MT11679112", true},
		{"MT11679113", false},
		{"NL004495445B01", true},
		{"NL002455799B11", true}, // mod 97 btw-identificatienummer
		{"NL123456789B90", false},
		{"NL004495445B00", false},
		{"NL004495445A01", false},
		{"PL8567346215", true},
		{"PL8567346216", false},
		{"PT501964843", true},
		{"PT501964842", false},
		{"RO18547290", true},
		{"RO18547291", false},
		{"SE556188840401", true},
		{"SE556188840402", false},
		{"SE556188840501", false},
		{"SI50223054", true},
		{"SI50223055", false},
		{"SK2022749619", true},
		{"SK2022749618", false},
		{"CHE107787577IVA", true},
		{"CHE100155212", true},
		{"CHE100155212MWST", true},
		{"CHE100155212TVA", true},
		{"CHE100155213", false},
		{"CHE107787578IVA", false},
		{"CHE100155212VAT", false},
		{"CH100155212", false},
		{"US123456789", false},
		{"de136695976", false},
		{"DE", false},
		{"", false},
	})
}

// ckValidators is every []byte validator, for the blanket tests.
var ckValidators = []struct {
	name  string
	f     func([]byte) bool
	valid string
}{
	{"LuhnValid", LuhnValid, "4111111111111111"},
	{"CardBrand", func(b []byte) bool { return CardBrand(b) != "" }, "4111111111111111"},
	{"IBANValid", IBANValid, "GB82WEST12345698765432"},
	{"SSNValid", SSNValid, "536904399"},
	{"NINOValid", NINOValid, "AB123456C"},
	{"NHSValid", NHSValid, "9434765919"},
	{"DNIValid", DNIValid, "12345678Z"},
	{"NIEValid", NIEValid, "X1234567L"},
	{"ItalianFiscalCodeValid", ItalianFiscalCodeValid, "RSSMRA85T10A562S"},
	{"PESELValid", PESELValid, "44051401359"},
	{"BSNValid", BSNValid, "111222333"},
	{"NIRValid", NIRValid, "253072B07300470"},
	{"DETaxIDValid", DETaxIDValid, "86095742719"},
	{"EUVATValid/DE", EUVATValid, "DE136695976"},
	{"EUVATValid/FR", EUVATValid, "FRK7399859412"},
	{"EUVATValid/NL", EUVATValid, "NL002455799B11"},
	{"EUVATValid/IE", EUVATValid, "IE1234567FA"},
	{"EUVATValid/ES", EUVATValid, "ESB64717838"},
	{"EUVATValid/CH", EUVATValid, "CHE107787577IVA"},
	{"EUVATValid/GB", EUVATValid, "GB980780684"},
}

func TestValidatorsRejectEmptyAndZeros(t *testing.T) {
	for _, v := range ckValidators {
		if v.f(nil) || v.f([]byte{}) {
			t.Errorf("%s accepts empty input", v.name)
		}
		for n := 0; n <= 40; n++ {
			b := make([]byte, n)
			for i := range b {
				b[i] = '0'
			}
			if v.f(b) {
				t.Errorf("%s accepts %d zeros", v.name, n)
			}
		}
	}
	if ValidDate(0, 0, 0) {
		t.Error("ValidDate(0, 0, 0) = true")
	}
}

func TestValidatorsVectorsValid(t *testing.T) {
	for _, v := range ckValidators {
		if !v.f([]byte(v.valid)) {
			t.Errorf("%s(%q) = false, want true", v.name, v.valid)
		}
	}
}

func TestValidatorsAllocFree(t *testing.T) {
	for _, v := range ckValidators {
		b := []byte(v.valid)
		f := v.f
		if n := testing.AllocsPerRun(100, func() { f(b) }); n != 0 {
			t.Errorf("%s allocates %v times per call", v.name, n)
		}
	}
	b := []byte("4111111111111111")
	if n := testing.AllocsPerRun(100, func() { _ = CardBrand(b) }); n != 0 {
		t.Errorf("CardBrand allocates %v times per call", n)
	}
	if n := testing.AllocsPerRun(100, func() { ValidDate(2000, 2, 29) }); n != 0 {
		t.Errorf("ValidDate allocates %v times per call", n)
	}
}

// TestValidatorsTruncations feeds every prefix and every one-byte
// corruption of each valid vector: no panic, whatever comes.
func TestValidatorsTruncations(t *testing.T) {
	for _, v := range ckValidators {
		for n := 0; n <= len(v.valid); n++ {
			v.f([]byte(v.valid[:n]))
		}
		for i := 0; i < len(v.valid); i++ {
			for _, c := range []byte{0, ' ', '0', '9', 'A', 'Z', 'a', 0xff} {
				b := []byte(v.valid)
				b[i] = c
				v.f(b)
			}
		}
	}
}

func FuzzValidators(f *testing.F) {
	for _, v := range ckValidators {
		f.Add([]byte(v.valid))
	}
	f.Add([]byte(""))
	f.Add([]byte("CHE"))
	f.Add([]byte("2A"))
	f.Add([]byte("\xff\x00ZZ"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, v := range ckValidators {
			v.f(b)
		}
		if LuhnValid(b) && (len(b) < 2 || !ckAllDigits(b)) {
			t.Errorf("LuhnValid accepted non-digits %q", b)
		}
		if CardBrand(b) != "" && (len(b) < 12 || len(b) > 19) {
			t.Errorf("CardBrand matched %d digits", len(b))
		}
		if IBANValid(b) && !ckIBANRef(string(b)) {
			t.Errorf("IBANValid(%q) disagrees with math/big", b)
		}
	})
}
