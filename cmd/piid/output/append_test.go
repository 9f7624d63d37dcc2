package output

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"testing"

	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
)

func stdJSON(t testing.TB, f *scanner.Finding) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

func randString(r *rand.Rand) string {
	pieces := []string{"a", "é", "\"", "\\", "\n", "\t", "\x00", "\x1f", "<&>", "\u2028", "\u2029", "\xff", "\xc3", "日本", "/", "!", " "}
	var b []byte
	for n := r.Intn(8); n > 0; n-- {
		b = append(b, pieces[r.Intn(len(pieces))]...)
	}
	return string(b)
}

// TestAppendJSONMatchesEncodingJSON holds the hand-written encoder to the
// standard library's output on awkward strings and every optional field.
func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 20000; i++ {
		f := &scanner.Finding{Path: randString(r), Type: randString(r), Category: randString(r),
			Start: r.Int63n(1 << 40), End: r.Int63n(1 << 40), Line: r.Int63n(1 << 30),
			Confidence: float64(r.Intn(101)) / 100, Masked: randString(r)}
		if r.Intn(4) != 0 { // else the zero Hash, written ""
			r.Read(f.Hash[:])
		}
		if r.Intn(3) == 0 {
			f.Value = randString(r)
		}
		if r.Intn(2) == 0 {
			f.Record = &scanner.Record{Field: randString(r), Pointer: randString(r), Table: randString(r)}
			if r.Intn(2) == 0 {
				f.Record.Row = r.Intn(1 << 20)
			}
		}
		if r.Intn(3) == 0 { // a national-format phone: its region's source, maybe ambiguous
			f.RegionSource = randString(r)
			f.Ambiguous = r.Intn(2) == 0
			for n := r.Intn(3); n > 0; n-- {
				var h patterns.Hash
				r.Read(h[:])
				f.AltHashes = append(f.AltHashes, h)
			}
		}
		if i%97 == 0 {
			f.Confidence = []float64{0, 1e-7, 3.5e-9, 0.999999}[r.Intn(4)]
		}
		got, want := AppendJSON(nil, f), stdJSON(t, f)
		if !bytes.Equal(got, want) {
			t.Fatalf("finding %+v\n got %s\nwant %s", f, got, want)
		}
	}
}

func BenchmarkEncodeFinding(b *testing.B) {
	f := &scanner.Finding{Path: "exports/crm/customers-000.csv", Type: "email", Category: "contact", Start: 1234567, End: 1234590,
		Line: 4242, Confidence: 0.95, Record: &scanner.Record{Row: 12, Field: "email"},
		Hash: mustHash("4c08aaf760c5bad85232ae7c64b960160bd608f2ad08eed5f41e3729c1f1a72f"), Masked: "j*********@e******.com"}
	b.Run("AppendJSON", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		for i := 0; i < b.N; i++ {
			buf = AppendJSON(buf[:0], f)
		}
	})
	b.Run("encoding/json", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			stdJSON(b, f)
		}
	})
}
