package index

import (
	"encoding/binary"

	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
)

// Key prefixes; doc.go describes the layout.
const (
	pMeta     byte = 0x00
	pPathID   byte = 0x01
	pIDPath   byte = 0x02
	pState    byte = 0x03
	pInFlight byte = 0x04
	pGarbage  byte = 0x05
	pUnposted byte = 0x06
	pHash     byte = 0x10
	pFile     byte = 0x11
	// 0x12 is kept for a by-record index, which the by-file order makes
	// unnecessary (doc.go).
)

const (
	layoutVersion = 4
	hashLen       = patterns.HashSize
	// tailLen is the (start, seq) suffix of a finding key.
	tailLen = 8 + 4
)

var (
	metaVersion  = []byte{pMeta, 'v', 'e', 'r', 's', 'i', 'o', 'n'}
	metaNextPath = []byte{pMeta, 'n', 'e', 'x', 't', '_', 'p', 'a', 't', 'h'}
	metaNextGen  = []byte{pMeta, 'n', 'e', 'x', 't', '_', 'g', 'e', 'n'}
	metaFiles    = []byte{pMeta, 'f', 'i', 'l', 'e', 's'}
	metaFindings = []byte{pMeta, 'f', 'i', 'n', 'd', 'i', 'n', 'g', 's'}
)

var be = binary.BigEndian

func u64(v uint64) []byte { return be.AppendUint64(nil, v) }

func pathIDKey(path string) []byte {
	return append([]byte{pPathID}, path...)
}

func idKey(prefix byte, id uint64) []byte {
	return be.AppendUint64([]byte{prefix}, id)
}

func idGenKey(prefix byte, id, gen uint64) []byte {
	k := make([]byte, 0, 17)
	k = append(k, prefix)
	k = be.AppendUint64(k, id)
	return be.AppendUint64(k, gen)
}

// appendFileKey appends pFile|id|gen|start|seq: the key of the block of
// findings that begins with finding (start, seq).
func appendFileKey(dst []byte, id, gen uint64, start int64, seq uint32) []byte {
	dst = append(dst, pFile)
	dst = be.AppendUint64(dst, id)
	dst = be.AppendUint64(dst, gen)
	dst = be.AppendUint64(dst, uint64(start))
	return be.AppendUint32(dst, seq)
}

const fileKeyLen = 1 + 8 + 8 + tailLen

// recordID names a record of one generation of a file: a row (with its
// table, for SQL) or, for plain text, a line. The findings of a record are
// adjacent in by-file order, since a record is a contiguous span of the file.
type recordID struct {
	id, gen uint64
	text    bool
	table   string
	n       int64 // the row, or the line of a plain-text finding
}

func recordOf(id, gen uint64, f *scanner.Finding) recordID {
	if f.Record == nil {
		return recordID{id: id, gen: gen, text: true, n: f.Line}
	}
	return recordID{id: id, gen: gen, table: f.Record.Table, n: int64(f.Record.Row)}
}

func appendTail(dst []byte, start int64, seq uint32) []byte {
	dst = be.AppendUint64(dst, uint64(start))
	return be.AppendUint32(dst, seq)
}

// findingRef names one finding of a generation: finding idx of the block
// keyed (id, gen, start, seq).
type findingRef struct {
	id, gen uint64
	start   int64
	seq     uint32
	idx     uint16
}

// block is the key of the block holding the finding.
func (r findingRef) block() findingRef { r.idx = 0; return r }

// parseFileKey decodes pFile|id|gen|start|seq (idx 0).
func parseFileKey(k []byte) (findingRef, bool) {
	if len(k) != fileKeyLen || k[0] != pFile {
		return findingRef{}, false
	}
	return findingRef{
		id:    be.Uint64(k[1:]),
		gen:   be.Uint64(k[9:]),
		start: int64(be.Uint64(k[17:])),
		seq:   be.Uint32(k[25:]),
	}, true
}

// parseTail decodes the start|seq suffix of a finding key.
func parseTail(k []byte) (start int64, seq uint32, ok bool) {
	if len(k) < tailLen {
		return 0, 0, false
	}
	t := k[len(k)-tailLen:]
	return int64(be.Uint64(t)), be.Uint32(t[8:]), true
}
