package otelmcpgo_test

import (
	"context"
	"errors"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	otelmcpgo "github.com/otelagent/otelagent-go/adapters/mcpgo"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

// With the in-process transport, the server's handler runs in the client's
// context: each tool call is counted once in the session, one span and one
// tool-duration point, not one per side.
func TestInProcessCallsCountOnce(t *testing.T) {
	h := otelagenttest.New(t)
	opts := []otelmcpgo.Option{otelmcpgo.WithTelemetry(h.Telemetry())}
	s := server.NewMCPServer("tools", "1.0.0", server.WithToolHandlerMiddleware(otelmcpgo.ToolMiddleware(opts...)))
	s.AddTool(mcp.NewTool("echo"), func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return mcp.NewToolResultText(canaryResult), nil
	})
	s.AddTool(mcp.NewTool("fail"), func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return mcp.NewToolResultError(canaryFailure), nil
	})
	s.AddTool(mcp.NewTool("crash"), func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return nil, errors.New(canaryFailure)
	})
	inner, err := client.NewInProcessClient(s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = inner.Close() })
	if err := inner.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	if _, err := inner.Initialize(context.Background(), init); err != nil {
		t.Fatal(err)
	}
	c := otelmcpgo.WrapClient(inner, opts...)

	ctx, session := h.Telemetry().StartSession(context.Background(), otelagent.Agent{Name: "coder"})
	for _, tool := range []string{"echo", "echo", "fail", "crash"} {
		_, _ = callTool(ctx, c, tool)
	}
	session.End(nil)

	h.AssertAttributes(h.Span(semconv.SpanNameInvokeAgent("coder")),
		semconv.SessionToolCallsKey.Int64(4),
		semconv.SessionErrorsKey.Int64(2))
	if n := len(h.SpansByOperation(semconv.OperationExecuteTool)); n != 4 {
		t.Errorf("%d execute_tool spans, want 4: one per call", n)
	}
	m, ok := h.Metric(semconv.ExecuteToolDurationName)
	if !ok {
		t.Fatal("tool duration not recorded")
	}
	var points uint64
	for _, p := range m.Data.(metricdata.Histogram[float64]).DataPoints {
		points += p.Count
	}
	if points != 4 {
		t.Errorf("tool duration recorded %d times, want 4", points)
	}
	h.AssertNoOrphans()
	h.AssertNotExported(canaryResult, canaryFailure)
}
