package otelollama

import (
	"net/http"
	"strings"

	"github.com/otelagent/otelagent-go/internal/chathttp"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// HTTPClient returns a copy of base (a new client if nil) that records the
// chat and generate calls it carries; pass it to api.NewClient:
//
//	client := api.NewClient(baseURL, otelollama.HTTPClient(http.DefaultClient, otelollama.WithTelemetry(tel)))
//
// base is not changed.
func HTTPClient(base *http.Client, opts ...Option) *http.Client {
	return chathttp.Client(base, func(rt http.RoundTripper) http.RoundTripper { return Transport(rt, opts...) })
}

// Transport returns base (http.DefaultTransport if nil) recording each
// POST to /api/chat and /api/generate as a "chat {model}" span, with its
// token usage. Every other request (pull, embed, show, list) passes
// through untouched.
//
// Of the request, only the "model" field is read, from a copy of the body
// that the SDK's request can give again (the api package marshals it
// first, so the prompt is not read). The response passes to the SDK byte
// for byte; a stream (NDJSON) is scanned as the SDK reads it, and the span
// ends with the stream.
func Transport(base http.RoundTripper, opts ...Option) http.RoundTripper {
	return chathttp.ConfiguredTransport(base, opts, semconv.ProviderOllama, api)
}

var api = chathttp.API{
	Name:           "ollama",
	IsChatPath:     isChatPath,
	RequestModel:   func(req *http.Request) string { return modelName(chathttp.PeekModel(req)) },
	RecordResponse: recordResponse,
	NewStream:      func(chat *otelagent.Chat) chathttp.Stream { return &stream{chat: chat} },
}

func isChatPath(path string) bool {
	return strings.HasSuffix(path, "/api/chat") || strings.HasSuffix(path, "/api/generate")
}

// modelName returns the name the adapter records for an Ollama model: the name
// with its tag, which Ollama itself assumes to be "latest" when there is
// none ("llama3.2" is "llama3.2:latest"). The tag keeps a local model from
// being priced as the hosted model of the same name: the price table
// prices "mistral-small" at Mistral's API price, but never
// "mistral-small:latest" or "mistral-small:24b", which run on the user's
// own machine and have no list price (see the README).
func modelName(name string) string {
	if name == "" || strings.LastIndexByte(name, ':') > strings.LastIndexByte(name, '/') {
		return name
	}
	return name + ":latest"
}
