//go:build race

package bench

// The race detector slows Go's regexp tenfold, and the single-goroutine
// adversarial check gains nothing from it: it then reads a quarter of the
// files (the full run is the plain `go test`, in make test-long).
func init() { raceEnabled = true }
