package exporters

import (
	"sync"
	"sync/atomic"
	"time"
)

// CircuitState is the state of the export circuit breaker.
type CircuitState string

// Circuit breaker states.
const (
	// CircuitClosed: spans are exported as they end.
	CircuitClosed CircuitState = "closed"
	// CircuitOpen: the collector failed; spans are kept, not sent, until the
	// back-off window ends.
	CircuitOpen CircuitState = "open"
	// CircuitHalfOpen: one probe export is in flight.
	CircuitHalfOpen CircuitState = "half_open"
)

const (
	stateClosed int32 = iota
	stateOpen
	stateHalfOpen
)

// circuit is a consecutive-failure breaker. allow is the hot path: while the
// circuit is closed, or open and inside its window, it costs two atomic loads
// and a clock read, so OnEnd stays cheap when the collector is down.
type circuit struct {
	state atomic.Int32
	until atomic.Int64 // unix nanoseconds: end of the open window

	threshold  int
	minBackoff time.Duration
	maxBackoff time.Duration

	failures atomic.Int32 // consecutive; atomic so success is lock-free

	mu      sync.Mutex // serializes transitions
	backoff time.Duration
}

func newCircuit(threshold int, minBackoff, maxBackoff time.Duration) *circuit {
	return &circuit{threshold: threshold, minBackoff: minBackoff, maxBackoff: maxBackoff}
}

// allow reports whether an export may be attempted now. When the open window
// has passed, exactly one caller gets true (the probe) and the circuit becomes
// half-open until that caller reports success, failure or release.
func (c *circuit) allow(now time.Time) (ok, probe bool) {
	switch c.state.Load() {
	case stateClosed:
		return true, false
	case stateOpen:
		if now.UnixNano() < c.until.Load() {
			return false, false
		}
		if c.state.CompareAndSwap(stateOpen, stateHalfOpen) {
			return true, true
		}
	}
	return false, false
}

// success closes the circuit. recovered reports that failures came before
// (something may wait in the spool); reclosed that the circuit was open or
// half-open.
func (c *circuit) success() (recovered, reclosed bool) {
	if c.state.Load() == stateClosed && c.failures.Load() == 0 {
		return false, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.backoff = 0
	recovered = c.failures.Swap(0) > 0
	reclosed = c.state.Swap(stateClosed) != stateClosed
	return recovered || reclosed, reclosed
}

// failure records a transient failure. It opens the circuit after threshold
// consecutive failures, and at once when the collector asked for a pause
// (Retry-After), when a probe failed, or when the failure was a timeout: a
// hanging collector costs the whole export deadline per attempt, so one is
// evidence enough. It returns the window length when it opened the
// circuit, 0 otherwise.
func (c *circuit) failure(now time.Time, retryAfter time.Duration, timedOut bool) time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.failures.Add(1)
	st := c.state.Load()
	if st == stateOpen {
		return 0 // a late failure of an export that started before opening
	}
	if st == stateClosed && int(n) < c.threshold && retryAfter == 0 && !timedOut {
		return 0
	}
	if c.backoff == 0 {
		c.backoff = c.minBackoff
	} else {
		c.backoff = min(2*c.backoff, c.maxBackoff)
	}
	window := max(c.backoff, retryAfter)
	c.until.Store(now.Add(window).UnixNano())
	c.state.Store(stateOpen)
	return window
}

// release gives the probe back without an outcome (nothing was sent): the
// circuit returns to open with its window already passed, so the next caller
// probes.
func (c *circuit) release() {
	c.state.CompareAndSwap(stateHalfOpen, stateOpen)
}

func (c *circuit) snapshot() (CircuitState, time.Time) {
	until := time.Unix(0, c.until.Load())
	switch c.state.Load() {
	case stateOpen:
		return CircuitOpen, until
	case stateHalfOpen:
		return CircuitHalfOpen, until
	}
	return CircuitClosed, time.Time{}
}

// openUntil opens the circuit until t: a back-off remembered from an
// earlier run.
func (c *circuit) openUntil(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.backoff = c.minBackoff
	c.until.Store(t.UnixNano())
	c.state.Store(stateOpen)
}

// openFor opens the circuit for d whatever its state: a configuration
// error will not mend itself in a second. It returns d.
func (c *circuit) openFor(now time.Time, d time.Duration) time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.failures.Add(1)
	c.backoff = d
	c.until.Store(now.Add(d).UnixNano())
	c.state.Store(stateOpen)
	return d
}
