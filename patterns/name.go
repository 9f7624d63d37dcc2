package patterns

import (
	"bytes"
	"strings"
)

// nameFamily is person names, found after a salutation, a title or a name
// label, or in a field named for them.
func nameFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "person_name", Category: CategoryIdentity, Description: "Person name (after a salutation, title or name label)", Validator: "context (label or salutation), stop-words",
				Check: checkName, Normalize: normText, Mask: maskName, Keywords: kwName,
				Examples: []string{"Dear John Smith,", "Name: Marie-Claire Dubois", "Sehr geehrte Frau Müller", "Estimado Sr. García López", "Gentile Sig.ra Rossi",
					"From: Mary Moore <mary_moore@example.co.uk>", "Kind regards,\nJohn Smith\n", "Geachte heer De Vries,"},
				NotExamples: []string{"Dear Customer,", "Name: Not Provided", "Hello World", "Beste Grüße\nIhr Team", "Send it to Paris"}},
		},
		Detectors: []Detector{
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
				`[ \t]*[,.!]?[ \t]*\r?\n[ \t]*` + reName + `[ \t]*\r?(?m:$)`, []string{"person_name"}, "", passContext, 10},
		},
		Fields: []FieldRule{
			{Names: []string{"first_name", "firstname", "given_name", "forename", "middle_name", "last_name", "lastname", "surname", "family_name",
				"full_name", "fullname", "display_name", "contact_name", "customer_name", "client_name", "holder_name", "cardholder", "account_holder",
				"prenom", "nom_de_famille", "nom_complet", "vorname", "nachname", "familienname", "vollständiger_name",
				"apellido", "apellidos", "primer_apellido", "segundo_apellido", "nombre_completo", "cognome", "nome_completo",
				"voornaam", "achternaam", "tussenvoegsel", "volledige_naam", "imie", "nazwisko"},
				Types: []string{"person_name"}, Detect: true},
			// Bare names: also a product's or a company's, so never under such
			// a parent; a bare English "name" must hold two words.
			{Names: []string{"name"}, Types: []string{"person_name"}, Detect: true, MinWords: 2},
			{Names: []string{"nom", "nombre", "nome", "naam", "nazwa"}, Types: []string{"person_name"}, Detect: true, MinWords: 1},
		},
	}
}

var (
	kwName = []string{"name", "nom", "nombre", "nome", "naam", "customer", "client", "cliente", "klant", "kunde", "patient"}
)

// nameLabels are the words the person_name detector starts with; the name
// itself is what follows them.
var nameLabels = wordSet(`name full customer contact dear hi hello mr mrs ms miss dr prof nom prénom prenom cher chère bonjour
madame monsieur mme mlle herr frau hallo liebe lieber geehrte geehrter sehr sr sra srta señor señora don doña estimado estimada hola
nombre sig sig.ra signor signora gentile caro cara ciao nome cognome dhr mevr mevrouw meneer heer beste geachte naam achternaam voornaam
from to cc bcc reply customer client requester reported by kunde kundin klant cliente destinataire expéditeur absender empfänger
remitente destinatario mittente afzender ontvanger
regards best kind many thanks thank you cheers sincerely warm wishes cordialement bien salutations à vous mit freundlichen grüßen
viele liebe gruß grüße saludos un saludo atentamente cordiales cordiali distinti saluti met vriendelijke groet groeten
merci d'avance danke vielen dank gracias muchas grazie bedankt dank u`)

// Titles that may stand between a salutation and the name ("Sehr geehrte
// Frau Müller").
var nameTitles = wordSet(`mr mrs ms miss dr prof frau herr heer sr sra srta señor señora sig sig.ra signor signora dhr mevr mevrouw meneer madame monsieur mme mlle don doña`)

// Words that follow a salutation or label but are not names.
var nameStop = wordSet(`customer customers client clients sir madam madame user users team all everyone world friend friends colleague colleagues
member members partner partners guest guests there support admin administrator manager owner provided unknown none null n/a not test
kunde kunden kundin nutzer team damen herren cliente clientes usuario equipo amigo amiga utente cliente squadra klant klanten gebruiker
collega collègue collègues utilisateur équipe madame monsieur messieurs mesdames date address email phone number type value field the
new old first last middle full company organisation organization account service order product file
grüße grüßen gruß groeten groet regards wishes saludos saluti salutations cordialement
das der die le la les the el los las il lo gli het een ihr your votre vos su sus uw jouw our notre unser nuestro nostro ons
atención atencion servizio klantenservice kundenservice kundendienst support service team équipe equipo squadra servicio helpdesk`)

// checkName keeps the name that follows the label: the span starts at the
// first capitalised word that is neither a label nor a title.
func checkName(v []byte, env *Env) (Span, float64, bool) {
	i := 0
	start := -1
	words := 0
	var buf [32]byte
	for i < len(v) {
		for i < len(v) && nameSep(v[i]) {
			i++
		}
		j := i
		for j < len(v) && !nameSep(v[j]) {
			j++
		}
		if i == j {
			break
		}
		w := bytes.TrimSuffix(v[i:j], []byte("."))
		lw := string(lowerWord(buf[:0], w))
		if start < 0 {
			if nameLabels[lw] || nameTitles[lw] || lw == "_name" {
				i = j
				continue
			}
			if nameStop[lw] {
				return Span{}, 0, false
			}
			start = i
		} else if nameStop[lw] {
			// "Name: John Smith Date": stop before the stop word.
			return trimName(v, start, i)
		}
		// "Support-Team", "Kunden-Service": a department, not a person.
		for _, part := range bytes.Split([]byte(lw), []byte("-")) {
			if len(part) > 0 && nameStop[string(part)] && bytes.IndexByte([]byte(lw), '-') >= 0 {
				return Span{}, 0, false
			}
		}
		words++
		i = j
	}
	if start < 0 || words == 0 {
		return Span{}, 0, false
	}
	return trimName(v, start, len(v))
}

func nameSep(c byte) bool {
	switch c {
	case ' ', '\t', ':', ',', '\r', '\n', '"', '!':
		return true
	}
	return false
}

func trimName(v []byte, start, end int) (Span, float64, bool) {
	for end > start && (v[end-1] == ' ' || v[end-1] == '\t') {
		end--
	}
	if end-start < 2 {
		return Span{}, 0, false
	}
	return Span{start, end}, 0.7, true
}

// maskName keeps each word's initial: J*** S****.
func maskName(v []byte) string {
	var b strings.Builder
	start := true
	for _, r := range string(v) {
		switch {
		case r == ' ' || r == '-' || r == '\'':
			b.WriteRune(r)
			start = true
		case start:
			b.WriteRune(r)
			start = false
		default:
			b.WriteByte('*')
		}
	}
	return b.String()
}
