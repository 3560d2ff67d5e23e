package otelagent_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// exportedStrings returns every span name and every attribute value, on
// spans and on metric points, that h recorded.
func (h *harness) exportedStrings() []string {
	h.t.Helper()
	var out []string
	for _, s := range h.ended() {
		out = append(out, s.Name(), s.Status().Description)
		for _, kv := range s.Attributes() {
			out = append(out, kv.Value.Emit())
		}
	}
	for _, sm := range h.metrics().ScopeMetrics {
		for _, m := range sm.Metrics {
			for _, attrs := range pointAttributes(m) {
				for _, kv := range attrs {
					out = append(out, kv.Value.Emit())
				}
			}
		}
	}
	return out
}

// content is what programs and the other ends of their connections passed
// as names: none of it may leave.
var content = []string{
	"tell me a secret",
	"/home/alice/notes.md",
	"~/.ssh/id_ed25519",
	`C:\Users\alice\plan.docx`,
	"alice@example.com",
	"4111111111111111",
	"sk-proj-canary0123456789",
	"AKIAIOSFODNN7EXAMPLE",
	"ghp_canary",
	"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln",
	"db.example.com",
	strings.Repeat("n", 300),
}

// Every name the API takes, from every entry point, is held to its grammar:
// content becomes "_OTHER" in attributes, span names and metrics, and is
// counted.
func TestNamesCarryNoContent(t *testing.T) {
	for _, c := range content {
		t.Run(c[:min(len(c), 20)], func(t *testing.T) {
			h := newHarness(t)
			ctx := context.Background()
			ctx, cmd := h.tel.StartCommand(ctx, c, c)
			sctx, session := h.tel.StartSession(ctx, otelagent.Agent{Name: c, SessionID: c, Model: c, Provider: c})
			_, chat := h.tel.StartChat(sctx, otelagent.ChatRequest{Model: c, Provider: c})
			chat.SetResponseModel(c)
			chat.SetUsage(otelagent.Usage{InputTokens: 1, OutputTokens: 1})
			chat.End(errors.New("x"))
			_, call := h.tel.StartToolCall(sctx, otelagent.Tool{Name: c, Type: c, CallID: c})
			call.End(errors.New("x"))
			h.tel.RecordToolCall(sctx, c, c, c, time.Second, otelagent.WithErrorType(errors.New("x"), c))
			h.tel.RecordTokenUsage(sctx, c, 3, 4, 0)
			h.tel.RecordMCPOperation(sctx, otelagent.MCPOperation{Method: "tools/call", ToolName: c}, time.Second, nil)
			session.End(nil)
			cmd.End(otelagent.WithErrorType(errors.New("x"), c))

			got := h.exportedStrings()
			for _, s := range got {
				if strings.Contains(s, c) {
					t.Errorf("exported %q", s)
				}
			}
			for _, name := range []string{"_OTHER", "invoke_agent _OTHER", "chat _OTHER", "execute_tool _OTHER"} {
				if !slices.Contains(got, name) {
					t.Errorf("%q not exported (got %q)", name, got)
				}
			}
			// The command, its flag, 4 session names, the chat's model,
			// provider and response model, 3 tool names, RecordToolCall's
			// 3 names and error class, RecordTokenUsage's model, the MCP
			// tool and the command's error class.
			if got := h.tel.NameStats().Invalid; got != 19 {
				t.Errorf("NameStats().Invalid = %d, want 19", got)
			}
		})
	}
}

// Real names leave verbatim, on spans and on metrics.
func TestRealNamesLeaveVerbatim(t *testing.T) {
	models := []string{
		"gpt-4o-2024-08-06", "claude-sonnet-4-5@20250929", "anthropic.claude-3-5-sonnet-20240620-v1:0",
		"models/gemini-2.5-pro", "accounts/fireworks/models/llama-v3p1-70b-instruct",
		"meta-llama/Llama-3.1-8B-Instruct", "llama3.1:8b",
	}
	for _, model := range models {
		h := newHarness(t)
		ctx, session := h.tel.StartSession(context.Background(), otelagent.Agent{
			Name: "coder", SessionID: "550e8400-e29b-41d4-a716-446655440000", Model: model, Provider: "gcp.vertex_ai"})
		_, chat := h.tel.StartChat(ctx, otelagent.ChatRequest{})
		chat.SetResponseModel(model)
		chat.SetUsage(otelagent.Usage{InputTokens: 1, OutputTokens: 1})
		chat.End(nil)
		_, call := h.tel.StartToolCall(ctx, otelagent.Tool{Name: "mcp__github__create-issue.v2", Type: "function", CallID: "toolu_01A09q90qw90lq917835lq9"})
		call.End(nil)
		session.End(nil)

		attrs := attrMap(h.span("chat " + model).Attributes())
		if attrs[semconv.GenAIRequestModelKey].AsString() != model || attrs[semconv.GenAIResponseModelKey].AsString() != model {
			t.Errorf("chat attributes %v, want model %q", attrs, model)
		}
		attrs = attrMap(h.span("execute_tool mcp__github__create-issue.v2").Attributes())
		if attrs[semconv.GenAIToolCallIDKey].AsString() != "toolu_01A09q90qw90lq917835lq9" {
			t.Errorf("tool attributes %v", attrs)
		}
		for _, p := range pointAttributes(h.metric(semconv.ClientTokenUsageName)) {
			if a := attrMap(p); a[semconv.GenAIRequestModelKey].AsString() != model {
				t.Errorf("token usage attributes %v, want model %q", a, model)
			}
		}
		if s := h.tel.NameStats(); s != (otelagent.NameStats{}) {
			t.Errorf("NameStats() = %+v for real names", s)
		}
	}
}

// toolNames returns the distinct gen_ai.tool.name values of metric name.
func toolNames(h *harness, name string) map[string]bool {
	out := map[string]bool{}
	for _, p := range pointAttributes(h.metric(name)) {
		out[attrMap(p)[semconv.GenAIToolNameKey].AsString()] = true
	}
	return out
}

func TestCardinalityLimit(t *testing.T) {
	h := newHarness(t, otelagent.WithCardinalityLimit(3))
	ctx := context.Background()
	for i := range 10 {
		h.tel.RecordToolCall(ctx, fmt.Sprintf("tool_%d", i), "", "", time.Second, nil)
	}
	want := map[string]bool{"tool_0": true, "tool_1": true, "tool_2": true, "_OTHER": true}
	if got := toolNames(h, semconv.ExecuteToolDurationName); !mapsEqual(got, want) {
		t.Errorf("tool names on the metric %v, want %v", got, want)
	}
	// Spans are not aggregated: they keep every valid name.
	h.span("execute_tool tool_9")
	if got := h.tel.NameStats(); got != (otelagent.NameStats{OverLimit: 7}) {
		t.Errorf("NameStats() = %+v, want 7 over the limit", got)
	}
	// A value admitted before the limit was reached stays admitted.
	h.tel.RecordToolCall(ctx, "tool_1", "", "", time.Second, nil)
	if got := h.tel.NameStats().OverLimit; got != 7 {
		t.Errorf("OverLimit = %d after an admitted name, want 7", got)
	}
}

// 5,000 unique tool names once made 2,000 series per instrument; the default
// limit keeps 100 of them, plus "_OTHER".
func TestDefaultCardinalityLimit(t *testing.T) {
	h := newHarness(t)
	for i := range 5000 {
		h.tel.RecordToolCall(context.Background(), fmt.Sprintf("tool_%d", i), "", "", time.Second, nil)
	}
	if got := len(toolNames(h, semconv.ExecuteToolDurationName)); got != 100+1 {
		t.Errorf("%d tool names on the metric, want 101", got)
	}
	if got := h.tel.NameStats().OverLimit; got != 5000-100 {
		t.Errorf("OverLimit = %d", got)
	}
}

// "_OTHER" takes no place under the limit: invalid names recorded first do
// not crowd out the valid ones that follow.
func TestCardinalityLimitOtherTakesNoPlace(t *testing.T) {
	h := newHarness(t, otelagent.WithCardinalityLimit(2))
	ctx := context.Background()
	for _, tool := range []string{"read file", "/bin/sh", "tool_a", "tool_b"} {
		h.tel.RecordToolCall(ctx, tool, "", "", time.Second, nil)
	}
	want := map[string]bool{"_OTHER": true, "tool_a": true, "tool_b": true}
	if got := toolNames(h, semconv.ExecuteToolDurationName); !mapsEqual(got, want) {
		t.Errorf("tool names on the metric %v, want %v", got, want)
	}
	if got := h.tel.NameStats(); got != (otelagent.NameStats{Invalid: 2}) {
		t.Errorf("NameStats() = %+v, want 2 invalid, none over the limit", got)
	}
}

// The limit applies to every name attribute of every instrument, each on
// its own.
func TestCardinalityLimitPerAttribute(t *testing.T) {
	h := newHarness(t, otelagent.WithCardinalityLimit(2))
	for i := range 4 {
		ctx, session := h.tel.StartSession(context.Background(), otelagent.Agent{
			Name: fmt.Sprintf("agent%d", i), Model: fmt.Sprintf("model-%d", i), Provider: fmt.Sprintf("provider%d", i)})
		_, chat := h.tel.StartChat(ctx, otelagent.ChatRequest{})
		chat.End(otelagent.WithErrorType(errors.New("x"), fmt.Sprintf("class_%d", i)))
		session.End(nil)
	}
	for _, name := range []string{semconv.ClientOperationDurationName, semconv.InvokeAgentDurationName} {
		values := map[attribute.Key]map[string]bool{}
		for _, p := range pointAttributes(h.metric(name)) {
			for _, kv := range p {
				if values[kv.Key] == nil {
					values[kv.Key] = map[string]bool{}
				}
				values[kv.Key][kv.Value.Emit()] = true
			}
		}
		for _, key := range []attribute.Key{semconv.GenAIAgentNameKey, semconv.GenAIRequestModelKey, semconv.GenAIProviderNameKey} {
			if got := len(values[key]); got != 3 {
				t.Errorf("%s: %d values of %s (%v), want 2 and _OTHER", name, got, key, values[key])
			}
		}
	}
}

func mapsEqual(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

func TestNameStatsNil(t *testing.T) {
	var tel *otelagent.Telemetry
	if s := tel.NameStats(); s != (otelagent.NameStats{}) {
		t.Errorf("nil Telemetry NameStats() = %+v", s)
	}
}

// The limit holds when many goroutines bring new names at once.
func TestCardinalityLimitConcurrent(t *testing.T) {
	h := newHarness(t, otelagent.WithCardinalityLimit(10))
	const goroutines, perGoroutine = 8, 50
	done := make(chan struct{})
	for g := range goroutines {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range perGoroutine {
				h.tel.RecordToolCall(context.Background(), fmt.Sprintf("tool_%d_%d", g, i), "", "", time.Second, nil)
			}
		}()
	}
	for range goroutines {
		<-done
	}
	names := toolNames(h, semconv.ExecuteToolDurationName)
	if len(names) != 11 || !names["_OTHER"] {
		t.Errorf("%d tool names on the metric (%v), want 10 and _OTHER", len(names), names)
	}
	if got := h.tel.NameStats().OverLimit; got != goroutines*perGoroutine-10 {
		t.Errorf("OverLimit = %d, want %d", got, goroutines*perGoroutine-10)
	}
}
