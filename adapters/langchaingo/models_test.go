package otellangchaingo_test

import (
	"context"
	"testing"
	"time"

	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/anthropic"
	"github.com/tmc/langchaingo/llms/openai"
	"go.opentelemetry.io/otel/codes"

	otellangchaingo "github.com/otelagent/otelagent-go/adapters/langchaingo"
	"github.com/otelagent/otelagent-go/internal/chathttp/chathttptest"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

// Responses as the providers document them, trimmed.
const (
	openAIChatJSON = `{"id":"chatcmpl-1","object":"chat.completion","created":1741570283,"model":"gpt-4o-2024-08-06",
"choices":[{"index":0,"message":{"role":"assistant","content":"` + canaryAnswer + `"},"finish_reason":"stop"}],
"usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10}}`
	openAIBadRequestJSON = `{"error":{"message":"` + canaryError + `","type":"invalid_request_error","param":null,"code":null}}`
	anthropicMessageJSON = `{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
"content":[{"type":"text","text":"` + canaryAnswer + `"}],"stop_reason":"end_turn","stop_sequence":null,
"usage":{"input_tokens":7,"output_tokens":3}}`
	anthropicOverloadedJSON = `{"type":"error","error":{"type":"overloaded_error","message":"` + canaryError + `"}}`
)

func userMessage() []llms.MessageContent {
	return []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, canaryPrompt)}
}

// waitForSpans waits, boundedly, until n chat spans ended.
func waitForSpans(t *testing.T, th *otelagenttest.Harness, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for len(th.SpansByOperation(semconv.OperationChat)) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d chat spans ended, want %d", len(th.SpansByOperation(semconv.OperationChat)), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// langchaingo's OpenAI model reports successes only: after a failed call,
// the next call's usage goes on the next call's span, and both end.
func TestOpenAIModelFailureThenSuccess(t *testing.T) {
	th := otelagenttest.New(t)
	h := otellangchaingo.NewHandler(otellangchaingo.WithTelemetry(th.Telemetry()),
		otellangchaingo.WithModel("gpt-4o"), otellangchaingo.WithProviderName("openai"))
	s := chathttptest.NewServer(t,
		chathttptest.Reply{Status: 400, Body: openAIBadRequestJSON},
		chathttptest.Reply{Status: 200, Body: openAIChatJSON})
	llm, err := openai.New(openai.WithToken("sk-test"), openai.WithBaseURL(s.URL+"/v1"), openai.WithModel("gpt-4o"), openai.WithCallback(h))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := llm.GenerateContent(ctx, userMessage()); err == nil {
		t.Fatal("want the first call to fail")
	}
	if _, err := llm.GenerateContent(ctx, userMessage()); err != nil {
		t.Fatal(err)
	}
	spans := th.SpansByOperation(semconv.OperationChat)
	if len(spans) != 2 {
		t.Fatalf("%d chat spans ended, want 2", len(spans))
	}
	failed, ok := spans[0], spans[1]
	if failed.Status().Code != codes.Error {
		t.Errorf("failed call status = %v, want Error", failed.Status())
	}
	if _, has := otelagenttest.Attr(failed, semconv.GenAIUsageInputTokensKey); has {
		t.Error("the failed call got usage")
	}
	th.AssertAttributes(ok, semconv.GenAIUsageInputTokensKey.Int64(7), semconv.GenAIUsageOutputTokensKey.Int64(3),
		semconv.GenAIResponseFinishReasonsKey.StringSlice([]string{"stop"}))
	// langchaingo's ContentResponse does not pass the response's id on.
	if v, has := otelagenttest.Attr(ok, semconv.GenAIResponseIDKey); has {
		t.Errorf("response id %s, which langchaingo does not report", v.Emit())
	}
	if ok.Status().Code != codes.Unset {
		t.Errorf("successful call status = %v, want Unset", ok.Status())
	}
	th.AssertNotExported(canaryPrompt, canaryAnswer, canaryError)
}

// langchaingo's Anthropic model reports failures only: a call ends at the
// next event of its context (here the next call), or when its context
// ends, and a failure is recorded as one.
func TestAnthropicModelCallsEnd(t *testing.T) {
	th := otelagenttest.New(t)
	h := otellangchaingo.NewHandler(otellangchaingo.WithTelemetry(th.Telemetry()),
		otellangchaingo.WithModel("claude-sonnet-4-5"), otellangchaingo.WithProviderName("anthropic"))
	s := chathttptest.NewServer(t,
		chathttptest.Reply{Status: 200, Body: anthropicMessageJSON},
		chathttptest.Reply{Status: 400, Body: anthropicOverloadedJSON},
		chathttptest.Reply{Status: 200, Body: anthropicMessageJSON})
	llm, err := anthropic.New(anthropic.WithToken("sk-ant-test"), anthropic.WithBaseURL(s.URL+"/v1"), anthropic.WithModel("claude-sonnet-4-5"))
	if err != nil {
		t.Fatal(err)
	}
	llm.CallbacksHandler = h
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	if _, err := llm.GenerateContent(ctx, userMessage()); err != nil {
		t.Fatal(err)
	}
	if n := len(th.SpansByOperation(semconv.OperationChat)); n != 0 {
		t.Fatalf("%d chat spans ended before anything showed the call's end, want 0", n)
	}
	if _, err := llm.GenerateContent(ctx, userMessage()); err == nil {
		t.Fatal("want the second call to fail")
	}
	if _, err := llm.GenerateContent(ctx, userMessage()); err != nil {
		t.Fatal(err)
	}
	waitForSpans(t, th, 2)
	cancel() // the last call ends with its context
	waitForSpans(t, th, 3)

	spans := th.SpansByOperation(semconv.OperationChat)
	for i, want := range []codes.Code{codes.Unset, codes.Error, codes.Unset} {
		if spans[i].Status().Code != want {
			t.Errorf("call %d status = %v, want %v", i+1, spans[i].Status(), want)
		}
	}
	th.AssertNotExported(canaryPrompt, canaryAnswer, canaryError)
}
