package otelmcp

import (
	"context"
	"sync"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/otelagent/otelagent-go/otelagent"
)

// ServerMiddleware returns receiving middleware for an mcp.Server that
// records every request it handles as an MCP SERVER span,
// "{mcp.method.name} {tool}", with mcp.server.operation.duration, and the
// execution of each tools/call as an "execute_tool {tool}" span inside it,
// where the tool runs. The SERVER span's parent is the client's span when
// a tools/call's _meta carries its trace context, else the span in the
// server's context. The tool handler runs with the execute_tool span in its
// context, so what it records nests under it. Add it with
//
//	server.AddReceivingMiddleware(otelmcp.ServerMiddleware())
//
// The tool's name is recorded only if the server has such a tool: a client
// can name any tool, and a name it made up must not reach the server's
// spans and metrics. The middleware learns the server's tools by sending a
// tools/list request down the server's own method chain (middleware added
// before it sees it) the first time it meets a name it has not seen listed.
func ServerMiddleware(opts ...Option) mcp.Middleware {
	cfg := newConfig(opts)
	tools := &toolNames{}
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (res mcp.Result, err error) {
			tel := cfg.TelemetryFor(ctx)
			if !tel.Enabled() {
				return next(ctx, method, req)
			}
			var params *mcp.CallToolParamsRaw
			if method == methodCallTool && req != nil {
				params, _ = req.GetParams().(*mcp.CallToolParamsRaw)
			}
			name, description := "", ""
			if params != nil {
				ctx = cfg.Extract(ctx, params.Meta)
				if d, ok := tools.lookup(ctx, next, req, params.Name); ok {
					name, description = params.Name, d
				}
			}
			r := mcpRequest(otelagent.MCPServer, method, req, name)
			wire := receivedRequest(req)
			r.RequestID, r.Transport = wire.id, wire.kind
			ctx, call := tel.StartMCPRequest(ctx, r)
			defer func() {
				end(call, res, err)
				if opensSession(method) && err == nil {
					watchSession(tel, otelagent.MCPServer, req, wire.kind)
				}
			}()
			if params == nil {
				return next(ctx, method, req)
			}
			// The description is the server's own, from its tool list
			// (otelagent bounds it; see otelagent.MaxDescriptionLen).
			ctx, tool := tel.StartToolCall(ctx, otelagent.Tool{Name: name, Description: description})
			res, err = next(ctx, method, req)
			tool.End(classify(res, err))
			return res, err
		}
	}
}

// maxToolNames bounds the names a middleware remembers, and maxListPages
// the pages of one listing: a server has far fewer tools.
const (
	maxToolNames = 4096
	maxListPages = 64
)

// toolNames holds the names of the tools the server listed, with their
// descriptions.
type toolNames struct {
	mu    sync.Mutex
	known map[string]string
}

// lookup reports whether the server has a tool named name, and its
// description, listing its tools if name was not listed before.
func (t *toolNames) lookup(ctx context.Context, next mcp.MethodHandler, req mcp.Request, name string) (string, bool) {
	t.mu.Lock()
	d, known := t.known[name]
	t.mu.Unlock()
	if known || name == "" {
		return d, known
	}
	session, ok := req.GetSession().(*mcp.ServerSession)
	if !ok {
		return "", false
	}
	listed := map[string]string{}
	cursor := ""
	for range maxListPages {
		res, err := next(ctx, methodListTools, &mcp.ListToolsRequest{Session: session, Params: &mcp.ListToolsParams{Cursor: cursor}})
		page, ok := res.(*mcp.ListToolsResult)
		if err != nil || !ok || page == nil {
			break
		}
		for _, tool := range page.Tools {
			if tool != nil {
				listed[tool.Name] = tool.Description
			}
		}
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.known == nil {
		t.known = make(map[string]string, len(listed))
	}
	for n, d := range listed {
		if len(t.known) >= maxToolNames {
			break
		}
		t.known[n] = d
	}
	d, known = t.known[name]
	return d, known
}
