package otelanthropic_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	otelanthropic "github.com/otelagent/otelagent-go/adapters/anthropic"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// One option makes every call of the client a "chat" span with its token
// usage; input tokens include the cache reads and writes. A local server
// stands in for the Anthropic API here.
func Example() {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, messageJSON)
	}))
	defer api.Close()

	recorder := tracetest.NewSpanRecorder()
	tel := otelagent.New(otelagent.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))))

	client := anthropic.NewClient(
		option.WithAPIKey("sk-ant-..."),
		option.WithBaseURL(api.URL),
		otelanthropic.RequestOption(otelanthropic.WithTelemetry(tel)),
	)
	_, err := client.Messages.New(context.Background(), anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 1024,
		Messages:  []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock("Summarise my diary."))},
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	span := recorder.Ended()[0]
	fmt.Println(span.Name())
	for _, kv := range span.Attributes() {
		switch kv.Key {
		case semconv.GenAIUsageInputTokensKey, semconv.GenAIUsageOutputTokensKey,
			semconv.GenAIUsageCacheReadInputTokensKey, semconv.GenAIUsageCacheCreationInputTokensKey:
			fmt.Println(kv.Key, kv.Value.Emit())
		}
	}
	// Output:
	// chat claude-sonnet-4-5
	// gen_ai.usage.input_tokens 1233
	// gen_ai.usage.output_tokens 393
	// gen_ai.usage.cache_read.input_tokens 1024
	// gen_ai.usage.cache_creation.input_tokens 188
}
