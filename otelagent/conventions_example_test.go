package otelagent_test

import (
	"context"
	"fmt"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// An adapter that scans a streamed response records each chunk, and what
// the provider answered; under the latest schema the names are the
// standalone GenAI conventions'.
func ExampleChat_RecordChunk() {
	recorder := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))
	tel := otelagent.New(otelagent.WithTracerProvider(tp), otelagent.WithSchema(semconv.SchemaLatest))

	_, chat := tel.StartChat(context.Background(), otelagent.ChatRequest{
		Model: "gpt-4o", Provider: "openai", ServerAddress: "api.openai.com", ServerPort: 443,
		Stream: true, MaxTokens: 1024, Temperature: new(0.2),
	})
	for range 3 { // for each chunk of the stream
		chat.RecordChunk()
	}
	chat.SetResponse(otelagent.Response{ID: "chatcmpl-1", FinishReasons: []string{"stop"}})
	chat.SetUsage(otelagent.Usage{InputTokens: 900, OutputTokens: 120, CacheCreationInputTokens: 400})
	chat.End(nil)

	for _, kv := range recorder.Ended()[0].Attributes() {
		switch kv.Key {
		case semconv.GenAIRequestStreamKey, semconv.GenAIResponseFinishReasonsKey, semconv.GenAIUsageCacheWriteInputTokensKey:
			fmt.Println(kv.Key, kv.Value.Emit())
		}
	}
	// Output:
	// gen_ai.request.stream true
	// gen_ai.response.finish_reasons ["stop"]
	// gen_ai.usage.cache_write.input_tokens 400
}

// An MCP server records each request as a SERVER span, and the tool's
// execution as an execute_tool span inside it.
func ExampleTelemetry_StartMCPRequest() {
	recorder := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))
	tel := otelagent.New(otelagent.WithTracerProvider(tp))

	ctx, req := tel.StartMCPRequest(context.Background(), otelagent.MCPRequest{
		Side: otelagent.MCPServer, Method: "tools/call", ToolName: "search",
		ProtocolVersion: "2025-06-18", RequestID: "42", Transport: semconv.NetworkTransportPipe,
	})
	_, call := tel.StartToolCall(ctx, otelagent.Tool{Name: "search"})
	call.End(nil)
	req.End(nil)

	for _, s := range recorder.Ended() {
		fmt.Printf("%s (%s)\n", s.Name(), s.SpanKind())
	}
	// Output:
	// execute_tool search (internal)
	// tools/call search (server)
}
