package setup

import (
	"context"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

// nonEmptyExporter passes on only exports that hold data points. A short
// CLI command often records no metric at all (a "version" command), and
// its final collection would otherwise cost a request carrying nothing.
type nonEmptyExporter struct {
	sdkmetric.Exporter
}

func (e nonEmptyExporter) Export(ctx context.Context, rm *metricdata.ResourceMetrics) error {
	if !hasDataPoints(rm) {
		return nil
	}
	return e.Exporter.Export(ctx, rm)
}

func hasDataPoints(rm *metricdata.ResourceMetrics) bool {
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if dataPoints(m.Data) > 0 {
				return true
			}
		}
	}
	return false
}

func dataPoints(data metricdata.Aggregation) int {
	switch d := data.(type) {
	case metricdata.Sum[int64]:
		return len(d.DataPoints)
	case metricdata.Sum[float64]:
		return len(d.DataPoints)
	case metricdata.Gauge[int64]:
		return len(d.DataPoints)
	case metricdata.Gauge[float64]:
		return len(d.DataPoints)
	case metricdata.Histogram[int64]:
		return len(d.DataPoints)
	case metricdata.Histogram[float64]:
		return len(d.DataPoints)
	case metricdata.ExponentialHistogram[int64]:
		return len(d.DataPoints)
	case metricdata.ExponentialHistogram[float64]:
		return len(d.DataPoints)
	case metricdata.Summary:
		return len(d.DataPoints)
	}
	// An aggregation this code does not know: send it rather than lose it.
	return 1
}
