// Package otelmcp records the requests of an MCP client and server built
// with github.com/modelcontextprotocol/go-sdk as the MCP semantic
// conventions define them: a CLIENT span for each request the client sends
// and a SERVER span for each one the server handles, named
// "{mcp.method.name} {tool}", with mcp.method.name, mcp.protocol.version,
// mcp.session.id, rpc.response.status_code and error.type, and timed on
// mcp.client.operation.duration or mcp.server.operation.duration; with
// WrapTransport (or WrapHandler, on an HTTP server), also jsonrpc.request.id
// and network.transport, which only the connection knows. It carries
// the trace context from the client to the server in a tools/call's _meta,
// through the global propagator (or WithPropagator's), so that the server's
// span is a child of the client's and both belong to one trace.
//
// Add the middleware once, where the client or server is built:
//
//	client.AddSendingMiddleware(otelmcp.ClientMiddleware())
//	server.AddReceivingMiddleware(otelmcp.ServerMiddleware())
//
// The execute_tool span belongs where the tool runs: on the server, the
// tool's execution is an "execute_tool {tool}" INTERNAL span inside the
// SERVER span. On the client, a tools/call CLIENT span carries
// gen_ai.operation.name execute_tool: it is the child of the agent's own
// execute_tool span when there is one, or stands for the tool call (counted
// once in the session) when there is none. Spans carry the tool's name,
// never its arguments or result. A call fails when it returns an error
// (error.type is the JSON-RPC error code, or otelagent.ErrorType's class)
// or when its result has isError set (error.type "tool_error", as the MCP
// semantic conventions name it).
package otelmcp // import "github.com/otelagent/otelagent-go/adapters/mcp"
