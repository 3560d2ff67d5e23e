package otelgoopenai

import (
	"net/http"
	"strings"

	"github.com/otelagent/otelagent-go/internal/chathttp"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// HTTPClient returns a copy of base (a new client if nil) that records the
// Chat Completions, Completions and Responses calls it carries; set it as
// ClientConfig.HTTPClient:
//
//	config := openai.DefaultConfig(key)
//	config.HTTPClient = otelgoopenai.HTTPClient(nil, otelgoopenai.WithTelemetry(tel))
//	client := openai.NewClientWithConfig(config)
//
// base is not changed.
func HTTPClient(base *http.Client, opts ...Option) *http.Client {
	return chathttp.Client(base, func(rt http.RoundTripper) http.RoundTripper { return Transport(rt, opts...) })
}

// Transport returns base (http.DefaultTransport if nil) recording each
// POST to /chat/completions, /completions and /responses as a
// "chat {model}" span, with its token usage and estimated cost. Every
// other request (embeddings, files, images, assistants) passes through
// untouched.
//
// Of the request body, read whole and replayed to the server byte for
// byte, only the model, "stream" and the numeric request parameters are
// decoded; the messages are skipped, never kept. The response passes to
// the SDK byte for byte; a stream is scanned as the SDK reads it, and the
// span ends with the stream.
func Transport(base http.RoundTripper, opts ...Option) http.RoundTripper {
	return chathttp.ConfiguredTransport(base, opts, semconv.ProviderOpenAI, api)
}

var api = chathttp.API{
	Name:           "openai",
	IsChatPath:     isChatPath,
	RecordResponse: recordResponse,
	NewStream:      func(chat *otelagent.Chat) chathttp.Stream { return &stream{chat: chat} },
}

// isChatPath reports whether a POST to path makes a model generate: Chat
// Completions ("/v1/chat/completions", and Azure's
// "/openai/deployments/{deployment}/chat/completions"), legacy Completions
// and the Responses API.
func isChatPath(path string) bool {
	return strings.HasSuffix(path, "/completions") || strings.HasSuffix(path, "/responses")
}
