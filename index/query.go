package index

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"slices"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
)

// reader answers one query from one snapshot, keeping only the entries of
// each path's current generation.
type reader struct {
	txn    *badger.Txn
	values *valueReader
	gens   map[uint64]uint64 // path id → current generation, 0 for none
	paths  map[uint64]string
	// recent are the last blocks read: the occurrences of a value come in
	// file order, and a record's walk starts in its occurrence's block,
	// so a value found thousands of times in a file (a shared address)
	// reads each block once, not once per finding in it.
	recent [4]cachedBlock
	next   int
	key    []byte      // the block key being read, reused
	mem    memPostings // postings in memory of the hashes looked up
	vbuf   []byte      // a value read (postings, the blocks of a record's walk)
	hs     []uint64    // a finding's hash prefixes (findingPrefixes), reused
}

type cachedBlock struct {
	ref    findingRef // idx 0
	v      []byte     // the body (openBlock)
	stored []byte     // the value as stored
	z      []byte     // v when decompressed
}

func (ix *Index) newReader(txn *badger.Txn) *reader {
	return &reader{txn: txn, values: ix.values, gens: make(map[uint64]uint64), paths: make(map[uint64]string)}
}

// block returns the body of the block holding ref; ok is false when
// there is none. The body is valid until the next call of block, which
// may reuse its buffer.
func (r *reader) block(ref findingRef) (v []byte, ok bool, err error) {
	ref = ref.block()
	for _, c := range r.recent {
		if c.v != nil && c.ref == ref {
			return c.v, true, nil
		}
	}
	r.key = appendFileKey(r.key[:0], ref.id, ref.gen, ref.start, ref.seq)
	item, err := r.txn.Get(r.key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	c := &r.recent[r.next]
	r.next = (r.next + 1) % len(r.recent)
	c.v = nil
	stored, err := r.values.value(item, &c.stored)
	if err != nil {
		return nil, false, err
	}
	if c.v, err = openBlock(&c.z, stored); err != nil {
		c.v = nil
		return nil, false, err
	}
	c.ref = ref
	return c.v, true, nil
}

// current reports whether gen is the current generation of path id.
func (r *reader) current(id, gen uint64) (bool, error) {
	cur, ok := r.gens[id]
	if !ok {
		item, err := r.txn.Get(idKey(pState, id))
		switch {
		case errors.Is(err, badger.ErrKeyNotFound):
		case err != nil:
			return false, err
		default:
			err = item.Value(func(v []byte) error {
				cur, err = stateGen(v)
				return err
			})
			if err != nil {
				return false, err
			}
		}
		r.gens[id] = cur
	}
	return cur != 0 && cur == gen, nil
}

func (r *reader) path(id uint64) (string, error) {
	if p, ok := r.paths[id]; ok {
		return p, nil
	}
	p, ok, err := pathOf(r.txn, id)
	if err == nil && !ok {
		err = fmt.Errorf("%w: path id %d has no path", ErrCorrupt, id)
	}
	r.paths[id] = p
	return p, err
}

// occurrence is a finding found by hash, with where it is stored.
type occurrence struct {
	ref findingRef
	f   scanner.Finding
}

// lookup lists the current findings with the hash h, of type typ (any
// when empty), in key order: by path id, then offset.
func (r *reader) lookup(typ string, h *patterns.Hash) ([]occurrence, error) {
	var out []occurrence
	err := r.each(typ, h, func(o occurrence) error {
		out = append(out, o)
		return nil
	})
	return out, err
}

// postings lists the postings of hash prefix h, from memory and from
// every value of its bucket, sorted by finding and each once (a value
// and memory, or two values, may hold one twice for a while; see
// compact.go).
func (r *reader) postings(h uint64) ([]posting, error) {
	out := slices.Clone(r.mem[h])
	it := r.txn.NewIterator(badger.IteratorOptions{Prefix: bucketPrefix(bucketOf(h))})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		_, run, ok := parseBucketKey(it.Item().Key())
		if !ok {
			return nil, fmt.Errorf("%w: by-hash key %x", ErrCorrupt, it.Item().Key())
		}
		v, err := r.values.value(it.Item(), &r.vbuf)
		if err == nil {
			out, err = valuePostings(out, v, run.count, h)
		}
		if err != nil {
			return nil, err
		}
	}
	slices.SortFunc(out, comparePostings)
	return slices.Compact(out), nil
}

// each calls fn with each current finding with the hash h, of type typ
// (any when empty), in key order. The reader must have been made with
// h's postings in memory (viewPostings).
func (r *reader) each(typ string, h *patterns.Hash, fn func(occurrence) error) error {
	ps, err := r.postings(hashPrefix(h))
	if err != nil {
		return err
	}
	for _, p := range ps {
		ref := p.ref
		if cur, err := r.current(ref.id, ref.gen); err != nil {
			return err
		} else if !cur {
			continue
		}
		var o occurrence
		o.ref = ref
		v, ok, err := r.block(ref)
		if err != nil {
			return err
		}
		if !ok {
			// The entries of a current generation are written before it
			// becomes current and deleted only once it is garbage.
			return fmt.Errorf("%w: a posting without its block", ErrCorrupt)
		}
		e, err := blockEntry(v, int(ref.idx))
		var full []byte
		if err == nil {
			full, err = decodeFindingRaw(e, &o.f)
		}
		if err != nil {
			return err
		}
		if len(full) != hashLen {
			return fmt.Errorf("%w: a finding without its hash", ErrCorrupt)
		}
		o.f.Hash = patterns.Hash(full)
		// The posting was written for this finding, under its hash or an
		// alternative one: a finding of no such hash prefix here is a
		// block that is not the one it pointed to.
		if r.hs = findingPrefixes(r.hs[:0], &o.f); !slices.Contains(r.hs, p.h) {
			return fmt.Errorf("%w: a posting of %s points to a finding of another hash", ErrCorrupt, keyName(appendFileKey(nil, ref.id, ref.gen, ref.start, ref.seq)))
		}
		// A posting holds the hash's first 8 bytes: the block has all of
		// it. An ambiguous finding is any of its readings.
		if o.f.Hash != *h && (!o.f.Ambiguous || !slices.Contains(o.f.AltHashes, *h)) || typ != "" && o.f.Type != typ {
			continue
		}
		p, err := r.path(ref.id)
		if err != nil {
			return err
		}
		o.f.Path = p
		if err := fn(o); err != nil {
			return err
		}
	}
	return nil
}

// Lookup returns every current finding whose Hash is h (or, ambiguous,
// one of its AltHashes), of type typ or of any type when typ is empty,
// ordered by file then offset. The zero
// Hash is refused with ErrInvalidHash.
func (ix *Index) Lookup(typ string, h patterns.Hash) ([]scanner.Finding, error) {
	if h.IsZero() {
		return nil, fmt.Errorf("index: lookup: %w: no hash", ErrInvalidHash)
	}
	if err := ix.enter(); err != nil {
		return nil, err
	}
	defer ix.life.RUnlock()
	var out []scanner.Finding
	err := ix.viewPostings([]uint64{hashPrefix(&h)}, func(txn *badger.Txn, mem memPostings) error {
		r := ix.newReader(txn)
		r.mem = mem
		occ, err := r.lookup(typ, &h)
		out = make([]scanner.Finding, len(occ))
		for i := range occ {
			out[i] = occ[i].f
		}
		return err
	})
	if err != nil {
		return nil, ix.noteDamage("lookup", fmt.Errorf("index: lookup: %w", err))
	}
	return out, nil
}

// Identifier names a data subject's identifier by type (empty: any type)
// and keyed hash, as the scanner computes it from the normalized value.
type Identifier struct {
	Type string        `json:"type"`
	Hash patterns.Hash `json:"hash"`
}

// RecordResult is one record holding an identifier, with all the findings
// in it. For structured files Record names the record: Row (and Table for
// SQL) only, since the record is the whole row, not one field. For plain
// text the record is the line: Record is nil and Line is set.
//
// A record holds at most MaxRecordFindings findings around the
// occurrence; Truncated says some were left out (a plain-text file of one
// huge line is one record).
//
// Ambiguous says the record was reached only through ambiguous findings:
// every occurrence of the identifiers in it is one reading of a guessed
// value (scanner.AmbiguousMatch), so it may be another person's record.
// A report or an erasure never attributes it to the subject on this alone.
type RecordResult struct {
	Path      string            `json:"path"`
	Record    *scanner.Record   `json:"record,omitempty"`
	Line      int64             `json:"line,omitempty"`
	Findings  []scanner.Finding `json:"findings"`
	Truncated bool              `json:"truncated,omitempty"`
	Ambiguous bool              `json:"ambiguous,omitempty"`
}

// MaxRecordFindings bounds the findings of one RecordResult.
const MaxRecordFindings = 10000

// maxStray is how many findings of no record in a row the walk of a record
// steps over (record).
const maxStray = 64

// SearchResult is where a subject's identifiers occur (Findings) and the
// records that hold them (Records), each finding and record once.
type SearchResult struct {
	Findings []scanner.Finding `json:"findings"`
	Records  []RecordResult    `json:"records"`
}

// Search finds every current occurrence of the identifiers and every
// record holding one, with all the findings of that record, in one
// consistent snapshot. Findings and records are listed once each, in the
// order of the identifiers, then by file and offset. An ambiguous finding
// is found by any of its readings (its Hash, its AltHashes) and comes
// back as stored, Ambiguous set; a record reached only through such
// findings is marked Ambiguous.
func (ix *Index) Search(ids []Identifier) (SearchResult, error) {
	for _, id := range ids {
		if id.Hash.IsZero() {
			return SearchResult{}, fmt.Errorf("index: search: %s: %w: no hash", id.Type, ErrInvalidHash)
		}
	}
	if err := ix.enter(); err != nil {
		return SearchResult{}, err
	}
	defer ix.life.RUnlock()
	res := SearchResult{Findings: []scanner.Finding{}, Records: []RecordResult{}}
	hs := make([]uint64, len(ids))
	for i := range ids {
		hs[i] = hashPrefix(&ids[i].Hash)
	}
	err := ix.viewPostings(hs, func(txn *badger.Txn, mem memPostings) error {
		r := ix.newReader(txn)
		r.mem = mem
		seen := make(map[findingRef]bool)
		records := make(map[recordID]int) // → its place in res.Records
		for i := range ids {
			// Each record as its occurrence comes: its block is still
			// among the reader's recent ones.
			err := r.each(ids[i].Type, &ids[i].Hash, func(o occurrence) error {
				if seen[o.ref] {
					return nil
				}
				seen[o.ref] = true
				res.Findings = append(res.Findings, o.f)
				// An ambiguous finding is at best an AmbiguousMatch of any
				// identifier, any other a SureMatch: a record's match is
				// its strongest occurrence's.
				rec := recordOf(o.ref.id, o.ref.gen, &o.f)
				if at, ok := records[rec]; ok {
					res.Records[at].Ambiguous = res.Records[at].Ambiguous && o.f.Ambiguous
					return nil
				}
				records[rec] = len(res.Records)
				rr, err := r.record(rec, o)
				if err != nil {
					return err
				}
				rr.Ambiguous = o.f.Ambiguous
				res.Records = append(res.Records, rr)
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return SearchResult{}, ix.noteDamage("search", fmt.Errorf("index: search: %w", err))
	}
	return res, nil
}

// record gathers the findings of record rec, which holds occurrence o. A
// record is a contiguous span of its file, so its findings are the by-file
// neighbours of o that belong to it: it walks back, then forth, from o.
//
// One kind of finding may sit inside a record without belonging to it: a
// match in a structured file outside any field value (a JSON key, say) has
// no Record, only a line. The walk steps over such findings (up to
// maxStray in a row) without taking them, and likewise over structured
// findings on the line of a plain-text record.
func (r *reader) record(rec recordID, o occurrence) (RecordResult, error) {
	rr := RecordResult{Path: o.f.Path}
	if o.f.Record != nil {
		rr.Record = &scanner.Record{Row: o.f.Record.Row, Table: o.f.Record.Table}
	} else {
		rr.Line = o.f.Line
	}
	prefix := idGenKey(pFile, rec.id, rec.gen)
	at := appendFileKey(nil, rec.id, rec.gen, o.ref.start, o.ref.seq)
	var (
		before  []scanner.Finding
		entries [][]byte
		zbuf    []byte // a decompressed block
		strays  [2]int // by direction: back, forth
	)
	// take walks over one finding, back or forth from o; false ends the
	// walk that way.
	take := func(e []byte, back bool) (bool, error) {
		var f scanner.Finding
		if err := decodeFinding(e, &f); err != nil {
			return false, err
		}
		stray := &strays[1]
		if back {
			stray = &strays[0]
		}
		if recordOf(rec.id, rec.gen, &f) != rec {
			inside := (!rec.text && f.Record == nil) || (rec.text && f.Line == rec.n)
			if *stray++; !inside || *stray > maxStray {
				return false, nil
			}
			return true, nil
		}
		*stray = 0
		if len(before)+len(rr.Findings) >= MaxRecordFindings {
			rr.Truncated = true
			return false, nil
		}
		f.Path = o.f.Path
		if back {
			before = append(before, f)
		} else {
			rr.Findings = append(rr.Findings, f)
		}
		return true, nil
	}
	// walk takes the entries es[lo:hi], backwards when back; it reports
	// whether the walk goes on past them.
	walk := func(es [][]byte, lo, hi int, back bool) (bool, error) {
		for i := range max(hi-lo, 0) {
			e := es[lo+i]
			if back {
				e = es[hi-1-i]
			}
			if more, err := take(e, back); err != nil || !more {
				return false, err
			}
		}
		return true, nil
	}

	// o's block first: a record mostly lies inside one, and the walk needs
	// an iterator (a seek in every table) only past the block's edges.
	var goOn [2]bool // back, forth
	v, ok, err := r.block(o.ref)
	if err == nil && !ok {
		err = badger.ErrKeyNotFound
	}
	if err != nil {
		return rr, err
	}
	if entries, err = blockEntries(entries[:0], v); err != nil {
		return rr, err
	}
	idx := min(int(o.ref.idx), len(entries))
	if goOn[0], err = walk(entries, 0, idx, true); err != nil {
		return rr, err
	}
	if goOn[1], err = walk(entries, idx, len(entries), false); err != nil {
		return rr, err
	}
	for d, back := range []bool{true, false} {
		if !goOn[d] {
			continue
		}
		err := func() error {
			it := r.txn.NewIterator(badger.IteratorOptions{Prefix: prefix, Reverse: back})
			defer it.Close()
			// A reverse Seek stops at the last key at or before at: both
			// ways, o's own block comes first, and is done.
			it.Seek(at)
			if it.Valid() && bytes.Equal(it.Item().Key(), at) {
				it.Next()
			}
			for ; it.Valid(); it.Next() {
				var err error
				if entries, err = r.values.readBlock(it.Item(), &r.vbuf, &zbuf, entries); err != nil {
					return err
				}
				if more, err := walk(entries, 0, len(entries), back); err != nil || !more {
					return err
				}
			}
			return nil
		}()
		if err != nil {
			return rr, err
		}
	}
	slices.Reverse(before)
	rr.Findings = append(before, rr.Findings...)
	return rr, nil
}

// FindingQuery selects a page of findings. Path and Type filter (empty:
// all); Limit is the page size (0: 100; at most 10000); Cursor is the
// NextCursor of the previous page, empty for the first.
type FindingQuery struct {
	Path   string
	Type   string
	Limit  int
	Cursor string
}

const (
	defaultPage = 100
	maxPage     = 10000
	cursorLen   = 1 + 8 + 8 + tailLen + 2 + 8
	cursorV2    = 2 // v1 named a finding by its own key, before blocks
	cursorV3    = 3 // v2, then the findings of the generation before the cursor's block (4)
)

// Findings returns a page of current findings, ordered by file (in the
// order files were first indexed) then offset, and the cursor of the next
// page, empty after the last. Each page is read from a consistent
// snapshot; a file replaced between two pages continues in its new
// findings after the cursor's offset. A Type filter skips, without
// returning, findings of other types, so a page of a rare type may read
// many entries.
func (ix *Index) Findings(q FindingQuery) ([]scanner.Finding, string, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = defaultPage
	}
	limit = min(limit, maxPage)
	var (
		cur     findingRef // resume after finding cur.idx of block cur
		curOff  int64      // that finding's offset, to resume by when cur.gen is gone
		curHeld int        // findings of cur.gen before block cur; -1 when unknown (a v2 cursor)
		after   bool
	)
	if q.Cursor != "" {
		b, err := base64.RawURLEncoding.DecodeString(q.Cursor)
		v3 := err == nil && len(b) == cursorLen+4 && b[0] == cursorV3
		if err != nil || !v3 && (len(b) != cursorLen || b[0] != cursorV2) {
			return nil, "", fmt.Errorf("index: findings: %w", ErrInvalidCursor)
		}
		cur.id, cur.gen, after = be.Uint64(b[1:]), be.Uint64(b[9:]), true
		cur.start, cur.seq, _ = parseTail(b[17 : 17+tailLen])
		cur.idx = be.Uint16(b[17+tailLen:])
		curOff = int64(be.Uint64(b[17+tailLen+2:]))
		curHeld = -1
		if v3 {
			curHeld = int(be.Uint32(b[cursorLen:]))
		}
	}
	if err := ix.enter(); err != nil {
		return nil, "", err
	}
	defer ix.life.RUnlock()

	page := make([]scanner.Finding, 0, min(limit, 1024))
	var (
		next     string
		last     findingRef
		lastOff  int64
		lastHeld int // findings of last.gen before block last
	)
	// scan appends the findings of generation gen of path id from the
	// cursor on; it returns false once the page is full and one more
	// finding was seen.
	var (
		entries [][]byte
		zbuf    []byte // a decompressed block
	)
	//
	// A generation read from its start to its end must hold the findings
	// its state counts (want): fewer is a block Badger's iterator passed
	// over quietly (a damaged table), not a shorter file.
	scan := func(r *reader, id, gen uint64, path string, want int) (bool, error) {
		prefix := idGenKey(pFile, id, gen)
		seek := prefix
		exact := after && id == cur.id && gen == cur.gen
		whole, held := !after || id != cur.id, 0
		if exact && curHeld >= 0 {
			whole, held = true, curHeld
		}
		skipTo := int64(-1) // replaced since the last page: what lies at or before skipTo was on it
		switch {
		case exact:
			seek = appendTail(bytes.Clone(prefix), cur.start, cur.seq)
		case after && id == cur.id:
			skipTo = curOff
			// From the block that holds offset curOff, if any: the last
			// one keyed at or before it.
			rit := r.txn.NewIterator(badger.IteratorOptions{Prefix: prefix, Reverse: true})
			rit.Seek(appendTail(bytes.Clone(prefix), curOff, math.MaxUint32))
			if rit.Valid() {
				seek = rit.Item().KeyCopy(nil)
			}
			rit.Close()
		}
		it := r.txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
		defer it.Close()
		for it.Seek(seek); it.Valid(); it.Next() {
			item := it.Item()
			ref, ok := parseFileKey(item.Key())
			if !ok {
				continue
			}
			seen := -1 // the findings of this block up to seen were on the previous page
			if exact && ref.start == cur.start && ref.seq == cur.seq {
				seen = int(cur.idx)
			}
			var err error
			if entries, err = r.values.readBlock(item, &r.vbuf, &zbuf, entries); err != nil {
				return false, err
			}
			before := held
			held += len(entries)
			for i := seen + 1; i < len(entries); i++ {
				var f scanner.Finding
				if err := decodeFinding(entries[i], &f); err != nil {
					return false, err
				}
				if (q.Type != "" && f.Type != q.Type) || f.Start <= skipTo {
					continue
				}
				if len(page) == limit {
					c := be.AppendUint64(be.AppendUint64([]byte{cursorV3}, last.id), last.gen)
					c = be.AppendUint16(appendTail(c, last.start, last.seq), last.idx)
					c = be.AppendUint32(be.AppendUint64(c, uint64(lastOff)), uint32(lastHeld))
					next = base64.RawURLEncoding.EncodeToString(c)
					return false, nil
				}
				f.Path = path
				page = append(page, f)
				last = ref
				last.idx = uint16(i)
				lastOff, lastHeld = f.Start, before
			}
		}
		if whole && held != want {
			return false, fmt.Errorf("%w: the blocks of path id %d, generation %d, hold %d findings, its state counts %d", ErrCorrupt, id, gen, held, want)
		}
		return true, nil
	}

	err := ix.view(func(txn *badger.Txn) error {
		r := ix.newReader(txn)
		if q.Path != "" {
			id, found, err := idOf(txn, q.Path)
			if err != nil || !found {
				return err
			}
			if after && cur.id != id {
				return ErrInvalidCursor
			}
			gen, s, ok, err := stateOf(txn, id)
			if err != nil || !ok {
				return err
			}
			_, err = scan(r, id, gen, q.Path, s.Findings)
			return err
		}
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pState}})
		defer it.Close()
		for it.Seek(idKey(pState, cur.id)); it.Valid(); it.Next() {
			item := it.Item()
			if len(item.Key()) != 9 {
				continue
			}
			id := be.Uint64(item.Key()[1:])
			var (
				gen uint64
				s   FileState
			)
			err := item.Value(func(v []byte) error {
				var err error
				gen, s, err = decodeState(v)
				return err
			})
			if err != nil {
				return err
			}
			more, err := scan(r, id, gen, s.Path, s.Findings)
			if err != nil || !more {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, "", ix.noteDamage("findings", fmt.Errorf("index: findings: %w", err))
	}
	return page, next, nil
}
