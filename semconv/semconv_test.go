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
	tests := []struct{ ours, theirs string }{
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
// uses must be defined, and only bounded keys may reach metrics.
func TestCatalogConsistent(t *testing.T) {
	unbounded := []attribute.Key{GenAIConversationIDKey, GenAIToolCallIDKey, CostUSDKey}
	for _, s := range spanDefs {
		for _, k := range s.Attributes {
			if _, ok := Lookup(k); !ok {
				t.Errorf("span %q uses undefined key %q", s.Name, k)
			}
		}
	}
	for _, m := range metricDefs {
		if !IsMetricName(m.Name) {
			t.Errorf("metric %q not found by IsMetricName", m.Name)
		}
		for _, k := range m.Attributes {
			d, ok := Lookup(k)
			if !ok {
				t.Errorf("metric %q uses undefined key %q", m.Name, k)
			}
			if d.Content || slices.Contains(unbounded, k) {
				t.Errorf("metric %q carries unbounded or content key %q", m.Name, k)
			}
		}
	}
	seen := map[attribute.Key]bool{}
	for _, a := range attributeDefs {
		if seen[a.Key] {
			t.Errorf("key %q defined twice", a.Key)
		}
		seen[a.Key] = true
		// gen_ai.*, mcp.* and error.type are upstream names (held equal to
		// them above); anything of otelagent's own is otelagent.*.
		ns, _, _ := strings.Cut(string(a.Key), ".")
		if !slices.Contains([]string{"gen_ai", "mcp", "otelagent"}, ns) && a.Key != ErrorTypeKey {
			t.Errorf("key %q outside the gen_ai., mcp. and otelagent. namespaces", a.Key)
		}
	}
	if IsMetricName("gen_ai.made.up") {
		t.Error("IsMetricName accepts an unknown name")
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
	if err := WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, a := range attributeDefs {
		if !strings.Contains(out, "`"+string(a.Key)+"`") {
			t.Errorf("attribute %q missing from markdown", a.Key)
		}
	}
	for _, m := range metricDefs {
		if !strings.Contains(out, "`"+m.Name+"`") {
			t.Errorf("metric %q missing from markdown", m.Name)
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
