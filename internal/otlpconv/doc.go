// Package otlpconv converts what the OpenTelemetry SDK produces (ended spans,
// collected metrics) into OTLP protobuf messages and OTLP JSON, the forms in
// which otelagent sends, spools, logs and writes telemetry.
//
// Spans are converted by the OpenTelemetry OTLP trace exporter itself (its
// transform is reached through an otlptrace.Client that keeps what it is
// given), so they are encoded exactly as otlptracehttp and otlptracegrpc
// would send them. Metrics have no such public path, so Metrics converts
// them here, following the OTLP metrics data model.
//
// OTLP JSON is the protobuf JSON mapping with the OTLP exceptions: trace
// and span ids are hex strings, not base64, and enums are integers. That is
// the form the Collector's file exporter writes and its otlpjsonfile
// receiver and OTLP/HTTP JSON receiver read.
package otlpconv // import "github.com/otelagent/otelagent-go/internal/otlpconv"
