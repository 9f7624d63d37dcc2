//go:build race

package patterns

// The race detector slows phonenumbers' regexps tenfold: the differential
// tests then run on a thirtieth of their inputs (the full run is the plain
// `go test`, in make test-long).
func init() { raceEnabled = true }
