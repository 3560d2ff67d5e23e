package otelollama

import (
	"encoding/json"
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
// Of the request body, read whole and replayed to the server byte for
// byte, only the model, "stream", "format" and the numeric "options" are
// decoded; the messages and prompt are skipped, never kept. The response
// passes to the SDK byte for byte; a stream (NDJSON) is scanned as the SDK
// reads it, and the span ends with the stream.
func Transport(base http.RoundTripper, opts ...Option) http.RoundTripper {
	return chathttp.ConfiguredTransport(base, opts, semconv.ProviderOllama, api)
}

var api = chathttp.API{
	Name:           "ollama",
	IsChatPath:     isChatPath,
	Request:        completeRequest,
	RecordResponse: recordResponse,
	NewStream:      func(chat *otelagent.Chat) chathttp.Stream { return &stream{chat: chat} },
}

// options holds the option that Ollama names its own way; the others
// have the OpenAI API's names (chathttp.Params).
type options struct {
	NumPredict int64 `json:"num_predict"`
}

// completeRequest completes what the middleware decoded of a request
// (its model) with what Ollama's API says: the model's tag, "stream",
// which is true when absent, "format" ("json" or a JSON schema: JSON
// output), and the options. Only those members are decoded; the messages,
// prompt, images and tools are skipped, and so are the stop sequences in
// the options.
func completeRequest(body []byte, c *otelagent.ChatRequest) {
	c.Model = modelName(c.Model)
	if body == nil {
		return // not JSON
	}
	var stream, format, opts []byte
	for key, val := range chathttp.Members(body) { // one pass; the last of repeated keys wins
		switch {
		case chathttp.KeyIs(key, "stream"):
			stream = val
		case chathttp.KeyIs(key, "format"):
			format = val
		case chathttp.KeyIs(key, "options"):
			opts = val
		}
	}
	c.Stream = string(stream) != "false"
	if f := string(format); f != "" && f != "null" && f != `""` {
		c.OutputType = semconv.OutputTypeJSON
	}
	if len(opts) == 0 || opts[0] != '{' {
		return
	}
	var o options
	_ = json.Unmarshal(opts, &o)
	c.MaxTokens = o.NumPredict // -1 (no limit) and -2 (fill the context) are not recorded
	p := chathttp.Params(opts)
	c.Temperature, c.TopP, c.TopK, c.Seed = p.Temperature, p.TopP, p.TopK, p.Seed
	c.FrequencyPenalty, c.PresencePenalty = p.FrequencyPenalty, p.PresencePenalty
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
