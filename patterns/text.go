package patterns

import (
	"bytes"
	"unicode"
	"unicode/utf8"
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

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range bytes.Fields([]byte(s)) {
		m[string(w)] = true
	}
	return m
}

// lowerWord lower-cases an ASCII or UTF-8 word into buf.
func lowerWord(buf, w []byte) []byte {
	buf = buf[:0]
	for i := 0; i < len(w); {
		c := w[i]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf = append(buf, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(w[i:])
		buf = utf8.AppendRune(buf, unicode.ToLower(r))
		i += n
	}
	return buf
}

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

// checkAddress accepts what the address detector found; the street-type
// word in the pattern is the evidence.
func checkAddress(v []byte, env *Env) (Span, float64, bool) {
	end := len(v)
	for end > 0 && (v[end-1] == ' ' || v[end-1] == ',') {
		end--
	}
	return Span{0, end}, 0.65, true
}

// normText is the hashed form of free text (names, addresses): lower case,
// single spaces.
func normText(dst, v []byte, env *Env) []byte {
	var buf [64]byte
	first := true
	for _, w := range bytes.Fields(v) {
		if !first {
			dst = append(dst, ' ')
		}
		first = false
		dst = append(dst, lowerWord(buf[:0], bytes.Trim(w, ",."))...)
	}
	return dst
}

// monthNumber maps a written month (six languages, full or abbreviated) to
// 1..12, or 0.
func monthNumber(w []byte) int {
	var buf [16]byte
	if len(w) > len(buf) {
		return 0
	}
	return months[string(lowerWord(buf[:0], w))]
}

var months = func() map[string]int {
	m := map[string]int{}
	names := [][]string{
		{"january", "jan", "janvier", "januar", "januari", "enero", "gennaio"},
		{"february", "feb", "février", "fevrier", "februar", "februari", "febrero", "febbraio"},
		{"march", "mar", "mars", "märz", "maart", "marzo"},
		{"april", "apr", "avril", "abril", "aprile"},
		{"may", "mai", "mayo", "maggio", "mei"},
		{"june", "jun", "juin", "juni", "junio", "giugno"},
		{"july", "jul", "juillet", "juli", "julio", "luglio"},
		{"august", "aug", "août", "augustus", "agosto"},
		{"september", "sep", "sept", "septembre", "septiembre", "settembre"},
		{"october", "oct", "octobre", "oktober", "octubre", "ottobre"},
		{"november", "nov", "novembre", "noviembre"},
		{"december", "dec", "décembre", "dezember", "diciembre", "dicembre"},
	}
	for i, ns := range names {
		for _, n := range ns {
			m[n] = i + 1
		}
	}
	return m
}()
