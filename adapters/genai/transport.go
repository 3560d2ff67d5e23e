package otelgenai

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/otelagent/otelagent-go/internal/chathttp"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// HTTPClient returns a copy of base (a new client if nil) that records the
// generateContent and streamGenerateContent calls it carries; set it as
// genai.ClientConfig.HTTPClient:
//
//	client, err := genai.NewClient(ctx, &genai.ClientConfig{
//		APIKey:     key,
//		HTTPClient: otelgenai.HTTPClient(nil, otelgenai.WithTelemetry(tel)),
//	})
//
// base is not changed. For Vertex AI with Application Default
// Credentials, pass a client that authenticates (the SDK does not add
// credentials to a client it is given).
func HTTPClient(base *http.Client, opts ...Option) *http.Client {
	return chathttp.Client(base, func(rt http.RoundTripper) http.RoundTripper { return Transport(rt, opts...) })
}

// Transport returns base (http.DefaultTransport if nil) recording each
// generateContent and streamGenerateContent request as a "chat {model}"
// span, with its token usage and estimated cost. Every other request
// (countTokens, embeddings, files, caches) passes through untouched.
//
// The model, and whether the call streams, come from the URL; of the
// request body, read whole and replayed to the server byte for byte, only
// the numbers of generationConfig and its responseMimeType are decoded:
// the contents, system instruction, tools and stop sequences are skipped,
// never kept. The response passes to the SDK byte for byte; a stream is
// scanned as the SDK reads it, and the span ends with the stream.
func Transport(base http.RoundTripper, opts ...Option) http.RoundTripper {
	c := chathttp.NewConfig(opts)
	gemini, vertex := c.Provider, c.Provider
	if c.Provider == "" {
		gemini, vertex = semconv.ProviderGCPGemini, semconv.ProviderGCPVertexAI
	}
	return &transport{
		gemini: chathttp.Transport(base, c.Telemetry, gemini, api),
		vertex: chathttp.Transport(base, c.Telemetry, vertex, api),
	}
}

// transport sends each request through the recorder of its backend, which
// the path tells apart.
type transport struct {
	gemini, vertex http.RoundTripper
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL != nil && isVertexPath(req.URL.Path) {
		return t.vertex.RoundTrip(req)
	}
	return t.gemini.RoundTrip(req)
}

// isVertexPath reports whether path is a Vertex AI one: a publisher model
// ("…/publishers/google/models/gemini-2.5-flash:generateContent", also
// without a project in express mode) or a project's endpoint (a tuned
// model). Gemini API paths are "/v1beta/models/…" and
// "/v1beta/tunedModels/…".
func isVertexPath(path string) bool {
	return strings.Contains(path, "/publishers/") || strings.Contains(path, "/projects/")
}

var api = chathttp.API{
	Name:           "genai",
	Route:          route,
	Request:        completeRequest,
	RecordResponse: recordResponse,
	NewStream:      func(chat *otelagent.Chat) chathttp.Stream { return &stream{chat: chat} },
}

// The methods that generate content and report usage; the path ends with
// the resource (a model or an endpoint), a colon and the method.
const (
	methodGenerate = ":generateContent"
	methodStream   = ":streamGenerateContent"
)

// route reports whether a POST to path generates content, the model it
// names and whether it streams.
func route(path string) (chathttp.Call, bool) {
	stream := strings.HasSuffix(path, methodStream)
	if !stream && !strings.HasSuffix(path, methodGenerate) {
		return chathttp.Call{}, false
	}
	return chathttp.Call{Model: requestModel(path), Stream: stream}, true
}

// requestModel returns the last segment of the resource a path names
// ("gemini-2.5-flash" of "/v1beta/models/gemini-2.5-flash:generateContent",
// "gemini-2.0-flash-001" of
// "/v1beta1/projects/p/locations/l/publishers/google/models/gemini-2.0-flash-001:streamGenerateContent"),
// without allocating.
func requestModel(path string) string {
	if i := strings.LastIndexByte(path, ':'); i >= 0 {
		path = path[:i]
	}
	return path[strings.LastIndexByte(path, '/')+1:]
}

// generationConfig holds the only part of a GenerateContentRequest the
// adapter reads: the numbers of its generationConfig and its
// responseMimeType. The contents, system instruction, tools, stop
// sequences and response schema are skipped, never decoded.
type generationConfig struct {
	MaxOutputTokens  int64    `json:"maxOutputTokens"`
	Temperature      *float64 `json:"temperature"`
	TopP             *float64 `json:"topP"`
	TopK             float64  `json:"topK"` // a number in the API, an integer in use
	Seed             *int64   `json:"seed"`
	CandidateCount   int64    `json:"candidateCount"`
	FrequencyPenalty *float64 `json:"frequencyPenalty"`
	PresencePenalty  *float64 `json:"presencePenalty"`
	ResponseMimeType string   `json:"responseMimeType"`
}

// completeRequest reads the request parameters of a generateContent body,
// JSON or nil.
func completeRequest(body []byte, c *otelagent.ChatRequest) {
	raw := chathttp.Member(body, "generationConfig")
	var g generationConfig
	if len(raw) == 0 || raw[0] != '{' || json.Unmarshal(raw, &g) != nil {
		return
	}
	c.MaxTokens, c.Temperature, c.TopP, c.TopK = g.MaxOutputTokens, g.Temperature, g.TopP, int64(g.TopK)
	c.Seed, c.ChoiceCount = g.Seed, g.CandidateCount
	c.FrequencyPenalty, c.PresencePenalty = g.FrequencyPenalty, g.PresencePenalty
	switch g.ResponseMimeType {
	case "application/json":
		c.OutputType = semconv.OutputTypeJSON
	case "text/plain":
		c.OutputType = semconv.OutputTypeText
	}
}
