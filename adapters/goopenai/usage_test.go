package otelgoopenai

import (
	"context"
	"testing"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

// The error events a stream of a 200 response can end with, and the
// error.type each gives.
func TestStreamErrorEvents(t *testing.T) {
	for _, tc := range []struct {
		name, event, want string
	}{
		{"chat completions error chunk", `{"error":{"message":"m","type":"server_error","param":null,"code":null}}`, "server_error"},
		{"type outside the grammar, as go-openai's own test sends it", `{"error":{"message":"m","type":"server_ error","param":null,"code":null}}`, semconv.ErrorTypeOther},
		{"code when there is no type", `{"error":{"message":"m","code":"rate_limit_exceeded"}}`, "rate_limit_exceeded"},
		{"responses error event", `{"type":"error","sequence_number":3,"code":"ERR_SOMETHING","message":"m","param":null}`, "ERR_SOMETHING"},
		{"responses error event without code", `{"type":"error","sequence_number":3,"code":null,"message":"m"}`, semconv.ErrorTypeOther},
		{"response.failed", `{"type":"response.failed","response":{"status":"failed","error":{"code":"server_error","message":"m"},"model":"o4-mini"}}`, "server_error"},
		{"no error", `{"type":"response.completed","response":{"status":"completed","error":null,"model":"o4-mini"}}`, ""},
		{"text that says error", `{"choices":[{"delta":{"content":"an \"error\": here"}}],"model":"gpt-4o"}`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := otelagenttest.New(t)
			_, chat := h.Telemetry().StartChat(context.Background(), otelagent.ChatRequest{Model: "m"})
			s := &stream{chat: chat, modelSeen: true}
			s.Event([]byte(tc.event))
			if got := otelagent.ErrorType(s.End(nil)); got != tc.want {
				t.Errorf("error.type = %q, want %q", got, tc.want)
			}
		})
	}
}
