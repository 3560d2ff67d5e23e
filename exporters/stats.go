package exporters

import (
	"sync"
	"sync/atomic"
	"time"
)

// Stats is a snapshot of the processor's self-diagnostics. Every ended,
// sampled span is counted once as Exported, Spooled, Dropped or is still
// Pending; Replayed counts spooled or pending spans sent later, and Failed
// counts failed attempts whatever happened to the spans next.
type Stats struct {
	Exported uint64 // spans accepted by the exporter when they ended
	Failed   uint64 // spans whose export attempt failed
	Spooled  uint64 // spans handed to the spool after a failure or while the circuit was open
	Replayed uint64 // spans sent later: from the spool or from memory
	Dropped  uint64 // spans lost: memory queue full, spool bounds, rejected by the collector, shutdown

	Pending    int // spans held in memory now
	SpoolSpans int // spans in the spool now (memory or disk)

	Circuit          CircuitState
	CircuitOpenUntil time.Time // zero when closed
	// LastErrorClass is a low-cardinality class such as "connection_refused",
	// "timeout" or "http_503"; never an error text.
	LastErrorClass string
	LastErrorTime  time.Time
}

type counters struct {
	exported, failed, spooled, replayed, dropped atomic.Uint64

	mu            sync.Mutex
	lastClass     string
	lastErrorTime time.Time
}

func (c *counters) setLastError(class string, at time.Time) {
	c.mu.Lock()
	c.lastClass, c.lastErrorTime = class, at
	c.mu.Unlock()
}

func (c *counters) lastError() (string, time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lastClass, c.lastErrorTime
}
