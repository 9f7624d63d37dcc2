package patterns

import "testing"

func TestPTNIFValid(t *testing.T) {
	testIDVectors(t, idVectors{name: "PTNIFValid", f: PTNIFValid,
		valid: []string{"234567899", "314159266", "192837460", "283746505", "451234561", "459876546"},
		invalid: []string{
			"234567898", // wrong check digit
			"501234560", // a company's number, not a person's
			"441234567", // 4 is a person's only as 45
			"23456789",
		}})
	testSameNorm(t, "pt_nif", "234 567 899", "234567899", "234.567.899")
}
