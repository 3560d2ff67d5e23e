package otelagent_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// What the API records must be exactly what semconv's catalog (and so the
// README) says, for each schema: every span attribute listed for its span
// kind, every metric and its attributes listed.
func TestExportMatchesCatalog(t *testing.T) {
	for _, schema := range []semconv.Schema{semconv.SchemaDefault, semconv.SchemaLatest, semconv.SchemaLatestDup} {
		t.Run(schema.String(), func(t *testing.T) { exportMatchesCatalog(t, schema) })
	}
}

func exportMatchesCatalog(t *testing.T, schema semconv.Schema) {
	cat := schema.Catalog()
	h := newHarness(t, otelagent.WithPricing(testPrices(t)), otelagent.WithSchema(schema), otelagent.WithContentCapture(true))
	fail := errors.New("x")
	ctx, cmd := h.tel.StartCommand(context.Background(), "run", "debug")
	ctx, s := h.tel.StartSession(ctx, otelagent.Agent{Name: "a", SessionID: "s", Model: "test-model", Provider: "p", ID: "asst_1", Description: "Writes code", Version: "1.0"})
	for _, err := range []error{nil, fail} {
		_, chat := h.tel.StartChat(ctx, otelagent.ChatRequest{
			ServerAddress: "api.example.com", ServerPort: 443, Stream: true, MaxTokens: 10,
			Temperature: new(0.5), TopP: new(0.9), TopK: 4, Seed: new(int64(7)), FrequencyPenalty: new(0.1), PresencePenalty: new(0.2),
			ChoiceCount: 2, ReasoningLevel: "high", OutputType: semconv.OutputTypeText, Compacted: true,
		})
		chat.RecordChunk()
		chat.RecordChunk()
		chat.CaptureMessages(otelagent.ChatContent{
			SystemInstructions: []otelagent.Part{{Type: otelagent.PartText, Content: "be brief"}},
			Input:              []otelagent.Message{{Role: otelagent.RoleUser, Parts: []otelagent.Part{{Type: otelagent.PartText, Content: "hi"}}}},
			Output:             []otelagent.Message{{Role: otelagent.RoleAssistant, Parts: []otelagent.Part{{Type: otelagent.PartText, Content: "hello"}}, FinishReason: "stop"}},
			Tools:              []otelagent.ToolDefinition{{Type: "function", Name: "t"}},
			StopSequences:      []string{"END"},
		})
		chat.SetUsage(otelagent.Usage{InputTokens: 5, OutputTokens: 5, CacheReadInputTokens: 1, CacheCreationInputTokens: 1, ReasoningOutputTokens: 1})
		chat.SetResponse(otelagent.Response{ID: "resp_1", Model: "test-model", FinishReasons: []string{"stop"}})
		chat.End(err)
		_, unpriced := h.tel.StartChat(ctx, otelagent.ChatRequest{Model: "unknown"})
		unpriced.SetUsage(otelagent.Usage{InputTokens: 1})
		unpriced.End(err)
		_, tool := h.tel.StartToolCall(ctx, otelagent.Tool{Name: "t", Type: "function", CallID: "c", Description: "Reads"})
		tool.CaptureContent(`{"a":1}`, `{"ok":true}`)
		tool.End(err)
		h.tel.RecordToolCall(ctx, "r", "s", "a", time.Millisecond, err)
	}
	h.tel.RecordTokenUsage(ctx, "test-model", 1, 1, 0)
	for _, side := range []otelagent.MCPSide{otelagent.MCPClient, otelagent.MCPServer} {
		h.tel.RecordMCPOperation(ctx, otelagent.MCPOperation{Side: side, Method: "tools/call", ToolName: "t"}, time.Millisecond, fail)
		sess := h.tel.StartMCPSession(otelagent.MCPSessionInfo{Side: side, ProtocolVersion: "2025-06-18", Transport: semconv.NetworkTransportPipe})
		_, call := h.tel.StartMCPRequest(ctx, otelagent.MCPRequest{
			Side: side, Method: "tools/call", ToolName: "t", ProtocolVersion: "2025-06-18", SessionID: "m1", RequestID: "3",
			Transport: semconv.NetworkTransportPipe, ServerAddress: "mcp.example.com", ServerPort: 8080,
		})
		call.CaptureContent(`{"a":1}`, `{"ok":true}`)
		call.SetErrorCode(-32602)
		call.End(fail)
		sess.End(fail)
	}
	s.End(fail)
	cmd.End(fail)

	kindOf := func(span sdktrace.ReadOnlySpan) string {
		for prefix, typ := range map[string]string{
			"invoke_agent": semconv.SpanTypeInvokeAgent, "chat": semconv.SpanTypeChat, "execute_tool": semconv.SpanTypeExecuteTool,
		} {
			if strings.HasPrefix(span.Name(), prefix) {
				return typ
			}
		}
		switch {
		case strings.HasPrefix(span.Name(), "tools/") && span.SpanKind() == trace.SpanKindClient:
			return semconv.SpanTypeMCPClient
		case strings.HasPrefix(span.Name(), "tools/"):
			return semconv.SpanTypeMCPServer
		}
		return semconv.SpanTypeCommand
	}
	listed := map[string][]attribute.Key{}
	for _, d := range cat.Spans() {
		listed[d.Type] = d.Attributes
	}
	seen := map[string]map[attribute.Key]bool{}
	for _, span := range h.ended() {
		kind := kindOf(span)
		if seen[kind] == nil {
			seen[kind] = map[attribute.Key]bool{}
		}
		for _, kv := range span.Attributes() {
			seen[kind][kv.Key] = true
			if !slices.Contains(listed[kind], kv.Key) {
				t.Errorf("%s span records %s, which the catalog does not list for it", kind, kv.Key)
			}
		}
	}
	for kind, keys := range listed {
		for _, k := range keys {
			if !seen[kind][k] {
				t.Errorf("catalog lists %s on %s spans, but the API never records it", k, kind)
			}
		}
	}

	metrics := map[string]semconv.MetricDef{}
	for _, m := range cat.Metrics() {
		metrics[m.Name] = m
	}
	recorded := map[string]bool{}
	for _, sm := range h.metrics().ScopeMetrics {
		for _, m := range sm.Metrics {
			recorded[m.Name] = true
			def, ok := metrics[m.Name]
			if !ok {
				t.Errorf("metric %s is not in the catalog", m.Name)
				continue
			}
			if m.Unit != def.Unit || m.Description != def.Description {
				t.Errorf("metric %s: unit %q description %q differ from the catalog", m.Name, m.Unit, m.Description)
			}
			for _, attrs := range pointAttributes(m) {
				for _, kv := range attrs {
					if !slices.Contains(def.Attributes, kv.Key) {
						t.Errorf("metric %s records %s, which the catalog does not list for it", m.Name, kv.Key)
					}
				}
			}
		}
	}
	for name := range metrics {
		if !recorded[name] {
			t.Errorf("catalog lists metric %s, but the API never records it", name)
		}
	}
}
