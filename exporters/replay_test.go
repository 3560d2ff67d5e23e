package exporters

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/otelagent/otelagent-go/internal/otlptest"
)

// fakeClock is time that moves only when a test says so.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []fakeWaiter
}

type fakeWaiter struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Unix(1_800_000_000, 0)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) (<-chan time.Time, func() bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	c.waiters = append(c.waiters, fakeWaiter{at: c.now.Add(d), ch: ch})
	return ch, func() bool { return true }
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if !w.at.After(c.now) {
			w.ch <- c.now
		} else {
			kept = append(kept, w)
		}
	}
	c.waiters = kept
}

func withClock(c clock) DeliveryOption { return func(cfg *deliveryConfig) { cfg.clock = c } }

func withSender(s sender) DeliveryOption {
	return func(cfg *deliveryConfig) { cfg.senders = [2]sender{s, s} }
}

// fakeSender answers with a scripted outcome, advancing the fake clock by
// the scripted latency.
type fakeSender struct {
	clock   *fakeClock
	mu      sync.Mutex
	latency time.Duration
	result  outcome
	reject  int // answer this many requests with 400 first
	sent    [][]byte
}

func (f *fakeSender) send(_ context.Context, body []byte) outcome {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.clock.Advance(f.latency)
	if f.reject > 0 {
		f.reject--
		return outcome{class: "400", status: 400}
	}
	if f.result.class == "" {
		f.sent = append(f.sent, body)
	}
	return f.result
}

func (f *fakeSender) close() {}

func (f *fakeSender) set(latency time.Duration, o outcome) {
	f.mu.Lock()
	f.latency, f.result = latency, o
	f.mu.Unlock()
}

func (f *fakeSender) sentSpans() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, b := range f.sent {
		c, _ := countItems(signalTraces, b)
		n += c
	}
	return n
}

// A slow collector (answers within the deadline, but slowly) is noticed
// after two slow exports: from then on End hands spans to the spool without
// waiting for the network, and they are delivered at Shutdown.
func TestSlowCollectorHandOff(t *testing.T) {
	clk := newFakeClock()
	fs := &fakeSender{clock: clk}
	h := newHarness(t, &Endpoint{URL: "http://127.0.0.1:1/v1/traces", Timeout: time.Second}, nil,
		WithSpoolDir(filepath.Join(t.TempDir(), "s")), withClock(clk), withSender(fs))
	fs.set(900*time.Millisecond, outcome{}) // just under the 1 s deadline
	h.endSpans(10)
	st := h.d.Stats().Traces
	checkInvariant(t, "slow", st)
	// Two exports paid the latency; the other eight went to the spool.
	if st.Exported != 2 || st.Pending != 8 || st.LastErrorClass != classSlow {
		t.Fatalf("stats %+v", st)
	}
	if len(fs.sent) != 2 {
		t.Fatalf("%d requests reached the collector during the run, want 2", len(fs.sent))
	}
	h.shutdown(t, context.Background())
	st = h.d.Stats().Traces
	checkInvariant(t, "after shutdown", st)
	if st.Exported != 10 || st.Pending != 0 || fs.sentSpans() != 10 {
		t.Errorf("after shutdown: stats %+v, collector has %d spans", st, fs.sentSpans())
	}
}

// The replay worker waits for the circuit's window on the (fake) clock,
// then delivers the spool oldest first; spans held then sent count once, as
// exported.
func TestReplayWorkerAfterWindow(t *testing.T) {
	clk := newFakeClock()
	fs := &fakeSender{clock: clk}
	h := newHarness(t, &Endpoint{URL: "http://127.0.0.1:1/v1/traces", Timeout: time.Second}, nil,
		WithSpoolDir(filepath.Join(t.TempDir(), "s")), withClock(clk), withSender(fs))
	fs.set(0, outcome{class: classConnectionRefused})
	h.endSpans(5)
	if st := h.d.Stats().Traces; st.Circuit != CircuitOpen || st.Pending != 5 {
		t.Fatalf("stats %+v", st)
	}
	fs.set(0, outcome{})
	clk.Advance(2 * time.Second)
	waitFor(t, "the worker's replay", func() bool { return h.d.Stats().Traces.Exported == 5 })
	st := h.d.Stats().Traces
	checkInvariant(t, "replayed", st)
	if st.Replayed != 0 || st.Pending != 0 || st.Circuit != CircuitClosed {
		t.Errorf("stats %+v", st)
	}
	h.shutdown(t, context.Background())
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Shutdown keeps everything whatever its context: already canceled,
// expired, or with time to spare against a dead collector.
func TestShutdownKeepsEverything(t *testing.T) {
	for _, tc := range []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
	}{
		{"canceled", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, cancel
		}},
		{"expired", func() (context.Context, context.CancelFunc) {
			return context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
		}},
		{"in time", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 10*time.Second)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t)
			srv.SetHang(true)
			dir := filepath.Join(t.TempDir(), "s")
			h := newHarness(t, ep(srv.TracesURL()), ep(srv.MetricsURL()), WithSpoolDir(dir))
			mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewPeriodicReader(h.d.MetricExporter())))
			ctr, _ := mp.Meter("t").Int64Counter("c")
			ctr.Add(context.Background(), 1)
			// Spans ending while Shutdown runs: in flight against a hanging
			// collector.
			var wg sync.WaitGroup
			for range 4 {
				wg.Go(func() { h.endSpans(5) })
			}
			ctx, cancel := tc.ctx()
			defer cancel()
			wg.Wait()
			if ctx.Err() != nil {
				h.d.Offline()
				_ = mp.Shutdown(context.WithoutCancel(ctx))
			} else {
				_ = mp.Shutdown(ctx)
			}
			h.shutdown(t, ctx)
			st := h.d.Stats()
			checkInvariant(t, "traces", st.Traces)
			checkInvariant(t, "metrics", st.Metrics)
			if st.Traces.Ended != 20 || st.Traces.Pending != 20 || st.Metrics.Pending != 1 {
				t.Errorf("stats %+v", st)
			}
			if n := len(spoolSpans(t, dir)); n != 20 {
				t.Errorf("%d spans in the spool, want 20", n)
			}
		})
	}
}

// A second Ctrl-C (ctx canceled) during the shutdown flush abandons it
// promptly: the data stays in the spool.
func TestShutdownFlushAbandoned(t *testing.T) {
	srv := newServer(t)
	dir, _ := spoolOffline(t, srv, 3)
	srv.SetHang(true)
	h2 := newHarness(t, &Endpoint{URL: srv.TracesURL(), Timeout: time.Hour}, nil, WithSpoolDir(dir))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		h2.shutdown(t, ctx)
	}()
	waitFor(t, "the flush to reach the collector", func() bool { return srv.Arrivals() > 0 })
	cancel()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("Shutdown did not honour the canceled context")
	}
	if n := len(spoolSpans(t, dir)); n != 3 {
		t.Errorf("%d spans in the spool after the abandoned flush, want 3", n)
	}
}

// A request the collector rejects for good (400) is dropped and counted,
// and does not block what follows it in the spool.
func TestRejectedFileDoesNotBlockSpool(t *testing.T) {
	clk := newFakeClock()
	dir := filepath.Join(t.TempDir(), "s")
	fs := &fakeSender{clock: clk}
	h := newHarness(t, &Endpoint{URL: "http://127.0.0.1:1/v1/traces", Timeout: time.Second}, nil, WithSpoolDir(dir), withClock(clk), withSender(fs))
	fs.set(0, outcome{class: classConnectionRefused})
	h.endSpans(3)
	h.d.spool.(*dirSpool).mu.Lock()
	h.d.spool.(*dirSpool).sealLocked(signalTraces) // first file: 3 spans
	h.d.spool.(*dirSpool).mu.Unlock()
	h.endSpans(2) // second file: 2 spans
	fs.mu.Lock()
	fs.reject, fs.result = 1, outcome{}
	fs.mu.Unlock()
	clk.Advance(time.Hour) // the circuit's window passed
	h.shutdown(t, context.Background())
	st := h.d.Stats().Traces
	checkInvariant(t, "rejected file", st)
	// Which file is rejected depends on how the worker cut them; what
	// matters is that the rest was delivered after it.
	if d := st.Dropped["400"]; d == 0 || st.Exported != 5-d || st.Pending != 0 || fs.sentSpans() != int(st.Exported) {
		t.Errorf("stats %+v, sent %d", st, fs.sentSpans())
	}
}

type senderFunc func(context.Context, []byte) outcome

func (f senderFunc) send(ctx context.Context, b []byte) outcome { return f(ctx, b) }
func (senderFunc) close()                                       {}

// What the spool holds is counted from its content: a zero-byte file, a
// file renamed to claim 1,000 spans and a file named garbage.otlp are
// garbage (removed, counted), never replayed.
func TestReplayCountsContent(t *testing.T) {
	srv := newServer(t)
	dir, files := spoolOffline(t, srv, 4)
	sealed := files[0]
	n, _ := parseName(sealed)
	empty := strings.Replace(sealed, "-1.t.", "-7.t.", 1)
	if err := os.WriteFile(filepath.Join(dir, empty), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "garbage.otlp"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	undecodable := fmt.Sprintf("%019d-1-ffff-1.t.c0.%s.otlp", n.ns+1, n.dest)
	if err := os.WriteFile(filepath.Join(dir, undecodable), []byte("\x00\x00\x00\x05\xff\xff\xff\xff\xff"), 0o600); err != nil {
		t.Fatal(err)
	}
	h2 := newHarness(t, ep(srv.TracesURL()), nil, WithSpoolDir(dir))
	h2.shutdown(t, context.Background())
	st := h2.d.Stats()
	if st.Traces.Replayed != 4 || srv.UniqueSpans() != 4 {
		t.Errorf("replayed %d, collector %d, want 4", st.Traces.Replayed, srv.UniqueSpans())
	}
	if st.SpoolGarbage != 3 {
		t.Errorf("garbage %d, want 3 (garbage.otlp, the empty file and the undecodable record)", st.SpoolGarbage)
	}
	if left, _ := os.ReadDir(dir); len(left) > 1 { // the state file may stay
		t.Errorf("files left: %v", left)
	}
}

// Spooled data is bound to its destination and capture mode: another
// endpoint (or other credentials) never receives it, and content captured
// by an earlier run is dropped, counted, by a run without capture.
func TestSpoolBinding(t *testing.T) {
	srv := newServer(t)
	other := newServer(t)
	dir := filepath.Join(t.TempDir(), "s")
	clk := newFakeClock()
	srv.SetStatus(503, "")
	h := newHarness(t, ep(srv.TracesURL()), nil, WithSpoolDir(dir), WithContentCapture(true), withClock(clk))
	h.endSpans(3)
	h.shutdown(t, context.Background())

	clk.Advance(time.Hour) // past any back-off
	h2 := newHarness(t, ep(other.TracesURL()), nil, WithSpoolDir(dir), withClock(clk))
	h2.shutdown(t, context.Background())
	withCreds := ep(srv.TracesURL())
	withCreds.Headers = map[string]string{"Authorization": "Bearer other"}
	srv.SetHealthy()
	h3 := newHarness(t, withCreds, nil, WithSpoolDir(dir), withClock(clk))
	h3.shutdown(t, context.Background())
	if other.Requests() != 0 || srv.Requests() != 0 {
		t.Fatalf("spooled spans went to another destination: %d, %d requests", other.Requests(), srv.Requests())
	}
	h4 := newHarness(t, ep(srv.TracesURL()), nil, WithSpoolDir(dir), withClock(clk)) // same destination, capture off
	h4.shutdown(t, context.Background())
	st := h4.d.Stats().Traces
	if srv.Requests() != 0 || st.DroppedEarlier[dropCaptureMismatch] != 3 {
		t.Errorf("captured content: %d requests, stats %+v", srv.Requests(), st)
	}
}

// A Retry-After is remembered by the next run, which does not send before
// it ends.
func TestRetryAfterAcrossRuns(t *testing.T) {
	srv := newServer(t)
	dir := filepath.Join(t.TempDir(), "s")
	srv.SetStatus(429, "30")
	h := newHarness(t, ep(srv.TracesURL()), nil, WithSpoolDir(dir))
	h.endSpans(1)
	h.shutdown(t, context.Background())
	srv.SetHealthy()
	h2 := newHarness(t, ep(srv.TracesURL()), nil, WithSpoolDir(dir))
	h2.endSpans(2)
	h2.shutdown(t, context.Background())
	if srv.Requests() != 0 {
		t.Errorf("the next run sent %d requests inside the collector's Retry-After", srv.Requests())
	}
	if st := h2.d.Stats().Traces; st.Pending != 2 || st.Circuit != CircuitOpen {
		t.Errorf("stats %+v", st)
	}
}

// Metrics are kept when their collector is down and delivered by the next
// run.
func TestMetricsDownThenUp(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "s")
	metricsURL := downURL(t, "/v1/metrics")
	run := func(url string) Stats {
		d, err := NewDelivery(nil, ep(url), WithSpoolDir(dir))
		if err != nil {
			t.Fatal(err)
		}
		mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewPeriodicReader(d.MetricExporter())))
		c, _ := mp.Meter("t").Int64Counter("tool.calls")
		for range 2000 {
			c.Add(context.Background(), 1)
		}
		_ = mp.Shutdown(context.Background())
		_ = d.Shutdown(context.Background())
		return d.Stats()
	}
	st := run(metricsURL)
	checkInvariant(t, "down", st.Metrics)
	if st.Metrics.Pending != 1 || st.Metrics.LastErrorClass != classConnectionRefused || st.Metrics.URL != metricsURL {
		t.Fatalf("down: %+v", st.Metrics)
	}
	// The next run, against the same destination now up (the same
	// address), delivers both runs' points.
	up, err := otlptest.NewServerAt(strings.TrimPrefix(strings.TrimSuffix(metricsURL, "/v1/metrics"), "http://"))
	if err != nil {
		t.Skipf("could not listen where the down collector was: %v", err)
	}
	defer up.Close()
	st = run(metricsURL)
	checkInvariant(t, "up", st.Metrics)
	if st.Metrics.Exported != 1 || st.Metrics.Replayed != 1 || up.DataPoints() != 2 {
		t.Errorf("up: %+v, collector has %d points", st.Metrics, up.DataPoints())
	}
}

// A probe that never reached the collector (no time left) gives the probe
// back: the circuit does not stay half-open, and the spool is delivered.
func TestProbeReleasedWithoutSend(t *testing.T) {
	clk := newFakeClock()
	fs := &fakeSender{clock: clk}
	h := newHarness(t, &Endpoint{URL: "http://127.0.0.1:1/v1/traces", Timeout: time.Second}, nil, withClock(clk), withSender(fs))
	h.d.sigs[signalTraces].circuit.openFor(clk.Now(), time.Second)
	clk.Advance(time.Hour) // the window passed: the next export probes
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// A span from a provider without processors: only this export sees it.
	_, s := sdktrace.NewTracerProvider().Tracer("t").Start(context.Background(), "x")
	s.End()
	_ = h.d.SpanExporter().ExportSpans(ctx, []sdktrace.ReadOnlySpan{s.(sdktrace.ReadOnlySpan)})
	waitFor(t, "the kept span to be delivered", func() bool { return h.d.Stats().Traces.Exported == 1 })
	if st := h.d.Stats().Traces; st.Circuit != CircuitClosed || st.Pending != 0 {
		t.Errorf("stats %+v", st)
	}
	h.shutdown(t, context.Background())
}

// Requests given back to a memory spool keep their order.
func TestMemSpoolOrder(t *testing.T) {
	m := newMemSpool(1<<20, func(signalKind, bool, int, string) {})
	for _, b := range []string{"a", "b", "c"} {
		_ = m.append(signalTraces, []byte(b))
	}
	b1, _ := m.claim(signalTraces)
	_ = m.append(signalTraces, []byte("d"))
	m.release(b1, false)
	b2, _ := m.claim(signalTraces)
	var got []string
	for _, r := range b2.records {
		got = append(got, string(r))
	}
	if strings.Join(got, "") != "abcd" {
		t.Errorf("order after a give-back: %q, want abcd", got)
	}
}

// Partial success is read for metrics too: rejected points are dropped,
// counted, and said.
func TestMetricsPartialSuccess(t *testing.T) {
	srv := newServer(t)
	srv.SetPartialSuccess(100)
	diag := &syncBuffer{}
	d, err := NewDelivery(nil, ep(srv.MetricsURL()), WithDiagnostics(diag))
	if err != nil {
		t.Fatal(err)
	}
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewPeriodicReader(d.MetricExporter())))
	c, _ := mp.Meter("t").Int64Counter("tool.calls")
	c.Add(context.Background(), 1)
	_ = mp.Shutdown(context.Background())
	_ = d.Shutdown(context.Background())
	st := d.Stats().Metrics
	checkInvariant(t, "metrics partial", st)
	if st.Exported != 0 || st.Dropped[dropRejected] != 1 || !strings.Contains(diag.String(), "rejected 1 of 1 data points") {
		t.Errorf("stats %+v, diagnostics %q", st, diag.String())
	}
}
