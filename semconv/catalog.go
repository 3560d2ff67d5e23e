package semconv

import "go.opentelemetry.io/otel/attribute"

// AttributeDef describes one attribute key otelagent can export.
type AttributeDef struct {
	Key     attribute.Key
	Type    attribute.Type
	Example string
	Brief   string
	// Content marks a key that carries user content (prompts, tool
	// arguments); it is exported only when content capture is opted in.
	Content bool
	// SpansOnly marks a key that may describe one span but never a metric
	// series: ids, per-call counts and costs, content. On a metric it would
	// make one series per call (or carry content), so the egress filter
	// drops it from metric data whatever a program records or a user opts in.
	SpansOnly bool
}

// SpanDef describes one kind of span otelagent can export.
type SpanDef struct {
	// Name is the span name pattern, e.g. "execute_tool {gen_ai.tool.name}".
	Name       string
	Kind       string
	Brief      string
	Attributes []attribute.Key
}

// MetricDef describes one metric otelagent can export.
type MetricDef struct {
	Name        string
	Instrument  string
	Unit        string
	Description string
	Attributes  []attribute.Key
}

var attributeDefs = []AttributeDef{
	{Key: GenAIOperationNameKey, Type: attribute.STRING, Example: "execute_tool", Brief: "The GenAI operation: invoke_agent, chat or execute_tool."},
	{Key: GenAIProviderNameKey, Type: attribute.STRING, Example: "openai", Brief: "The model provider."},
	{Key: GenAIAgentNameKey, Type: attribute.STRING, Example: "coder", Brief: "The agent's name, as the program names it."},
	{Key: GenAIConversationIDKey, Type: attribute.STRING, Example: "5f0c9b1e", Brief: "The session id. Spans only, never metrics.", SpansOnly: true},
	{Key: GenAIRequestModelKey, Type: attribute.STRING, Example: "gpt-4o", Brief: "The model requested."},
	{Key: GenAIResponseModelKey, Type: attribute.STRING, Example: "gpt-4o-2024-08-06", Brief: "The model that answered, when the provider says."},
	{Key: GenAIToolNameKey, Type: attribute.STRING, Example: "read_file", Brief: "The tool's name."},
	{Key: GenAIToolTypeKey, Type: attribute.STRING, Example: "function", Brief: "function, extension or datastore."},
	{Key: GenAIToolCallIDKey, Type: attribute.STRING, Example: "call_7", Brief: "The id the model gave the tool call. Spans only.", SpansOnly: true},
	{Key: GenAITokenTypeKey, Type: attribute.STRING, Example: "input", Brief: "input or output."},
	{Key: GenAIUsageInputTokensKey, Type: attribute.INT64, Example: "1200", Brief: "Input tokens of an LLM call, cached ones included.", SpansOnly: true},
	{Key: GenAIUsageOutputTokensKey, Type: attribute.INT64, Example: "350", Brief: "Output tokens of an LLM call, reasoning included.", SpansOnly: true},
	{Key: GenAIUsageCacheReadInputTokensKey, Type: attribute.INT64, Example: "800", Brief: "Input tokens served from the provider's cache.", SpansOnly: true},
	{Key: GenAIUsageCacheCreationInputTokensKey, Type: attribute.INT64, Example: "400", Brief: "Input tokens written to the provider's cache.", SpansOnly: true},
	{Key: GenAIUsageReasoningOutputTokensKey, Type: attribute.INT64, Example: "120", Brief: "Output tokens spent on reasoning.", SpansOnly: true},
	{Key: ErrorTypeKey, Type: attribute.STRING, Example: "timeout", Brief: "A low-cardinality error class: timeout, canceled, not_found, an HTTP status, a Go type name or _OTHER. Never the error message."},
	{Key: MCPMethodNameKey, Type: attribute.STRING, Example: "tools/call", Brief: "The MCP method of a request or notification; one the MCP specification does not define is _OTHER."},
	{Key: CommandNameKey, Type: attribute.STRING, Example: "run", Brief: "The CLI command."},
	{Key: CommandFlagsKey, Type: attribute.STRINGSLICE, Example: `["debug","model"]`, Brief: "Names of the flags given to the command, never their values.", SpansOnly: true},
	{Key: CommandOutcomeKey, Type: attribute.STRING, Example: "success", Brief: "success or failure."},
	{Key: SessionToolCallsKey, Type: attribute.INT64, Example: "4", Brief: "Tool calls made in the session.", SpansOnly: true},
	{Key: SessionChatCallsKey, Type: attribute.INT64, Example: "3", Brief: "LLM calls made in the session.", SpansOnly: true},
	{Key: SessionErrorsKey, Type: attribute.INT64, Example: "1", Brief: "Failed tool and LLM calls in the session.", SpansOnly: true},
	{Key: CostUSDKey, Type: attribute.FLOAT64, Example: "0.0042", Brief: "Estimated cost of the LLM call in USD, from the price table.", SpansOnly: true},
	{Key: PricedKey, Type: attribute.BOOL, Example: "true", Brief: "false when the model has no known price and no cost was estimated."},
	{Key: PricingVersionKey, Type: attribute.STRING, Example: "2026-11-01", Brief: "Version of the price table a cost came from."},

	{Key: GenAIInputMessagesKey, Type: attribute.STRING, Example: "(content)", Brief: "Prompt messages. Only with content capture opted in.", Content: true, SpansOnly: true},
	{Key: GenAIOutputMessagesKey, Type: attribute.STRING, Example: "(content)", Brief: "Model responses. Only with content capture opted in.", Content: true, SpansOnly: true},
	{Key: GenAISystemInstructionsKey, Type: attribute.STRING, Example: "(content)", Brief: "System instructions. Only with content capture opted in.", Content: true, SpansOnly: true},
	{Key: GenAIToolCallArgumentsKey, Type: attribute.STRING, Example: "(content)", Brief: "Tool call arguments. Only with content capture opted in.", Content: true, SpansOnly: true},
	{Key: GenAIToolCallResultKey, Type: attribute.STRING, Example: "(content)", Brief: "Tool call results. Only with content capture opted in.", Content: true, SpansOnly: true},
}

var spanDefs = []SpanDef{
	{
		Name: "{otelagent.command.name}", Kind: "INTERNAL",
		Brief:      "One CLI command; the root of an invocation.",
		Attributes: []attribute.Key{CommandNameKey, CommandFlagsKey, CommandOutcomeKey, ErrorTypeKey},
	},
	{
		Name: "invoke_agent {gen_ai.agent.name}", Kind: "INTERNAL",
		Brief: "One agent session; a sub-agent's session is a child of its parent's.",
		Attributes: []attribute.Key{
			GenAIOperationNameKey, GenAIAgentNameKey, GenAIConversationIDKey, GenAIRequestModelKey,
			GenAIProviderNameKey, SessionToolCallsKey, SessionChatCallsKey, SessionErrorsKey, ErrorTypeKey,
		},
	},
	{
		Name: "chat {gen_ai.request.model}", Kind: "CLIENT",
		Brief: "One LLM call.",
		Attributes: []attribute.Key{
			GenAIOperationNameKey, GenAIRequestModelKey, GenAIResponseModelKey, GenAIProviderNameKey,
			GenAIAgentNameKey, GenAIConversationIDKey,
			GenAIUsageInputTokensKey, GenAIUsageOutputTokensKey, GenAIUsageCacheReadInputTokensKey,
			GenAIUsageCacheCreationInputTokensKey, GenAIUsageReasoningOutputTokensKey,
			CostUSDKey, PricedKey, PricingVersionKey, ErrorTypeKey,
		},
	},
	{
		Name: "execute_tool {gen_ai.tool.name}", Kind: "INTERNAL",
		Brief: "One tool call.",
		Attributes: []attribute.Key{
			GenAIOperationNameKey, GenAIToolNameKey, GenAIToolTypeKey, GenAIToolCallIDKey,
			GenAIAgentNameKey, GenAIConversationIDKey, ErrorTypeKey,
		},
	},
}

var metricDefs = []MetricDef{
	{
		Name: ClientTokenUsageName, Instrument: "Int64Histogram", Unit: ClientTokenUsageUnit, Description: ClientTokenUsageDescription,
		Attributes: []attribute.Key{GenAIOperationNameKey, GenAITokenTypeKey, GenAIRequestModelKey, GenAIProviderNameKey, GenAIAgentNameKey},
	},
	{
		Name: ClientOperationDurationName, Instrument: "Float64Histogram", Unit: ClientOperationDurationUnit, Description: ClientOperationDurationDescription,
		Attributes: []attribute.Key{GenAIOperationNameKey, GenAIRequestModelKey, GenAIProviderNameKey, GenAIAgentNameKey, ErrorTypeKey},
	},
	{
		Name: ExecuteToolDurationName, Instrument: "Float64Histogram", Unit: ExecuteToolDurationUnit, Description: ExecuteToolDurationDescription,
		Attributes: []attribute.Key{GenAIToolNameKey, GenAIToolTypeKey, GenAIAgentNameKey, ErrorTypeKey},
	},
	{
		Name: InvokeAgentDurationName, Instrument: "Float64Histogram", Unit: InvokeAgentDurationUnit, Description: InvokeAgentDurationDescription,
		Attributes: []attribute.Key{GenAIAgentNameKey, GenAIRequestModelKey, GenAIProviderNameKey, ErrorTypeKey},
	},
	{
		Name: CostUsageName, Instrument: "Float64Counter", Unit: CostUsageUnit, Description: CostUsageDescription,
		Attributes: []attribute.Key{GenAIOperationNameKey, GenAIRequestModelKey, GenAIProviderNameKey, GenAIAgentNameKey},
	},
	{
		Name: UnpricedTokensName, Instrument: "Int64Counter", Unit: UnpricedTokensUnit, Description: UnpricedTokensDescription,
		Attributes: []attribute.Key{GenAIOperationNameKey, GenAITokenTypeKey, GenAIRequestModelKey, GenAIProviderNameKey, GenAIAgentNameKey},
	},
	{
		Name: CommandInvocationsName, Instrument: "Int64Counter", Unit: CommandInvocationsUnit, Description: CommandInvocationsDescription,
		Attributes: []attribute.Key{CommandNameKey, CommandOutcomeKey, ErrorTypeKey},
	},
	{
		Name: CommandDurationName, Instrument: "Float64Histogram", Unit: CommandDurationUnit, Description: CommandDurationDescription,
		Attributes: []attribute.Key{CommandNameKey, CommandOutcomeKey},
	},
	{
		Name: MCPClientOperationDurationName, Instrument: "Float64Histogram", Unit: MCPClientOperationDurationUnit, Description: MCPClientOperationDurationDescription,
		Attributes: []attribute.Key{MCPMethodNameKey, GenAIOperationNameKey, GenAIToolNameKey, ErrorTypeKey},
	},
	{
		Name: MCPServerOperationDurationName, Instrument: "Float64Histogram", Unit: MCPServerOperationDurationUnit, Description: MCPServerOperationDurationDescription,
		Attributes: []attribute.Key{MCPMethodNameKey, GenAIOperationNameKey, GenAIToolNameKey, ErrorTypeKey},
	},
	{
		Name: SessionErrorsName, Instrument: "Int64Counter", Unit: SessionErrorsUnit, Description: SessionErrorsDescription,
		Attributes: []attribute.Key{GenAIAgentNameKey, GenAIOperationNameKey, ErrorTypeKey},
	},
}

// byKey indexes attributeDefs for the egress filter's per-attribute lookup.
var byKey = func() map[attribute.Key]AttributeDef {
	m := make(map[attribute.Key]AttributeDef, len(attributeDefs))
	for _, d := range attributeDefs {
		m[d.Key] = d
	}
	return m
}()

// Attributes returns every attribute key otelagent can export. The returned
// slice is a copy.
func Attributes() []AttributeDef { return append([]AttributeDef(nil), attributeDefs...) }

// Spans returns every kind of span otelagent can export.
func Spans() []SpanDef { return append([]SpanDef(nil), spanDefs...) }

// Metrics returns every metric otelagent can export.
func Metrics() []MetricDef { return append([]MetricDef(nil), metricDefs...) }

// Lookup returns the definition of key and whether otelagent defines it.
func Lookup(key attribute.Key) (AttributeDef, bool) {
	d, ok := byKey[key]
	return d, ok
}

// IsMetricName reports whether name is a metric otelagent defines.
func IsMetricName(name string) bool {
	for _, m := range metricDefs {
		if m.Name == name {
			return true
		}
	}
	return false
}
