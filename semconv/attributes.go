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
