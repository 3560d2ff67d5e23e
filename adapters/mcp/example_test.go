package otelmcp_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	otelmcp "github.com/otelagent/otelagent-go/adapters/mcp"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// An agent calls a tool on an MCP server. Both sides record the call, and
// the server's span joins the client's trace through the request's _meta.
func Example() {
	recorder := tracetest.NewSpanRecorder()
	tel := otelagent.New(otelagent.WithTracerProvider(
		sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))))
	ctx := context.Background()
	// The trace context travels in _meta through the global propagator,
	// which a program's setup sets (its default propagates nothing).
	otel.SetTextMapPropagator(propagation.TraceContext{})

	server := mcp.NewServer(&mcp.Implementation{Name: "tools", Version: "v1.0.0"}, nil)
	server.AddReceivingMiddleware(otelmcp.ServerMiddleware(otelmcp.WithTelemetry(tel)))
	mcp.AddTool(server, &mcp.Tool{Name: "get_weather"}, func(context.Context, *mcp.CallToolRequest, struct{ City string }) (*mcp.CallToolResult, any, error) {
		return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: "sunny"}}}, nil, nil
	})
	client := mcp.NewClient(&mcp.Implementation{Name: "agent", Version: "v1.0.0"}, nil)
	client.AddSendingMiddleware(otelmcp.ClientMiddleware(otelmcp.WithTelemetry(tel)))

	st, ct := mcp.NewInMemoryTransports()
	ss, err := server.Connect(ctx, st, nil)
	if err != nil {
		log.Fatal(err)
	}
	cs, err := client.Connect(ctx, ct, nil)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "get_weather", Arguments: map[string]any{"City": "Paris"}}); err != nil {
		log.Fatal(err)
	}
	_ = cs.Close()
	_ = ss.Wait()

	// Every request is a span; those of the tool call: the server's
	// execution, its SERVER span, the client's CLIENT span.
	var call []sdktrace.ReadOnlySpan
	for _, s := range recorder.Ended() {
		if strings.HasSuffix(s.Name(), "get_weather") {
			call = append(call, s)
			fmt.Printf("%s (%s)\n", s.Name(), s.SpanKind())
		}
	}
	exec, server0, client0 := call[0], call[1], call[2]
	fmt.Println("same trace:", server0.SpanContext().TraceID() == client0.SpanContext().TraceID())
	fmt.Println("server span is the client's child:", server0.Parent().SpanID() == client0.SpanContext().SpanID())
	fmt.Println("the tool runs in the server span:", exec.Parent().SpanID() == server0.SpanContext().SpanID())
	// Output:
	// execute_tool get_weather (internal)
	// tools/call get_weather (server)
	// tools/call get_weather (client)
	// same trace: true
	// server span is the client's child: true
	// the tool runs in the server span: true
}

// Wrapped, the transport tells the middleware the JSON-RPC id of each
// request, on both sides, and its network.transport (pipe for stdio and
// command transports, tcp for HTTP; none in memory, as here).
func ExampleWrapTransport() {
	recorder := tracetest.NewSpanRecorder()
	tel := otelagent.New(otelagent.WithTracerProvider(
		sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))))
	ctx := context.Background()

	server := mcp.NewServer(&mcp.Implementation{Name: "tools", Version: "v1.0.0"}, nil)
	server.AddReceivingMiddleware(otelmcp.ServerMiddleware(otelmcp.WithTelemetry(tel)))
	client := mcp.NewClient(&mcp.Implementation{Name: "agent", Version: "v1.0.0"}, nil)
	client.AddSendingMiddleware(otelmcp.ClientMiddleware(otelmcp.WithTelemetry(tel)))

	st, ct := mcp.NewInMemoryTransports()
	ss, err := server.Connect(ctx, otelmcp.WrapTransport(st), nil)
	if err != nil {
		log.Fatal(err)
	}
	cs, err := client.Connect(ctx, otelmcp.WrapTransport(ct), nil)
	if err != nil {
		log.Fatal(err)
	}
	if err := cs.Ping(ctx, nil); err != nil {
		log.Fatal(err)
	}
	_ = cs.Close()
	_ = ss.Wait()

	for _, s := range recorder.Ended() {
		if s.Name() != "ping" {
			continue
		}
		for _, kv := range s.Attributes() {
			if kv.Key == semconv.JSONRPCRequestIDKey {
				fmt.Printf("%s (%s): %s %s\n", s.Name(), s.SpanKind(), kv.Key, kv.Value.Emit())
			}
		}
	}
	// Output:
	// ping (server): jsonrpc.request.id 2
	// ping (client): jsonrpc.request.id 2
}
