package patterns

import "strings"

// The countries piid can name from a record's own words: a country column
// or key, whose value is an ISO 3166 code or the country's name in the
// catalog's languages. One table, asked by everyone (CountryCode).

// countryNames lists, per ISO 3166 alpha-2 code, its alpha-3 code and its
// names in English, French, German, Spanish, Italian, Dutch, Polish and
// its own language, "|"-separated.
var countryNames = map[string]string{
	"AT": "AUT|Austria|Autriche|Österreich|Oostenrijk",
	"BE": "BEL|Belgium|Belgique|Belgien|Bélgica|Belgio|België|Belgia",
	"BG": "BGR|Bulgaria|Bulgarie|Bulgarien|Bulgarije|Bułgaria|България",
	"HR": "HRV|Croatia|Croatie|Kroatien|Croacia|Croazia|Kroatië|Chorwacja|Hrvatska",
	"CY": "CYP|Cyprus|Chypre|Zypern|Chipre|Cipro|Cypr|Κύπρος",
	"CZ": "CZE|Czech Republic|Czechia|République tchèque|Tchéquie|Tschechien|Tschechische Republik|República Checa|Chequia|Repubblica Ceca|Cechia|Tsjechië|Czechy|Česko|Česká republika",
	"DK": "DNK|Denmark|Danemark|Dänemark|Dinamarca|Danimarca|Denemarken|Dania|Danmark",
	"EE": "EST|Estonia|Estonie|Estland|Eesti",
	"FI": "FIN|Finland|Finlande|Finnland|Finlandia|Suomi",
	"FR": "FRA|France|Frankreich|Francia|Frankrijk|Francja",
	"DE": "DEU|Germany|Allemagne|Deutschland|Alemania|Germania|Duitsland|Niemcy",
	"GR": "GRC|Greece|Grèce|Griechenland|Grecia|Griekenland|Grecja|Hellas|Ελλάδα|EL",
	"HU": "HUN|Hungary|Hongrie|Ungarn|Hungría|Ungheria|Hongarije|Węgry|Magyarország",
	"IE": "IRL|Ireland|Irlande|Irland|Irlanda|Ierland|Irlandia|Éire",
	"IT": "ITA|Italy|Italie|Italien|Italia|Italië|Włochy",
	"LV": "LVA|Latvia|Lettonie|Lettland|Letonia|Lettonia|Letland|Łotwa|Latvija",
	"LT": "LTU|Lithuania|Lituanie|Litauen|Lituania|Litouwen|Litwa|Lietuva",
	"LU": "LUX|Luxembourg|Luxemburg|Luxemburgo|Lussemburgo|Luksemburg|Lëtzebuerg",
	"MT": "MLT|Malta|Malte",
	"NL": "NLD|Netherlands|The Netherlands|Holland|Pays-Bas|Niederlande|Países Bajos|Paesi Bassi|Nederland|Holandia|Niderlandy",
	"PL": "POL|Poland|Pologne|Polen|Polonia|Polska",
	"PT": "PRT|Portugal|Portogallo|Portugalia",
	"RO": "ROU|Romania|Roumanie|Rumänien|Rumania|Roemenië|Rumunia|România",
	"SK": "SVK|Slovakia|Slovaquie|Slowakei|Eslovaquia|Slovacchia|Slowakije|Słowacja|Slovensko",
	"SI": "SVN|Slovenia|Slovénie|Slowenien|Eslovenia|Slovenië|Słowenia|Slovenija",
	"ES": "ESP|Spain|Espagne|Spanien|España|Spagna|Spanje|Hiszpania",
	"SE": "SWE|Sweden|Suède|Schweden|Suecia|Svezia|Zweden|Szwecja|Sverige",
	"IS": "ISL|Iceland|Islande|Island|Islandia|Islanda|IJsland|Ísland",
	"LI": "LIE|Liechtenstein",
	"NO": "NOR|Norway|Norvège|Norwegen|Noruega|Norvegia|Noorwegen|Norwegia|Norge",
	"GB": "GBR|United Kingdom|UK|Great Britain|Britain|England|Scotland|Wales|Northern Ireland|Royaume-Uni|Grande-Bretagne|Vereinigtes Königreich|Großbritannien|Reino Unido|Regno Unito|Gran Bretagna|Verenigd Koninkrijk|Wielka Brytania",
	"CH": "CHE|Switzerland|Suisse|Schweiz|Suiza|Svizzera|Zwitserland|Szwajcaria",
	"US": "USA|United States|United States of America|America|États-Unis|Vereinigte Staaten|Estados Unidos|Stati Uniti|Verenigde Staten|Stany Zjednoczone",
	"CA": "CAN|Canada|Kanada|Canadá",
}

// countryByName maps a folded code or name to its alpha-2 code.
var countryByName = func() map[string]string {
	m := map[string]string{}
	for cc, names := range countryNames {
		m[string(foldName(nil, []byte(cc)))] = cc
		for _, n := range strings.Split(names, "|") {
			m[string(foldName(nil, []byte(n)))] = cc
		}
	}
	return m
}()

// CountryCode returns the ISO 3166 alpha-2 code a country column's value
// names: an alpha-2 or alpha-3 code (any case) or a name in the table;
// ok is false for anything else.
func CountryCode(v []byte) (string, bool) {
	var buf [64]byte
	if len(v) > 2*len(buf) {
		return "", false
	}
	k := foldName(buf[:0], v)
	if cc, ok := countryByName[string(k)]; ok {
		return cc, true
	}
	// Another region of the phone plan, by its alpha-2 code.
	if len(k) == 2 {
		up := strings.ToUpper(string(k))
		if phoneRegionSupported(up) {
			return up, true
		}
	}
	return "", false
}

// countryFieldNames name a record's country column or key.
var countryFieldNames = []string{"country", "country_code", "countrycode", "country_iso", "country_name", "nationality_country",
	"land", "landcode", "land_code", "pays", "code_pays", "pais", "país", "codigo_pais", "paese", "nazione", "codice_paese",
	"kraj", "kod_kraju", "landescode", "iso_country", "countryiso2", "country_iso2", "country_alpha2"}

// countryFieldRule is the field rule of country columns: their value is
// reported to the scanner as evidence of the record's country (the region
// of a phone number written without one), never a finding itself.
func countryFieldRule() FieldRule {
	return FieldRule{Names: countryFieldNames, Country: true}
}

// FieldCountry returns the country a field's value names when the field
// is a country column (class from Class); ok is false otherwise.
func (c *Catalog) FieldCountry(class int32, v []byte) (string, bool) {
	if class <= 0 || int(class) > len(c.fields.rules) || !c.fields.rules[class-1].country {
		return "", false
	}
	return CountryCode(trimSpace(v))
}

func trimSpace(v []byte) []byte {
	for len(v) > 0 && isSpaceByte(v[0]) {
		v = v[1:]
	}
	for len(v) > 0 && isSpaceByte(v[len(v)-1]) {
		v = v[:len(v)-1]
	}
	return v
}
