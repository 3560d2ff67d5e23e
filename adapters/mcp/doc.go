// Package otelmcp records the tool calls of an MCP client and server built
// with github.com/modelcontextprotocol/go-sdk as otelagent "execute_tool"
// spans and tool-call metrics, and carries the trace context from the
// client to the server in the request's _meta, through the global
// propagator (or WithPropagator's), so that the server's span is a child of
// the client's and both belong to one trace.
//
// Add the middleware once, where the client or server is built:
//
//	client.AddSendingMiddleware(otelmcp.ClientMiddleware())
//	server.AddReceivingMiddleware(otelmcp.ServerMiddleware())
//
// Each tools/call is a span; every request, tools/call or not, is also timed
// on mcp.client.operation.duration or mcp.server.operation.duration by its
// mcp.method.name. A span carries the tool's name, never its arguments or
// result. A call fails when it returns an error (error.type is
// the JSON-RPC error code, or otelagent.ErrorType's class) or when its
// result has isError set (error.type "tool_error", as the MCP semantic
// conventions name it).
//
// Spans are created through otelagent, so they are INTERNAL spans as the
// GenAI conventions define execute_tool, not the CLIENT and SERVER spans the
// MCP conventions describe for the protocol exchange itself.
package otelmcp // import "github.com/otelagent/otelagent-go/adapters/mcp"
