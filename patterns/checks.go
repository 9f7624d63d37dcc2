package patterns

import "bytes"

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

// versionContext reports whether the candidate follows a version marker: a
// pin ("==", ">=", "~="), a package's "@", a glued "v", a maven coordinate
// ("group:artifact:"), or a word naming a version ("version", "firmware",
// "build", "AssemblyVersion=", ...). A dotted number there is a version,
// not an address or a phone.
func versionContext(env *Env) bool {
	b := env.Before
	n := len(b)
	if n == 0 {
		return false
	}
	switch last := b[n-1]; {
	case last == '@', last == 'v' || last == 'V':
		return true
	case last == '=' && n >= 2 && bytesContain("=<>~!", b[n-2]):
		return true
	case last == ':' && mavenCoordinate(b[:n-1]):
		return true
	}
	// The word before, across a few separators: "firmware 3.20.41.77",
	// "Version=4.0.0.0", "AssemblyVersion(\"4.0.0.0".
	i := n
	for i > 0 && n-i < 3 && bytesContain(" \t=:(\"'#", b[i-1]) {
		i--
	}
	j := i
	for j > 0 && (wordByte(b[j-1]) || b[j-1] == '_') {
		j--
	}
	if j == i || i-j > 16 {
		return false
	}
	var buf [16]byte
	w := lowerWord(buf[:0], b[j:i])
	switch string(w) {
	case "ver", "fw", "firmware", "build", "release", "rev", "revision", "version":
		return true
	}
	// "AssemblyVersion", "min_version", "python_version".
	return len(w) > len("version") && string(w[len(w)-len("version"):]) == "version"
}

// mavenCoordinate reports whether b ends with "group:artifact" (a token of
// names joined by a colon, no space): what follows its colon is a version.
func mavenCoordinate(b []byte) bool {
	i := len(b)
	for i > 0 && b[i-1] != ' ' && b[i-1] != '\t' && b[i-1] != '\n' {
		i--
	}
	tok := b[i:]
	k := bytes.IndexByte(tok, ':')
	return k > 0 && k < len(tok)-1 && wordByte(tok[k+1]) && wordByte(tok[k-1])
}

func bytesContain(set string, c byte) bool {
	for i := 0; i < len(set); i++ {
		if set[i] == c {
			return true
		}
	}
	return false
}

// versionShape reports a dotted number too short to be a national phone
// number written without its trunk 0 ("22.139.66", "4.12.71"): people who
// write a phone with dots write all of it (415.555.2671, 06.12.34.56.78).
func versionShape(v []byte) bool {
	if len(v) == 0 || v[0] == '0' || v[0] == '+' {
		return false
	}
	digits, dots := 0, 0
	for _, c := range v {
		switch {
		case isDigit(c):
			digits++
		case c == '.':
			dots++
		default:
			return false
		}
	}
	return dots > 0 && digits < 9
}

// moreGroups counts the digits of the groups that continue a candidate
// after it ("9400 1000 0000 0000" + " 0000 00" of a USPS number): a run of
// digit groups longer than any phone number is not one.
func moreGroups(after []byte) int {
	n := 0
	for i := 0; i+1 < len(after) && (after[i] == ' ' || after[i] == '-' || after[i] == '.') && isDigit(after[i+1]); {
		i++
		for i < len(after) && isDigit(after[i]) {
			n++
			i++
		}
	}
	return n
}
