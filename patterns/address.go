package patterns

// addressFamily is street addresses.
func addressFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "street_address", Category: CategoryLocation, Description: "Street address", Validator: "street-type words in six languages",
				Check: checkAddress, Normalize: normText, Mask: maskKeepFirstLast(0, 0), Keywords: kwAddress,
				Examples: []string{"lives at 221B Baker Street, London", "12 rue de la Paix, 75002 Paris", "Hauptstraße 5, 10115 Berlin",
					"Calle Mayor 12, Madrid", "Via Roma 10, Milano", "Kerkstraat 12, Amsterdam"},
				NotExamples: []string{"step 3 of the way", "a 5 star hotel"}},
		},
		Detectors: []Detector{
			// Street addresses: number first (EN, FR), number last (DE, NL, ES, IT).
			{`\b\d{1,5}[A-Za-z]?,?[ ]+(?:` + reCapWord + `[ ]+){1,4}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Place|Pl|Way|Close|Terrace|Crescent|Square|Sq|Gardens|Grove|Hill|Park|` +
				`STREET|ROAD|AVENUE|LANE|DRIVE|BOULEVARD|COURT|PLACE|WAY|CLOSE|TERRACE|CRESCENT|SQUARE|GARDENS|GROVE|HILL|PARK)\b\.?|` +
				`\b\d{1,4}(?:[ ]?(?:bis|ter))?,?[ ]+(?i:rue|avenue|av\.|boulevard|bd|place|impasse|allée|chemin|quai|route|cours|square)[ ]+(?:(?i:de|du|des|la|le|l'|d')[ ]*)*` + reCapWord + `(?:[ ]+(?:(?i:de|du|des|la|le)[ ]+)?` + reCapWord + `){0,3}|` +
				`\b` + reUpper + reLower + `*(?:straße|strasse|str\.|weg|allee|platz|gasse|ring|damm|ufer|straat|laan|plein|gracht|kade|dijk|singel|steeg)[ ]+\d{1,4}[ ]?[a-zA-Z]?\b|` +
				`\b(?:` + reCapWord + `[ ]+)(?:Straße|Strasse|Str\.|Weg|Allee|Platz|Gasse|Ring)[ ]+\d{1,4}[a-zA-Z]?\b|` +
				`\b(?:Calle|C/|Avenida|Avda\.|Plaza|Paseo|Camino|Carrer|Ronda|Via|Viale|Piazza|Piazzale|Corso|Largo|Vicolo|Strada)[ ]+(?:(?i:de|del|de la|de los|dei|della|delle|degli|di)[ ]+)?` +
				reCapWord + `(?:[ ]+` + reCapWord + `){0,3},?[ ]*(?:(?i:n|nº|no|n°)\.?[ ]*)?\d{1,4}\b`, []string{"street_address"}, "", passContext, 20},
		},
		Fields: []FieldRule{
			{Names: []string{"address", "street", "street_address", "address_line", "address_line1", "address_line_1", "address1", "addr", "line1",
				"adresse", "rue", "voie", "strasse", "straße", "anschrift", "direccion", "dirección", "domicilio", "calle",
				"indirizzo", "via", "straat", "adres", "straatnaam", "ulica"},
				Types: []string{"street_address"}, Detect: true},
		},
	}
}

var (
	kwAddress = []string{"address", "addr", "street", "adresse", "anschrift", "straße", "dirección", "direccion", "domicilio", "indirizzo", "residenza", "adres", "woonadres", "ship", "shipping", "billing", "lieferadresse", "rechnungsadresse", "livraison"}
)

// checkAddress accepts what the address detector found; the street-type
// word in the pattern is the evidence.
func checkAddress(v []byte, env *Env) (Span, float64, bool) {
	end := len(v)
	for end > 0 && (v[end-1] == ' ' || v[end-1] == ',') {
		end--
	}
	return Span{0, end}, 0.65, true
}
