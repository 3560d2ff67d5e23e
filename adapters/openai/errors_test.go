package otelopenai_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/otelagent/otelagent-go/internal/chathttp/chathttptest"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

// The SDK's own error, passed to Session.End, is classed by its HTTP
// status, not by its type name.
func TestSDKErrorIsClassedByStatus(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: http.StatusTooManyRequests, Body: rateLimitJSON})
	client := newClient(s, h.Telemetry())

	ctx, session := h.Telemetry().StartSession(context.Background(), otelagent.Agent{Name: "coder"})
	_, err := client.Chat.Completions.New(ctx, chatParams())
	if err == nil {
		t.Fatal("want the SDK's error for a 429")
	}
	if got := otelagent.ErrorType(err); got != "429" {
		t.Errorf("ErrorType(the SDK's error) = %q, want 429", got)
	}
	session.End(err)
	h.AssertAttributes(h.Span("invoke_agent coder"), semconv.ErrorTypeKey.String("429"))
}
