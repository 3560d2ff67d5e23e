package otelmcpgo

import (
	"context"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"go.opentelemetry.io/otel/trace"
)

func TestParent(t *testing.T) {
	span := func(traceID, spanID byte, remote bool) trace.SpanContext {
		return trace.NewSpanContext(trace.SpanContextConfig{
			TraceID: trace.TraceID{traceID}, SpanID: trace.SpanID{spanID},
			TraceFlags: trace.FlagsSampled, Remote: remote,
		})
	}
	// The client's span: trace 1, span 2.
	meta := &mcp.Meta{AdditionalFields: map[string]any{
		"traceparent": "00-01000000000000000000000000000000-0200000000000000-01",
	}}
	for _, tc := range []struct {
		name    string
		current trace.SpanContext
		meta    *mcp.Meta
		want    trace.SpanContext
	}{
		{name: "no meta keeps ctx", current: span(3, 4, false), want: span(3, 4, false)},
		{name: "meta without trace context keeps ctx", current: span(3, 4, false), meta: &mcp.Meta{ProgressToken: 1}, want: span(3, 4, false)},
		{name: "meta becomes the parent", meta: meta, want: span(1, 2, true)},
		{name: "meta replaces an unrelated span", current: span(3, 4, false), meta: meta, want: span(1, 2, true)},
		// mcp-go's own server span, already a child of the client's.
		{name: "a span in the client's trace is kept", current: span(1, 5, false), meta: meta, want: span(1, 5, false)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := newConfig(nil)
			ctx := trace.ContextWithSpanContext(context.Background(), tc.current)
			if got := trace.SpanContextFromContext(cfg.parent(ctx, tc.meta)); !got.Equal(tc.want) {
				t.Errorf("parent = %v, want %v", got, tc.want)
			}
		})
	}
}
