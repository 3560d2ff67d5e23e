// Package privacy holds the proofs of otelagent's third privacy layer, by
// test: canaries (a prompt, file content, tool arguments and results, an
// error message with a home path, API keys, some of them in the
// environment) pushed through every public entry point must appear nowhere
// in what an in-memory exporter, the OTLP collector, --debug, the console
// and the file exporters receive; FuzzAPI does the same with random
// strings. It has no code besides its tests.
//
// How each way out is closed (layer 1: the API takes no free text; layer
// 2: the egress filter, package egress):
//
//   - StartCommand, FlagNames, TrackCommand: flag names only, never values
//     or positional arguments; a value passed as a flag name is kept only
//     if it looks like one (a word of at most 40 bytes), and is then still
//     redacted if it is a credential (layer 2).
//   - Command/Session/Chat/ToolCall End, RecordToolCall: an error becomes
//     error.type (ErrorType) and the status description, never its message.
//     A class from ErrorType() or WithErrorType that is not an identifier is
//     ignored; one that is, is the program's choice and is exported
//     (credential-shaped ones redacted). Status codes outside 100-599 are
//     ignored.
//   - Chat.CaptureContent, ToolCall.CaptureContent: nothing unless the
//     Telemetry has WithContentCapture; the content keys are then still
//     dropped unless the filter has WithContentCapture (setup sets
//     both from one setting), and their values are redacted and capped.
//   - StartSession, StartChat, StartToolCall, SetResponseModel,
//     RecordTokenUsage, SetUsage: names, ids and counts by design; the
//     session and tool call ids and per-call numbers are SpansOnly and never
//     reach a metric (layer 2 drops them there whatever is recorded).
//   - Baggage in the context: never read by otelagent; the SDK setup builds
//     adds no baggage processor.
//   - The environment: setup's resource holds service.*, deployment
//     environment, telemetry.sdk.* and only the keys the user named in
//     OTEL_RESOURCE_ATTRIBUTES (values redacted); no host, user, path or
//     command line. OTLP headers are sent as headers, never as telemetry.
//   - Code that records through the same providers (Pipeline.TracerProvider,
//     MeterProvider): span, event, link, data point, exemplar, scope and
//     resource attributes pass the allowlist; events other than
//     "exception" are dropped, exception.message and exception.stacktrace
//     never leave; a status description leaves only as the span's
//     error.type; remaining strings (span names, allowed values) are
//     redacted and capped.
//   - Exporter paths: setup puts every exporter (otlp, console, file,
//     --debug) behind egress.Spans and egress.Metrics; the OTLP spool holds
//     filtered payloads. Diagnostics name settings and counts, never values
//     of headers or recorded data.
//
// Not closed here: names (command, agent, model, tool, flag) and an error
// class of letters, digits, '_', '.' and '-' are exported as the program
// gives them (a class with '/' or spaces, like a path, is not: it becomes
// _OTHER); W3C tracestate on span contexts and links passes as propagated.
package privacy
