package records

// Hinter is what a Sink may also do: say which spans it still needs, so
// that a locator can leave out the rest (most of a file is values no edit
// names). The rewriter's plan does.
type Hinter interface {
	// Hint returns where the spans needed start: values that end at or
	// before values, and records that end at or before recs, may be left
	// out. Both only grow as spans are reported.
	Hint() (values, recs int64)
}
