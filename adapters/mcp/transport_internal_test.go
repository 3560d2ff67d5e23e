package otelmcp

import (
	"context"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// The requests a wrapped connection read are forgotten once answered, or
// when it closes: the map does not grow with the requests a server
// handles.
func TestReceivedRequestsAreForgotten(t *testing.T) {
	server := mcp.NewServer(&mcp.Implementation{Name: "tools"}, nil)
	server.AddReceivingMiddleware(ServerMiddleware())
	mcp.AddTool(server, &mcp.Tool{Name: "echo"}, func(context.Context, *mcp.CallToolRequest, struct{}) (*mcp.CallToolResult, any, error) {
		return &mcp.CallToolResult{}, nil, nil
	})
	st, ct := mcp.NewInMemoryTransports()
	ss, err := server.Connect(context.Background(), WrapTransport(st), nil)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "agent"}, nil).Connect(context.Background(), ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "echo"}); err != nil {
		t.Fatal(err)
	}
	_, _ = cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "no_such_tool"})
	held := func() int {
		n := 0
		receivedByExtra.Range(func(any, any) bool { n++; return true })
		return n
	}
	if n := held(); n != 0 {
		t.Errorf("%d answered requests still held", n)
	}
	_ = cs.Close()
	_ = ss.Wait()
	if n := held(); n != 0 {
		t.Errorf("%d requests still held after the connection closed", n)
	}
}
