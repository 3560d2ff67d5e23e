package otelgoopenai_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	openai "github.com/sashabaranov/go-openai"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	otelgoopenai "github.com/otelagent/otelagent-go/adapters/goopenai"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// The config's HTTPClient makes every chat completion a "chat" span with
// its token usage. A local server stands in for the OpenAI API here.
func Example() {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, toolCallJSON)
	}))
	defer api.Close()

	recorder := tracetest.NewSpanRecorder()
	tel := otelagent.New(otelagent.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))))

	config := openai.DefaultConfig("sk-...")
	config.BaseURL = api.URL + "/v1"
	config.HTTPClient = otelgoopenai.HTTPClient(nil, otelgoopenai.WithTelemetry(tel))
	client := openai.NewClientWithConfig(config)

	_, err := client.CreateChatCompletion(context.Background(), openai.ChatCompletionRequest{
		Model:    openai.GPT4oMini,
		Messages: []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: "Read my diary."}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	span := recorder.Ended()[0]
	fmt.Println(span.Name())
	for _, kv := range span.Attributes() {
		switch kv.Key {
		case semconv.GenAIResponseModelKey, semconv.GenAIUsageInputTokensKey, semconv.GenAIUsageOutputTokensKey, semconv.GenAIUsageCacheReadInputTokensKey:
			fmt.Println(kv.Key, kv.Value.Emit())
		}
	}
	// Output:
	// chat gpt-4o-mini
	// gen_ai.response.model gpt-4o-mini-2024-07-18
	// gen_ai.usage.input_tokens 2210
	// gen_ai.usage.output_tokens 19
	// gen_ai.usage.cache_read.input_tokens 2048
}
