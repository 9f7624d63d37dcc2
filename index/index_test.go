package index

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
)

func TestReplaceFile(t *testing.T) {
	ix := openTest(t, t.TempDir(), manual)
	defer ix.Close()

	v1, v2 := synth("a", 1, 50), synth("a", 2, 30)
	commitFile(t, ix, "data/a.csv", v1, FileState{Size: 1})
	sameFindings(t, "v1", allFindings(t, ix, FindingQuery{Path: "data/a.csv"}), storedAll("data/a.csv", v1))

	commitFile(t, ix, "data/a.csv", v2, FileState{Size: 2})
	sameFindings(t, "v2", allFindings(t, ix, FindingQuery{Path: "data/a.csv"}), storedAll("data/a.csv", v2))
	for _, f := range v1[1:] {
		got, err := ix.Lookup("", f.Hash)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 0 {
			t.Fatalf("old finding %s still found: %+v", f.Masked, got)
		}
	}
	for _, f := range v2 {
		got, err := ix.Lookup(f.Type, f.Hash)
		if err != nil {
			t.Fatal(err)
		}
		if f.Hash == hmacHash("common@example.org") {
			continue
		}
		sameFindings(t, "lookup "+f.Masked, got, []scanner.Finding{stored("data/a.csv", f)})
	}
	// The type filter.
	if got, _ := ix.Lookup("iban", v2[1].Hash); len(got) != 0 {
		t.Fatalf("lookup with another type found %+v", got)
	}
	st, _ := ix.Stats()
	if st.Files != 1 || st.Findings != 30 {
		t.Fatalf("stats %+v", st)
	}
	counts := checkClean(t, ix)
	if counts[pFile] != 30 || counts[pHash] != 30 {
		t.Fatalf("key counts %v", counts)
	}
	s, ok, err := ix.File("data/a.csv")
	if err != nil || !ok || s.Size != 2 || s.Findings != 30 || s.Path != "data/a.csv" {
		t.Fatalf("file state %+v %v %v", s, ok, err)
	}
}

// A file with more findings than one Badger transaction holds commits
// atomically: a reader during Add sees the old generation only.
func TestLargeFileAtomic(t *testing.T) {
	// With an eighth of the memtable and batches, an eighth of the
	// findings crosses as many transactions.
	scale := 8
	if *long {
		scale = 1
	}
	big := 210_000 / scale
	ix := openTest(t, t.TempDir(), manual, smaller(scale))
	defer ix.Close()
	const path = "exports/users.jsonl"
	old := synth("old", 1, 10)
	commitFile(t, ix, path, old, FileState{Size: 1})
	common := hmacHash("common@example.org")
	wantOld := storedAll(path, old[:1]) // old[0] is the common value

	check := func(what string) {
		got, err := ix.Lookup("", common)
		if err != nil {
			t.Error(err)
			return
		}
		sameFindings(t, what+": lookup", got, wantOld)
		page, _, err := ix.Findings(FindingQuery{Path: path, Limit: 1000})
		if err != nil {
			t.Error(err)
			return
		}
		sameFindings(t, what+": findings", page, storedAll(path, old))
		st, _ := ix.Stats()
		if st.Findings != 10 || st.Files != 1 {
			t.Errorf("%s: stats %+v", what, st)
		}
	}

	// Readers in the background all along.
	var (
		stop  atomic.Bool
		wg    sync.WaitGroup
		reads atomic.Int64
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !stop.Load() {
			check("concurrent")
			reads.Add(1)
		}
	}()

	w, err := ix.BeginFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fresh := synth("new", 2, big)
	for i := 0; i < len(fresh); i += 10_000 {
		if err := w.Add(fresh[i:min(i+10_000, len(fresh))]); err != nil {
			t.Fatal(err)
		}
		check(fmt.Sprintf("after %d added", i))
	}
	stop.Store(true)
	wg.Wait()
	if reads.Load() == 0 {
		t.Fatal("no concurrent read ran")
	}
	// The new generation really is in the store, beside the old one.
	counts := keyCounts(t, ix)
	if counts[pFile] < big/2 { // the last transaction may still be open
		t.Fatalf("only %d by-file keys while adding %d findings", counts[pFile], big)
	}
	if n := ix.db.MaxBatchCount(); int64(3*big) < 2*n {
		t.Fatalf("test too small to need several transactions (max batch %d)", n)
	}

	if err := w.Commit(FileState{Size: 2}); err != nil {
		t.Fatal(err)
	}
	got, err := ix.Lookup("", common)
	if err != nil {
		t.Fatal(err)
	}
	var wantNew []scanner.Finding
	for _, f := range fresh {
		if f.Hash == common {
			wantNew = append(wantNew, stored(path, f))
		}
	}
	sameFindings(t, "after commit", got, wantNew)
	all := allFindings(t, ix, FindingQuery{Path: path, Limit: 10_000})
	sameFindings(t, "all after commit", all, storedAll(path, fresh))

	// Abort leaves the committed generation.
	w, err = ix.BeginFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Add(synth("aborted", 3, big/7)); err != nil {
		t.Fatal(err)
	}
	if err := w.Abort(); err != nil {
		t.Fatal(err)
	}
	got, _ = ix.Lookup("", common)
	sameFindings(t, "after abort", got, wantNew)
	if p, _ := ix.InFlight(); len(p) != 0 {
		t.Fatalf("in flight after abort: %v", p)
	}
	counts = checkClean(t, ix)
	if counts[pFile] != big || counts[pHash] != big {
		t.Fatalf("key counts after cleanup %v", counts)
	}
}

// A crash between BeginFile and Commit (here: Close with the writer open,
// then a new Index on the directory).
func TestCrashRecovery(t *testing.T) {
	dir := t.TempDir()
	ix := openTest(t, dir, manual)
	committed := synth("c", 1, 100)
	commitFile(t, ix, "a.txt", committed, FileState{Size: 1})
	commitFile(t, ix, "b.txt", synth("b", 1, 10), FileState{Size: 1})
	w, err := ix.BeginFile("a.txt")
	if err != nil {
		t.Fatal(err)
	}
	half := synth("c", 2, 40_000)
	if err := w.Add(half); err != nil {
		t.Fatal(err)
	}
	// A path never committed before, with few findings: they wait in
	// memory for the commit, so nothing of it is on disk.
	w2, err := ix.BeginFile("new.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := w2.Add(synth("n", 1, 100)); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Add(half[:1]); !errors.Is(err, ErrClosed) {
		t.Fatalf("Add after Close: %v", err)
	}

	ix = openTest(t, dir, manual)
	defer ix.Close()
	paths, err := ix.InFlight()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(paths, ",") != "a.txt" {
		t.Fatalf("in flight: %v", paths)
	}
	sameFindings(t, "committed after crash", allFindings(t, ix, FindingQuery{Path: "a.txt"}), storedAll("a.txt", committed))
	for _, f := range []scanner.Finding{committed[5], half[5], half[39_999]} {
		got, err := ix.Lookup("", f.Hash)
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		if f.Value == committed[5].Value {
			want = 1
		}
		if len(got) != want {
			t.Fatalf("lookup %s: %d findings, want %d", f.Masked, len(got), want)
		}
	}
	if got := allFindings(t, ix, FindingQuery{Path: "new.txt"}); len(got) != 0 {
		t.Fatalf("uncommitted new file visible: %d findings", len(got))
	}
	if _, ok, _ := ix.File("new.txt"); ok {
		t.Fatal("uncommitted new file has a state")
	}

	// The daemon rescans what was in flight.
	rescan := synth("c", 3, 500)
	commitFile(t, ix, "a.txt", rescan, FileState{Size: 3})
	commitFile(t, ix, "new.txt", synth("n", 1, 100), FileState{Size: 1})
	if paths, _ := ix.InFlight(); len(paths) != 0 {
		t.Fatalf("in flight after rescan: %v", paths)
	}
	sameFindings(t, "rescanned", allFindings(t, ix, FindingQuery{Path: "a.txt"}), storedAll("a.txt", rescan))
	counts := checkClean(t, ix)
	if counts[pFile] != 610 || counts[pHash] != 610 {
		t.Fatalf("key counts %v", counts)
	}
	if counts[pState] != 3 || counts[pPathID] != 3 || counts[pIDPath] != 3 {
		t.Fatalf("key counts %v", counts)
	}
}

// Garbage left at Open is cleaned in the background without being asked.
func TestBackgroundCleanup(t *testing.T) {
	dir := t.TempDir()
	ix := openTest(t, dir, manual)
	commitFile(t, ix, "a", synth("a", 1, 1000), FileState{})
	commitFile(t, ix, "a", synth("a", 2, 10), FileState{})
	w, _ := ix.BeginFile("b")
	_ = w.Add(synth("b", 1, 1000))
	ix.Close()

	ix = openTest(t, dir)
	defer ix.Close()
	deadline := time.Now().Add(10 * time.Second)
	for keyCounts(t, ix)[pGarbage] != 0 || keyCounts(t, ix)[pFile] != 10 {
		if time.Now().After(deadline) {
			t.Fatalf("garbage not cleaned: %v", keyCounts(t, ix))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestSearch(t *testing.T) {
	ix := openTest(t, t.TempDir(), manual)
	defer ix.Close()
	alice, bob := "alice@example.org", "bob@example.org"
	csv := []scanner.Finding{
		finding("email", alice, 30, 2, &scanner.Record{Row: 1, Field: "email"}),
		finding("phone", "+442079460958", 50, 2, &scanner.Record{Row: 1, Field: "phone"}),
		finding("person_name", "Alice Liddell", 10, 2, &scanner.Record{Row: 1, Field: "name"}),
		finding("email", bob, 90, 3, &scanner.Record{Row: 2, Field: "email"}),
		finding("phone", "+442079460959", 110, 3, &scanner.Record{Row: 2, Field: "phone"}),
	}
	sql := []scanner.Finding{
		finding("email", alice, 100, 7, &scanner.Record{Row: 1, Field: "mail", Table: "users"}),
		finding("ipv4", "10.1.2.3", 120, 7, &scanner.Record{Row: 1, Field: "ip", Table: "users"}),
		finding("email", bob, 300, 9, &scanner.Record{Row: 1, Field: "mail", Table: "orders"}),
	}
	text := []scanner.Finding{
		finding("email", alice, 400, 5, nil),
		finding("ipv4", "192.0.2.1", 430, 5, nil),
		finding("ipv4", "192.0.2.2", 500, 6, nil),
	}
	// A JSON export where a key holds an address too: that match is in no
	// field value, so it has no Record, only its line, inside row 1.
	json := []scanner.Finding{
		finding("email", alice, 20, 2, &scanner.Record{Row: 1, Pointer: "/0/email"}),
		finding("email", "carol@example.org", 40, 2, nil),
		finding("phone", "+442079460958", 70, 2, &scanner.Record{Row: 1, Pointer: "/0/tel"}),
		finding("email", bob, 120, 3, &scanner.Record{Row: 2, Pointer: "/1/email"}),
	}
	commitFile(t, ix, "users.csv", csv, FileState{})
	commitFile(t, ix, "dump.sql", sql, FileState{})
	commitFile(t, ix, "app.log", text, FileState{})
	commitFile(t, ix, "users.json", json, FileState{})

	res, err := ix.Search([]Identifier{{Hash: hmacHash("carol@example.org")}})
	if err != nil || len(res.Records) != 1 {
		t.Fatalf("stray finding: %+v %v", res, err)
	}
	if r := res.Records[0]; r.Record != nil || r.Line != 2 || len(r.Findings) != 1 {
		t.Fatalf("stray finding's record is its line, alone in it: %+v", r)
	}
	res, err = ix.Search([]Identifier{{Type: "phone", Hash: hmacHash("+442079460958")}})
	if err != nil || len(res.Records) != 2 {
		t.Fatalf("phone: %+v %v", res, err)
	}
	sameFindings(t, "json row over a stray finding", res.Records[1].Findings,
		storedAll("users.json", []scanner.Finding{json[0], json[2]}))

	res, err = ix.Search([]Identifier{{Type: "email", Hash: hmacHash(alice)}})
	if err != nil {
		t.Fatal(err)
	}
	sameFindings(t, "occurrences", res.Findings, []scanner.Finding{
		stored("users.csv", csv[0]), stored("dump.sql", sql[0]), stored("app.log", text[0]), stored("users.json", json[0]),
	})
	if len(res.Records) != 4 {
		t.Fatalf("records: %+v", res.Records)
	}
	r := res.Records[0]
	if r.Path != "users.csv" || *r.Record != (scanner.Record{Row: 1}) {
		t.Fatalf("record 0: %+v", r)
	}
	// By offset: name, email, phone.
	sameFindings(t, "csv row", r.Findings, storedAll("users.csv", []scanner.Finding{csv[2], csv[0], csv[1]}))
	r = res.Records[1]
	if r.Path != "dump.sql" || *r.Record != (scanner.Record{Row: 1, Table: "users"}) {
		t.Fatalf("record 1: %+v", r)
	}
	sameFindings(t, "sql row (not orders row 1)", r.Findings, storedAll("dump.sql", sql[:2]))
	r = res.Records[2]
	if r.Path != "app.log" || r.Record != nil || r.Line != 5 {
		t.Fatalf("record 2: %+v", r)
	}
	sameFindings(t, "text line", r.Findings, storedAll("app.log", text[:2]))

	// Two identifiers in one record: the record once, each finding once.
	res, err = ix.Search([]Identifier{
		{Type: "email", Hash: hmacHash(alice)},
		{Type: "phone", Hash: hmacHash("+442079460958")},
		{Hash: hmacHash(alice)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 6 || len(res.Records) != 4 {
		t.Fatalf("dedup: %d findings, %d records", len(res.Findings), len(res.Records))
	}
	// Wrong type, unknown hash: nothing, not an error.
	res, err = ix.Search([]Identifier{{Type: "phone", Hash: hmacHash(alice)}, {Hash: hmacHash("nobody")}})
	if err != nil || len(res.Findings) != 0 || len(res.Records) != 0 {
		t.Fatalf("no match: %+v %v", res, err)
	}
	if _, err := ix.Search([]Identifier{{Type: "email"}}); !errors.Is(err, ErrInvalidHash) {
		t.Fatalf("no hash: %v", err)
	}
}

func TestFindingsPaging(t *testing.T) {
	ix := openTest(t, t.TempDir(), manual)
	defer ix.Close()
	files := map[string][]scanner.Finding{
		"a": synth("a", 1, 253),
		"b": synth("b", 1, 1),
		"c": nil,
		"d": synth("d", 1, 40),
	}
	var want []scanner.Finding
	for _, p := range []string{"a", "b", "c", "d"} {
		commitFile(t, ix, p, files[p], FileState{})
		want = append(want, storedAll(p, files[p])...)
	}
	for _, limit := range []int{1, 7, 100, 294, 295, 10_000} {
		got := allFindings(t, ix, FindingQuery{Limit: limit})
		sameFindings(t, fmt.Sprintf("limit %d", limit), got, want)
	}
	// Pages hold limit findings but the last.
	page, next, err := ix.Findings(FindingQuery{Limit: 294})
	if err != nil || len(page) != 294 || next != "" {
		t.Fatalf("exact page: %d %q %v", len(page), next, err)
	}
	// Path and type filters.
	sameFindings(t, "path d", allFindings(t, ix, FindingQuery{Path: "d", Limit: 6}), storedAll("d", files["d"]))
	var emails []scanner.Finding
	for _, f := range want {
		if f.Type == "email" {
			emails = append(emails, f)
		}
	}
	sameFindings(t, "type", allFindings(t, ix, FindingQuery{Type: "email", Limit: 9}), emails)
	if got := allFindings(t, ix, FindingQuery{Path: "nope"}); len(got) != 0 {
		t.Fatalf("unknown path: %v", got)
	}
	// Cursors are checked.
	_, next, _ = ix.Findings(FindingQuery{Path: "a", Limit: 5})
	if _, _, err := ix.Findings(FindingQuery{Path: "d", Cursor: next}); !errors.Is(err, ErrInvalidCursor) {
		t.Fatalf("cursor of another path: %v", err)
	}
	if _, _, err := ix.Findings(FindingQuery{Cursor: "garbage!"}); !errors.Is(err, ErrInvalidCursor) {
		t.Fatalf("bad cursor: %v", err)
	}
	// A file removed between pages: the walk goes on with the next file.
	page, next, _ = ix.Findings(FindingQuery{Limit: 10})
	if err := ix.RemoveFile("a"); err != nil {
		t.Fatal(err)
	}
	rest := allFindings(t, ix, FindingQuery{Limit: 10, Cursor: next})
	sameFindings(t, "after removal", append(page, rest...), append(storedAll("a", files["a"][:10]), want[253:]...))
}

func TestRemoveFile(t *testing.T) {
	ix := openTest(t, t.TempDir(), manual)
	defer ix.Close()
	a := synth("a", 1, 20)
	commitFile(t, ix, "a", a, FileState{})
	commitFile(t, ix, "b", synth("b", 1, 5), FileState{})
	if err := ix.RemoveFile("a"); err != nil {
		t.Fatal(err)
	}
	if err := ix.RemoveFile("never-seen"); err != nil {
		t.Fatal(err)
	}
	if got, _ := ix.Lookup("", a[3].Hash); len(got) != 0 {
		t.Fatalf("removed file found: %v", got)
	}
	if _, ok, _ := ix.File("a"); ok {
		t.Fatal("removed file has a state")
	}
	st, _ := ix.Stats()
	if st.Files != 1 || st.Findings != 5 {
		t.Fatalf("stats %+v", st)
	}
	counts := checkClean(t, ix)
	if counts[pFile] != 5 || counts[pPathID] != 1 || counts[pIDPath] != 1 {
		t.Fatalf("key counts %v", counts)
	}
	// Removing a path in flight (left by a crash) takes it off InFlight.
	// (Enough findings that the Writer streams: a small file's wait in
	// memory and are never in flight.)
	w, _ := ix.BeginFile("c")
	_ = w.Add(synth("c", 1, 40_000))
	if err := ix.RemoveFile("c"); !errors.Is(err, ErrBusy) {
		t.Fatalf("remove while writing: %v", err)
	}
	ix.release(w) // as a failed Commit does
	if p, _ := ix.InFlight(); len(p) != 1 {
		t.Fatalf("in flight %v", p)
	}
	if err := ix.RemoveFile("c"); err != nil {
		t.Fatal(err)
	}
	if p, _ := ix.InFlight(); len(p) != 0 {
		t.Fatalf("in flight %v", p)
	}
	checkClean(t, ix)
}

func TestFileStates(t *testing.T) {
	ix := openTest(t, t.TempDir(), manual)
	defer ix.Close()
	at := time.Unix(1700000000, 123)
	for i := range 600 {
		commitFile(t, ix, fmt.Sprintf("f%03d", i), nil, FileState{
			Size: int64(i), ModTime: 99, Inode: uint64(i + 7), ContentHash: 0xdeadbeef, ScannedAt: at, Bytes: 5,
		})
	}
	commitFile(t, ix, "broken", nil, FileState{Size: 1, ModTime: 1, Error: "permission denied"})
	s, ok, err := ix.File("f042")
	want := FileState{Path: "f042", Size: 42, ModTime: 99, Inode: 49, ContentHash: 0xdeadbeef, ScannedAt: at, Bytes: 5}
	if err != nil || !ok || s != want {
		t.Fatalf("File: %+v %v %v", s, ok, err)
	}
	if !ix.Unchanged("f042", 42, 99, 49) || ix.Unchanged("f042", 42, 98, 49) ||
		ix.Unchanged("f042", 43, 99, 49) || ix.Unchanged("f042", 42, 99, 1) ||
		ix.Unchanged("nope", 0, 0, 0) || ix.Unchanged("broken", 1, 1, 0) {
		t.Fatal("Unchanged wrong")
	}
	n := 0
	if err := ix.Files(func(s FileState) bool { n++; return true }); err != nil || n != 601 {
		t.Fatalf("Files: %d %v", n, err)
	}
	n = 0
	_ = ix.Files(func(s FileState) bool {
		n++
		_ = ix.RemoveFile(s.Path) // fn may call the Index
		return n < 550
	})
	if st, _ := ix.Stats(); n != 550 || st.Files != 51 {
		t.Fatalf("Files stopped at %d, %d left", n, st.Files)
	}
}

func TestErrors(t *testing.T) {
	ix := openTest(t, t.TempDir(), manual)
	w, err := ix.BeginFile("a")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.BeginFile("a"); !errors.Is(err, ErrBusy) {
		t.Fatalf("second writer: %v", err)
	}
	bad := synth("a", 1, 3)
	bad[2].Hash = patterns.Hash{}
	if err := w.Add(bad); !errors.Is(err, ErrInvalidHash) {
		t.Fatalf("no hash: %v", err)
	}
	if _, err := ix.Lookup("", patterns.Hash{}); !errors.Is(err, ErrInvalidHash) {
		t.Fatalf("no lookup hash: %v", err)
	}
	if err := w.Commit(FileState{}); err != nil {
		t.Fatal(err)
	}
	if err := w.Add(bad[:1]); !errors.Is(err, ErrWriterDone) {
		t.Fatalf("Add after Commit: %v", err)
	}
	if err := w.Commit(FileState{}); !errors.Is(err, ErrWriterDone) {
		t.Fatalf("Commit twice: %v", err)
	}
	if err := w.Abort(); err != nil {
		t.Fatalf("Abort after Commit: %v", err)
	}
	if f, _, _ := ix.File("a"); f.Findings != 0 {
		t.Fatalf("rejected Add wrote findings: %+v", f)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Lookup("", hmacHash("x")); !errors.Is(err, ErrClosed) {
		t.Fatalf("after close: %v", err)
	}
	if _, err := ix.BeginFile("b"); !errors.Is(err, ErrClosed) {
		t.Fatalf("after close: %v", err)
	}
}

// No raw PII on disk: findings carry their raw Value, in committed,
// aborted and unfinished generations; none of it may reach a file.
func TestNoRawPIIOnDisk(t *testing.T) {
	dir := t.TempDir()
	ix := openTest(t, dir)
	raws := []string{
		"Zebulon.Quixote@Example.ORG", "+44 20 7946 0958", "GB82WEST12345698765432",
		"4111 1111 1111 1111", "AB123456C", "Wolfgang Amadeus Quarkenbusch", "1985-07-14",
		"203.0.113.77", "221B Baker Street",
	}
	var all []scanner.Finding
	for i, raw := range raws {
		for j := range 200 { // enough repetitions for compression to matter
			all = append(all, finding("email", raw, int64(i*10000+j*50), int64(j+1),
				&scanner.Record{Row: j + 1, Field: "contact", Pointer: fmt.Sprintf("/users/%d/contact", j)}))
		}
	}
	commitFile(t, ix, "exports/users.json", all, FileState{Size: 1})
	commitFile(t, ix, "exports/users.json", all[:500], FileState{Size: 2})
	w, _ := ix.BeginFile("logs/app.log")
	_ = w.Add(all)
	_ = w.Abort()
	w, _ = ix.BeginFile("logs/other.log")
	_ = w.Add(all)
	if err := ix.Close(); err != nil { // leaves other.log in flight
		t.Fatal(err)
	}

	var seen int
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		seen += len(b)
		lower := strings.ToLower(string(b))
		for _, raw := range raws {
			for _, form := range []string{raw, strings.ToLower(raw), strings.ReplaceAll(strings.ToLower(raw), " ", "")} {
				if strings.Contains(string(b), form) || strings.Contains(lower, form) {
					t.Errorf("%s holds raw value %q", filepath.Base(p), form)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen == 0 {
		t.Fatal("nothing on disk")
	}
	// The masked previews, hashes and locators are there (the test would
	// pass vacuously if nothing was written in the clear).
	ix = openTest(t, dir)
	defer ix.Close()
	got, err := ix.Lookup("", hmacHash(raws[0]))
	if err != nil || len(got) != 200 || got[0].Masked != mask(raws[0]) || got[0].Value != "" {
		t.Fatalf("lookup after reopen: %d %v", len(got), err)
	}
	// Blocks are compressed on disk: their bodies, read back, hold no raw
	// value either, and do hold the masked previews.
	bodies := 0
	err = ix.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pFile}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			err := it.Item().Value(func(v []byte) error {
				var z []byte
				body, err := openBlock(&z, v)
				if err != nil {
					return err
				}
				bodies++
				lower := strings.ToLower(string(body))
				for _, raw := range raws {
					if strings.Contains(lower, strings.ToLower(raw)) || strings.Contains(lower, strings.ReplaceAll(strings.ToLower(raw), " ", "")) {
						t.Errorf("a block holds raw value %q", raw)
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || bodies == 0 {
		t.Fatalf("blocks read back: %d, %v", bodies, err)
	}
}

func TestCodecRoundTrip(t *testing.T) {
	for _, f := range []scanner.Finding{
		finding("email", "a@b.c", 0, 1, nil),
		finding("iban", "GB82WEST12345698765432", 1<<40, 1<<30, &scanner.Record{Row: 1 << 33, Field: "iban", Pointer: "/a/0/iban", Table: "accts"}),
		{Type: "x", Hash: hmacHash("y"), Start: -1, End: -1, Line: 0, Confidence: 0.1234567},
		{Type: "phone", Hash: hmacHash("+33612961561"), Masked: "** ** ** ** 61", RegionSource: "config", Ambiguous: true,
			AltHashes: []patterns.Hash{hmacHash("+31612961561"), hmacHash("+34612961561")}, Ignored: true, Record: &scanner.Record{Row: 2, Field: "mobile"}},
		{Type: "phone", Hash: hmacHash("+31612961561"), Masked: "** ** 61", RegionSource: "field"},
	} {
		v := appendFinding(nil, &f)
		var g scanner.Finding
		if err := decodeFinding(v, &g); err != nil {
			t.Fatal(err)
		}
		if !g.Hash.IsZero() {
			t.Fatalf("hash out of a by-hash value: %v", g.Hash)
		}
		if err := decodeFinding(append(v, f.Hash[:]...), &g); err != nil {
			t.Fatal(err)
		}
		if !equalFinding(g, stored("", f)) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", g, f)
		}
		for i := range v { // truncated values fail, never panic
			if err := decodeFinding(v[:i], &g); err == nil && i < len(v)-len(f.Masked) {
				t.Fatalf("value truncated to %d of %d bytes decoded", i, len(v))
			}
		}
	}
	if _, err := Open(Options{}); err == nil {
		t.Fatal("Open without a directory")
	}
}

func TestOptionsDefaults(t *testing.T) {
	o := Options{Dir: "x"}.fill()
	if o.MemTableSize <= 0 || o.TableSize <= 0 || o.NumMemtables <= 0 || o.BlockCacheSize <= 0 ||
		o.NumCompactors < 2 || o.ValueLogFileSize <= 0 || o.PendingTxns <= 0 || o.Logger == nil {
		t.Fatalf("zero Options do not fill: %+v", o)
	}
	if o != DefaultOptions("x").WithLogger(o.Logger) {
		t.Fatalf("zero Options fill to %+v, not the defaults", o)
	}
	bo := o.badger()
	if bo.BaseTableSize != o.TableSize || bo.TableSizeMultiplier != 1 || bo.MemTableSize != o.MemTableSize {
		t.Fatalf("badger options %+v", bo)
	}
}

func TestContentHash(t *testing.T) {
	h1, n, err := ContentHash(strings.NewReader("hello"))
	if err != nil || n != 5 {
		t.Fatal(n, err)
	}
	h2, _, _ := ContentHash(strings.NewReader("hellp"))
	if h1 == h2 || h1 != 0x26c7827d889f6da3 {
		t.Fatalf("%#x %#x", h1, h2)
	}
}

// Findings are stored in blocks of up to blockMax: a record that straddles
// two blocks is found whole from any of its findings, whichever order the
// findings were added in, and paging crosses blocks in offset order.
func TestRecordsAcrossBlocks(t *testing.T) {
	ix := openTest(t, t.TempDir(), manual)
	defer ix.Close()
	const n, per = 7*blockMax + 3, 7
	fs := make([]scanner.Finding, n)
	for i := range fs {
		row := i/per + 1
		fs[i] = finding("email", fmt.Sprintf("r%d-%d@example.org", row, i), int64(i)*10, int64(row+1), &scanner.Record{Row: row, Field: "email"})
	}
	// Added back to front, in two calls.
	rev := slices.Clone(fs)
	slices.Reverse(rev)
	w, err := ix.BeginFile("big.csv")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Add(rev[:n/2]); err != nil {
		t.Fatal(err)
	}
	if err := w.Add(rev[n/2:]); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(FileState{}); err != nil {
		t.Fatal(err)
	}
	counts := checkClean(t, ix)
	if counts[pFile] != n || counts[pHash] != n {
		t.Fatalf("counts %v, want %d findings", counts, n)
	}
	for _, i := range []int{0, blockMax - 1, blockMax, blockMax + 1, 2*blockMax - 2, n / 2, n/2 + 1, n - 1} {
		res, err := ix.Search([]Identifier{{Hash: fs[i].Hash}})
		if err != nil || len(res.Findings) != 1 || len(res.Records) != 1 {
			t.Fatalf("finding %d: %+v %v", i, res, err)
		}
		row := i / per
		want := storedAll("big.csv", fs[row*per:min(row*per+per, n)])
		sameFindings(t, fmt.Sprintf("record of finding %d", i), res.Records[0].Findings, want)
	}
	// The second Add holds the file's first half: its blocks come first.
	for _, limit := range []int{1, blockMax - 1, blockMax, 1000} {
		got := allFindings(t, ix, FindingQuery{Limit: limit})
		sameFindings(t, fmt.Sprintf("pages of %d", limit), got, storedAll("big.csv", fs))
	}
}

// TestSearchSharedValue searches a value that sits in every record of two
// files (a support address in every mail), across many blocks: each
// occurrence once, each record whole, in file then offset order.
func TestSearchSharedValue(t *testing.T) {
	ix := openTest(t, t.TempDir(), manual)
	defer ix.Close()
	const rows, per = 3*blockMax + 5, 3
	files := []string{"a.mbox", "b.mbox"}
	for _, path := range files {
		var fs []scanner.Finding
		for r := range rows {
			for j := range per {
				raw := fmt.Sprintf("%s-%d-%d@example.org", path, r, j)
				if j == 1 {
					raw = "support@example.org"
				}
				fs = append(fs, finding("email", raw, int64(r*per+j)*30, int64(r+1), nil))
			}
		}
		commitFile(t, ix, path, fs, FileState{})
	}
	res, err := ix.Search([]Identifier{{Type: "email", Hash: hmacHash("support@example.org")}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 2*rows || len(res.Records) != 2*rows {
		t.Fatalf("%d findings, %d records, want %d each", len(res.Findings), len(res.Records), 2*rows)
	}
	for i, rr := range res.Records {
		path, line := files[i/rows], int64(i%rows+1)
		f := res.Findings[i]
		if f.Path != path || f.Line != line || rr.Path != path || rr.Line != line || len(rr.Findings) != per {
			t.Fatalf("record %d: finding %s:%d, record %s:%d with %d findings; want %s:%d with %d", i, f.Path, f.Line, rr.Path, rr.Line, len(rr.Findings), path, line, per)
		}
		for _, g := range rr.Findings {
			if g.Line != line {
				t.Fatalf("record %d holds a finding of line %d", i, g.Line)
			}
		}
	}
}

// A file replaced between two pages goes on in its new findings after the
// last offset of the previous page, wherever the new blocks begin.
func TestFindingsPagingAcrossReplacement(t *testing.T) {
	ix := openTest(t, t.TempDir(), manual)
	defer ix.Close()
	old := synth("a", 1, 300)
	commitFile(t, ix, "a", old, FileState{})
	page, next, err := ix.Findings(FindingQuery{Limit: 10})
	if err != nil || len(page) != 10 || next == "" {
		t.Fatalf("first page: %d %q %v", len(page), next, err)
	}
	// The new version's findings sit 5 bytes further on: its blocks are
	// keyed elsewhere.
	fresh := synth("a", 2, 300)
	for i := range fresh {
		fresh[i].Start += 5
		fresh[i].End += 5
	}
	commitFile(t, ix, "a", fresh, FileState{})
	rest := allFindings(t, ix, FindingQuery{Limit: 7, Cursor: next})
	var want []scanner.Finding
	for _, f := range storedAll("a", fresh) {
		if f.Start > page[len(page)-1].Start {
			want = append(want, f)
		}
	}
	sameFindings(t, "after the replacement", rest, want)
}

// TestHashPrefixCollision: postings hold the first 8 bytes of a hash, so
// two values whose hashes share them share postings' keys; a lookup of
// one must not return the other, from memory or from stored postings.
func TestHashPrefixCollision(t *testing.T) {
	ix := openTest(t, t.TempDir(), manual)
	defer ix.Close()
	const prefix = 8
	var h1, h2 patterns.Hash
	for i := range h1 {
		h1[i], h2[i] = 0xab, 0xab
		if i >= prefix {
			h1[i], h2[i] = 0x01, 0x02
		}
	}
	f1 := finding("email", "one@example.org", 0, 1, nil)
	f2 := finding("email", "two@example.org", 40, 2, nil)
	f1.Hash, f2.Hash = h1, h2
	commitFile(t, ix, "a.txt", []scanner.Finding{f1, f2}, FileState{})
	for _, stage := range []string{"in memory", "written"} {
		if stage == "written" {
			if err := ix.flushNow(); err != nil {
				t.Fatal(err)
			}
			if n := keyCounts(t, ix)[pHash]; n != 2 {
				t.Fatalf("%d postings written, want 2", n)
			}
		}
		for _, c := range []struct {
			hash   patterns.Hash
			masked string
		}{{h1, f1.Masked}, {h2, f2.Masked}} {
			got, err := ix.Lookup("", c.hash)
			if err != nil || len(got) != 1 || got[0].Masked != c.masked || got[0].Hash != c.hash {
				t.Fatalf("%s: lookup %s…: %+v %v", stage, c.hash.String()[prefix*2:prefix*2+4], got, err)
			}
			res, err := ix.Search([]Identifier{{Type: "email", Hash: c.hash}})
			if err != nil || len(res.Findings) != 1 || res.Findings[0].Masked != c.masked {
				t.Fatalf("%s: search: %+v %v", stage, res, err)
			}
		}
	}
}
