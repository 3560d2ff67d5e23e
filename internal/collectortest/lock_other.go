//go:build !unix

package collectortest

// lockFile does nothing where flock is not available: concurrent test
// processes may then compile the collector twice, which is only slower.
func lockFile(string) (unlock func(), err error) { return func() {}, nil }
