package bench

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/piid/piid/scanner/records"
)

// The shared small corpus: all profiles, gzip on.
const (
	smallSize = 2 << 20
	smallSeed = 42
)

var (
	smallOnce sync.Once
	smallDir  string
	smallSum  Summary
	smallErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if smallDir != "" {
		os.RemoveAll(smallDir)
	}
	os.Exit(code)
}

// smallCorpus generates the shared corpus once.
func smallCorpus(t *testing.T) (string, Summary) {
	t.Helper()
	smallOnce.Do(func() {
		smallDir, smallErr = os.MkdirTemp("", "piid-bench-")
		if smallErr != nil {
			return
		}
		smallSum, smallErr = Generate(Options{Out: smallDir, Size: smallSize, Seed: smallSeed, Profiles: Profiles(), Gzip: true})
	})
	if smallErr != nil {
		t.Fatal(smallErr)
	}
	return smallDir, smallSum
}

// readContent returns a corpus file's content, decompressed.
func readContent(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		b, err = io.ReadAll(zr)
		if err != nil {
			t.Fatal(path, err)
		}
	}
	return b
}

// corpusFiles lists the corpus files relative to dir (truth excluded).
func corpusFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		if rel != TruthFile {
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func truthByPath(t *testing.T, dir string) map[string][]Truth {
	t.Helper()
	truths, err := ReadTruth(filepath.Join(dir, TruthFile))
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][]Truth{}
	for _, tr := range truths {
		m[tr.Path] = append(m[tr.Path], tr)
	}
	return m
}

// TestTruthSpans: every truth item's span holds its value, on its line,
// and its record points at it.
func TestTruthSpans(t *testing.T) {
	dir, sum := smallCorpus(t)
	files := corpusFiles(t, dir)
	if len(files) != sum.Files {
		t.Fatalf("%d files on disk, summary says %d", len(files), sum.Files)
	}
	byPath := truthByPath(t, dir)
	total := 0
	gz := 0
	profilesWithTruth := map[string]bool{}
	for _, rel := range files {
		if strings.HasSuffix(rel, ".gz") {
			gz++
		}
		content := readContent(t, filepath.Join(dir, rel))
		items := byPath[rel]
		delete(byPath, rel)
		prev := int64(-1)
		sqlTables := map[string]map[int64][]string{}
		var csvRows [][]string
		var jsonLines [][]byte
		for _, tr := range items {
			total++
			profilesWithTruth[tr.Profile] = true
			if !strings.HasPrefix(rel, tr.Profile+"/") {
				t.Errorf("%s: profile %q", rel, tr.Profile)
			}
			if tr.Start < prev || tr.Start >= tr.End || tr.End > int64(len(content)) {
				t.Fatalf("%s: bad span [%d,%d) after %d (len %d)", rel, tr.Start, tr.End, prev, len(content))
			}
			prev = tr.End
			got := string(content[tr.Start:tr.End])
			if got != tr.Value || tr.Value == "" {
				t.Fatalf("%s [%d,%d) %s: content %q, truth value %q", rel, tr.Start, tr.End, tr.Type, got, tr.Value)
			}
			if strings.ContainsAny(tr.Value, "\n\r") && tr.Type != "passport_mrz" { // a zone is lines
				t.Errorf("%s: value %q spans lines", rel, tr.Value)
			}
			if line := int64(bytes.Count(content[:tr.Start], []byte{'\n'})) + 1; line != tr.Line {
				t.Fatalf("%s: %q on line %d, truth says %d", rel, tr.Value, line, tr.Line)
			}
			if tr.Record == nil {
				continue
			}
			row := int64(tr.Record["row"].(float64))
			switch base := strings.TrimSuffix(rel, ".gz"); {
			case strings.HasSuffix(base, ".csv") || strings.HasSuffix(base, ".tsv"):
				if csvRows == nil {
					r := csv.NewReader(bytes.NewReader(content))
					if strings.HasSuffix(base, ".tsv") {
						r.Comma = '\t'
					}
					var err error
					if csvRows, err = r.ReadAll(); err != nil {
						t.Fatalf("%s: %v", rel, err)
					}
				}
				field := tr.Record["field"].(string)
				col := indexOf(csvRows[0], field)
				if col < 0 || int(row) >= len(csvRows) || csvRows[row][col] != tr.Value {
					t.Fatalf("%s: record %v does not hold %q", rel, tr.Record, tr.Value)
				}
			case strings.HasSuffix(base, ".jsonl"):
				if jsonLines == nil {
					jsonLines = bytes.Split(content, []byte{'\n'})
				}
				line := jsonLines[row-1]
				v, ok := records.Lookup(records.JSONL, line, 1, tr.Record["pointer"].(string))
				if !ok || string(v.Unescape(nil, line[v.Start:v.End])) != tr.Value {
					t.Fatalf("%s: record %v holds no %q", rel, tr.Record, tr.Value)
				}
				if tr.Line != row {
					t.Fatalf("%s: row %d on line %d", rel, row, tr.Line)
				}
			case strings.HasSuffix(base, ".sql"):
				table := tr.Record["table"].(string)
				if sqlTables[table] == nil {
					sqlTables[table] = sqlRows(t, content, table)
				}
				cols := sqlTables[table][0]
				col := indexOf(cols, tr.Record["field"].(string))
				vals := sqlTables[table][row]
				if col < 0 || col >= len(vals) || vals[col] != tr.Value {
					t.Fatalf("%s: record %v holds %q, not %q", rel, tr.Record, vals, tr.Value)
				}
			default:
				t.Fatalf("%s: record %v in an unstructured file", rel, tr.Record)
			}
		}
		if strings.HasPrefix(rel, "adversarial/") && len(items) > 0 {
			t.Errorf("%s: %d truth items in the adversarial profile", rel, len(items))
		}
	}
	for p := range byPath {
		t.Errorf("truth for %s, which is not in the corpus", p)
	}
	for _, p := range []string{"logs", "prose", "exports", "lake"} {
		if !profilesWithTruth[p] {
			t.Errorf("profile %s planted nothing", p)
		}
	}
	if gz == 0 {
		t.Error("no gzip file in a gzip corpus")
	}
	n := 0
	for _, c := range sum.Planted {
		n += c
	}
	if n != total {
		t.Errorf("summary counts %d planted, truth has %d", n, total)
	}
	t.Logf("%d files (%d gzip), %d bytes, %d truth items: %v", len(files), gz, sum.Bytes, total, sum.Planted)
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// sqlRows reads a table's rows from a pg_dump COPY block or mysqldump
// INSERTs: index 0 holds the column names, 1.. the rows.
func sqlRows(t *testing.T, content []byte, table string) map[int64][]string {
	rows := map[int64][]string{}
	sc := bufio.NewScanner(bytes.NewReader(content))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	inCopy := false
	n := int64(0)
	var myCols []string
	inCreate := false
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "COPY public."+table+" ("):
			cols := line[strings.Index(line, "(")+1 : strings.Index(line, ")")]
			rows[0] = strings.Split(cols, ", ")
			inCopy = true
		case inCopy && line == `\.`:
			inCopy = false
		case inCopy:
			n++
			rows[n] = strings.Split(line, "\t")
		case strings.HasPrefix(line, "CREATE TABLE `"+table+"`"):
			inCreate = true
		case inCreate && strings.HasPrefix(line, "  `"):
			myCols = append(myCols, strings.Trim(strings.Fields(line)[0], "`"))
		case inCreate && strings.HasPrefix(line, "  PRIMARY KEY"):
			inCreate = false
			rows[0] = myCols
		case strings.HasPrefix(line, "INSERT INTO `"+table+"` VALUES "):
			for _, tuple := range parseTuples(strings.TrimPrefix(line, "INSERT INTO `"+table+"` VALUES ")) {
				n++
				rows[n] = tuple
			}
		}
	}
	if rows[0] == nil {
		t.Fatalf("no table %s", table)
	}
	return rows
}

// parseTuples splits "(1,'a'),(2,NULL);" into fields (no escapes occur).
func parseTuples(s string) [][]string {
	var out [][]string
	var cur []string
	var field strings.Builder
	inStr := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inStr && c == '\'':
			inStr = false
		case inStr:
			field.WriteByte(c)
		case c == '\'':
			inStr = true
		case c == '(':
			cur = nil
			field.Reset()
		case c == ',' || c == ')':
			cur = append(cur, field.String())
			field.Reset()
			if c == ')' {
				out = append(out, cur)
				for i+1 < len(s) && s[i+1] != '(' {
					i++
				}
			}
		default:
			field.WriteByte(c)
		}
	}
	return out
}

// TestSize: the content written is within 5% of the size asked for.
func TestSize(t *testing.T) {
	_, sum := smallCorpus(t)
	checkSize(t, sum, smallSize)
	for _, c := range []struct {
		size     int64
		profiles []string
	}{{300 << 10, nil}, {1 << 20, []string{"logs"}}, {700 << 10, []string{"prose", "exports"}}, {400 << 10, []string{"adversarial"}}} {
		dir := t.TempDir()
		sum, err := Generate(Options{Out: dir, Size: c.size, Seed: 3, Profiles: c.profiles})
		if err != nil {
			t.Fatal(err)
		}
		checkSize(t, sum, c.size)
		if sum.DiskBytes != sum.Bytes {
			t.Errorf("no gzip, yet %d bytes on disk for %d of content", sum.DiskBytes, sum.Bytes)
		}
		var disk int64
		for _, rel := range corpusFiles(t, dir) {
			st, err := os.Stat(filepath.Join(dir, rel))
			if err != nil {
				t.Fatal(err)
			}
			disk += st.Size()
		}
		if disk != sum.Bytes {
			t.Errorf("%d bytes on disk, summary says %d", disk, sum.Bytes)
		}
	}
}

func checkSize(t *testing.T, sum Summary, want int64) {
	t.Helper()
	if d := float64(sum.Bytes-want) / float64(want); d < -0.05 || d > 0.05 {
		t.Errorf("asked %d bytes, wrote %d (%+.1f%%)", want, sum.Bytes, 100*d)
	}
}

// TestDeterminism: the same options give the same bytes, whatever the
// number of workers; another seed gives other bytes.
func TestDeterminism(t *testing.T) {
	opts := Options{Size: 600 << 10, Seed: 7, Profiles: Profiles(), Gzip: true}
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	opts.Out, opts.Workers = a, 1
	if _, err := Generate(opts); err != nil {
		t.Fatal(err)
	}
	opts.Out, opts.Workers = b, 5
	if _, err := Generate(opts); err != nil {
		t.Fatal(err)
	}
	opts.Out, opts.Seed = c, 8
	if _, err := Generate(opts); err != nil {
		t.Fatal(err)
	}
	fa, fb := corpusFiles(t, a), corpusFiles(t, b)
	if strings.Join(fa, "\n") != strings.Join(fb, "\n") {
		t.Fatal("different file lists for the same seed")
	}
	same := 0
	for _, rel := range append(fa, TruthFile) {
		x, err1 := os.ReadFile(filepath.Join(a, rel))
		y, err2 := os.ReadFile(filepath.Join(b, rel))
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs with the same seed", rel)
		}
		if z, err := os.ReadFile(filepath.Join(c, rel)); err == nil && bytes.Equal(x, z) {
			same++
		}
	}
	if same > len(fa)/10 {
		t.Errorf("%d of %d files identical with another seed", same, len(fa))
	}
}

// TestRegenerate: an earlier corpus is replaced; a foreign folder is not
// touched.
func TestRegenerate(t *testing.T) {
	dir := t.TempDir()
	opts := Options{Out: dir, Size: 200 << 10, Seed: 1, Profiles: []string{"logs", "prose"}}
	if _, err := Generate(opts); err != nil {
		t.Fatal(err)
	}
	opts.Profiles = []string{"exports"}
	if _, err := Generate(opts); err != nil {
		t.Fatal(err)
	}
	for _, rel := range corpusFiles(t, dir) {
		if !strings.HasPrefix(rel, "exports/") {
			t.Errorf("%s left over from the earlier corpus", rel)
		}
	}
	foreign := t.TempDir()
	keep := filepath.Join(foreign, "logs", "mine.txt")
	os.MkdirAll(filepath.Dir(keep), 0o755)
	os.WriteFile(keep, []byte("x"), 0o644)
	if _, err := Generate(Options{Out: foreign, Size: 10 << 10, Profiles: []string{"logs"}}); err == nil {
		t.Error("generated into a non-empty foreign folder")
	}
	if _, err := os.Stat(keep); err != nil {
		t.Error("foreign file removed")
	}
	if _, err := Generate(Options{Out: foreign, Size: 10 << 10, Profiles: []string{"nope"}}); err == nil {
		t.Error("unknown profile accepted")
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{
		"1GiB": 1 << 30, "200MB": 200e6, "512k": 512 << 10, "512K": 512 << 10, "1.5g": 3 << 29, "100": 100,
		"64 MiB": 64 << 20, "2kb": 2000, "10B": 10, "1TiB": 1 << 40,
	} {
		got, err := ParseSize(in)
		if err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "abc", "-1k", "1x", "0", "1..2M"} {
		if _, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) accepted", in)
		}
	}
}

// TestGenerateOut writes a corpus where PIID_BENCH_OUT says, of
// PIID_BENCH_SIZE (default 100MB), for a look or a timing:
//
//	PIID_BENCH_OUT=/tmp/corpus PIID_BENCH_SIZE=1GiB go test ./bench/ -run GenerateOut -v
func TestGenerateOut(t *testing.T) {
	out := os.Getenv("PIID_BENCH_OUT")
	if out == "" {
		t.Skip("PIID_BENCH_OUT not set")
	}
	size := int64(100 << 20)
	if s := os.Getenv("PIID_BENCH_SIZE"); s != "" {
		var err error
		if size, err = ParseSize(s); err != nil {
			t.Fatal(err)
		}
	}
	var profiles []string
	if p := os.Getenv("PIID_BENCH_PROFILES"); p != "" {
		profiles = strings.Split(p, ",")
	}
	seed := int64(1)
	if s := os.Getenv("PIID_BENCH_SEED"); s != "" {
		seed, _ = strconv.ParseInt(s, 10, 64)
	}
	start := time.Now()
	sum, err := Generate(Options{Out: out, Size: size, Seed: seed, Profiles: profiles, Gzip: os.Getenv("PIID_BENCH_GZIP") != ""})
	if err != nil {
		t.Fatal(err)
	}
	d := time.Since(start)
	t.Logf("%d files, %d bytes (%d on disk) in %v: %.0f MB/s; planted %v", sum.Files, sum.Bytes, sum.DiskBytes, d.Round(time.Millisecond),
		float64(sum.Bytes)/1e6/d.Seconds(), sum.Planted)
}

// TestTinySizes: very small corpora still generate (sizes are not
// promised there).
func TestTinySizes(t *testing.T) {
	for _, size := range []int64{1, 100, 5000} {
		if _, err := Generate(Options{Out: t.TempDir(), Size: size, Profiles: Profiles(), Gzip: true}); err != nil {
			t.Errorf("size %d: %v", size, err)
		}
	}
	if _, err := Generate(Options{Out: t.TempDir(), Size: 0}); err == nil {
		t.Error("size 0 accepted")
	}
}
