package otelmcpgo_test

import (
	"context"
	"fmt"
	"log"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	otelmcpgo "github.com/otelagent/otelagent-go/adapters/mcpgo"
	"github.com/otelagent/otelagent-go/otelagent"
)

// An agent calls a tool on an mcp-go server. Both sides record the call, and
// the server's span joins the client's trace through the request's _meta.
func Example() {
	recorder := tracetest.NewSpanRecorder()
	tel := otelagent.New(otelagent.WithTracerProvider(
		sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))))
	ctx := context.Background()

	s := server.NewMCPServer("tools", "1.0.0",
		server.WithToolHandlerMiddleware(otelmcpgo.ToolMiddleware(otelmcpgo.WithTelemetry(tel))))
	s.AddTool(mcp.NewTool("get_weather", mcp.WithString("city")), func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return mcp.NewToolResultText("sunny"), nil
	})

	inProcess, err := client.NewInProcessClient(s)
	if err != nil {
		log.Fatal(err)
	}
	defer inProcess.Close()
	if err := inProcess.Start(ctx); err != nil {
		log.Fatal(err)
	}
	var initReq mcp.InitializeRequest
	initReq.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	if _, err := inProcess.Initialize(ctx, initReq); err != nil {
		log.Fatal(err)
	}
	c := otelmcpgo.WrapClient(inProcess, otelmcpgo.WithTelemetry(tel))

	var req mcp.CallToolRequest
	req.Params.Name = "get_weather"
	req.Params.Arguments = map[string]any{"city": "Paris"}
	if _, err := c.CallTool(ctx, req); err != nil {
		log.Fatal(err)
	}

	spans := recorder.Ended()
	server0, client0 := spans[0], spans[1]
	fmt.Println("server:", server0.Name())
	fmt.Println("client:", client0.Name())
	fmt.Println("server span is the client's child:", server0.Parent().SpanID() == client0.SpanContext().SpanID())
	// Output:
	// server: execute_tool get_weather
	// client: execute_tool get_weather
	// server span is the client's child: true
}
