package semconv

import (
	"slices"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	upstream "go.opentelemetry.io/otel/semconv/v1.41.0"
	"go.opentelemetry.io/otel/semconv/v1.41.0/genaiconv"
	"go.opentelemetry.io/otel/semconv/v1.41.0/mcpconv"
)

func TestKeysEqualUpstream(t *testing.T) {
	tests := []struct {
		ours, theirs attribute.Key
	}{
		{GenAIOperationNameKey, upstream.GenAIOperationNameKey},
		{GenAIProviderNameKey, upstream.GenAIProviderNameKey},
		{GenAIAgentNameKey, upstream.GenAIAgentNameKey},
		{GenAIConversationIDKey, upstream.GenAIConversationIDKey},
		{GenAIRequestModelKey, upstream.GenAIRequestModelKey},
		{GenAIResponseModelKey, upstream.GenAIResponseModelKey},
		{GenAIToolNameKey, upstream.GenAIToolNameKey},
		{GenAIToolTypeKey, upstream.GenAIToolTypeKey},
		{GenAIToolCallIDKey, upstream.GenAIToolCallIDKey},
		{GenAITokenTypeKey, upstream.GenAITokenTypeKey},
		{GenAIUsageInputTokensKey, upstream.GenAIUsageInputTokensKey},
		{GenAIUsageOutputTokensKey, upstream.GenAIUsageOutputTokensKey},
		{GenAIUsageCacheReadInputTokensKey, upstream.GenAIUsageCacheReadInputTokensKey},
		{GenAIUsageCacheCreationInputTokensKey, upstream.GenAIUsageCacheCreationInputTokensKey},
		{GenAIUsageReasoningOutputTokensKey, upstream.GenAIUsageReasoningOutputTokensKey},
		{ErrorTypeKey, upstream.ErrorTypeKey},
		{GenAIInputMessagesKey, upstream.GenAIInputMessagesKey},
		{GenAIOutputMessagesKey, upstream.GenAIOutputMessagesKey},
		{GenAISystemInstructionsKey, upstream.GenAISystemInstructionsKey},
		{GenAIToolCallArgumentsKey, upstream.GenAIToolCallArgumentsKey},
		{GenAIToolCallResultKey, upstream.GenAIToolCallResultKey},
		{MCPMethodNameKey, upstream.McpMethodNameKey},
		{GenAIRequestStreamKey, upstream.GenAIRequestStreamKey},
		{GenAIRequestMaxTokensKey, upstream.GenAIRequestMaxTokensKey},
		{GenAIRequestTemperatureKey, upstream.GenAIRequestTemperatureKey},
		{GenAIRequestTopPKey, upstream.GenAIRequestTopPKey},
		{GenAIRequestTopKKey, upstream.GenAIRequestTopKKey},
		{GenAIRequestSeedKey, upstream.GenAIRequestSeedKey},
		{GenAIRequestFrequencyPenaltyKey, upstream.GenAIRequestFrequencyPenaltyKey},
		{GenAIRequestPresencePenaltyKey, upstream.GenAIRequestPresencePenaltyKey},
		{GenAIRequestChoiceCountKey, upstream.GenAIRequestChoiceCountKey},
		{GenAIRequestStopSequencesKey, upstream.GenAIRequestStopSequencesKey},
		{GenAIOutputTypeKey, upstream.GenAIOutputTypeKey},
		{GenAIResponseIDKey, upstream.GenAIResponseIDKey},
		{GenAIResponseFinishReasonsKey, upstream.GenAIResponseFinishReasonsKey},
		{GenAIResponseTimeToFirstChunkKey, upstream.GenAIResponseTimeToFirstChunkKey},
		{GenAIAgentIDKey, upstream.GenAIAgentIDKey},
		{GenAIAgentDescriptionKey, upstream.GenAIAgentDescriptionKey},
		{GenAIAgentVersionKey, upstream.GenAIAgentVersionKey},
		{GenAIToolDescriptionKey, upstream.GenAIToolDescriptionKey},
		{GenAIToolDefinitionsKey, upstream.GenAIToolDefinitionsKey},
		{ServerAddressKey, upstream.ServerAddressKey},
		{ServerPortKey, upstream.ServerPortKey},
		{MCPProtocolVersionKey, upstream.McpProtocolVersionKey},
		{MCPSessionIDKey, upstream.McpSessionIDKey},
		{JSONRPCRequestIDKey, upstream.JSONRPCRequestIDKey},
		{RPCResponseStatusCodeKey, upstream.RPCResponseStatusCodeKey},
		{NetworkTransportKey, upstream.NetworkTransportKey},
	}
	for _, tt := range tests {
		if tt.ours != tt.theirs {
			t.Errorf("key %q, upstream %q", tt.ours, tt.theirs)
		}
	}
}

func TestValuesEqualUpstream(t *testing.T) {
	tests := []struct {
		ours   string
		theirs attribute.KeyValue
	}{
		{OperationChat, upstream.GenAIOperationNameChat},
		{OperationInvokeAgent, upstream.GenAIOperationNameInvokeAgent},
		{OperationExecuteTool, upstream.GenAIOperationNameExecuteTool},
		{TokenTypeInput, upstream.GenAITokenTypeInput},
		{TokenTypeOutput, upstream.GenAITokenTypeOutput},
		{ErrorTypeOther, upstream.ErrorTypeOther},
		{OutputTypeText, upstream.GenAIOutputTypeText},
		{OutputTypeJSON, upstream.GenAIOutputTypeJSON},
		{OutputTypeImage, upstream.GenAIOutputTypeImage},
		{OutputTypeSpeech, upstream.GenAIOutputTypeSpeech},
		{NetworkTransportTCP, upstream.NetworkTransportTCP},
		{NetworkTransportQUIC, upstream.NetworkTransportQUIC},
		{NetworkTransportPipe, upstream.NetworkTransportPipe},
		{NetworkTransportUnix, upstream.NetworkTransportUnix},
		{ProviderAWSBedrock, upstream.GenAIProviderNameAWSBedrock},
	}
	for _, tt := range tests {
		if tt.ours != tt.theirs.Value.AsString() {
			t.Errorf("value %q, upstream %q", tt.ours, tt.theirs.Value.AsString())
		}
	}
}

func TestMetricsEqualUpstream(t *testing.T) {
	var usage genaiconv.ClientTokenUsage
	var duration genaiconv.ClientOperationDuration
	var mcpClient mcpconv.ClientOperationDuration
	var mcpServer mcpconv.ServerOperationDuration
	var ttfc genaiconv.ClientOperationTimeToFirstChunk
	var tpoc genaiconv.ClientOperationTimePerOutputChunk
	var mcpClientSession mcpconv.ClientSessionDuration
	var mcpServerSession mcpconv.ServerSessionDuration
	tests := []struct{ ours, theirs string }{
		{ClientTimeToFirstChunkName, ttfc.Name()},
		{ClientTimeToFirstChunkUnit, ttfc.Unit()},
		{ClientTimeToFirstChunkDescription, ttfc.Description()},
		{ClientTimePerOutputChunkName, tpoc.Name()},
		{ClientTimePerOutputChunkUnit, tpoc.Unit()},
		{ClientTimePerOutputChunkDescription, tpoc.Description()},
		{MCPClientSessionDurationName, mcpClientSession.Name()},
		{MCPClientSessionDurationUnit, mcpClientSession.Unit()},
		{MCPClientSessionDurationDescription, mcpClientSession.Description()},
		{MCPServerSessionDurationName, mcpServerSession.Name()},
		{MCPServerSessionDurationUnit, mcpServerSession.Unit()},
		{MCPServerSessionDurationDescription, mcpServerSession.Description()},
		{MCPClientOperationDurationName, mcpClient.Name()},
		{MCPClientOperationDurationUnit, mcpClient.Unit()},
		{MCPClientOperationDurationDescription, mcpClient.Description()},
		{MCPServerOperationDurationName, mcpServer.Name()},
		{MCPServerOperationDurationUnit, mcpServer.Unit()},
		{MCPServerOperationDurationDescription, mcpServer.Description()},
		{ClientTokenUsageName, usage.Name()},
		{ClientTokenUsageUnit, usage.Unit()},
		{ClientTokenUsageDescription, usage.Description()},
		{ClientOperationDurationName, duration.Name()},
		{ClientOperationDurationUnit, duration.Unit()},
		{ClientOperationDurationDescription, duration.Description()},
		{SchemaURL, upstream.SchemaURL},
	}
	for _, tt := range tests {
		if tt.ours != tt.theirs {
			t.Errorf("got %q, upstream %q", tt.ours, tt.theirs)
		}
	}
}

// The catalog is what the egress filter admits: every key a span or metric
// uses must be defined, and only bounded keys may reach metrics. For each
// schema.
func TestCatalogConsistent(t *testing.T) {
	unbounded := []attribute.Key{GenAIConversationIDKey, GenAIToolCallIDKey, CostUSDKey}
	for s := range Schema(numSchemas) {
		c := s.Catalog()
		for _, sp := range c.Spans() {
			for _, k := range sp.Attributes {
				if _, ok := c.Lookup(k); !ok {
					t.Errorf("%s: span %q uses undefined key %q", s, sp.Name, k)
				}
				if !c.SpanHas(sp.Type, k) {
					t.Errorf("%s: SpanHas(%s, %s) = false", s, sp.Type, k)
				}
			}
		}
		for _, m := range c.Metrics() {
			if !c.IsMetricName(m.Name) {
				t.Errorf("%s: metric %q not found by IsMetricName", s, m.Name)
			}
			for _, k := range m.Attributes {
				d, ok := c.Lookup(k)
				if !ok {
					t.Errorf("%s: metric %q uses undefined key %q", s, m.Name, k)
				}
				if d.Content || d.SpansOnly || slices.Contains(unbounded, k) {
					t.Errorf("%s: metric %q carries unbounded or content key %q", s, m.Name, k)
				}
			}
		}
		seen := map[attribute.Key]bool{}
		for _, a := range c.Attributes() {
			if seen[a.Key] {
				t.Errorf("%s: key %q defined twice", s, a.Key)
			}
			seen[a.Key] = true
			// Names of the conventions (held equal to upstream above);
			// anything of otelagent's own is otelagent.*.
			ns, _, _ := strings.Cut(string(a.Key), ".")
			if !slices.Contains([]string{"gen_ai", "mcp", "otelagent", "server", "jsonrpc", "rpc", "network"}, ns) && a.Key != ErrorTypeKey {
				t.Errorf("%s: key %q outside the conventions' and otelagent.'s namespaces", s, a.Key)
			}
		}
		if c.IsMetricName("gen_ai.made.up") {
			t.Errorf("%s: IsMetricName accepts an unknown name", s)
		}
	}
}

// The schemas differ exactly where the brief says: the renamed cache key,
// the model's attribute sets, and the metrics v1.41.0 lacks.
func TestSchemasDiffer(t *testing.T) {
	def, latest, dup := SchemaDefault.Catalog(), SchemaLatest.Catalog(), SchemaLatestDup.Catalog()
	has := func(c *Catalog, k attribute.Key) bool { _, ok := c.Lookup(k); return ok }
	if !has(def, GenAIUsageCacheCreationInputTokensKey) || has(def, GenAIUsageCacheWriteInputTokensKey) {
		t.Error("default schema: want cache_creation only")
	}
	if has(latest, GenAIUsageCacheCreationInputTokensKey) || !has(latest, GenAIUsageCacheWriteInputTokensKey) {
		t.Error("latest schema: want cache_write only")
	}
	if !dup.SpanHas(SpanTypeChat, GenAIUsageCacheCreationInputTokensKey) || !dup.SpanHas(SpanTypeChat, GenAIUsageCacheWriteInputTokensKey) {
		t.Error("dup schema: want both cache keys on chat spans")
	}
	if latest.SpanHas(SpanTypeInvokeAgent, GenAIProviderNameKey) || !def.SpanHas(SpanTypeInvokeAgent, GenAIProviderNameKey) {
		t.Error("gen_ai.provider.name on invoke_agent: want default only")
	}
	if latest.MetricHas(ClientTokenUsageName, GenAIAgentNameKey) || !def.MetricHas(ClientTokenUsageName, GenAIAgentNameKey) {
		t.Error("gen_ai.agent.name on token usage: want default only")
	}
	if def.IsMetricName(InvokeAgentToolCallsName) || !latest.IsMetricName(InvokeAgentToolCallsName) || !dup.IsMetricName(InvokeAgentInferenceCallsName) {
		t.Error("gen_ai.invoke_agent.*_calls: want latest schemas only")
	}
	if has(def, GenAIConversationCompactedKey) || !has(latest, GenAIRequestReasoningLevelKey) {
		t.Error("model-only keys: want latest schemas only")
	}
	if Schema(9).Catalog() != def {
		t.Error("an invalid schema's catalog is not the default's")
	}
}

func TestParseStabilityOptIn(t *testing.T) {
	for in, want := range map[string]Schema{
		"":                                    SchemaDefault,
		"http":                                SchemaDefault,
		"gen_ai_latest_experimental":          SchemaLatest,
		" http , gen_ai_latest_experimental ": SchemaLatest,
		"gen_ai_latest_experimental/dup":      SchemaLatestDup,
		"gen_ai_latest_experimental/dup,gen_ai_latest_experimental": SchemaLatestDup,
		"gen_ai_latest_experimental,gen_ai_latest_experimental/dup": SchemaLatestDup,
		"gen_ai_latest":              SchemaDefault,
		"GEN_AI_LATEST_EXPERIMENTAL": SchemaDefault,
	} {
		if got := ParseStabilityOptIn(in); got != want {
			t.Errorf("ParseStabilityOptIn(%q) = %s, want %s", in, got, want)
		}
	}
	if SchemaLatest.SchemaURL() != "" || SchemaDefault.SchemaURL() != SchemaURL {
		t.Error("schema URLs")
	}
}

func TestSpanNames(t *testing.T) {
	tests := []struct{ got, want string }{
		{SpanNameInvokeAgent("coder"), "invoke_agent coder"},
		{SpanNameInvokeAgent(""), "invoke_agent"},
		{SpanNameChat("gpt-4o"), "chat gpt-4o"},
		{SpanNameExecuteTool("read_file"), "execute_tool read_file"},
		{SpanNameCommand("run"), "run"},
		{SpanNameCommand(""), "command"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestBucketsAscending(t *testing.T) {
	for name, b := range map[string][]float64{
		"token": TokenUsageBuckets, "operation": OperationDurationBuckets,
		"agent": InvokeAgentDurationBuckets, "command": CommandDurationBuckets, "mcp": MCPOperationDurationBuckets,
		"ttfc": TimeToFirstChunkBuckets, "tpoc": TimePerOutputChunkBuckets, "calls": CallCountBuckets, "mcp session": MCPSessionDurationBuckets,
	} {
		if !slices.IsSorted(b) || len(b) == 0 {
			t.Errorf("%s buckets not ascending: %v", name, b)
		}
	}
	if TokenUsageBuckets[len(TokenUsageBuckets)-1] != 67108864 {
		t.Errorf("token buckets end at %v, want 67108864", TokenUsageBuckets[len(TokenUsageBuckets)-1])
	}
}

func TestWriteMarkdownListsEverything(t *testing.T) {
	var b strings.Builder
	for s := range Schema(numSchemas) {
		b.Reset()
		c := s.Catalog()
		if err := c.WriteMarkdown(&b); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, a := range c.Attributes() {
			if !strings.Contains(out, "`"+string(a.Key)+"`") {
				t.Errorf("%s: attribute %q missing from markdown", s, a.Key)
			}
		}
		for _, m := range c.Metrics() {
			if !strings.Contains(out, "`"+m.Name+"`") {
				t.Errorf("%s: metric %q missing from markdown", s, m.Name)
			}
		}
	}
}

func TestMCPMethod(t *testing.T) {
	for in, want := range map[string]string{
		"tools/call": "tools/call", "initialize": "initialize", "notifications/progress": "notifications/progress",
		"tools/CALL": "_OTHER", "x-custom/secret-payload": "_OTHER", "": "_OTHER",
	} {
		if got := MCPMethod(in); got != want {
			t.Errorf("MCPMethod(%q) = %q, want %q", in, got, want)
		}
	}
}
