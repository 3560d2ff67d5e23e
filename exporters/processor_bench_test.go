package exporters

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/internal/otlptest"
)

func procBenchSpan() sdktrace.ReadOnlySpan {
	sc := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID:    trace.TraceID{1},
		SpanID:     trace.SpanID{2},
		TraceFlags: trace.FlagsSampled,
	})
	stub := tracetest.SpanStub{
		Name:        "execute_tool search",
		SpanContext: sc,
		StartTime:   time.Now(),
		EndTime:     time.Now(),
		Attributes: []attribute.KeyValue{
			attribute.String("gen_ai.tool.name", "search"),
			attribute.String("gen_ai.operation.name", "execute_tool"),
			attribute.Int("n", 3),
		},
		Resource:             resource.Empty(),
		InstrumentationScope: instrumentation.Scope{Name: "bench"},
	}
	return stub.Snapshot()
}

var procDiscardExporter = procExporterFunc(func(context.Context, []sdktrace.ReadOnlySpan) error { return nil })

// OnEnd cost with an exporter that does nothing: the processor's own
// overhead, next to the SDK's SimpleSpanProcessor.
func BenchmarkOnEnd(b *testing.B) {
	s := procBenchSpan()
	for _, bc := range []struct {
		name string
		p    sdktrace.SpanProcessor
	}{
		{"sync/discard", NewSyncSpanProcessor(procDiscardExporter)},
		{"simple/discard", sdktrace.NewSimpleSpanProcessor(procDiscardExporter)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bc.p.OnEnd(s)
			}
		})
		_ = bc.p.Shutdown(context.Background())
	}
}

// OnEnd cost while the circuit is open (collector down): no I/O on the
// caller's goroutine. The spans go to the spool in the background.
func BenchmarkOnEndCircuitOpen(b *testing.B) {
	addr, err := otlptest.FreeAddr()
	if err != nil {
		b.Fatal(err)
	}
	exp, err := NewOTLPTraceExporter(OTLPConfig{TracesURL: "http://" + addr + "/v1/traces", Timeout: 100 * time.Millisecond})
	if err != nil {
		b.Fatal(err)
	}
	p := NewSyncSpanProcessor(exp, WithFailureThreshold(1), WithBackoff(time.Hour, time.Hour))
	defer func() { _ = p.Shutdown(context.Background()) }()
	s := procBenchSpan()
	p.OnEnd(s)
	if st := p.Stats(); st.Circuit != CircuitOpen {
		b.Fatalf("circuit %s, want open", st.Circuit)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		p.OnEnd(s)
	}
}

// 8 goroutines ending spans against a local OTLP collector answering in
// 2 ms, through the same OTLP exporter: SimpleSpanProcessor serializes them,
// SyncSpanProcessor does not. ns/op is per span.
func BenchmarkParallelOTLP2ms(b *testing.B) {
	const goroutines = 8
	srv := otlptest.NewServer()
	defer srv.Close()
	srv.SetLatency(2 * time.Millisecond)
	s := procBenchSpan()
	for _, name := range []string{"sync", "simple"} {
		b.Run(name, func(b *testing.B) {
			exp, err := NewOTLPTraceExporter(OTLPConfig{TracesURL: srv.TracesURL(), Timeout: time.Second})
			if err != nil {
				b.Fatal(err)
			}
			var p sdktrace.SpanProcessor = NewSyncSpanProcessor(exp, WithMaxConcurrentExports(goroutines))
			if name == "simple" {
				p = sdktrace.NewSimpleSpanProcessor(exp)
			}
			defer func() { _ = p.Shutdown(context.Background()) }()
			b.ReportAllocs()
			b.ResetTimer()
			var wg sync.WaitGroup
			for g := range goroutines {
				n := b.N / goroutines
				if g < b.N%goroutines {
					n++
				}
				wg.Go(func() {
					for range n {
						p.OnEnd(s)
					}
				})
			}
			wg.Wait()
		})
	}
}
