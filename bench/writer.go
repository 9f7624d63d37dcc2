package bench

import (
	"bytes"
	"io"
	"math/bits"
	"os"
	"strconv"
	"time"
)

// ---------------------------------------------------------------------------
// Random numbers: xoshiro256** seeded through splitmix64. Our own, so the
// corpus for a seed never changes with the Go release.

type rng struct{ s0, s1, s2, s3 uint64 }

func splitmix(x *uint64) uint64 {
	*x += 0x9e3779b97f4a7c15
	z := *x
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func newRNG(seed uint64) *rng {
	x := seed
	return &rng{splitmix(&x), splitmix(&x), splitmix(&x), splitmix(&x)}
}

func (r *rng) u64() uint64 {
	res := bits.RotateLeft64(r.s1*5, 7) * 9
	t := r.s1 << 17
	r.s2 ^= r.s0
	r.s3 ^= r.s1
	r.s1 ^= r.s2
	r.s0 ^= r.s3
	r.s2 ^= t
	r.s3 = bits.RotateLeft64(r.s3, 45)
	return res
}

// intn returns a number in [0, n); n > 0.
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.u64(), uint64(n))
	return int(hi)
}

// between returns a number in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

func (r *rng) f64() float64 { return float64(r.u64()>>11) / (1 << 53) }

// chance is true with probability p.
func (r *rng) chance(p float64) bool { return r.f64() < p }

func pick[T any](r *rng, s []T) T { return s[r.intn(len(s))] }

// hashString mixes a string into a seed (FNV-1a then splitmix).
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return splitmix(&h)
}

// ---------------------------------------------------------------------------
// Types and records.

type typ uint8

const (
	tEmail typ = iota
	tPhone
	tCard
	tIBAN
	tIPv4
	tIPv6
	tMAC
	tSSN
	tNINO
	tNHS
	tPostcode
	tDOB
	tVAT
	tNIR
	tDETax
	tDNI
	tNIE
	tCF
	tBSN
	tPESEL
	tName
	tAddr
	tURL
	tBENN
	tATSV
	tPTNIF
	tSEPNR
	tDKCPR
	tFIHETU
	tNOFNR
	tIEPPSN
	// ids_eu2.go
	tCZSK
	tCNP
	tEGN
	tOIB
	tEMSO
	tEELT
	tMRZ
	nTypes
)

// typeIDs are the canonical ids of CONTRACT.md, indexed by typ.
var typeIDs = [nTypes]string{
	"email", "phone", "credit_card", "iban", "ipv4", "ipv6", "mac_address", "us_ssn", "uk_nino", "uk_nhs",
	"uk_postcode", "date_of_birth", "eu_vat", "fr_nir", "de_tax_id", "es_dni", "es_nie", "it_fiscal_code",
	"nl_bsn", "pl_pesel", "person_name", "street_address", "url",
	"be_national_number", "at_social_insurance", "pt_nif", "se_personnummer", "dk_cpr", "fi_hetu", "no_fodselsnummer", "ie_ppsn",
	"cz_sk_birth_number", "ro_cnp", "bg_egn", "hr_oib", "si_emso", "ee_lt_personal_code", "passport_mrz",
}

// rec locates a planted value in structured content. row 0 means none.
// With pointer set it is a JSON record; with table, an SQL one; else CSV.
type rec struct {
	row     int64
	field   string
	pointer string
	table   string
}

// ---------------------------------------------------------------------------
// fw writes one corpus file: its bytes (through a large buffer, to a file
// or a gzip stream) and the ground truth of what is planted in it.

const flushAt = 256 << 10

type fw struct {
	buf     []byte
	out     io.Writer
	flushed int64 // bytes handed to out
	lines   int64 // newlines in out and buf[:counted]
	counted int
	err     error

	r       *rng
	profile string
	clk     clock

	tr      *truthBuf
	trHead  []byte // `{"path":"...","type":"`
	trTail  []byte // `","profile":"..."}` + "\n"
	planted [nTypes]int
}

func newFW(out io.Writer, rel, profile string, r *rng, tr *truthBuf) *fw {
	w := &fw{buf: make([]byte, 0, flushAt+64<<10), out: out, r: r, profile: profile, tr: tr}
	w.trHead = append(w.trHead, `{"path":`...)
	w.trHead = appendJSONString(w.trHead, rel)
	w.trHead = append(w.trHead, `,"type":"`...)
	w.trTail = append(w.trTail, `,"profile":`...)
	w.trTail = appendJSONString(w.trTail, profile)
	w.trTail = append(w.trTail, "}\n"...)
	return w
}

func (w *fw) off() int64 { return w.flushed + int64(len(w.buf)) }

// line is the 1-based line of the current end of the content.
func (w *fw) line() int64 {
	w.lines += int64(bytes.Count(w.buf[w.counted:], []byte{'\n'}))
	w.counted = len(w.buf)
	return w.lines + 1
}

func (w *fw) flush() {
	w.line()
	if w.err == nil && len(w.buf) > 0 {
		_, w.err = w.out.Write(w.buf)
	}
	w.flushed += int64(len(w.buf))
	w.buf = w.buf[:0]
	w.counted = 0
}

func (w *fw) s(s string) { w.buf = append(w.buf, s...) }
func (w *fw) c(c byte)   { w.buf = append(w.buf, c) }
func (w *fw) n(n int)    { w.buf = strconv.AppendInt(w.buf, int64(n), 10) }

// nl ends a line and flushes when the buffer is full.
func (w *fw) nl() {
	w.buf = append(w.buf, '\n')
	if len(w.buf) >= flushAt {
		w.flush()
	}
}

// pad writes n zero-padded to width digits.
func (w *fw) pad(n, width int) {
	var tmp [20]byte
	b := strconv.AppendInt(tmp[:0], int64(n), 10)
	for i := len(b); i < width; i++ {
		w.buf = append(w.buf, '0')
	}
	w.buf = append(w.buf, b...)
}

// plant writes v and labels it as t (in plain text).
func (w *fw) plant(t typ, v string) { w.plantR(t, v, rec{}) }

// plantR writes v and labels it as t at record rc.
func (w *fw) plantR(t typ, v string, rc rec) {
	start := w.off()
	w.buf = append(w.buf, v...)
	w.label(t, start, v, rc)
}

// label records the truth of a value v written at start (it ends here).
func (w *fw) label(t typ, start int64, v string, rc rec) {
	end := w.off()
	line := w.line() - int64(bytes.Count([]byte(v), []byte{'\n'})) // where it starts
	w.planted[t]++
	b := w.tr.mem
	b = append(b, w.trHead...)
	b = append(b, typeIDs[t]...)
	b = append(b, `","start":`...)
	b = strconv.AppendInt(b, start, 10)
	b = append(b, `,"end":`...)
	b = strconv.AppendInt(b, end, 10)
	b = append(b, `,"line":`...)
	b = strconv.AppendInt(b, line, 10)
	if rc.row > 0 {
		b = append(b, `,"record":{"row":`...)
		b = strconv.AppendInt(b, rc.row, 10)
		if rc.pointer != "" {
			b = append(b, `,"pointer":`...)
			b = appendJSONString(b, rc.pointer)
		} else {
			b = append(b, `,"field":`...)
			b = appendJSONString(b, rc.field)
			if rc.table != "" {
				b = append(b, `,"table":`...)
				b = appendJSONString(b, rc.table)
			}
		}
		b = append(b, '}')
	}
	b = append(b, `,"value":`...)
	b = appendJSONString(b, v)
	b = append(b, w.trTail...)
	w.tr.mem = b
	w.tr.rotate()
}

const hexDigits = "0123456789abcdef"

// hex writes n random lower-case hex digits.
func (w *fw) hex(n int) {
	for n > 0 {
		x := w.r.u64()
		for i := 0; i < 16 && n > 0; i++ {
			w.buf = append(w.buf, hexDigits[x&15])
			x >>= 4
			n--
		}
	}
}

// uuid writes a random (version 4) UUID.
func (w *fw) uuid() {
	w.hex(8)
	w.c('-')
	w.hex(4)
	w.s("-4")
	w.hex(3)
	w.c('-')
	w.c("89ab"[w.r.intn(4)])
	w.hex(3)
	w.c('-')
	w.hex(12)
}

const alnum = "abcdefghijklmnopqrstuvwxyz0123456789"

// ident writes prefix and n random lower-case letters or digits.
func (w *fw) ident(prefix string, n int) {
	w.s(prefix)
	x := w.r.u64()
	for i := 0; i < n; i++ {
		if i%10 == 9 {
			x = w.r.u64()
		}
		w.c(alnum[x%36])
		x /= 36
	}
}

// dec writes a decimal number with the given number of fraction digits.
func (w *fw) dec(n, frac int) {
	p := 1
	for i := 0; i < frac; i++ {
		p *= 10
	}
	w.n(n / p)
	if frac > 0 {
		w.c('.')
		w.pad(n%p, frac)
	}
}

// appendJSONString appends s as a JSON string (UTF-8 kept as is).
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, `\u00`...)
			b = append(b, hexDigits[c>>4], hexDigits[c&15])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// ---------------------------------------------------------------------------
// truthBuf holds one file's truth lines in chunks (no copying as it
// grows); past limit bytes they go to a temporary file, so that a big
// export does not hold them all in memory.

const truthChunk = 1 << 20

type truthBuf struct {
	mem     []byte   // the chunk being filled
	full    [][]byte // filled chunks, in order
	size    int      // bytes in full
	free    [][]byte // chunks to reuse after a spill
	limit   int
	tmpPath string
	tmp     *os.File
	err     error
}

// rotate closes the current chunk once it is big enough.
func (t *truthBuf) rotate() {
	if len(t.mem) < truthChunk {
		return
	}
	t.full = append(t.full, t.mem)
	t.size += len(t.mem)
	if n := len(t.free); n > 0 {
		t.mem, t.free = t.free[n-1][:0], t.free[:n-1]
	} else {
		t.mem = make([]byte, 0, truthChunk+16<<10)
	}
	if t.size >= t.limit {
		t.spill()
	}
}

// spill writes the full chunks to the temporary file.
func (t *truthBuf) spill() {
	if t.err == nil && t.tmp == nil {
		t.tmp, t.err = os.Create(t.tmpPath)
	}
	for _, c := range t.full {
		if t.err == nil {
			_, t.err = t.tmp.Write(c)
		}
		t.free = append(t.free, c)
	}
	t.full, t.size = t.full[:0], 0
}

// writeTo copies the truth, in order, to out and removes the spill file.
func (t *truthBuf) writeTo(out io.Writer) error {
	if t.tmp != nil {
		if t.err == nil {
			_, t.err = t.tmp.Seek(0, io.SeekStart)
		}
		if t.err == nil {
			_, t.err = io.Copy(out, t.tmp)
		}
		t.tmp.Close()
		os.Remove(t.tmpPath)
	}
	if t.err != nil {
		return t.err
	}
	for _, c := range append(t.full, t.mem) {
		if _, err := out.Write(c); err != nil {
			return err
		}
	}
	t.release()
	return nil
}

// release drops the buffers (and the spill file).
func (t *truthBuf) release() {
	if t.tmp != nil {
		t.tmp.Close()
		os.Remove(t.tmpPath)
		t.tmp = nil
	}
	t.mem, t.full, t.free = nil, nil, nil
}

// ---------------------------------------------------------------------------
// clock is a file's simulated time, moving forward line by line.

type clock struct {
	ms      int64
	day     int64
	y, m, d int
	wday    time.Weekday
}

// start sets the clock to a moment of 2023-2024 picked by r.
func (c *clock) start(r *rng) {
	base := time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	c.ms = base + int64(r.intn(420*86400))*1000 + int64(r.intn(1000))
	c.day = -1
}

func (c *clock) tick(r *rng, meanMs int) {
	c.ms += 1 + int64(r.intn(2*meanMs+1))
}

func (c *clock) sync() {
	if day := c.ms / 86400000; day != c.day {
		t := time.UnixMilli(c.ms).UTC()
		var mo time.Month
		c.y, mo, c.d = t.Date()
		c.m = int(mo)
		c.wday = t.Weekday()
		c.day = day
	}
}

func (c *clock) hms() (h, m, s, ms int) {
	x := c.ms % 86400000
	return int(x / 3600000), int(x / 60000 % 60), int(x / 1000 % 60), int(x % 1000)
}

var monAbbr = [...]string{"", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
var dayAbbr = [...]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}

// date writes 2024-03-01.
func (w *fw) date() {
	w.clk.sync()
	w.n(w.clk.y)
	w.c('-')
	w.pad(w.clk.m, 2)
	w.c('-')
	w.pad(w.clk.d, 2)
}

// hmsTS writes 12:00:05.
func (w *fw) hmsTS() {
	h, m, s, _ := w.clk.hms()
	w.pad(h, 2)
	w.c(':')
	w.pad(m, 2)
	w.c(':')
	w.pad(s, 2)
}

// iso writes 2024-03-01T12:00:05.123Z.
func (w *fw) iso() {
	w.date()
	w.c('T')
	w.hmsTS()
	w.c('.')
	_, _, _, ms := w.clk.hms()
	w.pad(ms, 3)
	w.c('Z')
}

// clf writes the access log time 01/Mar/2024:12:00:05 +0000.
func (w *fw) clf() {
	w.clk.sync()
	w.pad(w.clk.d, 2)
	w.c('/')
	w.s(monAbbr[w.clk.m])
	w.c('/')
	w.n(w.clk.y)
	w.c(':')
	w.hmsTS()
	w.s(" +0000")
}

// syslogTS writes Mar  1 12:00:05.
func (w *fw) syslogTS() {
	w.clk.sync()
	w.s(monAbbr[w.clk.m])
	w.c(' ')
	if w.clk.d < 10 {
		w.c(' ')
	}
	w.n(w.clk.d)
	w.c(' ')
	w.hmsTS()
}

// rfc2822 writes Fri, 01 Mar 2024 12:00:05 +0000.
func (w *fw) rfc2822() {
	w.clk.sync()
	w.s(dayAbbr[w.clk.wday])
	w.s(", ")
	w.pad(w.clk.d, 2)
	w.c(' ')
	w.s(monAbbr[w.clk.m])
	w.c(' ')
	w.n(w.clk.y)
	w.c(' ')
	w.hmsTS()
	w.s(" +0000")
}
