package otlpconv

import (
	"fmt"
	"time"

	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	metricpb "go.opentelemetry.io/proto/otlp/metrics/v1"
	resourcepb "go.opentelemetry.io/proto/otlp/resource/v1"
)

// Metrics returns rm as an OTLP ResourceMetrics. A metric whose data this
// package cannot encode (an aggregation it does not know, or an undefined
// temporality) is left out, and the error names it; the rest is returned.
func Metrics(rm *metricdata.ResourceMetrics) (*metricpb.ResourceMetrics, error) {
	out := &metricpb.ResourceMetrics{
		Resource:     &resourcepb.Resource{Attributes: keyValues(rm.Resource.Iter())},
		SchemaUrl:    rm.Resource.SchemaURL(),
		ScopeMetrics: make([]*metricpb.ScopeMetrics, 0, len(rm.ScopeMetrics)),
	}
	var errs []error
	for _, sm := range rm.ScopeMetrics {
		ms := make([]*metricpb.Metric, 0, len(sm.Metrics))
		for _, m := range sm.Metrics {
			pm, err := metric(m)
			if err != nil {
				errs = append(errs, fmt.Errorf("metric %q: %w", m.Name, err))
				continue
			}
			ms = append(ms, pm)
		}
		out.ScopeMetrics = append(out.ScopeMetrics, &metricpb.ScopeMetrics{
			Scope: &commonpb.InstrumentationScope{
				Name:       sm.Scope.Name,
				Version:    sm.Scope.Version,
				Attributes: keyValues(sm.Scope.Attributes.Iter()),
			},
			Metrics:   ms,
			SchemaUrl: sm.Scope.SchemaURL,
		})
	}
	if len(errs) > 0 {
		return out, fmt.Errorf("otlpconv: %d metrics not encoded: %w", len(errs), errs[0])
	}
	return out, nil
}

// DataPointCount returns the number of data points in rm.
func DataPointCount(rm *metricpb.ResourceMetrics) int {
	n := 0
	for _, sm := range rm.GetScopeMetrics() {
		for _, m := range sm.GetMetrics() {
			switch d := m.GetData().(type) {
			case *metricpb.Metric_Gauge:
				n += len(d.Gauge.GetDataPoints())
			case *metricpb.Metric_Sum:
				n += len(d.Sum.GetDataPoints())
			case *metricpb.Metric_Histogram:
				n += len(d.Histogram.GetDataPoints())
			case *metricpb.Metric_ExponentialHistogram:
				n += len(d.ExponentialHistogram.GetDataPoints())
			case *metricpb.Metric_Summary:
				n += len(d.Summary.GetDataPoints())
			}
		}
	}
	return n
}

func metric(m metricdata.Metrics) (*metricpb.Metric, error) {
	out := &metricpb.Metric{Name: m.Name, Description: m.Description, Unit: m.Unit}
	var err error
	switch a := m.Data.(type) {
	case metricdata.Gauge[int64]:
		out.Data = gauge(a)
	case metricdata.Gauge[float64]:
		out.Data = gauge(a)
	case metricdata.Sum[int64]:
		out.Data, err = sum(a)
	case metricdata.Sum[float64]:
		out.Data, err = sum(a)
	case metricdata.Histogram[int64]:
		out.Data, err = histogram(a)
	case metricdata.Histogram[float64]:
		out.Data, err = histogram(a)
	case metricdata.ExponentialHistogram[int64]:
		out.Data, err = expHistogram(a)
	case metricdata.ExponentialHistogram[float64]:
		out.Data, err = expHistogram(a)
	case metricdata.Summary:
		out.Data = summary(a)
	default:
		return nil, fmt.Errorf("unknown aggregation %T", a)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

func temporality(t metricdata.Temporality) (metricpb.AggregationTemporality, error) {
	switch t {
	case metricdata.DeltaTemporality:
		return metricpb.AggregationTemporality_AGGREGATION_TEMPORALITY_DELTA, nil
	case metricdata.CumulativeTemporality:
		return metricpb.AggregationTemporality_AGGREGATION_TEMPORALITY_CUMULATIVE, nil
	}
	return 0, fmt.Errorf("undefined temporality %d", t)
}

func unixNano(t time.Time) uint64 {
	if t.IsZero() {
		return 0
	}
	return uint64(max(0, t.UnixNano()))
}

func gauge[N int64 | float64](g metricdata.Gauge[N]) *metricpb.Metric_Gauge {
	return &metricpb.Metric_Gauge{Gauge: &metricpb.Gauge{DataPoints: numberPoints(g.DataPoints)}}
}

func sum[N int64 | float64](s metricdata.Sum[N]) (*metricpb.Metric_Sum, error) {
	t, err := temporality(s.Temporality)
	if err != nil {
		return nil, err
	}
	return &metricpb.Metric_Sum{Sum: &metricpb.Sum{
		AggregationTemporality: t,
		IsMonotonic:            s.IsMonotonic,
		DataPoints:             numberPoints(s.DataPoints),
	}}, nil
}

func numberPoints[N int64 | float64](points []metricdata.DataPoint[N]) []*metricpb.NumberDataPoint {
	out := make([]*metricpb.NumberDataPoint, 0, len(points))
	for _, p := range points {
		np := &metricpb.NumberDataPoint{
			Attributes:        keyValues(p.Attributes.Iter()),
			StartTimeUnixNano: unixNano(p.StartTime),
			TimeUnixNano:      unixNano(p.Time),
			Exemplars:         exemplars(p.Exemplars),
		}
		switch v := any(p.Value).(type) {
		case int64:
			np.Value = &metricpb.NumberDataPoint_AsInt{AsInt: v}
		case float64:
			np.Value = &metricpb.NumberDataPoint_AsDouble{AsDouble: v}
		}
		out = append(out, np)
	}
	return out
}

func histogram[N int64 | float64](h metricdata.Histogram[N]) (*metricpb.Metric_Histogram, error) {
	t, err := temporality(h.Temporality)
	if err != nil {
		return nil, err
	}
	points := make([]*metricpb.HistogramDataPoint, 0, len(h.DataPoints))
	for _, p := range h.DataPoints {
		s := float64(p.Sum)
		hp := &metricpb.HistogramDataPoint{
			Attributes:        keyValues(p.Attributes.Iter()),
			StartTimeUnixNano: unixNano(p.StartTime),
			TimeUnixNano:      unixNano(p.Time),
			Count:             p.Count,
			Sum:               &s,
			BucketCounts:      p.BucketCounts,
			ExplicitBounds:    p.Bounds,
			Exemplars:         exemplars(p.Exemplars),
			Min:               extremum(p.Min),
			Max:               extremum(p.Max),
		}
		points = append(points, hp)
	}
	return &metricpb.Metric_Histogram{Histogram: &metricpb.Histogram{
		AggregationTemporality: t,
		DataPoints:             points,
	}}, nil
}

func expHistogram[N int64 | float64](h metricdata.ExponentialHistogram[N]) (*metricpb.Metric_ExponentialHistogram, error) {
	t, err := temporality(h.Temporality)
	if err != nil {
		return nil, err
	}
	points := make([]*metricpb.ExponentialHistogramDataPoint, 0, len(h.DataPoints))
	for _, p := range h.DataPoints {
		s := float64(p.Sum)
		ep := &metricpb.ExponentialHistogramDataPoint{
			Attributes:        keyValues(p.Attributes.Iter()),
			StartTimeUnixNano: unixNano(p.StartTime),
			TimeUnixNano:      unixNano(p.Time),
			Count:             p.Count,
			Sum:               &s,
			Scale:             p.Scale,
			ZeroCount:         p.ZeroCount,
			ZeroThreshold:     p.ZeroThreshold,
			Positive:          &metricpb.ExponentialHistogramDataPoint_Buckets{Offset: p.PositiveBucket.Offset, BucketCounts: p.PositiveBucket.Counts},
			Negative:          &metricpb.ExponentialHistogramDataPoint_Buckets{Offset: p.NegativeBucket.Offset, BucketCounts: p.NegativeBucket.Counts},
			Exemplars:         exemplars(p.Exemplars),
			Min:               extremum(p.Min),
			Max:               extremum(p.Max),
		}
		points = append(points, ep)
	}
	return &metricpb.Metric_ExponentialHistogram{ExponentialHistogram: &metricpb.ExponentialHistogram{
		AggregationTemporality: t,
		DataPoints:             points,
	}}, nil
}

// extremum returns a histogram's minimum or maximum as OTLP's optional
// double: nil when it was not recorded.
func extremum[N int64 | float64](e metricdata.Extrema[N]) *float64 {
	v, ok := e.Value()
	if !ok {
		return nil
	}
	f := float64(v)
	return &f
}

func summary(s metricdata.Summary) *metricpb.Metric_Summary {
	points := make([]*metricpb.SummaryDataPoint, 0, len(s.DataPoints))
	for _, p := range s.DataPoints {
		qs := make([]*metricpb.SummaryDataPoint_ValueAtQuantile, len(p.QuantileValues))
		for i, q := range p.QuantileValues {
			qs[i] = &metricpb.SummaryDataPoint_ValueAtQuantile{Quantile: q.Quantile, Value: q.Value}
		}
		points = append(points, &metricpb.SummaryDataPoint{
			Attributes:        keyValues(p.Attributes.Iter()),
			StartTimeUnixNano: unixNano(p.StartTime),
			TimeUnixNano:      unixNano(p.Time),
			Count:             p.Count,
			Sum:               p.Sum,
			QuantileValues:    qs,
		})
	}
	return &metricpb.Metric_Summary{Summary: &metricpb.Summary{DataPoints: points}}
}

func exemplars[N int64 | float64](exs []metricdata.Exemplar[N]) []*metricpb.Exemplar {
	if len(exs) == 0 {
		return nil
	}
	out := make([]*metricpb.Exemplar, 0, len(exs))
	for _, e := range exs {
		pe := &metricpb.Exemplar{
			FilteredAttributes: keyValuesOf(e.FilteredAttributes),
			TimeUnixNano:       unixNano(e.Time),
			SpanId:             e.SpanID,
			TraceId:            e.TraceID,
		}
		switch v := any(e.Value).(type) {
		case int64:
			pe.Value = &metricpb.Exemplar_AsInt{AsInt: v}
		case float64:
			pe.Value = &metricpb.Exemplar_AsDouble{AsDouble: v}
		}
		out = append(out, pe)
	}
	return out
}
