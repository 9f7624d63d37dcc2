package patterns

import "testing"

func TestBENationalNumberValid(t *testing.T) {
	testIDVectors(t, idVectors{name: "BENationalNumberValid", f: BENationalNumberValid,
		valid: []string{
			"90020101120", // born 1990
			"05031412595", // born 2005: the check is over 2 followed by the nine digits
			"00022901729", // 29 February 2000
			"92261508725", // BIS number, month + 20
			"71440930263", // BIS number, month + 40
			"64050012392", // day unknown
			"48000020131", // month and day unknown
		},
		invalid: []string{
			"90020101121", // wrong check
			"90020101220", // wrong serial for its check
			"90023001123", // 30 February
			"00022901797", // 29 February 1900 (the 1900 check): no such day
			"90130101104", // month 13
			"9002010112",  // ten digits
			"9002010112A",
		}})
	testSameNorm(t, "be_national_number", "90.02.01-011.20", "90020101120", "900201-01120", "900201-011.20")
}
