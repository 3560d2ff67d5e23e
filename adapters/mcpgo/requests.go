package otelmcpgo

import (
	"context"
	"errors"
	"reflect"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// maxInFlight bounds the requests AddHooks' hooks hold between BeforeAny
// and OnSuccess or OnError: a handler that never returns (or panics past
// mcp-go) leaves its request behind, and the oldest is ended to make room.
const maxInFlight = 1024

// errAbandoned ends a request the server never answered: its session
// ended first, or newer requests pushed it out (maxInFlight).
var errAbandoned = otelagent.WithErrorType(errors.New("otelmcpgo: the server did not answer the request"), semconv.ErrorTypeCanceled)

// inFlight holds the SERVER spans of the requests the server handles, by
// the request message mcp-go gives BeforeAny and again OnSuccess or
// OnError: the same pointer, one per request, whatever its id and session.
type inFlight struct {
	mu    sync.Mutex
	calls map[any]flight
	seq   uint64
}

type flight struct {
	call    *otelagent.MCPCall
	session string
	seq     uint64 // the order it started in: the smallest is the oldest
}

// add holds call for message, ending the oldest request if it is full.
func (f *inFlight) add(message any, call *otelagent.MCPCall, session string) {
	f.mu.Lock()
	var evicted *otelagent.MCPCall
	if f.calls == nil {
		f.calls = make(map[any]flight)
	}
	if prev, ok := f.calls[message]; ok {
		evicted = prev.call // mcp-go reused the message: the first is over
	} else if len(f.calls) >= maxInFlight {
		var oldest any
		var seq uint64
		for k, v := range f.calls {
			if oldest == nil || v.seq < seq {
				oldest, seq = k, v.seq
			}
		}
		evicted = f.calls[oldest].call
		delete(f.calls, oldest)
	}
	f.seq++
	f.calls[message] = flight{call: call, session: session, seq: f.seq}
	f.mu.Unlock()
	evicted.End(errAbandoned)
}

// take returns the request held for message, and forgets it.
func (f *inFlight) take(message any) (*otelagent.MCPCall, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	v, ok := f.calls[message]
	if ok {
		delete(f.calls, message)
	}
	return v.call, ok
}

// endSession ends the requests of session that are still held.
func (f *inFlight) endSession(session string) {
	var ended []*otelagent.MCPCall
	f.mu.Lock()
	for k, v := range f.calls {
		if v.session == session {
			ended = append(ended, v.call)
			delete(f.calls, k)
		}
	}
	f.mu.Unlock()
	for _, c := range ended {
		c.End(errAbandoned)
	}
}

// addRequestHooks adds to hooks what records every request but tools/call
// (ToolMiddleware's) as an MCP SERVER span, from BeforeAny to OnSuccess or
// OnError. mcp-go's hooks cannot change the handler's context, so what the
// handler records is not nested under the span.
func addRequestHooks(hooks *server.Hooks, cfg config) {
	flights := &inFlight{}
	hooks.AddBeforeAny(func(ctx context.Context, id any, method mcp.MCPMethod, message any) {
		if !recorded(method, message) {
			return
		}
		_, call := cfg.start(ctx, id, method, message)
		if call != nil {
			flights.add(message, call, sessionID(ctx))
		}
	})
	hooks.AddOnSuccess(func(_ context.Context, _ any, method mcp.MCPMethod, message any, _ any) {
		if !recorded(method, message) {
			return
		}
		if call, ok := flights.take(message); ok {
			call.End(nil)
		}
	})
	hooks.AddOnError(func(ctx context.Context, id any, method mcp.MCPMethod, message any, err error) {
		if !recorded(method, message) {
			return
		}
		call, ok := flights.take(message)
		if !ok {
			// Refused before its handler (unparsable, a capability the
			// server lacks): BeforeAny did not see it.
			_, call = cfg.start(ctx, id, method, message)
		}
		var rpc interface{ ToJSONRPCError() mcp.JSONRPCError }
		if errors.As(err, &rpc) {
			call.SetErrorCode(int64(rpc.ToJSONRPCError().Error.Code))
		}
		call.End(err)
	})
	hooks.AddOnUnregisterSession(func(_ context.Context, session server.ClientSession) {
		if session != nil {
			flights.endSession(session.SessionID())
		}
	})
}

// recorded reports whether the request hooks record a request of method
// carried by message: ToolMiddleware records tools/call, and only a
// pointer (what mcp-go hands the hooks) can key a request in flight.
func recorded(method mcp.MCPMethod, message any) bool {
	if method == mcp.MethodToolsCall || message == nil {
		return false
	}
	return reflect.TypeOf(message).Kind() == reflect.Pointer
}

// start starts the SERVER span of the request of method with JSON-RPC id
// that message carries, a child of the client's span when its _meta
// carries its trace context.
func (c *config) start(ctx context.Context, id any, method mcp.MCPMethod, message any) (context.Context, *otelagent.MCPCall) {
	ctx = c.parent(ctx, requestMeta(message))
	r := serverRequest(ctx, otelagent.MCPRequest{Side: otelagent.MCPServer, Method: string(method)})
	r.RequestID = idString(id)
	return c.TelemetryFor(ctx).StartMCPRequest(ctx, r)
}

// requestMeta returns the _meta of the requests that have one.
func requestMeta(message any) *mcp.Meta {
	switch m := message.(type) {
	case *mcp.ListToolsRequest:
		return m.Params.Meta
	case *mcp.ListResourcesRequest:
		return m.Params.Meta
	case *mcp.ListResourceTemplatesRequest:
		return m.Params.Meta
	case *mcp.ListPromptsRequest:
		return m.Params.Meta
	case *mcp.ReadResourceRequest:
		return m.Params.Meta
	case *mcp.GetPromptRequest:
		return m.Params.Meta
	}
	return nil
}

// sessionID is the id of the session handling the request in ctx.
func sessionID(ctx context.Context) string {
	if s := server.ClientSessionFromContext(ctx); s != nil {
		return s.SessionID()
	}
	return ""
}
