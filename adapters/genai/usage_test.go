package otelgenai

import (
	"context"
	"testing"

	"github.com/otelagent/otelagent-go/internal/chathttp"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

func TestStreamErrorType(t *testing.T) {
	for _, tc := range []struct {
		e    streamError
		want string
	}{
		{streamError{Code: 503, Status: "UNAVAILABLE"}, "503"},
		{streamError{Status: "RESOURCE_EXHAUSTED"}, "RESOURCE_EXHAUSTED"},
		{streamError{Code: 7}, semconv.ErrorTypeOther},
	} {
		if got := tc.e.ErrorType(); got != tc.want {
			t.Errorf("%+v: ErrorType = %q, want %q", tc.e, got, tc.want)
		}
	}
}

// A streamGenerateContent call without alt=sse gets a JSON array of
// responses; the last usage is the call's.
func TestRecordResponseArray(t *testing.T) {
	h := otelagenttest.New(t)
	_, chat := h.Telemetry().StartChat(context.Background(), otelagent.ChatRequest{Model: "gemini-2.5-flash"})
	recordResponse(chat, []byte(` [{"usageMetadata":{"promptTokenCount":5},"modelVersion":"gemini-2.5-flash","responseId":"r-1"},
		{"candidates":[{"finishReason":"MAX_TOKENS"},{"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":3,"thoughtsTokenCount":2}}]`))
	chat.End(nil)
	h.AssertAttributes(h.Span("chat gemini-2.5-flash"),
		semconv.GenAIResponseModelKey.String("gemini-2.5-flash"),
		semconv.GenAIResponseIDKey.String("r-1"),
		semconv.GenAIResponseFinishReasonsKey.StringSlice([]string{"MAX_TOKENS", "STOP"}),
		semconv.GenAIUsageInputTokensKey.Int64(5),
		semconv.GenAIUsageOutputTokensKey.Int64(5),
		semconv.GenAIUsageReasoningOutputTokensKey.Int64(2))
}

// An event is decoded when it may say something new: the first one (the
// id), and one with a finish reason even without usage; text-only events
// after the first are skipped.
func TestStreamReadsFinishReasons(t *testing.T) {
	h := otelagenttest.New(t)
	_, chat := h.Telemetry().StartChat(context.Background(), otelagent.ChatRequest{Model: "gemini-2.5-flash"})
	s := &stream{chat: chat}
	s.Event([]byte(`{"candidates":[{"content":{"parts":[{"text":"a"}]}}],"responseId":"r-1"}`))
	s.Event([]byte(`{"candidates":[{"content":{"parts":[{"text":"b"}]}}],"responseId":"r-2"}`))
	s.Event([]byte(`{"candidates":[{"content":{"parts":[{"text":"c"}]}}],"responseId":"r-3"}`))
	s.Event([]byte(`{"candidates":[{"content":{"parts":[{"text":""}]},"finishReason":"SAFETY"}],"responseId":"r-1"}`))
	chat.End(s.End(nil))
	h.AssertAttributes(h.Span("chat gemini-2.5-flash"),
		semconv.GenAIResponseIDKey.String("r-1"),
		semconv.GenAIResponseFinishReasonsKey.StringSlice([]string{"SAFETY"}))
}

// Google's ids are random tokens the id grammar refuses: left out, not
// recorded as "_OTHER"; an id that passes replaces one that did not.
func TestRandomResponseIDLeftOut(t *testing.T) {
	for _, tc := range []struct {
		events []string
		want   string
	}{
		{[]string{`{"responseId":"mVb1aN2xJ8mYz7IPk8SJ2QE"}`}, ""},
		{[]string{`{"responseId":"r-1"}`, `{"responseId":"mVb1aN2xJ8mYz7IPk8SJ2QE","usageMetadata":{}}`}, ""},
		{[]string{`{"responseId":"mVb1aN2xJ8mYz7IPk8SJ2QE"}`, `{"responseId":"r-2","usageMetadata":{}}`}, "r-2"},
	} {
		h := otelagenttest.New(t)
		_, chat := h.Telemetry().StartChat(context.Background(), otelagent.ChatRequest{Model: "gemini-2.5-flash"})
		s := &stream{chat: chat}
		for _, e := range tc.events {
			s.Event([]byte(e))
		}
		chat.End(s.End(nil))
		got, ok := otelagenttest.Attr(h.Span("chat gemini-2.5-flash"), semconv.GenAIResponseIDKey)
		if ok != (tc.want != "") || got.AsString() != tc.want {
			t.Errorf("%s: response id %q (set %v), want %q", tc.events, got.Emit(), ok, tc.want)
		}
	}
}

func TestRoute(t *testing.T) {
	for path, want := range map[string]chathttp.Call{
		"/v1beta/models/gemini-2.5-flash:generateContent":                                                     {Model: "gemini-2.5-flash"},
		"/v1beta1/projects/p/locations/l/publishers/google/models/gemini-2.0-flash-001:streamGenerateContent": {Model: "gemini-2.0-flash-001", Stream: true},
	} {
		if got, ok := route(path); !ok || got != want {
			t.Errorf("route(%q) = %+v, %v; want %+v", path, got, ok, want)
		}
	}
	if _, ok := route("/v1beta/models/gemini-2.5-flash:countTokens"); ok {
		t.Error("countTokens routed as a chat call")
	}
}

func TestCompleteRequest(t *testing.T) {
	var c otelagent.ChatRequest
	completeRequest([]byte(`{"contents":[{"parts":[{"text":"hi"}]}],"generationConfig":{"candidateCount":2,"topP":0.5,`+
		`"presencePenalty":0.25,"frequencyPenalty":0.5,"responseMimeType":"text/plain","stopSequences":["x"]}}`), &c)
	if c.ChoiceCount != 2 || *c.TopP != 0.5 || *c.PresencePenalty != 0.25 || *c.FrequencyPenalty != 0.5 || c.OutputType != semconv.OutputTypeText {
		t.Errorf("completeRequest = %+v", c)
	}
	// Nothing set: no generationConfig, null, a mismatched type, and no
	// body (the middleware passes nil for one that is not JSON).
	for _, body := range []string{`{"contents":[]}`, `{"generationConfig":null}`, `{"generationConfig":{"topP":"high"}}`, `[]`, ""} {
		c = otelagent.ChatRequest{}
		completeRequest([]byte(body), &c)
		if c != (otelagent.ChatRequest{}) {
			t.Errorf("completeRequest(%s) = %+v, want nothing set", body, c)
		}
	}
	// The last generationConfig, matched as json.Unmarshal matches a key.
	c = otelagent.ChatRequest{}
	completeRequest([]byte(`{"generationConfig":{"seed":1},"contents":[{"parts":[{"text":"\"generationConfig\":{}"}]}],"GenerationConfig":{"seed":7}}`), &c)
	if c.Seed == nil || *c.Seed != 7 {
		t.Errorf("completeRequest with two generationConfigs: seed %v, want 7", c.Seed)
	}
}
