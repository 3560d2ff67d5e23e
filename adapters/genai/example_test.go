package otelgenai_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"google.golang.org/genai"

	otelgenai "github.com/otelagent/otelagent-go/adapters/genai"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// The client's HTTPClient makes every generateContent call a "chat" span
// with its token usage. A local server stands in for the Gemini API here.
func Example() {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, generateContentJSON)
	}))
	defer api.Close()

	recorder := tracetest.NewSpanRecorder()
	tel := otelagent.New(otelagent.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))))

	client, err := genai.NewClient(context.Background(), &genai.ClientConfig{
		APIKey:      "AIza...",
		Backend:     genai.BackendGeminiAPI,
		HTTPOptions: genai.HTTPOptions{BaseURL: api.URL},
		HTTPClient:  otelgenai.HTTPClient(nil, otelgenai.WithTelemetry(tel)),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := client.Models.GenerateContent(context.Background(), "gemini-2.5-flash", genai.Text("Summarise my diary."), nil); err != nil {
		fmt.Println(err)
		return
	}

	span := recorder.Ended()[0]
	fmt.Println(span.Name())
	for _, kv := range span.Attributes() {
		switch kv.Key {
		case semconv.GenAIProviderNameKey, semconv.GenAIUsageInputTokensKey, semconv.GenAIUsageOutputTokensKey,
			semconv.GenAIUsageCacheReadInputTokensKey, semconv.GenAIUsageReasoningOutputTokensKey:
			fmt.Println(kv.Key, kv.Value.Emit())
		}
	}
	// Output:
	// chat gemini-2.5-flash
	// gen_ai.provider.name gcp.gemini
	// gen_ai.usage.input_tokens 1052
	// gen_ai.usage.output_tokens 250
	// gen_ai.usage.cache_read.input_tokens 1024
	// gen_ai.usage.reasoning.output_tokens 238
}
