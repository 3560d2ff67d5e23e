package otelmcpgo

import (
	"context"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/otelagent"
)

// WrapClient returns c with its tool calls recorded: each CallTool becomes
// an MCP CLIENT span "tools/call {tool}" (gen_ai.operation.name
// execute_tool), timed on mcp.client.operation.duration, a child of the
// span in the caller's context, whose trace context goes to the server in
// the request's _meta. When the caller traces the tool call itself
// (otelagent's StartToolCall), the span is its child; otherwise it stands
// for the tool call, counted once in the session. Every other method is
// c's own.
//
// mcp-go has no client middleware, hence a wrapper. The caller's request is
// not modified: the request sent carries a copy of its _meta.
func WrapClient(c client.MCPClient, opts ...Option) client.MCPClient {
	return &tracedClient{MCPClient: c, cfg: newConfig(opts)}
}

type tracedClient struct {
	client.MCPClient
	cfg config
}

func (c *tracedClient) CallTool(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	tel := c.cfg.TelemetryFor(ctx)
	ctx, call := tel.StartMCPRequest(ctx, otelagent.MCPRequest{
		Side: otelagent.MCPClient, Method: string(mcp.MethodToolsCall), ToolName: req.Params.Name,
	})
	if call != nil {
		ctx = context.WithValue(ctx, clientCallKey{}, tel)
	}
	if trace.SpanContextFromContext(ctx).IsValid() {
		// req is a copy, but its _meta is the caller's.
		req.Params.Meta = c.cfg.withTraceContext(ctx, req.Params.Meta)
	}
	res, err := c.MCPClient.CallTool(ctx, req)
	end(call, res, err)
	return res, err
}

// clientCallKey marks the context of a tool call a wrapped client records,
// with its Telemetry: mcp-go's in-process transport hands that context to
// the server's handler, whose middleware must not record the same call a
// second time through the same Telemetry.
type clientCallKey struct{}
