package patterns

// Regexes run in ASCII mode over raw bytes (see Compile): \d, \w and \b
// are ASCII, and non-ASCII letters in a pattern are rewritten to their
// UTF-8 bytes. Horizontal space is [ \t], never \s, so that no match spans
// two lines (or two CSV rows).

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
