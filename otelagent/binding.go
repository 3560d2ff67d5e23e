package otelagent

import (
	"reflect"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"
)

// A binding ties a provider to what was built from it: a tracer, or the
// instruments. It is rebuilt only when the provider changes, so the cost of
// deciding whether telemetry is on is a pointer load and a comparison, and a
// provider set globally later is still picked up.
type traceBinding struct {
	provider   trace.TracerProvider
	comparable bool
	tracer     trace.Tracer // nil: tracing is off
}

type metricBinding struct {
	provider   metric.MeterProvider
	comparable bool
	inst       *instruments // nil: metrics are off
}

// globalDelegatePkg is where the OpenTelemetry API keeps the providers it
// returns before any was set; they only ever produce no-op spans and
// instruments until one is.
const globalDelegatePkg = "go.opentelemetry.io/otel/internal/global"

func isDelegate(v any) bool {
	t := reflect.TypeOf(v)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath() == globalDelegatePkg
}

func tracingOff(tp trace.TracerProvider) bool {
	switch tp.(type) {
	case nil, tracenoop.TracerProvider, *tracenoop.TracerProvider:
		return true
	}
	return isDelegate(tp)
}

func metricsOff(mp metric.MeterProvider) bool {
	switch mp.(type) {
	case nil, metricnoop.MeterProvider, *metricnoop.MeterProvider:
		return true
	}
	return isDelegate(mp)
}

// sameProvider reports whether a cached binding still applies to p. Interface
// comparison panics for identical uncomparable dynamic types, hence the flag.
func sameProvider[P comparable](cached P, cachedComparable bool, p P) bool {
	return cachedComparable && cached == p
}

func comparableType(v any) bool {
	return v != nil && reflect.TypeOf(v).Comparable()
}

// tracer returns the tracer to use, or nil when tracing is off.
func (t *Telemetry) tracer() trace.Tracer {
	tp := t.cfg.tracerProvider
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	if b := t.traces.Load(); b != nil && sameProvider(b.provider, b.comparable, tp) {
		return b.tracer
	}
	b := &traceBinding{provider: tp, comparable: comparableType(tp)}
	if !tracingOff(tp) {
		b.tracer = tp.Tracer(ScopeName,
			trace.WithInstrumentationVersion(Version()),
			trace.WithSchemaURL(t.cfg.schema.SchemaURL()))
	}
	t.traces.Store(b)
	return b.tracer
}

// instruments returns the instruments to record with, or nil when metrics
// are off. They are created once per meter provider.
func (t *Telemetry) instruments() *instruments {
	mp := t.cfg.meterProvider
	if mp == nil {
		mp = otel.GetMeterProvider()
	}
	if b := t.metrics.Load(); b != nil && sameProvider(b.provider, b.comparable, mp) {
		return b.inst
	}
	b := &metricBinding{provider: mp, comparable: comparableType(mp)}
	if !metricsOff(mp) {
		b.inst = newInstruments(mp.Meter(ScopeName,
			metric.WithInstrumentationVersion(Version()),
			metric.WithSchemaURL(t.cfg.schema.SchemaURL())), t.cat)
	}
	t.metrics.Store(b)
	return b.inst
}
