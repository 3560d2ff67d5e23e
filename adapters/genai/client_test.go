package otelgenai_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"google.golang.org/genai"

	otelgenai "github.com/otelagent/otelagent-go/adapters/genai"
	"github.com/otelagent/otelagent-go/internal/chathttp/chathttptest"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

// Canaries: they are sent to the provider and must not appear in the
// export.
const (
	canaryPrompt  = "canary-prompt-9d41: summarise /home/alice/diary.txt"
	canaryKey     = "AIzaSyCanary9d41aaaaaaaaaaaaaaaaaaaaaaa"
	canaryProject = "canary-project-9d41"
)

// canaries are the strings no test may find in the export: the prompt, the
// key, the project, and what the replies say (text, tool arguments, error
// messages).
var canaries = []string{canaryPrompt, canaryKey, canaryProject, "alice", "appointments", "quota", "internal error"}

type usageWant struct{ input, output, cacheRead, reasoning int64 }

func (u usageWant) usage() *otelagent.Usage {
	return &otelagent.Usage{InputTokens: u.input, OutputTokens: u.output, CacheReadInputTokens: u.cacheRead, ReasoningOutputTokens: u.reasoning}
}

// newClient returns a genai client of the Gemini API (or of Vertex AI) at
// url, recording through tel.
func newClient(t *testing.T, url string, tel *otelagent.Telemetry, vertex bool) *genai.Client {
	t.Helper()
	cfg := &genai.ClientConfig{
		HTTPOptions: genai.HTTPOptions{BaseURL: url},
		HTTPClient:  otelgenai.HTTPClient(&http.Client{Timeout: 10 * time.Second}, otelgenai.WithTelemetry(tel)),
		Backend:     genai.BackendGeminiAPI,
		APIKey:      canaryKey,
	}
	if vertex {
		cfg.Backend, cfg.APIKey, cfg.Project, cfg.Location = genai.BackendVertexAI, "", canaryProject, "us-central1"
	}
	c, err := genai.NewClient(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestGenerateContent(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: generateContentJSON})
	client := newClient(t, s.URL, h.Telemetry(), false)

	ctx, session := h.Telemetry().StartSession(context.Background(), otelagent.Agent{Name: "coder"})
	resp, err := client.Models.GenerateContent(ctx, "gemini-2.5-flash", genai.Text(canaryPrompt), &genai.GenerateContentConfig{
		MaxOutputTokens: 512, Temperature: genai.Ptr[float32](0.5), TopK: genai.Ptr[float32](40), Seed: genai.Ptr[int32](7),
		ResponseMIMEType: "application/json",
		StopSequences:    []string{canaryPrompt}, // user text: never recorded
	})
	session.End(nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Text() != "The diary mentions three appointments next week." || resp.UsageMetadata.ThoughtsTokenCount != 238 {
		t.Errorf("the SDK got %q %+v, want the replayed response", resp.Text(), resp.UsageMetadata)
	}
	s.CheckSent(t, "/v1beta/models/gemini-2.5-flash:generateContent", canaryPrompt, "")
	chathttptest.CheckChat(t, h, chathttptest.Chat{
		Name: "chat gemini-2.5-flash", Provider: semconv.ProviderGCPGemini,
		RequestModel: "gemini-2.5-flash", ResponseModel: "gemini-2.5-flash",
		Usage: generateContentUsage.usage(), Priced: true,
	})
	// Google's random response id is not recorded (see record), the finish
	// reason is.
	chathttptest.CheckResponse(t, h, "chat gemini-2.5-flash", "", []string{"STOP"})
	chathttptest.CheckServer(t, h, "chat gemini-2.5-flash", s.URL)
	h.AssertAttributes(h.Span("chat gemini-2.5-flash"),
		semconv.GenAIRequestMaxTokensKey.Int64(512),
		semconv.GenAIRequestTemperatureKey.Float64(0.5),
		semconv.GenAIRequestTopKKey.Int64(40),
		semconv.GenAIRequestSeedKey.Int64(7),
		semconv.GenAIOutputTypeKey.String(semconv.OutputTypeJSON))
	if v, ok := otelagenttest.Attr(h.Span("chat gemini-2.5-flash"), semconv.GenAIRequestStreamKey); ok {
		t.Errorf("gen_ai.request.stream = %s on a call that was not streamed", v.Emit())
	}
	h.AssertChild("invoke_agent coder", "chat gemini-2.5-flash")
	h.AssertNotExported(canaries...)
}

func TestGenerateContentStream(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Events: generateContentStream})
	client := newClient(t, s.URL, h.Telemetry(), false)

	var text strings.Builder
	for resp, err := range client.Models.GenerateContentStream(context.Background(), "gemini-2.5-flash", genai.Text(canaryPrompt), nil) {
		if err != nil {
			t.Fatal(err)
		}
		text.WriteString(resp.Text())
	}
	if text.String() != "The diary mentions three appointments next week." {
		t.Errorf("the SDK read %q, want the whole stream", text.String())
	}
	s.CheckSent(t, "/v1beta/models/gemini-2.5-flash:streamGenerateContent", canaryPrompt, "")
	chathttptest.CheckChat(t, h, chathttptest.Chat{
		Name: "chat gemini-2.5-flash", Provider: semconv.ProviderGCPGemini,
		RequestModel: "gemini-2.5-flash", ResponseModel: "gemini-2.5-flash",
		Usage: generateContentUsage.usage(), Priced: true,
	})
	chathttptest.CheckResponse(t, h, "chat gemini-2.5-flash", "", []string{"STOP"})
	chathttptest.CheckServer(t, h, "chat gemini-2.5-flash", s.URL)
	h.AssertAttributes(h.Span("chat gemini-2.5-flash"), semconv.GenAIRequestStreamKey.Bool(true))
	h.AssertNotExported(canaries...)
}

func TestVertexStream(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Events: vertexStream})
	client := newClient(t, s.URL, h.Telemetry(), true)

	n := 0
	for _, err := range client.Models.GenerateContentStream(context.Background(), "gemini-2.0-flash-001", genai.Text(canaryPrompt), nil) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != len(vertexStream) {
		t.Errorf("the SDK read %d responses, want %d", n, len(vertexStream))
	}
	s.CheckSent(t, "/v1beta1/projects/"+canaryProject+"/locations/us-central1/publishers/google/models/gemini-2.0-flash-001:streamGenerateContent", canaryPrompt, "")
	chathttptest.CheckChat(t, h, chathttptest.Chat{
		Name: "chat gemini-2.0-flash-001", Provider: semconv.ProviderGCPVertexAI,
		RequestModel: "gemini-2.0-flash-001", ResponseModel: "gemini-2.0-flash-001",
		Usage: vertexUsage.usage(), Priced: true,
	})
	chathttptest.CheckResponse(t, h, "chat gemini-2.0-flash-001", "", []string{"STOP"})
	h.AssertNotExported(canaries...)
}

func TestVertexGenerateContent(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: generateContentJSON})
	client := newClient(t, s.URL, h.Telemetry(), true)
	if _, err := client.Models.GenerateContent(context.Background(), "gemini-2.5-flash", genai.Text(canaryPrompt), nil); err != nil {
		t.Fatal(err)
	}
	s.CheckSent(t, "/v1beta1/projects/"+canaryProject+"/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent", canaryPrompt, "")
	h.AssertAttributes(h.Span("chat gemini-2.5-flash"), semconv.GenAIProviderNameKey.String(semconv.ProviderGCPVertexAI))
}

func TestFunctionCall(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: functionCallJSON})
	client := newClient(t, s.URL, h.Telemetry(), false)

	tools := []*genai.Tool{{FunctionDeclarations: []*genai.FunctionDeclaration{{
		Name:        "read_file",
		Description: "Reads a file",
		Parameters:  &genai.Schema{Type: genai.TypeObject, Properties: map[string]*genai.Schema{"path": {Type: genai.TypeString}}},
	}}}}
	resp, err := client.Models.GenerateContent(context.Background(), "gemini-2.5-flash", genai.Text(canaryPrompt), &genai.GenerateContentConfig{Tools: tools})
	if err != nil {
		t.Fatal(err)
	}
	if calls := resp.FunctionCalls(); len(calls) != 1 || calls[0].Args["path"] != "/home/alice/diary.txt" {
		t.Errorf("the SDK got calls %+v, want the replayed function call", calls)
	}
	chathttptest.CheckChat(t, h, chathttptest.Chat{
		Name: "chat gemini-2.5-flash", Provider: semconv.ProviderGCPGemini,
		RequestModel: "gemini-2.5-flash", ResponseModel: "gemini-2.5-flash",
		Usage: functionCallUsage.usage(), Priced: true,
	})
	h.AssertNotExported(append(canaries, "read_file", "diary")...)
}

func TestErrorStatus(t *testing.T) {
	for _, tc := range []struct {
		reply chathttptest.Reply
		want  string
	}{
		{chathttptest.Reply{Status: 429, Header: map[string]string{"Retry-After": "7"}, Body: quotaErrorJSON}, "429"},
		{chathttptest.Reply{Status: 500, Body: internalErrorJSON}, "500"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			h := otelagenttest.New(t)
			s := chathttptest.NewServer(t, tc.reply)
			client := newClient(t, s.URL, h.Telemetry(), false)
			_, err := client.Models.GenerateContent(context.Background(), "gemini-2.5-flash", genai.Text(canaryPrompt), nil)
			var apiErr genai.APIError
			if !errors.As(err, &apiErr) || apiErr.Code != tc.reply.Status {
				t.Fatalf("the SDK returned %v, want its APIError with code %d", err, tc.reply.Status)
			}
			chathttptest.CheckChat(t, h, chathttptest.Chat{
				Name: "chat gemini-2.5-flash", Provider: semconv.ProviderGCPGemini,
				RequestModel: "gemini-2.5-flash", ErrorType: tc.want,
			})
			h.AssertNotExported(canaries...)
		})
	}
}

// The Retry-After header of a 429 reaches the caller: a client that
// honours it must still see it through the transport.
func TestRetryAfterPassesThrough(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 429, Header: map[string]string{"Retry-After": "7"}, Body: quotaErrorJSON})
	client := otelgenai.HTTPClient(s.Client(), otelgenai.WithTelemetry(h.Telemetry()))
	resp, err := client.Post(s.URL+"/v1beta/models/gemini-2.5-flash:generateContent", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "7" {
		t.Errorf("caller got %d Retry-After %q, want 429 and 7", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

func TestStreamErrorEvent(t *testing.T) {
	h := otelagenttest.New(t)
	events := append(generateContentStream[:1:1], streamErrorEvent)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Events: events})
	client := newClient(t, s.URL, h.Telemetry(), false)

	var gotErr error
	for _, err := range client.Models.GenerateContentStream(context.Background(), "gemini-2.5-flash", genai.Text(canaryPrompt), nil) {
		if err != nil {
			gotErr = err
			break
		}
	}
	var apiErr genai.APIError
	if !errors.As(gotErr, &apiErr) || apiErr.Code != 500 {
		t.Fatalf("the SDK returned %v, want its APIError with code 500", gotErr)
	}
	chathttptest.CheckChat(t, h, chathttptest.Chat{
		Name: "chat gemini-2.5-flash", Provider: semconv.ProviderGCPGemini,
		RequestModel: "gemini-2.5-flash", ResponseModel: "gemini-2.5-flash",
		Usage: &otelagent.Usage{InputTokens: 1052, CacheReadInputTokens: 1024}, Priced: true,
		ErrorType: "500",
	})
	// No candidate finished.
	chathttptest.CheckResponse(t, h, "chat gemini-2.5-flash", "", nil)
	h.AssertNotExported(canaries...)
}

// A caller that cancels mid-stream ends the span as canceled, with the
// usage reported so far.
func TestStreamCanceled(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Events: generateContentStream[:1], Hang: true})
	client := newClient(t, s.URL, h.Telemetry(), false)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var gotErr error
	for _, err := range client.Models.GenerateContentStream(ctx, "gemini-2.5-flash", genai.Text(canaryPrompt), nil) {
		if err != nil {
			gotErr = err
			break
		}
		cancel() // after the first response
	}
	if !errors.Is(gotErr, context.Canceled) {
		t.Fatalf("the SDK returned %v, want context.Canceled", gotErr)
	}
	chathttptest.CheckChat(t, h, chathttptest.Chat{
		Name: "chat gemini-2.5-flash", Provider: semconv.ProviderGCPGemini,
		RequestModel: "gemini-2.5-flash", ResponseModel: "gemini-2.5-flash",
		Usage: &otelagent.Usage{InputTokens: 1052, CacheReadInputTokens: 1024}, Priced: true,
		ErrorType: semconv.ErrorTypeCanceled,
	})
}

// Requests that generate nothing (countTokens, embeddings) are not chat
// calls.
func TestOtherRequestsPassThrough(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: `{"totalTokens": 31}`})
	client := newClient(t, s.URL, h.Telemetry(), false)
	got, err := client.Models.CountTokens(context.Background(), "gemini-2.5-flash", genai.Text(canaryPrompt), nil)
	if err != nil || got.TotalTokens != 31 {
		t.Fatalf("CountTokens = %+v, %v; want 31 tokens", got, err)
	}
	if n := len(h.Spans()); n != 0 {
		t.Errorf("%d spans for countTokens, want 0", n)
	}
}

func TestWithProviderName(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: generateContentJSON})
	client, err := genai.NewClient(context.Background(), &genai.ClientConfig{
		HTTPOptions: genai.HTTPOptions{BaseURL: s.URL},
		HTTPClient:  otelgenai.HTTPClient(nil, otelgenai.WithTelemetry(h.Telemetry()), otelgenai.WithProviderName("gcp.gen_ai")),
		Backend:     genai.BackendGeminiAPI,
		APIKey:      canaryKey,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Models.GenerateContent(context.Background(), "gemini-2.5-flash", genai.Text(canaryPrompt), nil); err != nil {
		t.Fatal(err)
	}
	h.AssertAttributes(h.Span("chat gemini-2.5-flash"), semconv.GenAIProviderNameKey.String("gcp.gen_ai"))
}

// Vertex AI in express mode (an API key, no project) has no project in
// its paths: it is still Vertex AI.
func TestVertexExpressMode(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: generateContentJSON})
	client, err := genai.NewClient(context.Background(), &genai.ClientConfig{
		HTTPOptions: genai.HTTPOptions{BaseURL: s.URL},
		HTTPClient:  otelgenai.HTTPClient(nil, otelgenai.WithTelemetry(h.Telemetry())),
		Backend:     genai.BackendVertexAI,
		APIKey:      canaryKey,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Models.GenerateContent(context.Background(), "gemini-2.5-flash", genai.Text(canaryPrompt), nil); err != nil {
		t.Fatal(err)
	}
	s.CheckSent(t, "/v1beta1/publishers/google/models/gemini-2.5-flash:generateContent", canaryPrompt, "")
	h.AssertAttributes(h.Span("chat gemini-2.5-flash"), semconv.GenAIProviderNameKey.String(semconv.ProviderGCPVertexAI))
	h.AssertNotExported(canaries...)
}

// A tuned model on Vertex AI is an endpoint of the project, named by a
// long number: a run of digits that the name rules cannot tell from an
// account or card number, so the model is recorded as _OTHER.
func TestVertexEndpoint(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: generateContentJSON})
	client := newClient(t, s.URL, h.Telemetry(), true)
	endpoint := "projects/" + canaryProject + "/locations/us-central1/endpoints/4418207530155671552"
	if _, err := client.Models.GenerateContent(context.Background(), endpoint, genai.Text(canaryPrompt), nil); err != nil {
		t.Fatal(err)
	}
	s.CheckSent(t, "/v1beta1/"+endpoint+":generateContent", canaryPrompt, "")
	h.AssertAttributes(h.Span("chat _OTHER"),
		semconv.GenAIProviderNameKey.String(semconv.ProviderGCPVertexAI),
		semconv.GenAIRequestModelKey.String("_OTHER"))
	h.AssertNotExported(canaries...)
}

// With retries, each attempt is a span of its own, with its own outcome:
// each is a request Google saw.
func TestRetriedAttempts(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t,
		chathttptest.Reply{Status: 429, Header: map[string]string{"Retry-After": "0"}, Body: quotaErrorJSON},
		chathttptest.Reply{Status: 200, Body: generateContentJSON})
	attempts, delay := int32(2), 0.001
	client, err := genai.NewClient(context.Background(), &genai.ClientConfig{
		HTTPOptions: genai.HTTPOptions{BaseURL: s.URL, RetryOptions: &genai.HTTPRetryOptions{Attempts: &attempts, InitialDelay: &delay, MaxDelay: &delay}},
		HTTPClient:  otelgenai.HTTPClient(nil, otelgenai.WithTelemetry(h.Telemetry())),
		Backend:     genai.BackendGeminiAPI,
		APIKey:      canaryKey,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Models.GenerateContent(context.Background(), "gemini-2.5-flash", genai.Text(canaryPrompt), nil); err != nil {
		t.Fatal(err)
	}
	if n := len(s.Requests()); n != 2 {
		t.Fatalf("server got %d requests, want 2", n)
	}
	spans := h.SpansByOperation(semconv.OperationChat)
	if len(spans) != 2 {
		t.Fatalf("%d chat spans, want one per attempt", len(spans))
	}
	h.AssertAttributes(spans[0], semconv.ErrorTypeKey.String("429"))
	h.AssertAttributes(spans[1], semconv.GenAIUsageInputTokensKey.Int64(1052))
	h.AssertNotExported(canaries...)
}
