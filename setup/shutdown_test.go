package setup_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/otelagent/otelagent-go/exporters"
	"github.com/otelagent/otelagent-go/internal/otlptest"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/setup"
)

// Shutdown with a context already canceled or expired keeps every span and
// the run's metrics in the spool, says so truthfully per signal, and
// leaves no goroutine behind. (The SDK's TracerProvider does not shut its
// processors down with a done context; the pipeline must.)
func TestShutdownWithDoneContext(t *testing.T) {
	for _, name := range []string{"canceled", "expired"} {
		t.Run(name, func(t *testing.T) {
			isolate(t)
			before := goleak.IgnoreCurrent()
			srv := otlptest.NewServer()
			defer srv.Close()
			srv.SetHang(true)
			spool := filepath.Join(t.TempDir(), "spool")
			var diag bytes.Buffer
			p, _ := setup.Start(context.Background(), setup.WithEndpoint("http://"+srv.Addr()), setup.WithSpoolDir(spool),
				setup.WithExportTimeout(300*time.Millisecond), setup.WithDiagnostics(&diag), setup.WithConfigDir(t.TempDir()))
			diag.Reset()
			var wg sync.WaitGroup
			for range 10 {
				wg.Go(func() { record(p.Telemetry()) })
			}
			wg.Wait()
			ctx, cancel := context.WithCancel(context.Background())
			if name == "expired" {
				ctx, cancel = context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
			}
			cancel()
			_ = p.Shutdown(ctx)
			st := p.Stats().Delivery
			for _, s := range []exporters.SignalStats{st.Traces, st.Metrics} {
				if s.Ended == 0 || s.Ended != s.Pending || s.DroppedTotal() != 0 || s.Exported != 0 {
					t.Errorf("%s: %+v", s.URL, s)
				}
			}
			out := diag.String()
			want := fmt.Sprintf("otelagent: telemetry could not be delivered to http://%s/v1/traces (timeout): %d spans from this run kept in %s for the next run; to http://%s/v1/metrics (shutdown): %d data points from this run kept in %[3]s for the next run (to turn telemetry off, set TELEMETRY_ENABLED=false)\n",
				srv.Addr(), st.Traces.Pending, spool, srv.Addr(), st.Metrics.Pending)
			if out != want {
				t.Errorf("summary %q, want %q", out, want)
			}
			srv.Close()
			goleak.VerifyNone(t, before)
		})
	}
}

// When only the metrics endpoint is down, the exit line names the metrics
// URL, and says nothing about the traces, which were delivered.
func TestExitLineNamesTheSignalsURL(t *testing.T) {
	isolate(t)
	srv := otlptest.NewServer()
	defer srv.Close()
	addr, err := otlptest.FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://"+srv.Addr())
	t.Setenv("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://"+addr+"/v1/metrics")
	var diag bytes.Buffer
	p, _ := setup.Start(context.Background(), setup.WithSpoolDir(filepath.Join(t.TempDir(), "s")),
		setup.WithDiagnostics(&diag), setup.WithConfigDir(t.TempDir()))
	diag.Reset()
	record(p.Telemetry())
	_ = p.Shutdown(context.Background())
	want := "otelagent: telemetry could not be delivered to http://" + addr + "/v1/metrics (connection_refused): "
	if out := diag.String(); !bytes.HasPrefix([]byte(out), []byte(want)) || bytes.Contains([]byte(out), []byte("/v1/traces")) {
		t.Errorf("exit line %q, want it to start with %q and not mention the traces", out, want)
	}
	if srv.UniqueSpans() == 0 {
		t.Error("the traces were not delivered")
	}
}

// The exit line counts as a person reads it and tells this run's data from
// what earlier runs left; with --debug a delivery line always says what was
// delivered, and where.
func TestDeliveryLines(t *testing.T) {
	isolate(t)
	dead, err := otlptest.FreeAddr() // a closed port: connection refused
	if err != nil {
		t.Fatal(err)
	}
	spool, config := t.TempDir(), t.TempDir()
	run := func(tools int) (diag, debug string) {
		var d, g bytes.Buffer
		p, _ := setup.Start(context.Background(), setup.WithEndpoint("http://"+dead), setup.WithDiagnostics(&d),
			setup.WithDebug(&g), setup.WithSpoolDir(spool), setup.WithConfigDir(config))
		for range tools {
			_, call := p.Telemetry().StartToolCall(context.Background(), otelagent.Tool{Name: "read_file"})
			call.End(nil)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = p.Shutdown(ctx)
		return d.String(), g.String()
	}
	diag, debug := run(1)
	if !strings.Contains(diag, ": 1 span from this run kept in ") {
		t.Errorf("exit line %q, want it to count \"1 span\"", diag)
	}
	if !strings.Contains(debug, "otelagent: 0 spans of 1 delivered to http://"+dead+"/v1/traces") {
		t.Errorf("debug output lacks the delivery line:\n%s", debug)
	}
	diag, _ = run(3)
	if !strings.Contains(diag, ": 3 spans from this run and 1 from earlier runs kept in ") {
		t.Errorf("second run's exit line %q, want this run's 3 spans told from the earlier run's 1", diag)
	}
}

// overlapWriter fails the test when two writes overlap: what a
// bytes.Buffer given as the diagnostics and debug writer would suffer.
type overlapWriter struct {
	t       *testing.T
	writing atomic.Bool
	mu      sync.Mutex
	buf     bytes.Buffer
}

func (w *overlapWriter) Write(p []byte) (int, error) {
	if !w.writing.CompareAndSwap(false, true) {
		w.t.Error("two writes to the diagnostics and debug writer overlapped")
		return len(p), nil
	}
	defer w.writing.Store(false)
	time.Sleep(50 * time.Microsecond) // widen the window an overlap needs
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

// TestDiagnosticsAndDebugWritesDoNotOverlap: span ends on several
// goroutines (the debug view), delivery's background worker (the circuit's
// lines) and the SDK all write to the writers a program gave; with one
// writer for both, no two writes may overlap.
func TestDiagnosticsAndDebugWritesDoNotOverlap(t *testing.T) {
	isolate(t)
	dead, err := otlptest.FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	w := &overlapWriter{t: t}
	p, _ := setup.Start(context.Background(), setup.WithEndpoint("http://"+dead), setup.WithDiagnostics(w),
		setup.WithDebug(w), setup.WithSpoolDir(t.TempDir()), setup.WithConfigDir(t.TempDir()))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20 {
				_, call := p.Telemetry().StartToolCall(context.Background(), otelagent.Tool{Name: "read_file"})
				call.End(nil)
			}
		})
	}
	wg.Wait()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = p.Shutdown(ctx)
	w.mu.Lock()
	defer w.mu.Unlock()
	if !strings.Contains(w.buf.String(), "execute_tool read_file") {
		t.Errorf("the debug view wrote no span:\n%.2000s", w.buf.String())
	}
}
