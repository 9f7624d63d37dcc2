package scanner

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
	"github.com/piid/piid/patterns"
)

// mobiles are national-format mobile numbers of seven countries, each a
// valid number of its own region (checked against libphonenumber below).
// The French one has the Dutch one's digits: read in the wrong region,
// one customer's number is another's.
var mobiles = []struct{ region, country, v string }{
	{"NL", "Nederland", "06 12961561"},
	{"ES", "España", "612 345 678"},
	{"BE", "BEL", "0470 12 34 56"},
	{"PL", "Polska", "512 345 678"},
	{"FR", "fr", "06 12 96 15 61"},
	{"IT", "Italia", "312 345 6789"},
	{"DE", "Deutschland", "0151 23456789"},
}

var mobileRegions = []string{"NL", "ES", "BE", "PL", "FR", "IT", "DE"}

// e164In is libphonenumber's reading of national-format v in region, ""
// when it is not a valid number there.
func e164In(t *testing.T, v, region string) string {
	t.Helper()
	num, err := phonenumbers.Parse(v, region)
	if err != nil || !phonenumbers.IsValidNumberForRegion(num, region) {
		return ""
	}
	return phonenumbers.Format(num, phonenumbers.E164)
}

func regionCatalog(t *testing.T, regions []string, byPath []patterns.PathRegions) *patterns.Catalog {
	t.Helper()
	c, err := patterns.New(patterns.Options{HashKey: []byte("scanner-test-key-0123456789"), Regions: regions, PathRegions: byPath})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func phoneHash(cat *patterns.Catalog, e164 string) patterns.Hash {
	return cat.Hasher().Sum("phone", []byte(e164))
}

// phonesOf returns the phone findings of one scanned file, in file order.
func phonesOf(t *testing.T, cat *patterns.Catalog, dir, name string) []*Finding {
	t.Helper()
	res := scanDir(t, cat, Options{MinConfidence: 0.5, Workers: 1}, dir)[name]
	if res == nil || res.err != nil {
		t.Fatalf("%s: %+v", name, res)
	}
	var out []*Finding
	for _, f := range res.findings {
		if f.Type == "phone" {
			out = append(out, f)
		}
	}
	return out
}

// The record's country column names the region of its national-format
// mobile, whether it stands before or after the number, in CSV and JSONL.
func TestPhoneRegionFromCountryField(t *testing.T) {
	cat := regionCatalog(t, mobileRegions, nil)
	dir := t.TempDir()
	var csv, csvBefore, jsonl strings.Builder
	csv.WriteString("id,name,mobile,country\n")
	csvBefore.WriteString("pays;nom;portable\n")
	for i, m := range mobiles {
		if e164In(t, m.v, m.region) == "" {
			t.Fatalf("%s is not a valid %s number", m.v, m.region)
		}
		fmt.Fprintf(&csv, "%d,Customer %d,%s,%s\n", i+1, i+1, m.v, m.country)
		fmt.Fprintf(&csvBefore, "%s;Customer %d;%s\n", m.country, i+1, m.v)
		fmt.Fprintf(&jsonl, `{"id":%d,"contact":{"mobile":"%s"},"address":{"land":"%s"}}`+"\n", i+1, m.v, m.country)
	}
	for name, data := range map[string]string{"after.csv": csv.String(), "before.csv": csvBefore.String(), "c.jsonl": jsonl.String()} {
		write(t, filepath.Join(dir, name), []byte(data))
	}
	for _, name := range []string{"after.csv", "before.csv", "c.jsonl"} {
		got := phonesOf(t, cat, dir, name)
		if len(got) != len(mobiles) {
			t.Fatalf("%s: %d phones, want %d", name, len(got), len(mobiles))
		}
		for i, m := range mobiles {
			f := got[i]
			want := e164In(t, m.v, m.region)
			if f.Hash != phoneHash(cat, want) || f.RegionSource != patterns.RegionField || f.Ambiguous || len(f.AltHashes) != 0 {
				t.Errorf("%s: %s (%s): source %q ambiguous %v, hash of %s? %v", name, m.v, m.region, f.RegionSource, f.Ambiguous, want, f.Hash == phoneHash(cat, want))
			}
		}
	}
}

// Without the country column, a number valid in several listed regions is
// ambiguous: the first reading's hash, the others' as alternatives, never
// one region picked; a number valid in one listed region is that region's.
// A record's country does not carry over to the next record.
func TestPhoneAmbiguousWithoutEvidence(t *testing.T) {
	cat := regionCatalog(t, mobileRegions, nil)
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("id,mobile,country\n0,06 12961561,NL\n")
	for i, m := range mobiles {
		fmt.Fprintf(&b, "%d,%s,\n", i+1, m.v)
	}
	write(t, filepath.Join(dir, "c.csv"), []byte(b.String()))
	got := phonesOf(t, cat, dir, "c.csv")
	if len(got) != len(mobiles)+1 {
		t.Fatalf("%d phones, want %d", len(got), len(mobiles)+1)
	}
	if got[0].RegionSource != patterns.RegionField || got[0].Ambiguous {
		t.Errorf("row 0: %+v", got[0])
	}
	ambiguous := 0
	for i, m := range mobiles {
		f := got[i+1]
		var readings []patterns.Hash
		for _, r := range mobileRegions {
			if e := e164In(t, m.v, r); e != "" {
				readings = append(readings, phoneHash(cat, e))
			}
		}
		if f.RegionSource != patterns.RegionConfig || f.Hash != readings[0] || f.Ambiguous != (len(readings) > 1) ||
			!slices.Equal(f.AltHashes, readings[1:]) {
			t.Errorf("%s (%s): source %q ambiguous %v with %d alternatives; want %d readings", m.v, m.region, f.RegionSource, f.Ambiguous, len(f.AltHashes), len(readings))
		}
		if len(readings) > 1 {
			ambiguous++
		}
	}
	if ambiguous < 4 {
		t.Errorf("only %d of the mobiles are ambiguous among %v: the test no longer tests ambiguity", ambiguous, mobileRegions)
	}
}

// The country of another value of the record (an IBAN's, an email's
// ccTLD, a national id's) names the number's region; of several countries
// only one where the number is valid counts, and two such say nothing.
func TestPhoneRegionFromRecord(t *testing.T) {
	cat := regionCatalog(t, mobileRegions, nil)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "c.csv"), []byte("id,mobile,iban,email,bsn\n"+
		"1,06 12961561,NL91ABNA0417164300,,\n"+
		"2,06 12 96 15 61,,marie.dupont@exemple.fr,\n"+
		"3,06 12961561,ES9121000418450200051332,jan.devries@voorbeeld.nl,\n"+
		"4,06 12961561,,,111222333\n"+
		"5,06 12961561,DE89370400440532013000,jan.devries@voorbeeld.nl,\n"+
		"6,612 345 678,,pedro@example.com,\n"))
	want := []struct{ source, region, v string }{
		{patterns.RegionRecord, "NL", "06 12961561"},
		{patterns.RegionRecord, "FR", "06 12 96 15 61"},
		{patterns.RegionRecord, "NL", "06 12961561"}, // not valid in ES
		{patterns.RegionRecord, "NL", "06 12961561"}, // a Dutch BSN
		{patterns.RegionConfig, "", ""},              // valid in DE and NL
		{patterns.RegionConfig, "", ""},              // .com names no country
	}
	if e164In(t, "06 12961561", "DE") == "" || e164In(t, "06 12961561", "ES") != "" {
		t.Fatal("the fixture's premises changed")
	}
	got := phonesOf(t, cat, dir, "c.csv")
	if len(got) != len(want) {
		t.Fatalf("%d phones, want %d", len(got), len(want))
	}
	for i, w := range want {
		f := got[i]
		if f.RegionSource != w.source || f.Ambiguous != (w.region == "") ||
			(w.region != "" && f.Hash != phoneHash(cat, e164In(t, w.v, w.region))) {
			t.Errorf("row %d: source %q ambiguous %v, want %+v", i+1, f.RegionSource, f.Ambiguous, w)
		}
	}
}

// phone_regions per path: a glob relative to the folder scanned, or an
// absolute one, gives the region of plain text's national numbers; a
// context word comes before it, and other files fall back on the list.
func TestPhoneRegionFromPath(t *testing.T) {
	dir := t.TempDir()
	abs, err := filepath.Abs(filepath.Join(dir, "es"))
	if err != nil {
		t.Fatal(err)
	}
	cat := regionCatalog(t, mobileRegions, []patterns.PathRegions{
		{Paths: []string{"nl/**"}, Regions: []string{"NL"}},
		{Paths: []string{filepath.ToSlash(abs) + "/*.txt"}, Regions: []string{"ES"}},
	})
	write(t, filepath.Join(dir, "nl", "deep", "nl.txt"), []byte("call back 06 12961561 tomorrow\n"))
	write(t, filepath.Join(dir, "es", "es.txt"), []byte("call back 612 345 678 tomorrow\n"))
	write(t, filepath.Join(dir, "other.txt"), []byte("call back 06 12961561 tomorrow\nTéléphone : 06 12961561\n"))
	type want struct {
		source, region, v string
		ambiguous         bool
	}
	check := func(root, name string, wants ...want) {
		t.Helper()
		got := phonesOf(t, cat, root, name)
		if len(got) != len(wants) {
			t.Fatalf("%s: %d phones, want %d", name, len(got), len(wants))
		}
		for i, w := range wants {
			f := got[i]
			if f.RegionSource != w.source || f.Ambiguous != w.ambiguous || (w.region != "" && f.Hash != phoneHash(cat, e164In(t, w.v, w.region))) {
				t.Errorf("%s under %s, #%d: source %q ambiguous %v, want %+v", name, root, i, f.RegionSource, f.Ambiguous, w)
			}
		}
	}
	check(dir, "nl.txt", want{patterns.RegionPath, "NL", "06 12961561", false})
	check(dir, "es.txt", want{patterns.RegionPath, "ES", "612 345 678", false})
	check(dir, "other.txt", want{patterns.RegionConfig, "", "", true}, want{patterns.RegionContext, "FR", "06 12961561", false})
	// "nl/**" is relative to the folder scanned: under nl itself the
	// file's path is deep/nl.txt.
	check(filepath.Join(dir, "nl"), "nl.txt", want{patterns.RegionConfig, "", "", true})
}

// Where the context says phone, a mobile of a country outside the list is
// still a phone: read in the record's country when it names one, else in
// every country of the table where it is a mobile (ambiguous). Without
// such context the same digits are nothing.
func TestPhoneOutsideTheList(t *testing.T) {
	cat := regionCatalog(t, nil, nil) // the default list, without DK, EE or FI
	dir := t.TempDir()
	write(t, filepath.Join(dir, "c.csv"), []byte("name,mobile,country\nMette,50 12 34 56,Danmark\nMari,50 12 34 56,\n"))
	write(t, filepath.Join(dir, "refs.csv"), []byte("name,ref\nMette,50 12 34 56\n"))
	write(t, filepath.Join(dir, "t.txt"), []byte("mobil 50 12 34 56\nref 50 12 34 56\n"))
	v := "50 12 34 56"
	for _, r := range patterns.DefaultRegions {
		if e164In(t, v, r) != "" {
			t.Fatalf("%s is valid in %s: the fixture no longer stands outside the list", v, r)
		}
	}
	var mobiles []patterns.Hash
	for _, r := range []string{"DK", "EE", "FI"} {
		num, _ := phonenumbers.Parse(v, r)
		if ty := phonenumbers.GetNumberType(num); e164In(t, v, r) == "" || ty != phonenumbers.MOBILE && ty != phonenumbers.FIXED_LINE_OR_MOBILE {
			t.Fatalf("%s is no %s mobile", v, r)
		}
		mobiles = append(mobiles, phoneHash(cat, e164In(t, v, r)))
	}
	got := phonesOf(t, cat, dir, "c.csv")
	if len(got) != 2 {
		t.Fatalf("c.csv: %d phones, want 2", len(got))
	}
	if f := got[0]; f.RegionSource != patterns.RegionField || f.Hash != mobiles[0] || f.Ambiguous {
		t.Errorf("with its country: %+v", f)
	}
	if f := got[1]; f.RegionSource != patterns.RegionContext || !f.Ambiguous || f.Hash != mobiles[0] || !slices.Equal(f.AltHashes, mobiles[1:]) {
		t.Errorf("without: %+v", f)
	}
	if got := phonesOf(t, cat, dir, "refs.csv"); len(got) != 0 {
		t.Errorf("a ref column: %+v", got[0])
	}
	got = phonesOf(t, cat, dir, "t.txt")
	if len(got) != 1 || got[0].Line != 1 || got[0].RegionSource != patterns.RegionContext || !got[0].Ambiguous {
		t.Errorf("plain text: %d phones %+v", len(got), got)
	}
}

// A phone field's value of a possible length and shape that no operator
// holds yet (the UK's drama range) is a phone, less sure than a valid one;
// outside a phone field it is not.
func TestPossiblePhoneInPhoneField(t *testing.T) {
	cat := regionCatalog(t, nil, nil)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "c.csv"), []byte("name,phone,alt\nAlice,+44 7700 900123,x\nBob,+44 20 7946 0958,x\nCarl,+44 7700 9001,x\n"))
	write(t, filepath.Join(dir, "t.txt"), []byte("Tel: +44 7700 900123\n"))
	if e164In(t, "+44 7700 900123", "GB") != "" {
		t.Fatal("the drama range is assigned now")
	}
	got := phonesOf(t, cat, dir, "c.csv")
	if len(got) != 2 {
		t.Fatalf("%d phones, want 2 (the too short one is none): %+v", len(got), got)
	}
	possible, valid := got[0], got[1]
	if possible.Hash != phoneHash(cat, "+447700900123") || possible.RegionSource != patterns.RegionNumber ||
		possible.Confidence < 0.5 || possible.Confidence >= valid.Confidence {
		t.Errorf("possible %+v, valid %+v", possible, valid)
	}
	if got := phonesOf(t, cat, dir, "t.txt"); len(got) != 0 {
		t.Errorf("plain text: %+v", got[0])
	}
}

// The numbers held for one record are bounded: past maxHeld (a huge JSON
// document) they are resolved with the evidence found so far, and the
// rest of the record still with all of it.
func TestPhoneHeldBounded(t *testing.T) {
	cat := regionCatalog(t, mobileRegions, nil)
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString(`{"contacts":{`)
	n := maxHeld + 3
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"c%d":{"mobile":"06 12961561"}`, i)
	}
	b.WriteString(`},"country":"NL"}`)
	write(t, filepath.Join(dir, "big.json"), []byte(b.String()))
	got := phonesOf(t, cat, dir, "big.json")
	if len(got) != n {
		t.Fatalf("%d phones, want %d", len(got), n)
	}
	sources := map[string]int{}
	for _, f := range got {
		sources[f.RegionSource]++
	}
	if sources[patterns.RegionConfig] != maxHeld || sources[patterns.RegionField] != 3 {
		t.Errorf("sources %v", sources)
	}
}

// A JSON document of many customers is one row: each array element is a
// record of its own, and one customer's country (a field, an IBAN's)
// does not name the next customer's phone.
func TestPhoneRegionPerArrayElement(t *testing.T) {
	cat := regionCatalog(t, mobileRegions, nil)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "field.json"), []byte(`{"customers":[`+
		`{"name":"Jan","country":"NL","mobile":"06 12961561"},`+
		`{"name":"Marie","mobile":"06 12 96 15 61"}]}`))
	write(t, filepath.Join(dir, "iban.json"), []byte(`{"customers":[`+
		`{"iban":"NL91ABNA0417164300","mobile":"06 12961561"},`+
		`{"mobile":"06 12 96 15 61"}]}`))
	for name, src := range map[string]string{"field.json": patterns.RegionField, "iban.json": patterns.RegionRecord} {
		got := phonesOf(t, cat, dir, name)
		if len(got) != 2 {
			t.Fatalf("%s: %d phones, want 2", name, len(got))
		}
		if got[0].RegionSource != src || got[0].Hash != phoneHash(cat, e164In(t, "06 12961561", "NL")) {
			t.Errorf("%s: element 0: source %q", name, got[0].RegionSource)
		}
		if got[1].RegionSource != patterns.RegionConfig || !got[1].Ambiguous {
			t.Errorf("%s: element 1 took element 0's evidence: source %q ambiguous %v", name, got[1].RegionSource, got[1].Ambiguous)
		}
	}
}

// A context word written in several languages names no region: "cell",
// "gsm", "telefon", "mobil" leave a number the list reads in several
// regions ambiguous.
func TestPhoneHintOneLanguage(t *testing.T) {
	cat := regionCatalog(t, nil, nil) // the default list: FR, DE, IT and NL read 06 12961561
	dir := t.TempDir()
	words := []string{"cell", "gsm", "telefon", "mobil", "tlf", "telefonnummer"}
	var b strings.Builder
	for _, w := range words {
		fmt.Fprintf(&b, "Jan de Vries, %s 06 12961561\n\n", w)
	}
	write(t, filepath.Join(dir, "notes.txt"), []byte(b.String()))
	got := phonesOf(t, cat, dir, "notes.txt")
	if len(got) != len(words) {
		t.Fatalf("%d phones, want %d", len(got), len(words))
	}
	for i, f := range got {
		if !f.Ambiguous || f.RegionSource != patterns.RegionConfig {
			t.Errorf("%q: source %q ambiguous %v", words[i], f.RegionSource, f.Ambiguous)
		}
	}
}

// A date of birth read day first is hashed so, and marked ambiguous with
// its month-first reading when both read as dates.
func TestDateReadingsAmbiguous(t *testing.T) {
	cat := testCatalog(t)
	got := scanWith(t, cat, Options{MinConfidence: 0.5}, []byte("DOB: 03/04/1985\nDOB: 13/04/1985\n"))
	if len(got) != 2 {
		t.Fatalf("%d findings", len(got))
	}
	h := func(v string) patterns.Hash { return cat.Hasher().Sum("date_of_birth", []byte(v)) }
	if f := got[0]; !f.Ambiguous || f.Hash != h("1985-04-03") || !slices.Equal(f.AltHashes, []patterns.Hash{h("1985-03-04")}) {
		t.Errorf("03/04/1985: %+v", f)
	}
	if f := got[1]; f.Ambiguous || f.Hash != h("1985-04-13") || len(f.AltHashes) != 0 {
		t.Errorf("13/04/1985: %+v", f)
	}
}

// A country key inside a JSON document stored in a column is the record's
// country too.
func TestPhoneRegionFromJSONInColumn(t *testing.T) {
	cat := regionCatalog(t, mobileRegions, nil)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "c.csv"), []byte("id,mobile,profile\n"+
		`1,06 12961561,"{""address"": {""street"": ""Damrak 1"", ""country"": ""Nederland""}}"`+"\n"+
		`2,06 12961561,"{""pays"": ""France""}"`+"\n"))
	got := phonesOf(t, cat, dir, "c.csv")
	if len(got) != 2 {
		t.Fatalf("%d phones", len(got))
	}
	for i, r := range []string{"NL", "FR"} {
		if f := got[i]; f.RegionSource != patterns.RegionField || f.Hash != phoneHash(cat, e164In(t, "06 12961561", r)) {
			t.Errorf("row %d: %+v, want %s", i+1, f, r)
		}
	}
}

// A worker that scans one file at a time (the daemon's) takes relative
// globs below the watched folder that holds the file (Options.Roots).
func TestPhoneRegionPathUnderRoots(t *testing.T) {
	dir := t.TempDir()
	cat := regionCatalog(t, mobileRegions, []patterns.PathRegions{{Paths: []string{"nl/**"}, Regions: []string{"NL"}}})
	p := filepath.Join(dir, "watched", "nl", "notes.txt")
	write(t, p, []byte("call back 06 12961561 tomorrow\n"))
	for _, c := range []struct {
		roots  []string
		source string
	}{
		{[]string{filepath.Join(dir, "watched")}, patterns.RegionPath},
		{[]string{dir}, patterns.RegionConfig}, // there the path is watched/nl/notes.txt
	} {
		w, err := New(cat, Options{MinConfidence: 0.5, Roots: c.roots}).NewWorker()
		if err != nil {
			t.Fatal(err)
		}
		var got []*Finding
		res := w.ScanFile(context.Background(), p, func(fs []*Finding) { got = append(got, fs...) })
		w.Close()
		got = append(got, res.Findings...)
		if len(got) != 1 || got[0].RegionSource != c.source {
			t.Errorf("roots %v: %+v", c.roots, got)
		}
	}
}
