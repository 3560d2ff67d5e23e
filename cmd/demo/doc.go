// Command demo is a small AI agent CLI instrumented with otelagent, and the
// reference for instrumenting one. Everything it records goes through the
// public otelagent API, started by the setup package:
//
//	run                          command span, with the names of the flags given
//	  invoke_agent coder         the agent session (random gen_ai.conversation.id)
//	    chat gpt-4o              LLM calls, with token usage (cache reads on later
//	                             calls) and estimated cost
//	    execute_tool read_file   reads a file the demo wrote in a temporary directory
//	    execute_tool run_tests   fails (error.type tests_failed); the agent recovers
//	    execute_tool delegate    runs a sub-agent:
//	      invoke_agent researcher  with its own LLM and tool calls
//
// The model is a deterministic fake (token counts derive from the length of
// the conversation) and the tools work in a temporary directory that is
// removed on exit, so the only network traffic is telemetry. The prompt,
// the file's contents, the tools' arguments and results, and any API key in
// the environment never leave the process: the tests check it.
//
// Try it with a collector on localhost:4318, or without one:
//
//	go run ./cmd/demo run --debug "fix the refund rounding bug"
//	go run ./cmd/demo telemetry
//
// Telemetry follows the usual environment variables (OTEL_EXPORTER_OTLP_ENDPOINT,
// OTEL_SDK_DISABLED, TELEMETRY_ENABLED, DO_NOT_TRACK, ...): "demo help" lists them.
package main
