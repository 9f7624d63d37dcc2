package patterns

import (
	"errors"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/nyaruka/phonenumbers"
)

// The fast phone validator answers what phonenumbers.Parse followed by
// IsValidNumber / IsValidNumberForRegion answers, for the shapes the phone
// detectors produce (ASCII digits and the separators " .-/()", an optional
// leading "+"), without the library's per-call regexp work: the number
// patterns of each region are compiled once into a deterministic automaton
// over the ten digits, and the parsing steps that matter for such input
// (country code, international prefix, the region's own country code
// written without "+", national prefix, possible lengths) are replayed on
// the digit string. Any shape or region the replay does not cover exactly
// reports fastSlow and the caller asks phonenumbers itself: other
// characters (letters, "ext", "+" not first, non-ASCII digits), fewer than
// three digits, more than 250 bytes, a national-format number that starts
// with the region's international prefix ("011…" for US), and regions
// whose patterns the automaton builder refuses or whose transform rule is
// not of the "<digits>$<group>" form (none in the current metadata).

// digitDFA is a deterministic automaton over the ASCII digits built from
// up to 16 regexps; an accepting state carries one bit per regexp that
// accepts there. State 0 is the start state.
type digitDFA struct {
	next []int32 // state*10+digit -> state; -1 is the dead state
	acc  []uint16
}

// match returns the bits of the regexps that match all of s.
func (d *digitDFA) match(s []byte) uint16 {
	st := int32(0)
	for _, c := range s {
		st = d.next[int(st)*10+int(c-'0')]
		if st < 0 {
			return 0
		}
	}
	return d.acc[st]
}

// prefix reports whether some prefix of s (the empty one included) is
// matched, as regexp `^(?:p)` matching s would.
func (d *digitDFA) prefix(s []byte) bool {
	st := int32(0)
	if d.acc[st] != 0 {
		return true
	}
	for _, c := range s {
		st = d.next[int(st)*10+int(c-'0')]
		if st < 0 {
			return false
		}
		if d.acc[st] != 0 {
			return true
		}
	}
	return false
}

var errDFATooLarge = errors.New("phone: automaton too large")

// maxDFAStates bounds one automaton; a region whose patterns need more is
// left to phonenumbers.
const maxDFAStates = 1 << 16

// buildDigitDFA determinizes the regexps pats (Go syntax, as phonenumbers
// compiles them; "" never matches a non-empty number and is skipped). Bit i
// of a state's acceptance is set when pats[i] matches the digits read.
func buildDigitDFA(pats []string) (*digitDFA, error) {
	type nstate struct{ prog, pc uint32 }
	var progs []*syntax.Prog
	var bits []uint16
	for i, p := range pats {
		if p == "" {
			continue
		}
		re, err := syntax.Parse(p, syntax.Perl)
		if err != nil {
			return nil, err
		}
		prog, err := syntax.Compile(re.Simplify())
		if err != nil {
			return nil, err
		}
		progs = append(progs, prog)
		bits = append(bits, 1<<i)
	}
	// closure adds to set the consuming and matching instructions reachable
	// from pc without reading a digit.
	var closure func(set []nstate, prog uint32, pc uint32) ([]nstate, error)
	closure = func(set []nstate, prog uint32, pc uint32) ([]nstate, error) {
		for {
			in := &progs[prog].Inst[pc]
			switch in.Op {
			case syntax.InstAlt, syntax.InstAltMatch:
				var err error
				if set, err = closure(set, prog, in.Out); err != nil {
					return nil, err
				}
				pc = in.Arg
				continue
			case syntax.InstCapture, syntax.InstNop:
				pc = in.Out
				continue
			case syntax.InstFail:
				return set, nil
			case syntax.InstEmptyWidth:
				return nil, errors.New("phone: empty-width assertion in pattern")
			}
			s := nstate{prog, pc}
			if !slices.Contains(set, s) {
				set = append(set, s)
			}
			return set, nil
		}
	}
	key := func(set []nstate) string {
		slices.SortFunc(set, func(a, b nstate) int {
			if a.prog != b.prog {
				return int(a.prog) - int(b.prog)
			}
			return int(a.pc) - int(b.pc)
		})
		b := make([]byte, 0, len(set)*4)
		for _, s := range set {
			b = append(b, byte(s.prog), byte(s.pc>>16), byte(s.pc>>8), byte(s.pc))
		}
		return string(b)
	}
	d := &digitDFA{}
	ids := map[string]int32{}
	var sets [][]nstate
	add := func(set []nstate) (int32, error) {
		k := key(set)
		if id, ok := ids[k]; ok {
			return id, nil
		}
		if len(sets) >= maxDFAStates {
			return 0, errDFATooLarge
		}
		id := int32(len(sets))
		ids[k] = id
		sets = append(sets, set)
		var acc uint16
		for _, s := range set {
			if progs[s.prog].Inst[s.pc].Op == syntax.InstMatch {
				acc |= bits[s.prog]
			}
		}
		d.acc = append(d.acc, acc)
		d.next = append(d.next, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1)
		return id, nil
	}
	var start []nstate
	for i, p := range progs {
		var err error
		if start, err = closure(start, uint32(i), uint32(p.Start)); err != nil {
			return nil, err
		}
	}
	if _, err := add(start); err != nil {
		return nil, err
	}
	for id := 0; id < len(sets); id++ {
		for dg := rune('0'); dg <= '9'; dg++ {
			var next []nstate
			for _, s := range sets[id] {
				in := &progs[s.prog].Inst[s.pc]
				ok := false
				switch in.Op {
				case syntax.InstRune, syntax.InstRune1:
					ok = in.MatchRune(dg)
				case syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
					ok = true
				}
				if ok {
					var err error
					if next, err = closure(next, s.prog, in.Out); err != nil {
						return nil, err
					}
				}
			}
			if len(next) == 0 {
				continue
			}
			to, err := add(next)
			if err != nil {
				return nil, err
			}
			d.next[id*10+int(dg-'0')] = to
		}
	}
	return d, nil
}

// Acceptance bits of a region's automaton: bit 0 is the general
// description, the others the number types getNumberTypeHelper tries.
const (
	bitGeneral = 1 << 0
	bitsTypes  = ^uint16(bitGeneral)
)

// phoneMeta is one region's (or non-geographic calling code's) metadata in
// the form the fast path uses.
type phoneMeta struct {
	id    string
	cc    int
	ccStr string
	// supported: Parse accepts the region as a default region.
	supported bool
	// The automata are built on first use of the region (load).
	once sync.Once
	md   *phonenumbers.PhoneMetadata
	// dfa recognizes the general description and the number types; nil
	// when it could not be built (the region is then left to phonenumbers).
	dfa *digitDFA
	// lenMask[n] has the bits of the descriptions whose possible lengths
	// admit a national number of n digits.
	lenMask [phonenumbers.MAX_LENGTH_FOR_NSN + 1]uint16
	// General description lengths, for testNumberLength(…, UNKNOWN).
	lengths, localLengths []int32
	// parseable is false when the fast path cannot replay parsing in this
	// region's plan (a pattern it could not compile).
	parseable bool
	// nppLits are the national prefix's literal alternatives in regexp
	// order ("0|180020" for GB); empty when there is no national prefix or
	// nppRe reads it.
	nppLits []string
	// nppRe is the national prefix for parsing, anchored, when it is not a
	// plain alternation of literals (AU, BY, the NANP islands, GG, JP…).
	// A transform rule "268$1" is kept as its literal and group number
	// (trGroup 0: no rule).
	nppRe   *prefixProg
	trLit   string
	trGroup int
	// idd recognizes a prefix matched by the international prefix; nil
	// when the region has none.
	idd *digitDFA
	// leading recognizes the leading digits that claim a shared calling
	// code's number for this region; nil when the region has none.
	leading *digitDFA
}

// typeValid is getNumberTypeHelper(nsn) != UNKNOWN.
func (m *phoneMeta) typeValid(nsn []byte) bool {
	if len(nsn) >= len(m.lenMask) {
		return false
	}
	b := m.dfa.match(nsn) & m.lenMask[len(nsn)]
	return b&bitGeneral != 0 && b&bitsTypes != 0
}

// general reports whether the general description's pattern (without its
// lengths) matches s, as the parser's national-number rule does.
func (m *phoneMeta) general(s []byte) bool { return m.dfa.match(s)&bitGeneral != 0 }

// Length classes of testNumberLength.
const (
	lenPossible = iota
	lenLocalOnly
	lenTooShort
	lenTooLong
	lenInvalid
)

// testLength is phonenumbers' testNumberLength(number, metadata, UNKNOWN).
func (m *phoneMeta) testLength(n int) int {
	pl := m.lengths
	if len(pl) == 0 || pl[0] == -1 {
		return lenInvalid
	}
	l := int32(n)
	if slices.Contains(m.localLengths, l) {
		return lenLocalOnly
	}
	switch {
	case pl[0] == l:
		return lenPossible
	case pl[0] > l:
		return lenTooShort
	case pl[len(pl)-1] < l:
		return lenTooLong
	}
	if slices.Contains(pl[1:], l) {
		return lenPossible
	}
	return lenInvalid
}

// stripNationalPrefix is maybeStripNationalPrefixAndCarrierCode: it
// returns num without its national prefix (or transformed by the region's
// rule, into tmp), or num when there is none or removing it would turn a
// viable number into a non-viable one.
// ok is false when the prefix pattern's search gave up.
func (m *phoneMeta) stripNationalPrefix(num, tmp []byte) (stripped []byte, ok bool) {
	if len(num) == 0 {
		return num, true
	}
	if m.nppRe != nil {
		return m.stripNationalPrefixRe(num, tmp)
	}
	for _, p := range m.nppLits {
		if len(num) >= len(p) && string(num[:len(p)]) == p {
			if m.general(num) && !m.general(num[len(p):]) {
				return num, true
			}
			return num[len(p):], true
		}
	}
	return num, true
}

func (m *phoneMeta) stripNationalPrefixRe(num, tmp []byte) ([]byte, bool) {
	var caps [2 * 10]int
	g, matched, ok := m.nppRe.match(num, caps[:])
	if !ok {
		return num, false
	}
	if !matched {
		return num, true
	}
	last := len(g)/2 - 1
	if m.trGroup == 0 || g[last*2] < 0 {
		if m.general(num) && !m.general(num[g[1]:]) {
			return num, true
		}
		return num[g[1]:], true
	}
	// ReplaceAllString of an anchored pattern: the one match at the start
	// becomes the rule, with its group expanded (empty when it did not
	// take part).
	t := append(tmp[:0], m.trLit...)
	if g[2*m.trGroup] >= 0 {
		t = append(t, num[g[2*m.trGroup]:g[2*m.trGroup+1]]...)
	}
	t = append(t, num[g[1]:]...)
	if m.general(num) && !m.general(t) {
		return num, true
	}
	return t, true
}

// prefixProg matches a regexp at the start of a digit string with Go's
// leftmost-first semantics and submatches, as regexp's backtracker does,
// without allocating.
type prefixProg struct {
	prog *syntax.Prog
	ncap int // capture slots, 2 per group, group 0 included
}

func newPrefixProg(pat string) (*prefixProg, error) {
	re, err := syntax.Parse(pat, syntax.Perl)
	if err != nil {
		return nil, err
	}
	ncap := 2 * (re.MaxCap() + 1)
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return nil, err
	}
	if ncap > 20 {
		return nil, errors.New("phone: too many groups")
	}
	return &prefixProg{prog: prog, ncap: ncap}, nil
}

// match returns the capture positions of the leftmost-first match of p
// at the start of s (caps is scratch of at least p.ncap ints). ok is false
// when the search gave up (too many steps).
func (p *prefixProg) match(s []byte, caps []int) (g []int, matched, ok bool) {
	caps = caps[:p.ncap]
	for i := range caps {
		caps[i] = -1
	}
	budget := 20000
	matched = p.try(uint32(p.prog.Start), 0, s, caps, &budget)
	if budget < 0 {
		return nil, false, false
	}
	if matched {
		caps[0] = 0
	}
	return caps, matched, true
}

func (p *prefixProg) try(pc uint32, pos int, s []byte, caps []int, budget *int) bool {
	for {
		if *budget--; *budget < 0 {
			return false
		}
		in := &p.prog.Inst[pc]
		switch in.Op {
		case syntax.InstMatch:
			caps[1] = pos
			return true
		case syntax.InstFail:
			return false
		case syntax.InstAlt, syntax.InstAltMatch:
			if p.try(in.Out, pos, s, caps, budget) {
				return true
			}
			pc = in.Arg
		case syntax.InstCapture:
			if int(in.Arg) >= len(caps) {
				pc = in.Out
				continue
			}
			old := caps[in.Arg]
			caps[in.Arg] = pos
			if p.try(in.Out, pos, s, caps, budget) {
				return true
			}
			caps[in.Arg] = old
			return false
		case syntax.InstNop:
			pc = in.Out
		case syntax.InstEmptyWidth:
			r1, r2 := rune(-1), rune(-1)
			if pos > 0 {
				r1 = rune(s[pos-1])
			}
			if pos < len(s) {
				r2 = rune(s[pos])
			}
			if syntax.EmptyOp(in.Arg)&^syntax.EmptyOpContext(r1, r2) != 0 {
				return false
			}
			pc = in.Out
		default: // InstRune, InstRune1, InstRuneAny, InstRuneAnyNotNL
			if pos >= len(s) || !in.MatchRune(rune(s[pos])) {
				return false
			}
			pos++
			pc = in.Out
		}
	}
}

// nationalNumber replays the end of parseHelper: national prefix
// stripping kept only when it leaves a number of possible length, then the
// length bounds. It reports fastInvalid when Parse would fail.
func (m *phoneMeta) nationalNumber(num, tmp []byte) ([]byte, int) {
	if len(num) < phonenumbers.MIN_LENGTH_FOR_NSN {
		return nil, fastInvalid
	}
	p, ok := m.stripNationalPrefix(num, tmp)
	if !ok {
		return nil, fastSlow
	}
	if !sameBytes(p, num) {
		switch m.testLength(len(p)) {
		case lenTooShort, lenLocalOnly, lenInvalid:
		default:
			num = p
		}
	}
	if len(num) < phonenumbers.MIN_LENGTH_FOR_NSN || len(num) > phonenumbers.MAX_LENGTH_FOR_NSN {
		return nil, fastInvalid
	}
	return num, fastValid
}

// sameBytes reports whether a and b are the same slice.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && unsafe.SliceData(a) == unsafe.SliceData(b)
}

// phoneCC is one country calling code: its regions, main first, as
// GetRegionCodesForCountryCode lists them.
type phoneCC struct {
	cc      int
	main    *phoneMeta // metadata used for parsing numbers of this code
	regions []*phoneMeta
}

type phoneTables struct {
	ok      bool // false: the metadata could not be read, ask phonenumbers
	regions map[string]*phoneMeta
	ccs     [1000]*phoneCC
}

var (
	phoneOnce sync.Once
	phoneTab  *phoneTables
)

// phoneData returns the fast validator's tables, built on first use.
func phoneData() *phoneTables {
	phoneOnce.Do(func() { phoneTab = buildPhoneTables() })
	return phoneTab
}

func buildPhoneTables() *phoneTables {
	t := &phoneTables{regions: map[string]*phoneMeta{}}
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		return t
	}
	nongeo := map[int]*phoneMeta{}
	supported := phonenumbers.GetSupportedRegions()
	for _, md := range coll.GetMetadata() {
		m := newPhoneMeta(md)
		if m.id == "001" {
			nongeo[m.cc] = m
		} else {
			m.supported = supported[m.id]
			t.regions[m.id] = m
		}
	}
	for cc := range phonenumbers.GetSupportedCallingCodes() {
		if cc <= 0 || cc >= len(t.ccs) {
			continue
		}
		codes := phonenumbers.GetRegionCodesForCountryCode(cc)
		if len(codes) == 0 {
			continue
		}
		e := &phoneCC{cc: cc}
		for _, r := range codes {
			m := t.regions[r]
			if r == "001" {
				m = nongeo[cc]
			}
			e.regions = append(e.regions, m) // nil when unknown: slow path
		}
		e.main = e.regions[0]
		t.ccs[cc] = e
	}
	t.ok = len(t.regions) > 0
	return t
}

var transformRule = regexp.MustCompile(`^([0-9]*)\$([0-9])$`)

// load builds m's automata once; it returns m for chaining (nil stays
// nil).
func (m *phoneMeta) load() *phoneMeta {
	if m != nil {
		m.once.Do(m.build)
	}
	return m
}

func newPhoneMeta(md *phonenumbers.PhoneMetadata) *phoneMeta {
	m := &phoneMeta{id: md.GetId(), cc: int(md.GetCountryCode()), md: md}
	m.ccStr = strconv.Itoa(m.cc)
	return m
}

func (m *phoneMeta) build() {
	md := m.md
	gen := md.GetGeneralDesc()
	m.lengths = gen.GetPossibleLength()
	m.localLengths = gen.GetPossibleLengthLocalOnly()
	descs := []*phonenumbers.PhoneNumberDesc{gen,
		md.GetPremiumRate(), md.GetTollFree(), md.GetSharedCost(), md.GetVoip(),
		md.GetPersonalNumber(), md.GetPager(), md.GetUan(), md.GetVoicemail(),
		md.GetFixedLine()}
	if !md.GetSameMobileAndFixedLinePattern() {
		descs = append(descs, md.GetMobile())
	}
	pats := make([]string, len(descs))
	for i, d := range descs {
		pats[i] = d.GetNationalNumberPattern()
		for n := range m.lenMask {
			if pl := d.GetPossibleLength(); len(pl) == 0 || slices.Contains(pl, int32(n)) {
				m.lenMask[n] |= 1 << i
			}
		}
	}
	if dfa, err := buildDigitDFA(pats); err == nil {
		m.dfa = dfa
	}
	if ld := md.GetLeadingDigits(); ld != "" {
		if dfa, err := buildDigitDFA([]string{ld}); err == nil {
			m.leading = dfa
		} else {
			m.dfa = nil // cannot attribute numbers: slow path
		}
	}
	m.parseable = m.dfa != nil
	if idd := md.GetInternationalPrefix(); idd != "" {
		if dfa, err := buildDigitDFA([]string{idd}); err == nil {
			m.idd = dfa
		} else {
			m.parseable = false
		}
	}
	if npp := md.GetNationalPrefixForParsing(); npp != "" {
		tr := md.GetNationalPrefixTransformRule()
		for _, p := range strings.Split(npp, "|") {
			if p == "" || strings.Trim(p, "0123456789") != "" || tr != "" {
				m.nppLits = nil
				break
			}
			m.nppLits = append(m.nppLits, p)
		}
		if m.nppLits == nil {
			re, err := newPrefixProg(npp)
			if err != nil {
				m.parseable = false
			}
			m.nppRe = re
			if tr != "" {
				// Rules are "<digits>$<group>"; anything else (a group
				// beyond the pattern's, "$12"...) is left to phonenumbers.
				sub := transformRule.FindStringSubmatch(tr)
				if sub == nil || re == nil || 2*int(sub[2][0]-'0') >= re.ncap || sub[2] == "0" {
					m.parseable = false
				} else {
					m.trLit, m.trGroup = sub[1], int(sub[2][0]-'0')
				}
			}
		}
	}
}

// Outcomes of the fast path.
const (
	fastInvalid = iota
	fastValid
	fastSlow // ask phonenumbers
)

// phoneDigits collects the digits of v when v is a shape the fast path
// reads exactly: ASCII digits and " .-/()", an optional "+" first, at
// least three digits, at most MAX_INPUT_STRING_LENGTH bytes. ok is false
// otherwise.
func phoneDigits(dst []byte, v []byte) ([]byte, bool) {
	if len(v) > phonenumbers.MAX_INPUT_STRING_LENGTH {
		return dst, false
	}
	for i, c := range v {
		switch {
		case c >= '0' && c <= '9':
			dst = append(dst, c)
		case c == ' ' || c == '.' || c == '-' || c == '/' || c == '(' || c == ')':
		case c == '+' && i == 0:
		default:
			return dst, false
		}
	}
	return dst, len(dst) >= 3
}

// appendE164 appends "+", the calling code and the national number.
func appendE164(dst []byte, cc int, nsn []byte) []byte {
	dst = append(dst, '+')
	dst = strconv.AppendInt(dst, int64(cc), 10)
	return append(dst, nsn...)
}

// fastInternational validates the digits that follow "+" (or "00") as
// Parse(…, "ZZ") and IsValidNumber would, appending the E.164 form to dst
// when valid.
func (t *phoneTables) fastInternational(dst, digits []byte) ([]byte, int) {
	if len(digits) <= phonenumbers.MIN_LENGTH_FOR_NSN || digits[0] == '0' {
		return dst, fastInvalid
	}
	var e *phoneCC
	cc := 0
	for i := 0; i < phonenumbers.MAX_LENGTH_COUNTRY_CODE && i < len(digits); i++ {
		cc = cc*10 + int(digits[i]-'0')
		if e = t.ccs[cc]; e != nil {
			digits = digits[i+1:]
			break
		}
	}
	if e == nil {
		return dst, fastInvalid
	}
	if e.main.load() == nil || !e.main.parseable {
		return dst, fastSlow
	}
	var tmp [32]byte
	nsn, res := e.main.nationalNumber(digits, tmp[:0])
	if res != fastValid {
		return dst, res
	}
	// GetRegionCodeForNumber, then IsValidNumberForRegion.
	valid := false
	if len(e.regions) == 1 {
		valid = e.main.typeValid(nsn)
	} else {
		for _, m := range e.regions {
			if m.load() == nil || m.dfa == nil {
				return dst, fastSlow
			}
			if m.leading != nil {
				if m.leading.prefix(nsn) {
					valid = m.typeValid(nsn)
					break
				}
			} else if m.typeValid(nsn) {
				valid = true
				break
			}
		}
	}
	if !valid {
		return dst, fastInvalid
	}
	return appendE164(dst, e.cc, nsn), fastValid
}

// fastNational validates digits written without "+" as Parse(…, region)
// and IsValidNumberForRegion(…, region) would.
func (t *phoneTables) fastNational(dst, digits []byte, region string) ([]byte, int) {
	m := t.regions[region]
	if m == nil || !m.supported {
		return dst, fastInvalid // not a supported region: Parse fails
	}
	if !m.load().parseable {
		return dst, fastSlow
	}
	if m.idd != nil && m.idd.prefix(digits) {
		return dst, fastSlow // maybe an international prefix: rare
	}
	pm, num := m, digits
	var tmp1, tmp2 [32]byte
	// The region's own calling code written without "+".
	if len(digits) >= len(m.ccStr) && string(digits[:len(m.ccStr)]) == m.ccStr {
		rest, ok := m.stripNationalPrefix(digits[len(m.ccStr):], tmp1[:0])
		if !ok {
			return dst, fastSlow
		}
		if (!m.general(digits) && m.general(rest)) || m.testLength(len(digits)) == lenTooLong {
			num = rest
			if e := t.ccs[m.cc]; e != nil && e.main != m {
				if pm = e.main.load(); pm == nil || !pm.parseable {
					return dst, fastSlow
				}
			}
		}
	}
	nsn, res := pm.nationalNumber(num, tmp2[:0])
	if res != fastValid {
		return dst, res
	}
	if !m.typeValid(nsn) {
		return dst, fastInvalid
	}
	return appendE164(dst, m.cc, nsn), fastValid
}

// phoneE164 appends to dst the E.164 form of v when v is a valid number,
// reading it as parsePhone does: international when it starts with "+" or
// "00", else in env.Hint's plan, then env.Regions' (DefaultRegions when
// empty). Shapes and regions the fast path does not cover go to
// phonenumbers.
func phoneE164(dst, v []byte, env *Env) ([]byte, bool) {
	t := phoneData()
	var buf [64]byte
	digits, fast := phoneDigits(buf[:0], v)
	fast = fast && t.ok
	international := len(v) > 0 && v[0] == '+' || len(v) >= 2 && v[0] == '0' && v[1] == '0'
	if international {
		if fast {
			if v[0] != '+' {
				digits = digits[2:]
			}
			out, res := t.fastInternational(dst, digits)
			if res != fastSlow {
				return out, res == fastValid
			}
		}
		num, ok := parsePhoneSlow(v, env)
		if !ok {
			return dst, false
		}
		return appendFormatted(dst, num), true
	}
	try := func(region string) ([]byte, bool) { return t.nationalE164(dst, v, digits, fast, region) }
	hint := env.Hint
	// "(415) 555-2671" is written the North American way: every caller
	// (check, normalize, a subject search) reads it so.
	if hint == "" && nanpShape(v) {
		hint = "US"
	}
	if hint != "" {
		if out, ok := try(hint); ok {
			return out, true
		}
	}
	regions := env.Regions
	if len(regions) == 0 {
		regions = DefaultRegions
	}
	for _, r := range regions {
		if out, ok := try(r); ok {
			return out, true
		}
	}
	return dst, false
}

// nationalE164 appends to dst the E.164 form of national-format v read
// in region's plan, when valid there; digits are v's digits, and fast says
// whether the fast path reads v's shape.
func (t *phoneTables) nationalE164(dst, v, digits []byte, fast bool, region string) ([]byte, bool) {
	if fast {
		out, res := t.fastNational(dst, digits, region)
		if res != fastSlow {
			return out, res == fastValid
		}
	}
	num, ok := tryRegionSlow(string(v), region)
	if !ok {
		return dst, false
	}
	return appendFormatted(dst, num), true
}

func appendFormatted(dst []byte, num *phonenumbers.PhoneNumber) []byte {
	return append(dst, phonenumbers.Format(num, phonenumbers.E164)...)
}

// phoneMemo keeps checkPhone's answer for the span it accepted, so that
// normPhone, called next on the same bytes, does not parse again.
type phoneMemo struct {
	key     [48]byte
	keyLen  int // 0: empty
	hint    string
	regions unsafe.Pointer
	nreg    int
	e164    [24]byte
	e164Len int
}

func (p *phoneMemo) set(v []byte, env *Env, e164 []byte) {
	p.keyLen = 0
	if len(v) == 0 || len(v) > len(p.key) || len(e164) > len(p.e164) {
		return
	}
	copy(p.key[:], v)
	p.keyLen = len(v)
	p.hint = env.Hint
	p.regions = unsafe.Pointer(unsafe.SliceData(env.Regions))
	p.nreg = len(env.Regions)
	p.e164Len = copy(p.e164[:], e164)
}

func (p *phoneMemo) get(v []byte, env *Env) ([]byte, bool) {
	if p.keyLen == 0 || p.keyLen != len(v) || string(p.key[:p.keyLen]) != string(v) ||
		p.hint != env.Hint || p.nreg != len(env.Regions) ||
		p.regions != unsafe.Pointer(unsafe.SliceData(env.Regions)) {
		return nil, false
	}
	return p.e164[:p.e164Len], true
}
