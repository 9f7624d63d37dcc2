// Package glob owns the path globs of the configuration (a data
// inventory's paths, per-path phone_regions): one syntax, one matcher.
// "*" and "?" stay within a folder, "**" spans folders ("**/" also
// matches no folder), "[…]" is a class ("[!…]" negated). A glob starting
// with "/" matches a file's absolute path; any other matches its path
// relative to the folder it was found under (MatchFile).
package glob

import (
	"errors"
	"regexp"
	"strings"
)

// Glob is a compiled path glob.
type Glob struct {
	abs bool
	re  *regexp.Regexp
}

// Compile checks and compiles g.
func Compile(g string) (*Glob, error) {
	if g == "" {
		return nil, errors.New("empty glob")
	}
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(g); i++ {
		c := g[i]
		switch {
		case c == '*' && i+1 < len(g) && g[i+1] == '*':
			i++
			if i+1 < len(g) && g[i+1] == '/' {
				i++
				b.WriteString("(?:.*/)?") // **/ : any folders, or none
			} else {
				b.WriteString(".*")
			}
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		case c == '[':
			j := strings.IndexByte(g[i:], ']')
			if j < 0 {
				return nil, errors.New("unclosed [")
			}
			class := g[i+1 : i+j]
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + class + "]")
			i += j
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, err
	}
	return &Glob{abs: g[0] == '/', re: re}, nil
}

// Match reports whether the whole of path matches.
func (g *Glob) Match(path string) bool { return g.re.MatchString(path) }

// MatchFile reports whether a file matches: its absolute path abs when
// the glob starts with "/", else rel, its path relative to the folder it
// was found under ("/"-separated).
func (g *Glob) MatchFile(abs, rel string) bool {
	if g.abs {
		return g.re.MatchString(abs)
	}
	return g.re.MatchString(rel)
}
