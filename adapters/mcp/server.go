package otelmcp

import (
	"context"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/otelagent/otelagent-go/otelagent"
)

// ServerMiddleware returns receiving middleware for an mcp.Server that
// records the duration of every request it handles
// (mcp.server.operation.duration), and each tools/call as an
// "execute_tool {tool}" span. The
// span's parent is the client's span when the request's _meta carries its
// trace context, else the span in the server's context. The tool handler
// runs with the span in its context, so what it records nests under it.
// Add it with
//
//	server.AddReceivingMiddleware(otelmcp.ServerMiddleware())
func ServerMiddleware(opts ...Option) mcp.Middleware {
	cfg := newConfig(opts)
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (res mcp.Result, err error) {
			defer recordOperation(ctx, &cfg.Config, otelagent.MCPServer, method, req, time.Now(), &res, &err)
			if method != methodCallTool {
				return next(ctx, method, req)
			}
			params, ok := req.GetParams().(*mcp.CallToolParamsRaw)
			if !ok || params == nil {
				return next(ctx, method, req)
			}
			ctx = cfg.Extract(ctx, params.Meta)
			ctx, call := cfg.TelemetryFor(ctx).StartToolCall(ctx, otelagent.Tool{Name: params.Name})
			res, err = next(ctx, method, req)
			call.End(classify(res, err))
			return res, err
		}
	}
}
