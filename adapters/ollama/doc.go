// Package otelollama records the LLM calls an Ollama client
// (github.com/ollama/ollama/api) makes through an otelagent.Telemetry: one
// "chat {model}" CLIENT span per /api/chat or /api/generate request, with
// the token usage Ollama reports (prompt_eval_count as input, eval_count
// as output) and error.type on failure.
//
// It is the client's HTTP client:
//
//	client := api.NewClient(baseURL, otelollama.HTTPClient(http.DefaultClient, otelollama.WithTelemetry(tel)))
//
// Models are recorded with their tag ("llama3.2" as "llama3.2:latest", the
// name Ollama resolves it to), so that a local model is never priced as the
// hosted model of the same name: its tokens are counted, as unpriced, and
// no cost is estimated, since a model on the user's own machine has no
// list price.
//
// Of the request only the model, "stream", "format" and the numeric
// "options" are decoded; of the response, "model", "done", "done_reason",
// the two counts and whether there is an "error". Messages, thinking, tool
// calls and their arguments and error messages are never recorded, and both bodies reach their reader byte for byte. A
// stream (NDJSON) is scanned as the SDK reads it and the span ends with
// the stream.
package otelollama // import "github.com/otelagent/otelagent-go/adapters/ollama"
