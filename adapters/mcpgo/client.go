package otelmcpgo

import (
	"context"
	"sync"

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

	mu      sync.Mutex
	session *otelagent.MCPSession // from Initialize to Close
}

// Initialize initializes the wrapped client and starts timing its session,
// which Close ends, on mcp.client.session.duration.
func (c *tracedClient) Initialize(ctx context.Context, req mcp.InitializeRequest) (*mcp.InitializeResult, error) {
	s := c.cfg.TelemetryFor(ctx).StartMCPSession(otelagent.MCPSessionInfo{
		Side: otelagent.MCPClient, Transport: clientTransport(c.MCPClient),
	})
	res, err := c.MCPClient.Initialize(ctx, req)
	if err != nil {
		s.End(err)
		return res, err
	}
	if res != nil {
		s.SetProtocolVersion(res.ProtocolVersion)
	}
	c.mu.Lock()
	prev := c.session
	c.session = s
	c.mu.Unlock()
	prev.End(nil) // initialized again: the earlier session is over
	return res, err
}

// Close closes the wrapped client and ends its session.
func (c *tracedClient) Close() error {
	err := c.MCPClient.Close()
	c.mu.Lock()
	s := c.session
	c.session = nil
	c.mu.Unlock()
	s.End(nil)
	return err
}

func (c *tracedClient) CallTool(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	tel := c.cfg.TelemetryFor(ctx)
	ctx, call := tel.StartMCPRequest(ctx, c.request(req.Params.Name))
	if call != nil {
		ctx = context.WithValue(ctx, clientCallKey{}, tel)
	}
	if trace.SpanContextFromContext(ctx).IsValid() {
		// req is a copy, but its _meta is the caller's.
		req.Params.Meta = c.cfg.withTraceContext(ctx, req.Params.Meta)
	}
	// A transport built with WrapTransport says which id it sent.
	wire := &sent{}
	res, err := c.MCPClient.CallTool(context.WithValue(ctx, sentKey{}, wire), req)
	call.SetRequestID(wire.get())
	end(call, res, err)
	return res, err
}

// request describes a tools/call of tool with what the wrapped client
// says of its connection.
func (c *tracedClient) request(tool string) otelagent.MCPRequest {
	r := otelagent.MCPRequest{
		Side: otelagent.MCPClient, Method: string(mcp.MethodToolsCall), ToolName: tool,
		Transport: clientTransport(c.MCPClient),
	}
	if v, ok := c.MCPClient.(interface{ ProtocolVersion() string }); ok {
		r.ProtocolVersion = v.ProtocolVersion()
	}
	if s, ok := c.MCPClient.(interface{ GetSessionId() string }); ok {
		r.SessionID = s.GetSessionId()
	}
	return r
}

// clientCallKey marks the context of a tool call a wrapped client records,
// with its Telemetry: mcp-go's in-process transport hands that context to
// the server's handler, whose middleware must not record the same call a
// second time through the same Telemetry.
type clientCallKey struct{}
