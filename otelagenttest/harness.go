package otelagenttest

import (
	"context"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/otelagent/otelagent-go/otelagent"
)

// TB is the part of testing.TB the harness uses. *testing.T, *testing.B,
// *testing.F and testing.TB satisfy it; so can the test handles of other
// frameworks.
type TB interface {
	Helper()
	Cleanup(func())
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// Harness records the spans and metrics of one test in memory. Its methods
// report failures to the TB it was created with. It is safe for concurrent
// use.
type Harness struct {
	tb       TB
	recorder *tracetest.SpanRecorder
	reader   *sdkmetric.ManualReader
	tp       *sdktrace.TracerProvider
	mp       *sdkmetric.MeterProvider
	tel      *otelagent.Telemetry
}

// New returns a harness whose providers are shut down when the test ends.
// opts are added to the Telemetry's options after the harness's providers
// (otelagent.WithPricing, for a test that needs known prices); an option
// that replaces a provider takes what it records out of the harness's
// sight.
func New(tb TB, opts ...otelagent.Option) *Harness {
	tb.Helper()
	h := &Harness{
		tb:       tb,
		recorder: tracetest.NewSpanRecorder(),
		reader:   sdkmetric.NewManualReader(),
	}
	res := testResource()
	h.tp = sdktrace.NewTracerProvider(
		sdktrace.WithSampler(sdktrace.AlwaysSample()),
		sdktrace.WithSpanProcessor(h.recorder),
		sdktrace.WithResource(res),
	)
	h.mp = sdkmetric.NewMeterProvider(sdkmetric.WithReader(h.reader), sdkmetric.WithResource(res))
	tb.Cleanup(func() {
		// Shutdown of in-memory providers cannot block or fail in a way a
		// test could act on.
		_ = h.tp.Shutdown(context.Background())
		_ = h.mp.Shutdown(context.Background())
	})
	all := make([]otelagent.Option, 0, 2+len(opts))
	all = append(all, otelagent.WithTracerProvider(h.tp), otelagent.WithMeterProvider(h.mp))
	h.tel = otelagent.New(append(all, opts...)...)
	return h
}

// testResource is the SDK's default resource with OTEL_RESOURCE_ATTRIBUTES
// and OTEL_SERVICE_NAME read now: resource.Default reads them once per
// process, so a test's t.Setenv would otherwise be ignored.
func testResource() *resource.Resource {
	res, err := resource.Merge(resource.Default(), resource.Environment())
	if err != nil {
		return resource.Default()
	}
	return res
}

// Telemetry returns the Telemetry that records into the harness.
func (h *Harness) Telemetry() *otelagent.Telemetry { return h.tel }

// TracerProvider returns the harness's TracerProvider, for code under test
// that takes one directly.
func (h *Harness) TracerProvider() *sdktrace.TracerProvider { return h.tp }

// MeterProvider returns the harness's MeterProvider, for code under test
// that takes one directly.
func (h *Harness) MeterProvider() *sdkmetric.MeterProvider { return h.mp }
