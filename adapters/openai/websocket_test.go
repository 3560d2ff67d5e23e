package otelopenai_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/openai/openai-go/v3/responses"
	"go.opentelemetry.io/otel/codes"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

// eventData returns the data of an SSE fixture event, with the response id
// replaced by id.
func eventData(event, id string) string {
	_, data, _ := strings.Cut(event, "data: ")
	return strings.ReplaceAll(strings.TrimSpace(data), "resp_68af4030592c81938ec0a5fbab4a3e9f05438e46b5f69a3b", id)
}

// Each response created on a Responses WebSocket is a chat span, in the
// context that opened the socket: ended with its usage when it completes,
// failed with its code, or canceled when the socket closes first.
func TestResponsesWebSocket(t *testing.T) {
	const failedEvent = `{"type":"response.failed","sequence_number":3,"response":{"id":"resp_2","object":"response","status":"failed","model":"gpt-5-2025-08-07","error":{"code":"server_error","message":"canary-message-7f3a"},"output":[],"usage":null}}`
	done := make(chan struct{})
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(done)
		conn, err := websocket.Accept(w, r, nil)
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.CloseNow()
		ctx := r.Context()
		for i, events := range [][]string{
			{eventData(responseStream[0], "resp_1"), eventData(responseStream[4], "resp_1"), eventData(responseStream[7], "resp_1")},
			{eventData(responseStream[0], "resp_2"), failedEvent},
			{eventData(responseStream[0], "resp_3")},
		} {
			if _, msg, err := conn.Read(ctx); err != nil || !strings.Contains(string(msg), canaryPrompt) {
				t.Errorf("request %d: read %s, %v", i, msg, err)
				return
			}
			for _, e := range events {
				if err := conn.Write(ctx, websocket.MessageText, []byte(e)); err != nil {
					t.Error(err)
					return
				}
			}
		}
		_, _, _ = conn.Read(ctx) // until the client closes
	}))
	defer server.Close()

	h := otelagenttest.New(t)
	client := newClientURL(server.URL, h.Telemetry())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ctx, session := h.Telemetry().StartSession(ctx, otelagent.Agent{Name: "coder"})
	conn, err := client.Responses.Connect(ctx, responses.ResponseConnectionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	create, _ := json.Marshal(map[string]any{"type": "response.create", "model": "gpt-5", "input": canaryPrompt})
	for i, last := range []string{"response.completed", "response.failed", "response.created"} {
		if err := conn.SendRaw(ctx, create); err != nil {
			t.Fatal(err)
		}
		for {
			raw, err := conn.RecvRaw(ctx)
			if err != nil {
				t.Fatalf("response %d: %v", i, err)
			}
			if strings.Contains(string(raw), `"type":"`+last+`"`) {
				break
			}
		}
	}
	if n := len(h.SpansByOperation(semconv.OperationChat)); n != 2 {
		t.Errorf("%d chat spans ended before the socket closed, want 2", n)
	}
	if err := conn.Close(); err != nil {
		t.Fatal(err)
	}
	<-done
	session.End(nil)

	spans := h.SpansByOperation(semconv.OperationChat)
	if len(spans) != 3 {
		t.Fatalf("%d chat spans, want 3", len(spans))
	}
	h.AssertAttributes(spans[0],
		semconv.GenAIResponseModelKey.String("gpt-5-2025-08-07"),
		semconv.GenAIUsageInputTokensKey.Int64(responseUsage.InputTokens),
		semconv.GenAIUsageOutputTokensKey.Int64(responseUsage.OutputTokens))
	for i, want := range []string{"", "server_error", semconv.ErrorTypeCanceled} {
		if got := spans[i].Status().Description; got != want || (want != "") != (spans[i].Status().Code == codes.Error) {
			t.Errorf("response %d status = %v, want %q", i+1, spans[i].Status(), want)
		}
		if spans[i].Parent().SpanID() != h.Span("invoke_agent coder").SpanContext().SpanID() {
			t.Errorf("response %d span is not the session's child", i+1)
		}
	}
	h.AssertNotExported(canaryPrompt, canaryKey, "canary-message")
}
