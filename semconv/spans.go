package semconv

// Span names. A GenAI span is named "{operation} {subject}", or just the
// operation when the subject is empty. A command span is named after the
// command itself ("run").

// SpanNameInvokeAgent returns the name of an agent session span.
func SpanNameInvokeAgent(agent string) string { return spanName(OperationInvokeAgent, agent) }

// SpanNameChat returns the name of an LLM call span.
func SpanNameChat(model string) string { return spanName(OperationChat, model) }

// SpanNameExecuteTool returns the name of a tool call span.
func SpanNameExecuteTool(tool string) string { return spanName(OperationExecuteTool, tool) }

// SpanNameCommand returns the name of a command span; "command" when the
// command has no name, so a span is never nameless.
func SpanNameCommand(command string) string {
	if command == "" {
		return "command"
	}
	return command
}

// SpanNameMCP returns the name of an MCP request span: the method, then the
// tool of a tools/call ("tools/call read_file").
func SpanNameMCP(method, tool string) string { return spanName(method, tool) }

func spanName(op, subject string) string {
	if subject == "" {
		return op
	}
	return op + " " + subject
}
