// Package otelgoopenai records the LLM calls a go-openai client
// (github.com/sashabaranov/go-openai) makes through an
// otelagent.Telemetry: one "chat {model}" CLIENT span per Chat
// Completions, Completions or Responses request, with the response model,
// the token usage (cached input and reasoning output included), the
// estimated cost, and error.type on failure.
//
// It is the client's HTTP client:
//
//	config := openai.DefaultConfig(key)
//	config.HTTPClient = otelgoopenai.HTTPClient(nil, otelgoopenai.WithTelemetry(tel))
//	client := openai.NewClientWithConfig(config)
//
// Of the request only the model, "stream" and the numeric parameters are
// decoded; of the response, "id", "model", "usage", each choice's
// "finish_reason" and an error's type or code. Messages, tool calls and their
// arguments, outputs, error messages, headers and the API key are never
// recorded, and both bodies reach their reader byte for byte. A stream is
// scanned as the SDK reads it and the span ends with the stream; Chat
// Completions streams carry usage only when the request sets
// StreamOptions: &openai.StreamOptions{IncludeUsage: true}.
package otelgoopenai // import "github.com/otelagent/otelagent-go/adapters/goopenai"
