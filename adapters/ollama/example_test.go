package otelollama_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"

	"github.com/ollama/ollama/api"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	otelollama "github.com/otelagent/otelagent-go/adapters/ollama"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// The client's HTTP client makes every chat a "chat" span with its token
// usage; a local model's tokens are unpriced. A local server stands in for
// Ollama here.
func Example() {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/x-ndjson")
		for _, line := range chatStream {
			_, _ = io.WriteString(w, line)
		}
	}))
	defer server.Close()

	recorder := tracetest.NewSpanRecorder()
	tel := otelagent.New(otelagent.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))))

	base, _ := url.Parse(server.URL) // http://127.0.0.1:11434 for a local Ollama
	client := api.NewClient(base, otelollama.HTTPClient(http.DefaultClient, otelollama.WithTelemetry(tel)))
	err := client.Chat(context.Background(), &api.ChatRequest{
		Model:    "llama3.2",
		Messages: []api.Message{{Role: "user", Content: "Summarise my diary."}},
	}, func(api.ChatResponse) error { return nil })
	if err != nil {
		fmt.Println(err)
		return
	}

	span := recorder.Ended()[0]
	fmt.Println(span.Name())
	for _, kv := range span.Attributes() {
		switch kv.Key {
		case semconv.GenAIProviderNameKey, semconv.GenAIUsageInputTokensKey, semconv.GenAIUsageOutputTokensKey, semconv.PricedKey:
			fmt.Println(kv.Key, kv.Value.Emit())
		}
	}
	// Output:
	// chat llama3.2:latest
	// gen_ai.provider.name ollama
	// gen_ai.usage.input_tokens 26
	// gen_ai.usage.output_tokens 12
	// otelagent.cost.priced false
}
