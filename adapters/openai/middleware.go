package otelopenai

import (
	"strings"

	"github.com/openai/openai-go/v3/option"

	"github.com/otelagent/otelagent-go/internal/chathttp"
	"github.com/otelagent/otelagent-go/otelagent"
)

// WithTelemetry returns a client option that records every Chat
// Completions and Responses API call the client makes as a "chat {model}"
// span, with its token usage and estimated cost, through tel:
//
//	client := openai.NewClient(option.WithAPIKey(key), otelopenai.WithTelemetry(tel))
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
// a 429 or a 5xx, each attempt is a span of its own, with its own status,
// because each one is a request the provider saw (and may bill).
//
// It reads the request body for its "model" and "stream" fields only, and
// the response body for "model" and "usage" only; both bodies reach the SDK
// byte for byte. A streamed response is scanned as it passes through and
// the span ends when the stream does. Requests to other endpoints
// (embeddings, files, models) pass through untouched.
func Middleware(tel *otelagent.Telemetry, opts ...Option) option.Middleware {
	return chathttp.Middleware[option.MiddlewareNext](tel, newConfig(opts).provider, api)
}

// api is what the shared middleware needs to know of the OpenAI API.
var api = chathttp.API{
	Name:           "openai",
	IsChatPath:     isChatPath,
	RecordResponse: recordResponse,
	NewStream:      func(chat *otelagent.Chat) chathttp.Stream { return &stream{chat: chat} },
}

// isChatPath reports whether a POST to path creates a chat completion or a
// response: the calls that use a model and report tokens.
func isChatPath(path string) bool {
	return strings.HasSuffix(path, "/chat/completions") || strings.HasSuffix(path, "/responses")
}

func recordResponse(chat *otelagent.Chat, body []byte) {
	model, u := parsePayload(body)
	chat.SetResponseModel(model)
	if u != nil {
		chat.SetUsage(u.toOtelagent())
	}
}

// stream reads each stream event: Chat Completions chunks carry the model
// in every chunk and usage in the last one (with
// stream_options.include_usage); Responses API events carry both in
// "response.created" and "response.completed".
type stream struct {
	chat      *otelagent.Chat
	modelSeen bool
}

func (s *stream) Event(data []byte) {
	// Most chunks carry neither a usage object nor a model not seen yet:
	// skip decoding them.
	if s.modelSeen && !chathttp.HasObject(data, "usage") {
		return
	}
	model, u := parsePayload(data)
	if model != "" {
		s.chat.SetResponseModel(model)
		s.modelSeen = true
	}
	if u != nil {
		s.chat.SetUsage(u.toOtelagent())
	}
}

// End ends the call as the stream ended: no event is read for an error.
func (s *stream) End(err error) error { return err }
