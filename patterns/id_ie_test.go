package patterns

import "testing"

func TestIEPPSNValid(t *testing.T) {
	testIDVectors(t, idVectors{name: "IEPPSNValid", f: IEPPSNValid,
		valid: []string{"8765432EA", "2345678IW", "3456789U", "6543210UH"},
		invalid: []string{
			"8765432EB", // the second letter counts in the check
			"3456789T",  // wrong check letter
			"2345678IX", // no such second letter
			"0000000W",  // seven zeros
			"345678U",
		}})
	testSameNorm(t, "ie_ppsn", "8765432EA", "8765432ea", "8765432 EA")
}
