package otelgenai

import (
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
// The model comes from the URL: the request body is never read. The
// response passes to the SDK byte for byte; a stream is scanned as the SDK
// reads it, and the span ends with the stream.
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
	IsChatPath:     isChatPath,
	RequestModel:   requestModel,
	RecordResponse: recordResponse,
	NewStream:      func(chat *otelagent.Chat) chathttp.Stream { return &stream{chat: chat} },
}

// The methods that generate content and report usage; the path ends with
// the resource (a model or an endpoint), a colon and the method.
const (
	methodGenerate = ":generateContent"
	methodStream   = ":streamGenerateContent"
)

func isChatPath(path string) bool {
	return strings.HasSuffix(path, methodGenerate) || strings.HasSuffix(path, methodStream)
}

// requestModel returns the last segment of the resource the request names
// ("gemini-2.5-flash" of "/v1beta/models/gemini-2.5-flash:generateContent",
// "gemini-2.0-flash-001" of
// "/v1beta1/projects/p/locations/l/publishers/google/models/gemini-2.0-flash-001:streamGenerateContent"),
// without allocating.
func requestModel(req *http.Request) string {
	path := req.URL.Path
	if i := strings.LastIndexByte(path, ':'); i >= 0 {
		path = path[:i]
	}
	return path[strings.LastIndexByte(path, '/')+1:]
}
