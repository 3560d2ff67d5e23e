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
	// Type identifies the kind of span: the conventions' span type
	// (SpanTypeChat…) or otelagent's own (SpanTypeCommand).
	Type string
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

// Span types: the ids the GenAI and MCP models give the spans otelagent
// records, and otelagent's own for the command span.
const (
	SpanTypeCommand     = "otelagent.command"
	SpanTypeInvokeAgent = "gen_ai.invoke_agent.internal"
	SpanTypeChat        = "gen_ai.inference.client"
	SpanTypeExecuteTool = "gen_ai.execute_tool.internal"
	SpanTypeMCPClient   = "mcp.client"
	SpanTypeMCPServer   = "mcp.server"
)

// in is the set of schemas an item of the catalog belongs to.
type in uint8

const (
	inDefault in = 1 << iota
	inLatest
	inDup

	inAll    = inDefault | inLatest | inDup
	inNew    = inLatest | inDup // the GenAI model, not v1.41.0
	inLegacy = inDefault | inDup
)

func (s Schema) bit() in { return 1 << s }

type attrEntry struct {
	AttributeDef
	in in
}

type use struct {
	key attribute.Key
	in  in
}

// all uses keys in every schema.
func all(keys ...attribute.Key) []use {
	u := make([]use, len(keys))
	for i, k := range keys {
		u[i] = use{k, inAll}
	}
	return u
}

func only(where in, keys ...attribute.Key) []use {
	u := all(keys...)
	for i := range u {
		u[i].in = where
	}
	return u
}

func uses(groups ...[]use) []use {
	var out []use
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

type spanEntry struct {
	def  SpanDef
	uses []use
}

type metricEntry struct {
	def  MetricDef
	in   in
	uses []use
}

var attributeDefs = []attrEntry{
	{AttributeDef{Key: GenAIOperationNameKey, Type: attribute.STRING, Example: "execute_tool", Brief: "The GenAI operation: invoke_agent, chat or execute_tool."}, inAll},
	{AttributeDef{Key: GenAIProviderNameKey, Type: attribute.STRING, Example: "openai", Brief: "The model provider; _OTHER when the program did not say."}, inAll},
	{AttributeDef{Key: GenAIAgentNameKey, Type: attribute.STRING, Example: "coder", Brief: "The agent's name, as the program names it."}, inAll},
	{AttributeDef{Key: GenAIAgentIDKey, Type: attribute.STRING, Example: "asst_5j66", Brief: "The agent's id, held to the id grammar. Spans only.", SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAIAgentDescriptionKey, Type: attribute.STRING, Example: "Writes code", Brief: "The agent's description, written by the program: redacted, at most 256 bytes. Spans only.", SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAIAgentVersionKey, Type: attribute.STRING, Example: "1.2.0", Brief: "The agent's version. Spans only.", SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAIConversationIDKey, Type: attribute.STRING, Example: "5f0c9b1e", Brief: "The session id. Spans only, never metrics.", SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAIConversationCompactedKey, Type: attribute.BOOL, Example: "true", Brief: "Set (true) when the program compacted the context before the call. Spans only.", SpansOnly: true}, inNew},
	{AttributeDef{Key: GenAIRequestModelKey, Type: attribute.STRING, Example: "gpt-4o", Brief: "The model requested."}, inAll},
	{AttributeDef{Key: GenAIRequestStreamKey, Type: attribute.BOOL, Example: "true", Brief: "Set (true) when the call streamed its response. Spans only.", SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAIRequestMaxTokensKey, Type: attribute.INT64, Example: "4096", Brief: "The maximum number of tokens requested. Spans only.", SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAIRequestTemperatureKey, Type: attribute.FLOAT64, Example: "0.2", Brief: "The temperature requested. Spans only.", SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAIRequestTopPKey, Type: attribute.FLOAT64, Example: "0.9", Brief: "The top_p requested. Spans only.", SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAIRequestTopKKey, Type: attribute.INT64, Example: "40", Brief: "The top_k requested. Spans only.", SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAIRequestSeedKey, Type: attribute.INT64, Example: "42", Brief: "The seed requested. Spans only.", SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAIRequestFrequencyPenaltyKey, Type: attribute.FLOAT64, Example: "0.1", Brief: "The frequency penalty requested. Spans only.", SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAIRequestPresencePenaltyKey, Type: attribute.FLOAT64, Example: "0.1", Brief: "The presence penalty requested. Spans only.", SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAIRequestChoiceCountKey, Type: attribute.INT64, Example: "2", Brief: "The number of choices requested, when not 1. Spans only.", SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAIRequestReasoningLevelKey, Type: attribute.STRING, Example: "high", Brief: "The reasoning level requested. Spans only.", SpansOnly: true}, inNew},
	{AttributeDef{Key: GenAIOutputTypeKey, Type: attribute.STRING, Example: "json", Brief: "The output format requested: text, json, image or speech. Spans only.", SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAIResponseIDKey, Type: attribute.STRING, Example: "chatcmpl-123", Brief: "The provider's id of the response. Spans only.", SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAIResponseModelKey, Type: attribute.STRING, Example: "gpt-4o-2024-08-06", Brief: "The model that answered, when the provider says."}, inAll},
	{AttributeDef{Key: GenAIResponseFinishReasonsKey, Type: attribute.STRINGSLICE, Example: `["stop"]`, Brief: "Why the model stopped, per choice. Spans only.", SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAIResponseTimeToFirstChunkKey, Type: attribute.FLOAT64, Example: "0.35", Brief: "Seconds from a streamed request to its first chunk. Spans only.", SpansOnly: true}, inAll},
	{AttributeDef{Key: ServerAddressKey, Type: attribute.STRING, Example: "api.openai.com", Brief: "The host name of the GenAI or MCP server called. Spans only.", SpansOnly: true}, inAll},
	{AttributeDef{Key: ServerPortKey, Type: attribute.INT64, Example: "443", Brief: "The port of the server called, with server.address. Spans only.", SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAIToolNameKey, Type: attribute.STRING, Example: "read_file", Brief: "The tool's name."}, inAll},
	{AttributeDef{Key: GenAIToolTypeKey, Type: attribute.STRING, Example: "function", Brief: "function, extension or datastore."}, inAll},
	{AttributeDef{Key: GenAIToolCallIDKey, Type: attribute.STRING, Example: "call_7", Brief: "The id the model gave the tool call. Spans only.", SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAIToolDescriptionKey, Type: attribute.STRING, Example: "Reads a file", Brief: "The tool's description, written by the program or MCP server: redacted, at most 256 bytes. Spans only.", SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAITokenTypeKey, Type: attribute.STRING, Example: "input", Brief: "input or output."}, inAll},
	{AttributeDef{Key: GenAIUsageInputTokensKey, Type: attribute.INT64, Example: "1200", Brief: "Input tokens of an LLM call, cached ones included.", SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAIUsageOutputTokensKey, Type: attribute.INT64, Example: "350", Brief: "Output tokens of an LLM call, reasoning included.", SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAIUsageCacheReadInputTokensKey, Type: attribute.INT64, Example: "800", Brief: "Input tokens served from the provider's cache.", SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAIUsageCacheCreationInputTokensKey, Type: attribute.INT64, Example: "400", Brief: "Input tokens written to the provider's cache.", SpansOnly: true}, inLegacy},
	{AttributeDef{Key: GenAIUsageCacheWriteInputTokensKey, Type: attribute.INT64, Example: "400", Brief: "Input tokens written to the provider's cache (semantic-conventions-genai#440).", SpansOnly: true}, inNew},
	{AttributeDef{Key: GenAIUsageReasoningOutputTokensKey, Type: attribute.INT64, Example: "120", Brief: "Output tokens spent on reasoning.", SpansOnly: true}, inAll},
	{AttributeDef{Key: ErrorTypeKey, Type: attribute.STRING, Example: "timeout", Brief: "A low-cardinality error class: timeout, canceled, not_found, an HTTP status, a Go type name or _OTHER. Never the error message."}, inAll},
	{AttributeDef{Key: MCPMethodNameKey, Type: attribute.STRING, Example: "tools/call", Brief: "The MCP method of a request or notification; one the MCP specification does not define is _OTHER."}, inAll},
	{AttributeDef{Key: MCPProtocolVersionKey, Type: attribute.STRING, Example: "2025-06-18", Brief: "The MCP protocol version of the session."}, inAll},
	{AttributeDef{Key: MCPSessionIDKey, Type: attribute.STRING, Example: "191c4850af6c", Brief: "The MCP session id. Spans only.", SpansOnly: true}, inAll},
	{AttributeDef{Key: JSONRPCRequestIDKey, Type: attribute.STRING, Example: "42", Brief: "The JSON-RPC id of the request. Spans only.", SpansOnly: true}, inAll},
	{AttributeDef{Key: RPCResponseStatusCodeKey, Type: attribute.STRING, Example: "-32602", Brief: "The JSON-RPC error code of a failed response."}, inAll},
	{AttributeDef{Key: NetworkTransportKey, Type: attribute.STRING, Example: "pipe", Brief: "The MCP transport: pipe for stdio, tcp for HTTP."}, inAll},
	{AttributeDef{Key: CommandNameKey, Type: attribute.STRING, Example: "run", Brief: "The CLI command."}, inAll},
	{AttributeDef{Key: CommandFlagsKey, Type: attribute.STRINGSLICE, Example: `["debug","model"]`, Brief: "Names of the flags given to the command, never their values.", SpansOnly: true}, inAll},
	{AttributeDef{Key: CommandOutcomeKey, Type: attribute.STRING, Example: "success", Brief: "success or failure."}, inAll},
	{AttributeDef{Key: SessionToolCallsKey, Type: attribute.INT64, Example: "4", Brief: "Tool calls made in the session.", SpansOnly: true}, inAll},
	{AttributeDef{Key: SessionChatCallsKey, Type: attribute.INT64, Example: "3", Brief: "LLM calls made in the session.", SpansOnly: true}, inAll},
	{AttributeDef{Key: SessionErrorsKey, Type: attribute.INT64, Example: "1", Brief: "Failed tool and LLM calls in the session.", SpansOnly: true}, inAll},
	{AttributeDef{Key: CostUSDKey, Type: attribute.FLOAT64, Example: "0.0042", Brief: "Estimated cost of the LLM call in USD, from the price table.", SpansOnly: true}, inAll},
	{AttributeDef{Key: PricedKey, Type: attribute.BOOL, Example: "true", Brief: "false when the model has no known price and no cost was estimated."}, inAll},
	{AttributeDef{Key: PricingVersionKey, Type: attribute.STRING, Example: "2026-11-01", Brief: "Version of the price table a cost came from."}, inAll},

	{AttributeDef{Key: GenAIInputMessagesKey, Type: attribute.STRING, Example: "(content)", Brief: "Prompt messages as JSON. Only with content capture opted in.", Content: true, SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAIOutputMessagesKey, Type: attribute.STRING, Example: "(content)", Brief: "Model responses as JSON. Only with content capture opted in.", Content: true, SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAISystemInstructionsKey, Type: attribute.STRING, Example: "(content)", Brief: "System instructions as JSON. Only with content capture opted in.", Content: true, SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAIToolDefinitionsKey, Type: attribute.STRING, Example: "(content)", Brief: "Tool definitions as JSON. Only with content capture opted in.", Content: true, SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAIRequestStopSequencesKey, Type: attribute.STRINGSLICE, Example: "(content)", Brief: "Stop sequences: user text. Only with content capture opted in.", Content: true, SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAIToolCallArgumentsKey, Type: attribute.STRING, Example: "(content)", Brief: "Tool call arguments. Only with content capture opted in.", Content: true, SpansOnly: true}, inAll},
	{AttributeDef{Key: GenAIToolCallResultKey, Type: attribute.STRING, Example: "(content)", Brief: "Tool call results. Only with content capture opted in.", Content: true, SpansOnly: true}, inAll},
}

// mcpRequestUses are the attributes of an MCP request span, on both sides.
var mcpRequestUses = all(
	MCPMethodNameKey, GenAIOperationNameKey, GenAIToolNameKey, MCPProtocolVersionKey, MCPSessionIDKey,
	JSONRPCRequestIDKey, RPCResponseStatusCodeKey, NetworkTransportKey, ErrorTypeKey,
	GenAIToolCallArgumentsKey, GenAIToolCallResultKey,
)

var spanDefs = []spanEntry{
	{SpanDef{
		Type: SpanTypeCommand, Name: "{otelagent.command.name}", Kind: "INTERNAL",
		Brief: "One CLI command; the root of an invocation.",
	}, all(CommandNameKey, CommandFlagsKey, CommandOutcomeKey, ErrorTypeKey)},
	{SpanDef{
		Type: SpanTypeInvokeAgent, Name: "invoke_agent {gen_ai.agent.name}", Kind: "INTERNAL",
		Brief: "One agent session; a sub-agent's session is a child of its parent's.",
	}, uses(
		all(GenAIOperationNameKey, GenAIAgentNameKey, GenAIAgentDescriptionKey, GenAIConversationIDKey, GenAIRequestModelKey),
		// The model lists the agent's id and version on remote agents'
		// spans (gen_ai.invoke_agent.client, create_agent) only.
		only(inDefault, GenAIAgentIDKey, GenAIAgentVersionKey),
		// v1.41.0 required it; the model's internal invoke_agent span does
		// not list it (the agent runs in process, no provider is called).
		only(inDefault, GenAIProviderNameKey),
		all(SessionToolCallsKey, SessionChatCallsKey, SessionErrorsKey, ErrorTypeKey),
	)},
	{SpanDef{
		Type: SpanTypeChat, Name: "chat {gen_ai.request.model}", Kind: "CLIENT",
		Brief: "One LLM call.",
	}, uses(
		all(GenAIOperationNameKey, GenAIRequestModelKey, GenAIResponseModelKey, GenAIProviderNameKey),
		// otelagent's default schema puts the agent on LLM calls; the
		// model has no gen_ai.agent.name on inference spans.
		only(inDefault, GenAIAgentNameKey),
		all(GenAIConversationIDKey, ServerAddressKey, ServerPortKey,
			GenAIRequestStreamKey, GenAIRequestMaxTokensKey, GenAIRequestTemperatureKey, GenAIRequestTopPKey,
			GenAIRequestTopKKey, GenAIRequestSeedKey, GenAIRequestFrequencyPenaltyKey, GenAIRequestPresencePenaltyKey,
			GenAIRequestChoiceCountKey),
		only(inNew, GenAIRequestReasoningLevelKey, GenAIConversationCompactedKey),
		all(GenAIOutputTypeKey, GenAIResponseIDKey, GenAIResponseFinishReasonsKey, GenAIResponseTimeToFirstChunkKey,
			GenAIUsageInputTokensKey, GenAIUsageOutputTokensKey, GenAIUsageCacheReadInputTokensKey),
		only(inLegacy, GenAIUsageCacheCreationInputTokensKey),
		only(inNew, GenAIUsageCacheWriteInputTokensKey),
		all(GenAIUsageReasoningOutputTokensKey, CostUSDKey, PricedKey, PricingVersionKey, ErrorTypeKey,
			GenAIInputMessagesKey, GenAIOutputMessagesKey, GenAISystemInstructionsKey, GenAIToolDefinitionsKey,
			GenAIRequestStopSequencesKey),
	)},
	{SpanDef{
		Type: SpanTypeExecuteTool, Name: "execute_tool {gen_ai.tool.name}", Kind: "INTERNAL",
		Brief: "One tool call.",
	}, uses(
		all(GenAIOperationNameKey, GenAIToolNameKey, GenAIToolTypeKey, GenAIToolCallIDKey, GenAIToolDescriptionKey,
			GenAIAgentNameKey),
		// The model's execute_tool span has no gen_ai.conversation.id;
		// otelagent's default schema has always set it.
		only(inDefault, GenAIConversationIDKey),
		all(ErrorTypeKey, GenAIToolCallArgumentsKey, GenAIToolCallResultKey),
	)},
	{SpanDef{
		Type: SpanTypeMCPClient, Name: "{mcp.method.name} {gen_ai.tool.name}", Kind: "CLIENT",
		Brief: "One MCP request as its sender saw it; the tool name only on tools/call.",
	}, uses(mcpRequestUses, all(ServerAddressKey, ServerPortKey))},
	{SpanDef{
		Type: SpanTypeMCPServer, Name: "{mcp.method.name} {gen_ai.tool.name}", Kind: "SERVER",
		Brief: "One MCP request as its receiver handled it; the tool name only on tools/call.",
	}, mcpRequestUses},
}

// genAIClientUses are the attributes of the gen_ai.client.* metrics.
var genAIClientUses = uses(
	all(GenAIOperationNameKey, GenAIRequestModelKey, GenAIProviderNameKey),
	only(inDefault, GenAIAgentNameKey),
)

var mcpOperationUses = all(MCPMethodNameKey, GenAIOperationNameKey, GenAIToolNameKey, MCPProtocolVersionKey,
	RPCResponseStatusCodeKey, NetworkTransportKey, ErrorTypeKey)

var mcpSessionUses = all(MCPProtocolVersionKey, NetworkTransportKey, ErrorTypeKey)

var metricDefs = []metricEntry{
	{MetricDef{Name: ClientTokenUsageName, Instrument: "Int64Histogram", Unit: ClientTokenUsageUnit, Description: ClientTokenUsageDescription},
		inAll, uses(genAIClientUses, all(GenAITokenTypeKey))},
	{MetricDef{Name: ClientOperationDurationName, Instrument: "Float64Histogram", Unit: ClientOperationDurationUnit, Description: ClientOperationDurationDescription},
		inAll, uses(genAIClientUses, all(ErrorTypeKey))},
	{MetricDef{Name: ClientTimeToFirstChunkName, Instrument: "Float64Histogram", Unit: ClientTimeToFirstChunkUnit, Description: ClientTimeToFirstChunkDescription},
		inAll, genAIClientUses},
	{MetricDef{Name: ClientTimePerOutputChunkName, Instrument: "Float64Histogram", Unit: ClientTimePerOutputChunkUnit, Description: ClientTimePerOutputChunkDescription},
		inAll, genAIClientUses},
	{MetricDef{Name: ExecuteToolDurationName, Instrument: "Float64Histogram", Unit: ExecuteToolDurationUnit, Description: ExecuteToolDurationDescription},
		inAll, all(GenAIToolNameKey, GenAIToolTypeKey, GenAIAgentNameKey, ErrorTypeKey)},
	{MetricDef{Name: InvokeAgentDurationName, Instrument: "Float64Histogram", Unit: InvokeAgentDurationUnit, Description: InvokeAgentDurationDescription},
		inAll, uses(all(GenAIAgentNameKey, GenAIRequestModelKey), only(inDefault, GenAIProviderNameKey), all(ErrorTypeKey))},
	{MetricDef{Name: InvokeAgentInferenceCallsName, Instrument: "Int64Histogram", Unit: InvokeAgentInferenceCallsUnit, Description: InvokeAgentInferenceCallsDescription},
		inNew, all(GenAIAgentNameKey)},
	{MetricDef{Name: InvokeAgentToolCallsName, Instrument: "Int64Histogram", Unit: InvokeAgentToolCallsUnit, Description: InvokeAgentToolCallsDescription},
		inNew, all(GenAIAgentNameKey)},
	{MetricDef{Name: CostUsageName, Instrument: "Float64Counter", Unit: CostUsageUnit, Description: CostUsageDescription},
		inAll, all(GenAIOperationNameKey, GenAIRequestModelKey, GenAIProviderNameKey, GenAIAgentNameKey)},
	{MetricDef{Name: UnpricedTokensName, Instrument: "Int64Counter", Unit: UnpricedTokensUnit, Description: UnpricedTokensDescription},
		inAll, all(GenAIOperationNameKey, GenAITokenTypeKey, GenAIRequestModelKey, GenAIProviderNameKey, GenAIAgentNameKey)},
	{MetricDef{Name: CommandInvocationsName, Instrument: "Int64Counter", Unit: CommandInvocationsUnit, Description: CommandInvocationsDescription},
		inAll, all(CommandNameKey, CommandOutcomeKey, ErrorTypeKey)},
	{MetricDef{Name: CommandDurationName, Instrument: "Float64Histogram", Unit: CommandDurationUnit, Description: CommandDurationDescription},
		inAll, all(CommandNameKey, CommandOutcomeKey)},
	{MetricDef{Name: MCPClientOperationDurationName, Instrument: "Float64Histogram", Unit: MCPClientOperationDurationUnit, Description: MCPClientOperationDurationDescription},
		inAll, mcpOperationUses},
	{MetricDef{Name: MCPServerOperationDurationName, Instrument: "Float64Histogram", Unit: MCPServerOperationDurationUnit, Description: MCPServerOperationDurationDescription},
		inAll, mcpOperationUses},
	{MetricDef{Name: MCPClientSessionDurationName, Instrument: "Float64Histogram", Unit: MCPClientSessionDurationUnit, Description: MCPClientSessionDurationDescription},
		inAll, mcpSessionUses},
	{MetricDef{Name: MCPServerSessionDurationName, Instrument: "Float64Histogram", Unit: MCPServerSessionDurationUnit, Description: MCPServerSessionDurationDescription},
		inAll, mcpSessionUses},
	{MetricDef{Name: SessionErrorsName, Instrument: "Int64Counter", Unit: SessionErrorsUnit, Description: SessionErrorsDescription},
		inAll, all(GenAIAgentNameKey, GenAIOperationNameKey, ErrorTypeKey)},
}

// Attributes returns every attribute key otelagent can export under the
// default schema. The returned slice is a copy.
func Attributes() []AttributeDef { return SchemaDefault.Catalog().Attributes() }

// Spans returns every kind of span otelagent can export under the default
// schema.
func Spans() []SpanDef { return SchemaDefault.Catalog().Spans() }

// Metrics returns every metric otelagent can export under the default
// schema.
func Metrics() []MetricDef { return SchemaDefault.Catalog().Metrics() }

// Lookup returns the definition of key and whether otelagent defines it
// under the default schema.
func Lookup(key attribute.Key) (AttributeDef, bool) { return SchemaDefault.Catalog().Lookup(key) }

// IsMetricName reports whether name is a metric otelagent defines under the
// default schema.
func IsMetricName(name string) bool { return SchemaDefault.Catalog().IsMetricName(name) }
