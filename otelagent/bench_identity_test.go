package otelagent_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/metric/metricdata/metricdatatest"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/otelagent"
)

// TestBestReferencesAreIdentical runs each otelagent call of the benchmarks
// and its best reference once, each into its own SDK, and checks that they
// export the same spans (name, kind, attributes, status) and the same metric
// points (instrument, attributes, buckets; values that are durations
// differ), so the benchmarks compare equal work.
func TestBestReferencesAreIdentical(t *testing.T) {
	session := func(tel *otelagent.Telemetry) context.Context {
		ctx, _ := tel.StartSession(context.Background(), otelagent.Agent{Name: "coder", SessionID: "s-1"})
		return ctx // never ended: its span and metrics stay out of the comparison
	}
	background := func(*otelagent.Telemetry) context.Context { return context.Background() }
	cases := []struct {
		name string
		ctx  func(*otelagent.Telemetry) context.Context
		lib  func(ctx context.Context, tel *otelagent.Telemetry)
		best func(trace.Tracer, metric.Meter) bestCall
	}{
		{"ToolCall", session, func(ctx context.Context, tel *otelagent.Telemetry) {
			_, c := tel.StartToolCall(ctx, otelagent.Tool{Name: "read_file", Type: "function", CallID: "call_1"})
			c.End(errBench)
		}, bestToolCall},
		{"RecordToolCall", background, func(ctx context.Context, tel *otelagent.Telemetry) {
			tel.RecordToolCall(ctx, "filesystem", "session-id", "agentName", 500*time.Millisecond, nil)
		}, bestRecordToolCall},
		{"Session", background, func(ctx context.Context, tel *otelagent.Telemetry) {
			_, s := tel.StartSession(ctx, otelagent.Agent{Name: "coder", SessionID: "s-1", Model: "gpt-4o", Provider: "openai"})
			s.End(nil)
		}, bestSession},
		{"Chat", background, func(ctx context.Context, tel *otelagent.Telemetry) {
			_, c := tel.StartChat(ctx, otelagent.ChatRequest{Model: "gpt-4o", Provider: "openai"})
			c.SetUsage(benchUsage)
			c.End(nil)
		}, bestChat},
		{"RecordTokenUsage", background, func(ctx context.Context, tel *otelagent.Telemetry) {
			tel.RecordTokenUsage(ctx, "gpt-4o", 1200, 300, 0.01)
		}, bestRecordTokenUsage},
		{"Command", background, func(ctx context.Context, tel *otelagent.Telemetry) {
			_, c := tel.StartCommand(ctx, "run", "model", "debug")
			c.End(nil)
		}, bestCommand},
		{"TrackCommand", background, func(_ context.Context, tel *otelagent.Telemetry) {
			otelagent.SetDefault(tel)
			defer otelagent.SetDefault(nil)
			otelagent.TrackCommand("run", benchArgs)
		}, bestCommand},
		{"MCP", background, func(ctx context.Context, tel *otelagent.Telemetry) {
			tel.RecordMCPOperation(ctx, benchMCPOp, 20*time.Millisecond, nil)
		}, bestMCP},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			libSpans, libMetrics := exported(t, func(tp trace.TracerProvider, mp metric.MeterProvider) {
				tel := otelagent.New(otelagent.WithTracerProvider(tp), otelagent.WithMeterProvider(mp))
				tc.lib(tc.ctx(tel), tel)
			})
			bestSpans, bestMetrics := exported(t, func(tp trace.TracerProvider, mp metric.MeterProvider) {
				tel := otelagent.New(otelagent.WithTracerProvider(tp), otelagent.WithMeterProvider(mp))
				tc.best(tp.Tracer("best"), mp.Meter("best"))(tc.ctx(tel))
			})
			if len(libSpans) != len(bestSpans) {
				t.Fatalf("spans: otelagent %v, best %v", libSpans, bestSpans)
			}
			for i := range libSpans {
				if libSpans[i] != bestSpans[i] {
					t.Errorf("span %d:\notelagent %+v\nbest      %+v", i, libSpans[i], bestSpans[i])
				}
			}
			if len(libMetrics) == 0 {
				t.Fatal("otelagent recorded no metric")
			}
			if len(libMetrics) != len(bestMetrics) {
				t.Fatalf("metrics: otelagent %d, best %d", len(libMetrics), len(bestMetrics))
			}
			for name, agg := range libMetrics {
				want, ok := bestMetrics[name]
				if !ok {
					t.Errorf("metric %s: not recorded by the best reference", name)
					continue
				}
				metricdatatest.AssertAggregationsEqual(t, want, agg,
					metricdatatest.IgnoreTimestamp(), metricdatatest.IgnoreExemplars(), metricdatatest.IgnoreValue())
			}
		})
	}
}

// spanSummary is what the comparison looks at in a span.
type spanSummary struct {
	Name, Kind, Attrs, Status string
}

// exported runs record with a fresh tracer and meter provider and returns
// the spans it ended and its metrics by name.
func exported(t *testing.T, record func(trace.TracerProvider, metric.MeterProvider)) ([]spanSummary, map[string]metricdata.Aggregation) {
	t.Helper()
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	record(tp, mp)
	var spans []spanSummary
	for _, s := range rec.Ended() {
		set := attribute.NewSet(s.Attributes()...)
		spans = append(spans, spanSummary{
			Name: s.Name(), Kind: s.SpanKind().String(),
			Attrs:  string(set.Encoded(attribute.DefaultEncoder())),
			Status: s.Status().Code.String() + ":" + s.Status().Description,
		})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].Name < spans[j].Name })
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	metrics := map[string]metricdata.Aggregation{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			metrics[m.Name] = m.Data
		}
	}
	return spans, metrics
}
