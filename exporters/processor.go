package exporters

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// Spooler is the spool at the end of an exporter chain, implemented by
// *OTLPTraceExporter. The spool holds encoded requests, so what it writes to
// disk has passed every wrapper of the chain (the privacy filter included).
type Spooler interface {
	// Replay sends spooled requests, oldest first, until one fails, and
	// returns the number of spans accepted.
	Replay(ctx context.Context) (spans int, err error)
	// SpoolStats reports what the spool holds and has dropped.
	SpoolStats() SpoolStats
}

// SyncSpanProcessor exports each span before OnEnd returns, with a bounded
// wait and without a global lock: goroutines export concurrently up to a
// bound, so one goroutine's spans reach the exporter in the order they ended.
// A circuit breaker stops paying for a dead collector; spans that cannot be
// sent are spooled (see WithSpooler) or held in memory, replayed later, and
// every loss is counted (Stats).
type SyncSpanProcessor struct {
	exporter sdktrace.SpanExporter
	cfg      processorConfig
	circuit  *circuit
	sem      chan struct{}
	ctr      counters
	diag     diagnostics

	inflight atomic.Int64
	stopped  atomic.Bool // OnEnd is a no-op
	closed   atomic.Bool // nothing will drain pending any more

	pendMu  sync.Mutex
	pending []sdktrace.ReadOnlySpan

	drainMu sync.Mutex // one drain at a time: the worker, ForceFlush or Shutdown

	wake       chan struct{}
	stop       chan struct{}
	workCtx    context.Context
	hardStop   context.CancelFunc
	workerDone chan struct{}

	shutdownOnce sync.Once
	shutdownErr  error
}

var _ sdktrace.SpanProcessor = (*SyncSpanProcessor)(nil)

// NewSyncSpanProcessor returns a processor that exports every sampled span
// through exporter when it ends. It starts one background goroutine, for
// replays and spooling, that Shutdown stops; with a Spooler (WithSpooler, or
// exporter itself) it replays what earlier runs left in the spool at once.
func NewSyncSpanProcessor(exporter sdktrace.SpanExporter, opts ...ProcessorOption) *SyncSpanProcessor {
	cfg := newProcessorConfig(opts)
	if sp, ok := exporter.(Spooler); ok && cfg.spooler == nil {
		cfg.spooler = sp
	}
	workCtx, hardStop := context.WithCancel(context.Background())
	p := &SyncSpanProcessor{
		exporter:   exporter,
		cfg:        cfg,
		circuit:    newCircuit(cfg.threshold, cfg.minBackoff, cfg.maxBackoff),
		sem:        make(chan struct{}, cfg.maxConcurrent),
		diag:       diagnostics{emit: cfg.diag},
		wake:       make(chan struct{}, 1),
		stop:       make(chan struct{}),
		workCtx:    workCtx,
		hardStop:   hardStop,
		workerDone: make(chan struct{}),
	}
	go p.run()
	return p
}

// OnStart does nothing.
func (*SyncSpanProcessor) OnStart(context.Context, sdktrace.ReadWriteSpan) {}

// OnEnd exports s and returns when the exporter answered or the export
// timeout passed. While the circuit is open it only queues s (no I/O).
func (p *SyncSpanProcessor) OnEnd(s sdktrace.ReadOnlySpan) {
	if p.exporter == nil || !s.SpanContext().IsSampled() {
		return
	}
	// inflight before stopped: Shutdown sets stopped, then waits for
	// inflight to reach zero, so no span slips past the final drain.
	p.inflight.Add(1)
	defer p.inflight.Add(-1)
	if p.stopped.Load() {
		return
	}
	ok, probe := p.circuit.allow(time.Now())
	if !ok {
		p.hold(s)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), p.cfg.timeout)
	defer cancel()
	select {
	case p.sem <- struct{}{}:
	case <-ctx.Done():
		// The collector was not asked, so this is not its failure.
		if probe {
			p.circuit.release()
		}
		p.hold(s)
		return
	}
	batch := []sdktrace.ReadOnlySpan{s}
	err := p.exporter.ExportSpans(ctx, batch)
	<-p.sem
	p.outcome(err, batch, probe, false)
}

// outcome accounts for one export of batch and feeds the circuit breaker.
// Spans of a transient failure that the exporter did not spool are held in
// memory again; replay says whether batch was held before.
func (p *SyncSpanProcessor) outcome(err error, batch []sdktrace.ReadOnlySpan, probe, replay bool) {
	n := uint64(len(batch))
	now := time.Now()
	if err == nil {
		if replay {
			p.ctr.replayed.Add(n)
		} else {
			p.ctr.exported.Add(n)
		}
		if recovered, reclosed := p.circuit.success(); recovered {
			if reclosed {
				p.diag.printf("collector reachable again; circuit closed")
			}
			p.signal() // replay what was kept
		}
		return
	}
	p.ctr.failed.Add(n)
	class := ErrorClass(err)
	p.ctr.setLastError(class, now)
	ee, _ := errors.AsType[*ExportError](err)
	if ee != nil && !ee.Transient() {
		// The collector answered: it is reachable, it just refuses this.
		p.ctr.dropped.Add(n)
		p.circuit.success()
		p.diag.printfRateLimited(now, "span export rejected (%s); %d spans dropped", class, n)
		return
	}
	var retryAfter time.Duration
	if ee != nil {
		retryAfter = ee.RetryAfter
	}
	window := p.circuit.failure(now, retryAfter, class == ClassTimeout)
	if ee != nil && ee.Spooled {
		p.ctr.spooled.Add(n)
	} else {
		p.holdAll(batch)
	}
	if window > 0 {
		p.diag.printf("span export failed (%s); circuit open for %s; %d spans spooled, %d held in memory",
			class, window, p.ctr.spooled.Load(), p.pendingLen())
		p.signal()
	}
}

func (p *SyncSpanProcessor) hold(s sdktrace.ReadOnlySpan) {
	p.holdAll([]sdktrace.ReadOnlySpan{s})
}

// holdAll queues spans in memory, dropping the oldest beyond the bound.
func (p *SyncSpanProcessor) holdAll(spans []sdktrace.ReadOnlySpan) {
	if p.closed.Load() {
		p.ctr.dropped.Add(uint64(len(spans)))
		return
	}
	p.pendMu.Lock()
	p.pending = append(p.pending, spans...)
	over := len(p.pending) - p.cfg.maxPending
	if over > 0 {
		clear(p.pending[:over])
		p.pending = p.pending[over:]
	}
	p.pendMu.Unlock()
	if over > 0 {
		p.ctr.dropped.Add(uint64(over))
		p.diag.printfRateLimited(time.Now(), "memory queue full; %d spans dropped (%d dropped in all)", over, p.ctr.dropped.Load())
	}
	p.signal()
}

func (p *SyncSpanProcessor) takePending(limit int) []sdktrace.ReadOnlySpan {
	p.pendMu.Lock()
	defer p.pendMu.Unlock()
	n := min(limit, len(p.pending))
	batch := make([]sdktrace.ReadOnlySpan, n)
	copy(batch, p.pending[:n])
	clear(p.pending[:n])
	p.pending = p.pending[n:]
	return batch
}

// requeue puts a batch back at the front, to keep the order spans ended in.
func (p *SyncSpanProcessor) requeue(batch []sdktrace.ReadOnlySpan) {
	p.pendMu.Lock()
	p.pending = append(batch, p.pending...)
	over := len(p.pending) - p.cfg.maxPending
	if over > 0 {
		clear(p.pending[:over])
		p.pending = p.pending[over:]
	}
	p.pendMu.Unlock()
	if over > 0 {
		p.ctr.dropped.Add(uint64(over))
	}
}

func (p *SyncSpanProcessor) pendingLen() int {
	p.pendMu.Lock()
	defer p.pendMu.Unlock()
	return len(p.pending)
}

func (p *SyncSpanProcessor) signal() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// run is the background worker: it replays at start-up, spools what ends
// while the circuit is open, and replays when the circuit closes or its
// window passes.
func (p *SyncSpanProcessor) run() {
	defer close(p.workerDone)
	p.drain(p.workCtx, false)
	for {
		var timer *time.Timer
		var fire <-chan time.Time
		if st, until := p.circuit.snapshot(); st == CircuitOpen && p.hasWork() {
			timer = time.NewTimer(time.Until(until))
			fire = timer.C
		}
		select {
		case <-p.stop:
			return
		case <-fire:
		case <-p.wake:
			if st, _ := p.circuit.snapshot(); st != CircuitClosed && p.cfg.spooler != nil {
				select {
				case <-p.stop:
					return
				case <-time.After(spoolLinger):
				}
			}
		}
		if timer != nil {
			timer.Stop()
		}
		p.drain(p.workCtx, false)
	}
}

func (p *SyncSpanProcessor) hasWork() bool {
	if p.pendingLen() > 0 {
		return true
	}
	return p.cfg.spooler != nil && p.cfg.spooler.SpoolStats().Spans > 0
}

// drain sends what is held in memory and replays the spool when the circuit
// allows it; otherwise, or with spoolOnly, it only moves held spans to the
// spool.
func (p *SyncSpanProcessor) drain(ctx context.Context, spoolOnly bool) {
	p.drainMu.Lock()
	defer p.drainMu.Unlock()
	ok, probe := false, false
	if !spoolOnly {
		ok, probe = p.circuit.allow(time.Now())
	}
	if !ok {
		p.spoolPending(ctx)
		return
	}
	attempted := false
	for {
		batch := p.takePending(maxBatchSpans)
		if len(batch) == 0 {
			break
		}
		attempted = true
		err := p.exportBatch(ctx, batch)
		p.outcome(err, batch, probe, true)
		probe = false
		if err != nil {
			if ok, _ := p.circuit.allow(time.Now()); !ok {
				p.spoolPending(ctx)
			}
			return
		}
	}
	if p.cfg.spooler == nil {
		if probe && !attempted {
			p.circuit.release()
		}
		return
	}
	n, err := p.cfg.spooler.Replay(ctx)
	if n > 0 {
		p.ctr.replayed.Add(uint64(n))
		p.diag.printf("replayed %d spooled spans", n)
	}
	ee, _ := errors.AsType[*ExportError](err)
	switch {
	case ee != nil && ee.Transient():
		now := time.Now()
		p.ctr.setLastError(ee.Class, now)
		if window := p.circuit.failure(now, ee.RetryAfter, ee.Class == ClassTimeout); window > 0 {
			p.diag.printf("spool replay failed (%s); circuit open for %s", ee.Class, window)
		}
	case err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded):
		otel.Handle(err)
		fallthrough
	default:
		if n > 0 {
			if _, reclosed := p.circuit.success(); reclosed {
				p.diag.printf("collector reachable again; circuit closed")
			}
		} else if probe && !attempted {
			p.circuit.release()
		}
	}
}

func (p *SyncSpanProcessor) exportBatch(ctx context.Context, batch []sdktrace.ReadOnlySpan) error {
	ctx, cancel := context.WithTimeout(ctx, p.cfg.timeout)
	defer cancel()
	return p.exporter.ExportSpans(ctx, batch)
}

// spoolPending moves spans held in memory to the spool without touching the
// network: each batch goes through the whole exporter chain marked
// spool-only, so it is filtered and encoded exactly as if it were sent.
func (p *SyncSpanProcessor) spoolPending(ctx context.Context) {
	if p.cfg.spooler == nil {
		return
	}
	for {
		batch := p.takePending(maxBatchSpans)
		if len(batch) == 0 {
			return
		}
		n := uint64(len(batch))
		err := p.exporter.ExportSpans(withSpoolOnly(ctx), batch)
		ee, _ := errors.AsType[*ExportError](err)
		switch {
		case err == nil:
			// An exporter that does not spool sent them.
			p.ctr.replayed.Add(n)
		case ee != nil && ee.Spooled:
			p.ctr.spooled.Add(n)
		case ee != nil && !ee.Transient():
			p.ctr.dropped.Add(n)
		default:
			p.requeue(batch)
			return
		}
	}
}

// ForceFlush sends what is held in memory and in the spool if the circuit
// allows it, or else moves held spans to the spool, bounded by ctx.
func (p *SyncSpanProcessor) ForceFlush(ctx context.Context) error {
	if p.stopped.Load() {
		return nil
	}
	p.drain(ctx, false)
	return ctx.Err()
}

// Shutdown stops OnEnd, waits for exports in flight, flushes (or spools) what
// is held, stops the background goroutine and shuts the exporter down, all
// bounded by ctx. Spans still held in memory afterwards are counted as
// dropped. Calling it again returns the first result.
func (p *SyncSpanProcessor) Shutdown(ctx context.Context) error {
	p.shutdownOnce.Do(func() {
		p.stopped.Store(true)
		for p.inflight.Load() > 0 && ctx.Err() == nil {
			time.Sleep(time.Millisecond)
		}
		close(p.stop)
		// A collector that failed in this run is not probed again on the
		// way out, and a probe the worker has in flight is canceled: the
		// spans wait safely in the spool (a canceled replay gives its file
		// back), and the user does not wait another export deadline to
		// learn what is already known.
		circuit, _ := p.circuit.snapshot()
		if circuit != CircuitClosed {
			p.hardStop()
		}
		select {
		case <-p.workerDone:
		case <-ctx.Done():
			p.hardStop()
			<-p.workerDone
		}
		p.hardStop()
		if p.exporter == nil {
			return
		}
		// With ctx spent, sending is hopeless but spooling still works.
		p.drain(ctx, ctx.Err() != nil || circuit != CircuitClosed)
		p.closed.Store(true)
		if lost := len(p.takePending(int(^uint(0) >> 1))); lost > 0 {
			p.ctr.dropped.Add(uint64(lost))
		}
		p.shutdownErr = p.exporter.Shutdown(ctx)
		if st := p.Stats(); st.Failed > 0 || st.Dropped > 0 {
			p.diag.printf("shutdown: %d spans exported, %d replayed, %d in the spool for a later run, %d dropped",
				st.Exported, st.Replayed, st.SpoolSpans, st.Dropped)
		}
	})
	return p.shutdownErr
}

// Stats returns the processor's counters and circuit state.
func (p *SyncSpanProcessor) Stats() Stats {
	st := Stats{
		Exported: p.ctr.exported.Load(),
		Failed:   p.ctr.failed.Load(),
		Spooled:  p.ctr.spooled.Load(),
		Replayed: p.ctr.replayed.Load(),
		Dropped:  p.ctr.dropped.Load(),
		Pending:  p.pendingLen(),
	}
	st.Circuit, st.CircuitOpenUntil = p.circuit.snapshot()
	st.LastErrorClass, st.LastErrorTime = p.ctr.lastError()
	if p.cfg.spooler != nil {
		ss := p.cfg.spooler.SpoolStats()
		st.SpoolSpans = ss.Spans
		st.Dropped += ss.Dropped
	}
	return st
}
