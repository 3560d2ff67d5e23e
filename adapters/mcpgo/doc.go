// Package otelmcpgo records the requests of an MCP client and server built
// with github.com/mark3labs/mcp-go as the MCP semantic conventions' CLIENT
// and SERVER spans, "tools/call {tool}" for a tool call (the tool's
// execution is an "execute_tool {tool}" span inside the SERVER span, where
// the tool runs) and the method alone for every other request, and the MCP
// operation metrics, and carries the trace context from the client to the
// server in the request's _meta (SEP-414), through the global propagator
// (or WithPropagator's), so that the server's span is a child of the
// client's and both belong to one trace.
//
// Add one line where the server is built, and wrap the client:
//
//	s := server.NewMCPServer("tools", "1.0.0", server.WithToolHandlerMiddleware(otelmcpgo.ToolMiddleware()))
//	c = otelmcpgo.WrapClient(c)
//
// The server's spans of methods other than tools/call come from its hooks
// (AddHooks, which also time the server's sessions). The spans also carry
// mcp.protocol.version, mcp.session.id and network.transport; the JSON-RPC
// request id (jsonrpc.request.id) is known below the middleware, and needs
// the server's hooks and the client's transport (WrapTransport).
// WrapClient times the client's session, from Initialize to Close.
//
// A span carries the tool's name, never its arguments or result, nor a
// resource's URI or a prompt's name or arguments. A call
// fails when it returns an error (error.type is the JSON-RPC error code for
// a protocol error, else otelagent.ErrorType's class) or when its result
// has isError set (error.type "tool_error", as the MCP semantic conventions
// name it).
//
// mcp-go's own tracing (server.WithTracer) can run beside this package:
// when it has already joined the client's trace, the SERVER span nests
// under its span.
package otelmcpgo // import "github.com/otelagent/otelagent-go/adapters/mcpgo"
