package patterns

import "testing"

func TestATSocialInsuranceValid(t *testing.T) {
	testIDVectors(t, idVectors{name: "ATSocialInsuranceValid", f: ATSocialInsuranceValid,
		valid: []string{"4210241265", "2566300490", "6007140302", "1037010100"},
		invalid: []string{
			"4211241265", // wrong check digit
			"4210241266", // a date digit changed: the check no longer holds
			"7888290283", // right check digit, 29 February 1983 / 2083
			"0210241265", // the serial never starts with 0
			"421024126",
		}})
	testSameNorm(t, "at_social_insurance", "4210 241265", "4210241265")
}
