package otelanthropic

import (
	"errors"
	"strings"
	"sync"

	"github.com/anthropics/anthropic-sdk-go/v2/option"

	"github.com/otelagent/otelagent-go/internal/chathttp"
	"github.com/otelagent/otelagent-go/otelagent"
)

// WithTelemetry returns a client option that records every Messages API
// call the client makes as a "chat {model}" span, with its token usage and
// estimated cost, through tel:
//
//	client := anthropic.NewClient(option.WithAPIKey(key), otelanthropic.WithTelemetry(tel))
//
// A nil tel means the Telemetry in each request's context, or
// otelagent.Default (see otelagent.FromContext).
func WithTelemetry(tel *otelagent.Telemetry, opts ...Option) option.RequestOption {
	return option.WithMiddleware(Middleware(tel, opts...))
}

// Middleware returns the middleware WithTelemetry installs, for a program
// that composes its own middleware chain.
//
// It records one span per HTTP attempt: when the SDK retries a call after
// a 429, a 529 or a 5xx, each attempt is a span of its own, with its own
// status, because each one is a request the provider saw.
//
// It reads the request body for its "model" and "stream" fields only, and
// the response for "model", "usage" and an error's "type" only; both bodies
// reach the SDK byte for byte. A streamed response is scanned as it passes
// through and the span ends when the stream does. Requests to other
// endpoints (token counting, batches, files, models) pass through
// untouched.
func Middleware(tel *otelagent.Telemetry, opts ...Option) option.Middleware {
	return chathttp.Middleware[option.MiddlewareNext](tel, newConfig(opts).provider, api)
}

// api is what the shared middleware needs to know of the Messages API.
var api = chathttp.API{
	Name:           "anthropic",
	IsChatPath:     isMessagesPath,
	RecordResponse: recordResponse,
	NewStream:      func(chat *otelagent.Chat) chathttp.Stream { return &stream{chat: chat} },
}

// isMessagesPath reports whether a POST to path creates a message: the
// call that uses a model and reports tokens.
func isMessagesPath(path string) bool {
	return strings.HasSuffix(path, "/messages")
}

func recordResponse(chat *otelagent.Chat, body []byte) {
	e := parsePayload(body)
	chat.SetResponseModel(e.model)
	if e.usage != nil {
		var t tally
		t.add(e.usage)
		chat.SetUsage(t.toOtelagent())
	}
}

// stream follows a Messages stream: "message_start" carries the model, the
// input and cache counts; "message_delta" the final output count; an
// "error" event (the stream of a 200 response can end with one,
// "overloaded_error") fails the call.
type stream struct {
	chat *otelagent.Chat

	mu        sync.Mutex // Event runs in the SDK's reads, End maybe in Close
	usage     tally
	errorType string
}

func (s *stream) Event(data []byte) {
	// Text and tool-input deltas carry none of these: skip decoding them.
	if !chathttp.HasObject(data, "usage") && !chathttp.HasObject(data, "message") && !chathttp.HasObject(data, "error") {
		return
	}
	e := parsePayload(data)
	if e.model != "" {
		s.chat.SetResponseModel(e.model)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if e.usage != nil {
		s.usage.add(e.usage)
		s.chat.SetUsage(s.usage.toOtelagent())
	}
	if e.errorType != "" {
		s.errorType = e.errorType
	}
}

// End fails a stream that ended normally after an error event, with the
// event's error type.
func (s *stream) End(err error) error {
	s.mu.Lock()
	errorType := s.errorType
	s.mu.Unlock()
	if err == nil && errorType != "" {
		return otelagent.WithErrorType(errStreamError, errorType)
	}
	return err
}

var errStreamError = errors.New("anthropic: the stream ended with an error event")
