package otelanthropic_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	otelanthropic "github.com/otelagent/otelagent-go/adapters/anthropic"
	"github.com/otelagent/otelagent-go/internal/chathttp/chathttptest"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

// wantUsage is the fixtures' usage in the GenAI conventions' terms: input
// includes the cache reads and writes Anthropic counts apart.
var wantUsage = otelagent.Usage{InputTokens: 21 + 1024 + 188, OutputTokens: 393, CacheReadInputTokens: 1024, CacheCreationInputTokens: 188}

const wantText = "The diary mentions three appointments next week."

// checkChatSpan checks the one chat span against the fixtures' usage and
// the privacy promise.
func checkChatSpan(t *testing.T, h *otelagenttest.Harness) {
	t.Helper()
	span := h.Span("chat claude-sonnet-4-5")
	if span.SpanKind() != trace.SpanKindClient {
		t.Errorf("span kind = %v, want client", span.SpanKind())
	}
	if span.Status().Code != codes.Unset {
		t.Errorf("status = %v %q, want unset", span.Status().Code, span.Status().Description)
	}
	h.AssertAttributes(span,
		semconv.GenAIOperationNameKey.String(semconv.OperationChat),
		semconv.GenAIProviderNameKey.String("anthropic"),
		semconv.GenAIRequestModelKey.String("claude-sonnet-4-5"),
		semconv.GenAIResponseModelKey.String("claude-sonnet-4-5-20250929"),
		semconv.GenAIUsageInputTokensKey.Int64(wantUsage.InputTokens),
		semconv.GenAIUsageOutputTokensKey.Int64(wantUsage.OutputTokens),
		semconv.GenAIUsageCacheReadInputTokensKey.Int64(wantUsage.CacheReadInputTokens),
		semconv.GenAIUsageCacheCreationInputTokensKey.Int64(wantUsage.CacheCreationInputTokens),
		semconv.PricedKey.Bool(true),
	)
	totals := h.TokenTotals()
	if totals[semconv.TokenTypeInput] != wantUsage.InputTokens || totals[semconv.TokenTypeOutput] != wantUsage.OutputTokens {
		t.Errorf("token totals = %v, want input %d output %d", totals, wantUsage.InputTokens, wantUsage.OutputTokens)
	}
	// claude-sonnet-4-5: $3 input, $15 output per million tokens; the
	// table's source gives no cache rates, so cache reads and writes are
	// charged at the input rate.
	wantCost := (21*3 + 1024*3 + 188*3 + 393*15) / 1e6
	if diff := h.Cost() - wantCost; diff > 1e-12 || diff < -1e-12 {
		t.Errorf("cost = %v, want %v", h.Cost(), wantCost)
	}
	h.AssertNotExported(canaryPrompt, canaryKey, "alice", "appointments")
}

func checkSent(t *testing.T, s *chathttptest.Server) {
	t.Helper()
	got := s.Requests()
	if len(got) != 1 {
		t.Fatalf("server got %d requests, want 1", len(got))
	}
	r := got[0]
	if r.Path != "/v1/messages" || !bytes.Contains([]byte(r.Auth), []byte(canaryKey)) || !bytes.Contains(r.Body, []byte(canaryPrompt)) {
		t.Errorf("server got %s %s auth %q body %s; want the prompt and key at /v1/messages", r.Method, r.Path, r.Auth, r.Body)
	}
}

func TestMessage(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: messageJSON})
	client := newClient(s, h.Telemetry())

	ctx, session := h.Telemetry().StartSession(context.Background(), otelagent.Agent{Name: "coder"})
	got, err := client.Messages.New(ctx, messageParams())
	session.End(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Content) != 1 || got.Content[0].Text != wantText || got.Usage.CacheReadInputTokens != 1024 {
		t.Errorf("the SDK got %+v, want the replayed message", got)
	}
	checkSent(t, s)
	checkChatSpan(t, h)
	h.AssertAttributes(h.Span("chat claude-sonnet-4-5"), semconv.GenAIResponseIDKey.String("msg_01XFDUDYJgAACzvnptvVoYEL"),
		semconv.GenAIResponseFinishReasonsKey.StringSlice([]string{"end_turn"}))
	h.AssertChild("invoke_agent coder", "chat claude-sonnet-4-5")
	h.AssertNoOrphans()
}

func TestMessageStream(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Events: messageStream})
	client := newClient(s, h.Telemetry())

	stream := client.Messages.NewStreaming(context.Background(), messageParams())
	var msg anthropic.Message
	events := 0
	for stream.Next() {
		if err := msg.Accumulate(stream.Current()); err != nil {
			t.Fatal(err)
		}
		events++
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	_ = stream.Close()
	if want := len(messageStream) - 1; events != want { // the SDK drops the ping
		t.Errorf("the SDK read %d events, want %d", events, want)
	}
	if len(msg.Content) != 1 || msg.Content[0].Text != wantText || msg.Usage.OutputTokens != 393 || msg.Usage.CacheCreationInputTokens != 188 {
		t.Errorf("the SDK accumulated %+v, want the whole stream", msg)
	}
	checkSent(t, s)
	checkChatSpan(t, h)
	h.AssertAttributes(h.Span("chat claude-sonnet-4-5"), semconv.GenAIResponseIDKey.String("msg_01XFDUDYJgAACzvnptvVoYEL"),
		semconv.GenAIResponseFinishReasonsKey.StringSlice([]string{"end_turn"}))
}

// Extended thinking reports its tokens as a part of output_tokens.
func TestThinkingTokens(t *testing.T) {
	h := otelagenttest.New(t)
	body := `{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",` +
		`"content":[{"type":"thinking","thinking":"...","signature":"EqQB"},{"type":"text","text":"Done."}],` +
		`"stop_reason":"end_turn","stop_sequence":null,` +
		`"usage":{"input_tokens":50,"cache_creation_input_tokens":null,"cache_read_input_tokens":null,"output_tokens":700,"output_tokens_details":{"thinking_tokens":612}}}`
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: body})
	client := newClient(s, h.Telemetry())
	if _, err := client.Messages.New(context.Background(), messageParams()); err != nil {
		t.Fatal(err)
	}
	span := h.Span("chat claude-sonnet-4-5")
	h.AssertAttributes(span,
		semconv.GenAIUsageInputTokensKey.Int64(50),
		semconv.GenAIUsageOutputTokensKey.Int64(700),
		semconv.GenAIUsageReasoningOutputTokensKey.Int64(612))
	if _, ok := otelagenttest.Attr(span, semconv.GenAIUsageCacheReadInputTokensKey); ok {
		t.Error("cache reads recorded for a call whose cache counts are null")
	}
}

func TestHTTPErrors(t *testing.T) {
	tests := []struct {
		status int
		body   string
	}{
		{http.StatusTooManyRequests, rateLimitJSON},
		{http.StatusInternalServerError, apiErrorJSON},
		{529, overloadedJSON},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.status), func(t *testing.T) {
			h := otelagenttest.New(t)
			s := chathttptest.NewServer(t, chathttptest.Reply{Status: tt.status, Body: tt.body})
			client := newClient(s, h.Telemetry())

			_, err := client.Messages.New(context.Background(), messageParams())
			var apiErr *anthropic.Error
			if !errors.As(err, &apiErr) || apiErr.StatusCode != tt.status {
				t.Fatalf("the SDK returned %v, want an *anthropic.Error with status %d", err, tt.status)
			}
			if !bytes.Contains([]byte(apiErr.RawJSON()), []byte(`"type"`)) {
				t.Errorf("the SDK did not get the error body: %q", apiErr.RawJSON())
			}
			span := h.Span("chat claude-sonnet-4-5")
			errType := strconv.Itoa(tt.status)
			if span.Status().Code != codes.Error || span.Status().Description != errType {
				t.Errorf("status = %v %q, want Error %q", span.Status().Code, span.Status().Description, errType)
			}
			h.AssertAttributes(span, semconv.ErrorTypeKey.String(errType))
			if len(h.TokenTotals()) != 0 {
				t.Errorf("token totals = %v, want none", h.TokenTotals())
			}
			h.AssertNotExported(canaryPrompt, canaryKey, "org-canaryOrg7f3a", "req_011CSHoEeqs5C35K2UUqR7F")
		})
	}
}

// A stream that ends in an error event fails the call with the error's
// type, and keeps the usage reported before it.
func TestStreamErrorEvent(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Events: overloadedStream})
	client := newClient(s, h.Telemetry())

	stream := client.Messages.NewStreaming(context.Background(), messageParams())
	for stream.Next() {
	}
	if stream.Err() == nil {
		t.Error("the SDK saw no error from an error event")
	}
	_ = stream.Close()
	span := h.Span("chat claude-sonnet-4-5")
	if span.Status().Code != codes.Error || span.Status().Description != "overloaded_error" {
		t.Errorf("status = %v, want Error overloaded_error", span.Status())
	}
	h.AssertAttributes(span,
		semconv.ErrorTypeKey.String("overloaded_error"),
		semconv.GenAIUsageInputTokensKey.Int64(wantUsage.InputTokens))
	h.AssertNotExported("Overloaded")
}

// Each attempt is its own span: the provider saw each one.
func TestRetriedAttemptsAreSpans(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t,
		chathttptest.Reply{Status: 529, Body: overloadedJSON, Header: map[string]string{"Retry-After-Ms": "1"}},
		chathttptest.Reply{Status: 200, Body: messageJSON},
	)
	client := newClient(s, h.Telemetry(), option.WithMaxRetries(1))

	if _, err := client.Messages.New(context.Background(), messageParams()); err != nil {
		t.Fatal(err)
	}
	spans := h.SpansByOperation(semconv.OperationChat)
	if len(spans) != 2 {
		t.Fatalf("got %d chat spans, want one per attempt (2)", len(spans))
	}
	if spans[0].Status().Description != "529" || spans[1].Status().Code != codes.Unset {
		t.Errorf("statuses = %v, %v; want Error 529 then Unset", spans[0].Status(), spans[1].Status())
	}
	for _, r := range s.Requests() {
		if !bytes.Contains(r.Body, []byte(canaryPrompt)) {
			t.Errorf("attempt sent %s, want the full body on every attempt", r.Body)
		}
	}
}

func TestConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + l.Addr().String()
	_ = l.Close()

	h := otelagenttest.New(t)
	client := newClientURL(url, h.Telemetry())
	if _, err := client.Messages.New(context.Background(), messageParams()); err == nil {
		t.Fatal("want an error from a closed port")
	}
	span := h.Span("chat claude-sonnet-4-5")
	if span.Status().Code != codes.Error {
		t.Errorf("status = %v, want Error", span.Status())
	}
	h.AssertAttributes(span, semconv.ErrorTypeKey.String("*net.OpError"))
	// The server's host is server.address, as the conventions say; the
	// error's text, which holds "host:port", is never exported.
	h.AssertNotExported(canaryPrompt, canaryKey, strings.TrimPrefix(url, "http://"), "connection refused")
}

func TestStreamBrokenOff(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Events: messageStream[:2], Abort: true})
	client := newClient(s, h.Telemetry())

	stream := client.Messages.NewStreaming(context.Background(), messageParams())
	for stream.Next() {
	}
	if stream.Err() == nil {
		t.Fatal("the SDK saw no error from a broken stream")
	}
	_ = stream.Close()
	span := h.Span("chat claude-sonnet-4-5")
	h.AssertAttributes(span,
		semconv.ErrorTypeKey.String(semconv.ErrorTypeUnexpectedEOF),
		semconv.GenAIResponseModelKey.String("claude-sonnet-4-5-20250929"))
}

func TestStreamClosedEarly(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Events: messageStream[:2], Hang: true})
	client := newClient(s, h.Telemetry())

	stream := client.Messages.NewStreaming(context.Background(), messageParams())
	if !stream.Next() {
		t.Fatal(stream.Err())
	}
	if n := len(h.Spans()); n != 0 {
		t.Fatalf("%d spans ended while the stream is open, want 0", n)
	}
	_ = stream.Close()
	if span := h.Span("chat claude-sonnet-4-5"); span.Status().Code != codes.Unset {
		t.Errorf("status = %v, want Unset", span.Status())
	}
}

func TestTelemetryFromContext(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: messageJSON})
	client := newClient(s, nil)

	ctx := otelagent.NewContext(context.Background(), h.Telemetry())
	if _, err := client.Messages.New(ctx, messageParams()); err != nil {
		t.Fatal(err)
	}
	h.Span("chat claude-sonnet-4-5")
}

func TestProviderName(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: messageJSON})
	client := anthropic.NewClient(
		option.WithAPIKey(canaryKey),
		option.WithBaseURL(s.URL),
		option.WithMaxRetries(0),
		otelanthropic.RequestOption(otelanthropic.WithTelemetry(h.Telemetry()), otelanthropic.WithProviderName("gcp.vertex_ai")),
	)
	if _, err := client.Messages.New(context.Background(), messageParams()); err != nil {
		t.Fatal(err)
	}
	h.AssertAttributes(h.Span("chat claude-sonnet-4-5"), semconv.GenAIProviderNameKey.String("gcp.vertex_ai"))
}

func TestOtherEndpointsPassThrough(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: countTokensJSON})
	client := newClient(s, h.Telemetry())

	got, err := client.Messages.CountTokens(context.Background(), anthropic.MessageCountTokensParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(canaryPrompt))},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.InputTokens != 2095 {
		t.Errorf("the SDK got %+v, want the replayed count", got)
	}
	if n := len(h.Spans()); n != 0 {
		t.Errorf("%d spans for a count_tokens call, want 0", n)
	}
}

// With a global TracerProvider set, the SDK's own span of the call
// ("anthropic.messages.create", which carries gen_ai.operation.name chat
// and the usage too) is not recorded: the chat span is the session's child
// and the only span with the call's usage.
func TestSDKSpansOffWithGlobalProvider(t *testing.T) {
	h := otelagenttest.New(t)
	tp := otel.GetTracerProvider()
	t.Cleanup(func() { otel.SetTracerProvider(tp) })
	otel.SetTracerProvider(h.TracerProvider())

	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: messageJSON})
	client := newClient(s, h.Telemetry())
	ctx, session := h.Telemetry().StartSession(context.Background(), otelagent.Agent{Name: "coder"})
	if _, err := client.Messages.New(ctx, messageParams()); err != nil {
		t.Fatal(err)
	}
	session.End(nil)
	h.AssertChild("invoke_agent coder", "chat claude-sonnet-4-5")
	for _, span := range h.Spans() {
		if span.Name() == "anthropic.messages.create" {
			t.Errorf("the SDK's span %q was recorded: the call's usage is counted twice", span.Name())
		}
	}
	h.AssertNoOrphans()
}

// A program that wants the SDK's spans anyway turns them back on after the
// adapter's option; the chat span of each attempt is then their child.
func TestSDKSpansBackOn(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: messageJSON})
	client := newClient(s, h.Telemetry(), option.WithTracerProvider(h.TracerProvider()), option.WithOpenTelemetryTraces(true))
	if _, err := client.Messages.New(context.Background(), messageParams()); err != nil {
		t.Fatal(err)
	}
	h.AssertChild("anthropic.messages.create", "chat claude-sonnet-4-5")
	h.AssertNoOrphans()
	h.AssertNotExported(canaryPrompt, canaryKey)
}
