//go:build race

package e2e

// raceEnabled builds the demo with the race detector when the tests run
// with it, so that `go test -race` also checks the real export path.
const raceEnabled = true
