package patterns

import (
	"bytes"
	"math/rand"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// slowE164 is the reference: the phonenumbers path as the scanner used it.
func slowE164(v string, env *Env) (string, bool) {
	num, ok := parsePhoneSlow([]byte(v), env)
	if !ok {
		return "", false
	}
	return phonenumbers.Format(num, phonenumbers.E164), true
}

// checkPhoneSlow and normPhoneSlow are checkPhone and normPhone as they
// were before the fast path.
func checkPhoneSlow(v []byte, env *Env) (Span, float64, bool) {
	if glued(env) || versionContext(env) || versionShape(v) {
		return Span{}, 0, false
	}
	digits := 0
	for _, c := range v {
		if isDigit(c) {
			digits++
		}
	}
	if digits < 7 || digits > 17 || digits+moreGroups(env.After) > 17 {
		return Span{}, 0, false
	}
	end := len(v)
	for tries := 0; tries < 3; tries++ {
		if _, ok := parsePhoneSlow(v[:end], env); ok {
			return Span{0, end}, phoneScore(v[:end]), true
		}
		cut := bytes.LastIndexAny(v[:end], " .-/")
		if cut <= 0 {
			break
		}
		end = cut
	}
	return Span{}, 0, false
}

func normPhoneSlow(dst, v []byte, env *Env) []byte {
	num, ok := parsePhoneSlow(v, env)
	if !ok {
		return compact(dst, v)
	}
	return append(dst, phonenumbers.Format(num, phonenumbers.E164)...)
}

// raceEnabled is set by phonefast_test.go under -race.
var raceEnabled bool

// sample returns every 30th input under -short or -race (make test);
// make test-long runs every input without -race.
func sample(inputs []string) []string {
	if !testing.Short() && !raceEnabled {
		return inputs
	}
	out := inputs[:0:0]
	for i := 0; i < len(inputs); i += 30 {
		out = append(out, inputs[i])
	}
	return out
}

var diffRegions = []string{"GB", "FR", "DE", "ES", "IT", "NL", "US", "BE", "CH", "AT", "PL", "PT", "IE"}

var phoneTypes = []phonenumbers.PhoneNumberType{
	phonenumbers.FIXED_LINE, phonenumbers.MOBILE, phonenumbers.TOLL_FREE, phonenumbers.PREMIUM_RATE,
	phonenumbers.SHARED_COST, phonenumbers.VOIP, phonenumbers.PERSONAL_NUMBER, phonenumbers.PAGER,
	phonenumbers.UAN, phonenumbers.VOICEMAIL,
}

// separate rewrites the spaces of a formatted number with sep.
func separate(s, sep string) string { return strings.ReplaceAll(s, " ", sep) }

// groupDigits writes digits in random groups with random separators.
func groupDigits(r *rand.Rand, digits string) string {
	seps := []string{" ", ".", "-", "/", "", " "}
	sep := seps[r.Intn(len(seps))]
	var b strings.Builder
	for i := 0; i < len(digits); {
		n := 2 + r.Intn(3)
		if i+n > len(digits) {
			n = len(digits) - i
		}
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(digits[i : i+n])
		i += n
	}
	return b.String()
}

// phoneInputs generates the differential test's inputs: every region's
// example numbers of every type in the national, international and E.164
// formats with several separators, the same numbers with one digit
// changed, added or removed, and random digit strings.
func phoneInputs(regions []string, random int) []string {
	r := rand.New(rand.NewSource(1))
	var out []string
	add := func(s string) { out = append(out, s) }
	for _, reg := range regions {
		for _, typ := range phoneTypes {
			num := phonenumbers.GetExampleNumberForType(reg, typ)
			if num == nil {
				continue
			}
			nat := phonenumbers.Format(num, phonenumbers.NATIONAL)
			intl := phonenumbers.Format(num, phonenumbers.INTERNATIONAL)
			e164 := phonenumbers.Format(num, phonenumbers.E164)
			nsn := phonenumbers.GetNationalSignificantNumber(num)
			cc := e164[1 : len(e164)-len(nsn)]
			for _, sep := range []string{" ", ".", "-", "/", ""} {
				add(separate(nat, sep))
				add(separate(intl, sep))
			}
			add(e164)
			add("00" + e164[1:])
			add("00 " + strings.TrimPrefix(intl, "+"))
			add("+" + cc + " (0)" + nsn)
			add("+" + cc + " 0" + nsn)
			add(cc + " " + nsn)
			add(cc + nsn)
			add(nsn)
			add("0" + nsn)
			add("1" + nsn)
			add("(" + nsn[:3] + ") " + nsn[3:])
			// Neighbours: one digit changed, added, removed.
			for k := 0; k < 6; k++ {
				d := []byte(nsn)
				switch k % 3 {
				case 0:
					d[r.Intn(len(d))] = byte('0' + r.Intn(10))
				case 1:
					i := r.Intn(len(d) + 1)
					d = append(d[:i], append([]byte{byte('0' + r.Intn(10))}, d[i:]...)...)
				case 2:
					i := r.Intn(len(d))
					d = append(d[:i], d[i+1:]...)
				}
				add(string(d))
				add("0" + string(d))
				add("+" + cc + " " + string(d))
				add(groupDigits(r, "0"+string(d)))
			}
		}
	}
	for i := 0; i < random; i++ {
		n := 7 + r.Intn(9)
		d := make([]byte, n)
		for j := range d {
			d[j] = byte('0' + r.Intn(10))
		}
		switch r.Intn(6) {
		case 0:
			d[0] = '0'
		case 1:
			d[0] = '0'
			d[1] = '0'
		case 2:
			if d[0] == '0' {
				d[0] = '1'
			}
		}
		s := string(d)
		switch r.Intn(4) {
		case 0:
			add(s)
		case 1:
			add(groupDigits(r, s))
		case 2:
			add("+" + s)
		case 3:
			add("+" + groupDigits(r, s))
		}
	}
	return out
}

func TestPhoneFastDifferential(t *testing.T) {
	inputs := phoneInputs(diffRegions, 60000)
	envs := []*Env{
		{Regions: DefaultRegions},
		{Regions: DefaultRegions, Hint: "FR"},
		{Regions: DefaultRegions, Hint: "DE"},
		{Regions: diffRegions},
	}
	inputs = sample(inputs)
	total, agree, valid := 0, 0, 0
	for _, env := range envs {
		for _, in := range inputs {
			want, wok := slowE164(in, env)
			got, gok := phoneE164(nil, []byte(in), env)
			total++
			if wok != gok || want != string(got) {
				t.Errorf("%q hint %q regions %v: phonenumbers %q %v, fast %q %v", in, env.Hint, env.Regions, want, wok, got, gok)
				continue
			}
			agree++
			if wok {
				valid++
			}
		}
	}
	t.Logf("differential: %d inputs x %d region lists = %d cases, %d agree (%d valid)", len(inputs), len(envs), total, agree, valid)
}

// TestPhoneFastEveryRegion checks the fast path region by region, for all
// supported regions, on their own example numbers and neighbours.
func TestPhoneFastEveryRegion(t *testing.T) {
	tab := phoneData()
	regions := make([]string, 0, len(tab.regions))
	for r := range phonenumbers.GetSupportedRegions() {
		regions = append(regions, r)
	}
	slices.Sort(regions)
	fallback := map[string]int{}
	inputs := sample(phoneInputs(regions, 2000))
	total, slow, agree := 0, 0, 0
	var buf [64]byte
	for _, in := range inputs {
		digits, fast := phoneDigits(buf[:0], []byte(in))
		if !fast {
			continue
		}
		if in[0] == '+' || strings.HasPrefix(in, "00") {
			if in[0] != '+' {
				digits = digits[2:]
			}
			total++
			got, res := tab.fastInternational(nil, digits)
			want, wok := slowE164(in, &Env{})
			if res == fastSlow {
				fallback["+"]++
				slow++
				continue
			}
			if wok != (res == fastValid) || want != string(got) {
				t.Errorf("%q: phonenumbers %q %v, fast %q %v", in, want, wok, got, res)
				continue
			}
			agree++
			continue
		}
		// National inputs: against their own region and two others.
		for _, reg := range []string{regions[len(in)%len(regions)], "GB", "US"} {
			total++
			got, res := tab.fastNational(nil, digits, reg)
			num, wok := tryRegionSlow(in, reg)
			if res == fastSlow {
				fallback[reg]++
				slow++
				continue
			}
			want := ""
			if wok {
				want = phonenumbers.Format(num, phonenumbers.E164)
			}
			if wok != (res == fastValid) || want != string(got) {
				t.Errorf("%q in %s: phonenumbers %q %v, fast %q %v", in, reg, want, wok, got, res)
				continue
			}
			agree++
		}
	}
	t.Logf("every region: %d cases, %d answered fast and agree, %d fall back %v", total, agree, slow, fallback)
}

// TestPhoneCheckNormDifferential runs checkPhone then normPhone, as
// Evaluate does, against the phonenumbers versions, on candidates with
// trailing groups to trim.
func TestPhoneCheckNormDifferential(t *testing.T) {
	inputs := sample(phoneInputs(diffRegions, 20000))
	r := rand.New(rand.NewSource(2))
	n := len(inputs)
	for i := 0; i < n; i++ {
		if r.Intn(3) == 0 {
			inputs = append(inputs, inputs[i]+" "+[]string{"2024", "12", "7", "123 45"}[r.Intn(4)])
		}
	}
	env := &Env{Regions: DefaultRegions}
	old := &Env{Regions: DefaultRegions}
	accepted := 0
	for _, in := range inputs {
		v := []byte(in)
		sp, score, ok := checkPhone(v, env)
		wsp, wscore, wok := checkPhoneSlow(v, old)
		if ok != wok || sp != wsp || score != wscore {
			t.Errorf("%q: check %v %v %v, want %v %v %v", in, sp, score, ok, wsp, wscore, wok)
			continue
		}
		if !ok {
			continue
		}
		accepted++
		got := normPhone(nil, v[sp.Start:sp.End], env)
		want := normPhoneSlow(nil, v[sp.Start:sp.End], old)
		if !bytes.Equal(got, want) {
			t.Errorf("%q: norm %q, want %q", in, got, want)
		}
		// Without the memo (another candidate in between).
		env.phone = phoneMemo{}
		if got := normPhone(nil, v[sp.Start:sp.End], env); !bytes.Equal(got, want) {
			t.Errorf("%q: norm without memo %q, want %q", in, got, want)
		}
	}
	t.Logf("check+norm: %d candidates, %d accepted, all agree", len(inputs), accepted)
}

// TestPhoneConcurrent runs the fast path from many goroutines, for the
// race detector (the tables are built once, then only read).
func TestPhoneConcurrent(t *testing.T) {
	phoneOnce = sync.Once{}
	phoneTab = nil
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			env := &Env{Regions: diffRegions}
			var dst []byte
			for _, s := range benchPhones {
				v := []byte(s)
				if sp, _, ok := checkPhone(v, env); ok {
					dst = normPhone(dst[:0], v[sp.Start:sp.End], env)
				}
			}
		}()
	}
	wg.Wait()
}

func TestPhoneMemo(t *testing.T) {
	env := &Env{Regions: DefaultRegions}
	v := []byte("+33 6 12 34 56 78")
	if _, _, ok := checkPhone(v, env); !ok {
		t.Fatal("not accepted")
	}
	if got := string(normPhone(nil, v, env)); got != "+33612345678" {
		t.Fatalf("norm %q", got)
	}
	// Same length, other bytes: the memo must not answer.
	if got := string(normPhone(nil, []byte("+33 6 12 34 56 79"), env)); got != "+33612345679" {
		t.Fatalf("norm %q", got)
	}
	// Other hint: recomputed.
	env.Hint = "DE"
	w := []byte("030 12345678")
	if got := string(normPhone(nil, w, env)); got != "+493012345678" {
		t.Fatalf("norm %q", got)
	}
	dst := make([]byte, 0, 64)
	if allocs := testing.AllocsPerRun(100, func() {
		checkPhone(v, env)
		normPhone(dst[:0], v, env)
	}); allocs != 0 {
		t.Errorf("check+norm allocates %v times", allocs)
	}
}

func TestNormalizePhone(t *testing.T) {
	for _, c := range []struct {
		in      string
		regions []string
		want    string
	}{
		{"+44 20 7946 0958", nil, "+442079460958"},
		{"020 7946 0958", nil, "+442079460958"},
		{"06 12 34 56 78", nil, "+33612345678"},
		{"(415) 555-2671", []string{"US"}, "+14155552671"},
		{"(415) 555-2671", nil, ""}, // DE comes first
		{"0049 30 12345678", nil, "+493012345678"},
		{"02 1234 5678", []string{"IT"}, ""},
		{"612 345 678", []string{"ES"}, "+34612345678"},
		{"+39 06 6988 4321", nil, "+390669884321"},
		{"+44 (0)20 7946 0958", nil, "+442079460958"},
		{"01481 256789", []string{"GG"}, ""}, // transform rule: phonenumbers
		{"ABC", nil, ""},
		{"+44 20 7946 0958 ext. 12", nil, ""},
	} {
		got, ok := NormalizePhone(c.in, c.regions)
		want, wok := slowE164(c.in, &Env{Regions: c.regions})
		if got != want || ok != wok {
			t.Errorf("NormalizePhone(%q, %v) = %q %v, phonenumbers %q %v", c.in, c.regions, got, ok, want, wok)
		}
		if c.want != "" && got != c.want {
			t.Errorf("NormalizePhone(%q, %v) = %q, want %q", c.in, c.regions, got, c.want)
		}
	}
}

// benchPhones is a dense CSV column's worth of candidates: national and
// international numbers of the default regions, some invalid.
var benchPhones = []string{
	"+44 20 7946 0958", "020 7946 0958", "06 12 34 56 78", "+33 6 12 34 56 78", "030 12345678",
	"+49 30 12345678", "612 345 678", "+34 612 345 678", "06 6988 4321", "+39 06 6988 4321",
	"0612345678", "+31 6 12345678", "(415) 555-2671", "+1 415 555 2671", "0044 7700 900123",
	"07700 900123", "01 23 45 67 89", "123 4567 8901", "0800 123 4567", "+33 1 23 45 67 89 2024",
}

func benchmarkPhone(b *testing.B, phones []string, check Check, norm func(dst, v []byte, env *Env) []byte) {
	env := &Env{Regions: DefaultRegions}
	vs := make([][]byte, len(phones))
	for i, s := range phones {
		vs[i] = []byte(s)
	}
	dst := make([]byte, 0, 64)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v := vs[i%len(vs)]
		if sp, _, ok := check(v, env); ok {
			dst = norm(dst[:0], v[sp.Start:sp.End], env)
		}
	}
}

// BenchmarkPhoneCheck is one candidate's check and, when accepted, its
// normalization, as Evaluate runs them, old (phonenumbers) and new, on a
// mix of shapes and then shape by shape.
func BenchmarkPhoneCheck(b *testing.B) {
	phoneData()
	shapes := []struct {
		name   string
		phones []string
	}{
		{"mix", benchPhones},
		{"international", []string{"+44 20 7946 0958", "+33 6 12 34 56 78", "0049 30 12345678", "+1 415 555 2671"}},
		{"national-first-region", []string{"020 7946 0958", "07700 900123", "0800 123 4567"}},
		{"national-later-region", []string{"06 12 34 56 78", "612 345 678", "06 6988 4321"}},
		{"invalid", []string{"123 4567 8901", "0000 000 0000", "+1 000 000 0000"}},
	}
	for _, sh := range shapes {
		b.Run("old/"+sh.name, func(b *testing.B) { benchmarkPhone(b, sh.phones, checkPhoneSlow, normPhoneSlow) })
		b.Run("new/"+sh.name, func(b *testing.B) { benchmarkPhone(b, sh.phones, checkPhone, normPhone) })
	}
}

// TestPrefixProg checks the national prefix matcher against regexp on
// every region's national prefix for parsing.
func TestPrefixProg(t *testing.T) {
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewSource(3))
	n := 0
	for _, md := range coll.GetMetadata() {
		npp := md.GetNationalPrefixForParsing()
		if npp == "" {
			continue
		}
		p, err := newPrefixProg(npp)
		if err != nil {
			t.Errorf("%s: %v", md.GetId(), err)
			continue
		}
		re := regexp.MustCompile("^(?:" + npp + ")")
		var caps [20]int
		for i := 0; i < 3000; i++ {
			d := make([]byte, r.Intn(14))
			for j := range d {
				d[j] = byte('0' + r.Intn(10))
			}
			if i%3 == 0 && len(d) > 2 { // start like the prefix
				d[0] = npp[0]
				if npp[0] < '0' || npp[0] > '9' {
					d[0] = '0'
				}
			}
			want := re.FindSubmatchIndex(d)
			g, matched, ok := p.match(d, caps[:])
			if !ok || matched != (want != nil) || matched && !slices.Equal(g, want) {
				t.Errorf("%s %q on %q: %v %v %v, regexp %v", md.GetId(), npp, d, g, matched, ok, want)
			}
			n++
		}
	}
	t.Logf("%d national prefix matches agree with regexp", n)
}
