package otelagent

import (
	"testing"

	metricnoop "go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"
)

// A real provider set before this package's init must never be taken for
// the API's placeholder: its telemetry would be lost.
func TestPlaceholdersRejectRealProviders(t *testing.T) {
	mp := sdkmetric.NewMeterProvider()
	for name, tp := range map[string]*sdktrace.TracerProvider{
		"sampling":     sdktrace.NewTracerProvider(),
		"never sample": sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.NeverSample())),
	} {
		if gotTP, gotMP := placeholders(tp, mp); gotTP != nil || gotMP != nil {
			t.Errorf("%s SDK provider taken for the placeholder", name)
		}
	}
	// Types from one package, as the placeholders' are: only behaviour
	// tells them apart.
	for name, tp := range map[string]*sdktrace.TracerProvider{
		"sampling":     sdktrace.NewTracerProvider(),
		"never sample": sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.NeverSample())),
	} {
		if gotTP, gotMP := placeholders(onePkgTP{tp}, onePkgMP{mp}); gotTP != nil || gotMP != nil {
			t.Errorf("%s SDK provider in a placeholder-like package taken for the placeholder", name)
		}
	}
	if gotTP, gotMP := placeholders(tracenoop.NewTracerProvider(), metricnoop.NewMeterProvider()); gotTP != nil || gotMP != nil {
		t.Error("no-op providers from two packages taken for the placeholders")
	}
}

type onePkgTP struct{ *sdktrace.TracerProvider }

type onePkgMP struct{ *sdkmetric.MeterProvider }
