package otelopenai_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/responses"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/trace"

	otelopenai "github.com/otelagent/otelagent-go/adapters/openai"
	"github.com/otelagent/otelagent-go/internal/chathttp/chathttptest"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

// checkChatSpan checks the one chat span against the usage of the
// fixtures and the privacy promise.
func checkChatSpan(t *testing.T, h *otelagenttest.Harness, name, responseModel string, u otelagent.Usage) {
	t.Helper()
	span := h.Span(name)
	if span.SpanKind() != trace.SpanKindClient {
		t.Errorf("span kind = %v, want client", span.SpanKind())
	}
	if span.Status().Code != codes.Unset {
		t.Errorf("status = %v %q, want unset", span.Status().Code, span.Status().Description)
	}
	h.AssertAttributes(span,
		semconv.GenAIOperationNameKey.String(semconv.OperationChat),
		semconv.GenAIProviderNameKey.String("openai"),
		semconv.GenAIResponseModelKey.String(responseModel),
		semconv.GenAIUsageInputTokensKey.Int64(u.InputTokens),
		semconv.GenAIUsageOutputTokensKey.Int64(u.OutputTokens),
		semconv.GenAIUsageCacheReadInputTokensKey.Int64(u.CacheReadInputTokens),
		semconv.PricedKey.Bool(true),
	)
	if u.ReasoningOutputTokens > 0 {
		h.AssertAttributes(span, semconv.GenAIUsageReasoningOutputTokensKey.Int64(u.ReasoningOutputTokens))
	} else if _, ok := otelagenttest.Attr(span, semconv.GenAIUsageReasoningOutputTokensKey); ok {
		t.Error("reasoning tokens recorded for a call that reported none")
	}
	totals := h.TokenTotals()
	if totals[semconv.TokenTypeInput] != u.InputTokens || totals[semconv.TokenTypeOutput] != u.OutputTokens {
		t.Errorf("token totals = %v, want input %d output %d", totals, u.InputTokens, u.OutputTokens)
	}
	if h.Cost() <= 0 {
		t.Errorf("cost = %v, want > 0 for a priced model", h.Cost())
	}
	h.AssertNotExported(canaryPrompt, canaryKey, "alice", "appointments")
}

// checkSent checks that the provider got the prompt and the key: the
// middleware must not lose or alter the request.
func checkSent(t *testing.T, s *chathttptest.Server, path string) {
	t.Helper()
	got := s.Requests()
	if len(got) != 1 {
		t.Fatalf("server got %d requests, want 1", len(got))
	}
	r := got[0]
	if r.Path != path || r.Auth != "Bearer "+canaryKey || !bytes.Contains(r.Body, []byte(canaryPrompt)) {
		t.Errorf("server got %s %s auth %q body %s; want the prompt and key at %s", r.Method, r.Path, r.Auth, r.Body, path)
	}
}

var chatUsage = otelagent.Usage{InputTokens: 1117, OutputTokens: 46, CacheReadInputTokens: 1024}

func TestChatCompletion(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: chatCompletionJSON})
	client := newClient(s, h.Telemetry())

	ctx, session := h.Telemetry().StartSession(context.Background(), otelagent.Agent{Name: "coder"})
	got, err := client.Chat.Completions.New(ctx, chatParams())
	session.End(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.Choices[0].Message.Content != "The diary mentions three appointments next week." || got.Usage.PromptTokensDetails.CachedTokens != 1024 {
		t.Errorf("the SDK got %+v, want the replayed completion", got)
	}
	checkSent(t, s, "/v1/chat/completions")
	checkChatSpan(t, h, "chat gpt-4o", "gpt-4o-2024-08-06", chatUsage)
	h.AssertAttributes(h.Span("chat gpt-4o"), semconv.GenAIRequestModelKey.String("gpt-4o"),
		semconv.GenAIResponseIDKey.String("chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG"),
		semconv.GenAIResponseFinishReasonsKey.StringSlice([]string{"stop"}))
	h.AssertChild("invoke_agent coder", "chat gpt-4o")
	h.AssertNoOrphans()
}

func TestChatCompletionStream(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Events: chatCompletionStream})
	client := newClient(s, h.Telemetry())

	params := chatParams()
	params.StreamOptions = openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)}
	stream := client.Chat.Completions.NewStreaming(context.Background(), params)
	var acc openai.ChatCompletionAccumulator
	chunks := 0
	for stream.Next() {
		acc.AddChunk(stream.Current())
		chunks++
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	if err := stream.Close(); err != nil {
		t.Fatal(err)
	}
	if chunks != len(chatCompletionStream)-1 {
		t.Errorf("the SDK read %d chunks, want %d", chunks, len(chatCompletionStream)-1)
	}
	if acc.Choices[0].Message.Content != "The diary mentions three appointments next week." || acc.Usage.TotalTokens != 1163 {
		t.Errorf("the SDK accumulated %q with usage %+v, want the whole stream", acc.Choices[0].Message.Content, acc.Usage)
	}
	checkSent(t, s, "/v1/chat/completions")
	checkChatSpan(t, h, "chat gpt-4o", "gpt-4o-2024-08-06", chatUsage)
	h.AssertAttributes(h.Span("chat gpt-4o"), semconv.GenAIRequestStreamKey.Bool(true),
		semconv.GenAIResponseIDKey.String("chatcmpl-B9MHEqv4ZTm1pV4I0rWqS3i3ML2RS"),
		semconv.GenAIResponseFinishReasonsKey.StringSlice([]string{"stop"}))
	if m, ok := h.Metric(semconv.ClientTimePerOutputChunkName); !ok || m.Data.(metricdata.Histogram[float64]).DataPoints[0].Count != uint64(len(chatCompletionStream)-2) {
		t.Errorf("time_per_output_chunk %+v, want one per chunk after the first", m)
	}
}

var responseUsage = otelagent.Usage{InputTokens: 1117, OutputTokens: 110, CacheReadInputTokens: 1024, ReasoningOutputTokens: 64}

func responseParams() responses.ResponseNewParams {
	return responses.ResponseNewParams{
		Model: openai.ChatModelGPT5,
		Input: responses.ResponseNewParamsInputUnion{OfString: openai.String(canaryPrompt)},
	}
}

func TestResponse(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: responseJSON})
	client := newClient(s, h.Telemetry())

	got, err := client.Responses.New(context.Background(), responseParams())
	if err != nil {
		t.Fatal(err)
	}
	if got.OutputText() != "The diary mentions three appointments next week." || got.Usage.OutputTokensDetails.ReasoningTokens != 64 {
		t.Errorf("the SDK got %q, usage %+v; want the replayed response", got.OutputText(), got.Usage)
	}
	checkSent(t, s, "/v1/responses")
	checkChatSpan(t, h, "chat gpt-5", "gpt-5-2025-08-07", responseUsage)
}

func TestResponseStream(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Events: responseStream})
	client := newClient(s, h.Telemetry())

	stream := client.Responses.NewStreaming(context.Background(), responseParams())
	var text strings.Builder
	var final responses.Response
	for stream.Next() {
		switch e := stream.Current(); e.Type {
		case "response.output_text.delta":
			text.WriteString(e.Delta)
		case "response.completed":
			final = e.Response
		}
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	_ = stream.Close()
	if text.String() != "The diary mentions three appointments next week." || final.Usage.TotalTokens != 1227 {
		t.Errorf("the SDK got text %q and usage %+v, want the whole stream", text.String(), final.Usage)
	}
	checkSent(t, s, "/v1/responses")
	checkChatSpan(t, h, "chat gpt-5", "gpt-5-2025-08-07", responseUsage)
}

func TestHTTPErrors(t *testing.T) {
	tests := []struct {
		status int
		body   string
	}{
		{http.StatusTooManyRequests, rateLimitJSON},
		{http.StatusInternalServerError, serverErrorJSON},
		{http.StatusUnauthorized, `{"error":{"message":"Incorrect API key provided: sk-proj-****************************6789.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			h := otelagenttest.New(t)
			s := chathttptest.NewServer(t, chathttptest.Reply{Status: tt.status, Body: tt.body})
			client := newClient(s, h.Telemetry())

			_, err := client.Chat.Completions.New(context.Background(), chatParams())
			var apiErr *openai.Error
			if !errors.As(err, &apiErr) || apiErr.StatusCode != tt.status {
				t.Fatalf("the SDK returned %v, want an *openai.Error with status %d", err, tt.status)
			}
			if apiErr.Message == "" {
				t.Error("the SDK did not get the error body")
			}
			span := h.Span("chat gpt-4o")
			errType := strconv.Itoa(tt.status)
			if span.Status().Code != codes.Error || span.Status().Description != errType {
				t.Errorf("status = %v %q, want Error %q", span.Status().Code, span.Status().Description, errType)
			}
			h.AssertAttributes(span, semconv.ErrorTypeKey.String(errType))
			if _, ok := otelagenttest.Attr(span, semconv.GenAIUsageInputTokensKey); ok {
				t.Error("usage recorded for a failed call")
			}
			if len(h.TokenTotals()) != 0 {
				t.Errorf("token totals = %v, want none", h.TokenTotals())
			}
			h.AssertNotExported(canaryPrompt, canaryKey, "org-canaryOrg7f3a", "Rate limit", "Incorrect API key")
		})
	}
}

// Each attempt is its own span: the provider saw (and may bill) each one.
func TestRetriedAttemptsAreSpans(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t,
		chathttptest.Reply{Status: 429, Body: rateLimitJSON, Header: map[string]string{"Retry-After-Ms": "1"}},
		chathttptest.Reply{Status: 200, Body: chatCompletionJSON},
	)
	client := newClient(s, h.Telemetry(), option.WithMaxRetries(1))

	if _, err := client.Chat.Completions.New(context.Background(), chatParams()); err != nil {
		t.Fatal(err)
	}
	spans := h.SpansByOperation(semconv.OperationChat)
	if len(spans) != 2 {
		t.Fatalf("got %d chat spans, want one per attempt (2)", len(spans))
	}
	if spans[0].Status().Description != "429" || spans[1].Status().Code != codes.Unset {
		t.Errorf("statuses = %v, %v; want Error 429 then Unset", spans[0].Status(), spans[1].Status())
	}
	if got := h.TokenTotals()[semconv.TokenTypeInput]; got != chatUsage.InputTokens {
		t.Errorf("input tokens = %d, want only the successful attempt's %d", got, chatUsage.InputTokens)
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
	if _, err := client.Chat.Completions.New(context.Background(), chatParams()); err == nil {
		t.Fatal("want an error from a closed port")
	}
	span := h.Span("chat gpt-4o")
	if span.Status().Code != codes.Error {
		t.Errorf("status = %v, want Error", span.Status())
	}
	h.AssertAttributes(span, semconv.ErrorTypeKey.String("*net.OpError"))
	// The server's host is server.address, as the conventions say; the
	// error's text, which holds "host:port", is never exported.
	h.AssertNotExported(canaryPrompt, canaryKey, strings.TrimPrefix(url, "http://"), "connection refused")
}

// A stream that breaks off ends its span with the read error, and the SDK
// sees the same error.
func TestStreamBrokenOff(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Events: chatCompletionStream[:2], Abort: true})
	client := newClient(s, h.Telemetry())

	stream := client.Chat.Completions.NewStreaming(context.Background(), chatParams())
	for stream.Next() {
	}
	if stream.Err() == nil {
		t.Fatal("the SDK saw no error from a broken stream")
	}
	_ = stream.Close()
	span := h.Span("chat gpt-4o")
	if span.Status().Code != codes.Error {
		t.Errorf("status = %v, want Error", span.Status())
	}
	h.AssertAttributes(span,
		semconv.ErrorTypeKey.String(semconv.ErrorTypeUnexpectedEOF),
		semconv.GenAIResponseModelKey.String("gpt-4o-2024-08-06"))
}

// A stream the caller stops reading early ends when it is closed.
func TestStreamClosedEarly(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Events: chatCompletionStream[:2], Hang: true})
	client := newClient(s, h.Telemetry())

	stream := client.Chat.Completions.NewStreaming(context.Background(), chatParams())
	if !stream.Next() {
		t.Fatal(stream.Err())
	}
	if n := len(h.Spans()); n != 0 {
		t.Fatalf("%d spans ended while the stream is open, want 0", n)
	}
	_ = stream.Close()
	span := h.Span("chat gpt-4o")
	if span.Status().Code != codes.Unset {
		t.Errorf("status = %v, want Unset", span.Status())
	}
}

func TestTelemetryFromContext(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: chatCompletionJSON})
	client := newClient(s, nil)

	ctx := otelagent.NewContext(context.Background(), h.Telemetry())
	if _, err := client.Chat.Completions.New(ctx, chatParams()); err != nil {
		t.Fatal(err)
	}
	h.Span("chat gpt-4o")
}

func TestProviderName(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: chatCompletionJSON})
	client := openai.NewClient(
		option.WithAPIKey(canaryKey),
		option.WithBaseURL(s.URL+"/v1/"),
		option.WithMaxRetries(0),
		otelopenai.RequestOption(otelopenai.WithTelemetry(h.Telemetry()), otelopenai.WithProviderName("azure.ai.openai")),
	)
	if _, err := client.Chat.Completions.New(context.Background(), chatParams()); err != nil {
		t.Fatal(err)
	}
	h.AssertAttributes(h.Span("chat gpt-4o"), semconv.GenAIProviderNameKey.String("azure.ai.openai"))
}

func TestOtherEndpointsPassThrough(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: embeddingJSON})
	client := newClient(s, h.Telemetry())

	got, err := client.Embeddings.New(context.Background(), openai.EmbeddingNewParams{
		Model: openai.EmbeddingModelTextEmbedding3Small,
		Input: openai.EmbeddingNewParamsInputUnion{OfString: openai.String(canaryPrompt)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Data) != 1 || len(got.Data[0].Embedding) != 3 {
		t.Errorf("the SDK got %+v, want the replayed embedding", got)
	}
	if n := len(h.Spans()); n != 0 {
		t.Errorf("%d spans for an embeddings call, want 0", n)
	}
}
