package records

import (
	"bytes"
)

// looksSQL: whether a file's head is a SQL script.

// looksSQL says whether body (a file's head, BOM trimmed) is a SQL script:
// among its first 64 KiB, past comments and statements such as SET or
// SELECT, a line starts with CREATE TABLE, INSERT INTO or COPY ... FROM
// stdin.
func looksSQL(body []byte) bool {
	b := body[:min(len(body), 64<<10)]
	i := 0
	lineStart := true
	for i < len(b) {
		c := b[i]
		switch {
		case c == '\n':
			lineStart = true
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == ';':
			i++
			continue
		case c == '-' && i+1 < len(b) && b[i+1] == '-', c == '\\' && lineStart, c == '#':
			k := bytes.IndexByte(b[i:], '\n')
			if k < 0 {
				return false
			}
			i += k
			continue
		case c == '/' && i+1 < len(b) && b[i+1] == '*':
			if i = sqlBlockEnd(b, i); i < 0 {
				return false
			}
			continue
		}
		if !lineStart {
			return false
		}
		w, j := sqlWordAt(b, i)
		switch {
		case sqlKw(w, "insert") || sqlKw(w, "replace"):
			return sqlInsertHead(b, j)
		case sqlKw(w, "create"):
			table, k := sqlCreateHead(b, j)
			if table {
				return true
			}
			if k < 0 {
				return false
			}
		case sqlKw(w, "copy"):
			k := sqlStmtEnd(b, j)
			if k < 0 {
				return false
			}
			return bytes.Contains(bytes.ToLower(b[j:k]), []byte("from stdin"))
		case sqlKw(w, "delimiter"):
			k := bytes.IndexByte(b[i:], '\n')
			if k < 0 {
				return false
			}
			i += k
			continue
		case sqlSkipWord(w):
		default:
			return false
		}
		k := sqlStmtEnd(b, j)
		if k < 0 {
			return false
		}
		i, lineStart = k+1, true // the next statement may follow on the line
	}
	return false
}

func sqlSkipWord(w []byte) bool {
	for _, k := range [...]string{"set", "select", "drop", "alter", "lock", "unlock", "begin", "start", "commit",
		"use", "pragma", "comment", "grant", "revoke", "truncate", "analyze", "vacuum", "savepoint", "release"} {
		if sqlKw(w, k) {
			return true
		}
	}
	return false
}

// sqlWordAt returns the word at b[i:] and the index after it.
func sqlWordAt(b []byte, i int) ([]byte, int) {
	j := i
	for j < len(b) && sqlIdent[b[j]] {
		j++
	}
	return b[i:j], j
}

func sqlSpaces(b []byte, i int) int {
	for i < len(b) && sqlSpace[b[i]] {
		i++
	}
	return i
}

// sqlNameAt skips a table name ([schema.]name, quoted or not) at b[i:];
// -1 when there is none.
func sqlNameAt(b []byte, i int) int {
	for {
		i = sqlSpaces(b, i)
		if i >= len(b) {
			return -1
		}
		switch c := b[i]; {
		case c == '"' || c == '`':
			k := bytes.IndexByte(b[i+1:], c)
			if k < 0 {
				return -1
			}
			i += k + 2
		case sqlWordStart[c]:
			_, i = sqlWordAt(b, i)
		default:
			return -1
		}
		if i < len(b) && b[i] == '.' {
			i++
			continue
		}
		return i
	}
}

// sqlInsertHead says whether b[j:] continues an INSERT statement:
// [IGNORE] INTO name, then a column list, VALUES, SELECT or DEFAULT.
func sqlInsertHead(b []byte, j int) bool {
	for {
		j = sqlSpaces(b, j)
		w, k := sqlWordAt(b, j)
		if sqlKw(w, "into") {
			j = k
			break
		}
		if !(sqlKw(w, "ignore") || sqlKw(w, "low_priority") || sqlKw(w, "delayed") || sqlKw(w, "high_priority")) {
			return false
		}
		j = k
	}
	if j = sqlNameAt(b, j); j < 0 {
		return false
	}
	j = sqlSpaces(b, j)
	if j < len(b) && b[j] == '(' {
		return true
	}
	w, _ := sqlWordAt(b, j)
	return sqlKw(w, "values") || sqlKw(w, "value") || sqlKw(w, "select") || sqlKw(w, "default") || sqlKw(w, "overriding")
}

// sqlCreateHead says whether b[j:] continues a CREATE TABLE statement; if
// not, k is the index after the object's kind when it is one, else -1.
func sqlCreateHead(b []byte, j int) (bool, int) {
	for {
		j = sqlSpaces(b, j)
		w, k := sqlWordAt(b, j)
		switch {
		case sqlKw(w, "table"):
			j = sqlSpaces(b, k)
			for _, kw := range []string{"if", "not", "exists"} {
				if w, k := sqlWordAt(b, j); sqlKw(w, kw) {
					j = sqlSpaces(b, k)
				}
			}
			if j = sqlNameAt(b, j); j < 0 {
				return false, -1
			}
			j = sqlSpaces(b, j)
			if j < len(b) && b[j] == '(' {
				return true, 0
			}
			w, _ := sqlWordAt(b, j)
			return sqlKw(w, "as") || sqlKw(w, "partition") || sqlKw(w, "like"), -1
		case sqlKw(w, "temporary") || sqlKw(w, "temp") || sqlKw(w, "unlogged") || sqlKw(w, "global") ||
			sqlKw(w, "local") || sqlKw(w, "or") || sqlKw(w, "replace"):
			j = k
		default:
			for _, kind := range [...]string{"schema", "sequence", "function", "procedure", "extension", "type",
				"database", "index", "unique", "view", "materialized", "trigger", "domain", "aggregate", "operator",
				"collation", "cast", "rule", "policy", "publication", "subscription", "server", "role", "user",
				"event", "text", "foreign", "language", "statistics", "conversion", "tablespace"} {
				if sqlKw(w, kind) {
					return false, k
				}
			}
			if bytes.HasPrefix(bytes.ToLower(w), []byte("definer")) || bytes.HasPrefix(bytes.ToLower(w), []byte("algorithm")) {
				return false, k
			}
			return false, -1
		}
	}
}

// sqlStmtEnd returns the index of the ';' that ends the statement going on
// at b[i:] (past strings, quoted names, dollar quotes and comments), -1
// when it is not in b.
func sqlStmtEnd(b []byte, i int) int {
	for i < len(b) {
		switch c := b[i]; c {
		case ';':
			return i
		case '\'', '"', '`':
			j := i + 1
			for {
				k := bytes.IndexByte(b[j:], c)
				if k < 0 {
					return -1
				}
				j += k + 1
				n := 0
				for p := j - 2; p > i && b[p] == '\\'; p-- {
					n++
				}
				if n%2 == 0 {
					break
				}
			}
			i = j
		case '$':
			j := i + 1
			for j < len(b) && sqlIdent[b[j]] && b[j] != '$' {
				j++
			}
			if j < len(b) && b[j] == '$' && (i == 0 || !sqlIdent[b[i-1]]) {
				tag := b[i : j+1]
				k := bytes.Index(b[j+1:], tag)
				if k < 0 {
					return -1
				}
				i = j + 1 + k + len(tag)
			} else {
				i++
			}
		case '-':
			if i+1 < len(b) && b[i+1] == '-' {
				k := bytes.IndexByte(b[i:], '\n')
				if k < 0 {
					return -1
				}
				i += k
			} else {
				i++
			}
		case '/':
			if i+1 < len(b) && b[i+1] == '*' {
				if i = sqlBlockEnd(b, i); i < 0 {
					return -1
				}
			} else {
				i++
			}
		default:
			i++
		}
	}
	return -1
}

// skipPast returns the index after the first b in hay[i:n], or n and false

// sqlBlockEnd returns the index after the /* comment */ at b[i:], -1 when
// it does not end in b. Comments nest in PostgreSQL, not in MySQL: the
// head's marks (sqlDialect) tell which, asked only when a comment is met.
func sqlBlockEnd(b []byte, i int) int {
	if mysql, _ := sqlDialect(b); mysql {
		k := bytes.Index(b[i+2:], []byte("*/"))
		if k < 0 {
			return -1
		}
		return i + k + 4
	}
	depth := 0
	for i+1 < len(b) {
		switch {
		case b[i] == '/' && b[i+1] == '*':
			depth++
			i += 2
		case b[i] == '*' && b[i+1] == '/':
			i += 2
			if depth--; depth == 0 {
				return i
			}
		default:
			i++
		}
	}
	return -1
}
