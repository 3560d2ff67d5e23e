package chathttptest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"

	metricnoop "go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagenttest"
)

// Wrap wraps a base transport with an adapter recording through tel.
type Wrap func(base http.RoundTripper, tel *otelagent.Telemetry) http.RoundTripper

// OffTelemetry returns a Telemetry whose providers are the no-op ones:
// telemetry is off.
func OffTelemetry() *otelagent.Telemetry {
	return otelagent.New(otelagent.WithTracerProvider(tracenoop.NewTracerProvider()), otelagent.WithMeterProvider(metricnoop.NewMeterProvider()))
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// countingBody counts the reads of the body a transport sends.
type countingBody struct {
	r     io.Reader
	reads int
}

func (b *countingBody) Read(p []byte) (int, error) { b.reads++; return b.r.Read(p) }
func (b *countingBody) Close() error               { return nil }

// newRequest returns the request an SDK makes: a bytes.Buffer body, which
// gives it a GetBody, and the body the transport sends, which counts its
// reads.
func newRequest(tb otelagenttest.TB, url string, body []byte) (*http.Request, *countingBody) {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewBuffer(body))
	if err != nil {
		tb.Fatalf("%v", err)
	}
	sent := &countingBody{r: bytes.NewReader(body)}
	req.Body = sent
	return req, sent
}

// stubBase answers every request at once, without reading it.
func stubBase() (http.RoundTripper, *http.Response) {
	reply := &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"text/event-stream"}}, Body: http.NoBody}
	return roundTripFunc(func(*http.Request) (*http.Response, error) { return reply, nil }), reply
}

// CheckOff checks what a chat call to url costs through wrap with
// telemetry off: the body the transport sends is not read, the response is
// the base transport's own, and the adapter adds at most maxAllocs
// allocations to a call, however long the prompt (body(n) is a request
// body with a prompt of n bytes).
func CheckOff(tb otelagenttest.TB, wrap Wrap, url string, body func(n int) []byte, maxAllocs float64) {
	tb.Helper()
	base, reply := stubBase()
	wrapped := wrap(base, OffTelemetry())
	small, sentSmall := newRequest(tb, url, body(10))
	large, sentLarge := newRequest(tb, url, body(1<<20))
	resp, err := wrapped.RoundTrip(large)
	if err != nil || resp != reply || resp.Body != http.NoBody {
		tb.Fatalf("RoundTrip = %p, %v; want the base's response untouched", resp, err)
	}
	baseAllocs := testing.AllocsPerRun(50, func() { _, _ = base.RoundTrip(large) })
	smallAllocs := testing.AllocsPerRun(50, func() { _, _ = wrapped.RoundTrip(small) }) - baseAllocs
	largeAllocs := testing.AllocsPerRun(50, func() { _, _ = wrapped.RoundTrip(large) }) - baseAllocs
	if sentSmall.reads+sentLarge.reads != 0 {
		tb.Errorf("the request body was read %d times with telemetry off", sentSmall.reads+sentLarge.reads)
	}
	if largeAllocs != smallAllocs || largeAllocs > maxAllocs {
		tb.Errorf("telemetry off: %v more allocations for a 1 MiB prompt, %v for 10 bytes; want at most %v", largeAllocs, smallAllocs, maxAllocs)
	}
}

// BenchmarkOff measures a chat call to url with a 1 MiB prompt through
// wrap with telemetry off, and without the adapter.
func BenchmarkOff(b *testing.B, wrap Wrap, url string, body func(n int) []byte) {
	base, _ := stubBase()
	for _, bc := range []struct {
		name string
		rt   http.RoundTripper
	}{
		{"unwrapped", base},
		{"off", wrap(base, OffTelemetry())},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req, _ := newRequest(b, url, body(1<<20))
			b.ReportAllocs()
			for b.Loop() {
				_, _ = bc.rt.RoundTrip(req)
			}
		})
	}
}

// maxOffExtra is what the middleware may allocate per call, over the
// request's own cost, when telemetry is off: a few small objects, far below
// the 1 MiB body it must not copy.
const maxOffExtra = 64 << 10

// AssertOffTouchesNothing fails tb if mw, an SDK middleware built with
// telemetry off, reads the body of a POST to path whose JSON body has model
// and a 1 MiB prompt, or allocates more than 64 KiB per call beyond what the
// request itself costs. It measures bytes allocated, not time.
func AssertOffTouchesNothing[Next ~func(*http.Request) (*http.Response, error)](tb testing.TB, mw func(*http.Request, Next) (*http.Response, error), path, model, reply string) {
	tb.Helper()
	prompt := []byte(`{"model":"` + model + `","max_tokens":1024,"messages":[{"role":"user","content":"` + strings.Repeat("a", 1<<20) + `"}]}`)
	var sent *http.Request
	next := func(req *http.Request) (*http.Response, error) {
		sent = req
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(reply))}, nil
	}
	var body *bytes.Reader
	newRequest := func() *http.Request {
		body = bytes.NewReader(bytes.Clone(prompt))
		req, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1"+path, nil)
		req.Body = io.NopCloser(body)
		return req
	}
	base := bytesAllocated(20, func() { _, _ = next(newRequest()) })
	got := bytesAllocated(20, func() { _, _ = mw(newRequest(), Next(next)) })
	if extra := int64(got) - int64(base); extra > maxOffExtra {
		tb.Errorf("the middleware allocated %d bytes more per call than none (%d vs %d), want < %d with telemetry off", extra, got, base, maxOffExtra)
	}
	if body.Len() != len(prompt) {
		tb.Errorf("the middleware read %d bytes of the body with telemetry off, want 0", len(prompt)-body.Len())
	}
	if sent == nil || sent.Body == nil {
		tb.Error("the request did not reach the SDK with its body")
	}
}

// bytesAllocated returns the bytes f allocates, on average over runs.
func bytesAllocated(runs int, f func()) uint64 {
	f() // warm up
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / uint64(runs)
}

// BenchmarkRecording measures a chat call to url with a 64 KiB prompt
// through wrap with telemetry recording (SDK providers that keep nothing:
// the cost is the adapter's and the records', not an exporter's), and
// without the adapter. The base answers at once with no body, so what is
// measured is the request side: reading the body for the model and the
// parameters, and the chat span and metric records.
func BenchmarkRecording(b *testing.B, wrap Wrap, url string, body func(n int) []byte) {
	base, _ := stubBase()
	tp := sdktrace.NewTracerProvider()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	b.Cleanup(func() {
		_ = tp.Shutdown(context.Background())
		_ = mp.Shutdown(context.Background())
	})
	tel := otelagent.New(otelagent.WithTracerProvider(tp), otelagent.WithMeterProvider(mp))
	prompt := body(64 << 10)
	for _, bc := range []struct {
		name string
		rt   http.RoundTripper
	}{
		{"unwrapped", base},
		{"recording", wrap(base, tel)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				// A request per call, as an SDK makes: GetBody and Body
				// over the same bytes.
				req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(prompt))
				_, _ = bc.rt.RoundTrip(req)
			}
		})
	}
}
