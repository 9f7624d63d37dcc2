package records

import (
	"bytes"
	"strconv"
)

// The path of the JSON value being read: one segment per open container
// (the object's current key, or the array's current index), the rows they
// count, and the class of each key. Keys are copied into a buffer per
// depth, since their bytes may leave the buffer before their value does;
// they are kept as written and decoded once, when the key ends, by the one
// JSON unescaper (unescapeJSON). The class of a key is computed then too,
// and kept with its segment (a small memo of (key, parent) pairs spares
// Fields.Class the keys that every row repeats).

// seg is one open container on the path.
type seg struct {
	key   []byte // an object's current key, decoded
	idx   int64  // an array's current index
	cls   int32  // class of the values in it: the key's, or the array's
	det   bool   // Fields.Detects(cls)
	owner int32  // depth of the object whose key names this container, -1
}

// memo remembers the class of a key under a parent: rows repeat their
// keys, and Fields.Class may cost much more than a look-up here.
type memo struct {
	key, parent []byte
	cls         int32
	det, used   bool
}

const (
	memoSlots  = 256
	memoKeyLen = 64 // longer keys and parents are classified every time
)

// keyStart opens a key whose opening quote is at off.
func (l *jsonLoc) keyStart(x *lexer, off int64, track bool) {
	x.st, x.vstart, x.kesc = stInKey, off+1, false
	if track {
		s := &l.segs[len(x.kinds)-1]
		s.key = s.key[:0]
	}
}

// keyBytes appends bytes of the current key, as written, up to
// maxKeyLen.
func (l *jsonLoc) keyBytes(x *lexer, b []byte) {
	s := &l.segs[len(x.kinds)-1]
	if n := maxKeyLen - len(s.key); n < len(b) {
		b = b[:max(n, 0)]
	}
	s.key = append(s.key, b...)
}

// keyDone decodes and classifies the key just read: Fields.Class of the
// key under the nearest enclosing key, else of the combined names
// parent_key and key_parent.
func (l *jsonLoc) keyDone(x *lexer) {
	s := &l.segs[len(x.kinds)-1]
	if x.kesc {
		l.comb = Escaping{Quoting: JSONString}.Unescape(l.comb[:0], s.key)
		s.key = append(s.key[:0], l.comb...)
	}
	if !l.classify {
		s.cls, s.det = 0, false
		return
	}
	var parent []byte
	if s.owner >= 0 {
		parent = l.segs[s.owner].key
	}
	var m *memo
	if len(s.key) <= memoKeyLen && len(parent) <= memoKeyLen {
		m = &l.memo[memoHash(s.key, parent)%memoSlots]
		if m.used && bytes.Equal(m.key, s.key) && bytes.Equal(m.parent, parent) {
			s.cls, s.det = m.cls, m.det
			return
		}
	}
	cls := l.fields.Class(s.key, parent)
	if cls == 0 && len(parent) > 0 {
		l.comb = append(append(append(l.comb[:0], parent...), '_'), s.key...)
		if cls = l.fields.Class(l.comb, nil); cls == 0 {
			l.comb = append(append(append(l.comb[:0], s.key...), '_'), parent...)
			cls = l.fields.Class(l.comb, nil)
		}
	}
	s.cls, s.det = cls, cls != 0 && l.fields.Detects(cls)
	if m != nil {
		m.key = append(m.key[:0], s.key...)
		m.parent = append(m.parent[:0], parent...)
		m.cls, m.det, m.used = s.cls, s.det, true
	}
}

// memoHash picks a key's memo slot from its ends and lengths; a clash
// only costs a call to Fields.Class.
func memoHash(key, parent []byte) uint32 {
	h := uint32(len(key))*0x9E3779B1 ^ uint32(len(parent))*0x85EBCA6B
	if n := len(key); n > 0 {
		h ^= uint32(key[0]) | uint32(key[n/2])<<8 | uint32(key[n-1])<<16
	}
	if n := len(parent); n > 0 {
		h ^= (uint32(parent[0]) | uint32(parent[n-1])<<8) * 0xC2B2AE35
	}
	return h ^ h>>15
}

// counted counts a value that begins at off: an array element, a JSON
// row.
func (l *jsonLoc) counted(x *lexer, c byte, off int64) {
	d := len(x.kinds)
	if d == 0 {
		if !l.jsonl {
			if c == '[' {
				l.topArr = true
			} else {
				l.row++
				l.rowAt, l.rowDepth = off, 0
			}
		}
		return
	}
	if x.kinds[d-1] == '[' {
		l.segs[d-1].idx++
		if d == 1 && l.topArr {
			l.row++
			l.rowAt, l.rowDepth = off, 1
		}
	}
}

// push opens a segment for the container c that begins at depth
// len(x.kinds).
func (l *jsonLoc) push(x *lexer, c byte) {
	d := len(x.kinds)
	if d == len(l.segs) {
		l.segs = append(l.segs, seg{})
	}
	s := &l.segs[d]
	s.key, s.idx, s.cls, s.det, s.owner = s.key[:0], -1, 0, false, -1
	if d > 0 {
		p := &l.segs[d-1]
		if x.kinds[d-1] == '{' {
			s.owner = int32(d - 1)
		} else {
			s.owner = p.owner
		}
		if c == '[' {
			s.cls, s.det = p.cls, p.det
		}
	}
}

// pop closes the container c ends; false when it is not the open one.
func (l *jsonLoc) pop(x *lexer, c byte, track bool) bool {
	d := len(x.kinds)
	if d == 0 || x.kinds[d-1] != c-2 { // '}'-2 == '{', ']'-2 == '['
		return false
	}
	x.kinds = x.kinds[:d-1]
	if track && d == 1 {
		l.topArr = false
	}
	x.st = l.after(x)
	return true
}

// rowOf is the row of the main lexer's current value: the line in JSONL,
// the document or top-level array element in JSON.
func (l *jsonLoc) rowOf() int64 {
	if l.jsonl {
		return l.line
	}
	return l.row
}

// appendPointer appends the RFC 6901 pointer of the current value in its
// row.
func (l *jsonLoc) appendPointer(b []byte) []byte {
	first := 0
	if l.topArr {
		first = 1
	}
	kinds := l.main.kinds
	for d := first; d < len(kinds); d++ {
		b = append(b, '/')
		if kinds[d] == '[' {
			b = strconv.AppendInt(b, l.segs[d].idx, 10)
			continue
		}
		b = appendToken(b, l.segs[d].key)
	}
	return b
}
