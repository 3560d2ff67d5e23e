package otelagent_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/otelagent/otelagent-go/otelagent"
)

// An agent CLI records its command, the agent session, an LLM call and a
// tool call. Here the spans go to an in-memory recorder; a program would
// use the setup package to send them to a collector.
func Example() {
	recorder := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))
	tel := otelagent.New(otelagent.WithTracerProvider(tp))

	ctx, cmd := tel.StartCommand(context.Background(), "run", "model")
	ctx, session := tel.StartSession(ctx, otelagent.Agent{
		Name: "coder", SessionID: "7d1e", Model: "gpt-4o", Provider: "openai",
	})

	_, chat := tel.StartChat(ctx, otelagent.ChatRequest{})
	chat.SetUsage(otelagent.Usage{InputTokens: 1200, OutputTokens: 300})
	chat.End(nil)

	_, call := tel.StartToolCall(ctx, otelagent.Tool{Name: "read_file", Type: "function"})
	call.End(os.ErrNotExist)

	session.End(nil)
	cmd.End(nil)

	for _, s := range recorder.Ended() {
		fmt.Printf("%s (%s)\n", s.Name(), s.Status().Code)
	}
	// Output:
	// chat gpt-4o (Unset)
	// execute_tool read_file (Error)
	// invoke_agent coder (Unset)
	// run (Unset)
}

// Code written for docker-agent's telemetry API works unchanged: the
// Telemetry travels in the context and records finished tool calls and
// token usage.
func ExampleTelemetry_RecordToolCall() {
	recorder := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))
	ctx := otelagent.NewContext(context.Background(), otelagent.New(otelagent.WithTracerProvider(tp)))

	if telemetryClient := otelagent.FromContext(ctx); telemetryClient != nil {
		telemetryClient.RecordToolCall(ctx, "filesystem", "session-id", "agentName", 500*time.Millisecond, nil)
		telemetryClient.RecordTokenUsage(ctx, "gpt-4", 100, 50, 0.01)
	}

	span := recorder.Ended()[0]
	fmt.Println(span.Name(), span.EndTime().Sub(span.StartTime()))
	// Output: execute_tool filesystem 500ms
}

// FlagNames keeps the names of flags and drops their values and the
// positional arguments, which can hold prompts or paths.
func ExampleFlagNames() {
	fmt.Println(otelagent.FlagNames([]string{"agent.yaml", "--debug", "--model=gpt-4o", "write a poem"}))
	// Output: [debug model]
}

// ErrorType turns an error into the class otelagent exports; the message,
// which may hold a path or a key, never leaves the process.
func ExampleErrorType() {
	_, err := os.ReadFile("/home/alice/notes.txt")
	fmt.Println(otelagent.ErrorType(err))
	fmt.Println(otelagent.ErrorType(context.DeadlineExceeded))
	fmt.Println(otelagent.ErrorType(errors.New("api key sk-... rejected")))
	fmt.Println(otelagent.ErrorType(otelagent.WithErrorType(errors.New("slow down"), "rate_limited")))
	// Output:
	// not_found
	// timeout
	// _OTHER
	// rate_limited
}

// Without the program's flag names, a single-dash argument longer than one
// letter could hold a value, so it is recorded as "_OTHER".
func ExampleFlagNames_shortFlags() {
	fmt.Println(otelagent.FlagNames([]string{"--model=gpt-4o", "-v", "-pSECRET", "-5", "fix the bug", "--", "--debug"}))
	// Output: [model v _OTHER]
}

// With them, only known names are recorded, and a value attached to a
// short flag is recognised as one.
func ExampleKnownFlagNames() {
	args := []string{"-model=gpt-4o", "-pSECRET", "-vx", "--token=abc"}
	fmt.Println(otelagent.KnownFlagNames(args, "model", "p", "v", "x"))
	// Output: [model p v x _OTHER]
}

// A name that is not a name, such as a path, leaves as "_OTHER", and is
// counted.
func ExampleTelemetry_NameStats() {
	recorder := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))
	tel := otelagent.New(otelagent.WithTracerProvider(tp))

	_, call := tel.StartToolCall(context.Background(), otelagent.Tool{Name: "/home/alice/notes.md"})
	call.End(nil)

	fmt.Println(recorder.Ended()[0].Name())
	fmt.Printf("%+v\n", tel.NameStats())
	// Output:
	// execute_tool _OTHER
	// {Invalid:1 OverLimit:0}
}
