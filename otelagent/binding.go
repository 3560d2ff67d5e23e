package otelagent

import (
	"context"
	"reflect"
	"unsafe"

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

// placeholderTP and placeholderMP are the providers the OpenTelemetry API
// returns before a program sets any (otel.GetTracerProvider and
// GetMeterProvider): they produce only non-recording spans and instruments
// that record nothing until a provider is set, and from then on the API
// returns the provider that was set instead. Looked up globally and equal to
// one of these, a provider is off. They are nil if a provider was set
// before this package was initialized (see placeholders).
var placeholderTP, placeholderMP = placeholders(otel.GetTracerProvider(), otel.GetMeterProvider())

// placeholders returns tp and mp if they behave as the API's placeholders,
// else nils, so that a real provider set in an earlier package's init is
// never mistaken for one (telemetry would be lost) and the mistake in the
// other direction only costs the off path its speed.
//
// The check is behavioural, not by type name: started in a context whose
// parent is remote and not sampled, the placeholder's span is the parent
// itself, not recording; an SDK starts a new span (a new span ID) even when
// it does not sample it. The meter provider has no such observable
// behaviour; it is taken to be the placeholder when the tracer provider is
// and their types come from the same package (the API's global state; the
// SDKs and the no-op providers each put the two in separate packages).
func placeholders(tp trace.TracerProvider, mp metric.MeterProvider) (trace.TracerProvider, metric.MeterProvider) {
	if tp == nil || mp == nil || reflect.TypeOf(tp).Kind() != reflect.Pointer || reflect.TypeOf(mp).Kind() != reflect.Pointer {
		return nil, nil
	}
	parent := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: trace.TraceID{0x6f, 0x74, 0x65, 0x6c, 0x61, 0x67, 0x65, 0x6e, 0x74, 1},
		SpanID:  trace.SpanID{0x6f, 0x74, 0x65, 0x6c, 1},
		Remote:  true,
	})
	ctx := trace.ContextWithRemoteSpanContext(context.Background(), parent)
	_, span := tp.Tracer(ScopeName).Start(ctx, "otelagent.probe")
	if span.IsRecording() || !span.SpanContext().Equal(parent) {
		return nil, nil
	}
	if pkgPath(tp) == "" || pkgPath(tp) != pkgPath(mp) {
		return nil, nil
	}
	return tp, mp
}

func pkgPath(v any) string {
	t := reflect.TypeOf(v)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath()
}

// globalsUnset reports whether t uses the global providers and none was
// set yet: the usual case for a program with telemetry off, checked before
// the bindings so that it costs two loads and two comparisons.
func (t *Telemetry) globalsUnset() bool {
	if t.cfg.tracerProvider != nil || t.cfg.meterProvider != nil || placeholderTP == nil {
		return false
	}
	tp, mp := otel.GetTracerProvider(), otel.GetMeterProvider()
	return sameWords(unsafe.Pointer(&tp), &placeholderTPWords) && sameWords(unsafe.Pointer(&mp), &placeholderMPWords)
}

// sameWords reports whether the interface value at p has the words w, one
// word at a time (comparing the arrays calls memequal).
func sameWords(p unsafe.Pointer, w *[2]unsafe.Pointer) bool {
	v := (*[2]unsafe.Pointer)(p)
	return v[0] == w[0] && v[1] == w[1]
}

// placeholderTPWords and placeholderMPWords are the two machine words (type
// and pointer) of the placeholders. Comparing them as words is what an
// interface comparison does for a pointer type, without calling the
// runtime's generic comparison (runtime.ifaceeq), which took half of the
// off path's time in a CPU profile. placeholders accepts only pointer types,
// for which the two words identify the value.
var placeholderTPWords, placeholderMPWords = ifaceWords(unsafe.Pointer(&placeholderTP)), ifaceWords(unsafe.Pointer(&placeholderMP))

// ifaceWords returns the words of the non-empty interface value at p.
func ifaceWords(p unsafe.Pointer) [2]unsafe.Pointer { return *(*[2]unsafe.Pointer)(p) }

// tracingOff reports whether spans from tp are never recorded. global says
// tp was looked up from the API: a placeholder given explicitly (say,
// otel.GetTracerProvider() called before setup) is not off, since it
// forwards to the provider set later.
func tracingOff(tp trace.TracerProvider, global bool) bool {
	switch tp.(type) {
	case nil, tracenoop.TracerProvider, *tracenoop.TracerProvider:
		return true
	}
	return global && placeholderTP != nil && tp == placeholderTP
}

func metricsOff(mp metric.MeterProvider, global bool) bool {
	switch mp.(type) {
	case nil, metricnoop.MeterProvider, *metricnoop.MeterProvider:
		return true
	}
	return global && placeholderMP != nil && mp == placeholderMP
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
	if !tracingOff(tp, t.cfg.tracerProvider == nil) {
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
	if !metricsOff(mp, t.cfg.meterProvider == nil) {
		b.inst = newInstruments(mp.Meter(ScopeName,
			metric.WithInstrumentationVersion(Version()),
			metric.WithSchemaURL(t.cfg.schema.SchemaURL())), t.cat)
	}
	t.metrics.Store(b)
	return b.inst
}
