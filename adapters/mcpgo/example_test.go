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

// An agent calls a tool on an mcp-go server in the same process. Across
// processes, both sides record the call and the server's span joins the
// client's trace through the request's _meta; in process, the handler runs
// in the client's context, and the client's span is the call's one span.
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

	for _, span := range recorder.Ended() {
		fmt.Println(span.Name())
	}
	// Output:
	// tools/call get_weather
}
