package otelagent_test

import (
	"context"
	"errors"
	"testing"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

func TestSessionTree(t *testing.T) {
	h := newHarness(t)
	ctx, cmd := h.tel.StartCommand(context.Background(), "run")
	ctx, session := h.tel.StartSession(ctx, otelagent.Agent{Name: "coder", SessionID: "sess-1", Model: "gpt-4o", Provider: "openai"})

	_, read := h.tel.StartToolCall(ctx, otelagent.Tool{Name: "read_file", Type: semconv.ToolTypeFunction, CallID: "call_1"})
	read.End(nil)
	_, failing := h.tel.StartToolCall(ctx, otelagent.Tool{Name: "shell"})
	failing.End(errors.New("exit status 1: rm /home/alice"))
	_, chat := h.tel.StartChat(ctx, otelagent.ChatRequest{})
	chat.SetUsage(otelagent.Usage{InputTokens: 10, OutputTokens: 5})
	chat.End(nil)

	subCtx, sub := h.tel.StartSession(ctx, otelagent.Agent{Name: "researcher", SessionID: "sess-2"})
	if otelagent.SessionFromContext(subCtx) != sub {
		t.Fatal("sub-session not in its context")
	}
	_, subTool := h.tel.StartToolCall(subCtx, otelagent.Tool{Name: "search"})
	subTool.End(nil)
	sub.End(nil)

	session.End(nil)
	session.End(errors.New("ignored"))
	cmd.End(nil)

	root := h.span("run")
	sess := h.span("invoke_agent coder")
	subSpan := h.span("invoke_agent researcher")
	if sess.Parent().SpanID() != root.SpanContext().SpanID() {
		t.Error("session is not a child of the command")
	}
	if subSpan.Parent().SpanID() != sess.SpanContext().SpanID() {
		t.Error("sub-agent session is not a child of its parent session")
	}
	for _, name := range []string{"execute_tool read_file", "execute_tool shell", "chat gpt-4o"} {
		if h.span(name).Parent().SpanID() != sess.SpanContext().SpanID() {
			t.Errorf("%s is not a child of the session", name)
		}
	}
	if h.span("execute_tool search").Parent().SpanID() != subSpan.SpanContext().SpanID() {
		t.Error("sub-agent tool is not a child of the sub-session")
	}

	attrs := attrMap(sess.Attributes())
	want := map[string]any{
		string(semconv.GenAIOperationNameKey):  "invoke_agent",
		string(semconv.GenAIAgentNameKey):      "coder",
		string(semconv.GenAIConversationIDKey): "sess-1",
		string(semconv.GenAIRequestModelKey):   "gpt-4o",
		string(semconv.GenAIProviderNameKey):   "openai",
		string(semconv.SessionToolCallsKey):    int64(2),
		string(semconv.SessionChatCallsKey):    int64(1),
		string(semconv.SessionErrorsKey):       int64(1),
	}
	for k, v := range want {
		if got := attrs[attributeKey(k)].AsInterface(); got != v {
			t.Errorf("session %s = %v, want %v", k, got, v)
		}
	}
	if sess.Status().Code != codes.Unset {
		t.Errorf("session status %v", sess.Status())
	}

	shell := h.span("execute_tool shell")
	if shell.Status().Code != codes.Error || shell.Status().Description != "_OTHER" {
		t.Errorf("failed tool status %+v", shell.Status())
	}
	if got := attrMap(shell.Attributes())[semconv.ErrorTypeKey].AsString(); got != "_OTHER" {
		t.Errorf("failed tool error.type %q", got)
	}

	dur := h.metric(semconv.InvokeAgentDurationName).Data.(metricdata.Histogram[float64])
	if len(dur.DataPoints) != 2 {
		t.Errorf("want 2 session duration points (coder, researcher), got %d", len(dur.DataPoints))
	}
	errs := h.metric(semconv.SessionErrorsName).Data.(metricdata.Sum[int64])
	if len(errs.DataPoints) != 1 || errs.DataPoints[0].Value != 1 {
		t.Fatalf("session errors %+v", errs.DataPoints)
	}
	if got := setMap(errs.DataPoints[0].Attributes)[semconv.GenAIOperationNameKey].AsString(); got != "execute_tool" {
		t.Errorf("session error operation %q", got)
	}
	assertNoUnboundedMetricAttributes(t, h.metrics())
}

func TestSessionFailure(t *testing.T) {
	h := newHarness(t)
	_, s := h.tel.StartSession(context.Background(), otelagent.Agent{Name: "coder"})
	s.End(context.DeadlineExceeded)
	span := h.span("invoke_agent coder")
	if span.Status().Code != codes.Error || span.Status().Description != "timeout" {
		t.Errorf("status %+v", span.Status())
	}
	dur := h.metric(semconv.InvokeAgentDurationName).Data.(metricdata.Histogram[float64])
	if got := setMap(dur.DataPoints[0].Attributes)[semconv.ErrorTypeKey].AsString(); got != "timeout" {
		t.Errorf("duration error.type %q", got)
	}
}

// assertNoUnboundedMetricAttributes fails if a session id, tool call id or
// any key semconv does not define reaches a metric.
func assertNoUnboundedMetricAttributes(t *testing.T, rm metricdata.ResourceMetrics) {
	t.Helper()
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			for _, attrs := range pointAttributes(m) {
				for _, kv := range attrs {
					if kv.Key == semconv.GenAIConversationIDKey || kv.Key == semconv.GenAIToolCallIDKey {
						t.Errorf("metric %s carries unbounded %s", m.Name, kv.Key)
					}
					if _, ok := semconv.Lookup(kv.Key); !ok {
						t.Errorf("metric %s carries undefined key %s", m.Name, kv.Key)
					}
				}
			}
		}
	}
}
