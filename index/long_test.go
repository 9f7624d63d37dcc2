package index

import "flag"

// long runs the scale and soak tests at full size (make test-long);
// without it they cross the same thresholds, set small, in seconds.
var long = flag.Bool("long", false, "run the scale and soak tests at full size")

// flushEvery sets the postings gathered in memory before a run is written.
func flushEvery(n int) func(Options) Options {
	return func(o Options) Options { o.flushPostings = n; return o }
}

// smaller divides the memtable, the postings run and a streaming
// Writer's WriteBatch by n: n times fewer findings cross as many Badger
// transactions, batches and runs.
func smaller(n int) func(Options) Options {
	return func(o Options) Options {
		o.MemTableSize /= int64(n)
		o.flushPostings = defaultFlushPostings / n
		o.batchBytes = defaultBatchBytes / n
		return o
	}
}
