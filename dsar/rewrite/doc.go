// Package rewrite edits files in place for GDPR erasure: it replaces the
// values the scanner found, or deletes the records that hold them, and
// leaves every other byte as it was.
//
// # Guarantees
//
// Atomic. The new content is written to a temporary file in the same
// directory, synced, given the original's mode and owner, and renamed over
// the original; the directory is then synced. A crash at any moment leaves
// either the old file or the new one, never a mix. A crash can leave a
// temporary file behind: its name is ".<name>.<16 hex digits><suffix>"
// (DefaultTempSuffix unless Options.TempSuffix says otherwise), and
// CleanupTemps removes such files; call it at startup, before any Apply
// runs in that directory. Watchers should ignore names of that shape.
//
// Confined. The file's directory is opened once, beneath a watched root
// with no symbolic link on the way (Options.Roots, package confine), and
// the file, the temporary file and the rename are all relative to that
// descriptor: a directory swapped for a link after the check cannot
// redirect the write. With Options.ExpectID, a file that is not the one
// the plan saw (device and inode) is refused (ErrNotSame).
//
// All or nothing. Every edit is checked before anything is written: an
// edit out of range, two edits that partly overlap, an edit that crosses
// the end of its field or record (ErrEdit), or a file that no longer
// matches Options.Expect (ErrChanged) fail the whole call, and the
// original stays untouched. Duplicate edits, and edits inside another,
// count once; replacements inside a deleted record go with it.
//
// Byte-exact. Offsets are those of scanner.Finding: byte offsets in the
// decompressed content. Bytes that no edit names (and that no deleted
// record holds) are copied unchanged; only the spans named are replaced,
// save for the quoting a format needs around a value that changes kind
// (an unquoted CSV field that now holds a comma, a JSON number that now
// holds text). An edit that cuts an escape sequence (a JSON \u00e9, a
// doubled CSV quote) is widened to the whole sequence, since half of one
// cannot stay; a span over a value's quotes names the value, and the
// quotes stay.
//
// Format-aware. A replacement is given raw and is escaped for where it
// lands: a JSON string, a bare JSON number (which becomes a string), a
// quoted or unquoted CSV field (quoted when it needs to be), a field of
// backslash-escaped delimited text (mysqldump --tab), a SQL string
// literal (MySQL or PostgreSQL rules), a bare SQL value (which becomes a
// string literal), a PostgreSQL COPY field; in a string of a JSON
// document that such a value holds (a JSON column, a JSON cell), for JSON
// first and then for the value. The structure is read by the scanner's
// own parser (package records), so an edit names the bytes the scanner
// read. Where the quoting cannot be known (a JSONL line that is not JSON,
// a damaged CSV row, past damage the scanner reads as plain text) only a
// replacement no format gives a meaning to (letters, digits, blanks and
// . @ _ : + = [ ], as the redact and pseudonymize strategies write) goes
// in, as it is; any other edit there is refused.
// Record deletion removes a CSV
// row (quoted fields may span lines; a header row is never deleted, nor a
// damaged row the scanner reads as plain text), a JSONL or text line, a
// COPY ... FROM stdin row, or one (...) tuple of an INSERT with one comma next to it, so the list
// stays a list; an INSERT left with no tuple goes whole, with its line
// when it has one to itself. A JSON document has no record to delete.
//
// Streaming. Files are read twice, sequentially: once to lex the structure
// and check the edits and the fingerprint, once to write the new content.
// Memory does not grow with the file, only with the number of edits and
// the size of the values edited (at most MaxValue bytes each).
//
// gzip files are read decompressed (offsets are in the decompressed
// content) and written back as one gzip member that keeps the first
// member's header (name, modification time, comment, OS). Other
// compressions, archives and archive members, binary files, symbolic links
// (in any component of the path), files whose real path is outside the
// watched folders and files with several hard links are refused: they need manual handling
// (see Check).
//
// # Limits
//
// The file may change between the last check and the rename (a writer that
// does not lock): Apply compares the file's identity, size and modification
// time just before renaming, and its content hash on both reads, but a
// write in that last instant is lost. Extended attributes and ACLs are not
// copied to the new file, and gzip output is compressed at the default
// level whatever the original's was. A crash is survived; a power loss is
// as far as fsync of the file and of its directory reaches.
package rewrite
