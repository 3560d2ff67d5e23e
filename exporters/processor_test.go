package exporters

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/goleak"

	"github.com/otelagent/otelagent-go/internal/otlptest"
)

const procTestTimeout = 150 * time.Millisecond

func procNewExporter(t *testing.T, url, spoolDir string) *OTLPTraceExporter {
	t.Helper()
	exp, err := NewOTLPTraceExporter(OTLPConfig{TracesURL: url, Timeout: procTestTimeout, SpoolDir: spoolDir})
	if err != nil {
		t.Fatal(err)
	}
	return exp
}

func procNewServer(t *testing.T) *otlptest.Server {
	t.Helper()
	srv := otlptest.NewServer()
	t.Cleanup(srv.Close)
	return srv
}

func procDownURL(t *testing.T) string {
	t.Helper()
	addr, err := otlptest.FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	return "http://" + addr + "/v1/traces"
}

// procEndSpans ends n spans named prefix-i and returns their IDs.
func procEndSpans(tr trace.Tracer, prefix string, n int) [][8]byte {
	ids := make([][8]byte, n)
	for i := range n {
		_, s := tr.Start(context.Background(), fmt.Sprintf("%s-%d", prefix, i))
		s.End()
		ids[i] = s.SpanContext().SpanID()
	}
	return ids
}

func procTracer(p sdktrace.SpanProcessor) trace.Tracer {
	return sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(p)).Tracer("test")
}

func procShutdown(t *testing.T, p *SyncSpanProcessor) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := p.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
}

func procWaitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestSyncSpanProcessorExportsBeforeEndReturns(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	srv := otlptest.NewServer()
	defer srv.Close()
	p := NewSyncSpanProcessor(procNewExporter(t, srv.TracesURL(), ""), WithExportTimeout(procTestTimeout))
	tr := procTracer(p)
	for i := range 5 {
		_, s := tr.Start(context.Background(), "op")
		s.End()
		if got := srv.Received(s.SpanContext().SpanID()); got != 1 {
			t.Fatalf("span %d: received %d times when End returned, want 1", i, got)
		}
	}
	procShutdown(t, p)
	st := p.Stats()
	if st.Exported != 5 || st.Failed != 0 || st.Dropped != 0 || st.Circuit != CircuitClosed {
		t.Errorf("Stats = %+v, want 5 exported, closed circuit", st)
	}
}

func TestSyncSpanProcessorCollectorFailures(t *testing.T) {
	const spans = 20
	tests := []struct {
		name      string
		setup     func(*otlptest.Server)
		down      bool
		wantClass string
		wantOpen  bool
		// minOpen is the least time the circuit must stay open (Retry-After).
		minOpen time.Duration
	}{
		{name: "down", down: true, wantClass: ClassConnectionRefused, wantOpen: true},
		{name: "hanging", setup: func(s *otlptest.Server) { s.SetHang(true) }, wantClass: ClassTimeout, wantOpen: true},
		{name: "503", setup: func(s *otlptest.Server) { s.SetStatus(http.StatusServiceUnavailable, "") }, wantClass: "http_503", wantOpen: true},
		{
			name: "429 Retry-After", setup: func(s *otlptest.Server) { s.SetStatus(http.StatusTooManyRequests, "3") },
			wantClass: "http_429", wantOpen: true, minOpen: 2 * time.Second,
		},
		{name: "slow", setup: func(s *otlptest.Server) { s.SetLatency(15 * time.Millisecond) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
			url := procDownURL(t)
			var srv *otlptest.Server
			if !tt.down {
				srv = otlptest.NewServer()
				defer srv.Close()
				tt.setup(srv)
				url = srv.TracesURL()
			}
			var diag strings.Builder
			var diagMu sync.Mutex
			exp := procNewExporter(t, url, "")
			p := NewSyncSpanProcessor(exp, WithSpooler(exp),
				WithExportTimeout(procTestTimeout), WithFailureThreshold(2),
				WithBackoff(time.Second, time.Second),
				WithDiagnosticFunc(func(m string) { diagMu.Lock(); diag.WriteString(m + "\n"); diagMu.Unlock() }))
			tr := procTracer(p)

			start := time.Now()
			procEndSpans(tr, "op", spans)
			elapsed := time.Since(start)

			st := p.Stats()
			// At most the threshold's worth of exports can wait for the
			// timeout; the rest find the circuit open.
			limit := 2*procTestTimeout + 250*time.Millisecond
			if !tt.wantOpen {
				limit = spans*15*time.Millisecond + 250*time.Millisecond
			}
			if elapsed > limit {
				t.Errorf("%d spans took %v against a %s collector, want < %v", spans, elapsed, tt.name, limit)
			}
			if tt.wantOpen {
				if st.Circuit != CircuitOpen {
					t.Errorf("Circuit = %s, want open", st.Circuit)
				}
				if st.LastErrorClass != tt.wantClass {
					t.Errorf("LastErrorClass = %q, want %q", st.LastErrorClass, tt.wantClass)
				}
				if got := st.Exported + st.Spooled + uint64(st.Pending) + st.Dropped; got != spans {
					t.Errorf("exported+spooled+pending+dropped = %d, want %d (%+v)", got, spans, st)
				}
				if st.Dropped != 0 {
					t.Errorf("Dropped = %d, want 0", st.Dropped)
				}
				if open := time.Until(st.CircuitOpenUntil); open < tt.minOpen {
					t.Errorf("circuit open for another %v, want >= %v (Retry-After)", open, tt.minOpen)
				}
			} else if st.Exported != spans || st.Circuit != CircuitClosed {
				t.Errorf("Stats = %+v, want %d exported, closed", st, spans)
			}
			procShutdown(t, p)
			if tt.wantOpen {
				diagMu.Lock()
				msg := diag.String()
				diagMu.Unlock()
				if !strings.Contains(msg, "circuit open for") || !strings.Contains(msg, "("+tt.wantClass+")") {
					t.Errorf("diagnostics = %q, want the circuit opening with the class", msg)
				}
				if strings.Contains(msg, "127.0.0.1") {
					t.Errorf("diagnostics leak the endpoint: %q", msg)
				}
				// Without a spool directory the spans die with the process:
				// Shutdown counts them as dropped.
				if st := p.Stats(); st.SpoolSpans != 0 || st.Dropped != spans {
					t.Errorf("after Shutdown Stats = %+v, want all %d spans dropped", st, spans)
				}
			}
		})
	}
}

// A collector that is down, then comes up where the client points: every
// span arrives exactly once, through the spool replay.
func TestSyncSpanProcessorCollectorRestartExactlyOnce(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	addr, err := otlptest.FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	exp := procNewExporter(t, "http://"+addr+"/v1/traces", t.TempDir())
	p := NewSyncSpanProcessor(exp, WithSpooler(exp), WithExportTimeout(procTestTimeout),
		WithFailureThreshold(1), WithBackoff(20*time.Millisecond, 50*time.Millisecond))
	tr := procTracer(p)

	ids := procEndSpans(tr, "down", 30)
	srv, err := otlptest.NewServerAt(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	// Without new spans, the worker's probe finds the collector.
	procWaitFor(t, "replay of the spooled spans", func() bool { return srv.UniqueSpans() == 30 })
	ids = append(ids, procEndSpans(tr, "up", 10)...)
	procShutdown(t, p)

	for i, id := range ids {
		if got := srv.Received(id); got != 1 {
			t.Errorf("span %d received %d times, want 1", i, got)
		}
	}
	if d := srv.Duplicates(); d != 0 {
		t.Errorf("%d duplicates", d)
	}
	st := p.Stats()
	if st.Dropped != 0 || st.SpoolSpans != 0 || st.Exported+st.Replayed != 40 || st.Circuit != CircuitClosed {
		t.Errorf("Stats = %+v, want 40 exported or replayed, nothing dropped or left", st)
	}
}

// 8 goroutines against a 20 ms collector run concurrently, and each
// goroutine's spans arrive in the order they ended.
func TestSyncSpanProcessorConcurrentExports(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	const (
		goroutines = 8
		perG       = 4
		latency    = 20 * time.Millisecond
	)
	srv := otlptest.NewServer()
	defer srv.Close()
	srv.SetLatency(latency)
	exp := procNewExporter(t, srv.TracesURL(), "")
	p := NewSyncSpanProcessor(exp, WithExportTimeout(time.Second), WithMaxConcurrentExports(goroutines))
	tr := procTracer(p)

	start := time.Now()
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() { procEndSpans(tr, fmt.Sprintf("g%d", g), perG) })
	}
	wg.Wait()
	elapsed := time.Since(start)
	procShutdown(t, p)

	serialized := goroutines * perG * latency
	if elapsed*5 > serialized {
		t.Errorf("%d goroutines took %v, want >= 5x faster than serialized (%v)", goroutines, elapsed, serialized)
	}
	if got := srv.UniqueSpans(); got != goroutines*perG {
		t.Fatalf("received %d spans, want %d", got, goroutines*perG)
	}
	next := map[string]int{}
	for _, s := range srv.Spans() {
		g, i, _ := strings.Cut(s.GetName(), "-")
		if want := fmt.Sprint(next[g]); i != want {
			t.Errorf("goroutine %s: span %s arrived when %s was expected", g, i, want)
		}
		next[g]++
	}
}

// The concurrency bound holds: never more exports in flight than allowed.
func TestSyncSpanProcessorConcurrencyBound(t *testing.T) {
	var inflight, peak int
	var mu sync.Mutex
	exp := procExporterFunc(func(context.Context, []sdktrace.ReadOnlySpan) error {
		mu.Lock()
		inflight++
		peak = max(peak, inflight)
		mu.Unlock()
		time.Sleep(5 * time.Millisecond)
		mu.Lock()
		inflight--
		mu.Unlock()
		return nil
	})
	p := NewSyncSpanProcessor(exp, WithMaxConcurrentExports(3))
	tr := procTracer(p)
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() { procEndSpans(tr, "op", 3) })
	}
	wg.Wait()
	procShutdown(t, p)
	if peak != 3 {
		t.Errorf("peak concurrent exports = %d, want 3", peak)
	}
	if st := p.Stats(); st.Exported != 30 {
		t.Errorf("Exported = %d, want 30", st.Exported)
	}
}

type procExporterFunc func(context.Context, []sdktrace.ReadOnlySpan) error

func (f procExporterFunc) ExportSpans(ctx context.Context, s []sdktrace.ReadOnlySpan) error {
	return f(ctx, s)
}
func (procExporterFunc) Shutdown(context.Context) error { return nil }

func TestSyncSpanProcessorShutdown(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	mem := tracetest.NewInMemoryExporter()
	p := NewSyncSpanProcessor(mem)
	tr := procTracer(p)
	procEndSpans(tr, "before", 2)
	if err := p.ForceFlush(context.Background()); err != nil {
		t.Fatalf("ForceFlush: %v", err)
	}
	procShutdown(t, p)
	procShutdown(t, p) // idempotent
	procEndSpans(tr, "after", 2)
	if err := p.ForceFlush(context.Background()); err != nil {
		t.Errorf("ForceFlush after Shutdown: %v", err)
	}
	// InMemoryExporter.Shutdown resets it: count via Stats instead.
	if st := p.Stats(); st.Exported != 2 || st.Dropped != 0 {
		t.Errorf("Stats = %+v, want exactly the 2 spans ended before Shutdown", st)
	}
}

// Unsampled spans are not exported.
func TestSyncSpanProcessorSkipsUnsampled(t *testing.T) {
	mem := tracetest.NewInMemoryExporter()
	p := NewSyncSpanProcessor(mem)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(p), sdktrace.WithSampler(sdktrace.NeverSample()))
	procEndSpans(tp.Tracer("t"), "op", 3)
	if got := len(mem.GetSpans()); got != 0 {
		t.Errorf("exported %d unsampled spans", got)
	}
	procShutdown(t, p)
}

// Without a spool, spans held in memory while the circuit is open are sent
// when it closes, counted as replayed.
func TestSyncSpanProcessorMemoryRetry(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	mem := tracetest.NewInMemoryExporter()
	var fail sync.Map
	fail.Store("on", true)
	exp := procExporterFunc(func(ctx context.Context, s []sdktrace.ReadOnlySpan) error {
		if v, _ := fail.Load("on"); v.(bool) {
			return errors.New("unreachable")
		}
		return mem.ExportSpans(ctx, s)
	})
	p := NewSyncSpanProcessor(exp, WithFailureThreshold(1), WithBackoff(20*time.Millisecond, 20*time.Millisecond))
	tr := procTracer(p)
	procEndSpans(tr, "op", 5)
	if st := p.Stats(); st.Pending != 5 || st.LastErrorClass != ClassOther {
		t.Fatalf("Stats = %+v, want 5 pending, class %q", st, ClassOther)
	}
	fail.Store("on", false)
	procWaitFor(t, "memory retry", func() bool { return len(mem.GetSpans()) == 5 })
	procShutdown(t, p)
	if st := p.Stats(); st.Replayed != 5 || st.Pending != 0 || st.Dropped != 0 {
		t.Errorf("Stats = %+v, want 5 replayed", st)
	}
}

// The memory queue is bounded; what it drops is counted.
func TestSyncSpanProcessorPendingBound(t *testing.T) {
	exp := procExporterFunc(func(context.Context, []sdktrace.ReadOnlySpan) error { return errors.New("down") })
	p := NewSyncSpanProcessor(exp, WithFailureThreshold(1), WithBackoff(time.Hour, time.Hour), WithMaxPendingSpans(4))
	procEndSpans(procTracer(p), "op", 10)
	st := p.Stats()
	if st.Pending != 4 || st.Dropped != 6 {
		t.Errorf("Stats = %+v, want 4 pending, 6 dropped", st)
	}
	procShutdown(t, p)
	if st := p.Stats(); st.Dropped != 10 {
		t.Errorf("after Shutdown Dropped = %d, want 10", st.Dropped)
	}
}

// A rejected request (a permanent 4xx) is dropped and counted, and does not
// open the circuit: the collector is reachable.
func TestSyncSpanProcessorRejected(t *testing.T) {
	srv := procNewServer(t)
	srv.SetStatus(http.StatusBadRequest, "")
	exp := procNewExporter(t, srv.TracesURL(), t.TempDir())
	p := NewSyncSpanProcessor(exp, WithSpooler(exp), WithFailureThreshold(1))
	procEndSpans(procTracer(p), "op", 3)
	procShutdown(t, p)
	st := p.Stats()
	if st.Dropped != 3 || st.Spooled != 0 || st.Circuit != CircuitClosed || st.LastErrorClass != "http_400" {
		t.Errorf("Stats = %+v, want 3 dropped, closed circuit, http_400", st)
	}
}

// While the circuit is open, OnEnd does no I/O: spans are spooled by the
// worker through the exporter chain.
func TestSyncSpanProcessorOpenCircuitSpools(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	dir := t.TempDir()
	exp := procNewExporter(t, procDownURL(t), dir)
	p := NewSyncSpanProcessor(exp, WithSpooler(exp), WithFailureThreshold(1), WithBackoff(time.Hour, time.Hour))
	tr := procTracer(p)
	procEndSpans(tr, "first", 1)
	if st := p.Stats(); st.Circuit != CircuitOpen || st.Spooled != 1 {
		t.Fatalf("Stats = %+v, want open with 1 spooled", st)
	}
	start := time.Now()
	procEndSpans(tr, "open", 100)
	if d := time.Since(start); d > 50*time.Millisecond {
		t.Errorf("100 spans with the circuit open took %v", d)
	}
	procWaitFor(t, "spooling", func() bool { return p.Stats().Spooled == 101 })
	procShutdown(t, p)
	if st := p.Stats(); st.SpoolSpans != 101 || st.Dropped != 0 {
		t.Errorf("Stats = %+v, want all 101 spans in the spool", st)
	}
}

// procPrivacyWrapper stands in for the privacy filter: an exporter wrapper that
// removes an attribute.
type procPrivacyWrapper struct{ next sdktrace.SpanExporter }

type procStrippedSpan struct{ sdktrace.ReadOnlySpan }

func (s procStrippedSpan) Attributes() []attribute.KeyValue {
	var out []attribute.KeyValue
	for _, kv := range s.ReadOnlySpan.Attributes() {
		if kv.Key != "secret" {
			out = append(out, kv)
		}
	}
	return out
}

func (w procPrivacyWrapper) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	out := make([]sdktrace.ReadOnlySpan, len(spans))
	for i, s := range spans {
		out[i] = procStrippedSpan{s}
	}
	return w.next.ExportSpans(ctx, out)
}
func (w procPrivacyWrapper) Shutdown(ctx context.Context) error { return w.next.Shutdown(ctx) }

// What reaches the disk spool has passed the wrapper, whether the span failed
// to send or ended while the circuit was open.
func TestSyncSpanProcessorSpoolIsPostFilter(t *testing.T) {
	dir := t.TempDir()
	exp := procNewExporter(t, procDownURL(t), dir)
	p := NewSyncSpanProcessor(procPrivacyWrapper{exp}, WithSpooler(exp), WithFailureThreshold(1), WithBackoff(time.Hour, time.Hour))
	tr := procTracer(p)
	for range 3 { // the first fails and is spooled, the others are held, then spooled
		_, s := tr.Start(context.Background(), "op", trace.WithAttributes(
			attribute.String("secret", "CANARY-sk-proj-123"), attribute.String("kept", "visible-value")))
		s.End()
	}
	procShutdown(t, p)
	raw := procReadSpoolDir(t, dir)
	if !strings.Contains(raw, "visible-value") {
		t.Fatal("spool does not hold the spans")
	}
	if strings.Contains(raw, "CANARY") {
		t.Error("spool holds an attribute the filter removed")
	}
	if st := p.Stats(); st.SpoolSpans != 3 {
		t.Errorf("SpoolSpans = %d, want 3", st.SpoolSpans)
	}
}
