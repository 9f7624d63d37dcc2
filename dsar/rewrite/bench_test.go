package rewrite

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// benchFile writes about size bytes of kind's content holding a same-length
// placeholder every so many rows, and returns its path and n edits that
// replace placeholders (the same each time, so the file stays valid).
func benchFile(b *testing.B, kind string, size, n int) (string, []Edit) {
	b.Helper()
	var buf bytes.Buffer
	var marks []int
	row := func(i int) {
		switch kind {
		case "csv":
			fmt.Fprintf(&buf, "%d,\"Person, %d\",", i, i)
			marks = append(marks, buf.Len())
			fmt.Fprintf(&buf, "p%07d@example.com,2024-01-%02d,\"a note with \"\"quotes\"\"\"\n", i, i%28+1)
		case "sql":
			if i%100 == 0 {
				if i > 0 {
					buf.WriteString(";\n")
				}
				buf.WriteString("INSERT INTO `customers` VALUES ")
			} else {
				buf.WriteByte(',')
			}
			fmt.Fprintf(&buf, "(%d,'Person %d','", i, i)
			marks = append(marks, buf.Len())
			fmt.Fprintf(&buf, "p%07d@example.com','it\\'s a note',%d)", i, 4155550000+i)
		case "jsonl":
			fmt.Fprintf(&buf, `{"id":%d,"name":"Person %d","email":"`, i, i)
			marks = append(marks, buf.Len())
			fmt.Fprintf(&buf, `p%07d@example.com","tags":["a","b"],"score":%d.5}`+"\n", i, i)
		}
	}
	switch kind {
	case "csv":
		buf.WriteString("id,name,email,day,note\n")
	case "sql":
		buf.WriteString("-- MySQL dump 10.13\n")
	}
	for i := 0; buf.Len() < size; i++ {
		row(i)
	}
	if kind == "sql" {
		buf.WriteString(";\n")
	}
	content := buf.Bytes()
	step := len(marks) / n
	var es []Edit
	for i := 0; i < n; i++ {
		m := int64(marks[i*step])
		es = append(es, Edit{Start: m, End: m + 20, Action: Replace, Replacement: []byte("redacted@example.com")})
	}
	p := filepath.Join(b.TempDir(), "bench."+kind)
	if err := os.WriteFile(p, content, 0o644); err != nil {
		b.Fatal(err)
	}
	return p, es
}

// BenchmarkApply rewrites a 10 MB CSV file with 1000 replacements: both
// passes, the temporary file, its fsync and the rename.
func BenchmarkApply(b *testing.B) {
	p, es := benchFile(b, "csv", 10<<20, 1000)
	fi, _ := os.Stat(p)
	b.SetBytes(fi.Size())
	b.ResetTimer()
	for b.Loop() {
		if _, err := Apply(p, es, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkApplyFormats is BenchmarkApply for the other lexers, and for
// gzip (MB/s of decompressed content).
func BenchmarkApplyFormats(b *testing.B) {
	for _, kind := range []string{"sql", "jsonl", "csv.gz"} {
		b.Run(kind, func(b *testing.B) {
			src := kind
			if kind == "csv.gz" {
				src = "csv"
			}
			p, es := benchFile(b, src, 10<<20, 1000)
			raw, _ := os.ReadFile(p)
			if kind == "csv.gz" {
				var z bytes.Buffer
				zw := gzip.NewWriter(&z)
				zw.Write(raw)
				zw.Close()
				q := filepath.Join(filepath.Dir(p), "bench.csv.gz")
				if err := os.WriteFile(q, z.Bytes(), 0o644); err != nil {
					b.Fatal(err)
				}
				p = q
			}
			b.SetBytes(int64(len(raw)))
			b.ResetTimer()
			for b.Loop() {
				if _, err := Apply(p, es, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
