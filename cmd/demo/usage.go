package main

import (
	"fmt"
	"io"
)

const usage = `demo is a small AI agent CLI instrumented with otelagent. Its model is a
deterministic fake and its tools work in a temporary directory it removes,
so the only network traffic it makes is telemetry: a command span, an agent
session, LLM calls with token usage and cost, tool calls (one fails, one
runs a sub-agent), sent over OTLP to a collector.

Usage:
  demo run [flags] PROMPT...  run the agent on PROMPT and print its answer
  demo telemetry              list every span, metric and attribute otelagent
                              can send, and the current telemetry settings
  demo version                print the version
  demo help                   print this help

Run 'demo run -help' for the flags of run.
` + environment + exitStatus

const environment = `
Environment:
  OTEL_EXPORTER_OTLP_ENDPOINT  OTLP/HTTP collector URL (default http://localhost:4318)
  OTEL_EXPORTER_OTLP_HEADERS   headers for every export, key=value,... (URL-encoded
                               values), e.g. a collector API key
  OTEL_SERVICE_NAME            service.name (default otelagent-demo)
  OTEL_RESOURCE_ATTRIBUTES     more resource attributes, key=value,...
  OTEL_TRACES_EXPORTER         otlp, console, file or none, comma-separated
                               (default otlp)
  OTEL_METRICS_EXPORTER        the same, for metrics
  OTEL_SDK_DISABLED            true turns telemetry off
  TELEMETRY_ENABLED            false, 0, no or off turns telemetry off; a value
                               that is not a boolean turns it off too
  DO_NOT_TRACK                 1 turns telemetry off
  OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT
                               true records prompts, responses, tool arguments
                               and results (credentials redacted); off by default
  OTELAGENT_PRICING_FILE       a JSON price table merged over the embedded one,
                               for the estimated cost
  OTELAGENT_ALLOWED_ATTRIBUTES more attribute keys the privacy filter lets
                               through, comma-separated
  OTELAGENT_SPOOL_DIR          where spans that could not be delivered wait for
                               the next run

Telemetry off means nothing is sent, no file is written and nothing is shown.
`

const exitStatus = `
Exit status: 0 on success, 1 when the agent failed, 2 for a usage error,
130 when interrupted.
`

const runUsage = `Usage: demo run [flags] PROMPT...

Runs the agent on PROMPT (every word after the flags) and prints its answer
on stdout. Flags come before the prompt, with one dash or two (-debug or
--debug); '--' ends them. The prompt, the files the agent reads and the
tools' arguments and results are never sent: only names, counts, durations
and error classes are.

Flags:
`

const telemetryUsage = `Usage: demo telemetry [--markdown]

Prints every span, metric and attribute otelagent can send, fitted to the
terminal's width (--markdown: as the README's Markdown tables), then the
current settings (from the environment): whether telemetry is on and, if
not, why; where it goes; debug output and content capture. Records nothing.
` + environment

func printUsage(w io.Writer) { fmt.Fprint(w, usage) }

func printRunUsage(w io.Writer, f *runFlags) {
	fmt.Fprint(w, runUsage)
	f.set.SetOutput(w)
	f.set.PrintDefaults()
	f.set.SetOutput(io.Discard)
	fmt.Fprint(w, environment+exitStatus)
}
