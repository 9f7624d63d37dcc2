package scanner

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// planted is a finding a fixture must give: the n-th occurrence of value
// (0-based), its type and its full record (nil for none).
type planted struct {
	typ, value string
	n          int
	rec        *Record
}

func row(n int, field string) *Record { return &Record{Row: n, Field: field} }

// scanFixture scans one file with values revealed and returns its result.
func scanFixture(t *testing.T, path string) ([]*Finding, *FileResult) {
	t.Helper()
	sc := New(testCatalog(t), Options{MinConfidence: 0.5, Reveal: true, Workers: 1})
	var (
		got  []*Finding
		last *FileResult
	)
	if _, err := sc.Scan(context.Background(), []string{path}, func(r *FileResult) {
		got = append(got, r.Findings...)
		if r.Done {
			last = r
		}
	}); err != nil {
		t.Fatal(err)
	}
	if last.Err != nil {
		t.Fatalf("%s: %v", path, last.Err)
	}
	return got, last
}

// checkPlanted asserts that the findings of data are exactly want: type,
// byte offsets, line and record of every one.
func checkPlanted(t *testing.T, data []byte, got []*Finding, want []planted) {
	t.Helper()
	left := map[int]bool{}
	for i := range want {
		left[i] = true
	}
	for _, f := range got {
		found := false
		for i, w := range want {
			if !left[i] || w.typ != f.Type || w.value != f.Value {
				continue
			}
			start := nthIndex(data, w.value, w.n)
			if start < 0 && bytes.Contains(data, []byte(w.value)) {
				continue
			}
			if start < 0 { // escaped in the file (O''Neil): Value is the text it stands for
				start = int(f.Start)
			} else if int64(start) != f.Start || f.End != f.Start+int64(len(w.value)) {
				continue
			}
			if line := int64(bytes.Count(data[:start], []byte{'\n'})) + 1; f.Line != line {
				t.Errorf("%s %q: line %d, want %d", f.Type, f.Value, f.Line, line)
			}
			if !sameRecord(f.Record, w.rec) {
				t.Errorf("%s %q: record %+v, want %+v", f.Type, f.Value, f.Record, w.rec)
			}
			delete(left, i)
			found = true
			break
		}
		if !found {
			t.Errorf("unexpected finding %s %q at %d, record %+v", f.Type, f.Value, f.Start, f.Record)
		}
	}
	for i := range want {
		if left[i] {
			t.Errorf("missing %s %q (occurrence %d)", want[i].typ, want[i].value, want[i].n)
		}
	}
}

// sameRecord compares two findings' records by value.
func sameRecord(a, b *Record) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

func nthIndex(data []byte, v string, n int) int {
	from := 0
	for {
		i := bytes.Index(data[from:], []byte(v))
		if i < 0 {
			return -1
		}
		if n == 0 {
			return from + i
		}
		n--
		from += i + 1
	}
}

// gzipCopy writes a gzip'd copy of path in a temp folder, same name + .gz.
func gzipCopy(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	zw.Close()
	out := filepath.Join(t.TempDir(), filepath.Base(path)+".gz")
	if err := os.WriteFile(out, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

// testFixture checks a fixture, and that its gzip'd copy gives the same
// findings.
func testFixture(t *testing.T, name string, want []planted) {
	path := filepath.Join("testdata", "records", name)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got, res := scanFixture(t, path)
	if res.Damage != nil {
		t.Errorf("damage: %v", res.Damage)
	}
	checkPlanted(t, data, got, want)
	gz, _ := scanFixture(t, gzipCopy(t, path))
	if len(gz) != len(got) {
		t.Fatalf("gzip: %d findings, plain: %d", len(gz), len(got))
	}
	for i := range gz {
		a, b := *gz[i], *got[i]
		a.Path, b.Path = "", ""
		if !sameRecord(a.Record, b.Record) {
			t.Errorf("gzip: record %+v, plain: %+v", a.Record, b.Record)
		}
		a.Record, b.Record = nil, nil
		if !reflect.DeepEqual(a, b) {
			t.Errorf("gzip: %+v, plain: %+v", a, b)
		}
	}
}

func TestRecordsCSVQuoted(t *testing.T) {
	testFixture(t, "quoted.csv", []planted{
		{"person_name", "Doe, Jane", 0, row(1, "full_name")},
		{"email", "jane.doe@example.com", 0, row(1, "email")},
		{"phone", "+44 20 7946 0958", 0, row(1, "phone")},
		{"phone", "07700 900123", 0, row(1, "notes")},
		{"person_name", "Pierre Martin", 0, row(2, "full_name")},
		{"email", "pierre.martin@example.fr", 0, row(2, "email")},
		{"phone", "06 12 34 56 78", 0, row(2, "phone")},
		// order_id holds 4155552671 and 3125550123, valid US numbers: not phones there.
	})
}

func TestRecordsCSVSemicolonBOM(t *testing.T) {
	testFixture(t, "semicolon-bom.csv", []planted{
		{"person_name", "Dupont", 0, row(1, "nom")},
		{"person_name", "Marie", 0, row(1, "prenom")},
		{"email", "marie.dupont@example.fr", 0, row(1, "courriel")},
		{"date_of_birth", "12/03/1985", 0, row(1, "date_naissance")},
		{"iban", "FR14 2004 1010 0505 0001 3M02 606", 0, row(1, "iban")},
		{"street_address", "12 rue de la Paix, 75002 Paris", 0, row(1, "adresse")},
		{"person_name", "Müller", 0, row(2, "nom")},
		{"person_name", "Jürgen", 0, row(2, "prenom")},
		{"email", "j.mueller@example.de", 0, row(2, "courriel")},
		{"date_of_birth", "03.07.1990", 0, row(2, "date_naissance")},
		{"iban", "DE89 3704 0044 0532 0130 00", 0, row(2, "iban")},
		{"street_address", "Hauptstraße 5", 0, row(2, "adresse")},
	})
}

// writeTemp writes data as name in a temp folder.
func writeTemp(t *testing.T, name, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// A damaged file is still scanned: records up to the damage, plain text
// with line numbers after it, the damage reported once.
func testDamaged(t *testing.T, name, data string, before, after []string) {
	t.Helper()
	got, res := scanFixture(t, writeTemp(t, name, data))
	if res.Damage == nil {
		t.Fatal("no damage reported")
	}
	if strings.Contains(res.Damage.Error(), "@") {
		t.Errorf("damage message holds data: %v", res.Damage)
	}
	byValue := map[string]*Finding{}
	for _, f := range got {
		byValue[f.Value] = f
	}
	for _, v := range before {
		if f := byValue[v]; f == nil || f.Record == nil {
			t.Errorf("%q before the damage: %+v", v, f)
		}
	}
	for _, v := range after {
		f := byValue[v]
		if f == nil || f.Record != nil {
			t.Errorf("%q after the damage: %+v", v, f)
			continue
		}
		if line := int64(strings.Count(data[:f.Start], "\n")) + 1; f.Line != line {
			t.Errorf("%q: line %d, want %d", v, f.Line, line)
		}
	}
}

// A ragged row costs that row only: the next keeps its record and number.
func TestDamagedCSVRaggedRow(t *testing.T) {
	data := "id,email\n1,a.one@example.com\n2,b.two@example.com,surplus\n3,c.three@example.com\n"
	testDamaged(t, "ragged.csv", data, []string{"a.one@example.com", "c.three@example.com"}, []string{"b.two@example.com"})
	got, res := scanFixture(t, writeTemp(t, "ragged.csv", data))
	if res.Damage.Skipped != 1 {
		t.Errorf("damage %+v, want one row skipped", res.Damage)
	}
	if f := found(got)[[2]string{"email", "c.three@example.com"}]; f == nil || !sameRecord(f.Record, row(3, "email")) {
		t.Errorf("the row after the damage: %+v", f)
	}
}

// Text after a closing quote costs its row only, and the rows after it
// keep their records.
func TestDamagedCSVTextAfterQuote(t *testing.T) {
	data := "id,name,email\n1,Ann Lee,a.one@example.com\n2,\"Bob\" Stone,b.two@example.com\n3,Cy Young,c.three@example.com\n"
	testDamaged(t, "quote.csv", data, []string{"a.one@example.com", "c.three@example.com"}, []string{"b.two@example.com"})
	got, _ := scanFixture(t, writeTemp(t, "quote.csv", data))
	if f := found(got)[[2]string{"person_name", "Cy Young"}]; f == nil || !sameRecord(f.Record, row(3, "name")) {
		t.Errorf("the row after the damage: %+v", f)
	}
}

func TestDamagedCSVOpenQuote(t *testing.T) {
	testDamaged(t, "open.csv", "id,email,note\n1,a.one@example.com,ok\n2,b.two@example.com,\"never closed\n3,c.three@example.com,x\n",
		[]string{"a.one@example.com"}, []string{"b.two@example.com", "c.three@example.com"})
}

func ptr(n int, p string) *Record { return &Record{Row: n, Pointer: p} }

func sqlRow(n int, table, field string) *Record { return &Record{Row: n, Table: table, Field: field} }

func TestRecordsJSONL(t *testing.T) {
	testFixture(t, "events.jsonl", []planted{
		{"person_name", "Ana", 0, ptr(1, "/user/name/first")},
		{"person_name", "García", 0, ptr(1, "/user/name/last")},
		{"email", "ana.garcia@example.es", 0, ptr(1, "/user/email")},
		{"phone", "+34 612 34 56 78", 0, ptr(1, "/user/phones/0")},
		{"email", "tom.baker@example.co.uk", 0, ptr(3, "/user/contacts/0/email")},
		{"email", "tom@example.org", 0, ptr(3, "/user/contacts/1/email")},
		{"street_address", "221B Baker Street", 0, ptr(3, "/user/address/street")},
		{"uk_postcode", "NW1 6XE", 0, ptr(3, "/user/address/postcode")},
		{"phone", "07700 900123", 0, ptr(3, "/note")},
	})
}

func TestRecordsJSONArray(t *testing.T) {
	testFixture(t, "customers.json", []planted{
		{"person_name", "Sophie Laurent", 0, ptr(1, "/full_name")},
		{"email", "sophie.laurent@example.fr", 0, ptr(1, "/email")},
		{"date_of_birth", "1984-02-29", 0, ptr(1, "/birth_date")},
		{"iban", "FR14 2004 1010 0505 0001 3M02 606", 0, ptr(1, "/payment/iban")},
		{"person_name", "Lukas Becker", 0, ptr(2, "/full_name")},
		{"email", "lukas.becker@example.de", 0, ptr(2, "/email")},
		{"date_of_birth", "1979-11-05", 0, ptr(2, "/birth_date")},
		{"iban", "DE89370400440532013000", 0, ptr(2, "/payment/iban")},
		// order_id holds 4155552671, a valid US number: not a phone there.
	})
}

func TestRecordsPgDump(t *testing.T) {
	c, p := "customers", "payments"
	testFixture(t, "pg_dump.sql", []planted{
		{"person_name", "Hanna", 0, sqlRow(1, c, "first_name")},
		{"person_name", "Schmidt", 0, sqlRow(1, c, "last_name")},
		{"email", "hanna.schmidt@example.de", 0, sqlRow(1, c, "email")},
		{"phone", "+49 30 12345678", 0, sqlRow(1, c, "phone")},
		{"date_of_birth", "1990-07-03", 0, sqlRow(1, c, "birth_date")},
		{"person_name", "Piotr", 0, sqlRow(2, c, "first_name")},
		{"person_name", "Nowak", 0, sqlRow(2, c, "last_name")},
		{"email", "piotr.nowak@example.pl", 0, sqlRow(2, c, "email")},
		{"date_of_birth", "1985-12-24", 0, sqlRow(2, c, "birth_date")},
		{"credit_card", "4111111111111111", 0, sqlRow(1, p, "card_number")},
		{"credit_card", "5555555555554444", 0, sqlRow(2, p, "card_number")},
		{"email", "piotr.nowak@example.pl", 1, sqlRow(2, p, "note")},
		{"person_name", "Chloé", 0, sqlRow(3, c, "first_name")},
		{"person_name", "O'Neil", 0, sqlRow(3, c, "last_name")}, // O''Neil in the dump
		{"email", "chloe.oneil@example.ie", 0, sqlRow(3, c, "email")},
		{"phone", "+353 85 123 4567", 0, sqlRow(3, c, "phone")},
		{"date_of_birth", "1992-01-15", 0, sqlRow(3, c, "birth_date")},
		{"person_name", "Marco", 0, sqlRow(4, c, "first_name")},
		{"person_name", "Bianchi", 0, sqlRow(4, c, "last_name")},
		{"email", "marco.bianchi@example.it", 0, sqlRow(4, c, "email")},
		{"date_of_birth", "1970-05-09", 0, sqlRow(4, c, "birth_date")},
		// An INSERT without a column list takes them from CREATE TABLE.
		{"credit_card", "4012888888881881", 0, sqlRow(3, p, "card_number")},
	})
}

func TestRecordsMySQLDump(t *testing.T) {
	c := "contacts"
	testFixture(t, "mysqldump.sql", []planted{
		{"person_name", "Emma de Vries", 0, sqlRow(1, c, "full_name")},
		{"email", "emma.devries@example.nl", 0, sqlRow(1, c, "email")},
		{"phone", "+31 6 12345678", 0, sqlRow(1, c, "phone")},
		{"date_of_birth", "1988-04-17", 0, sqlRow(1, c, "dob")},
		{"street_address", "Keizersgracht 123, Amsterdam", 0, sqlRow(1, c, "address")},
		{"person_name", "Liam O'Connor", 0, sqlRow(2, c, "full_name")}, // O\'Connor in the dump
		{"email", "liam.oconnor@example.ie", 0, sqlRow(2, c, "email")},
		{"phone", "+353 85 765 4321", 0, sqlRow(2, c, "phone")},
		{"date_of_birth", "1975-09-30", 0, sqlRow(2, c, "dob")},
		{"street_address", "12 Grafton Street, Dublin", 0, sqlRow(2, c, "address")},
		{"person_name", "Zoë Martin", 0, sqlRow(3, c, "full_name")},
		{"email", "zoe@example.fr", 0, sqlRow(3, c, "email")},
	})
}

func TestDamagedJSONL(t *testing.T) {
	testDamaged(t, "bad.jsonl", `{"email":"a.one@example.com"}`+"\n"+`{"email":"b.two@example.com",,}`+"\n"+`{"email":"c.three@example.com"}`+"\n",
		[]string{"a.one@example.com", "c.three@example.com"}, []string{"b.two@example.com"}) // JSONL lines are independent
}

func TestDamagedSQLCutInCopy(t *testing.T) {
	testDamaged(t, "cut.sql", "COPY public.users (id, email) FROM stdin;\n1\ta.one@example.com\n2\tb.two@example.com\n3\tc.thr",
		[]string{"a.one@example.com", "b.two@example.com"}, nil)
}

// Through the public API, as the CLI and the daemon run it: small chunks
// give exactly the findings and records of one whole chunk, in plain text
// and in a CSV export alike.
func TestScanChunkedEqualsWhole(t *testing.T) {
	cat := testCatalog(t)
	for _, c := range []struct {
		name string
		data []byte
	}{{"app.log", corpus(3, 2000)}, {"customers.csv", benchExports(300 << 10)}, {"events.jsonl", benchJSONL(300 << 10)}, {"dump.sql", benchSQL(300 << 10)}} {
		path := writeTemp(t, c.name, string(c.data))
		scan := func(chunk int) []*Finding {
			var out []*Finding
			sc := New(cat, Options{MinConfidence: 0.5, ChunkSize: chunk, Workers: 1})
			if _, err := sc.Scan(context.Background(), []string{path}, func(r *FileResult) { out = append(out, r.Findings...) }); err != nil {
				t.Fatal(err)
			}
			return out
		}
		whole := scan(len(c.data) + 1)
		if len(whole) < 100 {
			t.Fatalf("%s: only %d findings", c.name, len(whole))
		}
		for _, chunk := range []int{5000, 65536} {
			got := scan(chunk)
			if len(got) != len(whole) {
				t.Fatalf("%s, chunk %d: %d findings, whole: %d", c.name, chunk, len(got), len(whole))
			}
			for i := range got {
				a, b := *got[i], *whole[i]
				if !sameRecord(a.Record, b.Record) {
					t.Fatalf("%s, chunk %d: record %+v, whole: %+v", c.name, chunk, a.Record, b.Record)
				}
				a.Record, b.Record = nil, nil
				if !reflect.DeepEqual(a, b) {
					t.Fatalf("%s, chunk %d: %+v, whole: %+v", c.name, chunk, a, b)
				}
			}
		}
	}
}
