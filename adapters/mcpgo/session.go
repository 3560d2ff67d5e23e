package otelmcpgo

import (
	"context"
	"sync"

	"github.com/mark3labs/mcp-go/server"

	"github.com/otelagent/otelagent-go/otelagent"
)

// AddSessionHooks adds to hooks what records the duration of each session
// an mcp-go server registers, from its registration to its unregistration,
// on mcp.server.session.duration. Pass hooks to the server:
//
//	hooks := &server.Hooks{}
//	otelmcpgo.AddSessionHooks(hooks)
//	s := server.NewMCPServer(name, version, server.WithHooks(hooks), ...)
//
// mcp-go's sessions do not say which protocol version they negotiated, so
// mcp.protocol.version is not recorded.
func AddSessionHooks(hooks *server.Hooks, opts ...Option) {
	if hooks == nil {
		return
	}
	cfg := newConfig(opts)
	var open sync.Map // session id -> *otelagent.MCPSession
	hooks.AddOnRegisterSession(func(ctx context.Context, session server.ClientSession) {
		if session == nil {
			return
		}
		if s := cfg.TelemetryFor(ctx).StartMCPSession(otelagent.MCPSessionInfo{Side: otelagent.MCPServer}); s != nil {
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
			s.(*otelagent.MCPSession).End(nil)
		}
	})
}
