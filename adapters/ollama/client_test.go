package otelollama_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ollama/ollama/api"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	otelollama "github.com/otelagent/otelagent-go/adapters/ollama"
	"github.com/otelagent/otelagent-go/internal/chathttp/chathttptest"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

// canaryPrompt is sent to the model and must not appear in the export,
// nor anything the replies say.
const canaryPrompt = "canary-prompt-c6f0: summarise /home/alice/diary.txt"

var canaries = []string{canaryPrompt, "alice", "diary", "appointments", "blobs"}

const ndjson = "application/x-ndjson"

func newClient(t *testing.T, s *chathttptest.Server, tel *otelagent.Telemetry) *api.Client {
	t.Helper()
	u, err := url.Parse(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	return api.NewClient(u, otelollama.HTTPClient(&http.Client{Timeout: 10 * time.Second}, otelollama.WithTelemetry(tel)))
}

func chatRequest(model string, stream bool) *api.ChatRequest {
	return &api.ChatRequest{
		Model:    model,
		Messages: []api.Message{{Role: "user", Content: canaryPrompt}},
		Stream:   &stream,
		Options: map[string]any{
			"num_predict": 128, "temperature": 0.25, "seed": 42, "top_k": 40,
			"stop": []string{canaryPrompt}, // user text: never recorded
		},
	}
}

// requestParams are the attributes of chatRequest's options.
var requestParams = []attribute.KeyValue{
	semconv.GenAIRequestMaxTokensKey.Int64(128),
	semconv.GenAIRequestTemperatureKey.Float64(0.25),
	semconv.GenAIRequestSeedKey.Int64(42),
	semconv.GenAIRequestTopKKey.Int64(40),
}

// localChat is the chat span of a call to a local model: its tokens are
// counted and unpriced.
func localChat(model string, u *otelagent.Usage, errorType string) chathttptest.Chat {
	c := chathttptest.Chat{
		Name: "chat " + model, Provider: semconv.ProviderOllama,
		RequestModel: model, Usage: u, ErrorType: errorType,
	}
	if u != nil || errorType == semconv.ErrorTypeOther {
		c.ResponseModel = model
	}
	return c
}

func TestChat(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: chatJSON})
	client := newClient(t, s, h.Telemetry())

	ctx, session := h.Telemetry().StartSession(context.Background(), otelagent.Agent{Name: "coder"})
	var got strings.Builder
	err := client.Chat(ctx, chatRequest("llama3.2", false), func(r api.ChatResponse) error {
		got.WriteString(r.Message.Content)
		return nil
	})
	session.End(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != "The diary mentions three appointments next week." {
		t.Errorf("the SDK got %q, want the replayed message", got.String())
	}
	s.CheckSent(t, "/api/chat", canaryPrompt, "")
	chathttptest.CheckChat(t, h, localChat("llama3.2:latest", &otelagent.Usage{InputTokens: 26, OutputTokens: 12}, ""))
	// Ollama gives a response no id: none is recorded.
	chathttptest.CheckResponse(t, h, "chat llama3.2:latest", "", []string{"stop"})
	chathttptest.CheckServer(t, h, "chat llama3.2:latest", s.URL)
	h.AssertAttributes(h.Span("chat llama3.2:latest"), requestParams...)
	for _, key := range []attribute.Key{semconv.GenAIRequestStreamKey, semconv.GenAIOutputTypeKey} {
		if v, ok := otelagenttest.Attr(h.Span("chat llama3.2:latest"), key); ok {
			t.Errorf("%s = %s, want none", key, v.Emit())
		}
	}
	h.AssertChild("invoke_agent coder", "chat llama3.2:latest")
	h.AssertNotExported(canaries...)
}

func TestChatStream(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Events: chatStream, ContentType: ndjson})
	client := newClient(t, s, h.Telemetry())

	n := 0
	err := client.Chat(context.Background(), chatRequest("llama3.2", true), func(api.ChatResponse) error { n++; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if n != len(chatStream) {
		t.Errorf("the SDK read %d lines, want %d", n, len(chatStream))
	}
	chathttptest.CheckChat(t, h, localChat("llama3.2:latest", &otelagent.Usage{InputTokens: 26, OutputTokens: 12}, ""))
	chathttptest.CheckResponse(t, h, "chat llama3.2:latest", "", []string{"stop"})
	chathttptest.CheckServer(t, h, "chat llama3.2:latest", s.URL)
	h.AssertAttributes(h.Span("chat llama3.2:latest"), append(requestParams, semconv.GenAIRequestStreamKey.Bool(true))...)
	h.AssertNotExported(canaries...)
}

func TestToolCallStream(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Events: toolCallStream, ContentType: ndjson})
	client := newClient(t, s, h.Telemetry())

	var calls []api.ToolCall
	err := client.Chat(context.Background(), chatRequest("qwen3:8b", true), func(r api.ChatResponse) error {
		calls = append(calls, r.Message.ToolCalls...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 1 || calls[0].Function.Name != "read_file" {
		t.Errorf("the SDK got calls %+v, want the replayed tool call", calls)
	}
	chathttptest.CheckChat(t, h, localChat("qwen3:8b", &otelagent.Usage{InputTokens: 169, OutputTokens: 61}, ""))
	chathttptest.CheckResponse(t, h, "chat qwen3:8b", "", []string{"stop"})
	h.AssertNotExported(append(canaries, "read_file", "call_x7k2d9")...)
}

// A local model has no list price, even one named like a hosted model the
// price table knows ("mistral-small", Mistral's API): its tokens are
// counted, as unpriced, and no cost is made up.
func TestLocalModelIsUnpriced(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: generateJSON})
	client := newClient(t, s, h.Telemetry())

	stream := false
	err := client.Generate(context.Background(), &api.GenerateRequest{Model: "mistral-small", Prompt: canaryPrompt, Stream: &stream, Format: json.RawMessage(`"json"`)}, func(api.GenerateResponse) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	s.CheckSent(t, "/api/generate", canaryPrompt, "")
	chathttptest.CheckChat(t, h, localChat("mistral-small:latest", &otelagent.Usage{InputTokens: 31, OutputTokens: 14}, ""))
	chathttptest.CheckResponse(t, h, "chat mistral-small:latest", "", []string{"length"})
	h.AssertAttributes(h.Span("chat mistral-small:latest"), semconv.GenAIOutputTypeKey.String(semconv.OutputTypeJSON))
	m, ok := h.Metric(semconv.UnpricedTokensName)
	if !ok {
		t.Fatalf("no %s metric: the user cannot see what is unpriced", semconv.UnpricedTokensName)
	}
	var unpriced int64
	for _, p := range m.Data.(metricdata.Sum[int64]).DataPoints {
		unpriced += p.Value
	}
	if unpriced != 31+14 {
		t.Errorf("%s = %d, want the call's 45 tokens", semconv.UnpricedTokensName, unpriced)
	}
	h.AssertNotExported(canaries...)
}

func TestStreamErrorLine(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Events: []string{chatStream[0], streamErrorLine}, ContentType: ndjson})
	client := newClient(t, s, h.Telemetry())

	err := client.Chat(context.Background(), chatRequest("llama3.2", true), func(api.ChatResponse) error { return nil })
	if err == nil {
		t.Fatal("the SDK read an error line without an error")
	}
	chathttptest.CheckChat(t, h, localChat("llama3.2:latest", nil, semconv.ErrorTypeOther))
	chathttptest.CheckResponse(t, h, "chat llama3.2:latest", "", nil)
	h.AssertNotExported(canaries...)
}

func TestErrorStatus(t *testing.T) {
	for _, tc := range []struct {
		reply chathttptest.Reply
		want  string
	}{
		{chathttptest.Reply{Status: 404, Body: notFoundJSON}, "404"},
		{chathttptest.Reply{Status: 429, Header: map[string]string{"Retry-After": "30"}, Body: `{"error":"you have reached your hourly usage limit"}`}, "429"},
		{chathttptest.Reply{Status: 500, Body: `{"error":"llama runner process has terminated: exit status 2"}`}, "500"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			h := otelagenttest.New(t)
			s := chathttptest.NewServer(t, tc.reply)
			client := newClient(t, s, h.Telemetry())
			err := client.Chat(context.Background(), chatRequest("llama3.2", true), func(api.ChatResponse) error { return nil })
			var statusErr api.StatusError
			if !errors.As(err, &statusErr) || statusErr.StatusCode != tc.reply.Status {
				t.Fatalf("the SDK returned %v, want its StatusError with %d", err, tc.reply.Status)
			}
			chathttptest.CheckChat(t, h, localChat("llama3.2:latest", nil, tc.want))
			h.AssertNotExported(append(canaries, "pulling", "hourly", "runner")...)
		})
	}
}

func TestStreamCanceled(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Events: chatStream[:1], ContentType: ndjson, Hang: true})
	client := newClient(t, s, h.Telemetry())

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	err := client.Chat(ctx, chatRequest("llama3.2", true), func(api.ChatResponse) error {
		cancel() // after the first line
		return nil
	})
	// The api package's stream ends its scan on the read error and
	// returns nil: only the span says the call was canceled.
	if err != nil && !errors.Is(err, context.Canceled) {
		t.Fatalf("the SDK returned %v, want nil or context.Canceled", err)
	}
	c := localChat("llama3.2:latest", nil, semconv.ErrorTypeCanceled)
	c.ResponseModel = "llama3.2:latest"
	chathttptest.CheckChat(t, h, c)
}

// Requests that generate nothing (embed, pull, list) are not chat calls.
func TestOtherRequestsPassThrough(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: `{"model":"all-minilm","embeddings":[[0.010071029,-0.0017594862]],"total_duration":14143917,"load_duration":1019500,"prompt_eval_count":8}`})
	client := newClient(t, s, h.Telemetry())
	if _, err := client.Embed(context.Background(), &api.EmbedRequest{Model: "all-minilm", Input: canaryPrompt}); err != nil {
		t.Fatal(err)
	}
	if n := len(h.Spans()); n != 0 {
		t.Errorf("%d spans for an embedding, want 0", n)
	}
}
