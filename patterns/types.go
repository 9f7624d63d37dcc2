package patterns

// GDPR data categories of the built-in types.
const (
	CategoryContact          = "contact"
	CategoryGovernmentID     = "government_id"
	CategoryFinancial        = "financial"
	CategoryOnlineIdentifier = "online_identifier"
	CategoryDemographic      = "demographic"
	CategoryLocation         = "location"
	CategoryIdentity         = "identity"
)

// Span is a candidate or accepted byte range, relative to the slice a check
// was given.
type Span struct{ Start, End int }

// A Check decides whether a candidate is of its type. v is the candidate's
// bytes. It returns the accepted sub-span (often all of v: Span{0, len(v)})
// and the confidence before context, or ok=false to drop the candidate.
// Checks run on every candidate and must not allocate on the common path.
type Check func(v []byte, env *Env) (s Span, score float64, ok bool)

// Env carries what a check may need beyond the candidate's bytes.
type Env struct {
	// Regions are the phone regions to try for national-format numbers, in
	// order (ISO 3166 alpha-2).
	Regions []string
	// Hint is a region suggested by context (a "Telefon" nearby), tried
	// first; empty when none.
	Hint string
	// Before (24 bytes) and After (8) are the bytes around the candidate, for checks
	// that must see what it is glued to.
	Before, After []byte
	// Buf is scratch space a check may use for a compact form.
	Buf []byte
	// phone is the phone check's answer for the span it accepted, reused
	// by the phone normalizer on the same bytes.
	phone phoneMemo
	// cat and sc are the catalog and scratch evaluating, for the phone
	// check's context (phoneContext); nil outside Evaluate.
	cat *Catalog
	sc  *Scratch
}

// Type is one kind of personal data.
type Type struct {
	ID          string
	Category    string
	Description string
	// Validator names the validation for documentation ("Luhn + IIN").
	Validator string
	// Check validates a candidate; nil accepts every candidate at Base.
	Check Check
	// Base is the confidence of a candidate that passes Check when Check
	// gives none (custom patterns).
	Base float64
	// Normalize appends to dst the form of v that is hashed; nil means the
	// bytes as they are.
	Normalize func(dst, v []byte, env *Env) []byte
	// Mask returns a masked preview of v; nil masks generically.
	Mask func(v []byte) string
	// Keywords raise the confidence when one is found near a match; lower
	// case, single words, in every language the catalog speaks.
	Keywords []string
	// LabelBefore types take context only from words before a match:
	// "DOB: 12/03/1985" labels that date, and in "shipped on 27/02/2023.
	// My date of birth is …" the label is the next date's.
	LabelBefore bool
	// Numeric types lose confidence next to words such as "order" or
	// "invoice" that name non-personal numbers.
	Numeric bool
	// Examples and NotExamples are the type's own proof: text in which the
	// type must and must not be found at the default threshold.
	Examples    []string
	NotExamples []string
	// Strong types identify one person on their own (an email, a phone,
	// an account or national id); names, dates, addresses, IPs and URLs
	// are shared by many. Identity expansion and record linking ask it.
	Strong bool
	// Country is the ISO 3166 alpha-2 code of the country whose id this is
	// ("FR" for fr_nir), "" for none: evidence of the region of a phone
	// number in the same record.
	Country string
	// RegionOf returns the country a value of the type names when it
	// varies with the value (an IBAN's or VAT number's first letters, an
	// email's ccTLD), "" for none.
	RegionOf func(v []byte) string
	// regex is a custom type's pattern, which a subject's identifier of
	// the type must match whole (Catalog.Identifier).
	regex string
}

// Detector is one regex that proposes candidates. Several types may claim
// the same shape (ten digits may be a phone or an NHS number): each listed
// type checks the candidate and the most confident wins.
type Detector struct {
	Pattern string
	Types   []string
	// Source names where a custom detector was defined, for errors.
	Source string
	// Pass groups detectors into separate regexes (see Regexes).
	Pass int
	// Priority orders detectors within a pass, lowest first: where two
	// match at the same position the earlier wins (leftmost-first), so
	// distinctive shapes come before generic digit runs.
	Priority int
}
