package semconv

// Metric names, units and descriptions. Histogram bucket boundaries are the
// ones the conventions advise.
const (
	// ClientTokenUsageName is an Int64Histogram of tokens per LLM call, by
	// token type (input, output).
	ClientTokenUsageName        = "gen_ai.client.token.usage"
	ClientTokenUsageUnit        = "{token}"
	ClientTokenUsageDescription = "Number of input and output tokens used."

	// ClientOperationDurationName is a Float64Histogram of LLM call durations.
	ClientOperationDurationName        = "gen_ai.client.operation.duration"
	ClientOperationDurationUnit        = "s"
	ClientOperationDurationDescription = "GenAI operation duration."

	// ExecuteToolDurationName is a Float64Histogram of tool call durations.
	ExecuteToolDurationName        = "gen_ai.execute_tool.duration"
	ExecuteToolDurationUnit        = "s"
	ExecuteToolDurationDescription = "The duration of a single tool execution."

	// InvokeAgentDurationName is a Float64Histogram of agent session durations.
	InvokeAgentDurationName        = "gen_ai.invoke_agent.duration"
	InvokeAgentDurationUnit        = "s"
	InvokeAgentDurationDescription = "The end-to-end duration of a single agent invocation."

	// CostUsageName is a Float64Counter of the estimated cost of LLM calls.
	CostUsageName        = "otelagent.cost.usage"
	CostUsageUnit        = "USD"
	CostUsageDescription = "Estimated cost of LLM calls in US dollars, from the price table."

	// UnpricedTokensName is an Int64Counter of tokens used by models with no
	// known price: their cost is not guessed, and this shows what is missing.
	UnpricedTokensName        = "otelagent.cost.unpriced_tokens"
	UnpricedTokensUnit        = "{token}"
	UnpricedTokensDescription = "Tokens used by models the price table does not know; not included in otelagent.cost.usage."

	// CommandInvocationsName is an Int64Counter of commands run, by outcome.
	CommandInvocationsName        = "otelagent.command.invocations"
	CommandInvocationsUnit        = "{command}"
	CommandInvocationsDescription = "Number of CLI commands run, by command name and outcome."

	// CommandDurationName is a Float64Histogram of command durations.
	CommandDurationName        = "otelagent.command.duration"
	CommandDurationUnit        = "s"
	CommandDurationDescription = "Duration of CLI commands."

	// MCPClientOperationDurationName is a Float64Histogram of MCP requests
	// as their sender saw them.
	MCPClientOperationDurationName        = "mcp.client.operation.duration"
	MCPClientOperationDurationUnit        = "s"
	MCPClientOperationDurationDescription = "The duration of the MCP request or notification as observed on the sender from the time it was sent until the response or ack is received."

	// MCPServerOperationDurationName is a Float64Histogram of MCP requests
	// as their receiver saw them.
	MCPServerOperationDurationName        = "mcp.server.operation.duration"
	MCPServerOperationDurationUnit        = "s"
	MCPServerOperationDurationDescription = "MCP request or notification duration as observed on the receiver from the time it was received until the result or ack is sent."

	// SessionErrorsName is an Int64Counter of failed tool and LLM calls made
	// inside agent sessions.
	SessionErrorsName        = "otelagent.session.errors"
	SessionErrorsUnit        = "{error}"
	SessionErrorsDescription = "Number of failed tool and LLM calls inside agent sessions."
)

// Histogram bucket boundaries.
var (
	// TokenUsageBuckets are advised for gen_ai.client.token.usage.
	TokenUsageBuckets = []float64{1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864}
	// OperationDurationBuckets are advised for gen_ai.client.operation.duration
	// and gen_ai.execute_tool.duration.
	OperationDurationBuckets = []float64{0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92}
	// InvokeAgentDurationBuckets are advised for gen_ai.invoke_agent.duration.
	InvokeAgentDurationBuckets = []float64{0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 51.2, 102.4, 204.8, 409.6}
	// MCPOperationDurationBuckets are advised for mcp.client.operation.duration
	// and mcp.server.operation.duration.
	MCPOperationDurationBuckets = []float64{0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300}
	// CommandDurationBuckets cover a CLI command from 10 ms to an hour.
	CommandDurationBuckets = []float64{0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600}
)

// Metrics added with the schema switch.
const (
	// ClientTimeToFirstChunkName is a Float64Histogram of the time from a
	// streamed LLM request to its first chunk. Streamed calls only.
	ClientTimeToFirstChunkName        = "gen_ai.client.operation.time_to_first_chunk"
	ClientTimeToFirstChunkUnit        = "s"
	ClientTimeToFirstChunkDescription = "Time to receive the first chunk, measured from when the client issues the generation request to when the first chunk is received in the response stream."

	// ClientTimePerOutputChunkName is a Float64Histogram of the time between
	// two chunks of a streamed response, recorded for each chunk after the
	// first. Streamed calls only.
	ClientTimePerOutputChunkName        = "gen_ai.client.operation.time_per_output_chunk"
	ClientTimePerOutputChunkUnit        = "s"
	ClientTimePerOutputChunkDescription = "Time per output chunk, recorded for each chunk received after the first one, measured as the time elapsed from the end of the previous chunk to the end of the current chunk."

	// InvokeAgentInferenceCallsName is an Int64Histogram of the LLM calls an
	// agent session made itself (not its sub-agents), recorded at its end.
	InvokeAgentInferenceCallsName        = "gen_ai.invoke_agent.inference_calls"
	InvokeAgentInferenceCallsUnit        = "{inference_call}"
	InvokeAgentInferenceCallsDescription = "The number of inference (model) calls a GenAI agent makes during a single invocation."

	// InvokeAgentToolCallsName is an Int64Histogram of the tool calls an
	// agent session made itself, recorded at its end.
	InvokeAgentToolCallsName        = "gen_ai.invoke_agent.tool_calls"
	InvokeAgentToolCallsUnit        = "{tool_call}"
	InvokeAgentToolCallsDescription = "The number of tool calls a GenAI agent makes during a single invocation."

	// MCPClientSessionDurationName is a Float64Histogram of MCP sessions as
	// their client saw them.
	MCPClientSessionDurationName        = "mcp.client.session.duration"
	MCPClientSessionDurationUnit        = "s"
	MCPClientSessionDurationDescription = "The duration of the MCP session as observed on the MCP client."

	// MCPServerSessionDurationName is a Float64Histogram of MCP sessions as
	// their server saw them.
	MCPServerSessionDurationName        = "mcp.server.session.duration"
	MCPServerSessionDurationUnit        = "s"
	MCPServerSessionDurationDescription = "The duration of the MCP session as observed on the MCP server."
)

// Bucket boundaries of the metrics added with the schema switch. The model
// gives none for them; the streaming ones are those the conventions advise
// for their server-side twins (gen_ai.server.time_to_first_token and
// gen_ai.server.time_per_output_token).
var (
	TimeToFirstChunkBuckets   = []float64{0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}
	TimePerOutputChunkBuckets = []float64{0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5}
	// CallCountBuckets cover the calls of one agent session, 1 to 1024.
	CallCountBuckets = []float64{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024}
	// MCPSessionDurationBuckets cover an MCP session from 10 ms to a day.
	MCPSessionDurationBuckets = []float64{0.01, 0.1, 1, 10, 30, 60, 300, 600, 1800, 3600, 7200, 14400, 43200, 86400}
)
