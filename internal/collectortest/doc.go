// Package collectortest runs a real OpenTelemetry Collector in tests.
//
// It builds the collector in tools/otelcol (once per test process, into a
// build directory shared by every test process of the same user), starts it
// with the repository's collector-config.yaml on free 127.0.0.1 ports, and
// reads back what the collector's file exporter wrote as flat Span and Metric
// values. A test points its OTLP exporter at Collector.Endpoint, sends, stops
// the collector (which flushes every file) and asserts on what arrived:
//
//	c := collectortest.Start(t)
//	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", c.Endpoint())
//	... run the code under test, shut its providers down ...
//	c.Stop()
//	spans := c.Traces()
//
// It is test support only: it calls t.Fatal on any failure.
package collectortest
