package otelagent_test

import (
	"testing"

	metricnoop "go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/otelagent/otelagent-go/otelagent"
)

func TestEnabled(t *testing.T) {
	var nilTel *otelagent.Telemetry
	noop := otelagent.New(otelagent.WithTracerProvider(tracenoop.NewTracerProvider()), otelagent.WithMeterProvider(metricnoop.NewMeterProvider()))
	traces := otelagent.New(otelagent.WithTracerProvider(sdktrace.NewTracerProvider()), otelagent.WithMeterProvider(metricnoop.NewMeterProvider()))
	metrics := otelagent.New(otelagent.WithTracerProvider(tracenoop.NewTracerProvider()), otelagent.WithMeterProvider(sdkmetric.NewMeterProvider()))
	for name, tc := range map[string]struct {
		tel  *otelagent.Telemetry
		want bool
	}{
		"nil": {nilTel, false}, "no-op providers": {noop, false},
		"traces only": {traces, true}, "metrics only": {metrics, true},
	} {
		if got := tc.tel.Enabled(); got != tc.want {
			t.Errorf("%s: Enabled() = %v, want %v", name, got, tc.want)
		}
	}
}
