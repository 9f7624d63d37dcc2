package index

import (
	"slices"
	"testing"

	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
)

// ambiguousRows is a customer file: row 1 a French customer (her mobile
// written with its country code), row 2 a Dutch one whose national-format
// mobile reads as French or Dutch (no evidence): Hash the French reading,
// AltHashes the Dutch one.
func ambiguousRows() (fr, nl scanner.Finding, all []scanner.Finding) {
	fr = finding("phone", "+33612961561", 30, 2, &scanner.Record{Row: 1, Field: "mobile"})
	frMail := finding("email", "claire@example.fr", 50, 2, &scanner.Record{Row: 1, Field: "email"})
	nl = finding("phone", "+33612961561", 90, 3, &scanner.Record{Row: 2, Field: "mobile"})
	nl.Masked = "** ****** *61"
	nl.Ambiguous, nl.AltHashes, nl.RegionSource = true, []patterns.Hash{hmacHash("+31612961561")}, "config"
	nlMail := finding("email", "jan@example.nl", 110, 3, &scanner.Record{Row: 2, Field: "email"})
	return fr, nl, []scanner.Finding{fr, frMail, nl, nlMail}
}

// An ambiguous finding is found by each of its readings, once, as stored
// (marked, its own Hash and AltHashes); a record reached only through it
// is marked ambiguous. In memory, written, after a cleanup and a full
// compaction, and after a crash that left its postings in memory; and
// Verify calls the index sound.
func TestAmbiguousFindingFoundByEachReading(t *testing.T) {
	dir := t.TempDir()
	ix := openTest(t, dir, manual)
	fr, nl, rows := ambiguousRows()
	frHash, nlHash := fr.Hash, nl.AltHashes[0]
	commitFile(t, ix, "customers.csv", rows, FileState{Size: 1})
	// Garbage: another file, replaced.
	commitFile(t, ix, "other.csv", synth("o", 1, 50), FileState{Size: 1})
	commitFile(t, ix, "other.csv", synth("o", 2, 50), FileState{Size: 2})

	check := func(stage string) {
		t.Helper()
		byNL, err := ix.Lookup("phone", nlHash)
		if err != nil || len(byNL) != 1 {
			t.Fatalf("%s: lookup of the Dutch reading: %d findings %v", stage, len(byNL), err)
		}
		sameFindings(t, stage+": the Dutch reading", byNL, []scanner.Finding{stored("customers.csv", nl)})
		byFR, err := ix.Lookup("", frHash)
		if err != nil {
			t.Fatal(err)
		}
		sameFindings(t, stage+": the French reading", byFR, storedAll("customers.csv", []scanner.Finding{fr, nl}))

		// Her search: her row is hers, the Dutch row only ambiguous.
		res, err := ix.Search([]Identifier{{Type: "phone", Hash: frHash}})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Findings) != 2 || res.Findings[0].Ambiguous || !res.Findings[1].Ambiguous {
			t.Fatalf("%s: search findings %+v", stage, res.Findings)
		}
		if len(res.Records) != 2 || res.Records[0].Ambiguous || !res.Records[1].Ambiguous || res.Records[1].Record.Row != 2 || len(res.Records[1].Findings) != 2 {
			t.Fatalf("%s: search records %+v", stage, res.Records)
		}
		// Both readings searched: the finding once.
		res, err = ix.Search([]Identifier{{Type: "phone", Hash: nlHash}, {Type: "phone", Hash: frHash}})
		if err != nil || len(res.Findings) != 2 || len(res.Records) != 2 {
			t.Fatalf("%s: both readings: %+v %v", stage, res, err)
		}
		// The Dutch customer's own email reaches row 2 surely.
		res, err = ix.Search([]Identifier{{Type: "phone", Hash: nlHash}, {Type: "email", Hash: hmacHash("jan@example.nl")}})
		if err != nil || len(res.Findings) != 2 || len(res.Records) != 1 || res.Records[0].Ambiguous {
			t.Fatalf("%s: with a sure identifier: %+v %v", stage, res, err)
		}
	}
	check("in memory")
	crashClose(t, ix)

	ix = openTest(t, dir, manual)
	check("gathered again after a crash")
	if err := ix.flushNow(); err != nil {
		t.Fatal(err)
	}
	check("written")
	counts := checkClean(t, ix) // cleanup, flush, full compaction
	if counts[pHash] != len(rows)+1+50 {
		t.Fatalf("%d postings, want %d (one per finding, one more for the Dutch reading)", counts[pHash], len(rows)+1+50)
	}
	check("after cleanup and compaction")
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	rep, err := Verify(DefaultOptions(dir))
	if err != nil || !rep.Sound() || rep.Findings != len(rows)+50 || rep.Postings != len(rows)+1+50 {
		t.Fatalf("verify: %+v %v", rep, err)
	}
}

// Verify misses an alternative reading's posting: searches by it would
// not find the finding.
func TestVerifyNamesAMissingAlternativePosting(t *testing.T) {
	dir := t.TempDir()
	ix := openTest(t, dir, manual)
	_, nl, _ := ambiguousRows()
	commitFile(t, ix, "customers.csv", []scanner.Finding{nl}, FileState{Size: 1})
	// Drop the Dutch reading's posting before it is written, as a lost
	// write would.
	alt := hashPrefix(&nl.AltHashes[0])
	pm := &ix.pmem
	pm.mu.Lock()
	b := bucketOf(alt)
	before := len(pm.active.buckets[b])
	pm.active.buckets[b] = slices.DeleteFunc(pm.active.buckets[b], func(p posting) bool { return p.h == alt })
	pm.active.n -= before - len(pm.active.buckets[b])
	pm.mu.Unlock()
	if got, err := ix.Lookup("phone", nl.AltHashes[0]); err != nil || len(got) != 0 {
		t.Fatalf("the posting was not dropped: %+v %v", got, err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	rep, err := Verify(DefaultOptions(dir))
	if err != nil || rep.Sound() {
		t.Fatalf("verify called an index missing a posting sound: %+v %v", rep, err)
	}
}
