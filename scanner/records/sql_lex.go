package records

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// The SQL locator's byte machine: run reads bytes by lexical state.

// prev is the byte before hay[i].
func (m *sqlLoc) prev(hay []byte, i int) byte {
	if i > 0 {
		return hay[i-1]
	}
	return m.lastByte
}

// sqlStrEnd returns the index in b of the first quote q that is not
// escaped by a backslash (when esc), -1 if none; pend says b ends inside
// a backslash escape.
func sqlStrEnd(b []byte, q byte, esc bool) (int, bool) {
	if !esc {
		return bytes.IndexByte(b, q), false
	}
	j := 0
	for {
		k := bytes.IndexByte(b[j:], q)
		if k < 0 {
			k = len(b)
		} else {
			k += j
		}
		for {
			s := bytes.IndexByte(b[j:k], '\\')
			if s < 0 {
				break
			}
			j += s + 2
			if j > k {
				break
			}
		}
		switch {
		case j > len(b):
			return -1, true
		case j > k:
			continue // the quote at k was escaped
		case k == len(b):
			return -1, false
		}
		return k, false
	}
}

// sqlCopyScan returns the index of the first tab, newline, carriage return
// or backslash in b[i:n], n if none: eight bytes at a time, then byte by
// byte.
func sqlCopyScan(b []byte, i, n int) int {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	for i+8 <= n {
		w := binary.LittleEndian.Uint64(b[i:])
		t, l, r, s := w^(lo*'\t'), w^(lo*'\n'), w^(lo*'\r'), w^(lo*'\\')
		m := (t-lo)&^t | (l-lo)&^l | (r-lo)&^r | (s-lo)&^s
		// The lowest flagged byte is exact (a borrow only flags bytes
		// above a real match).
		if m &= hi; m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		i += 8
	}
	for i < n && !sqlCopySpecial[b[i]] {
		i++
	}
	return i
}

func (m *sqlLoc) run(hay []byte, base int64, n int) {
	i := int(m.pos - base)
	from := i
	for i < n && !m.halt {
		c := hay[i]
		switch m.st {
		case sqCode:
			switch m.ctx {
			case sxField:
				i = m.fieldCode(hay, base, i, n)
			case sxTuples:
				i = m.tupleCode(hay, base, i, n)
			case sxSkip:
				i = m.skipCode(hay, base, i, n)
			case sxBody:
				i = m.bodyCode(hay, base, i, n)
			default:
				i = m.headCode(hay, base, i, n)
			}

		case sqFWord:
			j, bare := i, true
			for j < n && sqlIdent[hay[j]] {
				if m.w0n < len(m.w0) {
					m.w0[m.w0n] = hay[j]
				}
				bare = bare && sqlBareB[hay[j]]
				m.w0n++
				j++
			}
			m.bare = m.bare && bare
			if j > i {
				m.last = base + int64(j)
			}
			i = j
			if i < n {
				m.st = sqCode
			}

		case sqVStr:
			k, pend := sqlStrEnd(hay[i:n], m.q, m.esc)
			if k < 0 {
				if pend {
					m.st = sqVStrEsc
				}
				i = n
				continue
			}
			i += k
			m.mark = base + int64(i)
			m.st = sqVStrEnd
			i++
		case sqVStrEsc:
			m.st = sqVStr
			i++
		case sqVStrEnd:
			if c == m.q {
				m.st = sqVStr
				i++
				continue
			}
			m.closeStr() // c is read again as code

		case sqCopyField:
			j := sqlCopyScan(hay, i, n)
			if j == n {
				i = n
				continue
			}
			abs := base + int64(j)
			i = j + 1
			switch hay[j] {
			case '\\':
				m.st, m.mark = sqCopyEsc, abs
			case '\t':
				m.emit(m.valStart, abs, m.null && abs-m.valStart == 2)
				m.spanCopyField(abs)
				if m.halt {
					continue
				}
				m.field++
				if m.known && m.field >= len(m.cols) {
					m.damage(abs, "copy row has more fields than columns")
					continue
				}
				m.valStart, m.null, m.done = abs+1, false, false
			case '\n':
				m.emit(m.valStart, abs, m.null && abs-m.valStart == 2)
				m.spanCopyField(abs)
				if m.rowEnd(abs) {
					m.spanRow(abs + 1)
				}
			case '\r':
				m.emit(m.valStart, abs, m.null && abs-m.valStart == 2)
				m.spanCopyField(abs)
				m.rowEnd(abs)
				m.st = sqCopyCR
			}
		case sqCopyEsc:
			if c == 'N' && m.mark == m.valStart {
				m.null = true
			}
			m.st = sqCopyField
			i++
		case sqCopyLine:
			abs := base + int64(i)
			m.lineStart = abs
			if m.final && bytes.IndexByte(hay[i:], '\n') < 0 && !(i+1 < len(hay) && c == '\\' && hay[i+1] == '.') {
				m.damage(abs, "copy row cut at end of file")
				continue
			}
			if c == '\\' {
				m.st = sqCopyLineBS
				i++
				continue
			}
			if m.known && len(m.cols) == 0 {
				m.damage(abs, "copy row has more fields than columns")
				continue
			}
			m.newRow()
			m.valStart = abs
			if c == '\n' { // a row of one empty field
				m.emit(abs, abs, false)
				m.spanCopyField(abs)
				if m.rowEnd(abs) {
					m.spanRow(abs + 1)
				}
				i++
				continue
			}
			m.st = sqCopyField
		case sqCopyLineBS:
			if c == '.' {
				m.st, m.valStart = sqCopyEnd, -1
				m.cancel()
				i++
				continue
			}
			if m.known && len(m.cols) == 0 {
				m.damage(m.lineStart, "copy row has more fields than columns")
				continue
			}
			m.newRow()
			m.valStart = base + int64(i) - 1
			m.null = c == 'N'
			m.st = sqCopyField
			i++
		case sqCopyCR:
			if c != '\n' {
				m.damage(base+int64(i)-1, "stray carriage return in copy data")
				continue
			}
			m.st = sqCopyLine
			m.spanRow(base + int64(i) + 1)
			i++
		case sqCopyEnd:
			var found bool
			if i, found = skipPast(hay, i, n, '\n'); !found {
				continue
			}
			m.st, m.ctx, m.ps = sqCode, sxHead, spFirst
			m.newLine(base + int64(i))

		case sqOpqLine:
			m.lineStart = base + int64(i)
			m.st = sqOpqRest
			if c == '\\' {
				m.st = sqOpqLineBS
				i++
			}
		case sqOpqLineBS:
			m.st = sqOpqRest
			if c == '.' {
				m.st = sqCopyEnd
				i++
			}
		case sqOpqRest:
			var found bool
			if i, found = skipPast(hay, i, n, '\n'); !found {
				continue
			}
			m.spanOpaque(base + int64(i) - 1)
			m.st = sqOpqLine
		case sqCopyPre:
			var found bool
			if i, found = skipPast(hay, i, n, '\n'); !found {
				continue
			}
			if m.ctx == sxOpaque {
				m.st = sqOpqLine
			} else {
				m.st = sqCopyLine
			}

		case sqWord:
			j := i
			for j < n && sqlIdent[hay[j]] {
				j++
			}
			m.addTok(hay[i:j])
			i = j
			if i < n {
				m.st = sqCode
				m.word()
			}

		case sqQuoted:
			k, pend := sqlStrEnd(hay[i:n], m.q, m.esc)
			if k < 0 {
				if m.acc {
					m.addTok(hay[i:n])
				}
				if pend {
					m.st = sqQuotedEsc
				}
				i = n
				continue
			}
			if m.acc {
				m.addTok(hay[i : i+k])
			}
			i += k
			m.mark = base + int64(i)
			m.st = sqQuotedEnd
			i++
		case sqQuotedEsc:
			if m.acc {
				m.addTok(hay[i : i+1])
			}
			m.st = sqQuoted
			i++
		case sqQuotedEnd:
			if c == m.q {
				if m.acc {
					m.addTok(hay[i : i+1])
				}
				m.st = sqQuoted
				i++
				continue
			}
			m.st = sqCode
			m.spanStr()
			if m.acc {
				m.literal(sqTkName)
			} else {
				m.literal(sqTkString)
			}

		case sqDash:
			switch {
			case c == '-' && m.mysql:
				m.st = sqDash2
				i++
			case c == '-':
				m.lineComment(base + int64(i) + 1)
				i++
			default:
				m.st = sqCode
				m.operator('-')
			}
		case sqDash2:
			if c <= ' ' { // MySQL: "--" and a blank or control byte
				m.lineComment(base + int64(i))
				continue
			}
			m.st = sqCode // two minus signs; c is read again
			m.operator('-')
			m.mark++
			m.operator('-')
		case sqSlash:
			if c == '*' {
				m.st, m.cdepth = sqBlock, 1
				i++
				continue
			}
			m.st = sqCode
			m.operator('/')
		case sqLine:
			var found bool
			if i, found = skipPast(hay, i, n, '\n'); !found {
				continue
			}
			m.spanLine(base + int64(i) - 1)
			m.newLine(base + int64(i))
			m.st = sqCode
		case sqBlock:
			if m.mysql {
				var found bool
				if i, found = skipPast(hay, i, n, '*'); !found {
					continue
				}
				m.st = sqBlockStar
				continue
			}
			k := bytes.IndexAny(hay[i:n], "*/")
			if k < 0 {
				i = n
				continue
			}
			i += k + 1
			m.st = sqBlockStar
			if hay[i-1] == '/' {
				m.st = sqBlockSlash
			}
		case sqBlockSlash: // PostgreSQL: a comment opens inside
			m.st = sqBlock
			if c == '*' {
				m.cdepth++
				i++
			}
		case sqBlockStar:
			switch c {
			case '/':
				if m.cdepth--; m.cdepth == 0 {
					m.endBlock(base + int64(i))
				} else {
					m.st = sqBlock
				}
			case '*':
			default:
				m.st = sqBlock
			}
			i++
		case sqSemi:
			if m.semi(c, base+int64(i)) {
				i++
			}

		case sqDTag:
			switch {
			case c == '$':
				m.st = sqDBody
				i++
			case sqlIdent[c] && !(len(m.dtag) == 0 && c-'0' < 10) && len(m.dtag) < 64:
				m.dtag = append(m.dtag, c)
				i++
			default:
				m.st = sqCode // no dollar quote; c is read again
			}
		case sqDBody:
			var found bool
			if i, found = skipPast(hay, i, n, '$'); !found {
				continue
			}
			m.st, m.dm = sqDEnd, 0
		case sqDEnd:
			i++
			switch {
			case m.dm == len(m.dtag) && c == '$':
				m.st = sqCode
				m.spanDollar(base + int64(i) - 1)
				m.mark = base + int64(i) - 1 // the value's last byte, for literal
				m.literal(sqTkString)
			case m.dm < len(m.dtag) && c == m.dtag[m.dm]:
				m.dm++
			case c == '$':
				m.dm = 0
			default:
				m.st = sqDBody
			}
		}
	}
	if i > from {
		if i >= 2 {
			m.lastByte2 = hay[i-2]
		} else {
			m.lastByte2 = m.lastByte
		}
		m.lastByte = hay[i-1]
	}
	m.pos = base + int64(i)
}

// when there is none (the state waits for the next bytes).
func skipPast(hay []byte, i, n int, b byte) (int, bool) {
	k := bytes.IndexByte(hay[i:n], b)
	if k < 0 {
		return n, false
	}
	return i + k + 1, true
}
