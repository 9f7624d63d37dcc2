package patterns

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/piid/piid/rure"
)

// Context scoring constants: how far around a match keywords are looked
// for, and how much they move the confidence.
const (
	ContextBefore = 64 // bytes before a match (not past the previous line)
	ContextAfter  = 24 // bytes after a match (not past the line's end)

	keywordBoost    = 0.35
	negativePenalty = 0.4
	maxConfidence   = 0.99
)

// Negative context: words that name numbers that are not about a person.
var negativeWords = wordSet(`order orders invoice invoices tracking shipment parcel version ver build serial sku isbn ean upc gtin
transaction txn ref reference ticket product part batch lot checksum hash crc sha md5 uuid guid nonce
commande facture colis référence bestellung bestellnummer rechnung rechnungsnummer sendung auftrag artikel
pedido factura albarán referencia seguimiento ordine fattura spedizione riferimento articolo bestelling factuur zending artikelnummer
timestamp epoch port pid uid gid build_id trace span request_id
suivi sendungsnummer trackingnummer waybill awb consignment ups usps fedex dhl gls dpd hermes colissimo chronopost correos postnl brt seur
release rev revision firmware fw digest duration elapsed took bytes job`)

// Catalog is the compiled set of types and detectors a scan uses. It is
// immutable once built and safe for concurrent use; each worker compiles
// its own regex from Patterns (see Compile).
type Catalog struct {
	// Types are the types reported, in catalog order.
	Types []*Type
	// all are every type, reported or not, as detectors and context words
	// index them; reported[i] says whether all[i] is in Types.
	all      []*Type
	reported []bool
	byID     map[string]int

	// Patterns are the detectors' regexes in priority order (ASCII mode).
	Patterns []string
	// passes are Patterns split by pass; passBase[p] is the detector index
	// before pass p's first.
	passes   [][]string
	passBase []int
	// groupTypes maps a detector index (1-based, as Regexes.FindAll sets
	// Match.Group) to the detector's candidate types.
	groupTypes [][]int

	keywords map[string][]int // context word -> types it raises
	words    map[string]word  // every context word: keywords, negative words, phone hints
	Regions  []string
	allow    allowlist
	ignore   map[Hash]struct{} // Options.Ignore
	hasher   *Hasher
	fields   fieldIndex

	// PathRegions are the phone regions per path glob (Options).
	PathRegions []PathRegions
}

// Options configure a catalog beyond the built-in defaults.
type Options struct {
	// Types keeps only these type ids (all when empty).
	Types []string
	// Custom adds user types with their detectors.
	Custom []CustomPattern
	// Keywords adds context words per type id.
	Keywords map[string][]string
	// Disabled drops built-in types.
	Disabled []string
	// Regions for phone numbers without a country code, in order.
	Regions []string
	// PathRegions are the phone regions of the files some path globs
	// match, tried before Regions.
	PathRegions []PathRegions
	// AllowValues and AllowRegexes are never findings.
	AllowValues  []string
	AllowRegexes []string
	// Ignore are keyed hashes whose findings are marked Ignored.
	Ignore []Hash
	// Fields add field-name rules, ahead of the built-in ones.
	Fields []FieldRule
	// HashKey is the secret of the keyed hash (required).
	HashKey []byte
}

// CustomPattern is a user-defined type found by one regex.
type CustomPattern struct {
	ID, Category, Description string
	Regex                     string
	Confidence                float64
	Keywords                  []string
	// Strong: see Type.Strong (a custom type is weak unless told).
	Strong bool
	// Where it came from, for error messages ("config.yaml:12").
	Source string
}

// ErrUnknownType names a type id that is not in the catalog.
type ErrUnknownType struct{ ID string }

func (e ErrUnknownType) Error() string { return fmt.Sprintf("unknown type %q", e.ID) }

// customPriority places custom detectors after the built-in ones.
const customPriority = 1 << 30

// New builds the catalog from the built-in types and opts.
func New(opts Options) (*Catalog, error) {
	if len(opts.HashKey) == 0 {
		return nil, fmt.Errorf("patterns: a hash key is required")
	}
	c := &Catalog{byID: map[string]int{}, keywords: map[string][]int{}, Regions: opts.Regions, PathRegions: opts.PathRegions}
	if len(c.Regions) == 0 {
		c.Regions = DefaultRegions
	}
	types := Builtin()
	detectors := BuiltinDetectors()
	for _, cp := range opts.Custom {
		if cp.ID == "" || cp.Regex == "" {
			return nil, fmt.Errorf("%s: a custom pattern needs an id and a regex", cp.Source)
		}
		conf := cp.Confidence
		if conf == 0 {
			conf = 0.8
		}
		cat := cp.Category
		if cat == "" {
			cat = CategoryIdentity
		}
		types = append(types, &Type{ID: cp.ID, Category: cat, Description: cp.Description, Validator: "custom regex",
			Base: conf, Keywords: cp.Keywords, Strong: cp.Strong, regex: cp.Regex})
		// After every built-in detector of its pass, as before priorities.
		detectors = append(detectors, Detector{Pattern: cp.Regex, Types: []string{cp.ID}, Source: cp.Source, Priority: customPriority})
	}

	keep := map[string]bool{}
	for _, id := range opts.Types {
		keep[id] = true
	}
	drop := map[string]bool{}
	for _, id := range opts.Disabled {
		drop[id] = true
	}
	known := map[string]bool{}
	for _, t := range types {
		if known[t.ID] {
			return nil, fmt.Errorf("patterns: type %q is defined twice", t.ID)
		}
		known[t.ID] = true
	}
	for id := range keep {
		if !known[id] {
			return nil, ErrUnknownType{id}
		}
	}
	for id := range drop {
		if !known[id] {
			return nil, ErrUnknownType{id}
		}
	}
	// Every type is evaluated, reported or not: a span is decided the same
	// way whatever the filter, so "--types phone" does not turn the IPv4
	// addresses nobody asked for into phone numbers.
	for _, t := range types {
		c.byID[t.ID] = len(c.all)
		c.all = append(c.all, t)
		rep := !((len(keep) > 0 && !keep[t.ID]) || drop[t.ID])
		c.reported = append(c.reported, rep)
	}
	for id, words := range opts.Keywords {
		if !known[id] {
			return nil, ErrUnknownType{id}
		}
		if i, ok := c.byID[id]; ok {
			t := *c.all[i]
			t.Keywords = append(append([]string{}, t.Keywords...), words...)
			c.all[i] = &t
		}
	}
	for i, t := range c.all {
		if c.reported[i] {
			c.Types = append(c.Types, t)
		}
		for _, k := range t.Keywords {
			for _, w := range contextWords(k) {
				if !containsInt(c.keywords[w], i) {
					c.keywords[w] = append(c.keywords[w], i)
				}
			}
		}
	}

	// Every detector, ordered by pass. Each is compiled alone first so an
	// error names it.
	sortDetectors(detectors)
	c.groupTypes = [][]int{nil}
	lastPass := -1
	for _, d := range detectors {
		var ids []int
		for _, id := range d.Types {
			if i, ok := c.byID[id]; ok {
				ids = append(ids, i)
			}
		}
		if len(ids) == 0 {
			continue
		}
		where := "patterns: detector for " + strings.Join(d.Types, ",")
		if d.Source != "" {
			where = d.Source + ": pattern " + strings.Join(d.Types, ",")
		}
		p, err := asciiPattern(d.Pattern)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		re, err := rure.Compile(p, rure.Options{})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		if matchesEmpty(re) {
			re.Close()
			return nil, fmt.Errorf("%s: matches the empty string", where)
		}
		re.Close()
		if len(c.passes) == 0 || d.Pass != lastPass {
			c.passes = append(c.passes, nil)
			c.passBase = append(c.passBase, len(c.Patterns))
			lastPass = d.Pass
		}
		c.passes[len(c.passes)-1] = append(c.passes[len(c.passes)-1], p)
		c.groupTypes = append(c.groupTypes, ids)
		c.Patterns = append(c.Patterns, p)
	}
	if len(c.Types) == 0 {
		return nil, fmt.Errorf("patterns: every type is disabled")
	}
	// Each detector compiled alone; now the passes as the workers will.
	if res, err := c.Compile(); err != nil {
		return nil, fmt.Errorf("patterns: compile detectors: %w", err)
	} else {
		res.Close()
	}

	c.buildWords()
	var err error
	if c.allow, err = newAllowlist(opts.AllowValues, opts.AllowRegexes); err != nil {
		return nil, err
	}
	c.hasher = NewHasher(opts.HashKey)
	c.ignore = newIgnoreSet(opts.Ignore)
	if err := c.buildFields(opts.Fields); err != nil {
		return nil, err
	}
	return c, nil
}

// word is what a context word means: the types it raises, whether it
// names non-personal numbers, the phone region it suggests.
type word struct {
	ids  []int
	neg  bool
	hint string
	// generic keywords ("nummer", "numero") are qualified by the word
	// before them: "Tracking-Nummer" is no phone's.
	generic bool
}

// buildWords merges the three kinds of context word into one map, so each
// word of a line is looked up once.
func (c *Catalog) buildWords() {
	c.words = map[string]word{}
	for w, ids := range c.keywords {
		c.words[w] = word{ids: ids, generic: genericFieldWords[w]}
	}
	for w := range negativeWords {
		x := c.words[w]
		x.neg = true
		c.words[w] = x
	}
	for w, h := range phoneHints {
		x := c.words[w]
		x.hint = h
		c.words[w] = x
	}
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// contextWords splits a keyword the way the context window is split.
func contextWords(k string) []string {
	var out []string
	var buf [64]byte
	forEachWord([]byte(k), func(w []byte) {
		if len(w) >= 2 {
			out = append(out, string(lowerWord(buf[:0], w)))
		}
	})
	return out
}

// forEachWord calls fn with each run of letters (ASCII or any non-ASCII
// byte) in b; digits and punctuation separate words.
func forEachWord(b []byte, fn func([]byte)) {
	forEachWordAt(b, func(w []byte, _ int) { fn(w) })
}

// forEachWordAt is forEachWord that also gives each word's offset.
func forEachWordAt(b []byte, fn func(w []byte, at int)) {
	start := -1
	for i, c := range b {
		isW := c >= utf8.RuneSelf || (c|0x20 >= 'a' && c|0x20 <= 'z')
		if isW {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			fn(b[start:i], start)
			start = -1
		}
	}
	if start >= 0 {
		fn(b[start:], start)
	}
}

// matchesEmpty reports a regex that can match no bytes at all: it would
// report a match at every position.
func matchesEmpty(re *rure.Regex) bool {
	var buf [8]rure.Match
	for _, sample := range []string{"", "a b\n1 ,x"} {
		ms, _, err := re.FindAll([]byte(sample), 0, false, buf[:0])
		if err != nil {
			return true
		}
		for _, m := range ms {
			if m.Start == m.End {
				return true
			}
		}
	}
	return false
}

// asciiPattern rewrites non-ASCII literals (outside classes) into their
// UTF-8 bytes, since the engine runs in ASCII mode, where "é" is not
// allowed but \xC3\xA9 is.
func asciiPattern(p string) (string, error) {
	// Detectors are joined into one alternation: a verbose-mode comment
	// would swallow the rest of it.
	if verboseFlag.MatchString(p) {
		return "", fmt.Errorf("the x (verbose) flag is not supported")
	}
	var b strings.Builder
	inClass := false
	escaped := false
	for _, r := range p {
		switch {
		case escaped:
			escaped = false
		case r == '\\':
			escaped = true
		case r == '[':
			inClass = true
		case r == ']':
			inClass = false
		}
		if r < utf8.RuneSelf {
			b.WriteRune(r)
			continue
		}
		if inClass {
			return "", fmt.Errorf("non-ASCII character %q inside a [class]: write it as an alternation", r)
		}
		var enc [4]byte
		n := utf8.EncodeRune(enc[:], r)
		b.WriteString("(?:")
		for _, x := range enc[:n] {
			fmt.Fprintf(&b, `\x%02X`, x)
		}
		b.WriteString(")")
	}
	return b.String(), nil
}

// verboseFlag finds an inline flag group that turns on x: (?x), (?ix:…).
var verboseFlag = regexp.MustCompile(`\(\?[a-wyzA-Z]*x`)

// TypeByID returns a type of the catalog.
func (c *Catalog) TypeByID(id string) (*Type, bool) {
	i, ok := c.byID[id]
	if !ok {
		return nil, false
	}
	return c.all[i], true
}

// Strong reports whether id is a type that identifies one person on its
// own (Type.Strong): what identity expansion and record linking follow.
func (c *Catalog) Strong(id string) bool {
	t, ok := c.TypeByID(id)
	return ok && t.Strong
}

// Hasher is the catalog's keyed hash.
func (c *Catalog) Hasher() *Hasher { return c.hasher }

type allowlist struct {
	values  map[string]bool
	regexes []*regexp.Regexp
}

func newAllowlist(values, regexes []string) (allowlist, error) {
	a := allowlist{values: map[string]bool{}}
	for _, v := range values {
		a.values[strings.ToLower(strings.TrimSpace(v))] = true
	}
	for _, r := range regexes {
		re, err := regexp.Compile(r)
		if err != nil {
			return a, fmt.Errorf("patterns: allowlist regex %q: %w", r, err)
		}
		a.regexes = append(a.regexes, re)
	}
	return a, nil
}

func (a *allowlist) allowed(raw, norm []byte) bool {
	if len(a.values) > 0 {
		var buf [128]byte
		if a.values[string(lowerWord(buf[:0], raw))] || a.values[string(lowerWord(buf[:0], norm))] {
			return true
		}
	}
	for _, re := range a.regexes {
		if re.Match(raw) {
			return true
		}
	}
	return false
}
