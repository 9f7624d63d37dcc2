package patterns

import (
	"bytes"
	"strings"
)

// emailFamily is email addresses.
func emailFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "email", RegionOf: emailRegion, Category: CategoryContact, Strong: true, Description: "Email address", Validator: "RFC 5321 lengths, TLD shape",
				Check: checkEmail, Normalize: normEmail, Mask: maskEmail, Keywords: kwEmail,
				Examples: []string{"contact: jane.doe@example.com", "Mail an hans.mueller+news@beispiel.de bitte", "<a href=\"mailto:ana.garcia@correo.es\">",
					"email: o'connor@example.ie", "name/surname@example.com", "mailhost!username@example.org", "user%example.com@example.org"},
				NotExamples: []string{"logo@2x.png", "user@localhost", "git@github", "Created symlink getty@tty1.service", "started user@1000.service"}},
		},
		Detectors: []Detector{
			// The local part is RFC 5322 atext and dots, opening with a
			// letter or digit so that the match starts inside the field that
			// holds it; checkEmail decides where the address starts (see
			// emailStart).
			{`[A-Za-z0-9_][.` + atext + `]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}\b`, []string{"email"}, "", 0, 10},
		},
		Fields: []FieldRule{
			{Names: []string{"email", "e_mail", "mail", "email_address", "mail_address", "courriel", "adresse_mail", "correo", "correo_electronico", "posta_elettronica", "emailadres"},
				Types: []string{"email"}},
		},
	}
}

// atext is the bytes RFC 5322 allows in a local part besides dots, as a
// regex class body (0x60 is the backquote), less "=" and "|": they join a
// field to its value in logs and tables ("user=jane@x.com",
// "42|jane@x.com"), so an address starts after them.
const atext = `A-Za-z0-9!#$%&'*+/?^_\x60{}~-`

var (
	kwEmail = []string{"email", "mail", "e-mail", "mailto", "courriel", "adresse", "correo", "electrónico", "posta", "elettronica", "mailadres", "contact"}
)

func checkEmail(v []byte, env *Env) (Span, float64, bool) {
	// An escaped quote before it or in it (SQL's '' and \'): the address
	// reads whole only unescaped, and the scanner reads that value again.
	if b := env.Before; bytes.Contains(v, []byte("''")) || len(b) >= 2 && b[len(b)-1] == '\'' && b[len(b)-2] == '\\' {
		return Span{}, 0, false
	}
	start := emailStart(v)
	// The tail of a path: "GET /users/jane@x.com".
	if b := env.Before; start == 0 && len(b) > 0 && b[len(b)-1] == '/' {
		start = bytes.LastIndexByte(v[:bytes.IndexByte(v, '@')], '/') + 1
	}
	v = v[start:]
	at := bytes.IndexByte(v, '@')
	if at <= 0 || at > 64 || len(v) > 254 {
		return Span{}, 0, false
	}
	local := v[:at]
	if local[0] == '.' || local[len(local)-1] == '.' || bytes.Contains(local, []byte("..")) || machineLocal(local) {
		return Span{}, 0, false
	}
	dot := bytes.LastIndexByte(v, '.')
	tld := v[dot+1:]
	// Asset names like logo@2x.png have the shape of an address.
	var buf [24]byte
	switch string(lowerWord(buf[:0], tld)) {
	case "png", "jpg", "jpeg", "gif", "svg", "webp", "css", "js", "ico", "bmp", "tiff", "pdf", "map",
		// systemd unit instances: getty@tty1.service, user@1000.service.
		"service", "socket", "target", "timer", "mount", "automount", "slice", "scope", "swap", "device":
		return Span{}, 0, false
	}
	return Span{start, start + len(v)}, 0.9, true
}

// emailStart returns where the address in v starts. "=" and "|" end a
// field name or a cell ("user=jane@x.com", "a|jane@x.com": the detector
// never takes them; a subject's address typed so is cut the same way); a
// local part opening with punctuation was opened by a delimiter (a quote,
// a brace: "'jane@x.com'"), so it starts after that delimiter's last
// occurrence; a path or a URL before it ends at its last slash.
// Punctuation between letters stays: o'connor@example.ie, name/surname@….
func emailStart(v []byte) int {
	at := bytes.IndexByte(v, '@')
	if at < 0 {
		return 0
	}
	start := bytes.LastIndexAny(v[:at], "=|") + 1
	if start < at && !isAlnum(v[start]) {
		start += bytes.LastIndexByte(v[start:at], v[start]) + 1
	}
	// A path or a URL before it: "example.com/users/jane@x.com" (the
	// segments before the last slash hold a dot or another slash).
	if k := bytes.LastIndexByte(v[start:at], '/'); k > 0 && bytes.ContainsAny(v[start:start+k], "./") {
		start += k + 1
	}
	return start
}

// machineLocal reports a local part that no person reads: a UUID or a long
// hex token, as in Message-IDs (<8f1c…@mail.example.com>).
func machineLocal(local []byte) bool {
	if len(local) < 16 {
		return false
	}
	hex, dashes := 0, 0
	for _, c := range local {
		switch {
		case isDigit(c), c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
			hex++
		case c == '-':
			dashes++
		default:
			return false
		}
	}
	return hex+dashes == len(local) && (dashes >= 3 || len(local) >= 24)
}

// normEmail lower-cases the address; a subject's address typed as it was
// written ("user=jane@x.com") starts where the scan's does.
func normEmail(dst, v []byte, env *Env) []byte {
	for _, c := range v[emailStart(v):] {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// maskEmail keeps the first letter of the local part and of the domain and
// the top-level domain: j***@e******.com.
func maskEmail(v []byte) string {
	at := bytes.IndexByte(v, '@')
	dot := bytes.LastIndexByte(v, '.')
	if at < 1 || dot < at {
		return maskRunes(v, 0, 0)
	}
	var b strings.Builder
	b.WriteByte(v[0])
	b.WriteString(strings.Repeat("*", at-1))
	b.WriteByte('@')
	if dot > at+1 {
		b.WriteByte(v[at+1])
		b.WriteString(strings.Repeat("*", dot-at-2))
	}
	b.Write(v[dot:])
	return b.String()
}
