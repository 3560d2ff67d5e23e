package exporters

import (
	"context"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/otelagent/otelagent-go/egress"
	"github.com/otelagent/otelagent-go/internal/otlptest"
)

// The benchmarks in this file measure the export targets of BENCHMARKS.md
// through the real OTLP/HTTP exporter and a local collector
// (internal/otlptest), each next to its reference in the same run. Sub-
// benchmark names are key=value so that benchstat can put the variants in
// columns (scripts/bench.sh).

// newBenchOTLP starts a local collector and an OTLP exporter pointing at it.
// A new collector per run keeps the spans it retains (it counts them for
// tests) from growing the heap of the next run.
func newBenchOTLP(b *testing.B, timeout time.Duration) (*otlptest.Server, *OTLPTraceExporter) {
	b.Helper()
	srv := otlptest.NewServer()
	b.Cleanup(srv.Close)
	exp, err := NewOTLPTraceExporter(OTLPConfig{TracesURL: srv.TracesURL(), Timeout: timeout})
	if err != nil {
		b.Fatal(err)
	}
	return srv, exp
}

// One goroutine ending spans into a local collector that answers at once:
// the sync processor against the SDK's SimpleSpanProcessor, both with the
// same OTLP exporter, as setup builds it (privacy filter in front). ns/op is
// the cost of span.End for the caller, the HTTP round trip included.
func BenchmarkOTLPLocal(b *testing.B) {
	s := procBenchSpan()
	for _, proc := range []string{"simple", "sync"} {
		b.Run("proc="+proc, func(b *testing.B) {
			srv, exp := newBenchOTLP(b, time.Second)
			var p sdktrace.SpanProcessor
			if proc == "sync" {
				p = NewSyncSpanProcessor(egress.Spans(exp), WithSpooler(exp))
			} else {
				p = sdktrace.NewSimpleSpanProcessor(egress.Spans(exp))
			}
			b.ReportAllocs()
			for b.Loop() {
				p.OnEnd(s)
			}
			b.StopTimer()
			_ = p.Shutdown(context.Background())
			if got := srv.SpanCount(); got < b.N {
				b.Fatalf("collector received %d spans, want %d", got, b.N)
			}
		})
	}
}

// OnEnd while the circuit is open, end to end: the chain setup builds (sync
// processor, privacy filter, OTLP exporter with its memory spool), against
// a collector that is down (connection refused) or hanging (accepts, never
// answers). The first span opens the circuit; every span after it must not
// wait for the network. The background worker spools what is held.
func BenchmarkOnEndCircuitOpenOTLP(b *testing.B) {
	for _, collector := range []string{"down", "hanging"} {
		b.Run("collector="+collector, func(b *testing.B) {
			const timeout = 50 * time.Millisecond
			var url string
			if collector == "down" {
				addr, err := otlptest.FreeAddr()
				if err != nil {
					b.Fatal(err)
				}
				url = "http://" + addr + "/v1/traces"
			} else {
				srv := otlptest.NewServer()
				b.Cleanup(srv.Close)
				srv.SetHang(true)
				url = srv.TracesURL()
			}
			exp, err := NewOTLPTraceExporter(OTLPConfig{TracesURL: url, Timeout: timeout})
			if err != nil {
				b.Fatal(err)
			}
			p := NewSyncSpanProcessor(egress.Spans(exp), WithSpooler(exp), WithExportTimeout(timeout),
				WithFailureThreshold(1), WithBackoff(time.Hour, time.Hour))
			b.Cleanup(func() { _ = p.Shutdown(context.Background()) })
			s := procBenchSpan()
			p.OnEnd(s)
			if st := p.Stats(); st.Circuit != CircuitOpen {
				b.Fatalf("circuit %s after a failed export, want open", st.Circuit)
			}
			b.ReportAllocs()
			for b.Loop() {
				p.OnEnd(s)
			}
			b.StopTimer()
			if st := p.Stats(); st.Circuit != CircuitOpen || st.Exported != 0 {
				b.Fatalf("circuit %s, %d exported: the collector was reached", st.Circuit, st.Exported)
			}
		})
	}
}
