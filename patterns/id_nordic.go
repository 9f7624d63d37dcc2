package patterns

// nordicFamily holds what the Nordic birth-date ids share: the shape
// DDMMYY or YYMMDD, a sign, four more characters (Swedish, Danish and
// Finnish ids), and the word personnummer, which Sweden, Denmark and
// Norway all use. Each type's own family holds the rest.
func nordicFamily() Family {
	return Family{
		Detectors: []Detector{
			// YYMMDD-NNNN / YYMMDD+NNNN / YYYYMMDD-NNNN (SE), DDMMYY-SSSS
			// (DK), DDMMYY, century sign, ZZZ and check character (FI).
			{`\b(?:\d{2})?\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b`, []string{"fi_hetu", "se_personnummer", "dk_cpr"}, "", 0, 155},
		},
		Fields: []FieldRule{
			{Names: []string{"personnummer", "personnr", "person_nr"}, Types: []string{"se_personnummer", "no_fodselsnummer", "dk_cpr"}},
		},
	}
}
