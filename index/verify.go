package index

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"

	badger "github.com/dgraph-io/badger/v4"
)

// VerifyReport is what Verify found: what it read, and each damage.
type VerifyReport struct {
	Tables   int `json:"tables"`   // table files, each checked against its checksums
	Files    int `json:"files"`    // file states
	Blocks   int `json:"blocks"`   // blocks of findings of current generations
	Findings int `json:"findings"` // findings in them
	Values   int `json:"values"`   // bucket values of postings
	Postings int `json:"postings"` // postings of current generations, each checked against its block
	// Problems lists the damage found (the first maxProblems); More
	// counts the rest.
	Problems []string `json:"problems"`
	More     int      `json:"more,omitempty"`
}

// Sound says whether Verify found no damage.
func (r *VerifyReport) Sound() bool { return len(r.Problems) == 0 }

const maxProblems = 50

func (r *VerifyReport) problem(format string, a ...any) {
	if len(r.Problems) < maxProblems {
		r.Problems = append(r.Problems, fmt.Sprintf(format, a...))
	} else {
		r.More++
	}
}

// blockCheck is what Verify keeps of a block of a current generation:
// the hash prefixes each finding is posted under (its hash's, its
// alternative hashes'), and which a posting pointed to.
type blockCheck struct {
	prefixes []uint64 // every finding's, one after another
	from     []int    // finding i's are prefixes[from[i]:from[i+1]]
	posted   []bool   // by prefix: a posting pointed to it
}

func (bc *blockCheck) findings() int { return len(bc.from) - 1 }

// post marks the posting of finding idx under prefix h; false when the
// finding has no such prefix.
func (bc *blockCheck) post(idx int, h uint64) bool {
	if idx >= bc.findings() {
		return false
	}
	for j := bc.from[idx]; j < bc.from[idx+1]; j++ {
		if bc.prefixes[j] == h {
			bc.posted[j] = true
			return true
		}
	}
	return false
}

// Verify checks the index in opts.Dir without changing it (Badger opens it
// read-only; it fails with ErrLocked while a daemon holds it): every
// table against its checksums, every file state, every block of findings
// (each finding decodes, with its hash), every bucket value of postings
// (whole, sorted, in its bucket), that each posting of a current
// generation points to a finding of a block that exists and has that
// hash, and that each such finding has a posting and each file state
// counts its findings. Damage is reported in the VerifyReport; an error
// says the check could not run.
func Verify(opts Options) (rep VerifyReport, err error) {
	opts = opts.fill()
	if _, err := os.Stat(opts.Dir); err != nil {
		return rep, fmt.Errorf("index: verify: %w", err)
	}
	if err := checkLock(opts.Dir, false); err != nil {
		return rep, fmt.Errorf("index: verify %s: %w", opts.Dir, err)
	}
	ssts, _ := filepath.Glob(filepath.Join(opts.Dir, "*.sst"))
	rep.Tables = len(ssts)
	if err := checkTables(opts.Dir); err != nil {
		rep.problem("%v", err)
		return rep, nil
	}
	db, err := openBadger(opts.badger().WithReadOnly(true))
	if err != nil {
		rep.problem("%v", err)
		return rep, nil
	}
	defer db.Close()
	if err := db.VerifyChecksum(); err != nil {
		rep.problem("a table fails its checksum: %v", err)
	}
	if err := guard(func() error { return verifyEntries(db, &rep) }); err != nil {
		rep.problem("%v", err)
	}
	return rep, nil
}

func verifyEntries(db *badger.DB, rep *VerifyReport) error {
	txn := db.NewTransactionAt(math.MaxUint64, false)
	defer txn.Discard()
	iterate := func(prefix byte, fn func(item *badger.Item)) {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{prefix}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			fn(it.Item())
		}
	}
	value := func(item *badger.Item) ([]byte, error) {
		v, err := item.ValueCopy(nil)
		return v, valueErr(item.Key(), err)
	}

	if version, err := getU64(txn, metaVersion); err != nil {
		rep.problem("the layout version: %v", err)
	} else if version != layoutVersion && version != 0 {
		rep.problem("layout %d, this piid reads %d", version, layoutVersion)
	}

	gens := map[uint64]uint64{}      // path id → current generation
	counts := map[uint64]int{}       // path id → findings its state counts
	paths := map[uint64]string{}     // path id → path, for the report
	unposted := map[[2]uint64]bool{} // generations whose postings were in memory at a crash
	iterate(pState, func(item *badger.Item) {
		k := item.Key()
		if len(k) != 9 {
			rep.problem("a file state key of %d bytes", len(k))
			return
		}
		id := be.Uint64(k[1:])
		v, err := value(item)
		if err == nil {
			var s FileState
			var gen uint64
			if gen, s, err = decodeState(v); err == nil {
				gens[id], counts[id], paths[id] = gen, s.Findings, s.Path
				rep.Files++
				return
			}
		}
		rep.problem("%s: %v", keyName(k), err)
	})
	iterate(pUnposted, func(item *badger.Item) {
		if k := item.Key(); len(k) == 17 {
			unposted[[2]uint64{be.Uint64(k[1:]), be.Uint64(k[9:])}] = true
		}
	})
	name := func(id uint64) string {
		if p, ok := paths[id]; ok {
			return fmt.Sprintf("%s (path id %d)", p, id)
		}
		return fmt.Sprintf("path id %d", id)
	}

	blocks := map[findingRef]*blockCheck{}
	held := map[uint64]int{} // path id → findings in the blocks of its current generation
	var vbuf, zbuf []byte
	var entries [][]byte
	iterate(pFile, func(item *badger.Item) {
		ref, ok := parseFileKey(item.Key())
		if !ok {
			rep.problem("a block key of %d bytes", len(item.Key()))
			return
		}
		v, err := value(item)
		var body []byte
		if err == nil {
			vbuf = v
			body, err = openBlock(&zbuf, vbuf)
		}
		if err == nil {
			entries, err = blockEntries(entries[:0], body)
		}
		bc := blockCheck{from: []int{0}}
		for i := 0; err == nil && i < len(entries); i++ {
			if bc.prefixes, err = entryPrefixes(bc.prefixes, entries[i]); err == nil {
				bc.from = append(bc.from, len(bc.prefixes))
			}
		}
		bc.posted = make([]bool, len(bc.prefixes))
		if err != nil {
			rep.problem("%s, of %s: %v", keyName(item.Key()), name(ref.id), err)
			return
		}
		if gens[ref.id] != ref.gen {
			return // garbage, deleted by the cleaner; readers skip it
		}
		blocks[ref] = &bc
		rep.Blocks++
		rep.Findings += bc.findings()
		held[ref.id] += bc.findings()
	})
	for id, n := range counts {
		if held[id] != n {
			rep.problem("the file state of %s counts %d findings, its blocks hold %d", name(id), n, held[id])
		}
	}

	badPostings, badValues := 0, 0
	iterate(pHash, func(item *badger.Item) {
		b, run, ok := parseBucketKey(item.Key())
		if !ok {
			rep.problem("a by-hash key of %d bytes", len(item.Key()))
			return
		}
		rep.Values++
		v, err := value(item)
		if err == nil {
			err = checkValue(v, run.count)
		}
		if err != nil {
			rep.problem("%s: %v", keyName(item.Key()), err)
			return
		}
		bad := 0
		for i := range run.count {
			p := postingAt(v, i)
			if bucketOf(p.h) != b || i > 0 && comparePostings(postingAt(v, i-1), p) > 0 {
				bad++
				continue
			}
			if gens[p.ref.id] != p.ref.gen {
				continue // a posting of a generation gone: compaction drops it
			}
			rep.Postings++
			bc := blocks[p.ref.block()]
			if bc == nil || !bc.post(int(p.ref.idx), p.h) {
				bad++
				continue
			}
		}
		if bad > 0 {
			badPostings += bad
			badValues++
		}
	})
	if badPostings > 0 {
		rep.problem("%d postings in %d by-hash values point to no finding with their hash (out of order, in the wrong bucket, or their block is damaged or gone)",
			badPostings, badValues)
	}
	unpostedFindings := map[uint64]int{}
	for ref, bc := range blocks {
		if unposted[[2]uint64{ref.id, ref.gen}] {
			continue // its postings were in memory: the next Open gathers them again
		}
		for i := range bc.findings() {
			if slices.Contains(bc.posted[bc.from[i]:bc.from[i+1]], false) {
				unpostedFindings[ref.id]++
			}
		}
	}
	for id, n := range unpostedFindings {
		rep.problem("%d findings of %s lack a posting (of their hash or an alternative one): searches would not find them", n, name(id))
	}
	return nil
}
