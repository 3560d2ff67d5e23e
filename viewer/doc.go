// Package viewer shows what otelagent recorded as a person reads it: the
// tree of each trace (command, agent sessions, LLM calls, tool calls,
// sub-agents) with durations, tokens, cost and outcomes, a summary (tokens
// and cost by model and by agent, unpriced tokens, tool failure rates, the
// slowest calls), and a self-contained HTML page with a waterfall per
// trace and cost and token charts.
//
// It reads OTLP JSON lines (one export request per line), the format of
// the Collector's file exporter and of otelagent's debug log, as a stream:
// memory is bounded by the longest line, the spans of traces whose root has
// not arrived yet (WithMaxPendingSpans, 10,000 by default; past it the
// oldest trace is shown partial) and the summary's tables (at most 200
// models, agents and tools each, and 10,000 usage metric series), never by
// the size of the input.
//
// TreeExporter is the live form for --debug: a span exporter that prints a
// trace's tree as its root span ends. Put it behind the same privacy filter
// as the exporters that send, and it shows what was sent and nothing more.
//
// The viewer keeps only names, counts, durations, costs and error classes
// of the spans it reads: content attributes, events and error messages are
// never shown, whatever the input holds.
package viewer // import "github.com/otelagent/otelagent-go/viewer"
