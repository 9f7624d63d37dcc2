package bench

import (
	"strconv"
	"strings"
)

// Prose: support tickets and mails in six languages. Templates hold
// placeholders, each planted and labelled where it is written:
//
//	{full} {first} {sur}  the person's name (full, first, surname)
//	{email} {phone} {iban} {card} {vat} {url} {ip}
//	{dobn} {dobl}         date of birth, numeric or with the month in words
//	{addr}                street line (labelled), postcode and city
//	{id}                  the national identifier of the person's country
//	{idlabel}             that identifier's name in the language
//	{g:he|she}            a word agreeing with the person's sex
//	{order} {date}        not personal: an order number, a recent date

type lang struct {
	code      string
	weight    int
	greetFull []string
	greetM    []string
	greetF    []string
	generic   []string // greetings without a name
	facts     map[string][]string
	filler    []string
	subjects  []string
	closing   []string
	team      []string
	labels    [6]string // name, email, phone, date of birth, address, IBAN
	idLabels  map[typ]string
	dateSep   string
}

var langs = []*lang{
	{
		code: "en", weight: 35, dateSep: "/",
		greetFull: []string{"Dear {full},", "Hello {full},", "Hi {first},"},
		greetM:    []string{"Dear Mr {sur},", "Dear Mr. {sur},"},
		greetF:    []string{"Dear Ms {sur},", "Dear Mrs {sur},"},
		generic:   []string{"Hello,", "Hi there,", "Good morning,", "To whom it may concern,"},
		facts: map[string][]string{
			"email": {"The email address on my account is {email}.", "Please send the invoice to {email} instead.", "You can reach me at {email}."},
			"phone": {"You can call me on {phone} after 5pm.", "Please update my phone number to {phone}.", "My mobile is {phone} if you need to call."},
			"iban":  {"Please refund the amount to my account, IBAN {iban}.", "The direct debit should be taken from IBAN {iban} from now on."},
			"dob":   {"For verification, DOB: {dobn}.", "My date of birth is {dobn}.", "I was born on {dobl}, in case you need it."},
			"addr":  {"Please ship the replacement to {addr}.", "My new address is {addr}.", "Billing address: {addr}."},
			"id":    {"My {idlabel} is {id}.", "For the record, {idlabel}: {id}."},
			"card":  {"I was charged twice on my card {card}.", "The payment was made with card {card} last week."},
			"vat":   {"Our VAT number is {vat}, please add it to the invoice."},
			"url":   {"My profile is {url} if that helps."},
			"ip":    {"The error appears when I connect from IP {ip} at home."},
		},
		filler: []string{"I ordered a pair of running shoes on {date} (order {order}).", "The parcel arrived damaged and the box was open.",
			"I have already tried resetting the router twice.", "Could you please look into this as soon as possible?",
			"We have escalated your request to our billing team.", "The app keeps crashing when I open the settings page.",
			"I would like to cancel my subscription at the end of the month.", "Our records show the item left our warehouse on {date}.",
			"I have attached a photo of the damaged item.", "The tracking page has not been updated for five days.",
			"Please let me know if you need anything else from me.", "Thank you for your patience while we investigate."},
		subjects: []string{"Refund request for order {order}", "Problem with my account", "Update of my personal details", "Delivery has not arrived", "Question about my invoice", "Cancel subscription"},
		closing:  []string{"Kind regards,", "Best regards,", "Many thanks,", "Sincerely,"},
		team:     []string{"Customer Support Team", "The Northwind Traders Service Desk"},
		labels:   [6]string{"Name", "Email", "Phone", "Date of birth", "Address", "IBAN"},
		idLabels: map[typ]string{tSSN: "social security number", tNINO: "National Insurance number", tNHS: "NHS number", tPESEL: "PESEL number"},
	},
	{
		code: "fr", weight: 18, dateSep: "/",
		greetFull: []string{"Bonjour {full},", "Bonjour {first},"},
		greetM:    []string{"Monsieur {sur},", "Cher Monsieur {sur},", "Bonjour Monsieur {sur},"},
		greetF:    []string{"Madame {sur},", "Chère Madame {sur},", "Bonjour Madame {sur},"},
		generic:   []string{"Bonjour,", "Madame, Monsieur,"},
		facts: map[string][]string{
			"email": {"Mon adresse e-mail est {email}.", "Merci d'envoyer la facture à {email}.", "Vous pouvez me joindre par courriel : {email}."},
			"phone": {"Vous pouvez me joindre au {phone}.", "Mon numéro de portable : {phone}.", "Le livreur peut m'appeler au {phone}."},
			"iban":  {"Merci d'effectuer le remboursement sur mon compte, IBAN {iban}.", "Le prélèvement sera effectué sur l'IBAN {iban}."},
			"dob":   {"Je suis {g:né|née} le {dobl}.", "Date de naissance : {dobn}."},
			"addr":  {"Merci d'envoyer le colis au {addr}.", "Ma nouvelle adresse : {addr}.", "Adresse de livraison : {addr}."},
			"id":    {"Mon numéro de sécurité sociale : {id}.", "NIR : {id}."},
			"card":  {"J'ai été débité deux fois sur ma carte {card}.", "Le paiement a été fait avec la carte bancaire {card}."},
			"vat":   {"Notre numéro de TVA intracommunautaire est {vat}."},
			"url":   {"Mon profil : {url} pour information."},
			"ip":    {"L'erreur apparaît depuis l'adresse IP {ip} chez moi."},
		},
		filler: []string{"J'ai commandé une paire de chaussures le {date} (commande {order}).", "Le colis est arrivé endommagé.",
			"J'ai déjà redémarré la box deux fois.", "Pourriez-vous traiter ma demande rapidement ?",
			"Nous avons transmis votre demande au service facturation.", "L'application plante à l'ouverture des paramètres.",
			"Je souhaite résilier mon abonnement à la fin du mois.", "Vous trouverez une photo du produit en pièce jointe.",
			"Le suivi du colis n'a pas été mis à jour depuis cinq jours.", "Je reste à votre disposition pour toute information complémentaire."},
		subjects: []string{"Demande de remboursement commande {order}", "Problème avec mon compte", "Mise à jour de mes coordonnées", "Colis non reçu", "Question sur ma facture"},
		closing:  []string{"Cordialement,", "Bien cordialement,", "Merci d'avance,"},
		team:     []string{"Le service client", "L'équipe support Northwind"},
		labels:   [6]string{"Nom", "E-mail", "Téléphone", "Date de naissance", "Adresse", "IBAN"},
	},
	{
		code: "de", weight: 18, dateSep: ".",
		greetFull: []string{"Hallo {full},", "Guten Tag {full},"},
		greetM:    []string{"Sehr geehrter Herr {sur},", "Lieber {first},"},
		greetF:    []string{"Sehr geehrte Frau {sur},", "Liebe {first},"},
		generic:   []string{"Sehr geehrte Damen und Herren,", "Hallo,"},
		facts: map[string][]string{
			"email": {"Meine E-Mail-Adresse lautet {email}.", "Bitte senden Sie die Rechnung an {email}."},
			"phone": {"Sie erreichen mich unter {phone}.", "Meine Telefonnummer: {phone}.", "Rückruf bitte unter Telefon {phone}."},
			"iban":  {"Bitte überweisen Sie den Betrag auf mein Konto, IBAN {iban}.", "Bankverbindung: IBAN {iban}."},
			"dob":   {"Zur Verifizierung: geboren am {dobn}.", "Geburtsdatum: {dobn}.", "Ich bin am {dobl} geboren, geb. {dobn}."},
			"addr":  {"Bitte schicken Sie den Ersatz an {addr}.", "Meine neue Anschrift: {addr}.", "Lieferadresse: {addr}."},
			"id":    {"Meine Steuer-ID lautet {id}.", "Steueridentifikationsnummer: {id}."},
			"card":  {"Meine Kreditkarte {card} wurde doppelt belastet."},
			"vat":   {"Unsere USt-IdNr.: {vat}."},
			"url":   {"Mein Profil: {url} zur Info."},
			"ip":    {"Der Fehler tritt von der IP-Adresse {ip} aus auf."},
		},
		filler: []string{"Ich habe am {date} ein Paar Laufschuhe bestellt (Bestellung {order}).", "Das Paket kam beschädigt an.",
			"Ich habe den Router bereits zweimal neu gestartet.", "Könnten Sie sich bitte zeitnah darum kümmern?",
			"Wir haben Ihre Anfrage an die Buchhaltung weitergeleitet.", "Die App stürzt beim Öffnen der Einstellungen ab.",
			"Ich möchte mein Abonnement zum Monatsende kündigen.", "Ein Foto des beschädigten Artikels finden Sie im Anhang.",
			"Die Sendungsverfolgung wurde seit fünf Tagen nicht aktualisiert.", "Vielen Dank für Ihre Geduld."},
		subjects: []string{"Erstattung für Bestellung {order}", "Problem mit meinem Konto", "Änderung meiner Daten", "Paket nicht angekommen", "Frage zur Rechnung"},
		closing:  []string{"Mit freundlichen Grüßen,", "Viele Grüße,", "Beste Grüße,"},
		team:     []string{"Ihr Kundenservice", "Das Northwind Support-Team"},
		labels:   [6]string{"Name", "E-Mail", "Telefon", "Geburtsdatum", "Anschrift", "IBAN"},
	},
	{
		code: "es", weight: 14, dateSep: "/",
		greetFull: []string{"Hola {full},", "Hola {first},"},
		greetM:    []string{"Estimado Sr. {sur}:", "Estimado {full}:"},
		greetF:    []string{"Estimada Sra. {sur}:", "Estimada {full}:"},
		generic:   []string{"Estimado cliente:", "Hola,", "Buenos días:"},
		facts: map[string][]string{
			"email": {"Mi correo electrónico es {email}.", "Por favor, envíen la factura a {email}."},
			"phone": {"Pueden llamarme al {phone}.", "Mi teléfono móvil es {phone}."},
			"iban":  {"Por favor, hagan la devolución a mi cuenta IBAN {iban}.", "Domiciliación bancaria: IBAN {iban}."},
			"dob":   {"Fecha de nacimiento: {dobl}.", "Datos del titular: {g:nacido|nacida} el {dobn}."},
			"addr":  {"Por favor, envíen el pedido a {addr}.", "Mi nueva dirección es {addr}.", "Dirección de envío: {addr}."},
			"id":    {"Mi {idlabel} es {id}.", "{idlabel}: {id}."},
			"card":  {"Me han cobrado dos veces en la tarjeta {card}."},
			"vat":   {"Nuestro NIF-IVA es {vat}."},
			"url":   {"Mi perfil: {url} por si sirve."},
			"ip":    {"El error aparece desde la IP {ip} de mi casa."},
		},
		filler: []string{"Hice un pedido el {date} (pedido {order}).", "El paquete llegó dañado.", "Ya he reiniciado el router dos veces.",
			"¿Podrían revisarlo lo antes posible?", "Hemos trasladado su consulta al departamento de facturación.",
			"La aplicación se cierra al abrir los ajustes.", "Quiero cancelar mi suscripción a final de mes.",
			"Adjunto una foto del artículo dañado.", "El seguimiento no se ha actualizado en cinco días.", "Quedo a la espera de su respuesta."},
		subjects: []string{"Reembolso del pedido {order}", "Problema con mi cuenta", "Actualización de mis datos", "Paquete no recibido", "Consulta sobre mi factura"},
		closing:  []string{"Un saludo,", "Atentamente,", "Saludos cordiales,"},
		team:     []string{"Atención al cliente", "El equipo de soporte de Northwind"},
		labels:   [6]string{"Nombre", "Correo", "Teléfono", "Fecha de nacimiento", "Dirección", "IBAN"},
		idLabels: map[typ]string{tDNI: "DNI", tNIE: "NIE"},
	},
	{
		code: "it", weight: 8, dateSep: "/",
		greetFull: []string{"Gentile {full},", "Ciao {first},"},
		greetM:    []string{"Gentile Sig. {sur},", "Caro {first},"},
		greetF:    []string{"Gentile Sig.ra {sur},", "Cara {first},"},
		generic:   []string{"Gentile cliente,", "Buongiorno,"},
		facts: map[string][]string{
			"email": {"La mia email è {email}.", "Vi prego di inviare la fattura a {email}."},
			"phone": {"Potete contattarmi al numero {phone}.", "Il mio cellulare è {phone}."},
			"iban":  {"Vi chiedo di effettuare il rimborso sul mio conto IBAN {iban}.", "Coordinate bancarie: IBAN {iban}."},
			"dob":   {"Sono {g:nato|nata} il {dobl}.", "Data di nascita: {dobn}."},
			"addr":  {"Vi prego di spedire il pacco in {addr}.", "Il mio nuovo indirizzo è {addr}.", "Indirizzo di consegna: {addr}."},
			"id":    {"Il mio codice fiscale è {id}.", "Codice fiscale: {id}."},
			"card":  {"Mi è stato addebitato due volte l'importo sulla carta {card}."},
			"vat":   {"La nostra partita IVA è {vat}."},
			"url":   {"Il mio profilo: {url} per riferimento."},
			"ip":    {"L'errore compare dall'indirizzo IP {ip} di casa."},
		},
		filler: []string{"Ho effettuato un ordine il {date} (ordine {order}).", "Il pacco è arrivato danneggiato.", "Ho già riavviato il modem due volte.",
			"Potreste verificare al più presto?", "Abbiamo inoltrato la sua richiesta all'ufficio amministrazione.",
			"L'app si chiude quando apro le impostazioni.", "Vorrei disdire l'abbonamento a fine mese.",
			"In allegato trovate una foto del prodotto danneggiato.", "Il tracciamento non è aggiornato da cinque giorni.", "Resto in attesa di un vostro riscontro."},
		subjects: []string{"Rimborso ordine {order}", "Problema con il mio account", "Aggiornamento dei miei dati", "Pacco non ricevuto", "Domanda sulla fattura"},
		closing:  []string{"Cordiali saluti,", "Distinti saluti,", "Grazie mille,"},
		team:     []string{"Servizio clienti", "Il team di assistenza Northwind"},
		labels:   [6]string{"Nome", "Email", "Telefono", "Data di nascita", "Indirizzo", "IBAN"},
	},
	{
		code: "nl", weight: 7, dateSep: "-",
		greetFull: []string{"Beste {full},", "Hallo {full},", "Beste {first},"},
		greetM:    []string{"Geachte heer {sur},"},
		greetF:    []string{"Geachte mevrouw {sur},"},
		generic:   []string{"Geachte klant,", "Beste klant,", "Goedemiddag,"},
		facts: map[string][]string{
			"email": {"Mijn e-mailadres is {email}.", "Stuur de factuur alstublieft naar {email}."},
			"phone": {"U kunt mij bereiken op {phone}.", "Mijn mobiele nummer is {phone}."},
			"iban":  {"Graag het bedrag terugstorten op rekeningnummer {iban}.", "IBAN: {iban}."},
			"dob":   {"Geboortedatum: {dobn}.", "Ik ben geboren op {dobl}."},
			"addr":  {"Graag de vervanging sturen naar {addr}.", "Mijn nieuwe adres is {addr}."},
			"id":    {"Mijn BSN is {id}.", "Burgerservicenummer: {id}."},
			"card":  {"Mijn creditcard {card} is twee keer belast."},
			"vat":   {"Ons btw-nummer is {vat}."},
			"url":   {"Mijn profiel: {url} ter info."},
			"ip":    {"De fout treedt op vanaf IP-adres {ip} thuis."},
		},
		filler: []string{"Ik heb op {date} een bestelling geplaatst (bestelling {order}).", "Het pakket kwam beschadigd aan.",
			"Ik heb de router al twee keer opnieuw opgestart.", "Kunt u dit zo snel mogelijk bekijken?",
			"Wij hebben uw verzoek doorgestuurd naar de financiële afdeling.", "De app crasht bij het openen van de instellingen.",
			"Ik wil mijn abonnement aan het einde van de maand opzeggen.", "In de bijlage vindt u een foto van het beschadigde artikel.",
			"De track-and-trace is al vijf dagen niet bijgewerkt.", "Alvast bedankt voor uw hulp."},
		subjects: []string{"Terugbetaling bestelling {order}", "Probleem met mijn account", "Wijziging van mijn gegevens", "Pakket niet ontvangen", "Vraag over mijn factuur"},
		closing:  []string{"Met vriendelijke groet,", "Groeten,", "Hartelijke groet,"},
		team:     []string{"Klantenservice", "Het Northwind supportteam"},
		labels:   [6]string{"Naam", "E-mail", "Telefoon", "Geboortedatum", "Adres", "IBAN"},
	},
}

func pickLang(r *rng) *lang {
	x := r.intn(100)
	for _, l := range langs {
		if x < l.weight {
			return l
		}
		x -= l.weight
	}
	return langs[0]
}

// personFor picks the writer of a message in language l.
func personFor(r *rng, l *lang) *person {
	switch l.code {
	case "en":
		switch x := r.intn(10); {
		case x < 6:
			return newPerson(r, localeBy("GB"))
		case x < 9:
			return newPerson(r, localeBy("US"))
		}
		return newPerson(r, localeBy("PL"))
	case "fr":
		return newPerson(r, localeBy("FR"))
	case "de":
		return newPerson(r, localeBy("DE"))
	case "es":
		return newPerson(r, localeBy("ES"))
	case "it":
		return newPerson(r, localeBy("IT"))
	}
	return newPerson(r, localeBy("NL"))
}

// msg is one message being written: its language, person and the
// national identifier chosen for that person.
type msg struct {
	w      *fw
	l      *lang
	p      *person
	idType typ
	city   city
}

func newMsg(w *fw, l *lang) *msg {
	r := w.r
	m := &msg{w: w, l: l, p: personFor(r, l)}
	m.city = pick(r, m.p.loc.cities)
	switch m.p.loc.cc {
	case "GB":
		m.idType = pick(r, []typ{tNINO, tNHS})
	case "US":
		m.idType = tSSN
	case "FR":
		m.idType = tNIR
	case "DE":
		m.idType = tDETax
	case "ES":
		m.idType = pick(r, []typ{tDNI, tDNI, tNIE})
	case "IT":
		m.idType = tCF
	case "NL":
		m.idType = tBSN
	default:
		m.idType = tPESEL
	}
	if l.code == "en" {
		m.idType = euIDType(r, m.idType)
	}
	return m
}

// nationalID returns an identifier of type t for p.
func nationalID(r *rng, t typ, p *person, c city) string {
	if gen := euIDGen(t); gen != nil {
		return gen(r)
	}
	switch t {
	case tSSN:
		return genSSN(r)
	case tNINO:
		return genNINO(r)
	case tNHS:
		return genNHS(r)
	case tNIR:
		return genNIR(r, p)
	case tDETax:
		return genDETaxID(r)
	case tDNI:
		return genDNI(r)
	case tNIE:
		return genNIE(r)
	case tCF:
		return genCF(p, c)
	case tBSN:
		return genBSN(r)
	}
	return genPESEL(r, p)
}

// addr writes a full postal address; the street line is labelled, and a
// UK postcode too.
func (m *msg) addr(sep string) {
	w, r, p := m.w, m.w.r, m.p
	w.plant(tAddr, street(r, p.loc))
	w.s(sep)
	switch p.loc.cc {
	case "GB":
		w.s(m.city.name)
		w.c(' ')
		w.plant(tPostcode, ukPostcode(r, m.city))
	case "US":
		w.s(m.city.name)
		w.s(", ")
		w.s(postcode(r, "US", m.city))
	default:
		w.s(postcode(r, p.loc.cc, m.city))
		w.c(' ')
		w.s(m.city.name)
	}
}

// recentDate writes a 2023-2024 date, not a birth date.
func (m *msg) recentDate() {
	r := m.w.r
	y := 2023 + r.intn(2)
	mo := r.between(1, 12)
	d := r.between(1, 28)
	if m.l.code == "en" && m.p.loc.cc == "US" {
		m.w.s(monthNames["en"][mo] + " " + strconv.Itoa(d))
		return
	}
	m.w.s(zpad(d, 2) + m.l.dateSep + zpad(mo, 2) + m.l.dateSep + strconv.Itoa(y))
}

// tmpl writes a template, planting its placeholders.
func (m *msg) tmpl(t string) {
	w, r, p := m.w, m.w.r, m.p
	for len(t) > 0 {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			w.s(t)
			return
		}
		w.s(t[:i])
		j := strings.IndexByte(t[i:], '}')
		key := t[i+1 : i+j]
		t = t[i+j+1:]
		switch key {
		case "full":
			w.plant(tName, p.full())
		case "first":
			w.plant(tName, p.first)
		case "sur":
			w.plant(tName, p.surname())
		case "email":
			w.plant(tEmail, p.email)
		case "phone":
			w.plant(tPhone, genPhone(r, p.loc.cc))
		case "iban":
			w.plant(tIBAN, genIBAN(r, p.loc.cc))
		case "card":
			w.plant(tCard, genCard(r))
		case "vat":
			cc := p.loc.cc
			if cc == "US" || cc == "PL" {
				cc = "GB"
			}
			w.plant(tVAT, genVAT(r, cc))
		case "url":
			w.plant(tURL, profileURL(r, p))
		case "ip":
			w.plant(tIPv4, genIPv4(r, false))
		case "dobn":
			w.plant(tDOB, p.numericDate(m.l.dateSep))
		case "dobl":
			w.plant(tDOB, p.longDate(m.l.code))
		case "addr":
			m.addr(", ")
		case "id":
			w.plant(m.idType, nationalID(r, m.idType, p, m.city))
		case "idlabel":
			w.s(m.l.idLabels[m.idType])
		case "order":
			if r.chance(0.5) {
				w.s("#")
				w.n(r.between(100000, 999999))
			} else {
				w.s("ORD-")
				w.n(r.between(100000, 999999))
			}
		case "date":
			m.recentDate()
		default:
			if strings.HasPrefix(key, "g:") {
				male, female, _ := strings.Cut(key[2:], "|")
				if p.female {
					w.s(female)
				} else {
					w.s(male)
				}
			}
		}
	}
}

var factKinds = []string{"email", "phone", "iban", "dob", "addr", "id", "card", "vat", "url", "ip", "euid2"}
var factWeights = []int{21, 20, 12, 10, 12, 10, 4, 3, 2, 3, 3}

func (m *msg) pickFact() string {
	x := m.w.r.intn(100)
	for i, wt := range factWeights {
		if x < wt {
			return factKinds[i]
		}
		x -= wt
	}
	return "email"
}

// body writes paragraphs of filler and facts until about bodyLen bytes.
// Each fact comes once (mail and phone at most twice).
func (m *msg) body(bodyLen int64) {
	w, r := m.w, m.w.r
	start := w.off()
	used := map[string]int{}
	fillers := map[int]bool{} // no filler sentence twice, until all were used
	inPara := 0
	for w.off()-start < bodyLen {
		if inPara > 0 {
			w.c(' ')
		}
		f := ""
		if r.chance(0.4) {
			f = m.pickFact()
			limit := 1
			if f == "email" || f == "phone" {
				limit = 2
			}
			cc := m.p.loc.cc
			if used[f] >= limit || (f == "vat" && (cc == "US" || cc == "PL")) {
				f = ""
			}
		}
		if f != "" {
			used[f]++
			if f == "euid2" {
				m.euIDs2Fact()
			} else {
				m.tmpl(pick(r, m.l.facts[f]))
			}
		} else {
			if len(fillers) == len(m.l.filler) {
				clear(fillers)
			}
			i := r.intn(len(m.l.filler))
			for fillers[i] {
				i = (i + 1) % len(m.l.filler)
			}
			fillers[i] = true
			m.tmpl(m.l.filler[i])
		}
		inPara++
		if inPara >= 2+r.intn(3) {
			w.nl()
			w.nl()
			inPara = 0
		}
	}
	if inPara > 0 {
		w.nl()
		w.nl()
	}
}

// details writes a "your details" block of labelled lines.
func (m *msg) details() {
	w, r, p := m.w, m.w.r, m.p
	lb := m.l.labels
	w.s(lb[0])
	w.s(": ")
	w.plant(tName, p.full())
	w.nl()
	w.s(lb[1])
	w.s(": ")
	w.plant(tEmail, p.email)
	w.nl()
	if r.chance(0.8) {
		w.s(lb[2])
		w.s(": ")
		w.plant(tPhone, genPhone(r, p.loc.cc))
		w.nl()
	}
	if r.chance(0.6) {
		w.s(lb[3])
		w.s(": ")
		w.plant(tDOB, p.numericDate(m.l.dateSep))
		w.nl()
	}
	if r.chance(0.6) {
		w.s(lb[4])
		w.s(": ")
		m.addr(", ")
		w.nl()
	}
	if r.chance(0.4) {
		w.s(lb[5])
		w.s(": ")
		w.plant(tIBAN, genIBAN(r, p.loc.cc))
		w.nl()
	}
	w.nl()
}

// letter writes greeting, body and signature of about bodyLen bytes.
func (m *msg) letter(bodyLen int64) {
	w, r, p := m.w, m.w.r, m.p
	agent := r.chance(0.5)
	if agent {
		switch x := r.intn(10); {
		case x == 0:
			w.s(pick(r, m.l.generic))
		case x < 5:
			m.tmpl(pick(r, m.l.greetFull))
		case p.female:
			m.tmpl(pick(r, m.l.greetF))
		default:
			m.tmpl(pick(r, m.l.greetM))
		}
	} else {
		w.s(pick(r, m.l.generic))
	}
	w.nl()
	w.nl()
	m.body(bodyLen)
	if r.chance(0.3) {
		m.details()
	}
	w.s(pick(r, m.l.closing))
	w.nl()
	if agent {
		w.s(pick(r, m.l.team))
	} else {
		w.plant(tName, p.full())
	}
	w.nl()
}

// ticket writes one support ticket.
func ticket(w *fw, bodyLen int64) {
	r := w.r
	m := newMsg(w, pickLang(r))
	w.clk.tick(r, 3600000)
	w.s("Ticket #")
	w.n(r.between(10000, 99999))
	w.nl()
	w.s("Subject: ")
	m.tmpl(pick(r, m.l.subjects))
	w.nl()
	w.s("Customer: ")
	w.plant(tName, m.p.full())
	w.s(" <")
	w.plant(tEmail, m.p.email)
	w.c('>')
	w.nl()
	w.s("Status: open | Priority: ")
	w.s(pick(r, []string{"low", "normal", "normal", "high"}))
	w.s(" | Channel: ")
	w.s(pick(r, []string{"email", "web", "chat", "phone"}))
	w.nl()
	w.s("Created: ")
	w.date()
	w.c(' ')
	w.hmsTS()
	w.nl()
	w.nl()
	m.letter(bodyLen)
}

// writeMail writes one RFC 5322 message.
func writeMail(w *fw, bodyLen int64) {
	r := w.r
	m := newMsg(w, pickLang(r))
	w.clk.tick(r, 3600000)
	w.s("From: \"")
	w.s(pick(r, m.l.team))
	w.s("\" <")
	w.plant(tEmail, "support@northwind-traders.com") // a role address, but an address
	w.c('>')
	w.nl()
	w.s("To: \"")
	w.plant(tName, m.p.full())
	w.s("\" <")
	w.plant(tEmail, m.p.email)
	w.c('>')
	w.nl()
	w.s("Subject: ")
	m.tmpl(pick(r, m.l.subjects))
	w.nl()
	w.s("Date: ")
	w.rfc2822()
	w.nl()
	w.s("Message-ID: <")
	w.uuid()
	w.s("@mail.northwind-traders.com>")
	w.nl()
	w.s("MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n")
	m.letter(bodyLen)
}

// genTicket writes a single ticket of about target bytes.
func genTicket(w *fw, target int64) {
	w.clk.start(w.r)
	ticket(w, max(target-450, 150))
}

// genMail writes a single .eml of about target bytes.
func genMail(w *fw, target int64) {
	w.clk.start(w.r)
	writeMail(w, max(target-600, 150))
}

// genTicketExport writes many tickets separated by rules.
func genTicketExport(w *fw, target int64) {
	w.clk.start(w.r)
	w.fill(target, func() {
		ticket(w, int64(w.r.between(200, 1400)))
		w.s(strings.Repeat("=", 72))
		w.nl()
	})
}

// genMbox writes many mails in mbox format.
func genMbox(w *fw, target int64) {
	w.clk.start(w.r)
	w.fill(target, func() {
		w.s("From MAILER-DAEMON ")
		w.clk.sync()
		w.s(dayAbbr[w.clk.wday])
		w.c(' ')
		w.s(monAbbr[w.clk.m])
		w.c(' ')
		if w.clk.d < 10 {
			w.c(' ')
		}
		w.n(w.clk.d)
		w.c(' ')
		w.hmsTS()
		w.c(' ')
		w.n(w.clk.y)
		w.nl()
		writeMail(w, int64(w.r.between(200, 1400)))
		w.nl()
	})
}
