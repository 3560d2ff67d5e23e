package otelopenai_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	otelopenai "github.com/otelagent/otelagent-go/adapters/openai"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// One option makes every call of the client a "chat" span with its token
// usage. A local server stands in for the OpenAI API here.
func Example() {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, chatCompletionJSON)
	}))
	defer api.Close()

	recorder := tracetest.NewSpanRecorder()
	tel := otelagent.New(otelagent.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))))

	client := openai.NewClient(
		option.WithAPIKey("sk-..."),
		option.WithBaseURL(api.URL),
		otelopenai.RequestOption(otelopenai.WithTelemetry(tel)),
	)
	_, err := client.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
		Model:    openai.ChatModelGPT4o,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Summarise my diary.")},
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
	// chat gpt-4o
	// gen_ai.response.model gpt-4o-2024-08-06
	// gen_ai.usage.input_tokens 1117
	// gen_ai.usage.output_tokens 46
	// gen_ai.usage.cache_read.input_tokens 1024
}
