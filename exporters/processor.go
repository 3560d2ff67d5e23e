package exporters

import (
	"context"
	"sync"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// DefaultMaxConcurrentExports bounds how many spans are exported at once:
// more than an agent's concurrent tool and LLM calls (each export waits for
// the collector, so the bound is what concurrent span ends can overlap),
// and few enough connections for any collector. With 16, 64 goroutines
// against a 2 ms collector reached 11.5 times SimpleSpanProcessor's
// throughput; with 32, 18.7 times (BENCHMARKS.md).
const DefaultMaxConcurrentExports = 32

// SyncSpanProcessor is the SDK's SimpleSpanProcessor without its global
// lock: each span is exported before its End returns, up to a bound of
// exports at once, each within a deadline. It holds nothing itself: the
// exporter (Delivery's, behind the egress filter) sends each span or keeps
// it in the spool before returning.
type SyncSpanProcessor struct {
	exporter sdktrace.SpanExporter
	timeout  time.Duration
	slots    chan struct{}

	calls *gate // OnEnd calls in flight

	shutdownOnce sync.Once
	shutdownErr  error
}

var _ sdktrace.SpanProcessor = (*SyncSpanProcessor)(nil)

// ProcessorOption configures NewSyncSpanProcessor.
type ProcessorOption func(*SyncSpanProcessor)

// WithExportTimeout bounds one span's export, the wait for a free export
// slot included. Default DefaultTimeout.
func WithExportTimeout(d time.Duration) ProcessorOption {
	return func(p *SyncSpanProcessor) {
		if d > 0 {
			p.timeout = d
		}
	}
}

// WithMaxConcurrentExports bounds how many spans are exported at the same
// time. Default DefaultMaxConcurrentExports.
func WithMaxConcurrentExports(n int) ProcessorOption {
	return func(p *SyncSpanProcessor) {
		if n > 0 {
			p.slots = make(chan struct{}, n)
		}
	}
}

// NewSyncSpanProcessor returns a processor that exports every sampled span
// through exporter when it ends.
func NewSyncSpanProcessor(exporter sdktrace.SpanExporter, opts ...ProcessorOption) *SyncSpanProcessor {
	p := &SyncSpanProcessor{
		exporter: exporter,
		timeout:  DefaultTimeout,
		slots:    make(chan struct{}, DefaultMaxConcurrentExports),
		calls:    newGate(),
	}
	for _, o := range opts {
		if o != nil {
			o(p)
		}
	}
	return p
}

// OnStart does nothing.
func (*SyncSpanProcessor) OnStart(context.Context, sdktrace.ReadWriteSpan) {}

// OnEnd exports s and returns when the exporter did: at most the export
// timeout later.
func (p *SyncSpanProcessor) OnEnd(s sdktrace.ReadOnlySpan) {
	if p.exporter == nil || !s.SpanContext().IsSampled() || !p.calls.enter() {
		return
	}
	defer p.calls.leave()
	ctx, cancel := context.WithTimeout(context.Background(), p.timeout)
	defer cancel()
	select {
	case p.slots <- struct{}{}:
		defer func() { <-p.slots }()
	case <-ctx.Done():
		// No slot within the deadline: the exporter, given a context that
		// is done, keeps the span without touching the network.
	}
	_ = p.exporter.ExportSpans(ctx, []sdktrace.ReadOnlySpan{s})
}

// ForceFlush does nothing: nothing waits in the processor.
func (*SyncSpanProcessor) ForceFlush(context.Context) error { return nil }

// Shutdown stops exporting spans that end from now on, waits for exports
// in flight and shuts the exporter down. It waits for them whatever ctx:
// each is bounded by the export timeout (and Delivery, made Offline, keeps
// them at once), and a span whose End began before Shutdown must reach
// delivery, not be lost on the way. Calls after the first return the
// first's result.
func (p *SyncSpanProcessor) Shutdown(ctx context.Context) error {
	p.shutdownOnce.Do(func() {
		<-p.calls.close()
		if p.exporter != nil {
			p.shutdownErr = p.exporter.Shutdown(ctx)
		}
	})
	return p.shutdownErr
}
