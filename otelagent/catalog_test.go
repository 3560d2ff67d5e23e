package otelagent_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// What the API records must be exactly what semconv's catalog (and so the
// README) says: every span attribute listed for its span kind, every metric
// and its attributes listed.
func TestExportMatchesCatalog(t *testing.T) {
	h := newHarness(t, otelagent.WithPricing(testPrices(t)))
	fail := errors.New("x")
	ctx, cmd := h.tel.StartCommand(context.Background(), "run", "debug")
	ctx, s := h.tel.StartSession(ctx, otelagent.Agent{Name: "a", SessionID: "s", Model: "test-model", Provider: "p"})
	for _, err := range []error{nil, fail} {
		_, chat := h.tel.StartChat(ctx, otelagent.ChatRequest{})
		chat.SetUsage(otelagent.Usage{InputTokens: 5, OutputTokens: 5, CacheReadInputTokens: 1, CacheCreationInputTokens: 1, ReasoningOutputTokens: 1})
		chat.SetResponseModel("test-model")
		chat.End(err)
		_, unpriced := h.tel.StartChat(ctx, otelagent.ChatRequest{Model: "unknown"})
		unpriced.SetUsage(otelagent.Usage{InputTokens: 1})
		unpriced.End(err)
		_, tool := h.tel.StartToolCall(ctx, otelagent.Tool{Name: "t", Type: "function", CallID: "c"})
		tool.End(err)
		h.tel.RecordToolCall(ctx, "r", "s", "a", time.Millisecond, err)
	}
	h.tel.RecordTokenUsage(ctx, "test-model", 1, 1, 0)
	for _, side := range []otelagent.MCPSide{otelagent.MCPClient, otelagent.MCPServer} {
		h.tel.RecordMCPOperation(ctx, otelagent.MCPOperation{Side: side, Method: "tools/call", ToolName: "t"}, time.Millisecond, fail)
	}
	s.End(fail)
	cmd.End(fail)

	kindOf := func(name string) string {
		for _, prefix := range []string{"invoke_agent", "chat", "execute_tool"} {
			if strings.HasPrefix(name, prefix) {
				return prefix
			}
		}
		return "command"
	}
	listed := map[string][]attribute.Key{}
	for _, d := range semconv.Spans() {
		listed[kindOf(d.Name)] = d.Attributes
	}
	seen := map[string]map[attribute.Key]bool{}
	for _, span := range h.ended() {
		kind := kindOf(span.Name())
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
	for _, m := range semconv.Metrics() {
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
