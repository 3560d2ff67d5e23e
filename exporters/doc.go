// Package exporters is the SDK side of otelagent's delivery: what stands
// between the spans and metrics a program records and the collector.
//
//   - NewDelivery delivers traces and metrics over OTLP, each to its
//     Endpoint: every export is sent once with a deadline or written to
//     the spool before it returns, so it survives the process; one
//     background worker delivers the spool oldest first when the
//     collector allows it. It owns the circuit breaker of each signal
//     (failing, slow and misconfigured collectors), the spool (a private
//     directory shared by the program's runs, or memory) and the worker,
//     and counts every item: exported, dropped by reason, or pending
//     (Stats).
//   - NewSyncSpanProcessor is the SDK's SimpleSpanProcessor without its
//     global lock: each span is exported before its End returns, with a
//     deadline and a bound on concurrent exports. It holds nothing.
//
// Data flows one way: processor, the privacy filter of package egress,
// delivery, collector. A program that builds its own providers does as the
// setup package does:
//
//	d, err := exporters.NewDelivery(&exporters.Endpoint{URL: tracesURL}, &exporters.Endpoint{URL: metricsURL},
//		exporters.WithSpoolDir(dir))
//	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(
//		exporters.NewSyncSpanProcessor(egress.Spans(d.SpanExporter()))))
//	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(
//		sdkmetric.NewPeriodicReader(egress.Metrics(d.MetricExporter()))))
//	// at exit: mp.Shutdown, tp.Shutdown, then d.Shutdown (it keeps what
//	// it cannot send, whatever its context).
package exporters // import "github.com/otelagent/otelagent-go/exporters"
