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
				Examples:    []string{"contact: jane.doe@example.com", "Mail an hans.mueller+news@beispiel.de bitte", "<a href=\"mailto:ana.garcia@correo.es\">"},
				NotExamples: []string{"logo@2x.png", "user@localhost", "git@github"}},
		},
		Detectors: []Detector{
			{`[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}\b`, []string{"email"}, "", 0, 10},
		},
		Fields: []FieldRule{
			{Names: []string{"email", "e_mail", "mail", "email_address", "mail_address", "courriel", "adresse_mail", "correo", "correo_electronico", "posta_elettronica", "emailadres"},
				Types: []string{"email"}},
		},
	}
}

var (
	kwEmail = []string{"email", "mail", "e-mail", "mailto", "courriel", "adresse", "correo", "electrónico", "posta", "elettronica", "mailadres", "contact"}
)

func checkEmail(v []byte, env *Env) (Span, float64, bool) {
	at := bytes.IndexByte(v, '@')
	if at <= 0 || at > 64 || len(v) > 254 {
		return Span{}, 0, false
	}
	local := v[:at]
	if local[len(local)-1] == '.' || bytes.Contains(local, []byte("..")) || machineLocal(local) {
		return Span{}, 0, false
	}
	dot := bytes.LastIndexByte(v, '.')
	tld := v[dot+1:]
	// Asset names like logo@2x.png have the shape of an address.
	var buf [24]byte
	switch string(lowerWord(buf[:0], tld)) {
	case "png", "jpg", "jpeg", "gif", "svg", "webp", "css", "js", "ico", "bmp", "tiff", "pdf", "map":
		return Span{}, 0, false
	}
	return whole(v), 0.9, true
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

func normEmail(dst, v []byte, env *Env) []byte {
	for _, c := range v {
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
