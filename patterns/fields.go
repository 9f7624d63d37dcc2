package patterns

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// FieldRule says what the name of a CSV column, SQL column or JSON key
// tells about its values, the strongest context there is.
type FieldRule struct {
	// Names are the field names it matches, compared folded: lower case,
	// accents and separators dropped ("E-Mail", "e_mail" and "email" are
	// one name). A name also matches as the last words of a longer one
	// after qualifiers ("billing_address", "customer_first_name"), and a
	// raising rule anywhere in it ("phone_number", "email_verified").
	Names []string
	// Types are the types the field's values are: their matches there are
	// raised. With Detect, the value itself is a finding of Types[0], no
	// regex needed (a first_name field holds a person name).
	Types  []string
	Detect bool
	// Negative fields hold numbers that are not about a person (order_id,
	// sku): numeric matches in them are lowered.
	Negative bool
	// MinWords is the fewest words a detected value must have (a bare
	// "name" column: "Blue Widget" is not ruled out, "Widget" is). A rule
	// that sets it is a bare name, ignored under a parent that is not a
	// person (a products table).
	MinWords int
	// Country fields name the record's country (country_code, pays): the
	// value is reported as evidence (FieldCountry), never a finding.
	Country bool
	// Source names where a user rule was defined, for errors.
	Source string
}

// fieldBoost raises a match whose field is named for its type: more than
// a keyword, since a column name speaks of every value in it.
const fieldBoost = 0.45

// Confidence of a value found by its field's name alone.
const (
	fieldNameConfidence    = 0.85
	fieldAddressConfidence = 0.8
)

// nationalIDFields name a field that holds some national id: every
// government_id type is raised there.
var nationalIDFields = []string{"national_id", "id_number", "identity_number", "document_number", "id_card", "passport"}

// notPersonalFields hold numbers that are not about a person: numeric
// matches there are lowered.
var notPersonalFields = FieldRule{Names: []string{"id", "order", "order_id", "order_number", "sku", "invoice", "invoice_number", "tracking", "tracking_number", "shipment",
	"transaction", "transaction_id", "txn", "reference", "ref", "product", "product_id", "serial", "serial_number", "version", "build",
	"ean", "upc", "isbn", "gtin", "batch", "lot", "amount", "price", "total", "quantity", "qty", "count", "balance", "points", "seq", "sequence",
	"checksum", "hash", "uuid", "guid", "timestamp", "epoch", "created", "updated", "modified", "port", "pid",
	"commande", "facture", "bestellung", "bestellnummer", "rechnung", "rechnungsnummer", "pedido", "factura", "ordine", "fattura", "bestelling", "factuur"},
	Negative: true}

// Qualifiers may stand before a detecting field's name: "billing_address"
// is an address, "customer_name" a person's name.
var fieldQualifiers = wordSet(`customer customers client clients contact contacts billing shipping delivery home work primary secondary
patient employee member holder cardholder account recipient sender owner guest buyer emergency legal mailing postal residential
main current previous old new full person personal user kunde kunden cliente clientes contatto destinataire expediteur`)

// Enclosing names under which a bare "name" is not a person's: a products
// table, a "company" object.
var notPersonParents = wordSet(`product products item items company companies organisation organization organisations organizations org orgs
brand brands category categories file files host hosts domain domains app apps application applications event events shop shops store stores
merchant merchants vendor vendors supplier suppliers bank banks city cities country countries region regions project projects team teams
group groups tag tags plan plans service services device devices sku skus campaign campaigns role roles permission permissions feature features
table tables column columns database schema index metric metrics job jobs queue queues bucket buckets repo repository package packages`)

// genericFieldWords are context keywords too vague to name a column:
// "fecha" is any date, "number" any number.
var genericFieldWords = wordSet(`fecha age alter edad eta leeftijd data date datum number numero nummer num code codigo codice
card carte carta tarjeta account konto compte cuenta conto rekening name nom nombre nome naam born nato nata geb`)

// fieldRule is a compiled FieldRule.
type fieldRule struct {
	types    []int
	detect   bool
	negative bool
	minWords int
	country  bool
}

// fieldIndex maps folded names to rules; class = rule index + 1.
type fieldIndex struct {
	rules  []fieldRule
	byName map[string]int32
	// kwClass maps a keyword's type set to a synthetic raising rule.
	byKeyword map[string]int32
}

func (c *Catalog) buildFields(user []FieldRule) error {
	c.fields.byName = map[string]int32{}
	c.fields.byKeyword = map[string]int32{}
	// User rules first: their names win over the built-in ones.
	for _, r := range append(append(append([]FieldRule(nil), user...), BuiltinFieldRules()...), countryFieldRule()) {
		fr := fieldRule{detect: r.Detect || r.Country, negative: r.Negative, minWords: r.MinWords, country: r.Country}
		for _, id := range r.Types {
			i, ok := c.byID[id]
			if !ok {
				return fmt.Errorf("%sfield rule: %w", sourcePrefix(r.Source), ErrUnknownType{id})
			}
			fr.types = append(fr.types, i)
		}
		if r.Detect && len(fr.types) == 0 {
			return fmt.Errorf("%sfield rule %v: detect needs a type", sourcePrefix(r.Source), r.Names)
		}
		if len(fr.types) == 0 && !r.Negative && !r.Country {
			return fmt.Errorf("%sfield rule %v: give a type or negative: true", sourcePrefix(r.Source), r.Names)
		}
		c.fields.rules = append(c.fields.rules, fr)
		class := int32(len(c.fields.rules))
		for _, n := range r.Names {
			k := string(foldName(nil, []byte(n)))
			if _, dup := c.fields.byName[k]; !dup && k != "" {
				c.fields.byName[k] = class
			}
		}
	}
	// Every context keyword names a field too ("telefono", "geburtsdatum"):
	// one raising rule per keyword.
	for w, ids := range c.keywords {
		k := string(foldName(nil, []byte(w)))
		if _, ok := c.fields.byName[k]; ok || len(k) < 3 || genericFieldWords[k] {
			continue
		}
		c.fields.rules = append(c.fields.rules, fieldRule{types: ids})
		c.fields.byKeyword[k] = int32(len(c.fields.rules))
	}
	return nil
}

func sourcePrefix(s string) string {
	if s == "" {
		return "patterns: "
	}
	return s + ": "
}

// Class returns the field rule a field's name matches (0 for none); parent
// is the table, file or object that holds the field, or empty. It
// implements records.Fields.
func (c *Catalog) Class(name, parent []byte) int32 {
	var buf [128]byte
	var toks [16][]byte
	folded := foldName(buf[:0], name)
	if len(folded) == 0 || len(folded) > 64 {
		return 0
	}
	if class, ok := c.lookupName(folded); ok {
		return c.personParent(class, parent)
	}
	words := splitName(toks[:0], name)
	// The last words after qualifiers: "customer_first_name".
	for i := 1; i < len(words); i++ {
		k := joinFolded(buf[:0], words[i:])
		class, ok := c.lookupName(k)
		if !ok {
			continue
		}
		qualified := true
		for _, w := range words[:i] {
			if !fieldQualifiers[string(foldName(buf[:0], w))] {
				qualified = false
				break
			}
		}
		if qualified {
			return c.personParent(class, parent)
		}
	}
	// A raising rule anywhere: "phone_number", "email_verified",
	// "date_naissance_client".
	negative := int32(0)
	for i := range words {
		for j := i + 1; j <= len(words) && j <= i+3; j++ {
			k := joinFolded(buf[:0], words[i:j])
			class, ok := c.lookupName(k)
			if !ok {
				continue
			}
			r := &c.fields.rules[class-1]
			switch {
			case r.negative:
				if negative == 0 {
					negative = class
				}
			case !r.detect:
				return class
			}
		}
	}
	if negative != 0 {
		return negative
	}
	for _, w := range words {
		if class, ok := c.fields.byKeyword[string(foldName(buf[:0], w))]; ok {
			return class
		}
	}
	return 0
}

// lookupName finds a folded name, or its singular: "phones" holds phones.
func (c *Catalog) lookupName(k []byte) (int32, bool) {
	if class, ok := c.fields.byName[string(k)]; ok {
		return class, true
	}
	if n := len(k); n > 3 && k[n-1] == 's' {
		class, ok := c.fields.byName[string(k[:n-1])]
		return class, ok
	}
	return 0, false
}

// personParent drops a bare "name" rule under a parent that is not a
// person ("products"."name").
func (c *Catalog) personParent(class int32, parent []byte) int32 {
	r := &c.fields.rules[class-1]
	if r.minWords == 0 || len(parent) == 0 {
		return class
	}
	var toks [16][]byte
	var buf [128]byte
	for _, w := range splitName(toks[:0], parent) {
		if notPersonParents[string(foldName(buf[:0], w))] {
			return 0
		}
	}
	return class
}

// Detects says whether a field of that class is itself a finding.
func (c *Catalog) Detects(class int32) bool {
	return class > 0 && int(class) <= len(c.fields.rules) && c.fields.rules[class-1].detect
}

// DetectsType says whether a field of that class is itself a finding of
// type t: a regex match of t inside it is the same finding again.
func (c *Catalog) DetectsType(class int32, t *Type) bool {
	return c.Detects(class) && !c.fields.rules[class-1].country && c.all[c.fields.rules[class-1].types[0]] == t
}

// foldName appends name lower-cased, with common Latin accents dropped
// and every separator removed: "Prénom" and "PRENOM" and "pre_nom" meet.
func foldName(dst, name []byte) []byte {
	for len(name) > 0 {
		r, n := utf8.DecodeRune(name)
		name = name[n:]
		switch {
		case r < utf8.RuneSelf:
			c := byte(r)
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
				dst = append(dst, c)
			}
		case r == 'ß':
			dst = append(dst, 's', 's')
		default:
			if f, ok := foldAccent[unicode.ToLower(r)]; ok {
				dst = append(dst, f)
			} else if unicode.IsLetter(r) {
				dst = utf8.AppendRune(dst, unicode.ToLower(r))
			}
		}
	}
	return dst
}

var foldAccent = map[rune]byte{
	'à': 'a', 'á': 'a', 'â': 'a', 'ä': 'a', 'ã': 'a', 'å': 'a', 'ą': 'a', 'ç': 'c', 'ć': 'c', 'è': 'e', 'é': 'e', 'ê': 'e', 'ë': 'e', 'ę': 'e',
	'ì': 'i', 'í': 'i', 'î': 'i', 'ï': 'i', 'ł': 'l', 'ñ': 'n', 'ń': 'n', 'ò': 'o', 'ó': 'o', 'ô': 'o', 'ö': 'o', 'õ': 'o',
	'ù': 'u', 'ú': 'u', 'û': 'u', 'ü': 'u', 'ś': 's', 'ź': 'z', 'ż': 'z', 'ý': 'y', 'ÿ': 'y',
}

// splitName splits a field name into words at separators and at
// lower-to-upper case changes ("billingAddress" -> billing, Address).
func splitName(dst [][]byte, name []byte) [][]byte {
	start := -1
	prevLower := false
	for i := 0; i < len(name); {
		r, n := utf8.DecodeRune(name[i:])
		letterOrDigit := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case !letterOrDigit:
			if start >= 0 {
				dst = appendWord(dst, name[start:i])
				start = -1
			}
		case start < 0:
			start = i
		case unicode.IsUpper(r) && prevLower:
			dst = appendWord(dst, name[start:i])
			start = i
		}
		prevLower = unicode.IsLower(r) || unicode.IsDigit(r)
		i += n
	}
	if start >= 0 {
		dst = appendWord(dst, name[start:])
	}
	return dst
}

func appendWord(dst [][]byte, w []byte) [][]byte {
	if len(dst) == cap(dst) && cap(dst) >= 16 {
		return dst // a name of more words than any rule reads
	}
	return append(dst, w)
}

func joinFolded(dst []byte, words [][]byte) []byte {
	for _, w := range words {
		dst = foldName(dst, w)
	}
	return dst
}

// fieldScore is the confidence a field's name gives a candidate of type
// typ: raised when the field is named for it, lowered for a number in a
// field of non-personal numbers. ok is false when the name says nothing
// about typ.
func (c *Catalog) fieldScore(class int32, typ int, numeric bool, score float64) (float64, bool) {
	if class <= 0 || int(class) > len(c.fields.rules) {
		return score, false
	}
	r := &c.fields.rules[class-1]
	if r.negative {
		if numeric {
			return score - negativePenalty, true
		}
		return score, false
	}
	for _, t := range r.types {
		if t == typ {
			return score + fieldBoost, true
		}
	}
	return score, false
}

// EvaluateField decides whether the value hay[start:end] of a detecting
// field (Detects(class)) is a finding of the field's type: a name that
// reads as one, an address with letters in it. Blank and placeholder
// values are not.
func (c *Catalog) EvaluateField(hay []byte, start, end int, class int32, s *Scratch) (r Result, ok bool) {
	if !c.Detects(class) || c.fields.rules[class-1].country {
		return r, false
	}
	fr := &c.fields.rules[class-1]
	ti := fr.types[0]
	t := c.all[ti]
	for start < end && isSpaceByte(hay[start]) {
		start++
	}
	for end > start && isSpaceByte(hay[end-1]) {
		end--
	}
	v := hay[start:end]
	if len(v) == 0 || placeholder(v) || !c.reported[ti] {
		return r, false
	}
	conf := fieldNameConfidence
	switch t.ID {
	case "person_name":
		if !nameValue(v, max(1, fr.minWords)) {
			return r, false
		}
	case "street_address":
		if !addressValue(v) {
			return r, false
		}
		conf = fieldAddressConfidence
	default:
		if t.Check != nil {
			s.env.Buf = s.buf[:0]
			s.env.Before, s.env.After = nil, nil
			sp, score, okc := t.Check(v, &s.env)
			if !okc || sp.Start != 0 || sp.End != len(v) {
				return r, false
			}
			conf = min(score+fieldBoost, maxConfidence)
		}
	}
	s.norm = c.normalize(s.norm[:0], t, v, s)
	if c.allow.allowed(v, s.norm) {
		return Result{}, false
	}
	return Result{Type: t, Start: start, End: end, Confidence: conf, Norm: s.norm}, true
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\n' }

// placeholder values stand where there is no data.
func placeholder(v []byte) bool {
	if len(v) <= len("anonymized") {
		var buf [16]byte
		switch string(lowerWord(buf[:0], v)) {
		case "null", "\\n", "nil", "none", "n/a", "na", "-", "--", "?", "unknown", "undefined", "test", "xxx", "redacted", "anonymous", "anonymized":
			return true
		}
	}
	return bytes.HasPrefix(v, []byte("[REDACTED"))
}

// nameValue reports whether v reads as a person's name: one to six words
// of letters (with ' - . inside, a comma between), at least minWords of
// them, no digits.
func nameValue(v []byte, minWords int) bool {
	if len(v) > 100 {
		return false
	}
	words, inWord := 0, false
	for _, r := range string(v) {
		switch {
		case unicode.IsLetter(r):
			if !inWord {
				words++
				inWord = true
			}
		case r == ' ' || r == ',': // "Doe, Jane"
			inWord = false
		case r == '\'' || r == '’' || r == '-' || r == '.' || r == '\\': // O\'Connor, escaped in a dump
			if !inWord {
				return false
			}
		default:
			return false
		}
	}
	return words >= minWords && words <= 6
}

// addressValue reports whether v reads as a street address: letters, at
// most a few lines, no longer than a postal address gets.
func addressValue(v []byte) bool {
	if len(v) < 4 || len(v) > 200 || bytes.Count(v, []byte{'\n'}) > 4 {
		return false
	}
	letters := 0
	for _, r := range string(v) {
		switch {
		case unicode.IsLetter(r):
			letters++
		case r == '@' || r == '<' || r == '>' || r == '{' || r == '}' || r == '=':
			return false
		}
	}
	return letters >= 3
}
