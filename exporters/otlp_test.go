package exporters

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.uber.org/goleak"

	"github.com/otelagent/otelagent-go/internal/otlptest"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"7", 7 * time.Second},
		{"-3", 0},
		{"soon", 0},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0},
		{"999999", maxRetryAfter},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestErrorClass(t *testing.T) {
	urlErr := func(err error) error {
		return &url.Error{Op: "Post", URL: "http://user:secret@collector:4318/v1/traces?key=1", Err: err}
	}
	tests := []struct {
		err       error
		want      string
		transient bool
	}{
		{nil, "", false},
		{urlErr(&net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}), ClassConnectionRefused, true},
		{urlErr(context.DeadlineExceeded), ClassTimeout, true},
		{urlErr(syscall.ECONNRESET), ClassConnectionReset, true},
		{urlErr(&net.DNSError{Err: "no such host", Name: "collector"}), ClassDNS, true},
		{urlErr(context.Canceled), ClassCanceled, true},
		{fmt.Errorf("traces export: %w", &ExportError{Class: "http_503"}), "http_503", true},
		{&ExportError{Class: "http_429"}, "http_429", true},
		{&ExportError{Class: "http_400"}, "http_400", false},
		{&ExportError{Class: "http_401"}, "http_401", false},
		{errors.New("boom"), ClassOther, false},
	}
	for _, tt := range tests {
		got := ErrorClass(tt.err)
		if got != tt.want {
			t.Errorf("ErrorClass(%v) = %q, want %q", tt.err, got, tt.want)
		}
		if tt.err != nil && transientClass(got) != tt.transient {
			t.Errorf("transientClass(%q) = %v, want %v", got, !tt.transient, tt.transient)
		}
	}
	// The error text names the class, never the URL and its credentials.
	ee := &ExportError{Class: ClassConnectionRefused, err: urlErr(syscall.ECONNREFUSED)}
	if strings.Contains(ee.Error(), "secret") || strings.Contains(ee.Error(), "collector") {
		t.Errorf("Error() = %q leaks the URL", ee.Error())
	}
}

func TestOTLPConfigErrors(t *testing.T) {
	for _, u := range []string{"", "localhost:4318", "htp://x/v1/traces", "http:///v1/traces"} {
		_, err := NewOTLPTraceExporter(OTLPConfig{TracesURL: u})
		if err == nil || !strings.Contains(err.Error(), "traces endpoint") {
			t.Errorf("TracesURL %q: err = %v, want one naming the setting", u, err)
		}
		_, err = NewOTLPMetricExporter(context.Background(), OTLPConfig{MetricsURL: u})
		if err == nil || !strings.Contains(err.Error(), "metrics endpoint") {
			t.Errorf("MetricsURL %q: err = %v, want one naming the setting", u, err)
		}
	}
	_, err := NewOTLPTraceExporter(OTLPConfig{TracesURL: "http://u:pw@h:1/v1/traces?k=v", Timeout: -1, SpoolDir: "/proc/no/such/dir"})
	if err == nil || strings.Contains(err.Error(), "pw") {
		t.Errorf("bad spool dir: err = %v, want an error without credentials", err)
	}
}

func procTestSpans(n int) []sdktrace.ReadOnlySpan {
	stubs := make(tracetest.SpanStubs, n)
	for i := range stubs {
		stubs[i] = tracetest.SpanStub{
			Name:                 fmt.Sprintf("op-%d", i),
			Attributes:           []attribute.KeyValue{attribute.Int("i", i)},
			Resource:             resource.Empty(),
			InstrumentationScope: instrumentation.Scope{Name: "test"},
		}
	}
	return stubs.Snapshots()
}

// One attempt per export, headers sent, the answer classified; a transient
// failure is spooled and said so.
func TestOTLPTraceExporter(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	var calls int
	var gotAuth, gotType string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		gotAuth, gotType = r.Header.Get("Authorization"), r.Header.Get("Content-Type")
		w.Header().Set("Retry-After", "2")
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	exp, err := NewOTLPTraceExporter(OTLPConfig{
		TracesURL: srv.URL + "/v1/traces", Headers: map[string]string{"Authorization": "Bearer t"}, Timeout: procTestTimeout,
	})
	if err != nil {
		t.Fatal(err)
	}
	err = exp.ExportSpans(context.Background(), procTestSpans(3))
	ee, ok := errors.AsType[*ExportError](err)
	if !ok {
		t.Fatalf("err = %v, want an *ExportError", err)
	}
	if ee.Class != "http_503" || ee.StatusCode != 503 || ee.RetryAfter != 2*time.Second || !ee.Spooled || ee.Spans != 3 {
		t.Errorf("ExportError = %+v", ee)
	}
	if calls != 1 {
		t.Errorf("%d requests, want 1: no hidden retries", calls)
	}
	if gotAuth != "Bearer t" || gotType != "application/x-protobuf" {
		t.Errorf("headers: Authorization %q, Content-Type %q", gotAuth, gotType)
	}
	if st := exp.SpoolStats(); st.Spans != 3 {
		t.Errorf("SpoolStats = %+v, want 3 spans", st)
	}
	if err := exp.Shutdown(context.Background()); err != nil {
		t.Error(err)
	}
}

// The metric exporter gives up on a hanging collector after its timeout: the
// otlpmetrichttp defaults would block for over a minute.
func TestOTLPMetricExporterBounded(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	srv := otlptest.NewServer()
	defer srv.Close()
	exp, err := NewOTLPMetricExporter(context.Background(), OTLPConfig{MetricsURL: srv.MetricsURL(), Timeout: procTestTimeout})
	if err != nil {
		t.Fatal(err)
	}
	rm := &metricdata.ResourceMetrics{
		Resource: resource.Empty(),
		ScopeMetrics: []metricdata.ScopeMetrics{{
			Scope: instrumentation.Scope{Name: "test"},
			Metrics: []metricdata.Metrics{{
				Name: "m", Data: metricdata.Sum[int64]{
					Temporality: metricdata.CumulativeTemporality, IsMonotonic: true,
					DataPoints: []metricdata.DataPoint[int64]{{Value: 1, Time: time.Now()}},
				},
			}},
		}},
	}
	if err := exp.Export(context.Background(), rm); err != nil {
		t.Fatalf("Export to a live collector: %v", err)
	}
	if srv.MetricRequests() != 1 {
		t.Fatalf("collector got %d metric requests, want 1", srv.MetricRequests())
	}
	for _, mode := range []string{"hanging", "503"} {
		if mode == "hanging" {
			srv.SetHang(true)
		} else {
			srv.SetHang(false)
			srv.SetStatus(http.StatusServiceUnavailable, "")
		}
		start := time.Now()
		if err := exp.Export(context.Background(), rm); err == nil {
			t.Errorf("%s: Export succeeded", mode)
		}
		if d := time.Since(start); d > procTestTimeout+300*time.Millisecond {
			t.Errorf("%s: Export took %v with a %v timeout", mode, d, procTestTimeout)
		}
	}
	if err := exp.Shutdown(context.Background()); err != nil {
		t.Error(err)
	}
}
