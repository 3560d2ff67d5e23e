package exporters

import (
	"context"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	metricpb "go.opentelemetry.io/proto/otlp/metrics/v1"

	"github.com/otelagent/otelagent-go/internal/otlpconv"
)

// spanExporter is Delivery's sdktrace.SpanExporter.
type spanExporter struct{ d *Delivery }

// SpanExporter returns the exporter that delivers spans; nil without a
// traces Endpoint. Its Shutdown does nothing: Delivery.Shutdown owns what
// delivery holds.
func (d *Delivery) SpanExporter() sdktrace.SpanExporter {
	if d.sigs[signalTraces] == nil {
		return nil
	}
	return spanExporter{d}
}

// ExportSpans encodes spans into one request and sends it or keeps it in
// the spool before it returns; it never fails the caller: what it loses is
// counted (Stats).
func (e spanExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	s := e.d.sigs[signalTraces]
	rs := otlpconv.Spans(spans)
	n := otlpconv.SpanCount(rs)
	if n == 0 {
		return nil
	}
	body, err := otlpconv.TracesRequest(rs)
	if err != nil {
		s.ctr.ended.Add(int64(n))
		s.ctr.drop(n, dropEncoding)
		return nil
	}
	e.d.export(ctx, s, body, n)
	return nil
}

func (spanExporter) Shutdown(context.Context) error { return nil }

// metricExporter is Delivery's sdkmetric.Exporter.
type metricExporter struct{ d *Delivery }

// MetricExporter returns the exporter that delivers metrics, for a periodic
// reader; nil without a metrics Endpoint. Its Shutdown does nothing:
// Delivery.Shutdown owns what delivery holds.
func (d *Delivery) MetricExporter() sdkmetric.Exporter {
	if d.sigs[signalMetrics] == nil {
		return nil
	}
	return metricExporter{d}
}

func (metricExporter) Temporality(k sdkmetric.InstrumentKind) metricdata.Temporality {
	return sdkmetric.DefaultTemporalitySelector(k)
}

func (metricExporter) Aggregation(k sdkmetric.InstrumentKind) sdkmetric.Aggregation {
	return sdkmetric.DefaultAggregationSelector(k)
}

// Export encodes rm into one request and sends it or keeps it in the spool
// before it returns, like ExportSpans.
func (e metricExporter) Export(ctx context.Context, rm *metricdata.ResourceMetrics) error {
	s := e.d.sigs[signalMetrics]
	// A metric otlpconv cannot encode is left out and named in encErr; the
	// rest is delivered.
	pb, encErr := otlpconv.Metrics(rm)
	n := otlpconv.DataPointCount(pb)
	if n == 0 {
		return encErr
	}
	body, err := otlpconv.MetricsRequest([]*metricpb.ResourceMetrics{pb})
	if err != nil {
		s.ctr.ended.Add(int64(n))
		s.ctr.drop(n, dropEncoding)
		return nil
	}
	e.d.export(ctx, s, body, n)
	return encErr
}

func (metricExporter) ForceFlush(context.Context) error { return nil }
func (metricExporter) Shutdown(context.Context) error   { return nil }

func countDataPoints(rms []*metricpb.ResourceMetrics) int {
	n := 0
	for _, rm := range rms {
		n += otlpconv.DataPointCount(rm)
	}
	return n
}
