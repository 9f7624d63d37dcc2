package output

import (
	"strconv"
	"unicode/utf8"

	"github.com/piid/piid/scanner"
)

// AppendJSON appends the compact JSON object of f to dst, byte for byte what
// encoding/json writes for it with HTML escaping off, without reflection or
// allocation: a dense export yields a finding every few dozen bytes, and
// encoding them is a hot path. It is safe for concurrent use.
func AppendJSON(dst []byte, f *scanner.Finding) []byte {
	dst = append(dst, `{"path":`...)
	dst = appendString(dst, f.Path)
	dst = append(dst, `,"type":`...)
	dst = appendString(dst, f.Type)
	dst = append(dst, `,"category":`...)
	dst = appendString(dst, f.Category)
	dst = append(dst, `,"start":`...)
	dst = strconv.AppendInt(dst, f.Start, 10)
	dst = append(dst, `,"end":`...)
	dst = strconv.AppendInt(dst, f.End, 10)
	dst = append(dst, `,"line":`...)
	dst = strconv.AppendInt(dst, f.Line, 10)
	dst = append(dst, `,"confidence":`...)
	dst = appendFloat(dst, f.Confidence)
	if r := f.Record; r != nil {
		dst = append(dst, `,"record":{`...)
		sep := ""
		if r.Row != 0 {
			dst = append(dst, `"row":`...)
			dst = strconv.AppendInt(dst, int64(r.Row), 10)
			sep = ","
		}
		if r.Field != "" {
			dst = append(append(dst, sep...), `"field":`...)
			dst = appendString(dst, r.Field)
			sep = ","
		}
		if r.Pointer != "" {
			dst = append(append(dst, sep...), `"pointer":`...)
			dst = appendString(dst, r.Pointer)
			sep = ","
		}
		if r.Table != "" {
			dst = append(append(dst, sep...), `"table":`...)
			dst = appendString(dst, r.Table)
		}
		dst = append(dst, '}')
	}
	dst = append(f.Hash.AppendHex(append(dst, `,"hash":"`...)), '"') // hex needs no escaping
	dst = append(dst, `,"masked":`...)
	dst = appendString(dst, f.Masked)
	if f.Value != "" {
		dst = append(dst, `,"value":`...)
		dst = appendString(dst, f.Value)
	}
	if f.RegionSource != "" {
		dst = append(dst, `,"region_source":`...)
		dst = appendString(dst, f.RegionSource)
	}
	if f.Ambiguous {
		dst = append(dst, `,"ambiguous":true`...)
	}
	if len(f.AltHashes) > 0 {
		dst = append(dst, `,"alt_hashes":[`...)
		for i, h := range f.AltHashes {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(h.AppendHex(append(dst, '"')), '"')
		}
		dst = append(dst, ']')
	}
	return append(dst, '}')
}

// appendFloat formats as encoding/json does for float64.
func appendFloat(dst []byte, v float64) []byte {
	abs := v
	if abs < 0 {
		abs = -abs
	}
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, v, format, -1, 64)
	if format == 'e' {
		// encoding/json writes e-07, not e-7... and trims it the same way.
		n := len(dst)
		if n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string the way encoding/json does with
// HTML escaping off: invalid UTF-8 becomes U+FFFD, U+2028 and U+2029 are
// escaped, control characters use the short escapes where JSON has them.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
