package scanner

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"testing"

	"github.com/piid/piid/patterns"
	"github.com/piid/piid/rure"
)

// benchLogs is low-density text: application log lines, one with personal
// data in about forty.
func benchLogs(size int) []byte {
	r := rand.New(rand.NewSource(1))
	var b bytes.Buffer
	for b.Len() < size {
		switch r.Intn(40) {
		case 0:
			fmt.Fprintf(&b, "2024-05-01T10:%02d:%02dZ INFO auth login ok user=user%d@example.com ip=203.0.113.%d\n", r.Intn(60), r.Intn(60), r.Intn(1e6), r.Intn(250)+1)
		default:
			fmt.Fprintf(&b, "2024-05-01T10:%02d:%02dZ DEBUG http request id=%08x path=/api/v1/items/%d status=200 bytes=%d latency_ms=%d\n",
				r.Intn(60), r.Intn(60), r.Uint32(), r.Intn(1e5), r.Intn(1e5), r.Intn(900))
		}
	}
	return b.Bytes()
}

// benchExports is dense: CSV customer rows with an email, a phone and an
// IBAN in every row.
func benchExports(size int) []byte {
	r := rand.New(rand.NewSource(2))
	var b bytes.Buffer
	b.WriteString("id,first_name,last_name,email,phone,iban,city,created_at\n")
	ibans := []string{"DE89370400440532013000", "GB82WEST12345698765432", "FR1420041010050500013M02606", "NL91ABNA0417164300"}
	for i := 1; b.Len() < size; i++ {
		fmt.Fprintf(&b, "%d,Anna,Rossi,anna.rossi%d@example.it,+44 20 7946 0%03d,%s,Milano,2023-0%d-1%d 10:00:00\n",
			i, i, r.Intn(1000), ibans[r.Intn(len(ibans))], r.Intn(9)+1, r.Intn(9))
	}
	return b.Bytes()
}

func BenchmarkScan(b *testing.B) {
	cat := testCatalog(b)
	for _, c := range []struct {
		name string
		data []byte
	}{{"logs", benchLogs(32 << 20)}, {"exports", benchExports(32 << 20)}} {
		b.Run(c.name, func(b *testing.B) {
			w, err := New(cat, Options{MinConfidence: 0.5}).newWorker()
			if err != nil {
				b.Fatal(err)
			}
			defer w.close()
			b.SetBytes(int64(len(c.data)))
			b.ResetTimer()
			found := 0
			for i := 0; i < b.N; i++ {
				found = 0
				res := w.scanReader(context.Background(), "bench", bytes.NewReader(c.data), func(fs []*Finding) { found += len(fs) })
				found += len(res.Findings)
			}
			b.ReportMetric(float64(found), "findings/op")
		})
	}
}

// BenchmarkMatchOnly is the whole catalog as one regex alone (no
// validation, no scoring), as a regex search tool would run it: the
// reference for what the scanner's passes, checks and scoring cost.
func BenchmarkMatchOnly(b *testing.B) {
	cat := testCatalog(b)
	for _, c := range []struct {
		name string
		data []byte
	}{{"logs", benchLogs(32 << 20)}, {"exports", benchExports(32 << 20)}} {
		for _, groups := range []bool{false, true} {
			b.Run(fmt.Sprintf("%s/groups=%v", c.name, groups), func(b *testing.B) {
				w, err := New(cat, Options{}).newWorker()
				if err != nil {
					b.Fatal(err)
				}
				defer w.close()
				b.SetBytes(int64(len(c.data)))
				re, err := rure.CompileMulti(cat.Patterns, rure.Options{DFASizeLimit: 64 << 20})
				if err != nil {
					b.Fatal(err)
				}
				defer re.Close()
				for i := 0; i < b.N; i++ {
					for pos := 0; pos <= len(c.data); {
						ms, next, _ := re.FindAll(c.data, pos, groups, w.ms)
						if len(ms) < cap(w.ms) {
							break
						}
						pos = next
					}
				}
			})
		}
	}
}

// benchJSONL is an event log: nested JSON objects, one in four about a
// customer.
func benchJSONL(size int) []byte {
	r := rand.New(rand.NewSource(3))
	var b bytes.Buffer
	for i := 1; b.Len() < size; i++ {
		if r.Intn(4) == 0 {
			fmt.Fprintf(&b, `{"ts":"2024-05-01T10:%02d:%02dZ","event":"signup","user":{"id":%d,"first_name":"Anna","last_name":"Rossi","email":"anna.rossi%d@example.it","phones":["+44 20 7946 0%03d"]},"ip":"203.0.113.%d"}`+"\n",
				r.Intn(60), r.Intn(60), i, i, r.Intn(1000), r.Intn(250)+1)
			continue
		}
		fmt.Fprintf(&b, `{"ts":"2024-05-01T10:%02d:%02dZ","event":"page_view","session":"%08x","path":"/api/v1/items/%d","status":200,"latency_ms":%d}`+"\n",
			r.Intn(60), r.Intn(60), r.Uint32(), r.Intn(1e5), r.Intn(900))
	}
	return b.Bytes()
}

// benchSQL is a PostgreSQL dump: a customers table as COPY rows.
func benchSQL(size int) []byte {
	r := rand.New(rand.NewSource(4))
	var b bytes.Buffer
	b.WriteString("--\n-- PostgreSQL database dump\n--\n\nCREATE TABLE public.customers (\n    id integer NOT NULL,\n    first_name text,\n    last_name text,\n    email text,\n    phone text,\n    iban text,\n    created_at timestamp\n);\n\n")
	b.WriteString("COPY public.customers (id, first_name, last_name, email, phone, iban, created_at) FROM stdin;\n")
	ibans := []string{"DE89370400440532013000", "GB82WEST12345698765432", "FR1420041010050500013M02606", "NL91ABNA0417164300"}
	for i := 1; b.Len() < size; i++ {
		fmt.Fprintf(&b, "%d\tAnna\tRossi\tanna.rossi%d@example.it\t+44 20 7946 0%03d\t%s\t2023-0%d-1%d 10:00:00\n",
			i, i, r.Intn(1000), ibans[r.Intn(len(ibans))], r.Intn(9)+1, r.Intn(9))
	}
	b.WriteString("\\.\n")
	return b.Bytes()
}

// BenchmarkRecords scans the same bytes as records and as plain text:
// what knowing the record and field of each finding costs. As records,
// name and address columns yield findings plain text cannot see; with
// types=same those two types are not reported, so both modes report the
// same kind of findings and the difference is the record mapping alone.
func BenchmarkRecords(b *testing.B) {
	all := testCatalog(b)
	same, err := patterns.New(patterns.Options{HashKey: []byte("scanner-test-key-0123456789"), Disabled: []string{"person_name", "street_address"}})
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name, path string
		data       []byte
	}{
		{"csv", "customers.csv", benchExports(32 << 20)},
		{"jsonl", "events.jsonl", benchJSONL(32 << 20)},
		{"sql", "dump.sql", benchSQL(32 << 20)},
	} {
		for _, v := range []struct {
			types string
			cat   *patterns.Catalog
			plain bool
		}{{"all", all, true}, {"all", all, false}, {"same", same, true}, {"same", same, false}} {
			cat, plain := v.cat, v.plain
			mode := "records"
			if plain {
				mode = "plain"
			}
			b.Run(c.name+"/types="+v.types+"/"+mode, func(b *testing.B) {
				w, err := New(cat, Options{MinConfidence: 0.5}).newWorker()
				if err != nil {
					b.Fatal(err)
				}
				defer w.close()
				w.plain = plain
				b.SetBytes(int64(len(c.data)))
				b.ResetTimer()
				found := 0
				for i := 0; i < b.N; i++ {
					found = 0
					res := w.scanReader(context.Background(), c.path, bytes.NewReader(c.data), func(fs []*Finding) { found += len(fs) })
					found += len(res.Findings)
				}
				b.ReportMetric(float64(found), "findings/op")
			})
		}
	}
}
