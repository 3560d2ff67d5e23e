package otelagenttest_test

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

// record makes a session with an LLM call and a tool call.
func record(h *otelagenttest.Harness) {
	tel := h.Telemetry()
	ctx, session := tel.StartSession(context.Background(), otelagent.Agent{Name: "coder", Model: "gpt-4o", Provider: "openai"})
	_, chat := tel.StartChat(ctx, otelagent.ChatRequest{})
	chat.End(nil)
	_, call := tel.StartToolCall(ctx, otelagent.Tool{Name: "read_file"})
	call.End(nil)
	session.End(nil)
}

func TestSpansByOperation(t *testing.T) {
	h := otelagenttest.New(t)
	record(h)
	tests := []struct {
		op   string
		want string
	}{
		{semconv.OperationChat, "chat gpt-4o"},
		{semconv.OperationExecuteTool, "execute_tool read_file"},
		{semconv.OperationInvokeAgent, "invoke_agent coder"},
	}
	for _, tt := range tests {
		got := h.SpansByOperation(tt.op)
		if len(got) != 1 || got[0].Name() != tt.want {
			t.Errorf("SpansByOperation(%q) = %v, want [%s]", tt.op, got, tt.want)
		}
	}
	if got := h.SpansByOperation("embeddings"); len(got) != 0 {
		t.Errorf("SpansByOperation(embeddings) = %v, want none", got)
	}
}

func TestSpanWantsExactlyOne(t *testing.T) {
	tb := newFakeTB(t)
	h := otelagenttest.New(tb)
	record(h)
	_, chat := h.Telemetry().StartChat(context.Background(), otelagent.ChatRequest{Model: "gpt-4o"})
	chat.End(nil)

	tests := []struct {
		name     string
		wantFail bool
	}{
		{"invoke_agent coder", false},
		{"no such span", true},
		{"chat gpt-4o", true}, // two of them
	}
	for _, tt := range tests {
		tb.reset()
		returned := tb.run(func() {
			if s := h.Span(tt.name); s == nil || s.Name() != tt.name {
				t.Errorf("Span(%q) = %v", tt.name, s)
			}
		})
		if returned == tt.wantFail {
			t.Errorf("Span(%q): returned = %v, want %v", tt.name, returned, !tt.wantFail)
		}
		if tt.wantFail {
			tb.wantFailure(t, tt.name)
		} else {
			tb.wantNoFailure(t)
		}
	}
}

func TestAssertChild(t *testing.T) {
	tb := newFakeTB(t)
	h := otelagenttest.New(tb)
	record(h)
	_, stray := h.TracerProvider().Tracer("t").Start(context.Background(), "stray")
	stray.End()

	tests := []struct {
		parent, child string
		wantFailure   []string
	}{
		{"invoke_agent coder", "chat gpt-4o", nil},
		{"invoke_agent coder", "execute_tool read_file", nil},
		{"chat gpt-4o", "execute_tool read_file", []string{`"execute_tool read_file" is not a child of "chat gpt-4o"`, `"invoke_agent coder"`}},
		{"invoke_agent coder", "stray", []string{`"stray" is not a child`, "root span"}},
		{"missing", "chat gpt-4o", []string{`parent span "missing"`}},
		{"invoke_agent coder", "missing", []string{`no ended span "missing"`}},
	}
	for _, tt := range tests {
		tb.reset()
		h.AssertChild(tt.parent, tt.child)
		if tt.wantFailure == nil {
			tb.wantNoFailure(t)
		} else {
			tb.wantFailure(t, tt.wantFailure...)
		}
	}
}

func TestAssertNoOrphans(t *testing.T) {
	t.Run("complete tree", func(t *testing.T) {
		tb := newFakeTB(t)
		h := otelagenttest.New(tb)
		record(h)
		h.AssertNoOrphans()
		tb.wantNoFailure(t)
	})
	t.Run("parent never ended", func(t *testing.T) {
		tb := newFakeTB(t)
		h := otelagenttest.New(tb)
		ctx, session := h.Telemetry().StartSession(context.Background(), otelagent.Agent{Name: "coder"})
		_, call := h.Telemetry().StartToolCall(ctx, otelagent.Tool{Name: "grep"})
		call.End(nil)
		h.AssertNoOrphans()
		tb.wantFailure(t, `"execute_tool grep" is an orphan`, `"invoke_agent coder", which has not ended`)
		session.End(nil)
	})
	t.Run("parent from another provider", func(t *testing.T) {
		tb := newFakeTB(t)
		h := otelagenttest.New(tb)
		other := otelagenttest.New(t)
		ctx, parent := other.TracerProvider().Tracer("t").Start(context.Background(), "elsewhere")
		_, call := h.Telemetry().StartToolCall(ctx, otelagent.Tool{Name: "grep"})
		call.End(nil)
		parent.End()
		h.AssertNoOrphans()
		tb.wantFailure(t, `"execute_tool grep" is an orphan`, "did not record")
	})
	t.Run("remote parent", func(t *testing.T) {
		tb := newFakeTB(t)
		h := otelagenttest.New(tb)
		remote := trace.NewSpanContext(trace.SpanContextConfig{
			TraceID: trace.TraceID{1}, SpanID: trace.SpanID{2}, TraceFlags: trace.FlagsSampled, Remote: true,
		})
		ctx := trace.ContextWithRemoteSpanContext(context.Background(), remote)
		_, call := h.Telemetry().StartToolCall(ctx, otelagent.Tool{Name: "grep"})
		call.End(nil)
		h.AssertNoOrphans()
		tb.wantNoFailure(t)
	})
}

func TestAssertAttributes(t *testing.T) {
	tb := newFakeTB(t)
	h := otelagenttest.New(tb)
	_, span := h.TracerProvider().Tracer("t").Start(context.Background(), "s", trace.WithAttributes(
		attribute.String("model", "gpt-4o"),
		attribute.Int64("tokens", 12),
		attribute.StringSlice("flags", []string{"a", "b"}),
	))
	span.End()
	s := h.Span("s")

	tests := []struct {
		name        string
		want        attribute.KeyValue
		wantFailure []string
	}{
		{"equal string", attribute.String("model", "gpt-4o"), nil},
		{"equal int", attribute.Int64("tokens", 12), nil},
		{"equal slice", attribute.StringSlice("flags", []string{"a", "b"}), nil},
		{"other value", attribute.String("model", "gpt-5"), []string{"model = gpt-4o", "want gpt-5"}},
		{"other type", attribute.String("tokens", "12"), []string{"tokens = 12 (INT64)", "want 12 (STRING)"}},
		{"missing", attribute.Bool("cached", true), []string{"no attribute cached"}},
	}
	for _, tt := range tests {
		tb.reset()
		h.AssertAttributes(s, tt.want)
		if tt.wantFailure == nil {
			tb.wantNoFailure(t)
		} else {
			tb.wantFailure(t, tt.wantFailure...)
		}
	}
	if _, ok := otelagenttest.Attr(s, "missing"); ok {
		t.Error("Attr reports a missing attribute as set")
	}
}
