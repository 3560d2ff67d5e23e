package otelmcpgo

import (
	"context"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// ToolMiddleware returns tool handler middleware for an mcp-go server that
// records each tool call as an MCP SERVER span "tools/call {tool}", timed
// on mcp.server.operation.duration, with the tool's execution as an
// "execute_tool {tool}" span inside it, where the tool runs. The SERVER
// span is a child of the client's span when the request's _meta carries
// its trace context. The tool handler runs with the execute_tool span in
// its context, so what it records nests under it. Add it with
//
//	server.NewMCPServer(name, version, server.WithToolHandlerMiddleware(otelmcpgo.ToolMiddleware()))
//
// mcp-go answers a call to an unknown tool before any middleware runs, so
// such calls are recorded only on the client, and a name a client made up
// never reaches the server's spans or metrics.
//
// With mcp-go's in-process transport (client.NewInProcessClient), the
// handler runs in the context of the wrapped client's call: when both sides
// record through the same Telemetry, the client's CLIENT span is the
// call's one span (the handler's spans nest under it) and only the server's
// operation duration is recorded here, so that the session counts the call
// once.
func ToolMiddleware(opts ...Option) server.ToolHandlerMiddleware {
	cfg := newConfig(opts)
	return func(next server.ToolHandlerFunc) server.ToolHandlerFunc {
		return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			ctx = cfg.parent(ctx, req.Params.Meta)
			tel := cfg.TelemetryFor(ctx)
			op := otelagent.MCPOperation{Side: otelagent.MCPServer, Method: string(mcp.MethodToolsCall), ToolName: req.Params.Name}
			if recorder, _ := ctx.Value(clientCallKey{}).(*otelagent.Telemetry); recorder == tel {
				start := time.Now()
				res, err := next(ctx, req)
				tel.RecordMCPOperation(ctx, op, time.Since(start), classify(res, err))
				return res, err
			}
			// The JSON-RPC id is there when AddHooks' hooks saw it.
			r := serverRequest(ctx, otelagent.MCPRequest{Side: op.Side, Method: op.Method, ToolName: op.ToolName, RequestID: receivedID(req.Header)})
			ctx, call := tel.StartMCPRequest(ctx, r)
			ctx, tool := tel.StartToolCall(ctx, otelagent.Tool{Name: req.Params.Name, Description: toolDescription(ctx, req.Params.Name)})
			res, err := next(ctx, req)
			tool.End(classify(res, err))
			end(call, res, err)
			return res, err
		}
	}
}

// toolDescription returns the description the server's definition of the
// tool gives, for gen_ai.tool.description: written by the server's author,
// bounded by otelagent (MaxDescriptionLen). The server is in ctx while a
// request is handled; a tool registered for one session only is not found.
func toolDescription(ctx context.Context, name string) string {
	if srv := server.ServerFromContext(ctx); srv != nil {
		if t := srv.GetTool(name); t != nil {
			return t.Tool.Description
		}
	}
	return ""
}

// parent returns ctx with the client's span from meta as its parent, unless
// ctx is already in the client's trace: then mcp-go's own tracing has
// joined it, and its span is the better parent.
func (c *config) parent(ctx context.Context, meta *mcp.Meta) context.Context {
	f := fields(meta)
	if len(f) == 0 {
		return ctx
	}
	extracted := c.Extract(ctx, f)
	remote := trace.SpanContextFromContext(extracted)
	if !remote.IsValid() {
		return ctx
	}
	if current := trace.SpanContextFromContext(ctx); current.IsValid() && current.TraceID() == remote.TraceID() {
		return ctx
	}
	return extracted
}

// serverRequest completes r, a request the server handles in ctx, with
// its session's id (stdio has none: mcp-go names it "stdio"), protocol
// version and transport.
func serverRequest(ctx context.Context, r otelagent.MCPRequest) otelagent.MCPRequest {
	r.ProtocolVersion = server.RequestProtocolVersion(ctx)
	if session := server.ClientSessionFromContext(ctx); session != nil {
		r.Transport = sessionTransport(session)
		if r.Transport != semconv.NetworkTransportPipe {
			r.SessionID = session.SessionID()
		}
	}
	return r
}
