package setup

import (
	"context"
	"fmt"
	"strings"

	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// propagators parses OTEL_PROPAGATORS: tracecontext, baggage or none,
// default tracecontext,baggage. Others (b3, jaeger, xray) need
// propagators this module does not carry: left out, and said.
func propagators(value string) ([]string, propagation.TextMapPropagator, error) {
	if strings.TrimSpace(value) == "" {
		value = "tracecontext,baggage"
	}
	var names []string
	var list []propagation.TextMapPropagator
	var unknown []string
	for _, n := range splitList(value) {
		n = strings.ToLower(n)
		if contains(names, n) {
			continue
		}
		switch n {
		case "tracecontext":
			list = append(list, propagation.TraceContext{})
		case "baggage":
			list = append(list, propagation.Baggage{})
		case "none":
		default:
			unknown = append(unknown, n)
			continue
		}
		names = append(names, n)
	}
	if contains(names, "none") {
		names, list = []string{"none"}, nil
	}
	var err error
	if len(unknown) > 0 {
		err = fmt.Errorf("otelagent: %s=%q: unsupported propagator %s (write tracecontext, baggage or none); left out", envPropagators, value, strings.Join(unknown, ", "))
	}
	return names, propagation.NewCompositeTextMapPropagator(list...), err
}

// envCarrier reads a propagation carrier from environment variables, as the
// OpenTelemetry specification's environment carriers name them:
// traceparent is TRACEPARENT.
type envCarrier func(string) string

// Get reads a field as its environment variable: the fields of the
// propagators setup supports (traceparent, tracestate, baggage) are their
// variables' names in lower case.
func (c envCarrier) Get(key string) string { return c(strings.ToUpper(key)) }
func (c envCarrier) Set(string, string)    {}
func (c envCarrier) Keys() []string        { return nil }

// parentFromEnv returns the span context TRACEPARENT and TRACESTATE give,
// the remote parent of this process's root spans. A TRACEPARENT that does
// not parse is one problem: the process starts a new trace.
func parentFromEnv(prop propagation.TextMapPropagator, getenv func(string) string) (trace.SpanContext, error) {
	raw := strings.TrimSpace(getenv(envTraceparent))
	if raw == "" {
		return trace.SpanContext{}, nil
	}
	if !contains(prop.Fields(), "traceparent") {
		return trace.SpanContext{}, nil
	}
	sc := trace.SpanContextFromContext(prop.Extract(context.Background(), envCarrier(getenv)))
	if !sc.IsValid() {
		return sc, fmt.Errorf("otelagent: %s=%q: not a W3C traceparent (write 00-<32 hex digits>-<16 hex digits>-<2 hex digits>); a new trace is started", envTraceparent, raw)
	}
	return sc, nil
}

// parentedProvider makes the process's root spans children of the remote
// parent from the environment, so that a command started by a traced tool
// or CI job continues its trace. Spans whose context already has a parent
// are left alone.
type parentedProvider struct {
	trace.TracerProvider
	parent trace.SpanContext
}

func (p *parentedProvider) Tracer(name string, opts ...trace.TracerOption) trace.Tracer {
	return &parentedTracer{Tracer: p.TracerProvider.Tracer(name, opts...), parent: p.parent}
}

type parentedTracer struct {
	trace.Tracer
	parent trace.SpanContext
}

func (t *parentedTracer) Start(ctx context.Context, name string, opts ...trace.SpanStartOption) (context.Context, trace.Span) {
	if !trace.SpanContextFromContext(ctx).IsValid() {
		ctx = trace.ContextWithRemoteSpanContext(ctx, t.parent)
	}
	return t.Tracer.Start(ctx, name, opts...)
}
