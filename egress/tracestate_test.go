package egress

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

// A remote parent's tracestate is free text chosen by whoever called the
// program: it leaves on no span context, parent or link unless its vendor
// key was opted in (issue 10, item 4).
func TestFilterSpansTraceState(t *testing.T) {
	ts, err := trace.ParseTraceState("prompt=summarize-zorblax-memo,acme=t61rcWkgMzE,user=alice")
	if err != nil {
		t.Fatal(err)
	}
	parent := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: trace.TraceID{1}, SpanID: trace.SpanID{2}, TraceFlags: trace.FlagsSampled, TraceState: ts, Remote: true,
	})
	linked := trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{3}, SpanID: trace.SpanID{4}, TraceState: ts})
	for _, tt := range []struct {
		name string
		opts []Option
		want string
	}{
		{"dropped", nil, ""},
		{"opted in", []Option{WithTraceStateKeys("acme")}, "acme=t61rcWkgMzE"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			mem := tracetest.NewInMemoryExporter()
			counters := &Counters{}
			tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(Spans(mem, append(tt.opts, WithCounters(counters))...)))
			defer func() { _ = tp.Shutdown(context.Background()) }()
			ctx := trace.ContextWithRemoteSpanContext(context.Background(), parent)
			_, span := tp.Tracer(ownScopeForTest).Start(ctx, "run",
				trace.WithLinks(trace.Link{SpanContext: linked, Attributes: []attribute.KeyValue{}}))
			span.End()

			got := mem.GetSpans()[0]
			for where, sc := range map[string]trace.SpanContext{
				"span": got.SpanContext, "parent": got.Parent, "link": got.Links[0].SpanContext,
			} {
				if s := sc.TraceState().String(); s != tt.want {
					t.Errorf("%s tracestate = %q, want %q", where, s, tt.want)
				}
				if !sc.IsValid() {
					t.Errorf("%s span context lost its ids", where)
				}
			}
			if got.SpanContext.TraceID() != parent.TraceID() || got.Parent.SpanID() != parent.SpanID() {
				t.Error("trace and parent ids changed")
			}
			wantDropped := int64(9) // 3 entries on the span, its parent and the link
			if tt.want != "" {
				wantDropped = 6
			}
			if n := counters.Stats().DroppedTraceState; n != wantDropped {
				t.Errorf("DroppedTraceState = %d, want %d", n, wantDropped)
			}
		})
	}
}

// ownScopeForTest is a scope otelagent owns, so that only the tracestate
// makes the span change.
const ownScopeForTest = ownScopePrefix + "/otelagent"
