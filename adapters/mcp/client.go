package otelmcp

import (
	"context"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/internal/mcpmeta"
	"github.com/otelagent/otelagent-go/otelagent"
)

// ClientMiddleware returns sending middleware for an mcp.Client that
// records every request it sends as an MCP CLIENT span,
// "{mcp.method.name} {tool}", with mcp.client.operation.duration, a child
// of the span in the caller's context, and puts that span's trace context
// in a tools/call's _meta. Add it with
//
//	client.AddSendingMiddleware(otelmcp.ClientMiddleware())
//
// A tools/call span carries gen_ai.operation.name execute_tool: when the
// caller traces the tool call itself (otelagent's StartToolCall), the span
// is its child; otherwise it stands for the tool call, counted once in the
// agent session and in gen_ai.execute_tool.duration (see
// otelagent.MCPCall).
//
// The caller's CallToolParams are not modified: the request sent carries a
// copy with its own _meta.
func ClientMiddleware(opts ...Option) mcp.Middleware {
	cfg := newConfig(opts)
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (res mcp.Result, err error) {
			tel := cfg.TelemetryFor(ctx)
			if !tel.Enabled() {
				return next(ctx, method, req)
			}
			var params *mcp.CallToolParams
			tool := ""
			if method == methodCallTool && req != nil {
				if params, _ = req.GetParams().(*mcp.CallToolParams); params != nil {
					tool = params.Name
				}
			}
			ctx, call := tel.StartMCPRequest(ctx, mcpRequest(otelagent.MCPClient, method, req, tool))
			// A wrapped connection (WrapTransport) says, as it writes the
			// request, which id it gave it and over what.
			ctx, wire := mcpmeta.WithSentRequest(ctx)
			defer func() {
				id, kind := wire.Get()
				call.SetRequestID(id)
				call.SetTransport(kind)
				end(call, res, err)
				if opensSession(method) && err == nil {
					watchSession(tel, otelagent.MCPClient, req, kind)
				}
			}()
			session, ok := req.GetSession().(*mcp.ClientSession)
			if params == nil || !ok || !trace.SpanContextFromContext(ctx).IsValid() {
				// No trace to join, or nothing to carry it: send the
				// caller's request as it is.
				return next(ctx, method, req)
			}
			sent := *params
			sent.Meta = cfg.Inject(ctx, params.Meta)
			return next(ctx, method, &mcp.ClientRequest[mcp.Params]{Session: session, Params: &sent})
		}
	}
}
