package otelopenai_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	otelopenai "github.com/otelagent/otelagent-go/adapters/openai"
	"github.com/otelagent/otelagent-go/otelagent"
)

// recorded returns what one call records, in a form that compares: the
// span's name, status and attributes (a float's value, a timing or the
// cost, left out: the cost is compared as its metric), and
// each metric point's attributes and count.
func recorded(t *testing.T, call func(tel *otelagent.Telemetry) error) []string {
	t.Helper()
	spans := tracetest.NewSpanRecorder()
	reader := sdkmetric.NewManualReader()
	tel := otelagent.New(
		otelagent.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))),
		otelagent.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))))
	if err := call(tel); err != nil {
		t.Fatal(err)
	}
	var got []string
	attrs := func(kvs []attribute.KeyValue) string {
		var s []string
		for _, kv := range kvs {
			v := kv.Value.Emit()
			if kv.Value.Type() == attribute.FLOAT64 {
				v = "(a float: a timing or a cost, not compared)"
			}
			s = append(s, string(kv.Key)+"="+v)
		}
		slices.Sort(s)
		return fmt.Sprint(s)
	}
	for _, s := range spans.Ended() {
		got = append(got, fmt.Sprintf("span %q %v %v", s.Name(), s.Status(), attrs(s.Attributes())))
	}
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			switch d := m.Data.(type) {
			case metricdata.Histogram[float64]:
				got = append(got, histogramPoints(m.Name, d.DataPoints, attrs)...)
			case metricdata.Histogram[int64]:
				got = append(got, histogramPoints(m.Name, d.DataPoints, attrs)...)
			case metricdata.Sum[int64]:
				got = append(got, sumPoints(m.Name, d.DataPoints, attrs)...)
			case metricdata.Sum[float64]:
				got = append(got, sumPoints(m.Name, d.DataPoints, attrs)...)
			default:
				t.Fatalf("metric %s: data %T not compared", m.Name, m.Data)
			}
		}
	}
	slices.Sort(got)
	return got
}

// The benchmark's records are the middleware's: its overhead, middleware
// minus records, is the middleware's own work only.
func TestBenchRecordsAreTheMiddlewares(t *testing.T) {
	for _, k := range benchCalls {
		t.Run(k.name, func(t *testing.T) {
			ctx := context.Background()
			middleware := recorded(t, func(tel *otelagent.Telemetry) error {
				return k.call(ctx, k.client(otelopenai.RequestOption(otelopenai.WithTelemetry(tel))), nil)
			})
			records := recorded(t, func(tel *otelagent.Telemetry) error { return k.records(ctx, tel, k.client()) })
			if len(middleware) < 2 {
				t.Fatalf("the middleware recorded %q, want a span and metric points", middleware)
			}
			if !slices.Equal(records, middleware) {
				t.Errorf("records:\n%s\nmiddleware:\n%s", join(records), join(middleware))
			}
		})
	}
}

// histogramPoints describes each point of a histogram by its count and
// attributes (its values are timings, or counts already on the span).
func histogramPoints[N int64 | float64](name string, points []metricdata.HistogramDataPoint[N], attrs func([]attribute.KeyValue) string) []string {
	var s []string
	for _, p := range points {
		s = append(s, fmt.Sprintf("%s %d %v", name, p.Count, attrs(p.Attributes.ToSlice())))
	}
	return s
}

// sumPoints describes each point of a sum by its value and attributes.
func sumPoints[N int64 | float64](name string, points []metricdata.DataPoint[N], attrs func([]attribute.KeyValue) string) []string {
	var s []string
	for _, p := range points {
		s = append(s, fmt.Sprintf("%s %v %v", name, p.Value, attrs(p.Attributes.ToSlice())))
	}
	return s
}

func join(s []string) string {
	var out string
	for _, l := range s {
		out += "  " + l + "\n"
	}
	return out
}
