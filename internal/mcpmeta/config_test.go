package mcpmeta

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/otelagent"
)

func TestConfigPropagator(t *testing.T) {
	c := NewConfig()
	if _, ok := c.Propagator.(propagation.TraceContext); !ok {
		t.Errorf("default propagator = %T, want propagation.TraceContext", c.Propagator)
	}
	c.SetPropagator(nil)
	if _, ok := c.Propagator.(propagation.TraceContext); !ok {
		t.Errorf("propagator after SetPropagator(nil) = %T, want the default kept", c.Propagator)
	}
	c.SetPropagator(propagation.Baggage{})
	if _, ok := c.Propagator.(propagation.Baggage); !ok {
		t.Errorf("propagator = %T, want the one set", c.Propagator)
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
