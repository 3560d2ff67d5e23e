package otelanthropic

import (
	"errors"
	"strings"
	"sync"

	"github.com/anthropics/anthropic-sdk-go/v2/option"

	"github.com/otelagent/otelagent-go/internal/chathttp"
	"github.com/otelagent/otelagent-go/otelagent"
)

// RequestOption returns a client option that records every Messages API
// call the client makes as a "chat {model}" span, with its token usage and
// estimated cost:
//
//	client := anthropic.NewClient(option.WithAPIKey(key), otelanthropic.RequestOption(otelanthropic.WithTelemetry(tel)))
//
// Without WithTelemetry, each call uses otelagent.FromContext of its
// context.
//
// It also turns off the SDK's own span of each call
// (option.WithOpenTelemetryTraces(false)): anthropic-sdk-go v2 records an
// "anthropic.messages.create" span through the global TracerProvider, with
// gen_ai.operation.name "chat" and the token usage, which would wrap the
// chat span and make backends count the call's tokens twice. A program
// that wants the SDK's spans anyway passes option.WithOpenTelemetryTraces
// (true) after this option.
//
// It works before or after bedrock.WithConfig or vertex.WithGoogleAuth:
// before, it sees the Messages API request; after, the platform's (the
// model is then read from the URL).
func RequestOption(opts ...Option) option.RequestOption {
	return option.Join(option.WithMiddleware(Middleware(opts...)), option.WithOpenTelemetryTraces(false))
}

// Middleware returns the middleware RequestOption installs, for a program
// that composes its own middleware chain; such a program turns the SDK's
// own spans off itself (see RequestOption).
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
// untouched, and so does everything when telemetry is off.
func Middleware(opts ...Option) option.Middleware {
	cfg := newConfig(opts)
	return chathttp.Middleware[option.MiddlewareNext](cfg.telemetry, cfg.provider, api)
}

// api is what the shared middleware needs to know of the Messages API.
var api = chathttp.API{
	Name:           "anthropic",
	Route:          route,
	RecordResponse: recordResponse,
	NewStream:      func(chat *otelagent.Chat) chathttp.Stream { return &stream{chat: chat} },
	Framings:       map[string]chathttp.Framing{"application/vnd.amazon.eventstream": newEventStreamBody},
}

// route reports whether a POST to path creates a message: the call that
// uses a model and reports tokens. Bedrock's and Vertex's middleware
// rewrite the Messages API's path to their own, which names the model and
// whether the response streams:
//
//	/v1/messages
//	/model/{model}/invoke, /model/{model}/invoke-with-response-stream (Bedrock)
//	.../publishers/anthropic/models/{model}:rawPredict, ...:streamRawPredict (Vertex)
func route(path string) (chathttp.Call, bool) {
	if strings.HasSuffix(path, "/messages") {
		return chathttp.Call{}, true
	}
	if i := strings.Index(path, "/model/"); i >= 0 {
		rest := path[i+len("/model/"):]
		if model, ok := strings.CutSuffix(rest, "/invoke-with-response-stream"); ok && model != "" {
			return chathttp.Call{Model: model, Stream: true}, true
		}
		if model, ok := strings.CutSuffix(rest, "/invoke"); ok && model != "" {
			return chathttp.Call{Model: model}, true
		}
		return chathttp.Call{}, false
	}
	if i := strings.Index(path, "/publishers/anthropic/models/"); i >= 0 {
		model, method, _ := strings.Cut(path[i+len("/publishers/anthropic/models/"):], ":")
		if model == "" || model == "count-tokens" || strings.Contains(model, "/") {
			return chathttp.Call{}, false
		}
		switch method {
		case "rawPredict":
			return chathttp.Call{Model: model}, true
		case "streamRawPredict":
			return chathttp.Call{Model: model, Stream: true}, true
		}
	}
	return chathttp.Call{}, false
}

func recordResponse(chat *otelagent.Chat, body []byte) {
	e := parsePayload(body)
	chat.SetResponse(e.response(otelagent.Response{}))
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
	resp      otelagent.Response // id, model and stop reason seen so far
	errorType string
}

func (s *stream) Event(data []byte) {
	// Text and tool-input deltas carry none of these: skip decoding them.
	if !chathttp.HasObject(data, "usage") && !chathttp.HasObject(data, "message") && !chathttp.HasObject(data, "error") {
		return
	}
	e := parsePayload(data)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.resp = e.response(s.resp)
	s.chat.SetResponse(s.resp)
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
