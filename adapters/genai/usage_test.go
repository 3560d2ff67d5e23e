package otelgenai

import (
	"context"
	"testing"

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
	recordResponse(chat, []byte(` [{"usageMetadata":{"promptTokenCount":5},"modelVersion":"gemini-2.5-flash"},
		{"usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":3,"thoughtsTokenCount":2}}]`))
	chat.End(nil)
	h.AssertAttributes(h.Span("chat gemini-2.5-flash"),
		semconv.GenAIResponseModelKey.String("gemini-2.5-flash"),
		semconv.GenAIUsageInputTokensKey.Int64(5),
		semconv.GenAIUsageOutputTokensKey.Int64(5),
		semconv.GenAIUsageReasoningOutputTokensKey.Int64(2))
}
