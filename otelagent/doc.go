// Package otelagent records what an AI agent program does as OpenTelemetry
// spans and metrics: each CLI command as a root span, each agent session as
// an "invoke_agent" span under it, each LLM call as a "chat" span with its
// token usage and estimated cost, and each tool call as an "execute_tool"
// span with its duration and outcome; MCP requests are CLIENT and SERVER
// spans as the MCP conventions define them (StartMCPRequest). Names follow
// the OpenTelemetry GenAI semantic conventions of the schema chosen with
// WithSchema: v1.41.0 by default, or the standalone GenAI conventions (see
// the semconv package).
//
// The API takes names, counts and durations, never free text: every name
// (command, agent, model, provider, tool, id) is held to a grammar and
// recorded as "_OTHER" when it fails it, and metrics keep a bounded number
// of values of each name attribute (see NameStats, WithCardinalityLimit); a
// command records the names of its flags, not their values (see
// FlagNames); an error becomes a low-cardinality error.type (see
// ErrorType), never its message; prompts,
// responses and tool arguments are recorded only through CaptureContent and
// only when content capture was explicitly turned on.
//
// otelagent imports only the OpenTelemetry API. It records through the
// TracerProvider and MeterProvider it is given, or the global ones, so a
// framework can depend on it without bringing an SDK into its users'
// builds. The setup package builds providers and exporters for programs
// that want them; with no SDK installed, or with telemetry turned off,
// every call returns before building attributes or contexts.
//
// A typical agent:
//
//	ctx, cmd := tel.StartCommand(ctx, "run", "model")
//	defer func() { cmd.End(err) }()
//
//	ctx, session := tel.StartSession(ctx, otelagent.Agent{Name: "coder", SessionID: id, Model: "gpt-4o", Provider: "openai"})
//	defer func() { session.End(err) }()
//
//	chatCtx, chat := tel.StartChat(ctx, otelagent.ChatRequest{})
//	resp, err := model.Complete(chatCtx, prompt)
//	chat.SetUsage(otelagent.Usage{InputTokens: resp.In, OutputTokens: resp.Out})
//	chat.End(err)
//
//	toolCtx, call := tel.StartToolCall(ctx, otelagent.Tool{Name: "read_file"})
//	out, err := readFile(toolCtx, path)
//	call.End(err)
//
// Every handle (Command, Session, Chat, ToolCall) is safe to End twice and
// may be nil, so the code above needs no checks when telemetry is off.
package otelagent // import "github.com/otelagent/otelagent-go/otelagent"
