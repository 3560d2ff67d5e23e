package otelagenttest_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagenttest"
)

const canary = "canary7q"

// TestAssertNotExportedFindsEachPosition puts the canary in one place of
// the export at a time and checks that AssertNotExported reports it there.
func TestAssertNotExportedFindsEachPosition(t *testing.T) {
	tracer := func(h *otelagenttest.Harness) trace.Tracer { return h.TracerProvider().Tracer("t") }
	meter := func(h *otelagenttest.Harness) metric.Meter { return h.MeterProvider().Meter("m") }
	span := func(h *otelagenttest.Harness, opts ...trace.SpanStartOption) trace.Span {
		_, s := tracer(h).Start(context.Background(), "s", opts...)
		return s
	}
	stateWithCanary := func(t *testing.T) trace.TraceState {
		ts, err := trace.ParseTraceState("vendor=" + canary)
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	tests := []struct {
		name  string
		setup func(t *testing.T) // before the harness exists
		emit  func(t *testing.T, h *otelagenttest.Harness)
		where string
	}{
		{
			name: "span name",
			emit: func(_ *testing.T, h *otelagenttest.Harness) {
				_, s := tracer(h).Start(context.Background(), "x "+canary)
				s.End()
			},
			where: "name",
		},
		{
			name: "attribute value",
			emit: func(_ *testing.T, h *otelagenttest.Harness) {
				span(h, trace.WithAttributes(attribute.String("k", "a "+canary+" b"))).End()
			},
			where: "attribute k",
		},
		{
			name: "attribute key",
			emit: func(_ *testing.T, h *otelagenttest.Harness) {
				span(h, trace.WithAttributes(attribute.Int("k_"+canary, 1))).End()
			},
			where: "(key)",
		},
		{
			name: "string slice element",
			emit: func(_ *testing.T, h *otelagenttest.Harness) {
				span(h, trace.WithAttributes(attribute.StringSlice("flags", []string{"ok", canary}))).End()
			},
			where: "attribute flags[1]",
		},
		{
			name: "nested slice and map",
			emit: func(_ *testing.T, h *otelagenttest.Harness) {
				span(h, trace.WithAttributes(attribute.Slice("list", attribute.MapValue(attribute.String("inner", `"`+canary+`"`))))).End()
			},
			where: "attribute list[0] inner",
		},
		{
			name: "byte slice",
			emit: func(_ *testing.T, h *otelagenttest.Harness) {
				span(h, trace.WithAttributes(attribute.ByteSlice("raw", []byte("x"+canary)))).End()
			},
			where: "attribute raw",
		},
		{
			name:  "event name",
			emit:  func(_ *testing.T, h *otelagenttest.Harness) { s := span(h); s.AddEvent(canary); s.End() },
			where: "event 0 name",
		},
		{
			name: "event attribute",
			emit: func(_ *testing.T, h *otelagenttest.Harness) {
				s := span(h)
				s.RecordError(errors.New("prompt was " + canary)) // the SDK puts the message in exception.message
				s.End()
			},
			where: "event 0 attribute exception.message",
		},
		{
			name: "status description",
			emit: func(_ *testing.T, h *otelagenttest.Harness) {
				s := span(h)
				s.SetStatus(codes.Error, "failed on "+canary)
				s.End()
			},
			where: "status description",
		},
		{
			name: "link attribute",
			emit: func(_ *testing.T, h *otelagenttest.Harness) {
				other := trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{9}, SpanID: trace.SpanID{9}})
				span(h, trace.WithLinks(trace.Link{SpanContext: other, Attributes: []attribute.KeyValue{attribute.String("why", canary)}})).End()
			},
			where: "link 0 attribute why",
		},
		{
			name: "link trace state",
			emit: func(t *testing.T, h *otelagenttest.Harness) {
				other := trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{9}, SpanID: trace.SpanID{9}, TraceState: stateWithCanary(t)})
				span(h, trace.WithLinks(trace.Link{SpanContext: other})).End()
			},
			where: "link 0 trace state",
		},
		{
			name: "trace state",
			emit: func(t *testing.T, h *otelagenttest.Harness) {
				remote := trace.NewSpanContext(trace.SpanContextConfig{
					TraceID: trace.TraceID{1}, SpanID: trace.SpanID{2}, TraceFlags: trace.FlagsSampled, Remote: true, TraceState: stateWithCanary(t),
				})
				_, s := tracer(h).Start(trace.ContextWithRemoteSpanContext(context.Background(), remote), "s")
				s.End()
			},
			where: `span "s" trace state`,
		},
		{
			name: "scope",
			emit: func(_ *testing.T, h *otelagenttest.Harness) {
				_, s := h.TracerProvider().Tracer("lib", trace.WithInstrumentationVersion("v1-"+canary)).Start(context.Background(), "s")
				s.End()
			},
			where: "scope version",
		},
		{
			name:  "resource",
			setup: func(t *testing.T) { t.Setenv("OTEL_RESOURCE_ATTRIBUTES", "host.owner="+canary) },
			emit:  func(_ *testing.T, h *otelagenttest.Harness) { span(h).End() },
			where: "resource attribute host.owner",
		},
		{
			name: "metrics resource",
			setup: func(t *testing.T) {
				t.Setenv("OTEL_RESOURCE_ATTRIBUTES", "host.owner="+canary)
			},
			emit:  func(_ *testing.T, h *otelagenttest.Harness) {},
			where: "metrics resource attribute host.owner",
		},
		{
			name: "metric name",
			emit: func(t *testing.T, h *otelagenttest.Harness) {
				c, err := meter(h).Int64Counter("calls." + canary)
				if err != nil {
					t.Fatal(err)
				}
				c.Add(context.Background(), 1)
			},
			where: "name",
		},
		{
			name: "metric description",
			emit: func(t *testing.T, h *otelagenttest.Harness) {
				c, err := meter(h).Float64Histogram("latency", metric.WithDescription("latency of "+canary))
				if err != nil {
					t.Fatal(err)
				}
				c.Record(context.Background(), 1)
			},
			where: `metric "latency" description`,
		},
		{
			name: "metric point attribute",
			emit: func(t *testing.T, h *otelagenttest.Harness) {
				g, err := meter(h).Float64Gauge("temp")
				if err != nil {
					t.Fatal(err)
				}
				g.Record(context.Background(), 1, metric.WithAttributes(attribute.String("room", canary)))
			},
			where: `metric "temp" point 0 attribute room`,
		},
		{
			name: "metric scope attribute",
			emit: func(t *testing.T, h *otelagenttest.Harness) {
				c, err := h.MeterProvider().Meter("m", metric.WithInstrumentationAttributes(attribute.String("owner", canary))).Int64UpDownCounter("queue")
				if err != nil {
					t.Fatal(err)
				}
				c.Add(context.Background(), 1)
			},
			where: "metrics scope attribute owner",
		},
		{
			name: "otelagent model name",
			emit: func(_ *testing.T, h *otelagenttest.Harness) {
				_, chat := h.Telemetry().StartChat(context.Background(), otelagent.ChatRequest{Model: canary})
				chat.SetUsage(otelagent.Usage{InputTokens: 1})
				chat.End(nil)
			},
			where: `metric "gen_ai.client.token.usage" point 0 attribute gen_ai.request.model`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.setup != nil {
				tt.setup(t)
			}
			tb := newFakeTB(t)
			h := otelagenttest.New(tb)
			tt.emit(t, h)
			h.AssertNotExported("some-other-string", canary)
			tb.wantFailure(t, `"`+canary+`" exported`, tt.where)
			for _, f := range tb.failures() {
				if !strings.Contains(f, canary) {
					t.Errorf("reported a string that was not exported: %s", f)
				}
			}
		})
	}
}

func TestAssertNotExportedPassesOnCleanExport(t *testing.T) {
	tb := newFakeTB(t)
	h := otelagenttest.New(tb)
	record(h)
	_, chat := h.Telemetry().StartChat(context.Background(), otelagent.ChatRequest{Model: "gpt-4o", Provider: "openai"})
	chat.SetUsage(otelagent.Usage{InputTokens: 10, OutputTokens: 2})
	chat.End(otelagent.WithErrorType(errors.New("upstream said "+canary), "429"))

	h.AssertNotExported(canary, "sk-proj-"+canary)
	tb.wantNoFailure(t)
	if len(h.Spans()) == 0 {
		t.Fatal("nothing was exported; the check proved nothing")
	}
}

func TestAssertNotExportedRejectsEmptyString(t *testing.T) {
	tb := newFakeTB(t)
	h := otelagenttest.New(tb)
	if tb.run(func() { h.AssertNotExported("x", "") }) {
		t.Error("AssertNotExported(\"\") returned; want it to stop the test")
	}
	tb.wantFailure(t, "empty string")
}
