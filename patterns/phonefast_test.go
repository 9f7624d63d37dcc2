//go:build race

package patterns

// The race detector slows phonenumbers' regexps tenfold: the differential
// tests then run on a tenth of their inputs (the full run is the plain
// `go test`).
func init() { raceEnabled = true }
