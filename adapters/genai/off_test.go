package otelgenai_test

import (
	"net/http"
	"strings"
	"testing"

	metricnoop "go.opentelemetry.io/otel/metric/noop"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	otelgenai "github.com/otelagent/otelagent-go/adapters/genai"
	"github.com/otelagent/otelagent-go/otelagent"
)

// untouchable is a request body that counts every read.
type untouchable struct{ reads int }

func (b *untouchable) Read([]byte) (int, error) { b.reads++; return 0, nil }
func (b *untouchable) Close() error             { return nil }

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// With telemetry off, a chat call costs nothing: the body is not read, the
// response is the base transport's own, and no allocation is added.
func TestOffTouchesNothing(t *testing.T) {
	off := otelagent.New(otelagent.WithTracerProvider(tracenoop.NewTracerProvider()), otelagent.WithMeterProvider(metricnoop.NewMeterProvider()))
	reply := &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"text/event-stream"}}, Body: http.NoBody}
	base := roundTripFunc(func(*http.Request) (*http.Response, error) { return reply, nil })
	wrapped := otelgenai.Transport(base, otelgenai.WithTelemetry(off))

	body := &untouchable{}
	req, err := http.NewRequest(http.MethodPost, "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", body)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := wrapped.RoundTrip(req)
	if err != nil || resp != reply || resp.Body != http.NoBody {
		t.Fatalf("RoundTrip = %p, %v; want the base's response untouched", resp, err)
	}
	if body.reads != 0 {
		t.Errorf("the request body was read %d times with telemetry off", body.reads)
	}
	baseAllocs := testing.AllocsPerRun(100, func() { _, _ = base.RoundTrip(req) })
	wrappedAllocs := testing.AllocsPerRun(100, func() { _, _ = wrapped.RoundTrip(req) })
	if wrappedAllocs != baseAllocs {
		t.Errorf("a call with telemetry off allocates %v times, %v without the adapter; want no more", wrappedAllocs, baseAllocs)
	}
}

func BenchmarkTransport(b *testing.B) {
	reply := &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: http.NoBody}
	base := roundTripFunc(func(*http.Request) (*http.Response, error) { return reply, nil })
	off := otelagent.New(otelagent.WithTracerProvider(tracenoop.NewTracerProvider()), otelagent.WithMeterProvider(metricnoop.NewMeterProvider()))
	for _, bc := range []struct {
		name string
		rt   http.RoundTripper
	}{
		{"unwrapped", base},
		{"off", otelgenai.Transport(base, otelgenai.WithTelemetry(off))},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req, _ := http.NewRequest(http.MethodPost, "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent", strings.NewReader(strings.Repeat("x", 1<<20)))
			b.ReportAllocs()
			for b.Loop() {
				_, _ = bc.rt.RoundTrip(req)
			}
		})
	}
}
