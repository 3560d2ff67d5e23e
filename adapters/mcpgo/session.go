package otelmcpgo

import (
	"context"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/otelagent/otelagent-go/otelagent"
)

// AddHooks adds to hooks what only mcp-go's hooks see: every request the
// server handles but tools/call (ToolMiddleware's) as an MCP SERVER span
// named by its method ("resources/read", never the resource's URI or a
// prompt's name), a child of the client's span when the request's _meta
// carries its trace context, with its jsonrpc.request.id, timed on
// mcp.server.operation.duration; the duration of each session the server
// registers, from its registration to its unregistration, on
// mcp.server.session.duration (with its network.transport and negotiated
// mcp.protocol.version); and the JSON-RPC id of each tools/call, which
// ToolMiddleware records on its SERVER span. Pass hooks to the server:
//
//	hooks := &server.Hooks{}
//	otelmcpgo.AddHooks(hooks)
//	s := server.NewMCPServer(name, version, server.WithHooks(hooks),
//		server.WithToolHandlerMiddleware(otelmcpgo.ToolMiddleware()))
//
// A request's span runs from mcp-go's BeforeAny hook to its OnSuccess or
// OnError hook; hooks cannot hand the handler a context, so what the
// handler records is not nested under it. A request whose handler never
// returns is ended, with error.type canceled, when its session is
// unregistered or when 1024 newer requests are in flight.
func AddHooks(hooks *server.Hooks, opts ...Option) {
	if hooks == nil {
		return
	}
	cfg := newConfig(opts)
	addSessionHooks(hooks, cfg)
	addRequestHooks(hooks, cfg)
	// mcp-go hands the hooks the request and the middleware a copy: the
	// id goes from one to the other by what both copies share (see
	// received), from before the call until after it.
	hooks.AddBeforeCallTool(func(_ context.Context, id any, req *mcp.CallToolRequest) {
		if req != nil {
			receiveID(req.Header, id)
		}
	})
	hooks.AddAfterCallTool(func(_ context.Context, _ any, req *mcp.CallToolRequest, _ any) {
		if req != nil {
			forgetID(req.Header)
		}
	})
	hooks.AddOnError(func(_ context.Context, _ any, _ mcp.MCPMethod, message any, _ error) {
		if req, ok := message.(*mcp.CallToolRequest); ok && req != nil {
			forgetID(req.Header)
		}
	})
}

// AddSessionHooks adds to hooks what records each session's duration.
//
// Deprecated: use AddHooks, which also gives ToolMiddleware each request's
// JSON-RPC id.
func AddSessionHooks(hooks *server.Hooks, opts ...Option) {
	if hooks == nil {
		return
	}
	addSessionHooks(hooks, newConfig(opts))
}

func addSessionHooks(hooks *server.Hooks, cfg config) {
	var open sync.Map // session id -> *otelagent.MCPSession
	hooks.AddOnRegisterSession(func(ctx context.Context, session server.ClientSession) {
		if session == nil {
			return
		}
		info := otelagent.MCPSessionInfo{Side: otelagent.MCPServer, Transport: sessionTransport(session)}
		if s := cfg.TelemetryFor(ctx).StartMCPSession(info); s != nil {
			if prev, loaded := open.Swap(session.SessionID(), s); loaded {
				prev.(*otelagent.MCPSession).End(nil)
			}
		}
	})
	hooks.AddOnUnregisterSession(func(_ context.Context, session server.ClientSession) {
		if session == nil {
			return
		}
		if s, ok := open.LoadAndDelete(session.SessionID()); ok {
			// The version is negotiated after registration.
			if v, ok := session.(server.SessionWithProtocolVersion); ok {
				s.(*otelagent.MCPSession).SetProtocolVersion(v.ProtocolVersion())
			}
			s.(*otelagent.MCPSession).End(nil)
		}
	})
}
