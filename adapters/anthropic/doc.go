// Package otelanthropic records the LLM calls an anthropic-sdk-go client
// makes (github.com/anthropics/anthropic-sdk-go/v2) through an
// otelagent.Telemetry: one "chat {model}" CLIENT span per Messages API
// request, with the response model, the token usage, the estimated cost,
// and error.type on failure.
//
// It is one client option:
//
//	client := anthropic.NewClient(option.WithAPIKey(key), otelanthropic.RequestOption(otelanthropic.WithTelemetry(tel)))
//
// Anthropic's input_tokens excludes the tokens read from and written to
// the prompt cache; the GenAI conventions' gen_ai.usage.input_tokens
// includes them, so the adapter records input_tokens +
// cache_read_input_tokens + cache_creation_input_tokens, and the cache
// counts as such. Extended thinking tokens
// (output_tokens_details.thinking_tokens) are recorded as reasoning tokens.
//
// The middleware reads the request body for its "model" and "stream"
// fields and the response for "model", "usage" and an error event's
// "type"; messages, system prompts, tool inputs, outputs, headers and the
// API key are never recorded, and both bodies reach the SDK unchanged. A
// streamed response is scanned as the SDK reads it, one event at a time:
// "message_start" gives the input and cache counts, "message_delta" the
// final output count, and the span ends with the stream. A call that fails
// with an HTTP status records the status ("429", "529") as error.type; a
// stream that ends in an error event records its type ("overloaded_error");
// a network failure records its class ("*net.OpError", "timeout"). Each
// retry attempt of the SDK is a span of its own.
//
// RequestOption turns off the SDK's own "anthropic.messages.create" span,
// which would duplicate the chat span and its usage, and works before or
// after bedrock.WithConfig and vertex.WithGoogleAuth (after, the model is
// read from the platform's path). Options are those every otelagent adapter
// takes: WithTelemetry and WithProviderName.
package otelanthropic // import "github.com/otelagent/otelagent-go/adapters/anthropic"
