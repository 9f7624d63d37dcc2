package bench

// Word lists: names, streets, cities and mail domains of the locales the
// corpus speaks. Names carry no apostrophes, so that no CSV or SQL quoting
// shifts a planted value.

type city struct {
	name   string
	pcBase int      // first postcode (numeric countries)
	pcSpan int      // number of postcodes from pcBase
	areas  []string // UK outward codes
	state  string   // US state
	code   string   // Italian cadastral (Belfiore) code
}

type locale struct {
	cc      string // ISO 3166 country
	lang    string // en, fr, de, es, it, nl, pl
	male    []string
	female  []string
	last    []string
	streets []string
	types   []string // street types for number-first countries (GB, US)
	cities  []city
	domains []string
}

var (
	enMale = []string{"James", "John", "Robert", "Michael", "William", "David", "Richard", "Thomas", "Daniel", "Matthew",
		"Oliver", "Harry", "George", "Jack", "Charlie", "Samuel", "Benjamin", "Andrew", "Christopher", "Joseph"}
	enFemale = []string{"Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Sarah", "Emily", "Jessica", "Olivia", "Amelia",
		"Sophie", "Charlotte", "Emma", "Hannah", "Grace", "Lucy", "Rachel", "Laura", "Megan", "Chloe"}
	enLast = []string{"Smith", "Johnson", "Williams", "Brown", "Jones", "Taylor", "Davies", "Wilson", "Evans", "Roberts",
		"Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards", "Hall", "Harris", "Clarke",
		"Jackson", "Miller", "Davis", "Martin", "Anderson", "Moore", "Lewis", "Cooper", "Ward", "Turner"}
)

var locales = []*locale{
	{
		cc: "GB", lang: "en", male: enMale, female: enFemale, last: enLast,
		streets: []string{"Baker", "High", "Church", "Station", "Victoria", "Park", "Mill", "King", "Queen", "Albert",
			"Manor", "Windsor", "York", "Oxford", "Cambridge", "Elm", "Green", "Bridge", "Castle", "Springfield"},
		types: []string{"Street", "Road", "Lane", "Avenue", "Close", "Drive", "Gardens", "Terrace", "Crescent", "Grove", "Place", "Way"},
		cities: []city{
			{name: "London", areas: []string{"SW1A", "SW3", "SW11", "SE1", "SE15", "NW1", "NW6", "N1", "N16", "E1", "E14", "EC1A", "EC2V", "WC2H", "W1D", "W11"}},
			{name: "Manchester", areas: []string{"M1", "M4", "M14", "M20"}},
			{name: "Birmingham", areas: []string{"B1", "B15", "B29", "B33"}},
			{name: "Leeds", areas: []string{"LS1", "LS6", "LS11"}},
			{name: "Glasgow", areas: []string{"G1", "G12", "G41"}},
			{name: "Edinburgh", areas: []string{"EH1", "EH3", "EH10"}},
			{name: "Bristol", areas: []string{"BS1", "BS6", "BS8"}},
			{name: "Cardiff", areas: []string{"CF10", "CF11", "CF24"}},
			{name: "Liverpool", areas: []string{"L1", "L3", "L17"}},
			{name: "Oxford", areas: []string{"OX1", "OX2", "OX4"}},
		},
		domains: []string{"gmail.com", "outlook.com", "hotmail.co.uk", "yahoo.co.uk", "btinternet.com", "icloud.com", "sky.com"},
	},
	{
		cc: "US", lang: "en", male: enMale, female: enFemale, last: enLast,
		streets: []string{"Main", "Oak", "Maple", "Washington", "Lincoln", "Park", "Elm", "Cedar", "Pine", "Lake",
			"Sunset", "Madison", "Jefferson", "Franklin", "Highland", "Fifth", "Market", "Mission", "Broad", "Walnut"},
		types: []string{"Street", "Avenue", "Boulevard", "Drive", "Road", "Lane", "Court", "Place", "Way"},
		cities: []city{
			{name: "New York", state: "NY", pcBase: 10001, pcSpan: 280},
			{name: "San Francisco", state: "CA", pcBase: 94102, pcSpan: 30},
			{name: "Chicago", state: "IL", pcBase: 60601, pcSpan: 60},
			{name: "Austin", state: "TX", pcBase: 78701, pcSpan: 50},
			{name: "Seattle", state: "WA", pcBase: 98101, pcSpan: 98},
			{name: "Boston", state: "MA", pcBase: 2108, pcSpan: 100},
			{name: "Miami", state: "FL", pcBase: 33125, pcSpan: 70},
			{name: "Denver", state: "CO", pcBase: 80202, pcSpan: 60},
		},
		domains: []string{"gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com", "comcast.net", "hotmail.com"},
	},
	{
		cc: "FR", lang: "fr",
		male: []string{"Jean", "Pierre", "Michel", "Philippe", "Nicolas", "Julien", "Thomas", "Antoine", "Louis", "Hugo",
			"Lucas", "Mathieu", "Olivier", "François", "Laurent", "Sébastien", "Jean-Pierre", "Guillaume", "Étienne", "Benoît"},
		female: []string{"Marie", "Nathalie", "Isabelle", "Sophie", "Camille", "Julie", "Claire", "Émilie", "Chloé", "Léa",
			"Manon", "Céline", "Sandrine", "Amélie", "Hélène", "Marie-Claire", "Aurélie", "Valérie", "Margaux", "Inès"},
		last: []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
			"Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
			"Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Chevalier"},
		streets: []string{"rue de la Paix", "rue du Faubourg Saint-Antoine", "avenue Victor Hugo", "boulevard Haussmann", "rue des Lilas",
			"place de la République", "rue Nationale", "quai des Chartrons", "chemin des Vignes", "allée des Tilleuls",
			"rue Pasteur", "avenue Jean Jaurès", "rue Gambetta", "boulevard Voltaire", "rue de la République",
			"avenue des Champs-Élysées", "rue Victor Hugo", "impasse des Acacias", "rue du Moulin", "cours Mirabeau"},
		cities: []city{
			{name: "Paris", pcBase: 75001, pcSpan: 20}, {name: "Lyon", pcBase: 69001, pcSpan: 9},
			{name: "Marseille", pcBase: 13001, pcSpan: 16}, {name: "Bordeaux", pcBase: 33000, pcSpan: 1},
			{name: "Lille", pcBase: 59000, pcSpan: 1}, {name: "Toulouse", pcBase: 31000, pcSpan: 1},
			{name: "Nantes", pcBase: 44000, pcSpan: 1}, {name: "Strasbourg", pcBase: 67000, pcSpan: 1},
			{name: "Nice", pcBase: 6000, pcSpan: 1}, {name: "Rennes", pcBase: 35000, pcSpan: 1},
		},
		domains: []string{"gmail.com", "orange.fr", "free.fr", "laposte.net", "wanadoo.fr", "sfr.fr", "hotmail.fr", "outlook.fr"},
	},
	{
		cc: "DE", lang: "de",
		male: []string{"Thomas", "Michael", "Andreas", "Stefan", "Christian", "Markus", "Alexander", "Sebastian", "Jan", "Tobias",
			"Lukas", "Jonas", "Felix", "Maximilian", "Paul", "Jürgen", "Klaus", "Wolfgang", "Matthias", "Florian"},
		female: []string{"Anna", "Maria", "Julia", "Laura", "Katharina", "Lena", "Sarah", "Lisa", "Sabine", "Claudia",
			"Petra", "Monika", "Susanne", "Andrea", "Nicole", "Stefanie", "Jana", "Sophie", "Hannah", "Birgit"},
		last: []string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
			"Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
			"Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier"},
		streets: []string{"Hauptstraße", "Bahnhofstraße", "Berliner Straße", "Goethestraße", "Schillerstraße", "Lindenweg",
			"Gartenstraße", "Friedrichstraße", "Kastanienallee", "Schlossplatz", "Birkenweg", "Mozartstraße", "Dorfstraße",
			"Kirchgasse", "Ringstraße", "Waldweg", "Poststraße", "Marktplatz", "Kölner Straße", "Münchener Straße"},
		cities: []city{
			{name: "Berlin", pcBase: 10115, pcSpan: 2000}, {name: "München", pcBase: 80331, pcSpan: 1000},
			{name: "Hamburg", pcBase: 20095, pcSpan: 1000}, {name: "Köln", pcBase: 50667, pcSpan: 300},
			{name: "Frankfurt am Main", pcBase: 60311, pcSpan: 300}, {name: "Stuttgart", pcBase: 70173, pcSpan: 400},
			{name: "Düsseldorf", pcBase: 40210, pcSpan: 400}, {name: "Leipzig", pcBase: 4103, pcSpan: 300},
			{name: "Dresden", pcBase: 1067, pcSpan: 300}, {name: "Hannover", pcBase: 30159, pcSpan: 500},
		},
		domains: []string{"gmail.com", "web.de", "gmx.de", "gmx.net", "t-online.de", "posteo.de", "outlook.de", "freenet.de"},
	},
	{
		cc: "ES", lang: "es",
		male: []string{"Antonio", "José", "Manuel", "Francisco", "David", "Juan", "Javier", "Daniel", "Carlos", "Jesús",
			"Alejandro", "Miguel", "Rafael", "Pablo", "Sergio", "Fernando", "Jorge", "Luis", "Alberto", "Álvaro"},
		female: []string{"María", "Carmen", "Ana", "Isabel", "Laura", "Cristina", "Marta", "Lucía", "Elena", "Pilar",
			"Sara", "Paula", "Raquel", "Rosa", "Beatriz", "Silvia", "Patricia", "Alba", "Nuria", "Irene"},
		last: []string{"García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Martín",
			"Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero", "Alonso", "Gutiérrez",
			"Navarro", "Torres", "Domínguez", "Vázquez", "Ramos", "Gil", "Ramírez", "Serrano", "Blanco", "Molina"},
		streets: []string{"Calle Mayor", "Calle de Alcalá", "Avenida de la Constitución", "Calle Gran Vía", "Plaza Mayor",
			"Paseo de Gracia", "Calle Serrano", "Calle del Sol", "Avenida Diagonal", "Calle Real", "Calle de la Princesa",
			"Paseo de la Castellana", "Calle Colón", "Avenida de América", "Calle San Fernando"},
		cities: []city{
			{name: "Madrid", pcBase: 28001, pcSpan: 55}, {name: "Barcelona", pcBase: 8001, pcSpan: 42},
			{name: "Valencia", pcBase: 46001, pcSpan: 25}, {name: "Sevilla", pcBase: 41001, pcSpan: 20},
			{name: "Bilbao", pcBase: 48001, pcSpan: 15}, {name: "Málaga", pcBase: 29001, pcSpan: 18},
			{name: "Zaragoza", pcBase: 50001, pcSpan: 20},
		},
		domains: []string{"gmail.com", "hotmail.es", "yahoo.es", "outlook.es", "telefonica.net", "movistar.es"},
	},
	{
		cc: "IT", lang: "it",
		male: []string{"Marco", "Giuseppe", "Giovanni", "Antonio", "Francesco", "Alessandro", "Andrea", "Luca", "Matteo", "Lorenzo",
			"Davide", "Stefano", "Roberto", "Paolo", "Simone", "Federico", "Riccardo", "Fabio", "Massimo", "Gabriele"},
		female: []string{"Giulia", "Francesca", "Chiara", "Sara", "Martina", "Valentina", "Alessia", "Elena", "Federica", "Silvia",
			"Anna", "Laura", "Paola", "Elisa", "Giorgia", "Sofia", "Aurora", "Beatrice", "Alice", "Roberta"},
		last: []string{"Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco",
			"Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti",
			"Barbieri", "Fontana", "Santoro", "Mariani", "Rinaldi", "Caruso", "Ferrara", "Galli", "Martini", "Leone"},
		streets: []string{"Via Roma", "Via Giuseppe Garibaldi", "Via Dante", "Piazza Navona", "Via del Corso", "Via Toledo",
			"Corso Vittorio Emanuele", "Viale Monza", "Via Nazionale", "Via Mazzini", "Piazza del Duomo", "Via Cavour",
			"Corso Buenos Aires", "Via Po", "Via della Spiga"},
		cities: []city{
			{name: "Roma", pcBase: 118, pcSpan: 81, code: "H501"}, {name: "Milano", pcBase: 20121, pcSpan: 41, code: "F205"},
			{name: "Napoli", pcBase: 80121, pcSpan: 27, code: "F839"}, {name: "Torino", pcBase: 10121, pcSpan: 36, code: "L219"},
			{name: "Firenze", pcBase: 50121, pcSpan: 24, code: "D612"}, {name: "Bologna", pcBase: 40121, pcSpan: 21, code: "A944"},
			{name: "Palermo", pcBase: 90121, pcSpan: 30, code: "G273"}, {name: "Genova", pcBase: 16121, pcSpan: 46, code: "D969"},
		},
		domains: []string{"gmail.com", "libero.it", "virgilio.it", "alice.it", "tiscali.it", "hotmail.it", "yahoo.it"},
	},
	{
		cc: "NL", lang: "nl",
		male: []string{"Jan", "Pieter", "Kees", "Willem", "Hendrik", "Johannes", "Dirk", "Bram", "Daan", "Sem",
			"Lucas", "Thijs", "Jeroen", "Ruben", "Stijn", "Bas", "Niels", "Maarten", "Sander", "Joost"},
		female: []string{"Anna", "Maria", "Emma", "Sophie", "Julia", "Lotte", "Sanne", "Fleur", "Anouk", "Eva",
			"Lisa", "Iris", "Femke", "Marieke", "Inge", "Esther", "Ellen", "Noor", "Tess", "Lieke"},
		last: []string{"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer",
			"de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
			"de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer"},
		streets: []string{"Kerkstraat", "Prinsengracht", "Dorpsstraat", "Stationsweg", "Molenweg", "Hoofdstraat", "Keizersgracht",
			"Schoolstraat", "Julianalaan", "Wilhelminastraat", "Marktplein", "Beukenlaan", "Herengracht", "Nieuwstraat", "Oranjestraat"},
		cities: []city{
			{name: "Amsterdam", pcBase: 1011, pcSpan: 100}, {name: "Rotterdam", pcBase: 3011, pcSpan: 80},
			{name: "Utrecht", pcBase: 3511, pcSpan: 50}, {name: "Den Haag", pcBase: 2511, pcSpan: 60},
			{name: "Eindhoven", pcBase: 5611, pcSpan: 50}, {name: "Groningen", pcBase: 9711, pcSpan: 40},
		},
		domains: []string{"gmail.com", "ziggo.nl", "kpnmail.nl", "hotmail.nl", "outlook.com", "xs4all.nl", "planet.nl"},
	},
	{
		cc: "PL", lang: "pl",
		male:   []string{"Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Michał", "Marcin", "Jakub", "Łukasz", "Adam"},
		female: []string{"Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Magdalena", "Joanna", "Zofia", "Aleksandra"},
		last: []string{"Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński",
			"Szymański", "Woźniak", "Dąbrowski", "Kozłowski"},
		streets: []string{"ul. Marszałkowska", "ul. Długa", "ul. Piotrkowska", "ul. Floriańska", "al. Jerozolimskie",
			"ul. Mickiewicza", "ul. Kościuszki"},
		cities: []city{
			{name: "Warszawa", pcBase: 0, pcSpan: 4000}, {name: "Kraków", pcBase: 30001, pcSpan: 1000},
			{name: "Łódź", pcBase: 90001, pcSpan: 1000}, {name: "Gdańsk", pcBase: 80001, pcSpan: 900},
		},
		domains: []string{"gmail.com", "wp.pl", "onet.pl", "o2.pl", "interia.pl"},
	},
}

// localeBy returns the locale of a country.
func localeBy(cc string) *locale {
	for _, l := range locales {
		if l.cc == cc {
			return l
		}
	}
	panic("bench: no locale " + cc)
}

// Corporate mail domains, for work addresses of any locale.
var corpDomains = []string{"acme-corp.com", "globex.io", "initech.co.uk", "northwind-traders.com", "contoso.eu",
	"umbrella-logistics.de", "hooli.fr", "stark-industries.it", "wayne-enterprises.nl", "cyberdyne.es"}

// Hosts of sites whose URLs name a user.
var profileHosts = []string{"community.acmecloud.io", "forum.globex.io", "social.example-network.com", "www.northwind-traders.com",
	"app.hooli.fr", "shop.contoso.eu", "members.umbrella-logistics.de"}

// fold maps accented letters to their ASCII spelling in mail addresses.
var fold = map[rune]string{
	'ä': "ae", 'ö': "oe", 'ü': "ue", 'ß': "ss", 'é': "e", 'è': "e", 'ê': "e", 'ë': "e", 'à': "a", 'á': "a", 'â': "a",
	'í': "i", 'ì': "i", 'î': "i", 'ï': "i", 'ó': "o", 'ò': "o", 'ô': "o", 'ú': "u", 'ù': "u", 'û': "u", 'ñ': "n",
	'ç': "c", 'ł': "l", 'ś': "s", 'ż': "z", 'ź': "z", 'ć': "c", 'ń': "n", 'ę': "e", 'ą': "a",
	'É': "e", 'Á': "a", 'Ł': "l", 'Ś': "s", 'Ż': "z", 'Ö': "oe", 'Ü': "ue", 'Ä': "ae",
}
