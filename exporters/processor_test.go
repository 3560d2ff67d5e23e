package exporters

import (
	"context"
	"sync"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// Goroutines export at the same time: four spans ending together are all
// at the collector at once (a serializing processor, like the SDK's
// SimpleSpanProcessor, never gets there). Events, not timings.
func TestSyncSpanProcessorExportsConcurrently(t *testing.T) {
	const n = 4
	var mu sync.Mutex
	arrived := 0
	all := make(chan struct{})
	barrier := senderFunc(func(ctx context.Context, _ []byte) outcome {
		mu.Lock()
		arrived++
		if arrived == n {
			close(all)
		}
		mu.Unlock()
		select {
		case <-all:
			return outcome{}
		case <-ctx.Done():
			return outcome{class: classTimeout}
		}
	})
	h := newHarness(t, &Endpoint{URL: "http://127.0.0.1:1/v1/traces", Timeout: 20 * time.Second}, nil, withSender(barrier), WithSlowThreshold(time.Hour))
	h.p = NewSyncSpanProcessor(h.d.SpanExporter(), WithExportTimeout(20*time.Second))
	h.tp = sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(h.p))
	h.tr = h.tp.Tracer("t")
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() { h.endSpans(1) })
	}
	wg.Wait()
	h.shutdown(t, context.Background())
	if st := h.d.Stats().Traces; st.Exported != n {
		t.Errorf("stats %+v: exports did not run concurrently", st)
	}
}

// A span that finds no free export slot within the deadline is kept, not
// lost and not waited for longer.
func TestSyncSpanProcessorNoSlotKeeps(t *testing.T) {
	release := make(chan struct{})
	blocking := senderFunc(func(ctx context.Context, _ []byte) outcome {
		select {
		case <-release:
			return outcome{}
		case <-ctx.Done():
			return outcome{class: classTimeout}
		}
	})
	h := newHarness(t, &Endpoint{URL: "http://127.0.0.1:1/v1/traces", Timeout: time.Hour}, nil, withSender(blocking),
		WithSpoolDir(t.TempDir()+"/s"))
	h.p = NewSyncSpanProcessor(h.d.SpanExporter(), WithMaxConcurrentExports(1), WithExportTimeout(50*time.Millisecond))
	h.tp = sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(h.p))
	h.tr = h.tp.Tracer("t")
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.endSpans(1) // holds the only slot until its deadline
	}()
	h.endSpans(1)
	<-done
	close(release)
	h.shutdown(t, context.Background())
	st := h.d.Stats().Traces
	checkInvariant(t, "no slot", st)
	if st.Ended != 2 || st.DroppedTotal() != 0 || st.Exported+st.Pending != 2 {
		t.Errorf("stats %+v", st)
	}
}
