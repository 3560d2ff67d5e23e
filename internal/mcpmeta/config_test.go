package mcpmeta

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/otelagent"
)

// Without WithPropagator, the global propagator is used, looked up at
// each call: one set after the middleware was built counts.
func TestConfigPropagator(t *testing.T) {
	old := otel.GetTextMapPropagator()
	t.Cleanup(func() { otel.SetTextMapPropagator(old) })
	sc := trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{1}, SpanID: trace.SpanID{2}, TraceFlags: trace.FlagsSampled})
	ctx := trace.ContextWithSpanContext(context.Background(), sc)

	c := NewConfig()
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator())
	if sent := c.Inject(ctx, nil); len(sent) != 0 {
		t.Errorf("Inject with a global propagator that propagates nothing = %v, want nothing", sent)
	}
	otel.SetTextMapPropagator(propagation.TraceContext{})
	if sent := c.Inject(ctx, nil); sent["traceparent"] == nil {
		t.Errorf("Inject after the global propagator was set = %v, want a traceparent", sent)
	}
	c.SetPropagator(nil)
	c.SetPropagator(propagation.Baggage{})
	c.SetPropagator(nil)
	if sent := c.Inject(ctx, nil); sent["traceparent"] != nil {
		t.Errorf("Inject with WithPropagator(Baggage) = %v, want the propagator set, not the global one", sent)
	}
}

func TestConfigTelemetryFor(t *testing.T) {
	set, inCtx := otelagent.New(), otelagent.New()
	ctx := otelagent.NewContext(context.Background(), inCtx)
	c := NewConfig()
	if got := c.TelemetryFor(ctx); got != inCtx {
		t.Error("TelemetryFor without a Telemetry set is not the context's")
	}
	c.Telemetry = set
	if got := c.TelemetryFor(ctx); got != set {
		t.Error("TelemetryFor with a Telemetry set is not that one")
	}
}

func TestConfigInjectCopies(t *testing.T) {
	sc := trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{1}, SpanID: trace.SpanID{2}, TraceFlags: trace.FlagsSampled})
	ctx := trace.ContextWithSpanContext(context.Background(), sc)
	c := NewConfig()
	c.SetPropagator(propagation.TraceContext{})
	for _, meta := range []map[string]any{nil, {"progressToken": "p1"}} {
		before := len(meta)
		sent := c.Inject(ctx, meta)
		if len(meta) != before {
			t.Errorf("Inject wrote the caller's _meta: %v", meta)
		}
		if sent["traceparent"] == nil || len(sent) != before+1 {
			t.Errorf("Inject(%v) = %v, want the caller's fields and a traceparent", meta, sent)
		}
		got := trace.SpanContextFromContext(c.Extract(context.Background(), sent))
		if got.TraceID() != sc.TraceID() || got.SpanID() != sc.SpanID() || !got.IsRemote() {
			t.Errorf("Extract(Inject) = %v, want remote %v", got, sc)
		}
	}
}
