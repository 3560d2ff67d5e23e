package otelgoopenai_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"
	"go.opentelemetry.io/otel/attribute"

	otelgoopenai "github.com/otelagent/otelagent-go/adapters/goopenai"
	"github.com/otelagent/otelagent-go/internal/chathttp/chathttptest"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

// Canaries: they are sent to the provider and must not appear in the
// export.
const (
	canaryPrompt = "canary-prompt-2b8e: summarise /home/alice/diary.txt"
	canaryKey    = "sk-proj-canaryKey2b8eT3BlbkFJ0123456789"
)

// canaries are the strings no test may find in the export: the prompt,
// the key, and what the replies say (text, tool arguments, error
// messages, the organization).
var canaries = []string{canaryPrompt, canaryKey, "alice", "diary", "appointments", "canaryOrg", "Sorry"}

// newClient returns a go-openai client of s recording through tel.
func newClient(s *chathttptest.Server, tel *otelagent.Telemetry, opts ...otelgoopenai.Option) *openai.Client {
	cfg := openai.DefaultConfig(canaryKey)
	cfg.BaseURL = s.URL + "/v1"
	cfg.HTTPClient = otelgoopenai.HTTPClient(&http.Client{Timeout: 10 * time.Second}, append([]otelgoopenai.Option{otelgoopenai.WithTelemetry(tel)}, opts...)...)
	return openai.NewClientWithConfig(cfg)
}

func chatRequest() openai.ChatCompletionRequest {
	return openai.ChatCompletionRequest{
		Model:               openai.GPT4oMini,
		MaxCompletionTokens: 256,
		Temperature:         0.5,
		Seed:                new(7),
		Stop:                []string{canaryPrompt}, // user text: never recorded
		Messages:            []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: canaryPrompt}},
		Tools: []openai.Tool{{Type: openai.ToolTypeFunction, Function: &openai.FunctionDefinition{
			Name:       "read_file",
			Parameters: map[string]any{"type": "object", "properties": map[string]any{"path": map[string]any{"type": "string"}}},
		}}},
	}
}

// requestParams are the attributes of chatRequest's parameters.
var requestParams = []attribute.KeyValue{
	semconv.GenAIRequestMaxTokensKey.Int64(256),
	semconv.GenAIRequestTemperatureKey.Float64(0.5),
	semconv.GenAIRequestSeedKey.Int64(7),
}

var toolCallUsage = &otelagent.Usage{InputTokens: 2210, OutputTokens: 19, CacheReadInputTokens: 2048}

// miniChat is the chat span of a gpt-4o-mini call.
func miniChat(u *otelagent.Usage, errorType string) chathttptest.Chat {
	return chathttptest.Chat{
		Name: "chat gpt-4o-mini", Provider: semconv.ProviderOpenAI,
		RequestModel: "gpt-4o-mini", ResponseModel: "gpt-4o-mini-2024-07-18",
		Usage: u, Priced: u != nil, ErrorType: errorType,
	}
}

func TestToolCall(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: toolCallJSON})
	client := newClient(s, h.Telemetry())

	ctx, session := h.Telemetry().StartSession(context.Background(), otelagent.Agent{Name: "coder"})
	resp, err := client.CreateChatCompletion(ctx, chatRequest())
	session.End(nil)
	if err != nil {
		t.Fatal(err)
	}
	if calls := resp.Choices[0].Message.ToolCalls; len(calls) != 1 || calls[0].Function.Arguments != `{"path":"/home/alice/diary.txt"}` {
		t.Errorf("the SDK got %+v, want the replayed tool call", resp.Choices[0].Message)
	}
	s.CheckSent(t, "/v1/chat/completions", canaryPrompt, "Bearer "+canaryKey)
	chathttptest.CheckChat(t, h, miniChat(toolCallUsage, ""))
	chathttptest.CheckResponse(t, h, "chat gpt-4o-mini", "chatcmpl-CJx0d2bQd0W8tYvYkWbKz3pFa4s1T", []string{"tool_calls"})
	chathttptest.CheckServer(t, h, "chat gpt-4o-mini", s.URL)
	h.AssertAttributes(h.Span("chat gpt-4o-mini"), requestParams...)
	if v, ok := otelagenttest.Attr(h.Span("chat gpt-4o-mini"), semconv.GenAIRequestStreamKey); ok {
		t.Errorf("gen_ai.request.stream = %s on a call that was not streamed", v.Emit())
	}
	h.AssertChild("invoke_agent coder", "chat gpt-4o-mini")
	h.AssertNotExported(append(canaries, "read_file")...)
}

// readStream reads a stream to its end as go-openai's README does, and
// returns the chunks read and the error that ended it (nil at io.EOF).
func readStream(stream *openai.ChatCompletionStream) (int, error) {
	defer func() { _ = stream.Close() }()
	for n := 0; n < 100; n++ {
		if _, err := stream.Recv(); err != nil {
			if errors.Is(err, io.EOF) {
				return n, nil
			}
			return n, err
		}
	}
	return 100, errors.New("stream longer than 100 chunks")
}

// Stream usage comes only with StreamOptions.IncludeUsage.
func TestStreamWithUsage(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Events: toolCallStream})
	client := newClient(s, h.Telemetry())

	req := chatRequest()
	req.StreamOptions = &openai.StreamOptions{IncludeUsage: true}
	stream, err := client.CreateChatCompletionStream(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := readStream(stream); err != nil || n != len(toolCallStream)-1 {
		t.Fatalf("the SDK read %d chunks and %v, want %d and the end", n, err, len(toolCallStream)-1)
	}
	s.CheckSent(t, "/v1/chat/completions", canaryPrompt, "Bearer "+canaryKey)
	chathttptest.CheckChat(t, h, miniChat(toolCallUsage, ""))
	chathttptest.CheckResponse(t, h, "chat gpt-4o-mini", "chatcmpl-CJx0eYk3", []string{"tool_calls"})
	chathttptest.CheckServer(t, h, "chat gpt-4o-mini", s.URL)
	h.AssertAttributes(h.Span("chat gpt-4o-mini"), append(requestParams, semconv.GenAIRequestStreamKey.Bool(true))...)
	h.AssertNotExported(append(canaries, "read_file")...)
}

// Without StreamOptions.IncludeUsage the stream reports no usage: the
// call is recorded without tokens, never with a guess.
func TestStreamWithoutUsage(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Events: textStream})
	client := newClient(s, h.Telemetry())

	stream, err := client.CreateChatCompletionStream(context.Background(), chatRequest())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := readStream(stream); err != nil {
		t.Fatal(err)
	}
	chathttptest.CheckChat(t, h, miniChat(nil, ""))
	chathttptest.CheckResponse(t, h, "chat gpt-4o-mini", "chatcmpl-CJx1aa", []string{"stop"})
	if totals := h.TokenTotals(); len(totals) != 0 {
		t.Errorf("token totals %v for a stream without usage, want none", totals)
	}
}

func TestStreamErrorChunk(t *testing.T) {
	h := otelagenttest.New(t)
	events := append(textStream[:2:2], streamErrorChunk, "data: [DONE]\n\n")
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Events: events})
	client := newClient(s, h.Telemetry())

	stream, err := client.CreateChatCompletionStream(context.Background(), chatRequest())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := readStream(stream); err == nil {
		t.Fatal("the SDK read an error chunk without an error")
	}
	chathttptest.CheckChat(t, h, miniChat(nil, "server_error"))
	// The id of the chunks before the error; no chunk finished.
	chathttptest.CheckResponse(t, h, "chat gpt-4o-mini", "chatcmpl-CJx1aa", nil)
	h.AssertNotExported(canaries...)
}

func TestStreamCanceled(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Events: textStream[:2], Hang: true})
	client := newClient(s, h.Telemetry())

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stream, err := client.CreateChatCompletionStream(ctx, chatRequest())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := stream.Recv(); err != nil {
		t.Fatal(err)
	}
	cancel()
	if _, err := readStream(stream); !errors.Is(err, context.Canceled) {
		t.Fatalf("the SDK returned %v, want context.Canceled", err)
	}
	chathttptest.CheckChat(t, h, miniChat(nil, semconv.ErrorTypeCanceled))
}

func TestErrorStatus(t *testing.T) {
	for _, tc := range []struct {
		reply chathttptest.Reply
		want  string
	}{
		{chathttptest.Reply{Status: 429, Header: map[string]string{"Retry-After": "1", "X-Ratelimit-Reset-Requests": "120ms"}, Body: rateLimitJSON}, "429"},
		{chathttptest.Reply{Status: 500, Body: serverErrorJSON}, "500"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			h := otelagenttest.New(t)
			s := chathttptest.NewServer(t, tc.reply)
			client := newClient(s, h.Telemetry())
			_, err := client.CreateChatCompletion(context.Background(), chatRequest())
			var apiErr *openai.APIError
			if !errors.As(err, &apiErr) || apiErr.HTTPStatusCode != tc.reply.Status {
				t.Fatalf("the SDK returned %v, want its APIError with status %d", err, tc.reply.Status)
			}
			c := miniChat(nil, tc.want)
			c.ResponseModel = ""
			chathttptest.CheckChat(t, h, c)
			h.AssertNotExported(canaries...)
		})
	}
}

var responsesUsage = &otelagent.Usage{InputTokens: 1530, OutputTokens: 212, CacheReadInputTokens: 1408, ReasoningOutputTokens: 192}

func TestResponses(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: responsesJSON})
	client := newClient(s, h.Telemetry())

	resp, err := client.CreateResponse(context.Background(), openai.CreateResponseRequest{Model: openai.O4Mini, Input: canaryPrompt})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Usage == nil || resp.Usage.OutputTokens != 212 {
		t.Errorf("the SDK got usage %+v, want the replayed one", resp.Usage)
	}
	s.CheckSent(t, "/v1/responses", canaryPrompt, "Bearer "+canaryKey)
	chathttptest.CheckChat(t, h, chathttptest.Chat{
		Name: "chat o4-mini", Provider: semconv.ProviderOpenAI,
		RequestModel: "o4-mini", ResponseModel: "o4-mini-2025-04-16",
		Usage: responsesUsage, Priced: true,
	})
	chathttptest.CheckResponse(t, h, "chat o4-mini", "resp_68c1f0a2b3c48195a0e1d2c3b4a59687", nil)
	h.AssertNotExported(canaries...)
}

func TestResponsesStreamFailed(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Events: responsesFailedStream})
	client := newClient(s, h.Telemetry())

	stream, err := client.CreateResponseStream(context.Background(), openai.CreateResponseRequest{Model: openai.O4Mini, Input: canaryPrompt})
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; n < 100; n++ {
		if _, err := stream.Recv(); err != nil {
			break
		}
	}
	_ = stream.Close()
	chathttptest.CheckChat(t, h, chathttptest.Chat{
		Name: "chat o4-mini", Provider: semconv.ProviderOpenAI,
		RequestModel: "o4-mini", ResponseModel: "o4-mini-2025-04-16",
		ErrorType: "server_error",
	})
	chathttptest.CheckResponse(t, h, "chat o4-mini", "resp_68c1f1", nil)
	h.AssertNotExported(append(canaries, "failed to generate")...)
}

func TestAzure(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: toolCallJSON})
	cfg := openai.DefaultAzureConfig(canaryKey, s.URL)
	cfg.HTTPClient = otelgoopenai.HTTPClient(nil, otelgoopenai.WithTelemetry(h.Telemetry()), otelgoopenai.WithProviderName("azure.ai.openai"))
	if _, err := openai.NewClientWithConfig(cfg).CreateChatCompletion(context.Background(), chatRequest()); err != nil {
		t.Fatal(err)
	}
	if r := s.Requests(); len(r) != 1 || r[0].Path != "/openai/deployments/gpt-4o-mini/chat/completions" {
		t.Errorf("server got %+v, want an Azure deployment path", r)
	}
	c := miniChat(toolCallUsage, "")
	c.Provider = "azure.ai.openai"
	chathttptest.CheckChat(t, h, c)
}

// Requests that generate nothing (embeddings, models) are not chat calls.
func TestOtherRequestsPassThrough(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: `{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.0023,-0.0093]}],"model":"text-embedding-3-small","usage":{"prompt_tokens":8,"total_tokens":8}}`})
	client := newClient(s, h.Telemetry())
	if _, err := client.CreateEmbeddings(context.Background(), openai.EmbeddingRequest{Model: openai.SmallEmbedding3, Input: []string{canaryPrompt}}); err != nil {
		t.Fatal(err)
	}
	if n := len(h.Spans()); n != 0 {
		t.Errorf("%d spans for an embedding, want 0", n)
	}
}
