package patterns

// A Family keeps one kind of identifier in one place: its types (regex
// aside, each type holds its validator, keywords and examples), the
// detectors that propose candidates for them, and the field names that
// hold them. Adding a type is adding a family file and naming it in
// builtinFamilies.
type Family struct {
	Types     []*Type
	Detectors []Detector
	Fields    []FieldRule
}

// Where a phone number's region came from (scanner.Finding.RegionSource),
// strongest first.
const (
	RegionNumber  = "number"  // the number carries its country code
	RegionField   = "field"   // the record's country column or key
	RegionRecord  = "record"  // another value of the record (IBAN, national id, postcode, email ccTLD)
	RegionContext = "context" // a word near the number ("Telefon")
	RegionPath    = "path"    // phone_regions configured for the file's path
	RegionConfig  = "config"  // the global phone_regions (or the defaults): the one region where it is valid
)
