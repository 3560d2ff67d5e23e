package mcpmeta

import (
	"context"
	"slices"
	"testing"

	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

func TestCarrierRoundTrip(t *testing.T) {
	sc := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID:    trace.TraceID{1},
		SpanID:     trace.SpanID{2},
		TraceFlags: trace.FlagsSampled,
	})
	meta := map[string]any{"progressToken": 7, "io.modelcontextprotocol/clientInfo": map[string]any{"name": "x"}}
	p := propagation.TraceContext{}
	p.Inject(trace.ContextWithSpanContext(context.Background(), sc), Carrier(meta))

	if got, want := meta["traceparent"], "00-01000000000000000000000000000000-0200000000000000-01"; got != want {
		t.Errorf("_meta traceparent = %v, want %q", got, want)
	}
	if got := slices.Sorted(slices.Values(Carrier(meta).Keys())); !slices.Equal(got, []string{"traceparent"}) {
		t.Errorf("Keys() = %v, want only the string-valued traceparent", got)
	}
	got := trace.SpanContextFromContext(p.Extract(context.Background(), Carrier(meta)))
	if got.TraceID() != sc.TraceID() || got.SpanID() != sc.SpanID() || !got.IsRemote() {
		t.Errorf("extracted %v, want remote %v", got, sc)
	}
}

func TestCarrierIgnoresNonStrings(t *testing.T) {
	for _, meta := range []map[string]any{
		nil,
		{"traceparent": 42},
		{"traceparent": map[string]any{"version": "00"}},
	} {
		ctx := propagation.TraceContext{}.Extract(context.Background(), Carrier(meta))
		if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
			t.Errorf("Extract(%v) = %v, want no span context", meta, sc)
		}
	}
}
