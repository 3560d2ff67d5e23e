package otelmcpgo_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"strings"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	otelmcpgo "github.com/otelagent/otelagent-go/adapters/mcpgo"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
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

// Across a connection, the server's hooks (AddHooks) and the client's
// transport (WrapTransport) tell the spans each request's JSON-RPC id. A
// stdio connection records network.transport pipe; here, over pipes in one
// process, as a program launched by its client would.
func ExampleWrapTransport() {
	recorder := tracetest.NewSpanRecorder()
	tel := otelagent.New(otelagent.WithTracerProvider(
		sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))))
	opt := otelmcpgo.WithTelemetry(tel)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	hooks := &server.Hooks{}
	otelmcpgo.AddHooks(hooks, opt)
	s := server.NewMCPServer("tools", "1.0.0", server.WithHooks(hooks),
		server.WithToolHandlerMiddleware(otelmcpgo.ToolMiddleware(opt)))
	s.AddTool(mcp.NewTool("get_weather", mcp.WithString("city")), func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return mcp.NewToolResultText("sunny"), nil
	})
	serverIn, clientOut := io.Pipe()
	clientIn, serverOut := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = server.NewStdioServer(s).Listen(ctx, serverIn, serverOut)
	}()

	inner := client.NewClient(otelmcpgo.WrapTransport(transport.NewIO(clientIn, clientOut, io.NopCloser(strings.NewReader("")))))
	if err := inner.Start(ctx); err != nil {
		log.Fatal(err)
	}
	c := otelmcpgo.WrapClient(inner, opt)
	if _, err := c.Initialize(ctx, mcp.InitializeRequest{}); err != nil {
		log.Fatal(err)
	}
	var req mcp.CallToolRequest
	req.Params.Name = "get_weather"
	if _, err := c.CallTool(ctx, req); err != nil {
		log.Fatal(err)
	}
	_ = c.Close()
	cancel()
	_ = serverIn.Close()
	_ = clientIn.Close()
	<-done

	for _, span := range recorder.Ended() {
		if span.Name() != "tools/call get_weather" {
			continue
		}
		for _, kv := range span.Attributes() {
			if kv.Key == semconv.JSONRPCRequestIDKey || kv.Key == semconv.NetworkTransportKey {
				fmt.Printf("%s (%s): %s %s\n", span.Name(), span.SpanKind(), kv.Key, kv.Value.Emit())
			}
		}
	}
	// Output:
	// tools/call get_weather (server): jsonrpc.request.id 2
	// tools/call get_weather (server): network.transport pipe
	// tools/call get_weather (client): network.transport pipe
	// tools/call get_weather (client): jsonrpc.request.id 2
}

// The server's hooks (AddHooks) record every request but tools/call
// (ToolMiddleware's) as a SERVER span named by its method; the wrapped
// client records each as a CLIENT span. A resource's URI is not recorded.
func ExampleAddHooks() {
	recorder := tracetest.NewSpanRecorder()
	tel := otelagent.New(otelagent.WithTracerProvider(
		sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))))
	opt := otelmcpgo.WithTelemetry(tel)
	ctx := context.Background()

	hooks := &server.Hooks{}
	otelmcpgo.AddHooks(hooks, opt)
	s := server.NewMCPServer("docs", "1.0.0", server.WithHooks(hooks), server.WithResourceCapabilities(false, false))
	s.AddResource(mcp.NewResource("docs://readme", "readme"), func(_ context.Context, req mcp.ReadResourceRequest) ([]mcp.ResourceContents, error) {
		return []mcp.ResourceContents{mcp.TextResourceContents{URI: req.Params.URI, Text: "hello"}}, nil
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
	c := otelmcpgo.WrapClient(inProcess, opt)

	var req mcp.ReadResourceRequest
	req.Params.URI = "docs://readme"
	if _, err := c.ReadResource(ctx, req); err != nil {
		log.Fatal(err)
	}
	for _, span := range recorder.Ended() {
		if span.Name() == "resources/read" {
			fmt.Println(span.Name(), span.SpanKind())
		}
	}
	// Output:
	// resources/read server
	// resources/read client
}
