package exporters

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/internal/otlpconv"
	"github.com/otelagent/otelagent-go/internal/otlptest"
)

var benchAttrs = []attribute.KeyValue{
	attribute.String("gen_ai.tool.name", "read_file"),
	attribute.String("gen_ai.operation.name", "execute_tool"),
	attribute.Int("gen_ai.usage.input_tokens", 120),
}

// End while delivery hands spans off durably: the collector is known to be
// down (circuit open), so each End encodes its span and appends it to the
// spool file (one write(2), which survives a kill of the process).
// Target: ≤ 50 µs per span.
func BenchmarkEndHandOffDurable(b *testing.B) {
	d, err := NewDelivery(&Endpoint{URL: "http://127.0.0.1:1/v1/traces"}, nil,
		WithSpoolDir(filepath.Join(b.TempDir(), "s")), withSpoolMaxBytes(1<<40))
	if err != nil {
		b.Fatal(err)
	}
	d.sigs[signalTraces].circuit.openFor(time.Now(), time.Hour)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(NewSyncSpanProcessor(d.SpanExporter())))
	tr := tp.Tracer("bench")
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_, s := tr.Start(ctx, "execute_tool read_file", trace.WithAttributes(benchAttrs...))
		s.End()
	}
	b.StopTimer()
	if st := d.Stats().Traces; st.Pending != st.Ended {
		b.Fatalf("stats %+v", st)
	}
	_ = tp.Shutdown(ctx)
	d.Offline()
	_ = d.Shutdown(ctx)
}

// withSpoolMaxBytes lifts the spool's size bound, so a long
// benchmark measures appends, not the bound's removals.
func withSpoolMaxBytes(n int64) DeliveryOption {
	return func(c *deliveryConfig) { c.spoolMaxBytes = n }
}

// 8 and 64 goroutines end 20,000 spans against a collector that answers in 2 ms:
// this package's processor and delivery next to the SDK's
// SimpleSpanProcessor and BatchSpanProcessor (default options) with the
// OTLP/HTTP exporter, in the same run. Reported: spans/s until the last End
// returned, and how many reached the collector after Shutdown. One scenario
// per call, whatever b.N (ns/op means nothing here); the span count is
// OTELAGENT_BENCH_SPANS, 640 by default so that CI's -benchtime 100x stays
// short (the SDK's simple processor needs 40 s for 20,000).
func BenchmarkParallel2ms(b *testing.B) {
	for _, goroutines := range []int{8, 64} {
		b.Run(fmt.Sprintf("goroutines=%d", goroutines), func(b *testing.B) { benchParallel2ms(b, goroutines) })
	}
}

func benchParallel2ms(b *testing.B, goroutines int) {
	spans := 640
	if v, err := strconv.Atoi(os.Getenv("OTELAGENT_BENCH_SPANS")); err == nil && v > 0 {
		spans = v
	}
	run := func(b *testing.B, sp func(url string) (sdktrace.SpanProcessor, func())) {
		srv := collector2ms()
		defer srv.Close()
		proc, done := sp(srv.TracesURL())
		tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(proc))
		tr := tp.Tracer("bench")
		elapsed := together(goroutines, spans, func() {
			_, s := tr.Start(context.Background(), "execute_tool read_file", trace.WithAttributes(benchAttrs...))
			s.End()
		})
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		_ = tp.Shutdown(ctx)
		done()
		cancel()
		b.ReportMetric(float64(spans)/elapsed.Seconds(), "spans/s")
		b.ReportMetric(float64(srv.UniqueSpans()), "delivered")
		b.ReportMetric(float64(spans), "ended")
	}
	httpExp := func(url string) sdktrace.SpanExporter {
		exp, err := otlptracehttp.New(context.Background(), otlptracehttp.WithEndpointURL(url),
			otlptracehttp.WithTimeout(time.Second), otlptracehttp.WithRetry(otlptracehttp.RetryConfig{Enabled: false}))
		if err != nil {
			b.Fatal(err)
		}
		return exp
	}
	b.Run("sync", func(b *testing.B) {
		run(b, func(url string) (sdktrace.SpanProcessor, func()) {
			d, err := NewDelivery(&Endpoint{URL: url, Timeout: time.Second}, nil, WithSpoolDir(filepath.Join(b.TempDir(), "s")))
			if err != nil {
				b.Fatal(err)
			}
			return NewSyncSpanProcessor(d.SpanExporter()), func() {
				_ = d.Shutdown(context.Background())
				if st := d.Stats().Traces; st.DroppedTotal() != 0 || st.Exported+st.Pending != uint64(spans) {
					b.Errorf("stats %+v", st)
				}
			}
		})
	})
	b.Run("simple", func(b *testing.B) {
		run(b, func(url string) (sdktrace.SpanProcessor, func()) {
			return sdktrace.NewSimpleSpanProcessor(httpExp(url)), func() {}
		})
	})
	b.Run("batch", func(b *testing.B) {
		run(b, func(url string) (sdktrace.SpanProcessor, func()) {
			return sdktrace.NewBatchSpanProcessor(httpExp(url)), func() {}
		})
	})
	// The ceiling on this machine: net/http alone posting one request
	// encoded once, with no span, processor or encoding, to the same
	// collector, from as many goroutines (spans/s is requests/s).
	b.Run("nethttp", func(b *testing.B) {
		srv := collector2ms()
		defer srv.Close()
		rec := tracetest.NewSpanRecorder()
		_, s := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec)).Tracer("bench").Start(context.Background(), "execute_tool read_file", trace.WithAttributes(benchAttrs...))
		s.End()
		body, err := otlpconv.TracesRequest(otlpconv.Spans(rec.Ended()))
		if err != nil {
			b.Fatal(err)
		}
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: goroutines}}
		defer client.CloseIdleConnections()
		elapsed := together(goroutines, spans, func() {
			resp, err := client.Post(srv.TracesURL(), "application/x-protobuf", bytes.NewReader(body))
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
		})
		b.ReportMetric(float64(spans)/elapsed.Seconds(), "spans/s")
		b.ReportMetric(float64(srv.SpanCount()), "delivered")
		b.ReportMetric(float64(spans), "ended")
	})
}

// collector2ms starts a collector that answers in 2 ms and counts span
// IDs, keeping nothing: a remote collector would not take the client's
// CPUs (see BENCHMARKS.md).
func collector2ms() *otlptest.Server {
	srv := otlptest.NewServer()
	srv.SetLatency(2 * time.Millisecond)
	srv.SetCountOnly(true)
	return srv
}

// together calls f n times in all from the given number of goroutines,
// and returns how long that took.
func together(goroutines, n int, f func()) time.Duration {
	var left atomic.Int64
	left.Store(int64(n))
	start := time.Now()
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for left.Add(-1) >= 0 {
				f()
			}
		})
	}
	wg.Wait()
	return time.Since(start)
}

// The cost of a full spool (16 MiB, written by earlier runs while the
// collector was down) on a run's start and Shutdown, the collector still
// down: the directory is listed once at start, the spool's 1 MiB files are
// never read while the circuit is open. The run itself adds nothing, so
// the spool stays at its bound across iterations.
func BenchmarkFullSpoolStartShutdown(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "s")
	url := "http://127.0.0.1:1/v1/traces"
	fill, err := NewDelivery(&Endpoint{URL: url}, nil, WithSpoolDir(dir))
	if err != nil {
		b.Fatal(err)
	}
	fill.Offline()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(NewSyncSpanProcessor(fill.SpanExporter())))
	tr := tp.Tracer("fill")
	for fill.Stats().SpoolBytes < defaultSpoolMaxBytes-maxBatchBytes {
		_, s := tr.Start(context.Background(), "execute_tool read_file", trace.WithAttributes(benchAttrs...))
		s.End()
	}
	_ = tp.Shutdown(context.Background())
	_ = fill.Shutdown(context.Background())
	b.ReportMetric(float64(fill.Stats().Traces.Pending), "spooled-spans")
	b.Run("nothing-from-this-run", func(b *testing.B) {
		for b.Loop() {
			d, err := NewDelivery(&Endpoint{URL: url}, nil, WithSpoolDir(dir))
			if err != nil {
				b.Fatal(err)
			}
			d.sigs[signalTraces].circuit.openFor(time.Now(), time.Hour) // known down
			_ = d.Shutdown(context.Background())
		}
	})
	// A run that keeps a span too counts the earlier runs' backlog at
	// Shutdown for the exit line: it reads and decodes the whole spool.
	// The run's own span is removed after each round, so the spool stays
	// the same size.
	b.Run("one-span-from-this-run", func(b *testing.B) {
		for b.Loop() {
			d, err := NewDelivery(&Endpoint{URL: url}, nil, WithSpoolDir(dir))
			if err != nil {
				b.Fatal(err)
			}
			d.Offline()
			tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(NewSyncSpanProcessor(d.SpanExporter())))
			_, s := tp.Tracer("run").Start(context.Background(), "execute_tool read_file", trace.WithAttributes(benchAttrs...))
			s.End()
			_ = tp.Shutdown(context.Background())
			_ = d.Shutdown(context.Background())
			if spans, _ := d.Backlog(); spans == 0 {
				b.Fatal("no backlog counted")
			}
			b.StopTimer()
			removeRun(b, dir, d)
			b.StartTimer()
		}
	})
}

// removeRun removes the files delivery d wrote to the spool dir.
func removeRun(b *testing.B, dir string, d *Delivery) {
	b.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		if n, ok := parseName(e.Name()); ok && n.run == d.dir.run {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				b.Fatal(err)
			}
		}
	}
}
