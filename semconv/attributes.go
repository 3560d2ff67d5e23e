package semconv

import "go.opentelemetry.io/otel/attribute"

// GenAI attribute keys (OpenTelemetry GenAI semantic conventions).
const (
	GenAIOperationNameKey = attribute.Key("gen_ai.operation.name")
	GenAIProviderNameKey  = attribute.Key("gen_ai.provider.name")
	GenAIAgentNameKey     = attribute.Key("gen_ai.agent.name")
	// GenAIConversationIDKey carries the session id. Spans only: it is
	// unbounded, so it never goes on a metric.
	GenAIConversationIDKey = attribute.Key("gen_ai.conversation.id")
	GenAIRequestModelKey   = attribute.Key("gen_ai.request.model")
	GenAIResponseModelKey  = attribute.Key("gen_ai.response.model")
	GenAIToolNameKey       = attribute.Key("gen_ai.tool.name")
	GenAIToolTypeKey       = attribute.Key("gen_ai.tool.type")
	// GenAIToolCallIDKey is the id the model gave a tool call. Spans only.
	GenAIToolCallIDKey = attribute.Key("gen_ai.tool.call.id")
	GenAITokenTypeKey  = attribute.Key("gen_ai.token.type")

	// GenAIUsageInputTokensKey counts all input tokens, cached ones included.
	GenAIUsageInputTokensKey = attribute.Key("gen_ai.usage.input_tokens")
	// GenAIUsageOutputTokensKey counts all output tokens, reasoning included.
	GenAIUsageOutputTokensKey             = attribute.Key("gen_ai.usage.output_tokens")
	GenAIUsageCacheReadInputTokensKey     = attribute.Key("gen_ai.usage.cache_read.input_tokens")
	GenAIUsageCacheCreationInputTokensKey = attribute.Key("gen_ai.usage.cache_creation.input_tokens")
	GenAIUsageReasoningOutputTokensKey    = attribute.Key("gen_ai.usage.reasoning.output_tokens")
	// GenAIUsageCacheWriteInputTokensKey is the name the GenAI conventions
	// gave GenAIUsageCacheCreationInputTokensKey after the 2026-08-03 model:
	// open-telemetry/semantic-conventions-genai#440, cited by
	// open-telemetry/opentelemetry-python-genai#554 (2026-09). Emitted under
	// SchemaLatest only (both names under SchemaLatestDup).
	GenAIUsageCacheWriteInputTokensKey = attribute.Key("gen_ai.usage.cache_write.input_tokens")

	// Request parameters of an LLM call. Spans only: per-call values.
	GenAIRequestStreamKey           = attribute.Key("gen_ai.request.stream")
	GenAIRequestMaxTokensKey        = attribute.Key("gen_ai.request.max_tokens")
	GenAIRequestTemperatureKey      = attribute.Key("gen_ai.request.temperature")
	GenAIRequestTopPKey             = attribute.Key("gen_ai.request.top_p")
	GenAIRequestTopKKey             = attribute.Key("gen_ai.request.top_k")
	GenAIRequestSeedKey             = attribute.Key("gen_ai.request.seed")
	GenAIRequestFrequencyPenaltyKey = attribute.Key("gen_ai.request.frequency_penalty")
	GenAIRequestPresencePenaltyKey  = attribute.Key("gen_ai.request.presence_penalty")
	GenAIRequestChoiceCountKey      = attribute.Key("gen_ai.request.choice.count")
	// GenAIRequestReasoningLevelKey is in the GenAI model, not in v1.41.0.
	GenAIRequestReasoningLevelKey = attribute.Key("gen_ai.request.reasoning.level")
	GenAIOutputTypeKey            = attribute.Key("gen_ai.output.type")

	GenAIResponseIDKey               = attribute.Key("gen_ai.response.id")
	GenAIResponseFinishReasonsKey    = attribute.Key("gen_ai.response.finish_reasons")
	GenAIResponseTimeToFirstChunkKey = attribute.Key("gen_ai.response.time_to_first_chunk")
	// GenAIConversationCompactedKey is in the GenAI model, not in v1.41.0.
	GenAIConversationCompactedKey = attribute.Key("gen_ai.conversation.compacted")

	GenAIAgentIDKey          = attribute.Key("gen_ai.agent.id")
	GenAIAgentDescriptionKey = attribute.Key("gen_ai.agent.description")
	GenAIAgentVersionKey     = attribute.Key("gen_ai.agent.version")
	GenAIToolDescriptionKey  = attribute.Key("gen_ai.tool.description")

	// ServerAddressKey and ServerPortKey name the GenAI or MCP server called.
	ServerAddressKey = attribute.Key("server.address")
	ServerPortKey    = attribute.Key("server.port")

	// MCP request attributes (MCP semantic conventions).
	MCPProtocolVersionKey    = attribute.Key("mcp.protocol.version")
	MCPSessionIDKey          = attribute.Key("mcp.session.id")
	JSONRPCRequestIDKey      = attribute.Key("jsonrpc.request.id")
	RPCResponseStatusCodeKey = attribute.Key("rpc.response.status_code")
	NetworkTransportKey      = attribute.Key("network.transport")

	// ErrorTypeKey holds a low-cardinality error class, never an error message.
	ErrorTypeKey = attribute.Key("error.type")

	// MCPMethodNameKey is the JSON-RPC method of an MCP request or
	// notification ("tools/call"); one the MCP specification does not define
	// is recorded as ErrorTypeOther's "_OTHER".
	MCPMethodNameKey = attribute.Key("mcp.method.name")
)

// Content attribute keys. They are exported only when the user opted in to
// content capture (see the setup package); the egress filter drops them
// otherwise.
const (
	GenAIInputMessagesKey      = attribute.Key("gen_ai.input.messages")
	GenAIOutputMessagesKey     = attribute.Key("gen_ai.output.messages")
	GenAISystemInstructionsKey = attribute.Key("gen_ai.system_instructions")
	GenAIToolCallArgumentsKey  = attribute.Key("gen_ai.tool.call.arguments")
	GenAIToolCallResultKey     = attribute.Key("gen_ai.tool.call.result")
	GenAIToolDefinitionsKey    = attribute.Key("gen_ai.tool.definitions")
	// GenAIRequestStopSequencesKey is user text: content, though the
	// conventions class it as a request parameter.
	GenAIRequestStopSequencesKey = attribute.Key("gen_ai.request.stop_sequences")
)

// otelagent attribute keys, for what the GenAI conventions do not cover.
const (
	// CommandNameKey is the name of a CLI command ("run").
	CommandNameKey = attribute.Key("otelagent.command.name")
	// CommandFlagsKey lists the names of the flags a command was given,
	// never their values.
	CommandFlagsKey = attribute.Key("otelagent.command.flags")
	// CommandOutcomeKey is OutcomeSuccess or OutcomeFailure.
	CommandOutcomeKey = attribute.Key("otelagent.command.outcome")

	// SessionToolCallsKey is the number of tool calls made in a session.
	SessionToolCallsKey = attribute.Key("otelagent.session.tool_calls")
	// SessionChatCallsKey is the number of LLM calls made in a session.
	SessionChatCallsKey = attribute.Key("otelagent.session.chat_calls")
	// SessionErrorsKey is the number of failed tool and LLM calls in a session.
	SessionErrorsKey = attribute.Key("otelagent.session.errors")

	// CostUSDKey is the estimated cost of an LLM call in US dollars, from the
	// price table.
	CostUSDKey = attribute.Key("otelagent.cost.usd")
	// PricedKey is false on an LLM call whose model has no known price.
	PricedKey = attribute.Key("otelagent.cost.priced")
	// PricingVersionKey names the price table version a cost came from.
	PricingVersionKey = attribute.Key("otelagent.pricing.version")
)

// Values of CommandOutcomeKey.
const (
	OutcomeSuccess = "success"
	OutcomeFailure = "failure"
)

// Values of GenAIOperationNameKey used by otelagent.
const (
	OperationChat        = "chat"
	OperationInvokeAgent = "invoke_agent"
	OperationExecuteTool = "execute_tool"
)

// Values of GenAITokenTypeKey. The conventions define only input and output;
// cache and reasoning counts are subsets of these and travel as span
// attributes, so summing the metric over token types never double counts.
const (
	TokenTypeInput  = "input"
	TokenTypeOutput = "output"
)

// Values of GenAIProviderNameKey used by otelagent's adapters.
const (
	ProviderAWSBedrock = "aws.bedrock"
)

// Values of GenAIToolTypeKey.
const (
	ToolTypeFunction  = "function"
	ToolTypeExtension = "extension"
	ToolTypeDatastore = "datastore"
)

// Values of GenAIOutputTypeKey.
const (
	OutputTypeText   = "text"
	OutputTypeJSON   = "json"
	OutputTypeImage  = "image"
	OutputTypeSpeech = "speech"
)

// Values of NetworkTransportKey the MCP conventions name: tcp or quic for
// HTTP transports, pipe for stdio.
const (
	NetworkTransportTCP  = "tcp"
	NetworkTransportQUIC = "quic"
	NetworkTransportPipe = "pipe"
	NetworkTransportUnix = "unix"
)

// ProviderUnknown is gen_ai.provider.name when the program did not say: the
// conventions require the attribute on LLM call spans and metrics, and a
// guess would be wrong, so it is the conventions' fallback value.
const ProviderUnknown = ErrorTypeOther

// IsOutputType reports whether v is a value of gen_ai.output.type.
func IsOutputType(v string) bool {
	switch v {
	case OutputTypeText, OutputTypeJSON, OutputTypeImage, OutputTypeSpeech:
		return true
	}
	return false
}

// IsNetworkTransport reports whether v is a value of network.transport the
// MCP conventions use.
func IsNetworkTransport(v string) bool {
	switch v {
	case NetworkTransportTCP, NetworkTransportQUIC, NetworkTransportPipe, NetworkTransportUnix:
		return true
	}
	return false
}
