package otlpconv_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetrichttp"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/resource"
	colmetricpb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	metricpb "go.opentelemetry.io/proto/otlp/metrics/v1"
	"google.golang.org/protobuf/proto"

	"github.com/otelagent/otelagent-go/internal/otlpconv"
)

// collect records one value of every instrument kind and returns the
// collection, so that every aggregation is converted.
func collect(t *testing.T) *metricdata.ResourceMetrics {
	t.Helper()
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(
		sdkmetric.WithReader(reader),
		sdkmetric.WithResource(resource.NewSchemaless(attribute.String("service.name", "conv"))),
		sdkmetric.WithView(sdkmetric.NewView(
			sdkmetric.Instrument{Name: "exp"},
			sdkmetric.Stream{Aggregation: sdkmetric.AggregationBase2ExponentialHistogram{MaxSize: 160, MaxScale: 20}},
		)),
	)
	m := mp.Meter("scope", metric.WithInstrumentationVersion("1.2.3"))
	ctx := context.Background()
	set := metric.WithAttributes(attribute.String("gen_ai.tool.name", "read_file"), attribute.Int("n", 3),
		attribute.StringSlice("list", []string{"a", "b"}), attribute.Bool("ok", true), attribute.Float64("f", 0.5))
	ic, _ := m.Int64Counter("ic", metric.WithUnit("{call}"), metric.WithDescription("d"))
	ic.Add(ctx, 4, set)
	fc, _ := m.Float64UpDownCounter("fud")
	fc.Add(ctx, -1.5, set)
	ih, _ := m.Int64Histogram("ih", metric.WithExplicitBucketBoundaries(1, 4, 16))
	ih.Record(ctx, 5, set)
	fh, _ := m.Float64Histogram("exp")
	fh.Record(ctx, 0.25, set)
	fh.Record(ctx, 8, set)
	g, _ := m.Int64Gauge("g")
	g.Record(ctx, 7, set)
	rm := new(metricdata.ResourceMetrics)
	if err := reader.Collect(ctx, rm); err != nil {
		t.Fatal(err)
	}
	return rm
}

// TestMetricsMatchOTLPExporter checks Metrics against what the
// OpenTelemetry OTLP/HTTP metric exporter itself sends for the same data.
func TestMetricsMatchOTLPExporter(t *testing.T) {
	rm := collect(t)
	conv := matchExporter(t, rm)
	if n := otlpconv.DataPointCount(conv); n != 5 {
		t.Errorf("DataPointCount = %d, want 5", n)
	}
}

// TestMetricsEdgesMatchOTLPExporter is TestMetricsMatchOTLPExporter for
// what an SDK collection of the instruments above does not hold: delta
// temporality, a time before 1970, exemplars, an exponential histogram with
// zero counts and negative buckets, a summary, and byte slice, map and
// slice attributes.
func TestMetricsEdgesMatchOTLPExporter(t *testing.T) {
	t1 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	attrs := attribute.NewSet(attribute.String("gen_ai.tool.name", "read_file"),
		attribute.ByteSlice("bytes", []byte{1, 2}), attribute.Map("map", attribute.String("k", "v")),
		attribute.Slice("slice", attribute.IntValue(1), attribute.StringValue("x")))
	ex := metricdata.Exemplar[int64]{
		FilteredAttributes: []attribute.KeyValue{attribute.String("gen_ai.agent.name", "coder")},
		Time:               t1, Value: 3,
		SpanID:  []byte{1, 2, 3, 4, 5, 6, 7, 8},
		TraceID: []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
	}
	rm := &metricdata.ResourceMetrics{
		Resource: resource.NewSchemaless(attribute.String("service.name", "conv")),
		ScopeMetrics: []metricdata.ScopeMetrics{{Scope: instrumentation.Scope{Name: "scope"}, Metrics: []metricdata.Metrics{
			{Name: "delta", Data: metricdata.Sum[int64]{Temporality: metricdata.DeltaTemporality, IsMonotonic: true,
				DataPoints: []metricdata.DataPoint[int64]{{Attributes: attrs, StartTime: time.Unix(-5, 0), Time: t1, Value: 3,
					Exemplars: []metricdata.Exemplar[int64]{ex}}}}},
			{Name: "exp", Data: metricdata.ExponentialHistogram[float64]{Temporality: metricdata.CumulativeTemporality,
				DataPoints: []metricdata.ExponentialHistogramDataPoint[float64]{{Attributes: attrs, StartTime: t1, Time: t1,
					Count: 4, Sum: -2, Scale: 2, ZeroCount: 1, ZeroThreshold: 0.001,
					PositiveBucket: metricdata.ExponentialBucket{Offset: 1, Counts: []uint64{1}},
					NegativeBucket: metricdata.ExponentialBucket{Offset: -2, Counts: []uint64{1, 1}}}}}},
			{Name: "summary", Data: metricdata.Summary{DataPoints: []metricdata.SummaryDataPoint{{Attributes: attrs, StartTime: t1, Time: t1,
				Count: 2, Sum: 3, QuantileValues: []metricdata.QuantileValue{{Quantile: 0.5, Value: 1}, {Quantile: 1, Value: 2}}}}}},
		}}},
	}
	matchExporter(t, rm)
}

// matchExporter converts rm and fails the test unless the result is what
// the OpenTelemetry OTLP/HTTP metric exporter sends for rm.
func matchExporter(t *testing.T, rm *metricdata.ResourceMetrics) *metricpb.ResourceMetrics {
	t.Helper()
	want := exporterEncoding(t, rm)
	conv, err := otlpconv.Metrics(rm)
	if err != nil {
		t.Fatal(err)
	}
	mine := &colmetricpb.ExportMetricsServiceRequest{ResourceMetrics: []*metricpb.ResourceMetrics{conv}}
	if !proto.Equal(mine, want) {
		t.Errorf("Metrics differs from the OTLP exporter's encoding:\n got %v\nwant %v", mine, want)
	}
	return conv
}

// exporterEncoding returns what the OpenTelemetry OTLP/HTTP metric exporter
// sends for rm.
func exporterEncoding(t *testing.T, rm *metricdata.ResourceMetrics) *colmetricpb.ExportMetricsServiceRequest {
	t.Helper()
	got := make(chan []byte, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- b
	}))
	defer srv.Close()
	exp, err := otlpmetrichttp.New(context.Background(), otlpmetrichttp.WithEndpointURL(srv.URL+"/v1/metrics"),
		otlpmetrichttp.WithRetry(otlpmetrichttp.RetryConfig{Enabled: false}))
	if err != nil {
		t.Fatal(err)
	}
	if err := exp.Export(context.Background(), rm); err != nil {
		t.Fatal(err)
	}
	want := new(colmetricpb.ExportMetricsServiceRequest)
	if err := proto.Unmarshal(<-got, want); err != nil {
		t.Fatal(err)
	}
	return want
}

func TestMetricsJSONRoundTrip(t *testing.T) {
	conv, err := otlpconv.Metrics(collect(t))
	if err != nil {
		t.Fatal(err)
	}
	req := []*metricpb.ResourceMetrics{conv}
	b, err := otlpconv.MetricsJSON(req)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsRune(b, '\n') {
		t.Errorf("MetricsJSON is not one line: %s", b)
	}
	// OTLP JSON: enums as integers (AGGREGATION_TEMPORALITY_CUMULATIVE = 2).
	if !bytes.Contains(b, []byte(`"aggregationTemporality":2`)) {
		t.Errorf("temporality is not an integer: %s", b)
	}
	back, err := otlpconv.ParseMetricsJSON(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != 1 || !proto.Equal(back[0], conv) {
		t.Errorf("round trip differs:\n got %v\nwant %v", back, conv)
	}
}

func TestMetricsUndefinedTemporality(t *testing.T) {
	rm := &metricdata.ResourceMetrics{
		Resource: resource.Empty(),
		ScopeMetrics: []metricdata.ScopeMetrics{{Metrics: []metricdata.Metrics{
			{Name: "bad", Data: metricdata.Sum[int64]{DataPoints: []metricdata.DataPoint[int64]{{Value: 1}}}},
			{Name: "good", Data: metricdata.Gauge[int64]{DataPoints: []metricdata.DataPoint[int64]{{Value: 1}}}},
			{Name: "worse", Data: metricdata.Histogram[int64]{DataPoints: []metricdata.HistogramDataPoint[int64]{{Count: 1}}}},
		}}},
	}
	got, err := otlpconv.Metrics(rm)
	if err == nil || !strings.Contains(err.Error(), `2 metrics not encoded`) || !strings.Contains(err.Error(), `"bad"`) {
		t.Errorf("err = %v, want one counting 2 metrics and naming the first, \"bad\"", err)
	}
	if ms := got.GetScopeMetrics()[0].GetMetrics(); len(ms) != 1 || ms[0].GetName() != "good" {
		t.Errorf("kept %v, want only \"good\"", ms)
	}
}
