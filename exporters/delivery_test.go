package exporters

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/goleak"

	"github.com/otelagent/otelagent-go/internal/otlptest"
)

// testTimeout is the per-export deadline of these tests: long enough for a
// busy machine to answer a healthy local collector, short enough that a
// hanging one costs little. No assertion depends on how fast anything ran.
const testTimeout = 2 * time.Second

func newServer(t *testing.T) *otlptest.Server {
	t.Helper()
	srv := otlptest.NewServer()
	t.Cleanup(srv.Close)
	return srv
}

func downURL(t *testing.T, path string) string {
	t.Helper()
	addr, err := otlptest.FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	return "http://" + addr + path
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// harness is one run: a Delivery for traces (and metrics), its processor
// and a tracer.
type harness struct {
	d    *Delivery
	p    *SyncSpanProcessor
	tp   *sdktrace.TracerProvider
	tr   trace.Tracer
	diag *syncBuffer
}

func newHarness(t *testing.T, traces, metrics *Endpoint, opts ...DeliveryOption) *harness {
	t.Helper()
	diag := &syncBuffer{}
	d, err := NewDelivery(traces, metrics, append([]DeliveryOption{WithDiagnostics(diag)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{d: d, diag: diag}
	if traces != nil {
		h.p = NewSyncSpanProcessor(d.SpanExporter(), WithExportTimeout(testTimeout))
		h.tp = sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(h.p))
		h.tr = h.tp.Tracer("test")
	}
	return h
}

func ep(url string) *Endpoint { return &Endpoint{URL: url, Timeout: testTimeout} }

// endSpans ends n spans and returns their IDs.
func (h *harness) endSpans(n int) [][8]byte {
	ids := make([][8]byte, n)
	for i := range n {
		_, s := h.tr.Start(context.Background(), fmt.Sprintf("span-%d", i))
		s.End()
		ids[i] = s.SpanContext().SpanID()
	}
	return ids
}

func (h *harness) shutdown(t *testing.T, ctx context.Context) {
	t.Helper()
	if h.tp != nil {
		_ = h.tp.Shutdown(ctx)
		_ = h.p.Shutdown(ctx)
	}
	_ = h.d.Shutdown(ctx)
}

// checkInvariant: every item handed to delivery is exported, dropped for a
// reason or pending, exactly once.
func checkInvariant(t *testing.T, what string, s SignalStats) {
	t.Helper()
	if s.Ended != s.Exported+s.DroppedTotal()+s.Pending {
		t.Errorf("%s: ended %d != exported %d + dropped %d %v + pending %d", what, s.Ended, s.Exported, s.DroppedTotal(), s.Dropped, s.Pending)
	}
}

// spoolItems decodes every request in a spool directory (sealed, open and
// claimed files) and counts spans by ID.
func spoolSpans(t *testing.T, dir string) map[[8]byte]int {
	t.Helper()
	out := map[[8]byte]int{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		n, ok := parseName(e.Name())
		if !ok || n.sig != signalTraces {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		records, _ := unframe(data)
		for _, r := range records {
			for _, id := range spanIDs(r) {
				out[id]++
			}
		}
	}
	return out
}

// spoolOffline runs a program that spools n spans for srv without sending
// them, and returns the spool directory and its sealed files.
func spoolOffline(t *testing.T, srv *otlptest.Server, n int) (dir string, sealed []string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "s")
	h := newHarness(t, ep(srv.TracesURL()), nil, WithSpoolDir(dir))
	h.d.Offline()
	h.endSpans(n)
	h.shutdown(t, context.Background())
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), extSealed) {
			sealed = append(sealed, e.Name())
		}
	}
	if len(sealed) == 0 {
		t.Fatal("nothing spooled")
	}
	return dir, sealed
}

func TestMain(m *testing.M) {
	if os.Getenv(childDirEnv) != "" {
		runSpanLoopChild()
		return
	}
	if os.Getenv(victimSpoolEnv) != "" {
		runVictim()
		return
	}
	goleak.VerifyTestMain(m)
}

// Each fault of the collector ends in a known place for the spans, said in
// the known class, and the counts add up.
func TestDeliveryFaults(t *testing.T) {
	const n = 6
	for _, tc := range []struct {
		name     string
		fault    func(s *otlptest.Server)
		class    string // last error class
		exported int    // spans the collector has at the end
		pending  int    // spans kept in the spool
		dropped  map[string]uint64
		hint     string
	}{
		{name: "healthy", fault: func(*otlptest.Server) {}, exported: n},
		{name: "503", fault: func(s *otlptest.Server) { s.SetStatus(503, "") }, class: "503", pending: n},
		{name: "429 Retry-After", fault: func(s *otlptest.Server) { s.SetStatus(429, "30") }, class: "429", pending: n},
		{name: "partial success", fault: func(s *otlptest.Server) { s.SetPartialSuccess(50) }, exported: 0, dropped: map[string]uint64{dropRejected: n}},
		{name: "400", fault: func(s *otlptest.Server) { s.SetStatus(400, "") }, class: "400", dropped: map[string]uint64{"400": n}},
		{name: "413", fault: func(s *otlptest.Server) { s.SetStatus(413, "") }, class: "413", dropped: map[string]uint64{"413": n}},
		{name: "401", fault: func(s *otlptest.Server) { s.SetStatus(401, "") }, class: "401", pending: n, hint: "OTEL_EXPORTER_OTLP_HEADERS"},
		{name: "403", fault: func(s *otlptest.Server) { s.SetStatus(403, "") }, class: "403", pending: n, hint: "OTEL_EXPORTER_OTLP_HEADERS"},
		{name: "hang", fault: func(s *otlptest.Server) { s.SetHang(true) }, class: classTimeout, pending: n},
		{name: "reset mid-body", fault: func(s *otlptest.Server) { s.SetReset(true) }, class: classConnectionReset, pending: n},
		{name: "redirect", fault: func(s *otlptest.Server) {
			s.SetRedirect("http://user:secret@elsewhere.example:4318/v1/traces?api_key=k")
		},
			class: classRedirect, pending: n, hint: "http://user:REDACTED@elsewhere.example:4318/v1/traces?api_key=REDACTED"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t)
			tc.fault(srv)
			h := newHarness(t, ep(srv.TracesURL()), nil, WithSpoolDir(t.TempDir()))
			h.endSpans(n)
			st := h.d.Stats().Traces
			h.shutdown(t, context.Background())
			final := h.d.Stats().Traces
			checkInvariant(t, "before shutdown", st)
			checkInvariant(t, "after shutdown", final)
			wantExported := tc.exported
			if tc.name == "partial success" {
				// 50 % of one span rounds up to the whole span.
				wantExported = 0
			}
			if int(final.Exported) != wantExported || srv.UniqueSpans() != wantExported {
				t.Errorf("exported %d, collector has %d, want %d", final.Exported, srv.UniqueSpans(), wantExported)
			}
			if int(final.Pending) != tc.pending {
				t.Errorf("pending %d, want %d (stats %+v)", final.Pending, tc.pending, final)
			}
			for r, v := range tc.dropped {
				if final.Dropped[r] != v {
					t.Errorf("dropped %v, want %s=%d", final.Dropped, r, v)
				}
			}
			if final.LastErrorClass != tc.class {
				t.Errorf("class %q, want %q", final.LastErrorClass, tc.class)
			}
			if !strings.Contains(final.LastErrorHint, tc.hint) {
				t.Errorf("hint %q, want it to contain %q", final.LastErrorHint, tc.hint)
			}
			if tc.name == "partial success" && !strings.Contains(h.diag.String(), "(partial success); counted as dropped") {
				t.Errorf("partial success not said under --debug: %q", h.diag.String())
			}
			if strings.Contains(h.diag.String(), "secret") {
				t.Errorf("diagnostics print a credential: %q", h.diag.String())
			}
		})
	}
}

// A wrong path (the common :4318 without /v1/traces) is a configuration
// error: the data is kept and the line says what to write.
func TestDeliveryWrongPathHint(t *testing.T) {
	srv := newServer(t)
	base := strings.TrimSuffix(srv.TracesURL(), "/v1/traces")
	h := newHarness(t, ep(base), nil, WithSpoolDir(t.TempDir()))
	h.endSpans(3)
	h.shutdown(t, context.Background())
	st := h.d.Stats().Traces
	checkInvariant(t, "wrong path", st)
	if st.LastErrorClass != "404" || st.Pending != 3 || st.LastErrorHint != "did you mean "+srv.TracesURL()+"?" {
		t.Errorf("stats %+v", st)
	}
	if strings.Count(h.diag.String(), "did you mean") != 1 {
		t.Errorf("want the hint once in diagnostics: %q", h.diag.String())
	}
}

// An untrusted certificate is a configuration error with the variable to
// set; with the CA trusted, the same collector receives everything.
func TestDeliveryTLS(t *testing.T) {
	srv := otlptest.NewTLSServer()
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	h := newHarness(t, ep(srv.TracesURL()), nil, WithSpoolDir(dir))
	h.endSpans(4)
	h.shutdown(t, context.Background())
	st := h.d.Stats().Traces
	checkInvariant(t, "untrusted", st)
	if st.LastErrorClass != classX509Unknown || st.Pending != 4 || !strings.Contains(st.LastErrorHint, "OTEL_EXPORTER_OTLP_CERTIFICATE") {
		t.Fatalf("stats %+v", st)
	}

	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	trusted := ep(srv.TracesURL())
	trusted.TLS = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	h2 := newHarness(t, trusted, nil, WithSpoolDir(dir))
	h2.endSpans(2)
	h2.shutdown(t, context.Background())
	st2 := h2.d.Stats().Traces
	checkInvariant(t, "trusted", st2)
	if st2.Exported != 2 || st2.Replayed != 4 || srv.UniqueSpans() != 6 {
		t.Errorf("stats %+v, collector %d", st2, srv.UniqueSpans())
	}
}

// The collector behind the redirect never sees a request.
func TestDeliveryNeverFollowsRedirects(t *testing.T) {
	target := newServer(t)
	srv := newServer(t)
	srv.SetRedirect(target.TracesURL())
	h := newHarness(t, ep(srv.TracesURL()), nil)
	h.endSpans(2)
	h.shutdown(t, context.Background())
	if target.Requests() != 0 {
		t.Errorf("the redirect was followed: %d requests reached its target", target.Requests())
	}
	if st := h.d.Stats().Traces; st.LastErrorClass != classRedirect || !strings.Contains(st.LastErrorHint, target.TracesURL()) {
		t.Errorf("stats %+v", st)
	}
}
