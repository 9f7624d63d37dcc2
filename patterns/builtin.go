package patterns

// The built-in catalog. Regexes run in ASCII mode over raw bytes (see
// Compile): \d, \w and \b are ASCII, and non-ASCII letters in a pattern
// are rewritten to their UTF-8 bytes. Horizontal space is [ \t], never \s,
// so that no match spans two lines (or two CSV rows).

// Fragments shared by several patterns.
const (
	// An upper-case letter, ASCII or a Latin-1 accented capital (UTF-8 C3 80-9E).
	reUpper = `(?:[A-Z]|\xC3[\x80-\x9E])`
	// A lower-case letter, ASCII or any other UTF-8 continuation of Latin text.
	reLower = `(?:[a-z]|\xC3[\x9F-\xBF]|\xC5[\x80-\xBF])`
	// A capitalised word: a name or a street name.
	reCapWord = reUpper + reLower + `+(?:[-'](?:` + reUpper + `|[a-z])` + reLower + `+)?`
	reMonths  = `(?i:jan(?:uary|vier|uar|uari)?|feb(?:ruary|ruar|ruari|braio)?|février|fevrier|febrero|` +
		`mar(?:ch|s|zo|tha)?|märz|maart|apr(?:il|ile)?|avril|abril|may|mai|mayo|maggio|mei|` +
		`june?|juin|juni|junio|giugno|july?|juillet|juli|julio|luglio|aug(?:ust|ustus)?|août|agosto|` +
		`sept?(?:ember)?|septembre|septiembre|settembre|oct(?:ober)?|octobre|oktober|octubre|ottobre|` +
		`nov(?:ember)?|novembre|noviembre|dec(?:ember)?|décembre|dezember|diciembre|dicembre|` +
		`enero|gennaio|janvier|januar|januari|febbraio)`
	reTitle = `(?:(?i:mr|mrs|ms|miss|dr|prof|frau|herr|heer|sr|sra|srta|señor|señora|sig|sig\.ra|signor|signora|dhr|mevr|mevrouw|madame|monsieur|mme|mlle|don|doña)\.?[ \t]+)`
	// Two to four name words, with the particles of several languages.
	reName = reCapWord + `(?:[ ]+(?:(?:van|von|de|der|den|del|della|di|da|du|le|la|dos|das|ten|ter|y|zu)[ ]+)*` + reCapWord + `){0,3}`
	reDay  = `(?:0?[1-9]|[12]\d|3[01])`
	reMon  = `(?:0?[1-9]|1[0-2])`
	reYear = `(?:19|20)\d{2}`
)

// passContext is the pass of the detectors led by words (names,
// addresses); the others run in pass 0.
const passContext = 1

// BuiltinDetectors lists the regexes in priority order: where two match at
// the same position, the earlier wins (leftmost-first), so distinctive
// shapes come before generic digit runs.
func BuiltinDetectors() []Detector {
	return []Detector{
		{`[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}\b`, []string{"email"}, "", 0, 0},
		{`\b(?i:https?)://[A-Za-z0-9.-]{1,253}(?::\d{1,5})?(?:[/?#][^ \t\r\n"'<>@\x60\\|]*)?`, []string{"url"}, "", 0, 0},
		{`\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b`, []string{"iban", "eu_vat"}, "", 0, 0},
		{`\b(?:ATU\d{8}|BE[ ]?[01]\d{3}\.?\d{3}\.?\d{3}|BG\d{9,10}|CY\d{8}[A-Z]|CZ\d{8,10}|DE[ ]?\d{9}|DK[ ]?\d{8}|EE\d{9}|EL\d{9}|` +
			`ES[ ]?[A-Z0-9]\d{7}[A-Z0-9]|FI\d{8}|FR[ ]?[A-HJ-NP-Z0-9]{2}[ ]?\d{9}|HR\d{11}|HU\d{8}|IE\d[A-Z0-9+*]\d{5}[A-W][A-I]?|` +
			`IT[ ]?\d{11}|LT(?:\d{9}|\d{12})|LU\d{8}|LV\d{11}|MT\d{8}|NL[ ]?\d{9}B\d{2}|PL[ ]?\d{10}|PT[ ]?\d{9}|RO\d{2,10}|` +
			`SE[ ]?\d{10}01|SI\d{8}|SK\d{10}|(?:GB|XI)[ ]?(?:\d{3}[ ]?\d{4}[ ]?\d{2}(?:[ ]?\d{3})?|GD\d{3}|HA\d{3})|CHE[-. ]?\d{3}\.?\d{3}\.?\d{3})\b`, []string{"eu_vat"}, "", 0, 0},
		{`\b(?i:[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z])\b`, []string{"it_fiscal_code"}, "", 0, 0},
		{`\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][ ]?\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?[A-D]\b`, []string{"uk_nino"}, "", 0, 0},
		{`\b[XYZxyz][ -]?\d{7}[ -]?[A-Za-z]\b`, []string{"es_nie"}, "", 0, 0},
		{`\b\d{8}[ -]?[A-Za-z]\b`, []string{"es_dni"}, "", 0, 0},
		{`\b(?:[0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}\b|\b(?:[0-9A-Fa-f]{2}-){5}[0-9A-Fa-f]{2}\b|\b[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\b`, []string{"mac_address"}, "", 0, 0},
		// IPv6: the full eight groups, or a compressed form (it has "::").
		// Times like 10:00:00 have neither, and stay out of the candidates.
		{`\b(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}\b|` +
			`(?:\b[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?::(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6}(?::(?:\d{1,3}\.){3}\d{1,3})?\b|(?:\d{1,3}\.){3}\d{1,3}\b)?`, []string{"ipv6"}, "", 0, 0},
		{`\b(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\b`, []string{"ipv4"}, "", 0, 0},
		{`\b[2-6]\d{3}(?:[ -]\d{4}){2}[ -]\d{1,7}\b|\b3[47]\d{2}[ -]\d{6}[ -]\d{5}\b|\b3[068]\d{2}[ -]\d{6}[ -]\d{4}\b`, []string{"credit_card"}, "", 0, 0},
		{`\b\d{3}-\d{2}-\d{4}\b|\b\d{3} \d{2} \d{4}\b`, []string{"us_ssn"}, "", 0, 0},
		{`\b[12378][ ]?\d{2}[ ]?(?:0[1-9]|1[0-2]|[2-9]\d)[ ]?(?:\d{2}|2[ABab])[ ]?\d{3}[ ]?\d{3}[ ]?\d{2}\b`, []string{"fr_nir", "credit_card", "phone"}, "", 0, 0},
		{`\b\d{4}\.\d{2}\.\d{3}\b`, []string{"nl_bsn"}, "", 0, 0},
		// Dates: day-first and ISO numeric forms, and written months in six languages.
		{`\b` + reDay + `[./-]` + reMon + `[./-]` + reYear + `\b|\b` + reMon + `/` + reDay + `/` + reYear + `\b|\b` + reYear + `-` + reMon + `-` + reDay + `\b|\b` + reYear + `/` + reMon + `/` + reDay + `\b|` +
			`\b` + reDay + `(?:\.|st|nd|rd|th|er|º)?[ \t]+(?:de[ \t]+)?` + reMonths + `\.?(?:[ \t]+de)?,?[ \t]+` + reYear + `\b|` +
			`\b` + reMonths + `\.?[ \t]+` + reDay + `(?:st|nd|rd|th)?,?[ \t]+` + reYear + `\b`, []string{"date_of_birth"}, "", 0, 0},
		// A bare run of digits, before the phone shapes: "00241226821" may
		// be a PESEL as well as a number dialled with 00.
		{`\b\d{9,19}\b`, []string{"credit_card", "fr_nir", "de_tax_id", "pl_pesel", "uk_nhs", "nl_bsn", "phone"}, "", 0, 0},
		// Phones: international (+CC or 00CC), national with a trunk 0, and
		// grouped forms without one (NANP, Spanish, Italian mobiles).
		{`(?:\+|\b00)[1-9]\d{0,3}(?:[ .-]?\(0?\d{0,4}\))?(?:[ .\-/]?\d{1,6}){1,6}\b`, []string{"phone"}, "", 0, 0},
		{`\(0?\d{2,5}\)[ .-]?\d{2,4}(?:[ .-]?\d{2,4}){1,3}\b|\b0\d{1,4}(?:[ .\-/]\d{2,8}){1,4}\b`, []string{"phone", "uk_nhs"}, "", 0, 0},
		{`\b[1-9]\d{1,3}(?:[ .-]\d{2,4}){2,3}\b`, []string{"phone", "uk_nhs", "de_tax_id"}, "", 0, 0},
		{`\b[A-Z]{1,2}\d[A-Z\d]?[ ]?\d[ABD-HJLNP-UW-Z]{2}\b`, []string{"uk_postcode"}, "", 0, 0},
		// Names after a salutation or a label, in six languages.
		{`(?i:\b(?:name|full[ _]name|customer[ _]name|contact|dear|hi|hello|mr|mrs|ms|miss|dr|prof|nom|prénom|prenom|cher|chère|bonjour|madame|monsieur|mme|mlle|` +
			`herr|frau|hallo|liebe|lieber|geehrte|geehrter|sehr geehrte|sr|sra|srta|señor|señora|don|doña|estimado|estimada|hola|nombre|` +
			`sig|sig\.ra|signor|signora|gentile|caro|cara|ciao|nome|cognome|dhr|mevr|mevrouw|meneer|beste|geachte|naam|achternaam|voornaam))` +
			`\.?(?:[ \t]*:)?[ \t]+` + reTitle + `?` + reName + `|` +
			// Mail and ticket headers: "From: Mary Moore <mary@…>".
			`(?m:^)(?i:from|to|cc|reply-to|customer|client|requester|reported by|kunde|kundin|klant|cliente|destinataire|expéditeur|absender|empfänger|remitente|destinatario|mittente|afzender|ontvanger)` +
			`[ \t]*:[ \t]*"?` + reTitle + `?` + reName + `|` +
			// Signatures: a closing line, then the name alone on the next.
			`(?i:regards|best|thanks|thank you|cheers|sincerely|best wishes|warm wishes|cordialement|salutations|bien à vous|merci|merci d'avance|` +
			`grüßen|grüße|gruß|danke|vielen dank|saludos|un saludo|atentamente|gracias|saluti|cordiali saluti|grazie|groet|groeten|bedankt|dank u)` +
			`[ \t]*[,.!]?[ \t]*\r?\n[ \t]*` + reName + `[ \t]*\r?(?m:$)`, []string{"person_name"}, "", passContext, 0},
		// Street addresses: number first (EN, FR), number last (DE, NL, ES, IT).
		{`\b\d{1,5}[A-Za-z]?,?[ ]+(?:` + reCapWord + `[ ]+){1,4}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Place|Pl|Way|Close|Terrace|Crescent|Square|Sq|Gardens|Grove|Hill|Park|` +
			`STREET|ROAD|AVENUE|LANE|DRIVE|BOULEVARD|COURT|PLACE|WAY|CLOSE|TERRACE|CRESCENT|SQUARE|GARDENS|GROVE|HILL|PARK)\b\.?|` +
			`\b\d{1,4}(?:[ ]?(?:bis|ter))?,?[ ]+(?i:rue|avenue|av\.|boulevard|bd|place|impasse|allée|chemin|quai|route|cours|square)[ ]+(?:(?i:de|du|des|la|le|l'|d')[ ]*)*` + reCapWord + `(?:[ ]+(?:(?i:de|du|des|la|le)[ ]+)?` + reCapWord + `){0,3}|` +
			`\b` + reUpper + reLower + `*(?:straße|strasse|str\.|weg|allee|platz|gasse|ring|damm|ufer|straat|laan|plein|gracht|kade|dijk|singel|steeg)[ ]+\d{1,4}[ ]?[a-zA-Z]?\b|` +
			`\b(?:` + reCapWord + `[ ]+)(?:Straße|Strasse|Str\.|Weg|Allee|Platz|Gasse|Ring)[ ]+\d{1,4}[a-zA-Z]?\b|` +
			`\b(?:Calle|C/|Avenida|Avda\.|Plaza|Paseo|Camino|Carrer|Ronda|Via|Viale|Piazza|Piazzale|Corso|Largo|Vicolo|Strada)[ ]+(?:(?i:de|del|de la|de los|dei|della|delle|degli|di)[ ]+)?` +
			reCapWord + `(?:[ ]+` + reCapWord + `){0,3},?[ ]*(?:(?i:n|nº|no|n°)\.?[ ]*)?\d{1,4}\b`, []string{"street_address"}, "", passContext, 0},
	}
}

// Keyword lists (lower case, single words). Many are shared by types.
var (
	kwPhone = []string{"phone", "tel", "telephone", "mobile", "mob", "cell", "cellphone", "fax", "call", "whatsapp", "sms",
		"téléphone", "telephone", "portable", "tél", "mobile", "fixe",
		"telefon", "handy", "mobil", "mobilnummer", "rufnummer", "telefonnummer", "festnetz",
		"teléfono", "telefono", "móvil", "movil", "celular", "tfno", "tlf",
		"cellulare", "cell", "numero", "telefoon", "mobiel", "gsm", "telefoonnummer", "nummer",
		"telepono", "cep", "komórka", "komorka", "telefone", "telemóvel", "telemovel", "puhelin", "matkapuhelin", "mobiltelefon", "mobilnummer", "τηλέφωνο", "κινητό"}
	kwEmail = []string{"email", "mail", "e-mail", "mailto", "courriel", "adresse", "correo", "electrónico", "posta", "elettronica", "mailadres", "contact"}
	kwCard  = []string{"card", "credit", "debit", "visa", "mastercard", "amex", "cc", "pan", "carte", "bancaire", "crédit", "karte", "kreditkarte",
		"kartennummer", "tarjeta", "crédito", "credito", "carta", "kaart", "creditcard", "maestro"}
	kwIBAN = []string{"iban", "bank", "account", "bic", "swift", "rib", "compte", "bancaire", "konto", "kontonummer", "bankverbindung", "cuenta",
		"bancaria", "conto", "corrente", "rekening", "rekeningnummer", "sepa", "virement", "überweisung", "transferencia", "bonifico"}
	kwIP      = []string{"ip", "ipv4", "ipv6", "addr", "address", "client", "remote", "src", "dst", "source", "host", "from", "adresse", "dirección", "indirizzo", "adres"}
	kwMAC     = []string{"mac", "hwaddr", "ether", "bssid", "hardware", "device", "adresse", "wlan", "wifi"}
	kwSSN     = []string{"ssn", "social", "security", "ss#", "ssa", "tin", "taxpayer"}
	kwNINO    = []string{"nino", "ni", "national", "insurance", "nin"}
	kwNHS     = []string{"nhs", "health", "patient", "chi", "hospital", "gp"}
	kwPost    = []string{"postcode", "post", "code", "address", "postal", "zip"}
	kwDOB     = []string{"born", "birth", "birthday", "dob", "d.o.b", "birthdate", "né", "née", "naissance", "geboren", "geburtsdatum", "geburtstag", "geb", "nacimiento", "nacido", "nacida", "fecha", "nato", "nata", "nascita", "geboortedatum", "geboorte", "age", "âge", "alter", "edad", "età", "leeftijd"}
	kwVAT     = []string{"vat", "tva", "ust", "ustid", "ust-idnr", "mwst", "iva", "btw", "nif", "cif", "partita", "tax", "intracommunautaire", "umsatzsteuer"}
	kwNIR     = []string{"sécurité", "securite", "sociale", "nir", "insee", "sécu", "secu", "ss", "vitale"}
	kwDETax   = []string{"steuer", "steuerid", "steuer-id", "idnr", "identifikationsnummer", "steueridentifikationsnummer", "steuernummer", "tin", "tax"}
	kwDNI     = []string{"dni", "nif", "documento", "identidad", "nie", "extranjero", "id"}
	kwCF      = []string{"codice", "fiscale", "cf", "tessera", "sanitaria"}
	kwBSN     = []string{"bsn", "burgerservicenummer", "sofinummer", "sofi", "persoonsnummer"}
	kwPESEL   = []string{"pesel", "numer", "ewidencyjny"}
	kwName    = []string{"name", "nom", "nombre", "nome", "naam", "customer", "client", "cliente", "klant", "kunde", "patient"}
	kwAddress = []string{"address", "addr", "street", "adresse", "anschrift", "straße", "dirección", "direccion", "domicilio", "indirizzo", "residenza", "adres", "woonadres", "ship", "shipping", "billing", "lieferadresse", "rechnungsadresse", "livraison"}
	kwURL     = []string{"profile", "user", "account", "link", "url", "unsubscribe", "reset"}
)

// Builtin returns the built-in types, in catalog order.
func Builtin() []*Type {
	return []*Type{
		{ID: "email", RegionOf: emailRegion, Category: CategoryContact, Description: "Email address", Validator: "RFC 5321 lengths, TLD shape",
			Check: checkEmail, Normalize: normEmail, Mask: maskEmail, Keywords: kwEmail,
			Examples:    []string{"contact: jane.doe@example.com", "Mail an hans.mueller+news@beispiel.de bitte", "<a href=\"mailto:ana.garcia@correo.es\">"},
			NotExamples: []string{"logo@2x.png", "user@localhost", "git@github"}},
		{ID: "phone", Category: CategoryContact, Description: "Phone number", Validator: "libphonenumber metadata (valid number for a region), E.164",
			Check: checkPhone, Normalize: normPhone, Mask: maskKeepLast(2), Keywords: kwPhone, Numeric: true,
			Examples: []string{"Tel: +44 20 7946 0958", "Appelez le 06 12 34 56 78", "Telefon: 030 12345678", "call (415) 555-2671 today",
				"móvil 612 345 678", "Tel. +39 06 6988 4321", "tel: 0612345678", "mobiel 06 12961561", "mobil 50 12 34 56", "komórka 512 345 678"},
			NotExamples: []string{"order 2024 1234 5678", "version 10.2.3.4", "total: 1 234 567", "id 1234567", "+1 000 000", "ref 50 12 34 56", "Tel: +44 7700 900123"}},
		{ID: "credit_card", Category: CategoryFinancial, Description: "Payment card number (PAN)", Validator: "Luhn + IIN ranges and lengths per brand",
			Check: checkCard, Normalize: normCompact, Mask: maskCard, Keywords: kwCard, Numeric: true,
			Examples:    []string{"card 4111 1111 1111 1111 exp 12/29", "Visa: 4111111111111111", "amex 3782 822463 10005", "MC 5555-5555-5555-4444"},
			NotExamples: []string{"card 4111 1111 1111 1112", "tracking 1234567890123456", "1111 2222 3333 4444"}},
		{ID: "iban", RegionOf: ibanRegion, Category: CategoryFinancial, Description: "International Bank Account Number", Validator: "country length table + ISO 13616 mod-97",
			Check: checkIBAN, Normalize: normCompact, Mask: maskKeepFirstLast(4, 4), Keywords: kwIBAN,
			Examples:    []string{"IBAN: DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "virement FR14 2004 1010 0505 0001 3M02 606"},
			NotExamples: []string{"DE89 3704 0044 0532 0130 01", "XX12 3456 7890 1234", "GB82WEST12345698765433"}},
		{ID: "ipv4", Category: CategoryOnlineIdentifier, Description: "IPv4 address", Validator: "parsed (net/netip); loopback, unspecified, broadcast and version-like dotted numbers dropped",
			Check: checkIPv4, Normalize: normIP, Mask: maskIPv4, Keywords: kwIP, Numeric: true,
			Examples:    []string{"client 203.0.113.42 connected", "remote_addr=198.51.100.7", "from 10.1.2.3 port 22"},
			NotExamples: []string{"bind 127.0.0.1", "version 1.2.3.4", "oid 1.3.6.1.4.1", "0.0.0.0"}},
		{ID: "ipv6", Category: CategoryOnlineIdentifier, Description: "IPv6 address", Validator: "parsed (net/netip)",
			Check: checkIPv6, Normalize: normIP, Mask: maskKeepFirstLast(4, 0), Keywords: kwIP,
			Examples:    []string{"client 2001:db8:85a3::8a2e:370:7334 connected", "ip=2a00:1450:4007:80e::200e"},
			NotExamples: []string{"::1", "at 12:30:45", "std::vector", "a::b"}},
		{ID: "mac_address", Category: CategoryOnlineIdentifier, Description: "MAC address", Validator: "shape; all-zero, broadcast and multicast dropped",
			Check: checkMAC, Normalize: normMAC, Mask: maskKeepFirstLast(8, 0), Keywords: kwMAC,
			Examples:    []string{"device 3c:22:fb:8a:11:0e joined", "HWaddr 00-1A-2B-3C-4D-5E"},
			NotExamples: []string{"ff:ff:ff:ff:ff:ff", "00:00:00:00:00:00"}},
		{ID: "us_ssn", Country: "US", Category: CategoryGovernmentID, Description: "US Social Security number", Validator: "SSA rules (no area 000/666/9xx, group 00, serial 0000)",
			Check: checkSSN, Normalize: normCompact, Mask: maskKeepLast(4), Keywords: kwSSN, Numeric: true,
			Examples:    []string{"SSN: 536-22-1234", "social security 219-44-5678"},
			NotExamples: []string{"000-12-3456", "666-12-3456", "123-00-4567", "901-22-1234"}},
		{ID: "uk_nino", Country: "GB", Category: CategoryGovernmentID, Description: "UK National Insurance number", Validator: "HMRC prefix rules",
			Check: checkNINO, Normalize: normCompact, Mask: maskKeepFirstLast(2, 1), Keywords: kwNINO,
			Examples:    []string{"NI number: AB 12 34 56 C", "nino=JG103759A"},
			NotExamples: []string{"BG 12 34 56 A", "QQ123456C", "AB123456E"}},
		{ID: "uk_nhs", Country: "GB", Category: CategoryGovernmentID, Description: "UK NHS number", Validator: "mod-11 check digit",
			Check: checkNHS, Normalize: normCompact, Mask: maskKeepLast(3), Keywords: kwNHS, Numeric: true,
			Examples:    []string{"NHS number: 943 476 5919", "nhs_no 9434765919"},
			NotExamples: []string{"NHS number: 943 476 5918", "ref 9434765919 invoice"}},
		{ID: "uk_postcode", Country: "GB", Category: CategoryLocation, Description: "UK postcode", Validator: "Royal Mail format (area and inward letters)",
			Check: checkPostcode, Normalize: normCompact, Mask: maskKeepFirstLast(2, 0), Keywords: kwPost,
			Examples:    []string{"London SW1A 1AA", "Postcode: M1 1AE", "EC1A 1BB, United Kingdom"},
			NotExamples: []string{"model QV1 2CA", "ISO 9001"}},
		{ID: "date_of_birth", Category: CategoryDemographic, Description: "Date of birth (a date next to a birth keyword)", Validator: "real calendar date, plausible birth year",
			Check: checkDate, Normalize: normDate, Mask: maskKeepFirstLast(0, 4), Keywords: kwDOB, Numeric: true, LabelBefore: true,
			Examples:    []string{"DOB: 12/03/1985", "né le 4 février 1979", "geboren am 03.07.1990", "fecha de nacimiento: 15 de marzo de 1988", "born on March 5, 1970"},
			NotExamples: []string{"invoice date 12/03/2019", "deployed 2021-06-30", "31/02/1985"}},
		{ID: "eu_vat", RegionOf: ibanRegion, Category: CategoryFinancial, Description: "EU VAT identification number", Validator: "per-country format and published check digits",
			Check: checkVAT, Normalize: normCompact, Mask: maskKeepFirstLast(2, 2), Keywords: kwVAT,
			Examples:    []string{"USt-IdNr.: DE136695976", "TVA FR40303265045", "VAT: GB 980 7806 84", "BTW NL004495445B01"},
			NotExamples: []string{"DE136695977", "FRXX303265045"}},
		{ID: "fr_nir", Country: "FR", Category: CategoryGovernmentID, Description: "French social security number (NIR)", Validator: "INSEE structure + 97-mod key",
			Check: checkNIR, Normalize: normCompact, Mask: maskKeepFirstLast(1, 2), Keywords: kwNIR, Numeric: true,
			Examples:    []string{"n° sécurité sociale : 1 85 05 78 006 084 91", "NIR 185057800608491"},
			NotExamples: []string{"1 85 05 78 006 084 92"}},
		{ID: "de_tax_id", Country: "DE", Category: CategoryGovernmentID, Description: "German tax identification number (Steuer-ID)", Validator: "ISO 7064 MOD 11,10 + digit distribution",
			Check: checkDETax, Normalize: normCompact, Mask: maskKeepLast(2), Keywords: kwDETax, Numeric: true,
			Examples:    []string{"Steuer-ID: 86095742719", "IdNr 65929970489"},
			NotExamples: []string{"Steuer-ID: 86095742718", "Bestellung 12345678901"}},
		{ID: "es_dni", Country: "ES", Category: CategoryGovernmentID, Description: "Spanish DNI", Validator: "mod-23 control letter",
			Check: checkDNI, Normalize: normCompact, Mask: maskKeepLast(1), Keywords: kwDNI, Numeric: true,
			Examples:    []string{"DNI: 12345678Z", "con NIF 00000023-T"},
			NotExamples: []string{"DNI: 12345678A", "ref 87654321X"}},
		{ID: "es_nie", Country: "ES", Category: CategoryGovernmentID, Description: "Spanish foreigner id (NIE)", Validator: "mod-23 control letter",
			Check: checkNIE, Normalize: normCompact, Mask: maskKeepFirstLast(1, 1), Keywords: kwDNI, Numeric: true,
			Examples:    []string{"NIE X1234567L", "nie: Y-1234567-X"},
			NotExamples: []string{"NIE X1234567A"}},
		{ID: "it_fiscal_code", Country: "IT", Category: CategoryGovernmentID, Description: "Italian codice fiscale", Validator: "check character (odd/even tables), omocodia",
			Check: checkCF, Normalize: normCompact, Mask: maskKeepFirstLast(3, 1), Keywords: kwCF,
			Examples:    []string{"Codice fiscale: RSSMRA85T10A562S", "CF rssmra85t10a562s"},
			NotExamples: []string{"RSSMRA85T10A562T", "ABCDEF12G34H567I"}},
		{ID: "nl_bsn", Country: "NL", Category: CategoryGovernmentID, Description: "Dutch citizen service number (BSN)", Validator: "11-proof",
			Check: checkBSN, Normalize: normBSN, Mask: maskKeepLast(2), Keywords: kwBSN, Numeric: true,
			Examples:    []string{"BSN: 111222333", "burgerservicenummer 1234.56.782"},
			NotExamples: []string{"BSN: 123456789", "ordernummer 111222333"}},
		{ID: "pl_pesel", Country: "PL", Category: CategoryGovernmentID, Description: "Polish PESEL", Validator: "weighted check digit + encoded birth date",
			Check: checkPESEL, Normalize: normCompact, Mask: maskKeepLast(2), Keywords: kwPESEL, Numeric: true,
			Examples:    []string{"PESEL: 44051401359", "numer PESEL 02070803628"},
			NotExamples: []string{"PESEL: 44051401358", "zamówienie 44051401359"}},
		{ID: "person_name", Category: CategoryIdentity, Description: "Person name (after a salutation, title or name label)", Validator: "context (label or salutation), stop-words",
			Check: checkName, Normalize: normText, Mask: maskName, Keywords: kwName,
			Examples: []string{"Dear John Smith,", "Name: Marie-Claire Dubois", "Sehr geehrte Frau Müller", "Estimado Sr. García López", "Gentile Sig.ra Rossi",
				"From: Mary Moore <mary_moore@example.co.uk>", "Kind regards,\nJohn Smith\n", "Geachte heer De Vries,"},
			NotExamples: []string{"Dear Customer,", "Name: Not Provided", "Hello World", "Beste Grüße\nIhr Team", "Send it to Paris"}},
		{ID: "street_address", Category: CategoryLocation, Description: "Street address", Validator: "street-type words in six languages",
			Check: checkAddress, Normalize: normText, Mask: maskKeepFirstLast(0, 0), Keywords: kwAddress,
			Examples: []string{"lives at 221B Baker Street, London", "12 rue de la Paix, 75002 Paris", "Hauptstraße 5, 10115 Berlin",
				"Calle Mayor 12, Madrid", "Via Roma 10, Milano", "Kerkstraat 12, Amsterdam"},
			NotExamples: []string{"step 3 of the way", "a 5 star hotel"}},
		{ID: "url", Category: CategoryOnlineIdentifier, Description: "URL that identifies a person (user, profile or personal query parameters)", Validator: "host shape; plain URLs fall below the default threshold",
			Check: checkURL, Normalize: normURL, Mask: maskURL, Keywords: kwURL,
			Examples:    []string{"see https://social.example.com/profile?user=jdoe42", "https://shop.example.org/account?email=x"},
			NotExamples: []string{"docs at https://example.com/docs/install"}},
	}
}
