package otelmcpgo

import (
	"context"
	"sync"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/internal/mcpmeta"
	"github.com/otelagent/otelagent-go/otelagent"
)

// WrapClient returns c with every request it sends recorded as an MCP
// CLIENT span, timed on mcp.client.operation.duration, a child of the span
// in the caller's context, whose trace context goes to the server in the
// request's _meta when the request has one (the listings, resources/read,
// prompts/get, tools/call). A CallTool's span is "tools/call {tool}"
// (gen_ai.operation.name execute_tool): when the caller traces the tool
// call itself (otelagent's StartToolCall), the span is its child;
// otherwise it stands for the tool call, counted once in the session.
// Every other span is named by its method alone: a resource's URI, a
// prompt's name and arguments are never recorded. OnNotification and Close
// are c's own (Close ends the session Initialize started).
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
	res, err := c.initialize(ctx, req)
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

// initialize records the requests of the wrapped client's handshake, which
// mcp-go chooses as it goes: server/discover (once or twice, as versions
// are negotiated), then initialize if the server is not modern. A
// transport built with WrapTransport records each as its own CLIENT span;
// without it, only a handshake pinned to a version before 2026-07-28, one
// initialize request, is recorded.
func (c *tracedClient) initialize(ctx context.Context, req mcp.InitializeRequest) (*mcp.InitializeResult, error) {
	if wrapped(c.MCPClient) {
		return c.MCPClient.Initialize(context.WithValue(ctx, handshakeKey{}, c), req)
	}
	if v := req.Params.ProtocolVersion; v == "" || mcp.IsModernProtocol(v) {
		return c.MCPClient.Initialize(ctx, req)
	}
	return send(c, ctx, mcp.MethodInitialize, nil, func(ctx context.Context) (*mcp.InitializeResult, error) {
		return c.MCPClient.Initialize(ctx, req)
	})
}

// sendHandshake records a request of the handshake that t sends.
func (c *tracedClient) sendHandshake(ctx context.Context, req transport.JSONRPCRequest, t transport.Interface) (*transport.JSONRPCResponse, error) {
	r := c.request(mcp.MCPMethod(req.Method), "")
	r.RequestID = idString(req.ID.Value())
	ctx, call := c.cfg.TelemetryFor(ctx).StartMCPRequest(ctx, r)
	res, err := t.SendRequest(ctx, req)
	if err == nil && res != nil && res.Error != nil {
		call.SetErrorCode(int64(res.Error.Code))
	}
	endRequest(call, err)
	return res, err
}

// handshakeKey marks the context of a wrapped client's Initialize, with
// the client: its transport records each request it sends.
type handshakeKey struct{}

// unsent reports whether mcp-go's client answers Ping, SetLevel, Subscribe
// and Unsubscribe without a request: on a connection of protocol version
// 2026-07-28 or later, which removed them.
func (c *tracedClient) unsent() bool {
	v, ok := c.MCPClient.(interface{ ProtocolVersion() string })
	return ok && mcp.IsModernProtocol(v.ProtocolVersion())
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
	ctx, call := tel.StartMCPRequest(ctx, c.request(mcp.MethodToolsCall, req.Params.Name))
	if call != nil {
		ctx = context.WithValue(ctx, clientCallKey{}, tel)
	}
	// req is a copy, but its _meta is the caller's.
	req.Params.Meta = c.traceMeta(ctx, req.Params.Meta)
	// A transport built with WrapTransport says which id it sent.
	sendCtx, wire := mcpmeta.WithSentRequest(ctx)
	res, err := c.MCPClient.CallTool(sendCtx, req)
	id, _ := wire.Get()
	call.SetRequestID(id)
	end(call, res, err)
	return res, err
}

// Every request method but Initialize and CallTool is recorded by send: a CLIENT span named by the method alone (its target,
// a resource's URI or a prompt's name, may be the user's words and is not
// recorded), the trace context in the request's _meta where the request
// has one.

func (c *tracedClient) Ping(ctx context.Context) error {
	if c.unsent() {
		return c.MCPClient.Ping(ctx)
	}
	_, err := send(c, ctx, mcp.MethodPing, nil, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, c.MCPClient.Ping(ctx)
	})
	return err
}

func (c *tracedClient) ListResourcesByPage(ctx context.Context, req mcp.ListResourcesRequest) (*mcp.ListResourcesResult, error) {
	return send(c, ctx, mcp.MethodResourcesList, &req.Params.Meta, func(ctx context.Context) (*mcp.ListResourcesResult, error) {
		return c.MCPClient.ListResourcesByPage(ctx, req)
	})
}

// ListResources and the other listings follow the server's pages within
// the wrapped client: one CLIENT span covers them all (with the first
// page's jsonrpc.request.id), and each page's SERVER span is its child.
func (c *tracedClient) ListResources(ctx context.Context, req mcp.ListResourcesRequest) (*mcp.ListResourcesResult, error) {
	return send(c, ctx, mcp.MethodResourcesList, &req.Params.Meta, func(ctx context.Context) (*mcp.ListResourcesResult, error) {
		return c.MCPClient.ListResources(ctx, req)
	})
}

func (c *tracedClient) ListResourceTemplatesByPage(ctx context.Context, req mcp.ListResourceTemplatesRequest) (*mcp.ListResourceTemplatesResult, error) {
	return send(c, ctx, mcp.MethodResourcesTemplatesList, &req.Params.Meta, func(ctx context.Context) (*mcp.ListResourceTemplatesResult, error) {
		return c.MCPClient.ListResourceTemplatesByPage(ctx, req)
	})
}

func (c *tracedClient) ListResourceTemplates(ctx context.Context, req mcp.ListResourceTemplatesRequest) (*mcp.ListResourceTemplatesResult, error) {
	return send(c, ctx, mcp.MethodResourcesTemplatesList, &req.Params.Meta, func(ctx context.Context) (*mcp.ListResourceTemplatesResult, error) {
		return c.MCPClient.ListResourceTemplates(ctx, req)
	})
}

func (c *tracedClient) ReadResource(ctx context.Context, req mcp.ReadResourceRequest) (*mcp.ReadResourceResult, error) {
	return send(c, ctx, mcp.MethodResourcesRead, &req.Params.Meta, func(ctx context.Context) (*mcp.ReadResourceResult, error) {
		return c.MCPClient.ReadResource(ctx, req)
	})
}

func (c *tracedClient) Subscribe(ctx context.Context, req mcp.SubscribeRequest) error {
	if c.unsent() {
		return c.MCPClient.Subscribe(ctx, req)
	}
	_, err := send(c, ctx, mcp.MethodResourcesSubscribe, nil, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, c.MCPClient.Subscribe(ctx, req)
	})
	return err
}

func (c *tracedClient) Unsubscribe(ctx context.Context, req mcp.UnsubscribeRequest) error {
	if c.unsent() {
		return c.MCPClient.Unsubscribe(ctx, req)
	}
	_, err := send(c, ctx, mcp.MethodResourcesUnsubscribe, nil, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, c.MCPClient.Unsubscribe(ctx, req)
	})
	return err
}

func (c *tracedClient) ListPromptsByPage(ctx context.Context, req mcp.ListPromptsRequest) (*mcp.ListPromptsResult, error) {
	return send(c, ctx, mcp.MethodPromptsList, &req.Params.Meta, func(ctx context.Context) (*mcp.ListPromptsResult, error) {
		return c.MCPClient.ListPromptsByPage(ctx, req)
	})
}

func (c *tracedClient) ListPrompts(ctx context.Context, req mcp.ListPromptsRequest) (*mcp.ListPromptsResult, error) {
	return send(c, ctx, mcp.MethodPromptsList, &req.Params.Meta, func(ctx context.Context) (*mcp.ListPromptsResult, error) {
		return c.MCPClient.ListPrompts(ctx, req)
	})
}

func (c *tracedClient) GetPrompt(ctx context.Context, req mcp.GetPromptRequest) (*mcp.GetPromptResult, error) {
	return send(c, ctx, mcp.MethodPromptsGet, &req.Params.Meta, func(ctx context.Context) (*mcp.GetPromptResult, error) {
		return c.MCPClient.GetPrompt(ctx, req)
	})
}

func (c *tracedClient) ListToolsByPage(ctx context.Context, req mcp.ListToolsRequest) (*mcp.ListToolsResult, error) {
	return send(c, ctx, mcp.MethodToolsList, &req.Params.Meta, func(ctx context.Context) (*mcp.ListToolsResult, error) {
		return c.MCPClient.ListToolsByPage(ctx, req)
	})
}

func (c *tracedClient) ListTools(ctx context.Context, req mcp.ListToolsRequest) (*mcp.ListToolsResult, error) {
	return send(c, ctx, mcp.MethodToolsList, &req.Params.Meta, func(ctx context.Context) (*mcp.ListToolsResult, error) {
		return c.MCPClient.ListTools(ctx, req)
	})
}

func (c *tracedClient) SetLevel(ctx context.Context, req mcp.SetLevelRequest) error {
	if c.unsent() {
		return c.MCPClient.SetLevel(ctx, req)
	}
	_, err := send(c, ctx, mcp.MethodSetLogLevel, nil, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, c.MCPClient.SetLevel(ctx, req)
	})
	return err
}

func (c *tracedClient) Complete(ctx context.Context, req mcp.CompleteRequest) (*mcp.CompleteResult, error) {
	return send(c, ctx, mcp.MethodCompletionComplete, nil, func(ctx context.Context) (*mcp.CompleteResult, error) {
		return c.MCPClient.Complete(ctx, req)
	})
}

// send records the request of method that do sends as a CLIENT span,
// timed on mcp.client.operation.duration. meta, when the request has a
// _meta, is set to a copy carrying the span's trace context (the caller's
// _meta is not written).
func send[R any](c *tracedClient, ctx context.Context, method mcp.MCPMethod, meta **mcp.Meta, do func(context.Context) (R, error)) (R, error) {
	ctx, call := c.cfg.TelemetryFor(ctx).StartMCPRequest(ctx, c.request(method, ""))
	if meta != nil {
		*meta = c.traceMeta(ctx, *meta)
	}
	sendCtx, wire := mcpmeta.WithSentRequest(ctx)
	res, err := do(sendCtx)
	id, _ := wire.Get()
	call.SetRequestID(id)
	endRequest(call, err)
	return res, err
}

// traceMeta returns meta with the trace context of ctx, in a copy, or
// meta itself when ctx has no span.
func (c *tracedClient) traceMeta(ctx context.Context, meta *mcp.Meta) *mcp.Meta {
	if !trace.SpanContextFromContext(ctx).IsValid() {
		return meta
	}
	return c.cfg.withTraceContext(ctx, meta)
}

// request describes a request of method (and tool, for a tools/call) with
// what the wrapped client says of its connection.
func (c *tracedClient) request(method mcp.MCPMethod, tool string) otelagent.MCPRequest {
	r := otelagent.MCPRequest{
		Side: otelagent.MCPClient, Method: string(method), ToolName: tool,
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
