// Package otelgenai records the LLM calls a Google Gen AI SDK client
// (google.golang.org/genai) makes, on the Gemini API or on Vertex AI,
// through an otelagent.Telemetry: one "chat {model}" CLIENT span per
// generateContent or streamGenerateContent request, with the response
// model, the token usage (cached input, and thoughts as reasoning output),
// the estimated cost, and error.type on failure.
//
// It is the client's HTTP client:
//
//	client, err := genai.NewClient(ctx, &genai.ClientConfig{
//		APIKey:     key,
//		HTTPClient: otelgenai.HTTPClient(nil, otelgenai.WithTelemetry(tel)),
//	})
//
// The model is read from the URL; of the request body, only the numbers
// of "generationConfig" and its "responseMimeType" are decoded. Of the
// response, only "responseId", "modelVersion", "usageMetadata", each
// candidate's "finishReason" and an error's code and status are read;
// contents, function calls and their arguments,
// messages, headers, keys and project ids are never recorded, and the
// response reaches the SDK byte for byte. A stream (alt=sse) is scanned
// as the SDK reads it and the span ends with the stream. A call that fails
// with an HTTP status, or a stream that ends with an error event, records
// the status code ("429", "500") as error.type.
package otelgenai // import "github.com/otelagent/otelagent-go/adapters/genai"
