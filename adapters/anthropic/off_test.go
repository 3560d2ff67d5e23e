package otelanthropic_test

import (
	"bytes"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/anthropics/anthropic-sdk-go/v2/option"
	"go.opentelemetry.io/otel"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	otelanthropic "github.com/otelagent/otelagent-go/adapters/anthropic"
	"github.com/otelagent/otelagent-go/otelagent"
)

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

// With telemetry off, the middleware touches nothing: a 1 MiB prompt is not
// copied or parsed.
func TestOffDoesNotReadTheBody(t *testing.T) {
	tp, mp := otel.GetTracerProvider(), otel.GetMeterProvider()
	t.Cleanup(func() { otel.SetTracerProvider(tp); otel.SetMeterProvider(mp) })
	otel.SetTracerProvider(tracenoop.NewTracerProvider())
	otel.SetMeterProvider(metricnoop.NewMeterProvider())

	prompt := `{"model":"claude-sonnet-4-5","max_tokens":1024,"messages":[{"role":"user","content":"` + strings.Repeat("a", 1<<20) + `"}]}`
	reply := &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}}
	var sent *http.Request
	next := func(req *http.Request) (*http.Response, error) {
		sent = req
		reply.Body = io.NopCloser(strings.NewReader(messageJSON))
		return reply, nil
	}
	for _, tt := range []struct {
		name string
		tel  *otelagent.Telemetry
	}{{"the default Telemetry", nil}, {"a Telemetry on no-op providers", otelagent.New()}} {
		t.Run(tt.name, func(t *testing.T) {
			mw := otelanthropic.Middleware(otelanthropic.WithTelemetry(tt.tel))
			var body *bytes.Reader
			call := func() {
				body = bytes.NewReader([]byte(prompt)) // not counted: see below
				req, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1/v1/messages", nil)
				req.Body = io.NopCloser(body)
				_, _ = mw(req, option.MiddlewareNext(next))
			}
			// The request's own cost, without the middleware, for comparison.
			base := bytesAllocated(20, func() {
				body = bytes.NewReader([]byte(prompt))
				req, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1/v1/messages", nil)
				req.Body = io.NopCloser(body)
				_, _ = next(req)
			})
			got := bytesAllocated(20, call)
			if extra := int64(got) - int64(base); extra > 64<<10 {
				t.Errorf("the middleware allocated %d bytes more per call than none (%d vs %d), want < 64 KiB with telemetry off", extra, got, base)
			}
			if body.Len() != len(prompt) {
				t.Errorf("the middleware read %d bytes of the body with telemetry off, want 0", len(prompt)-body.Len())
			}
			if sent.Body == nil {
				t.Error("the request lost its body")
			}
		})
	}
}
