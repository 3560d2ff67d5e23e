package exporters

import (
	"maps"
	"sync"
	"sync/atomic"
	"time"
)

// Stats is a snapshot of what a Delivery did. It reads counters kept in
// memory (no directory I/O).
type Stats struct {
	Traces, Metrics SignalStats
	// SpoolDir is the spool directory, "" for a memory spool.
	SpoolDir string
	// SpoolBytes is the size of the spool: for a directory, its size when
	// it was opened plus what this process added and removed since.
	SpoolBytes int64
	// SpoolGarbage counts files and records found unreadable in the spool
	// (removed, never sent).
	SpoolGarbage int64
}

// SignalStats counts one signal's items (spans or metric data points).
// Every item handed to delivery in this run is in exactly one of Exported,
// Dropped (by reason) and Pending:
//
//	Ended == Exported + sum(Dropped) + Pending
//
// Replayed and DroppedEarlier count items that earlier runs left in the
// spool.
type SignalStats struct {
	// URL is the endpoint, credentials redacted; "" when the signal is not
	// delivered over OTLP.
	URL      string
	Ended    uint64 // items handed to delivery
	Exported uint64 // accepted by the collector, at once or later from the spool
	// Dropped counts items lost, by reason: a class such as 400 (the
	// collector refused the request for good), rejected (partial success),
	// spool_full, spool_age, spool_error, capture_mismatch,
	// memory_spool_exit, after_shutdown or encoding.
	Dropped map[string]uint64
	Pending uint64 // in the spool now (memory or directory)

	Replayed       uint64            // earlier runs' items delivered
	DroppedEarlier map[string]uint64 // earlier runs' items dropped, by reason

	Circuit CircuitState
	// LastErrorClass is the class of the last failure ("timeout",
	// "503", "x509_unknown_authority", ...); LastErrorHint says what to
	// set when it is a configuration error.
	LastErrorClass, LastErrorHint string
}

// DroppedTotal is the sum of Dropped.
func (s SignalStats) DroppedTotal() uint64 {
	var n uint64
	for _, v := range s.Dropped {
		n += v
	}
	return n
}

type counters struct {
	ended, exported, pending, replayed, garbage atomic.Int64
	spoolErr                                    atomic.Bool

	mu             sync.Mutex
	dropped        map[string]uint64
	droppedEarlier map[string]uint64
	lastClass      string
	lastHint       string
	hinted         map[string]bool
}

func (c *counters) init() {
	c.dropped = map[string]uint64{}
	c.droppedEarlier = map[string]uint64{}
	c.hinted = map[string]bool{}
}

func (c *counters) drop(items int, reason string) {
	if items <= 0 {
		return
	}
	c.mu.Lock()
	c.dropped[reason] += uint64(items)
	c.mu.Unlock()
}

func (c *counters) dropEarlier(items int, reason string) {
	if items <= 0 {
		return
	}
	c.mu.Lock()
	c.droppedEarlier[reason] += uint64(items)
	c.mu.Unlock()
}

// setLastError records the last failure; it reports whether a hint is new
// (to print each configuration problem once).
func (c *counters) setLastError(class, hint string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lastClass, c.lastHint = class, hint
	if hint == "" {
		return false
	}
	if c.hinted[class] {
		return false
	}
	c.hinted[class] = true
	return true
}

// setLastErrorIfNone records class unless a failure was seen: it says why
// data was kept without a failure (no time left), never hiding one.
func (c *counters) setLastErrorIfNone(class string) {
	c.mu.Lock()
	if c.lastClass == "" {
		c.lastClass = class
	}
	c.mu.Unlock()
}

func (c *counters) lastError() (string, string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lastClass, c.lastHint
}

func (s *signalState) stats() SignalStats {
	if s == nil {
		return SignalStats{}
	}
	st := SignalStats{
		URL:      s.url,
		Ended:    uint64(s.ctr.ended.Load()),
		Exported: uint64(s.ctr.exported.Load()),
		Pending:  uint64(max(s.ctr.pending.Load(), 0)),
		Replayed: uint64(s.ctr.replayed.Load()),
	}
	s.ctr.mu.Lock()
	st.Dropped = maps.Clone(s.ctr.dropped)
	st.DroppedEarlier = maps.Clone(s.ctr.droppedEarlier)
	st.LastErrorClass, st.LastErrorHint = s.ctr.lastClass, s.ctr.lastHint
	s.ctr.mu.Unlock()
	st.Circuit, _ = s.circuit.snapshot()
	return st
}

// Stats returns the delivery's counters.
func (d *Delivery) Stats() Stats {
	st := Stats{
		Traces:   d.sigs[signalTraces].stats(),
		Metrics:  d.sigs[signalMetrics].stats(),
		SpoolDir: d.cfg.spoolDir,
	}
	for _, s := range d.sigs {
		if s != nil {
			st.SpoolGarbage += s.ctr.garbage.Load()
		}
	}
	if d.dir != nil {
		st.SpoolBytes = d.dir.size()
		st.SpoolGarbage += int64(d.dir.garbageCount())
	}
	return st
}

// clock is time for delivery's decisions, replaced in tests.
type clock interface {
	Now() time.Time
	// After returns a channel that receives after d, and a stop function.
	After(d time.Duration) (<-chan time.Time, func() bool)
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) After(d time.Duration) (<-chan time.Time, func() bool) {
	t := time.NewTimer(d)
	return t.C, t.Stop
}

// Backlog returns how many spans and metric data points earlier runs had
// left in the spool directory for this destination that were still there
// at Shutdown: unlike Pending, they were not handed to delivery by this
// run. Shutdown counts them (reading the spool files) only when this run
// leaves data behind too, so that the exit line can tell this run's data
// from older data; before Shutdown, and for a memory spool, they are zero.
func (d *Delivery) Backlog() (spans, dataPoints uint64) {
	return d.backlog[signalTraces].Load(), d.backlog[signalMetrics].Load()
}

// countBacklog sets Backlog, before Shutdown closes the spool.
func (d *Delivery) countBacklog() {
	if d.dir == nil {
		return
	}
	for i, s := range d.sigs {
		if s != nil && s.ctr.pending.Load() > 0 {
			d.backlog[i].Store(d.dir.earlierItems(s.kind))
		}
	}
}
