package otelmcpgo

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/otelagent/otelagent-go/otelagent"
)

// The ids the hooks hold are forgotten when a call ends, failed or not:
// the map does not grow with the requests a server handles.
func TestReceivedIDsAreForgotten(t *testing.T) {
	tel := otelagent.New(otelagent.WithTracerProvider(nil), otelagent.WithMeterProvider(nil))
	hooks := &server.Hooks{}
	AddHooks(hooks, WithTelemetry(tel))
	s := server.NewMCPServer("tools", "1.0.0", server.WithHooks(hooks), server.WithToolHandlerMiddleware(ToolMiddleware(WithTelemetry(tel))))
	s.AddTool(mcp.NewTool("echo"), func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return mcp.NewToolResultText("ok"), nil
	})
	ctx := context.Background()
	for i, msg := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"c","version":"1"}}}`,
		`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo"}}`,
		`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"no_such_tool"}}`,
	} {
		if resp := s.HandleMessage(ctx, json.RawMessage(msg)); resp == nil {
			t.Fatalf("message %d: no response", i)
		}
	}
	n := 0
	received.Range(func(any, any) bool { n++; return true })
	if n != 0 {
		t.Errorf("%d request ids still held after their calls ended", n)
	}
}
