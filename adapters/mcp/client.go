package otelmcp

import (
	"context"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/otelagent"
)

// ClientMiddleware returns sending middleware for an mcp.Client that
// records the duration of every request it sends
// (mcp.client.operation.duration), and each tools/call as an
// "execute_tool {tool}" span, a child
// of the span in the caller's context (usually the agent session's), and
// puts that span's trace context in the request's _meta. Add it with
//
//	client.AddSendingMiddleware(otelmcp.ClientMiddleware())
//
// The caller's CallToolParams are not modified: the request sent carries a
// copy with its own _meta.
func ClientMiddleware(opts ...Option) mcp.Middleware {
	cfg := newConfig(opts)
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (res mcp.Result, err error) {
			defer recordOperation(ctx, &cfg.Config, otelagent.MCPClient, method, req, time.Now(), &res, &err)
			if method != methodCallTool {
				return next(ctx, method, req)
			}
			params, ok := req.GetParams().(*mcp.CallToolParams)
			session, sok := req.GetSession().(*mcp.ClientSession)
			if !ok || params == nil || !sok {
				return next(ctx, method, req)
			}
			ctx, call := cfg.TelemetryFor(ctx).StartToolCall(ctx, otelagent.Tool{Name: params.Name})
			if !trace.SpanContextFromContext(ctx).IsValid() {
				// No trace to join: send the caller's request as it is.
				res, err = next(ctx, method, req)
				call.End(classify(res, err))
				return res, err
			}
			sent := *params
			sent.Meta = cfg.Inject(ctx, params.Meta)
			res, err = next(ctx, method, &mcp.ClientRequest[mcp.Params]{Session: session, Params: &sent})
			call.End(classify(res, err))
			return res, err
		}
	}
}
