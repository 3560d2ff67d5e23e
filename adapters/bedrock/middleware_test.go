package otelbedrock_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime/types"
	"go.opentelemetry.io/otel/codes"
	"go.uber.org/goleak"

	otelbedrock "github.com/otelagent/otelagent-go/adapters/bedrock"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func converseInput(model string) *bedrockruntime.ConverseInput {
	return &bedrockruntime.ConverseInput{
		ModelId: aws.String(model),
		Messages: []types.Message{{
			Role:    types.ConversationRoleUser,
			Content: []types.ContentBlock{&types.ContentBlockMemberText{Value: userMessage()}},
		}},
	}
}

func converseStreamInput(model string) *bedrockruntime.ConverseStreamInput {
	in := converseInput(model)
	return &bedrockruntime.ConverseStreamInput{ModelId: in.ModelId, Messages: in.Messages}
}

var chatClaude = semconv.SpanNameChat(claude)

func assertPrivate(h *otelagenttest.Harness) {
	h.AssertNotExported(canaryPrompt, canaryAnswer, canaryToolInput, canaryError, canaryAccessKey, canaryAccount)
}

// assertFailed checks that the call's span ended in error with class
// want, and exported no content.
func assertFailed(t *testing.T, h *otelagenttest.Harness, want string) {
	t.Helper()
	s := h.Span(chatClaude)
	if s.Status().Code != codes.Error {
		t.Errorf("status %v, want Error", s.Status())
	}
	h.AssertAttributes(s, semconv.ErrorTypeKey.String(want))
	assertPrivate(h)
}

// recorded returns a harness and a client of f that records into it.
func recorded(t *testing.T, f *fake, opts ...otelbedrock.Option) (*otelagenttest.Harness, *bedrockruntime.Client) {
	t.Helper()
	h := otelagenttest.New(t)
	return h, f.client(otelbedrock.ClientOption(append([]otelbedrock.Option{otelbedrock.WithTelemetry(h.Telemetry())}, opts...)...))
}

func TestConverse(t *testing.T) {
	f := newFake(t, reply{body: converseBody(canaryAnswer, 30, 628, 1000, 200)})
	h, client := recorded(t, f)

	out, err := client.Converse(context.Background(), converseInput(claude))
	if err != nil {
		t.Fatal(err)
	}
	if text := out.Output.(*types.ConverseOutputMemberMessage).Value.Content[0].(*types.ContentBlockMemberText).Value; text != canaryAnswer {
		t.Errorf("the caller got %q, want the model's answer", text)
	}
	if p := <-f.paths; p != "/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse" {
		t.Errorf("path %q", p)
	}

	s := h.Span(chatClaude)
	h.AssertAttributes(s,
		semconv.GenAIOperationNameKey.String(semconv.OperationChat),
		semconv.GenAIProviderNameKey.String("aws.bedrock"),
		semconv.GenAIRequestModelKey.String(claude),
		semconv.GenAIUsageInputTokensKey.Int64(1230),
		semconv.GenAIUsageOutputTokensKey.Int64(628),
		semconv.GenAIUsageCacheReadInputTokensKey.Int64(1000),
		semconv.GenAIUsageCacheCreationInputTokensKey.Int64(200),
		semconv.PricedKey.Bool(true))
	if s.Status().Code == codes.Error {
		t.Errorf("status %v", s.Status())
	}
	if got := h.TokenTotals(); got[semconv.TokenTypeInput] != 1230 || got[semconv.TokenTypeOutput] != 628 {
		t.Errorf("token totals %v", got)
	}
	if h.Cost() <= 0 {
		t.Error("no cost recorded for a priced Claude model")
	}
	assertPrivate(h)
}

func TestConverseToolUse(t *testing.T) {
	f := newFake(t, reply{body: converseToolUseBody(410, 57)})
	h, client := recorded(t, f)

	out, err := client.Converse(context.Background(), converseInput("us."+claude))
	if err != nil {
		t.Fatal(err)
	}
	if out.StopReason != types.StopReasonToolUse {
		t.Errorf("stop reason %q", out.StopReason)
	}
	h.AssertAttributes(h.Span(semconv.SpanNameChat("us."+claude)),
		semconv.GenAIUsageInputTokensKey.Int64(410),
		semconv.GenAIUsageOutputTokensKey.Int64(57),
		semconv.PricedKey.Bool(true))
	assertPrivate(h)
}

func TestConverseStream(t *testing.T) {
	f := newFake(t, reply{events: converseStreamEvents(canaryAnswer, 25, 40, 300)})
	h, client := recorded(t, f)

	out, err := client.ConverseStream(context.Background(), converseStreamInput(claude))
	if err != nil {
		t.Fatal(err)
	}
	stream := out.GetStream()
	var text string
	var sawMetadata bool
	for e := range stream.Events() {
		switch v := e.(type) {
		case *types.ConverseStreamOutputMemberContentBlockDelta:
			text += v.Value.Delta.(*types.ContentBlockDeltaMemberText).Value
		case *types.ConverseStreamOutputMemberMetadata:
			sawMetadata = true
			if in := aws.ToInt32(v.Value.Usage.InputTokens); in != 25 {
				t.Errorf("the caller's metadata event says %d input tokens", in)
			}
		}
	}
	if err := stream.Close(); err != nil {
		t.Fatal(err)
	}
	if text != canaryAnswer || !sawMetadata {
		t.Errorf("the caller got text %q, metadata %v: its events were consumed", text, sawMetadata)
	}

	s := h.Span(chatClaude)
	h.AssertAttributes(s,
		semconv.GenAIUsageInputTokensKey.Int64(325),
		semconv.GenAIUsageOutputTokensKey.Int64(40),
		semconv.GenAIUsageCacheReadInputTokensKey.Int64(300))
	if s.Status().Code == codes.Error {
		t.Errorf("status %v", s.Status())
	}
	assertPrivate(h)
}

// The span of a stream ends when the stream does, not when the call
// returns.
func TestConverseStreamSpanEndsWithStream(t *testing.T) {
	hold := make(chan struct{})
	f := newFake(t, reply{events: converseStreamEvents(canaryAnswer, 25, 40, 0)[:2], hold: hold})
	h, client := recorded(t, f)

	out, err := client.ConverseStream(context.Background(), converseStreamInput(claude))
	if err != nil {
		t.Fatal(err)
	}
	stream := out.GetStream()
	<-stream.Events() // messageStart
	if n := len(h.Spans()); n != 0 {
		t.Errorf("%d spans ended while the stream is open", n)
	}
	_ = stream.Close()
	spans := h.Spans()
	if len(spans) != 1 {
		t.Fatalf("%d spans after Close, want 1", len(spans))
	}
	// The SDK's reader, blocked in a read, fails when the body closes:
	// that is not the call's failure.
	if spans[0].Status().Code == codes.Error {
		t.Errorf("a stream the caller closed ended with %v", spans[0].Status())
	}
}

func TestConverseStreamException(t *testing.T) {
	for _, tt := range []struct {
		exception string
		want      string
	}{
		{"throttlingException", "429"},
		{"modelStreamErrorException", "424"},
		{"internalServerException", "500"},
		{"somethingNewException", semconv.ErrorTypeOther},
	} {
		t.Run(tt.exception, func(t *testing.T) {
			events := append(converseStreamEvents(canaryAnswer, 25, 40, 0)[:3],
				exception(tt.exception, `{"message":"`+canaryError+`"}`))
			f := newFake(t, reply{events: events})
			h, client := recorded(t, f)

			out, err := client.ConverseStream(context.Background(), converseStreamInput(claude))
			if err != nil {
				t.Fatal(err)
			}
			stream := out.GetStream()
			n := 0
			for range stream.Events() {
				n++
			}
			if n != 3 {
				t.Errorf("the caller got %d events, want 3", n)
			}
			if err := stream.Close(); err == nil {
				t.Error("the stream ended without the exception")
			}

			assertFailed(t, h, tt.want)
		})
	}
}

func TestCancelMidStream(t *testing.T) {
	hold := make(chan struct{})
	f := newFake(t, reply{events: converseStreamEvents(canaryAnswer, 25, 40, 0)[:2], hold: hold})
	h, client := recorded(t, f)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	out, err := client.ConverseStream(ctx, converseStreamInput(claude))
	if err != nil {
		t.Fatal(err)
	}
	stream := out.GetStream()
	<-stream.Events()
	<-hold
	cancel()
	for i := 0; i < 10; i++ {
		if _, ok := <-stream.Events(); !ok {
			break
		}
	}
	_ = stream.Close()

	assertFailed(t, h, semconv.ErrorTypeCanceled)
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name  string
		reply reply
		want  string
	}{
		{"throttled", throttled(), "429"},
		{"server error", serverError(), "500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, tt.reply)
			h, client := recorded(t, f)

			_, err := client.Converse(context.Background(), converseInput(claude))
			if err == nil {
				t.Fatal("Converse succeeded")
			}
			assertFailed(t, h, tt.want)
		})
	}
}

func TestTransportError(t *testing.T) {
	f := newFake(t)
	h, client := recorded(t, f)
	f.srv.Close()

	if _, err := client.Converse(context.Background(), converseInput(claude)); err == nil {
		t.Fatal("Converse succeeded against a closed server")
	}
	v, _ := otelagenttest.Attr(h.Span(chatClaude), semconv.ErrorTypeKey)
	if got := v.AsString(); got != "*net.OpError" {
		t.Errorf("error.type %q, want the transport's error type", got)
	}
}

// Retries are inside the operation: one span, with the last attempt's
// outcome.
func TestRetriedOperationIsOneCall(t *testing.T) {
	h := otelagenttest.New(t)
	f := newFake(t, throttled(), reply{body: converseBody(canaryAnswer, 30, 40, 0, 0)})
	client := f.client(otelbedrock.ClientOption(otelbedrock.WithTelemetry(h.Telemetry())), func(o *bedrockruntime.Options) {
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
			so.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
			so.RateLimiter = noRateLimit{}
		})
	})

	if _, err := client.Converse(context.Background(), converseInput(claude)); err != nil {
		t.Fatal(err)
	}
	spans := h.Spans()
	if len(spans) != 1 {
		t.Fatalf("%d spans, want 1", len(spans))
	}
	if spans[0].Status().Code == codes.Error {
		t.Errorf("status %v", spans[0].Status())
	}
	h.AssertAttributes(spans[0], semconv.GenAIUsageInputTokensKey.Int64(30))
}

type noRateLimit struct{}

func (noRateLimit) GetToken(context.Context, uint) (func() error, error) {
	return func() error { return nil }, nil
}
func (noRateLimit) AddTokens(uint) error { return nil }

func TestInvokeModel(t *testing.T) {
	t.Run("anthropic body", func(t *testing.T) {
		f := newFake(t, reply{
			body:   anthropicBody(canaryAnswer, 12, 34, 500, 60),
			header: map[string]string{"X-Amzn-Bedrock-Input-Token-Count": "12", "X-Amzn-Bedrock-Output-Token-Count": "34"},
		})
		h, client := recorded(t, f)
		out, err := client.InvokeModel(context.Background(), &bedrockruntime.InvokeModelInput{
			ModelId:     aws.String(claude),
			ContentType: aws.String("application/json"),
			Body:        []byte(`{"anthropic_version":"bedrock-2023-05-31","max_tokens":256,"messages":[{"role":"user","content":"` + canaryPrompt + `"}]}`),
		})
		if err != nil {
			t.Fatal(err)
		}
		if string(out.Body) != anthropicBody(canaryAnswer, 12, 34, 500, 60) {
			t.Error("the caller's body was changed")
		}
		h.AssertAttributes(h.Span(chatClaude),
			semconv.GenAIUsageInputTokensKey.Int64(572),
			semconv.GenAIUsageOutputTokensKey.Int64(34),
			semconv.GenAIUsageCacheReadInputTokensKey.Int64(500),
			semconv.GenAIUsageCacheCreationInputTokensKey.Int64(60),
			semconv.GenAIResponseModelKey.String("claude-3-5-sonnet-20240620"))
		assertPrivate(h)
	})
	t.Run("headers", func(t *testing.T) {
		const llama = "meta.llama3-8b-instruct-v1:0"
		f := newFake(t, reply{
			body:   `{"generation":"` + canaryAnswer + `","prompt_token_count":18,"generation_token_count":7,"stop_reason":"stop"}`,
			header: map[string]string{"X-Amzn-Bedrock-Input-Token-Count": "18", "X-Amzn-Bedrock-Output-Token-Count": "7"},
		})
		h, client := recorded(t, f)
		if _, err := client.InvokeModel(context.Background(), &bedrockruntime.InvokeModelInput{
			ModelId: aws.String(llama),
			Body:    []byte(`{"prompt":"` + canaryPrompt + `","max_gen_len":64}`),
		}); err != nil {
			t.Fatal(err)
		}
		h.AssertAttributes(h.Span(semconv.SpanNameChat(llama)),
			semconv.GenAIUsageInputTokensKey.Int64(18),
			semconv.GenAIUsageOutputTokensKey.Int64(7))
		assertPrivate(h)
	})
}

func TestInvokeModelWithResponseStream(t *testing.T) {
	f := newFake(t, reply{events: []event{
		chunk(`{"type":"message_start","message":{"id":"msg_bdrk_01","type":"message","role":"assistant","model":"claude-3-5-sonnet-20240620","content":[],"usage":{"input_tokens":14,"output_tokens":1}}}`),
		chunk(`{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"` + canaryAnswer + `"}}`),
		chunk(`{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":9}}`),
		chunk(`{"type":"message_stop","amazon-bedrock-invocationMetrics":{"inputTokenCount":14,"outputTokenCount":9,"invocationLatency":680,"firstByteLatency":350}}`),
	}})
	h, client := recorded(t, f)

	out, err := client.InvokeModelWithResponseStream(context.Background(), &bedrockruntime.InvokeModelWithResponseStreamInput{
		ModelId: aws.String(claude),
		Body:    []byte(`{"anthropic_version":"bedrock-2023-05-31","max_tokens":64,"messages":[{"role":"user","content":"` + canaryPrompt + `"}]}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	stream := out.GetStream()
	n := 0
	for range stream.Events() {
		n++
	}
	if err := stream.Close(); err != nil {
		t.Fatal(err)
	}
	if n != 4 {
		t.Errorf("the caller got %d chunks, want 4", n)
	}
	h.AssertAttributes(h.Span(chatClaude),
		semconv.GenAIUsageInputTokensKey.Int64(14),
		semconv.GenAIUsageOutputTokensKey.Int64(9))
	assertPrivate(h)
}

// An ARN names the account: only its resource id is recorded.
func TestARNModelID(t *testing.T) {
	f := newFake(t, reply{body: converseBody(canaryAnswer, 3, 4, 0, 0)})
	h, client := recorded(t, f)
	arn := "arn:aws:bedrock:us-east-1:" + canaryAccount + ":inference-profile/us." + claude

	if _, err := client.Converse(context.Background(), converseInput(arn)); err != nil {
		t.Fatal(err)
	}
	h.AssertAttributes(h.Span(semconv.SpanNameChat("us."+claude)), semconv.GenAIRequestModelKey.String("us."+claude))
	assertPrivate(h)
}

// Operations that are not model calls are not recorded.
func TestOtherOperations(t *testing.T) {
	f := newFake(t, reply{body: `{"inputTokens":42}`})
	h, client := recorded(t, f)
	_, err := client.CountTokens(context.Background(), &bedrockruntime.CountTokensInput{
		ModelId: aws.String(claude),
		Input:   &types.CountTokensInputMemberConverse{Value: types.ConverseTokensRequest{Messages: converseInput(claude).Messages}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(h.Spans()); n != 0 {
		t.Errorf("%d spans for CountTokens", n)
	}
}

func TestWithProviderName(t *testing.T) {
	f := newFake(t, reply{body: converseBody(canaryAnswer, 3, 4, 0, 0)})
	h, client := recorded(t, f, otelbedrock.WithProviderName("custom.gateway"))
	if _, err := client.Converse(context.Background(), converseInput(claude)); err != nil {
		t.Fatal(err)
	}
	h.AssertAttributes(h.Span(chatClaude), semconv.GenAIProviderNameKey.String("custom.gateway"))
}
