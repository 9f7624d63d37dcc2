package patterns

import (
	"bytes"
	"strings"
)

// urlFamily is URLs that identify a person.
func urlFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "url", Category: CategoryOnlineIdentifier, Description: "URL that identifies a person (user, profile or personal query parameters)", Validator: "host shape; plain URLs fall below the default threshold",
				Check: checkURL, Normalize: normURL, Mask: maskURL, Keywords: kwURL,
				Examples:    []string{"see https://social.example.com/profile?user=jdoe42", "https://shop.example.org/account?email=x"},
				NotExamples: []string{"docs at https://example.com/docs/install"}},
		},
		Detectors: []Detector{
			{`\b(?i:https?)://[A-Za-z0-9.-]{1,253}(?::\d{1,5})?(?:[/?#][^ \t\r\n"'<>@\x60\\|]*)?`, []string{"url"}, "", 0, 20},
		},
		Fields: []FieldRule{
			{Names: []string{"url", "website", "homepage", "profile_url"}, Types: []string{"url"}},
		},
	}
}

var (
	kwURL = []string{"profile", "user", "account", "link", "url", "unsubscribe", "reset"}
)

func checkURL(v []byte, env *Env) (Span, float64, bool) {
	// Trailing punctuation belongs to the sentence, not the URL.
	end := len(v)
	for end > 0 {
		switch v[end-1] {
		case '.', ',', ';', ':', '!', '?', ')', ']', '}':
			end--
			continue
		}
		break
	}
	v = v[:end]
	host := v[bytes.Index(v, []byte("://"))+3:]
	if i := bytes.IndexAny(host, "/?#:"); i >= 0 {
		host = host[:i]
	}
	if bytes.IndexByte(host, '.') < 0 {
		return Span{}, 0, false
	}
	// A URL is personal data when it carries who: a user path or a
	// personal query parameter. Others are reported below the default
	// threshold, for those who ask for everything.
	rest := v[bytes.Index(v, []byte("://"))+3+len(host):]
	for _, k := range urlPersonalMarks {
		if containsFold(rest, k) {
			return Span{0, end}, 0.65, true
		}
	}
	return Span{0, end}, 0.3, true
}

var urlPersonalMarks = []string{"user=", "userid=", "uid=", "email=", "mail=", "name=", "phone=", "customer=", "account=",
	"/user/", "/users/", "/profile", "/u/", "/people/", "/member", "/customer", "/account/", "@"}

// containsFold reports whether s contains the lower-case ASCII word k,
// ignoring ASCII case, without allocating.
func containsFold(s []byte, k string) bool {
	for i := 0; i+len(k) <= len(s); i++ {
		j := 0
		for j < len(k) && s[i+j]|0x20 == k[j]|0x20 {
			j++
		}
		if j == len(k) {
			return true
		}
	}
	return false
}

func normURL(dst, v []byte, env *Env) []byte {
	i := bytes.Index(v, []byte("://"))
	if i < 0 {
		return append(dst, v...)
	}
	host := v[i+3:]
	j := bytes.IndexAny(host, "/?#")
	if j < 0 {
		j = len(host)
	}
	dst = normEmail(dst, v[:i+3+j], env) // scheme and host are case-insensitive
	return append(dst, host[j:]...)
}

// Masks give a preview that shows the shape of a value, never enough of it
// to identify anyone.

// maskURL keeps the scheme, the first letter of each host label and the
// top-level domain, and masks the rest: https://j***.e******.com/*******.
func maskURL(v []byte) string {
	i := bytes.Index(v, []byte("://"))
	if i < 0 {
		return maskRunes(v, 0, 0)
	}
	rest := v[i+3:]
	j := bytes.IndexAny(rest, "/?#:")
	if j < 0 {
		j = len(rest)
	}
	host := rest[:j]
	var b strings.Builder
	b.Write(v[:i+3])
	tld := bytes.LastIndexByte(host, '.')
	for k, label := range bytes.Split(host, []byte(".")) {
		if k > 0 {
			b.WriteByte('.')
		}
		if tld >= 0 && k == bytes.Count(host, []byte(".")) {
			b.Write(label)
			continue
		}
		b.WriteString(maskRunes(label, 1, 0))
	}
	b.WriteString(maskRunes(rest[j:], 0, 0))
	return b.String()
}
