//go:build notelemetry

package main

import (
	"context"
	"fmt"
	"io"

	"go.opentelemetry.io/otel/metric/noop"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/otelagent/otelagent-go/otelagent"
)

// The demo without telemetry: no setup, no SDK, no exporter is linked, and
// the Telemetry has the no-op providers. It is what scripts/runcost.sh
// measures the demo's telemetry against.

func startTelemetry(context.Context, *runFlags, io.Writer) (*otelagent.Telemetry, func(context.Context) error) {
	tel := otelagent.New(otelagent.WithTracerProvider(tracenoop.NewTracerProvider()),
		otelagent.WithMeterProvider(noop.NewMeterProvider()))
	return tel, func(context.Context) error { return nil }
}

func telemetryMain(_ context.Context, _ []string, stdout, _ io.Writer) int {
	fmt.Fprintln(stdout, "telemetry:       none (built with -tags notelemetry)")
	return exitOK
}
