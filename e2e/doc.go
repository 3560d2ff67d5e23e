// Package e2e holds the end-to-end tests of otelagent: they build the demo
// agent CLI (cmd/demo) and a real OpenTelemetry Collector (tools/otelcol),
// run the demo against the collector with canary prompts and API keys in
// its environment, and assert on what the collector wrote and what the
// demo's --debug output showed: the span tree, the metrics, the absence of
// every canary, the opt-out variables and a dead collector.
//
// The package has no code of its own; it exists for its tests.
package e2e
