package patterns

import "testing"

func TestSEPersonnummerValid(t *testing.T) {
	testIDVectors(t, idVectors{name: "SEPersonnummerValid", f: SEPersonnummerValid,
		valid: []string{"6408233234", "196408233234", "7805914426", "0002291185", "200002291185"},
		invalid: []string{
			"6408233235",   // wrong Luhn digit
			"0302291232",   // right Luhn digit, 29 February 1903 / 2003
			"190002291185", // the century given: 29 February 1900
			"6413233230",   // month 13
			"640823323",
		}})
	testSameNorm(t, "se_personnummer", "640823-3234", "6408233234", "19640823-3234", "196408233234", "640823+3234")
}

func TestDKCPRValid(t *testing.T) {
	testIDVectors(t, idVectors{name: "DKCPRValid", f: DKCPRValid,
		valid: []string{
			"2405075121", // 2007: serial 5xxx and year up to 57
			"1506654799", // 1965: serial 4xxx and year after 36
			"2902843455", // 29 February 1984
			"2902004121", // 29 February 2000 (serial 4xxx, year 00)
		},
		invalid: []string{
			"3102075121", // 31 February
			"2902003121", // serial 3xxx: 1900, and 1900 had no 29 February
			"2913843455", // month 13
			"240507512",
		}})
	testSameNorm(t, "dk_cpr", "240507-5121", "2405075121")
}

func TestFIHETUValid(t *testing.T) {
	testIDVectors(t, idVectors{name: "FIHETUValid", f: FIHETUValid,
		valid: []string{"010594Y291A", "250107A345V", "150380+123P", "280764-6174", "290200A111W"},
		invalid: []string{
			"010594Y291B", // wrong check character
			"300284-617J", // right check character, 30 February
			"290200-111W", // the sign says 1900: no 29 February
			"010594G291A", // no such century sign
			"010594Y001?", // individual numbers start at 002
			"010594y291a", // the validator takes the upper-case form
		}})
	// The sign is part of the person: 1800s and 1900s are two people.
	c := testCatalog(t, Options{})
	ty, _ := c.TypeByID("fi_hetu")
	if c.Normalize(ty, "150380+123P") == c.Normalize(ty, "150380-123P") {
		t.Error("fi_hetu: the century sign was dropped from the hashed form")
	}
}

func TestNOFodselsnummerValid(t *testing.T) {
	testIDVectors(t, idVectors{name: "NOFodselsnummerValid", f: NOFodselsnummerValid,
		valid: []string{"15056547948", "24050751216", "41018012365"},
		invalid: []string{
			"15056547949", // second check digit wrong
			"15056547958", // first check digit wrong
			"29028334557", // right check digits, 29 February 1983
			"29020011244", // individual number 112: 1900, no 29 February
			"01016080000", // individual number 800 with year 60: no century
			"1505654794",
		}})
	testSameNorm(t, "no_fodselsnummer", "150565 47948", "15056547948")
}
