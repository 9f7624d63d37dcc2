package patterns

// digitsFamily is the bare run of digits that several numeric types share;
// it has no type of its own.
func digitsFamily() Family {
	return Family{
		Detectors: []Detector{
			// A bare run of digits, before the phone shapes: "00241226821" may
			// be a PESEL as well as a number dialled with 00.
			{`\b\d{9,19}\b`, []string{"credit_card", "fr_nir", "de_tax_id", "pl_pesel", "uk_nhs", "nl_bsn", "phone", "us_ssn",
				"be_national_number", "at_social_insurance", "pt_nif", "se_personnummer", "dk_cpr", "no_fodselsnummer",
				"cz_sk_birth_number", "bg_egn", "hr_oib", "ee_lt_personal_code", "ro_cnp", "si_emso"}, "", 0, 170},
		},
	}
}
