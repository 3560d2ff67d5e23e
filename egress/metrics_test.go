package egress

import (
	"context"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	otelmetric "go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/metric/metricdata/metricdatatest"
	"go.opentelemetry.io/otel/sdk/resource"

	"github.com/otelagent/otelagent-go/semconv"
)

// metricRecorder is a metric exporter that keeps the last export.
type metricRecorder struct {
	last     *metricdata.ResourceMetrics
	flushed  bool
	shutdown bool
}

func (r *metricRecorder) Temporality(k sdkmetric.InstrumentKind) metricdata.Temporality {
	return sdkmetric.DefaultTemporalitySelector(k)
}

func (r *metricRecorder) Aggregation(k sdkmetric.InstrumentKind) sdkmetric.Aggregation {
	return sdkmetric.DefaultAggregationSelector(k)
}

func (r *metricRecorder) Export(_ context.Context, rm *metricdata.ResourceMetrics) error {
	r.last = rm
	return nil
}

func (r *metricRecorder) ForceFlush(context.Context) error { r.flushed = true; return nil }
func (r *metricRecorder) Shutdown(context.Context) error   { r.shutdown = true; return nil }

var (
	t0 = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	t1 = t0.Add(time.Second)
	t2 = t0.Add(2 * time.Second)
)

// model is the attribute every test point keeps; user is one the filter
// drops, so that points differing only in user merge.
func pointAttrs(user string, extra ...attribute.KeyValue) attribute.Set {
	return attribute.NewSet(append([]attribute.KeyValue{
		semconv.GenAIRequestModelKey.String("gpt-4o"),
		attribute.String("user.id", user),
	}, extra...)...)
}

var modelOnly = attribute.NewSet(semconv.GenAIRequestModelKey.String("gpt-4o"))

func filterOne(t *testing.T, data metricdata.Aggregation, opts ...Option) metricdata.Aggregation {
	t.Helper()
	rec := &metricRecorder{}
	in := &metricdata.ResourceMetrics{ScopeMetrics: []metricdata.ScopeMetrics{{Metrics: []metricdata.Metrics{{Name: semconv.ClientTokenUsageName, Data: data}}}}}
	if err := Metrics(rec, opts...).Export(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	return rec.last.ScopeMetrics[0].Metrics[0].Data
}

func TestFilterMetricsMerge(t *testing.T) {
	tests := []struct {
		name string
		in   metricdata.Aggregation
		want metricdata.Aggregation
	}{
		{
			name: "cumulative int sum",
			in: metricdata.Sum[int64]{Temporality: metricdata.CumulativeTemporality, IsMonotonic: true, DataPoints: []metricdata.DataPoint[int64]{
				{Attributes: pointAttrs("u1"), StartTime: t0, Time: t1, Value: 3},
				{Attributes: pointAttrs("u2"), StartTime: t0, Time: t2, Value: 4},
				{Attributes: pointAttrs("u3", semconv.ErrorTypeKey.String("timeout")), StartTime: t0, Time: t2, Value: 1},
			}},
			want: metricdata.Sum[int64]{Temporality: metricdata.CumulativeTemporality, IsMonotonic: true, DataPoints: []metricdata.DataPoint[int64]{
				{Attributes: modelOnly, StartTime: t0, Time: t2, Value: 7},
				{Attributes: attribute.NewSet(semconv.GenAIRequestModelKey.String("gpt-4o"), semconv.ErrorTypeKey.String("timeout")), StartTime: t0, Time: t2, Value: 1},
			}},
		},
		{
			name: "delta float sum",
			in: metricdata.Sum[float64]{Temporality: metricdata.DeltaTemporality, DataPoints: []metricdata.DataPoint[float64]{
				{Attributes: pointAttrs("u1"), StartTime: t1, Time: t2, Value: 0.5},
				{Attributes: pointAttrs("u2"), StartTime: t0, Time: t2, Value: 0.25},
			}},
			want: metricdata.Sum[float64]{Temporality: metricdata.DeltaTemporality, DataPoints: []metricdata.DataPoint[float64]{
				{Attributes: modelOnly, StartTime: t0, Time: t2, Value: 0.75},
			}},
		},
		{
			name: "gauge keeps the latest value",
			in: metricdata.Gauge[int64]{DataPoints: []metricdata.DataPoint[int64]{
				{Attributes: pointAttrs("u1"), Time: t2, Value: 9},
				{Attributes: pointAttrs("u2"), Time: t1, Value: 5},
			}},
			want: metricdata.Gauge[int64]{DataPoints: []metricdata.DataPoint[int64]{
				{Attributes: modelOnly, Time: t2, Value: 9},
			}},
		},
		{
			name: "float gauge",
			in: metricdata.Gauge[float64]{DataPoints: []metricdata.DataPoint[float64]{
				{Attributes: pointAttrs("u1"), Time: t1, Value: 1.5},
				{Attributes: pointAttrs("u2"), Time: t2, Value: 2.5},
			}},
			want: metricdata.Gauge[float64]{DataPoints: []metricdata.DataPoint[float64]{
				{Attributes: modelOnly, Time: t2, Value: 2.5},
			}},
		},
		{
			name: "histogram",
			in: metricdata.Histogram[int64]{Temporality: metricdata.CumulativeTemporality, DataPoints: []metricdata.HistogramDataPoint[int64]{
				{
					Attributes: pointAttrs("u1"), StartTime: t0, Time: t1, Count: 3, Sum: 30,
					Bounds: []float64{10, 100}, BucketCounts: []uint64{1, 2, 0},
					Min: metricdata.NewExtrema[int64](5), Max: metricdata.NewExtrema[int64](20),
				},
				{
					Attributes: pointAttrs("u2"), StartTime: t0, Time: t2, Count: 2, Sum: 203,
					Bounds: []float64{10, 100}, BucketCounts: []uint64{1, 0, 1},
					Min: metricdata.NewExtrema[int64](3), Max: metricdata.NewExtrema[int64](200),
				},
			}},
			want: metricdata.Histogram[int64]{Temporality: metricdata.CumulativeTemporality, DataPoints: []metricdata.HistogramDataPoint[int64]{
				{
					Attributes: modelOnly, StartTime: t0, Time: t2, Count: 5, Sum: 233,
					Bounds: []float64{10, 100}, BucketCounts: []uint64{2, 2, 1},
					Min: metricdata.NewExtrema[int64](3), Max: metricdata.NewExtrema[int64](200),
				},
			}},
		},
		{
			name: "float histogram without min and max",
			in: metricdata.Histogram[float64]{Temporality: metricdata.DeltaTemporality, DataPoints: []metricdata.HistogramDataPoint[float64]{
				{Attributes: pointAttrs("u1"), Time: t1, Count: 1, Sum: 0.5, Bounds: []float64{1}, BucketCounts: []uint64{1, 0}},
				{Attributes: pointAttrs("u2"), Time: t1, Count: 1, Sum: 2, Bounds: []float64{1}, BucketCounts: []uint64{0, 1}, Max: metricdata.NewExtrema(2.0)},
			}},
			want: metricdata.Histogram[float64]{Temporality: metricdata.DeltaTemporality, DataPoints: []metricdata.HistogramDataPoint[float64]{
				{Attributes: modelOnly, Time: t1, Count: 2, Sum: 2.5, Bounds: []float64{1}, BucketCounts: []uint64{1, 1}, Max: metricdata.NewExtrema(2.0)},
			}},
		},
		{
			name: "exponential histogram, different scales",
			in: metricdata.ExponentialHistogram[float64]{Temporality: metricdata.DeltaTemporality, DataPoints: []metricdata.ExponentialHistogramDataPoint[float64]{
				{
					Attributes: pointAttrs("u1"), Time: t1, Count: 4, Sum: 10, Scale: 1, ZeroCount: 1,
					PositiveBucket: metricdata.ExponentialBucket{Offset: 2, Counts: []uint64{1, 1, 1}}, // indexes 2,3,4 at scale 1 -> 1,1,2 at scale 0
					Min:            metricdata.NewExtrema(0.0), Max: metricdata.NewExtrema(4.0),
				},
				{
					Attributes: pointAttrs("u2"), Time: t2, Count: 3, Sum: -3, Scale: 0,
					PositiveBucket: metricdata.ExponentialBucket{Offset: 3, Counts: []uint64{1}},
					NegativeBucket: metricdata.ExponentialBucket{Offset: -1, Counts: []uint64{2}},
					Min:            metricdata.NewExtrema(-1.0), Max: metricdata.NewExtrema(9.0),
				},
			}},
			want: metricdata.ExponentialHistogram[float64]{Temporality: metricdata.DeltaTemporality, DataPoints: []metricdata.ExponentialHistogramDataPoint[float64]{
				{
					Attributes: modelOnly, Time: t2, Count: 7, Sum: 7, Scale: 0, ZeroCount: 1,
					PositiveBucket: metricdata.ExponentialBucket{Offset: 1, Counts: []uint64{2, 1, 1}},
					NegativeBucket: metricdata.ExponentialBucket{Offset: -1, Counts: []uint64{2}},
					Min:            metricdata.NewExtrema(-1.0), Max: metricdata.NewExtrema(9.0),
				},
			}},
		},
		{
			name: "summary loses quantiles",
			in: metricdata.Summary{DataPoints: []metricdata.SummaryDataPoint{
				{Attributes: pointAttrs("u1"), Time: t1, Count: 2, Sum: 3, QuantileValues: []metricdata.QuantileValue{{Quantile: 0.5, Value: 1}}},
				{Attributes: pointAttrs("u2"), Time: t1, Count: 1, Sum: 4, QuantileValues: []metricdata.QuantileValue{{Quantile: 0.5, Value: 4}}},
			}},
			want: metricdata.Summary{DataPoints: []metricdata.SummaryDataPoint{
				{Attributes: modelOnly, Time: t1, Count: 3, Sum: 7},
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stats := &Counters{}
			got := filterOne(t, tt.in, WithCounters(stats))
			metricdatatest.AssertAggregationsEqual(t, tt.want, got)
			if stats.Stats().MergedDataPoints == 0 {
				t.Errorf("stats.MergedDataPoints = 0, want the merges counted")
			}
		})
	}
}

func TestFilterMetricsExponentialInt(t *testing.T) {
	in := metricdata.ExponentialHistogram[int64]{DataPoints: []metricdata.ExponentialHistogramDataPoint[int64]{
		{Attributes: pointAttrs("u1"), Time: t1, Count: 1, Sum: 5, Scale: 2, PositiveBucket: metricdata.ExponentialBucket{Offset: 9, Counts: []uint64{1}}},
		{Attributes: pointAttrs("u2"), Time: t1, Count: 1, Sum: 6, Scale: 2, PositiveBucket: metricdata.ExponentialBucket{Offset: 10, Counts: []uint64{1}}},
	}}
	want := metricdata.ExponentialHistogram[int64]{DataPoints: []metricdata.ExponentialHistogramDataPoint[int64]{
		{Attributes: modelOnly, Time: t1, Count: 2, Sum: 11, Scale: 2, PositiveBucket: metricdata.ExponentialBucket{Offset: 9, Counts: []uint64{1, 1}}},
	}}
	metricdatatest.AssertAggregationsEqual(t, want, filterOne(t, in))
}

func TestFilterMetricsRedactsAndFiltersExemplars(t *testing.T) {
	f := newFakeRand(20)
	key := "xoxb-" + f.from(fakeDigits, 12) + "-" + f.from(fakeBase62, 24)
	in := metricdata.Sum[int64]{Temporality: metricdata.CumulativeTemporality, DataPoints: []metricdata.DataPoint[int64]{{
		Attributes: attribute.NewSet(semconv.GenAIAgentNameKey.String("agent " + key)),
		Time:       t1, Value: 1,
		Exemplars: []metricdata.Exemplar[int64]{{
			FilteredAttributes: []attribute.KeyValue{attribute.String("user.id", "alice"), semconv.GenAIToolNameKey.String("grep")},
			Time:               t1, Value: 1, TraceID: []byte{1}, SpanID: []byte{2},
		}},
	}}}
	want := metricdata.Sum[int64]{Temporality: metricdata.CumulativeTemporality, DataPoints: []metricdata.DataPoint[int64]{{
		Attributes: attribute.NewSet(semconv.GenAIAgentNameKey.String("_OTHER")),
		Time:       t1, Value: 1,
		Exemplars: []metricdata.Exemplar[int64]{{
			FilteredAttributes: []attribute.KeyValue{semconv.GenAIToolNameKey.String("grep")},
			Time:               t1, Value: 1, TraceID: []byte{1}, SpanID: []byte{2},
		}},
	}}}
	metricdatatest.AssertAggregationsEqual(t, want, filterOne(t, in))
}

// A metric semconv does not define leaves only when its name was opted
// in; then its attributes pass the same allowlist, its description is
// redacted and its unit must look like a unit.
func TestFilterMetricsOptedInKeysAndUnknownNames(t *testing.T) {
	key := "ghp_" + newFakeRand(40).from(fakeBase62, 36)
	custom := func(name string) metricdata.Metrics {
		return metricdata.Metrics{Name: name, Description: "calls made with " + key, Unit: "{call} for alice", Data: metricdata.Gauge[int64]{DataPoints: []metricdata.DataPoint[int64]{
			{Attributes: pointAttrs("u1", attribute.String("host", "h")), Time: t1, Value: 1},
		}}}
	}
	rec := &metricRecorder{}
	counters := &Counters{}
	exp := Metrics(rec, WithAllowedKeys("user.id"), WithMetricNames("myapp.custom"), WithCounters(counters))
	in := &metricdata.ResourceMetrics{ScopeMetrics: []metricdata.ScopeMetrics{{Metrics: []metricdata.Metrics{
		custom("myapp.custom"), custom("myapp.prompt: summarize /home/alice/plan.md"),
	}}}}
	if err := exp.Export(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	want := metricdata.Metrics{Name: "myapp.custom", Description: "calls made with " + RedactMarker, Data: metricdata.Gauge[int64]{DataPoints: []metricdata.DataPoint[int64]{
		{Attributes: pointAttrs("u1"), Time: t1, Value: 1},
	}}}
	if got := rec.last.ScopeMetrics[0].Metrics; len(got) != 1 {
		t.Fatalf("exported %d metrics, want only the opted-in one", len(got))
	}
	metricdatatest.AssertEqual(t, want, rec.last.ScopeMetrics[0].Metrics[0])
	if n := counters.Stats().DroppedMetrics; n != 1 {
		t.Errorf("DroppedMetrics = %d, want 1", n)
	}
}

// A metric semconv defines leaves with semconv's description and unit,
// whatever the instrument was created with.
func TestFilterMetricsCatalogIdentity(t *testing.T) {
	rec := &metricRecorder{}
	in := &metricdata.ResourceMetrics{ScopeMetrics: []metricdata.ScopeMetrics{{Metrics: []metricdata.Metrics{{
		Name: semconv.ExecuteToolDurationName, Description: "prompt was: summarize plan.md", Unit: "s of alice",
		Data: metricdata.Gauge[int64]{DataPoints: []metricdata.DataPoint[int64]{{Attributes: modelOnly, Time: t1, Value: 1}}},
	}}}}}
	if err := Metrics(rec).Export(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	got := rec.last.ScopeMetrics[0].Metrics[0]
	if got.Description != semconv.ExecuteToolDurationDescription || got.Unit != semconv.ExecuteToolDurationUnit {
		t.Errorf("metric = %q %q, want semconv's description and unit", got.Description, got.Unit)
	}
}

// TestFilterMetricsFromSDK collects real SDK data, filters it and checks
// both what was exported and that the collected data was left intact.
func TestFilterMetricsFromSDK(t *testing.T) {
	ctx := context.Background()
	reader := sdkmetric.NewManualReader()
	res := resource.NewSchemaless(attribute.String("service.name", "myagent"), attribute.String("host.name", "alice-laptop"))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader), sdkmetric.WithResource(res))
	t.Cleanup(func() { _ = mp.Shutdown(ctx) })

	counter, err := mp.Meter("test").Int64Counter(semconv.UnpricedTokensName)
	if err != nil {
		t.Fatal(err)
	}
	tokens, err := mp.Meter("test").Int64Histogram(semconv.ClientTokenUsageName)
	if err != nil {
		t.Fatal(err)
	}
	for _, user := range []string{"alice", "bob", "carol"} {
		counter.Add(ctx, 10, metricAttrs(user))
		tokens.Record(ctx, 100, metricAttrs(user))
	}

	var collected metricdata.ResourceMetrics
	if err := reader.Collect(ctx, &collected); err != nil {
		t.Fatal(err)
	}
	rec := &metricRecorder{}
	exp := Metrics(rec, WithScopeNames("test"))
	if err := exp.Export(ctx, &collected); err != nil {
		t.Fatal(err)
	}

	if got, want := rec.last.Resource, resource.NewSchemaless(attribute.String("service.name", "myagent")); !got.Equal(want) {
		t.Errorf("resource = %v, want %v", got, want)
	}
	keep := attribute.NewSet(semconv.GenAIRequestModelKey.String("gpt-4o"), semconv.GenAITokenTypeKey.String(semconv.TokenTypeInput))
	want := metricdata.ScopeMetrics{
		Scope: collected.ScopeMetrics[0].Scope,
		Metrics: []metricdata.Metrics{
			{Name: semconv.UnpricedTokensName, Description: semconv.UnpricedTokensDescription, Unit: semconv.UnpricedTokensUnit, Data: metricdata.Sum[int64]{
				Temporality: metricdata.CumulativeTemporality, IsMonotonic: true,
				DataPoints: []metricdata.DataPoint[int64]{{Attributes: keep, Value: 30}},
			}},
			{Name: semconv.ClientTokenUsageName, Description: semconv.ClientTokenUsageDescription, Unit: semconv.ClientTokenUsageUnit, Data: metricdata.Histogram[int64]{
				Temporality: metricdata.CumulativeTemporality,
				DataPoints: []metricdata.HistogramDataPoint[int64]{{
					Attributes: keep, Count: 3, Sum: 300,
					Bounds:       collected.ScopeMetrics[0].Metrics[1].Data.(metricdata.Histogram[int64]).DataPoints[0].Bounds,
					BucketCounts: bucketsWith(collected, 3),
					Min:          metricdata.NewExtrema[int64](100), Max: metricdata.NewExtrema[int64](100),
				}},
			}},
		},
	}
	metricdatatest.AssertEqual(t, want, rec.last.ScopeMetrics[0], metricdatatest.IgnoreTimestamp())

	// The collected data is the reader's to reuse: still three points each.
	for _, m := range collected.ScopeMetrics[0].Metrics {
		var n int
		switch d := m.Data.(type) {
		case metricdata.Sum[int64]:
			n = len(d.DataPoints)
		case metricdata.Histogram[int64]:
			n = len(d.DataPoints)
			for _, p := range d.DataPoints {
				if p.Count != 1 {
					t.Errorf("%s: collected point count changed to %d", m.Name, p.Count)
				}
			}
		}
		if n != 3 {
			t.Errorf("%s: collected data has %d points after export, want 3 (input modified)", m.Name, n)
		}
	}
	if !collected.Resource.Equal(res) {
		t.Errorf("collected resource changed to %v", collected.Resource)
	}

	if err := exp.ForceFlush(ctx); err != nil || !rec.flushed {
		t.Errorf("ForceFlush not passed on: %v", err)
	}
	if err := exp.Shutdown(ctx); err != nil || !rec.shutdown {
		t.Errorf("Shutdown not passed on: %v", err)
	}
	if exp.Temporality(sdkmetric.InstrumentKindCounter) != metricdata.CumulativeTemporality {
		t.Errorf("Temporality not passed on")
	}
}

func metricAttrs(user string) otelmetric.MeasurementOption {
	return otelmetric.WithAttributes(
		semconv.GenAIRequestModelKey.String("gpt-4o"),
		semconv.GenAITokenTypeKey.String(semconv.TokenTypeInput),
		attribute.String("enduser.id", user),
	)
}

// bucketsWith returns the bucket counts of the collected token histogram's
// first point with its one non-zero bucket set to n.
func bucketsWith(rm metricdata.ResourceMetrics, n uint64) []uint64 {
	src := rm.ScopeMetrics[0].Metrics[1].Data.(metricdata.Histogram[int64]).DataPoints[0].BucketCounts
	out := make([]uint64, len(src))
	for i, c := range src {
		if c != 0 {
			out[i] = n
		}
	}
	return out
}

func TestFilterMetricsCleanDataShared(t *testing.T) {
	points := []metricdata.DataPoint[int64]{{Attributes: modelOnly, Time: t1, Value: 1}}
	got := filterOne(t, metricdata.Sum[int64]{DataPoints: points}).(metricdata.Sum[int64])
	if &got.DataPoints[0] != &points[0] {
		t.Errorf("clean data points were copied; want them shared")
	}
}

func BenchmarkFilterMetrics(b *testing.B) {
	var points []metricdata.HistogramDataPoint[float64]
	for _, model := range []string{"gpt-4o", "claude", "gemini"} {
		for _, tool := range []string{"read_file", "grep", "edit", "bash"} {
			points = append(points, metricdata.HistogramDataPoint[float64]{
				Attributes:   attribute.NewSet(semconv.GenAIRequestModelKey.String(model), semconv.GenAIToolNameKey.String(tool)),
				Count:        3,
				Sum:          1.5,
				Bounds:       []float64{0.01, 0.1, 1, 10},
				BucketCounts: []uint64{0, 1, 2, 0, 0},
			})
		}
	}
	rm := &metricdata.ResourceMetrics{
		Resource: resource.Default(),
		ScopeMetrics: []metricdata.ScopeMetrics{{Metrics: []metricdata.Metrics{
			{Name: semconv.ExecuteToolDurationName, Data: metricdata.Histogram[float64]{DataPoints: points}},
		}}},
	}
	for _, bc := range []struct {
		name string
		exp  sdkmetric.Exporter
	}{
		{"raw", &metricRecorder{}},
		{"filtered", Metrics(&metricRecorder{})},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			ctx := context.Background()
			for b.Loop() {
				if err := bc.exp.Export(ctx, rm); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// A key semconv marks SpansOnly never reaches a metric: not when a program
// records it there, not when content capture is on, not when the user opts
// it in. Points that differed only by such a key merge.
func TestFilterMetricsDropsSpansOnlyKeys(t *testing.T) {
	ctx := context.Background()
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	t.Cleanup(func() { _ = mp.Shutdown(ctx) })
	cost, err := mp.Meter("test").Float64Counter(semconv.CostUsageName)
	if err != nil {
		t.Fatal(err)
	}
	for i, session := range []string{"sess-1", "sess-2"} {
		cost.Add(ctx, 0.5, otelmetric.WithAttributes(
			semconv.GenAIRequestModelKey.String("gpt-4o"),
			semconv.GenAIConversationIDKey.String(session),
			semconv.GenAIToolCallIDKey.String("call_"+session),
			semconv.CostUSDKey.Float64(float64(i)),
			semconv.GenAIInputMessagesKey.String("summarise "+session),
		))
	}
	var collected metricdata.ResourceMetrics
	if err := reader.Collect(ctx, &collected); err != nil {
		t.Fatal(err)
	}

	rec := &metricRecorder{}
	stats := &Counters{}
	exp := Metrics(rec, WithContentCapture(true), WithCounters(stats),
		WithAllowedKeys(string(semconv.GenAIConversationIDKey), string(semconv.GenAIToolCallIDKey)))
	if err := exp.Export(ctx, &collected); err != nil {
		t.Fatal(err)
	}
	want := metricdata.Metrics{Name: semconv.CostUsageName, Description: semconv.CostUsageDescription, Unit: semconv.CostUsageUnit, Data: metricdata.Sum[float64]{
		Temporality: metricdata.CumulativeTemporality, IsMonotonic: true,
		DataPoints: []metricdata.DataPoint[float64]{{Attributes: modelOnly, Value: 1}},
	}}
	metricdatatest.AssertEqual(t, want, rec.last.ScopeMetrics[0].Metrics[0], metricdatatest.IgnoreTimestamp())
	if got := stats.Stats().DroppedAttributes; got != 8 {
		t.Errorf("DroppedAttributes = %d, want 8 (4 keys on 2 points)", got)
	}
	if got := stats.Stats().MergedDataPoints; got != 1 {
		t.Errorf("MergedDataPoints = %d, want 1", got)
	}
}

func TestFilterMetricsDropsSpansOnlyExemplarAttributes(t *testing.T) {
	in := metricdata.Histogram[float64]{Temporality: metricdata.DeltaTemporality, DataPoints: []metricdata.HistogramDataPoint[float64]{{
		Attributes: modelOnly, Time: t1, Count: 1, Sum: 2, Bounds: []float64{1}, BucketCounts: []uint64{0, 1},
		Exemplars: []metricdata.Exemplar[float64]{{
			FilteredAttributes: []attribute.KeyValue{
				semconv.GenAIConversationIDKey.String("sess-1"),
				semconv.GenAIToolCallArgumentsKey.String(`{"path":"/home/alice"}`),
				semconv.GenAIToolNameKey.String("grep"),
			},
			Time: t1, Value: 2, TraceID: []byte{1}, SpanID: []byte{2},
		}},
	}}}
	want := in
	want.DataPoints = []metricdata.HistogramDataPoint[float64]{in.DataPoints[0]}
	want.DataPoints[0].Exemplars = []metricdata.Exemplar[float64]{in.DataPoints[0].Exemplars[0]}
	want.DataPoints[0].Exemplars[0].FilteredAttributes = []attribute.KeyValue{semconv.GenAIToolNameKey.String("grep")}
	metricdatatest.AssertAggregationsEqual(t, want, filterOne(t, in, WithContentCapture(true)))
}

func TestFilterMetricsScopeAttributes(t *testing.T) {
	rec := &metricRecorder{}
	scope := instrumentation.Scope{Name: "myagent", Version: "1.2.3", Attributes: attribute.NewSet(
		attribute.String("user.home", "/home/alice"),
		semconv.GenAIAgentNameKey.String("coder"),
	)}
	in := &metricdata.ResourceMetrics{ScopeMetrics: []metricdata.ScopeMetrics{{Scope: scope}}}
	if err := Metrics(rec, WithScopeNames("myagent")).Export(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	want := instrumentation.Scope{Name: "myagent", Version: "1.2.3", Attributes: attribute.NewSet(semconv.GenAIAgentNameKey.String("coder"))}
	if got := rec.last.ScopeMetrics[0].Scope; got.Name != want.Name || got.Version != want.Version || !got.Attributes.Equals(&want.Attributes) {
		t.Errorf("scope = %+v, want %+v", got, want)
	}
	if n := in.ScopeMetrics[0].Scope.Attributes.Len(); n != 2 {
		t.Errorf("input scope changed: %d attributes, want 2", n)
	}
}
