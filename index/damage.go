package index

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// Damage: a read of the index that meets an entry it cannot trust
// returns an error wrapping ErrCorrupt, never a partial or empty answer.
// Where damage is seen:
//
//   - values (blocks of findings, bucket values of postings) carry the
//     CRC of their value-log entry, checked on every read (valuelog.go,
//     and Badger's own read with VerifyValueChecksum); a value that does
//     not read at all (a value-log file cut short or gone) is damage too
//     (valueErr), and an empty value where a block must be (Badger's read
//     of a cut file can return one without error) fails openBlock;
//   - a bucket value holds exactly the postings its key counts
//     (checkValue), so a short one is not read as "no occurrence";
//   - table blocks carry Badger's checksum, checked on each block read
//     (options.go); Open checks every table (verifyTables), since
//     Badger's iterators end quietly on a damaged block rather than say
//     so.
//
// The Index remembers what it met (noteDamage): how often, and the first
// error, so that the daemon turns unready and counts it.

// damage is what reads of one Index have met.
type damage struct {
	count  atomic.Int64
	first  atomic.Pointer[error]
	mu     sync.Mutex
	logged map[string]bool // operations already logged: one line each
}

// noteDamage records err when it is damage and returns it unchanged. op
// names the read ("search", "findings"...): the first damage of each op
// is logged, once, at ERROR.
func (ix *Index) noteDamage(op string, err error) error {
	if err == nil || !errors.Is(err, ErrCorrupt) {
		return err
	}
	ix.dmg.count.Add(1)
	ix.dmg.first.CompareAndSwap(nil, &err)
	ix.dmg.mu.Lock()
	first := !ix.dmg.logged[op]
	if ix.dmg.logged == nil {
		ix.dmg.logged = make(map[string]bool)
	}
	ix.dmg.logged[op] = true
	ix.dmg.mu.Unlock()
	if first {
		ix.log.Error("index: damaged: stop the daemon, run `piid index verify`, then `piid index rebuild`",
			"index", ix.opts.Dir, "read", op, "err", err)
	}
	return err
}

// Damage reports the damage reads of this Index have met since Open: how
// many reads failed on it, and the first error (nil when none).
func (ix *Index) Damage() (int64, error) {
	var first error
	if p := ix.dmg.first.Load(); p != nil {
		first = *p
	}
	return ix.dmg.count.Load(), first
}

// valueErr makes a failed read of the value of key damage: the key is
// there, its value is not (a value-log file cut short, gone, or a
// checksum that does not match).
func valueErr(key []byte, err error) error {
	if err == nil || errors.Is(err, ErrCorrupt) {
		return err
	}
	return fmt.Errorf("%w: the value of %s does not read: %v", ErrCorrupt, keyName(key), err)
}

// keyName names a key for an error: its kind and numbers, never a path.
func keyName(k []byte) string {
	if len(k) == 0 {
		return "an empty key"
	}
	switch {
	case k[0] == pFile && len(k) == fileKeyLen:
		r, _ := parseFileKey(k)
		return fmt.Sprintf("the block of path id %d, generation %d, at offset %d", r.id, r.gen, r.start)
	case k[0] == pHash && len(k) == bucketKeyLen:
		b, r, _ := parseBucketKey(k)
		return fmt.Sprintf("the by-hash value of bucket %d, run %d", b, r.run)
	case k[0] == pState && len(k) == 9:
		return fmt.Sprintf("the file state of path id %d", be.Uint64(k[1:]))
	case k[0] == pPathID:
		return "a path's id"
	}
	return fmt.Sprintf("key %x", k[:min(len(k), 17)])
}

// verifyTables checks every table of the store against its checksums.
func (ix *Index) verifyTables() error {
	if err := ix.db.VerifyChecksum(); err != nil {
		return fmt.Errorf("%w: a table fails its checksum: %v", ErrCorrupt, err)
	}
	return nil
}

// openBadger opens the Badger store. Once no other process holds it
// (checkLock), a store Badger refuses, or panics on (a table cut short),
// is damaged.
func openBadger(bo badger.Options) (db *badger.DB, err error) {
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, fmt.Errorf("%w: the store does not open: %s", ErrCorrupt, oneLine(r))
		}
	}()
	db, err = badger.OpenManaged(bo)
	if err != nil {
		// Taken meanwhile by another process: not damage.
		if lerr := checkLock(bo.Dir, !bo.ReadOnly); errors.Is(lerr, ErrLocked) {
			return nil, lerr
		}
		return nil, fmt.Errorf("%w: the store does not open: %v", ErrCorrupt, err)
	}
	return db, nil
}

// guard runs a step of Open, turning a panic of Badger's on a damaged
// table into damage.
func guard(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: reading the store: %s", ErrCorrupt, oneLine(r))
		}
	}()
	return fn()
}

// oneLine is a recovered panic as one short line (Badger's carry a
// multi-line dump of the table).
func oneLine(r any) string {
	s := strings.Join(strings.Fields(fmt.Sprint(r)), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// Sound says whether reads of this Index have met no damage; the error
// says what to do (for the daemon's readiness).
func (ix *Index) Sound() error {
	n, first := ix.Damage()
	if first == nil {
		return nil
	}
	return fmt.Errorf("the index is damaged (%d reads failed on it; the log names the damage): "+
		"stop the daemon, run `piid index verify`, then `piid index rebuild` (%w)", n, ErrCorrupt)
}

// errLimiter lets through one of Badger's error lines per format a
// minute: Badger logs two lines for each value it cannot read, and a
// damaged index would otherwise flood the log with one per read (noteDamage
// logs the damage itself).
type errLimiter struct {
	mu   sync.Mutex
	last map[string]time.Time
}

func (l *errLimiter) allow(format string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if t, ok := l.last[format]; ok && now.Sub(t) < time.Minute {
		return false
	}
	if l.last == nil {
		l.last = make(map[string]time.Time)
	}
	l.last[format] = now
	return true
}
