package otelagent

import (
	"context"
	"sync/atomic"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/semconv"
)

// Telemetry records an agent program's commands, sessions, LLM calls and
// tool calls as OpenTelemetry spans and metrics. It is safe for concurrent
// use. A nil *Telemetry records nothing.
//
// When its providers are the OpenTelemetry no-op providers, or the global
// ones before any was set, every method returns before building attributes
// or contexts.
type Telemetry struct {
	cfg     config
	cat     *semconv.Catalog // the names of cfg.schema
	guard   nameGuard
	traces  atomic.Pointer[traceBinding]
	metrics atomic.Pointer[metricBinding]
	// off is set when both providers were given and are no-ops: nothing
	// can ever be recorded, and every call returns after one load.
	off bool
}

// New returns a Telemetry configured by opts.
func New(opts ...Option) *Telemetry {
	t := &Telemetry{cfg: newConfig(opts)}
	t.guard.limit = t.cfg.cardinalityLimit
	t.off = t.cfg.tracerProvider != nil && t.cfg.meterProvider != nil &&
		tracingOff(t.cfg.tracerProvider, false) && metricsOff(t.cfg.meterProvider, false)
	if !t.off {
		// A Telemetry that can never record (the opt-out's) needs no
		// catalog, and the catalogs are built on first use: opting out
		// builds none.
		t.cat = t.cfg.schema.Catalog()
		t.guard.cat = t.cat
	}
	return t
}

// defaultTelemetry is created on first use (Default), not when the package
// is initialised: a program that never records builds nothing.
var defaultTelemetry atomic.Pointer[Telemetry]

// Default returns the package's default Telemetry: the one SetDefault set,
// or one that uses the global providers.
func Default() *Telemetry {
	if t := defaultTelemetry.Load(); t != nil {
		return t
	}
	defaultTelemetry.CompareAndSwap(nil, New())
	return defaultTelemetry.Load()
}

// SetDefault makes t the Telemetry that Default, FromContext without a
// Telemetry and TrackCommand use. A nil t restores one that uses the global
// providers.
func SetDefault(t *Telemetry) {
	if t == nil {
		t = New()
	}
	defaultTelemetry.Store(t)
}

type telemetryKey struct{}

// NewContext returns a copy of ctx that carries t.
func NewContext(ctx context.Context, t *Telemetry) context.Context {
	return context.WithValue(ctx, telemetryKey{}, t)
}

// FromContext returns the Telemetry ctx carries, or Default. It never
// returns nil, so its result can be used without a check.
func FromContext(ctx context.Context) *Telemetry {
	if ctx != nil {
		if t, ok := ctx.Value(telemetryKey{}).(*Telemetry); ok && t != nil {
			return t
		}
	}
	return Default()
}

// CapturesContent reports whether CaptureContent calls record anything:
// content capture was turned on and spans are recorded. Check it before
// serializing messages only to hand them to CaptureContent.
func (t *Telemetry) CapturesContent() bool {
	return t != nil && t.cfg.captureContent && t.tracer() != nil
}

// Enabled reports whether t records anything: it has a tracer or
// instruments from providers that are not no-ops. Adapters check it before
// doing work (reading a request body, say) that only recording needs, so
// that telemetry that is off costs nothing. A nil t is not enabled.
func (t *Telemetry) Enabled() bool {
	tracer, inst := t.active()
	return tracer != nil || inst != nil
}

// active returns what to record with; both nil means telemetry is off.
// It is small enough to be inlined, so that off costs no call.
func (t *Telemetry) active() (trace.Tracer, *instruments) {
	if t == nil || t.off {
		return nil, nil
	}
	return t.bound()
}

// activeMetrics is active for a call that records metrics only: it does
// not look the tracer up.
func (t *Telemetry) activeMetrics() *instruments {
	if t == nil || t.off || t.globalsUnset() {
		return nil
	}
	return t.instruments()
}

// bound returns the tracer and instruments of t's providers, both nil when
// they are the global ones and none was set yet.
func (t *Telemetry) bound() (trace.Tracer, *instruments) {
	if t.globalsUnset() {
		return nil, nil
	}
	return t.tracer(), t.instruments()
}

// Schema returns the semantic conventions schema t records with. A nil t
// returns semconv.SchemaDefault.
func (t *Telemetry) Schema() semconv.Schema {
	if t == nil {
		return semconv.SchemaDefault
	}
	return t.cfg.schema
}

// spanAttrs keeps the attributes of attrs that spans of spanType carry under
// t's schema.
func (t *Telemetry) spanAttrs(spanType string, attrs []attribute.KeyValue) []attribute.KeyValue {
	return t.cat.FilterSpan(spanType, attrs)
}

// metricAttrs keeps the attributes of attrs that metric carries under t's
// schema.
func (t *Telemetry) metricAttrs(metric string, attrs []attribute.KeyValue) []attribute.KeyValue {
	return t.cat.FilterMetric(metric, attrs)
}
