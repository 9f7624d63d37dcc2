package records

import (
	"bytes"
	"fmt"
	"strings"
)

// Dialect is what the start of a file tells of how to read it: its
// structure and how that is written. A file is sniffed once (Sniff) and
// the scanner and the rewriter both read it with the result; an erasure
// plan records it (String) so that applying the plan can refuse a file
// that no longer reads the same.
type Dialect struct {
	Kind Kind
	// CSV: the delimiter; whether the first row names the columns;
	// whether fields take backslash escapes instead of quotes (MySQL's
	// SELECT ... INTO OUTFILE and mysqldump --tab).
	Delim     byte
	Header    bool
	Backslash bool
	// SQL: a MySQL dump (backslash escapes, "..." strings, # comments,
	// `names`, no dollar quotes, comments that do not nest); otherwise
	// PostgreSQL, where Backslash says plain '...' strings take backslash
	// escapes (standard_conforming_strings off).
	MySQL bool
}

// String spells the dialect for a record of it ("csv delim=0x2c header").
func (d Dialect) String() string {
	var b strings.Builder
	b.WriteString(d.Kind.String())
	switch d.Kind {
	case CSV:
		fmt.Fprintf(&b, " delim=0x%02x", d.Delim)
		if d.Header {
			b.WriteString(" header")
		}
		if d.Backslash {
			b.WriteString(" backslash")
		}
	case SQL:
		if d.MySQL {
			b.WriteString(" mysql")
		} else {
			b.WriteString(" postgresql")
		}
		if d.Backslash {
			b.WriteString(" backslash")
		}
	}
	return b.String()
}

// Sniff tells how to read a file from its name and first bytes
// (decompressed, BOM included). Content decides; the extension only breaks
// ties (a .csv that sniffs as delimited text is CSV, a .log is not).
// fields, when not nil, helps tell a CSV header from a first data row.
func Sniff(name string, head []byte, fields Fields) Dialect {
	ext := extension(name)
	body := trimBOM(head)
	first := firstNonSpace(body)
	switch {
	case (first == '{' || first == '[') && opensJSON(body):
		if ext == ".jsonl" || ext == ".ndjson" || looksJSONL(body) {
			return Dialect{Kind: JSONL}
		}
		return Dialect{Kind: JSON}
	case looksSQL(body):
		mysql, bsl := sqlDialect(body)
		return Dialect{Kind: SQL, MySQL: mysql, Backslash: bsl}
	}
	if d, ok := sniffCSV(body, ext, fields, name); ok {
		return d
	}
	return Dialect{Kind: Text}
}

// opensJSON says whether body, whose first byte not blank is '{' or '[',
// goes on as JSON does: a key or '}' after '{', a value or ']' after '['.
// A headerless CSV whose first value a redaction turned into
// "[REDACTED:email]" is no JSON.
func opensJSON(body []byte) bool {
	i := 0
	for i < len(body) && isBlank(body[i]) {
		i++
	}
	open := body[i]
	for i++; i < len(body) && isBlank(body[i]); i++ {
	}
	if i == len(body) {
		return true // nothing more to tell by
	}
	c := body[i]
	if open == '{' {
		return c == '"' || c == '}'
	}
	return c == '{' || c == '[' || c == '"' || c == ']' || c == '-' || c >= '0' && c <= '9' || c == 't' || c == 'f' || c == 'n'
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// IsJSONDocument says whether b opens as a JSON object or array (a JSON
// column of a dump, a JSON cell, a JSON string of a log line).
func IsJSONDocument(b []byte) bool {
	c := firstNonSpace(b)
	return c == '{' || c == '['
}

// sqlDialect tells a MySQL dump from a PostgreSQL one by the marks their
// tools leave near the start, and whether plain strings take backslash
// escapes.
func sqlDialect(head []byte) (mysql, backslash bool) {
	h := head[:min(len(head), 64<<10)]
	mysql = bytes.Contains(h, []byte("-- MySQL dump")) || bytes.Contains(h, []byte("-- MariaDB dump")) ||
		bytes.Contains(h, []byte("/*!40")) || bytes.Contains(h, []byte("/*M!")) ||
		bytes.Contains(h, []byte("phpMyAdmin")) || bytes.Contains(h, []byte("INSERT INTO `")) ||
		bytes.Contains(h, []byte("CREATE TABLE `"))
	return mysql, mysql || bytes.Contains(h, []byte("standard_conforming_strings = off"))
}
