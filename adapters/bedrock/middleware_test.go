package otelbedrock_test

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime/types"
	"github.com/aws/smithy-go/middleware"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
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
		InferenceConfig: &types.InferenceConfiguration{
			MaxTokens: aws.Int32(512), Temperature: aws.Float32(0.5), TopP: aws.Float32(0.9),
			StopSequences: []string{canaryPrompt}, // user text: never recorded
		},
	}
}

func converseStreamInput(model string) *bedrockruntime.ConverseStreamInput {
	in := converseInput(model)
	return &bedrockruntime.ConverseStreamInput{ModelId: in.ModelId, Messages: in.Messages, InferenceConfig: in.InferenceConfig}
}

// converseParams are the request attributes of converseInput.
var converseParams = []attribute.KeyValue{
	semconv.GenAIRequestMaxTokensKey.Int64(512),
	semconv.GenAIRequestTemperatureKey.Float64(0.5),
	semconv.GenAIRequestTopPKey.Float64(0.9), // not float64(float32(0.9))
}

// assertResponse checks the response id (none when id is "") and finish
// reasons of span.
func assertResponse(t *testing.T, h *otelagenttest.Harness, span sdktrace.ReadOnlySpan, id string, reasons ...string) {
	t.Helper()
	h.AssertAttributes(span, semconv.GenAIResponseFinishReasonsKey.StringSlice(reasons))
	if v, ok := otelagenttest.Attr(span, semconv.GenAIResponseIDKey); ok != (id != "") || v.AsString() != id {
		t.Errorf("%s = %q (set %v), want %q", semconv.GenAIResponseIDKey, v.Emit(), ok, id)
	}
}

// assertServer checks that span names the fake's host and port.
func assertServer(t *testing.T, h *otelagenttest.Harness, span sdktrace.ReadOnlySpan, f *fake) {
	t.Helper()
	u, err := url.Parse(f.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	port, _ := strconv.Atoi(u.Port())
	h.AssertAttributes(span, semconv.ServerAddressKey.String(u.Hostname()), semconv.ServerPortKey.Int(port))
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
	h.AssertAttributes(s, converseParams...)
	assertResponse(t, h, s, "", "end_turn") // Converse has no response id
	assertServer(t, h, s, f)
	if _, ok := otelagenttest.Attr(s, semconv.GenAIRequestStreamKey); ok {
		t.Error("gen_ai.request.stream on a call that was not streamed")
	}
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
	assertResponse(t, h, h.Span(semconv.SpanNameChat("us."+claude)), "", "tool_use")
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
		semconv.GenAIUsageCacheReadInputTokensKey.Int64(300),
		semconv.GenAIRequestStreamKey.Bool(true))
	h.AssertAttributes(s, converseParams...)
	assertResponse(t, h, s, "", "end_turn")
	assertServer(t, h, s, f)
	if _, ok := otelagenttest.Attr(s, semconv.GenAIResponseTimeToFirstChunkKey); !ok {
		t.Error("no gen_ai.response.time_to_first_chunk on a streamed call")
	}
	if m, ok := h.Metric(semconv.ClientTimePerOutputChunkName); !ok || m.Data.(metricdata.Histogram[float64]).DataPoints[0].Count != 5 {
		t.Errorf("%s: %+v, want the 5 events after the first", semconv.ClientTimePerOutputChunkName, m)
	}
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
	// Every attempt's request is sent in the chat's context: the spans of
	// an instrumented HTTP client are its children.
	var parents []trace.SpanID
	spy := middleware.DeserializeMiddlewareFunc("spy", func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
		parents = append(parents, trace.SpanContextFromContext(ctx).SpanID())
		return next.HandleDeserialize(ctx, in)
	})
	client := f.client(otelbedrock.ClientOption(otelbedrock.WithTelemetry(h.Telemetry())), func(o *bedrockruntime.Options) {
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
			so.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
			so.RateLimiter = noRateLimit{}
		})
		o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error { return s.Deserialize.Add(spy, middleware.After) })
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
	assertServer(t, h, spans[0], f)
	assertResponse(t, h, spans[0], "", "end_turn")
	if chat := spans[0].SpanContext().SpanID(); len(parents) != 2 || parents[0] != chat || parents[1] != chat {
		t.Errorf("attempts sent in the context of spans %v, want twice the chat's %v", parents, chat)
	}
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
			semconv.GenAIResponseModelKey.String("claude-3-5-sonnet-20240620"),
			semconv.GenAIRequestMaxTokensKey.Int64(256))
		assertResponse(t, h, h.Span(chatClaude), "msg_bdrk_01XFDUDYJgAACzvnptvVoYEL", "end_turn")
		assertServer(t, h, h.Span(chatClaude), f)
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
			Body:    []byte(`{"prompt":"` + canaryPrompt + `","max_gen_len":64,"temperature":0.5,"top_p":0.9}`),
		}); err != nil {
			t.Fatal(err)
		}
		h.AssertAttributes(h.Span(semconv.SpanNameChat(llama)),
			semconv.GenAIUsageInputTokensKey.Int64(18),
			semconv.GenAIUsageOutputTokensKey.Int64(7),
			semconv.GenAIRequestMaxTokensKey.Int64(64),
			semconv.GenAIRequestTemperatureKey.Float64(0.5),
			semconv.GenAIRequestTopPKey.Float64(0.9))
		assertResponse(t, h, h.Span(semconv.SpanNameChat(llama)), "", "stop")
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
		semconv.GenAIUsageOutputTokensKey.Int64(9),
		semconv.GenAIRequestMaxTokensKey.Int64(64),
		semconv.GenAIRequestStreamKey.Bool(true),
		semconv.GenAIResponseModelKey.String("claude-3-5-sonnet-20240620"))
	assertResponse(t, h, h.Span(chatClaude), "msg_bdrk_01", "end_turn")
	assertServer(t, h, h.Span(chatClaude), f)
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

// An operation that fails before it sends anything (here, without
// credentials) is still one chat, failed, with no server.
func TestFailsBeforeSending(t *testing.T) {
	f := newFake(t)
	h, client := recorded(t, f)
	_, err := client.Converse(context.Background(), converseInput(claude), func(o *bedrockruntime.Options) {
		o.Credentials = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{}, errors.New("no credentials: " + canaryError)
		})
	})
	if err == nil {
		t.Fatal("Converse succeeded without credentials")
	}
	if n := len(h.Spans()); n != 1 {
		t.Fatalf("%d spans, want 1", n)
	}
	s := h.Span(chatClaude)
	if s.Status().Code != codes.Error {
		t.Errorf("status %v, want Error", s.Status())
	}
	h.AssertAttributes(s, converseParams...)
	if v, ok := otelagenttest.Attr(s, semconv.ServerAddressKey); ok {
		t.Errorf("server.address %s for a call that sent nothing", v.Emit())
	}
	select {
	case p := <-f.paths:
		t.Errorf("the fake got %s", p)
	default:
	}
	assertPrivate(h)
}
