package otelagent_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// histPoints returns the data points of the histogram name, by count.
func histCounts(t *testing.T, h *harness, name string) (count uint64, points int) {
	t.Helper()
	switch d := h.metric(name).Data.(type) {
	case metricdata.Histogram[float64]:
		for _, p := range d.DataPoints {
			count += p.Count
		}
		return count, len(d.DataPoints)
	case metricdata.Histogram[int64]:
		for _, p := range d.DataPoints {
			count += p.Count
		}
		return count, len(d.DataPoints)
	}
	t.Fatalf("%s is not a histogram", name)
	return 0, 0
}

// The conventions require gen_ai.provider.name on LLM calls: a call whose
// provider nobody named says _OTHER, on the span and on every client metric.
func TestProviderAlwaysPresent(t *testing.T) {
	for _, schema := range []semconv.Schema{semconv.SchemaDefault, semconv.SchemaLatest} {
		h := newHarness(t, otelagent.WithSchema(schema))
		_, c := h.tel.StartChat(context.Background(), otelagent.ChatRequest{Model: "m"})
		c.SetUsage(otelagent.Usage{InputTokens: 1, OutputTokens: 1})
		c.End(nil)
		if got := attrMap(h.span("chat m").Attributes())[semconv.GenAIProviderNameKey].AsString(); got != "_OTHER" {
			t.Errorf("%s: span provider %q, want _OTHER", schema, got)
		}
		for _, name := range []string{semconv.ClientOperationDurationName, semconv.ClientTokenUsageName} {
			for _, attrs := range pointAttributes(h.metric(name)) {
				if got := attrMap(attrs)[semconv.GenAIProviderNameKey].AsString(); got != "_OTHER" {
					t.Errorf("%s: %s provider %q, want _OTHER", schema, name, got)
				}
			}
		}
	}
}

// A streamed call records the time to its first chunk once, then one time
// per output chunk for each later chunk; chunks after End are ignored.
func TestStreamingChunks(t *testing.T) {
	h := newHarness(t)
	_, c := h.tel.StartChat(context.Background(), otelagent.ChatRequest{Model: "m", Provider: "openai"})
	time.Sleep(20 * time.Millisecond) // a lower bound, whatever the machine's speed
	for range 4 {
		c.RecordChunk()
	}
	c.End(nil)
	c.RecordChunk()

	attrs := attrMap(h.span("chat m").Attributes())
	if !attrs[semconv.GenAIRequestStreamKey].AsBool() {
		t.Error("gen_ai.request.stream not set by RecordChunk")
	}
	if ttfc := attrs[semconv.GenAIResponseTimeToFirstChunkKey].AsFloat64(); ttfc < 0.02 {
		t.Errorf("time_to_first_chunk %v, want >= 0.02 s", ttfc)
	}
	if n, _ := histCounts(t, h, semconv.ClientTimeToFirstChunkName); n != 1 {
		t.Errorf("time_to_first_chunk recorded %d times, want 1", n)
	}
	if n, _ := histCounts(t, h, semconv.ClientTimePerOutputChunkName); n != 3 {
		t.Errorf("time_per_output_chunk recorded %d times, want 3", n)
	}
	first := h.metric(semconv.ClientTimeToFirstChunkName).Data.(metricdata.Histogram[float64]).DataPoints[0]
	if first.Sum < 0.02 {
		t.Errorf("time_to_first_chunk metric %v, want >= 0.02 s", first.Sum)
	}
	if got := setMap(first.Attributes)[semconv.GenAIProviderNameKey].AsString(); got != "openai" {
		t.Errorf("time_to_first_chunk provider %q", got)
	}

	// A call that was never streamed records neither.
	h2 := newHarness(t)
	_, c2 := h2.tel.StartChat(context.Background(), otelagent.ChatRequest{Model: "m"})
	c2.End(nil)
	if h2.hasMetric(semconv.ClientTimeToFirstChunkName) || h2.hasMetric(semconv.ClientTimePerOutputChunkName) {
		t.Error("streaming metrics recorded for a call that did not stream")
	}
	if _, ok := attrMap(h2.span("chat m").Attributes())[semconv.GenAIRequestStreamKey]; ok {
		t.Error("gen_ai.request.stream set on a call that did not stream")
	}
}

// The request parameters reach the span; zero values and values that are
// not the conventions' are left out.
func TestChatRequestAttributes(t *testing.T) {
	h := newHarness(t, otelagent.WithSchema(semconv.SchemaLatest))
	_, c := h.tel.StartChat(context.Background(), otelagent.ChatRequest{
		Model: "m", Provider: "openai", ServerAddress: "api.openai.com", ServerPort: 443,
		MaxTokens: 100, Temperature: new(0.0), TopK: 0, ChoiceCount: 1, OutputType: "yaml", ReasoningLevel: "high",
	})
	c.SetResponse(otelagent.Response{ID: "chatcmpl-1", FinishReasons: []string{"stop", "a reason with /home/alice"}})
	c.End(nil)
	attrs := attrMap(h.span("chat m").Attributes())
	for k, want := range map[attribute.Key]attribute.Value{
		semconv.ServerAddressKey:              attribute.StringValue("api.openai.com"),
		semconv.ServerPortKey:                 attribute.IntValue(443),
		semconv.GenAIRequestMaxTokensKey:      attribute.Int64Value(100),
		semconv.GenAIRequestTemperatureKey:    attribute.Float64Value(0),
		semconv.GenAIRequestReasoningLevelKey: attribute.StringValue("high"),
		semconv.GenAIResponseIDKey:            attribute.StringValue("chatcmpl-1"),
		semconv.GenAIResponseFinishReasonsKey: attribute.StringSliceValue([]string{"stop", "_OTHER"}),
	} {
		if got := attrs[k]; got != want {
			t.Errorf("%s = %v, want %v", k, got.Emit(), want.Emit())
		}
	}
	for _, k := range []attribute.Key{semconv.GenAIRequestTopKKey, semconv.GenAIRequestChoiceCountKey, semconv.GenAIOutputTypeKey,
		semconv.GenAIConversationCompactedKey, semconv.GenAIRequestStopSequencesKey, semconv.GenAIAgentNameKey} {
		if _, ok := attrs[k]; ok {
			t.Errorf("%s recorded, want it left out", k)
		}
	}
}

// server.address holds a host name or an IP address, never a URL, a path
// or userinfo.
func TestServerAddressIsAHost(t *testing.T) {
	for addr, ok := range map[string]bool{
		"api.openai.com": true, "127.0.0.1": true, "[::1]": true, "localhost": true,
		"https://api.openai.com": false, "user:pw@host": false, "host/path": false, "a b": false, "-x.com": false,
		strings.Repeat("a", 64) + ".com": false,
	} {
		h := newHarness(t)
		_, c := h.tel.StartChat(context.Background(), otelagent.ChatRequest{Model: "m", ServerAddress: addr, ServerPort: 1})
		c.End(nil)
		_, got := attrMap(h.span("chat m").Attributes())[semconv.ServerAddressKey]
		if got != ok {
			t.Errorf("server.address %q recorded = %v, want %v", addr, got, ok)
		}
	}
}

// Names differ by schema: the cache-write tokens go under the v1.41.0 name,
// the renamed one, or both; the model's attribute sets drop what it does
// not define.
func TestSchemaNames(t *testing.T) {
	tests := []struct {
		schema          semconv.Schema
		creation, write bool
		agentOnChat     bool
	}{
		{semconv.SchemaDefault, true, false, true},
		{semconv.SchemaLatest, false, true, false},
		{semconv.SchemaLatestDup, true, true, false},
	}
	for _, tt := range tests {
		h := newHarness(t, otelagent.WithSchema(tt.schema))
		ctx, s := h.tel.StartSession(context.Background(), otelagent.Agent{Name: "a", Provider: "openai", SessionID: "s1"})
		_, c := h.tel.StartChat(ctx, otelagent.ChatRequest{Model: "m"})
		c.SetUsage(otelagent.Usage{InputTokens: 10, CacheCreationInputTokens: 4})
		c.End(nil)
		_, tool := h.tel.StartToolCall(ctx, otelagent.Tool{Name: "t"})
		tool.End(nil)
		s.End(nil)
		chat := attrMap(h.span("chat m").Attributes())
		_, creation := chat[semconv.GenAIUsageCacheCreationInputTokensKey]
		_, write := chat[semconv.GenAIUsageCacheWriteInputTokensKey]
		_, agent := chat[semconv.GenAIAgentNameKey]
		if creation != tt.creation || write != tt.write || agent != tt.agentOnChat {
			t.Errorf("%s: cache_creation %v, cache_write %v, agent on chat %v", tt.schema, creation, write, agent)
		}
		if write && chat[semconv.GenAIUsageCacheWriteInputTokensKey].AsInt64() != 4 {
			t.Errorf("%s: cache_write = %v", tt.schema, chat[semconv.GenAIUsageCacheWriteInputTokensKey].Emit())
		}
		_, provider := attrMap(h.span("invoke_agent a").Attributes())[semconv.GenAIProviderNameKey]
		_, conv := attrMap(h.span("execute_tool t").Attributes())[semconv.GenAIConversationIDKey]
		if provider != (tt.schema == semconv.SchemaDefault) || conv != (tt.schema == semconv.SchemaDefault) {
			t.Errorf("%s: provider on invoke_agent %v, conversation id on execute_tool %v", tt.schema, provider, conv)
		}
		for _, attrs := range pointAttributes(h.metric(semconv.ClientTokenUsageName)) {
			if _, ok := attrMap(attrs)[semconv.GenAIAgentNameKey]; ok != tt.agentOnChat {
				t.Errorf("%s: agent on token usage %v", tt.schema, ok)
			}
		}
		if h.tel.Schema() != tt.schema {
			t.Errorf("Schema() = %s", h.tel.Schema())
		}
	}
}

// At its end a session records how many LLM and tool calls it made itself;
// a sub-agent's calls count in the sub-agent's session only.
func TestSessionCallCounts(t *testing.T) {
	h := newHarness(t, otelagent.WithSchema(semconv.SchemaLatest))
	ctx, parent := h.tel.StartSession(context.Background(), otelagent.Agent{Name: "parent"})
	for range 3 {
		_, c := h.tel.StartChat(ctx, otelagent.ChatRequest{Model: "m"})
		c.End(errors.New("failed calls count too"))
	}
	_, tool := h.tel.StartToolCall(ctx, otelagent.Tool{Name: "t"})
	tool.End(nil)
	subCtx, sub := h.tel.StartSession(ctx, otelagent.Agent{Name: "sub"})
	_, c := h.tel.StartChat(subCtx, otelagent.ChatRequest{Model: "m"})
	c.End(nil)
	sub.End(nil)
	parent.End(nil)

	for name, want := range map[string]map[string]int64{
		semconv.InvokeAgentInferenceCallsName: {"parent": 3, "sub": 1},
		semconv.InvokeAgentToolCallsName:      {"parent": 1, "sub": 0},
	} {
		got := map[string]int64{}
		m := h.metric(name)
		for _, p := range m.Data.(metricdata.Histogram[int64]).DataPoints {
			got[setMap(p.Attributes)[semconv.GenAIAgentNameKey].AsString()] = p.Sum
		}
		if len(got) != len(want) || got["parent"] != want["parent"] || got["sub"] != want["sub"] {
			t.Errorf("%s by agent = %v, want %v", name, got, want)
		}
	}

	// v1.41.0 has no such metrics.
	hd := newHarness(t)
	_, s := hd.tel.StartSession(context.Background(), otelagent.Agent{Name: "a"})
	s.End(nil)
	if hd.hasMetric(semconv.InvokeAgentInferenceCallsName) || hd.hasMetric(semconv.InvokeAgentToolCallsName) {
		t.Error("default schema records gen_ai.invoke_agent.*_calls")
	}
}

// Descriptions are free text from programs and MCP servers: bounded,
// without control characters, on spans only.
func TestDescriptionRule(t *testing.T) {
	h := newHarness(t)
	long := strings.Repeat("é", otelagent.MaxDescriptionLen) // 2 bytes each
	ctx, s := h.tel.StartSession(context.Background(), otelagent.Agent{Name: "a", Description: "line1\nline2\x1b[31m"})
	_, tool := h.tel.StartToolCall(ctx, otelagent.Tool{Name: "t", Description: long})
	tool.End(nil)
	s.End(nil)
	if got := attrMap(h.span("invoke_agent a").Attributes())[semconv.GenAIAgentDescriptionKey].AsString(); got != "line1 line2 [31m" {
		t.Errorf("agent description %q", got)
	}
	got := attrMap(h.span("execute_tool t").Attributes())[semconv.GenAIToolDescriptionKey].AsString()
	if len(got) > otelagent.MaxDescriptionLen || len(got) < otelagent.MaxDescriptionLen-1 || !strings.HasPrefix(long, got) {
		t.Errorf("tool description: %d bytes, want a prefix of at most %d", len(got), otelagent.MaxDescriptionLen)
	}
	for _, sm := range h.metrics().ScopeMetrics {
		for _, m := range sm.Metrics {
			for _, attrs := range pointAttributes(m) {
				for _, kv := range attrs {
					if kv.Key == semconv.GenAIToolDescriptionKey || kv.Key == semconv.GenAIAgentDescriptionKey {
						t.Errorf("metric %s carries %s", m.Name, kv.Key)
					}
				}
			}
		}
	}
}

// MCP requests are CLIENT and SERVER spans named "{method} {tool}". A
// client tools/call with no tool call around it stands for the tool call;
// inside one, it is its child and counts nothing twice.
func TestMCPRequestSpans(t *testing.T) {
	h := newHarness(t)
	ctx, s := h.tel.StartSession(context.Background(), otelagent.Agent{Name: "a"})
	req := otelagent.MCPRequest{Side: otelagent.MCPClient, Method: "tools/call", ToolName: "search", ProtocolVersion: "2025-06-18",
		SessionID: "sess-1", RequestID: "7", Transport: semconv.NetworkTransportPipe}
	_, alone := h.tel.StartMCPRequest(ctx, req)
	alone.SetErrorCode(-32602)
	alone.End(errors.New("invalid params: /home/alice"))

	toolCtx, tool := h.tel.StartToolCall(ctx, otelagent.Tool{Name: "search"})
	_, inner := h.tel.StartMCPRequest(toolCtx, req)
	inner.End(nil)
	tool.End(nil)

	_, server := h.tel.StartMCPRequest(ctx, otelagent.MCPRequest{Side: otelagent.MCPServer, Method: "initialize", Transport: "carrier-pigeon"})
	server.End(nil)
	s.End(nil)

	var clients []map[attribute.Key]attribute.Value
	var toolSpan, serverSpan bool
	for _, sp := range h.ended() {
		switch {
		case sp.Name() == "tools/call search" && sp.SpanKind() == trace.SpanKindClient:
			clients = append(clients, attrMap(sp.Attributes()))
		case sp.Name() == "execute_tool search":
			toolSpan = true
		case sp.Name() == "initialize" && sp.SpanKind() == trace.SpanKindServer:
			serverSpan = true
			if _, ok := attrMap(sp.Attributes())[semconv.NetworkTransportKey]; ok {
				t.Error("an unknown transport was recorded")
			}
		}
	}
	if len(clients) != 2 || !toolSpan || !serverSpan {
		t.Fatalf("spans: %v", spanNames(h.ended()))
	}
	failed := clients[0]
	for k, want := range map[attribute.Key]string{
		semconv.MCPMethodNameKey: "tools/call", semconv.GenAIOperationNameKey: "execute_tool", semconv.GenAIToolNameKey: "search",
		semconv.MCPProtocolVersionKey: "2025-06-18", semconv.MCPSessionIDKey: "sess-1", semconv.JSONRPCRequestIDKey: "7",
		semconv.NetworkTransportKey: "pipe", semconv.RPCResponseStatusCodeKey: "-32602", semconv.ErrorTypeKey: "-32602",
	} {
		if got := failed[k].AsString(); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	// Two tool calls in the session: the lone MCP request and the traced one.
	if got := attrMap(h.span("invoke_agent a").Attributes())[semconv.SessionToolCallsKey].AsInt64(); got != 2 {
		t.Errorf("session tool calls = %d, want 2", got)
	}
	if n, _ := histCounts(t, h, semconv.ExecuteToolDurationName); n != 2 {
		t.Errorf("execute_tool.duration recorded %d times, want 2", n)
	}
	if n, _ := histCounts(t, h, semconv.MCPClientOperationDurationName); n != 2 {
		t.Errorf("mcp.client.operation.duration recorded %d times, want 2", n)
	}
	// A JSON-RPC error keeps the tool's name off the metric (a server
	// answers -32602 to a name it does not take); the span keeps it.
	for _, attrs := range pointAttributes(h.metric(semconv.MCPClientOperationDurationName)) {
		m := attrMap(attrs)
		if m[semconv.ErrorTypeKey].AsString() == "-32602" {
			if _, ok := m[semconv.GenAIToolNameKey]; ok || m[semconv.RPCResponseStatusCodeKey].AsString() != "-32602" {
				t.Errorf("failed request's metric point %v", attrs)
			}
		}
	}
}

func TestMCPSessionDuration(t *testing.T) {
	h := newHarness(t)
	s := h.tel.StartMCPSession(otelagent.MCPSessionInfo{Side: otelagent.MCPServer, Transport: semconv.NetworkTransportTCP})
	s.SetProtocolVersion("2025-06-18")
	s.End(nil)
	s.End(errors.New("twice"))
	points := h.metric(semconv.MCPServerSessionDurationName).Data.(metricdata.Histogram[float64]).DataPoints
	if len(points) != 1 || points[0].Count != 1 {
		t.Fatalf("points %+v", points)
	}
	attrs := setMap(points[0].Attributes)
	if attrs[semconv.MCPProtocolVersionKey].AsString() != "2025-06-18" || attrs[semconv.NetworkTransportKey].AsString() != "tcp" {
		t.Errorf("attributes %v", attrs)
	}
	if h.hasMetric(semconv.MCPClientSessionDurationName) {
		t.Error("server session recorded on the client metric")
	}
}

// Content is recorded only with capture on, stop sequences included.
func TestCaptureMessagesIsOptIn(t *testing.T) {
	content := otelagent.ChatContent{
		Input:         []otelagent.Message{{Role: otelagent.RoleUser, Parts: []otelagent.Part{{Type: otelagent.PartText, Content: "CANARY"}}}},
		StopSequences: []string{"CANARY"},
	}
	for _, on := range []bool{false, true} {
		h := newHarness(t, otelagent.WithContentCapture(on))
		_, c := h.tel.StartChat(context.Background(), otelagent.ChatRequest{Model: "m"})
		c.CaptureMessages(content)
		c.End(nil)
		attrs := attrMap(h.span("chat m").Attributes())
		_, in := attrs[semconv.GenAIInputMessagesKey]
		_, stop := attrs[semconv.GenAIRequestStopSequencesKey]
		if in != on || stop != on {
			t.Errorf("capture %v: input messages %v, stop sequences %v", on, in, stop)
		}
		if on && attrs[semconv.GenAIInputMessagesKey].AsString() != `[{"role":"user","parts":[{"content":"CANARY","type":"text"}]}]` {
			t.Errorf("input messages %s", attrs[semconv.GenAIInputMessagesKey].AsString())
		}
		if on && !slices.Equal(attrs[semconv.GenAIRequestStopSequencesKey].AsStringSlice(), []string{"CANARY"}) {
			t.Errorf("stop sequences %v", attrs[semconv.GenAIRequestStopSequencesKey].Emit())
		}
	}
}

// An unknown schema keeps the default one.
func TestWithSchemaInvalid(t *testing.T) {
	if got := otelagent.New(otelagent.WithSchema(semconv.Schema(42))).Schema(); got != semconv.SchemaDefault {
		t.Errorf("Schema() = %s, want default", got)
	}
	if got := otelagent.New(otelagent.WithSchema(semconv.SchemaLatestDup)).Schema(); got != semconv.SchemaLatestDup {
		t.Errorf("Schema() = %s, want dup", got)
	}
}

// Chunks may arrive on another goroutine than the one that ends the call.
func TestRecordChunkConcurrentWithEnd(t *testing.T) {
	h := newHarness(t)
	_, c := h.tel.StartChat(context.Background(), otelagent.ChatRequest{Model: "m"})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 1000 {
			c.RecordChunk()
		}
	}()
	c.SetResponse(otelagent.Response{ID: "r"})
	c.End(nil)
	<-done
	if !h.hasMetric(semconv.ClientTimeToFirstChunkName) {
		return // End came first: no chunk counted
	}
	if n, _ := histCounts(t, h, semconv.ClientTimeToFirstChunkName); n != 1 {
		t.Errorf("time_to_first_chunk recorded %d times", n)
	}
}
