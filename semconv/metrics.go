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
