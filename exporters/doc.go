// Package exporters is the SDK side of otelagent: what stands between the
// spans and metrics a program records and the collector that receives them.
//
//   - NewSyncSpanProcessor exports each span before its End returns, with a
//     bounded wait and no global lock; a circuit breaker stops paying for a
//     dead collector, and spans that cannot be sent are spooled and replayed
//     later, every loss counted (Stats).
//   - NewOTLPTraceExporter and NewOTLPMetricExporter speak OTLP/HTTP with one
//     bounded attempt per export; the trace exporter keeps undelivered
//     requests, encoded and already filtered, in a spool on disk (files
//     0600) that later runs replay.
//
// The setup package composes them; a program that builds its own providers
// should do as it does: every exporter behind the privacy filter of
// package egress, and OTLP spans through the synchronous processor with the
// OTLP exporter as its spooler:
//
//	otlp, err := exporters.NewOTLPTraceExporter(exporters.OTLPConfig{TracesURL: url})
//	proc := exporters.NewSyncSpanProcessor(egress.Spans(otlp), exporters.WithSpooler(otlp))
//	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(proc))
package exporters // import "github.com/otelagent/otelagent-go/exporters"
