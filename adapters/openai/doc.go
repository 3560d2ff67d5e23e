// Package otelopenai records the LLM calls an openai-go client makes
// (github.com/openai/openai-go/v3) through an otelagent.Telemetry: one
// "chat {model}" CLIENT span per Chat Completions or Responses API request,
// with the response model, the token usage (cached input and reasoning
// output included), the estimated cost, and error.type on failure.
//
// It is one client option:
//
//	client := openai.NewClient(option.WithAPIKey(key), otelopenai.RequestOption(otelopenai.WithTelemetry(tel)))
//
// The middleware reads the request body for its "model" and "stream"
// fields and the response for "model" and "usage"; messages, tool
// arguments, outputs, headers and the API key are never recorded, and both
// bodies reach the SDK unchanged. Streamed responses are scanned as the SDK
// reads them, one event at a time, and the span ends with the stream; set
// stream_options.include_usage (openai.ChatCompletionStreamOptionsParam
// {IncludeUsage: openai.Bool(true)}) for Chat Completions streams to carry
// usage. A call that fails with an HTTP status records the status ("429")
// as error.type; a stream that ends in an error event records the error's
// code ("server_error"); a network failure records its class
// ("*net.OpError", "timeout"). Each retry attempt of the SDK is a span of
// its own. A background response (background: true) is one span from its
// creation to the poll (GET /responses/{id}) that sees it finished; each
// response on a Responses WebSocket (Responses.Connect) is a span too, read
// from the socket's frames as they pass through.
// Options are those every otelagent adapter takes: WithTelemetry and
// WithProviderName.
package otelopenai // import "github.com/otelagent/otelagent-go/adapters/openai"
