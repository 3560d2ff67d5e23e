package otelopenai_test

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/codes"

	"github.com/otelagent/otelagent-go/internal/chathttp/chathttptest"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

// A stream that ends in an error event fails its call with the error's
// code; the provider's message is never recorded.
func TestStreamErrorEvents(t *testing.T) {
	const message = "canary-message-7f3a: the model at /home/alice failed"
	tests := []struct {
		name, span string
		events     []string
		responses  bool
		want       string
	}{{
		name:   "chat completions error chunk",
		span:   "chat gpt-4o",
		events: append(chatCompletionStream[:2:2], `data: {"error":{"message":"`+message+`","type":"server_error","param":null,"code":null}}`+"\n\n"),
		want:   "server_error",
	}, {
		name:      "response.failed",
		span:      "chat gpt-5",
		responses: true,
		events: append(responseStream[:2:2], "event: response.failed\n"+
			`data: {"type":"response.failed","sequence_number":2,"response":{"id":"resp_68af4030592c81938ec0a5fbab4a3e9f05438e46b5f69a3b","object":"response","status":"failed","model":"gpt-5-2025-08-07","error":{"code":"server_error","message":"`+message+`"},"output":[],"usage":null}}`+"\n\n"),
		want: "server_error",
	}, {
		name:      "error event",
		span:      "chat gpt-5",
		responses: true,
		events: append(responseStream[:2:2], "event: error\n"+
			`data: {"type":"error","sequence_number":2,"code":"rate_limit_exceeded","message":"`+message+`","param":null}`+"\n\n"),
		want: "rate_limit_exceeded",
	}, {
		name:      "error event with a code that is text",
		span:      "chat gpt-5",
		responses: true,
		events: append(responseStream[:2:2], "event: error\n"+
			`data: {"type":"error","sequence_number":2,"code":"`+message+`","message":"`+message+`","param":null}`+"\n\n"),
		want: semconv.ErrorTypeOther,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := otelagenttest.New(t)
			s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Events: tt.events})
			client := newClient(s, h.Telemetry())
			var err error
			if tt.responses {
				stream := client.Responses.NewStreaming(context.Background(), responseParams())
				for stream.Next() {
				}
				err = stream.Err()
				_ = stream.Close()
			} else {
				stream := client.Chat.Completions.NewStreaming(context.Background(), chatParams())
				for stream.Next() {
				}
				err = stream.Err()
				_ = stream.Close()
			}
			if err == nil && !tt.responses {
				t.Error("the SDK saw no error from the error chunk")
			}
			span := h.Span(tt.span)
			if span.Status().Code != codes.Error || span.Status().Description != tt.want {
				t.Errorf("status = %v %q, want Error %q", span.Status().Code, span.Status().Description, tt.want)
			}
			h.AssertAttributes(span, semconv.ErrorTypeKey.String(tt.want))
			h.AssertNotExported(message, "canary-message", canaryPrompt)
		})
	}
}
