package patterns

// whole is the span of all of v.
func whole(v []byte) Span { return Span{0, len(v)} }

// compact appends the letters and digits of v to dst, upper-casing ASCII
// letters: the form checksums are computed on.
func compact(dst, v []byte) []byte {
	for _, c := range v {
		switch {
		case c >= '0' && c <= '9', c >= 'A' && c <= 'Z':
			dst = append(dst, c)
		case c >= 'a' && c <= 'z':
			dst = append(dst, c-'a'+'A')
		}
	}
	return dst
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isAlnum(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

// separators reports whether the non-alphanumeric bytes of v are all the
// same byte (or there are none): "4111 1111-1111 1111" is not a card.
func separatorsConsistent(v []byte) bool {
	var sep byte
	for _, c := range v {
		if isAlnum(c) {
			continue
		}
		if sep == 0 {
			sep = c
		} else if c != sep {
			return false
		}
	}
	return true
}

// glued reports whether the candidate continues a longer dotted or dashed
// number on either side (an OID, a version, a part number): "1.2.3.4" in
// "1.2.3.4.5", or "4111-1111-1111-1111-22".
func glued(env *Env) bool {
	b, a := env.Before, env.After
	if len(b) >= 2 && (b[len(b)-1] == '.' || b[len(b)-1] == '-' || b[len(b)-1] == '/') && isAlnum(b[len(b)-2]) {
		return true
	}
	if len(a) >= 2 && (a[0] == '.' || a[0] == '-' || a[0] == '/') && isDigit(a[1]) {
		return true
	}
	return false
}
