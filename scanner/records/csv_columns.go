package records

// Columns with no header: a delimited file that does not name its columns
// (mysqldump --tab, SELECT ... INTO OUTFILE) is read with each column
// classed by its values' shapes, when the Fields can tell.

// ColumnFields is what Fields may also do: class the columns of a file
// that has no header from the values at its start (patterns.Catalog does).
type ColumnFields interface {
	// ClassesOf returns, per column, the rule that its values fit, as
	// Fields.Class would for its name (0 for none). cols[i] holds the
	// values of column i, as the database holds them (unescaped); a NULL
	// is no value.
	ClassesOf(cols [][][]byte) []int32
}

// columnSample is how many rows at a file's start class its columns.
const columnSample = 50

// columns turns sampled rows into columns, leaving out rows of another
// width than the first, empty values and NULLs (\N reads as "N": a
// one-letter value says nothing of a column anyway).
func columns(rows [][][]byte, backslash bool) [][][]byte {
	cols := make([][][]byte, len(rows[0]))
	for _, r := range rows {
		if len(r) != len(cols) {
			continue
		}
		for i, v := range r {
			if len(v) == 0 || (backslash && len(v) == 1 && v[0] == 'N') {
				continue
			}
			cols[i] = append(cols[i], v)
		}
	}
	return cols
}
