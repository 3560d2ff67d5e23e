package egress

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/otelagent/otelagent-go/semconv"
)

// The filter lets through exactly the selected schema's keys and metrics:
// a name of another schema is dropped like any unknown one.
func TestFilterSchema(t *testing.T) {
	tests := []struct {
		schema          semconv.Schema
		creation, write bool
		callsMetric     bool
	}{
		{semconv.SchemaDefault, true, false, false},
		{semconv.SchemaLatest, false, true, true},
		{semconv.SchemaLatestDup, true, true, true},
	}
	for _, tt := range tests {
		stub := tracetest.SpanStub{Name: "chat m", Attributes: []attribute.KeyValue{
			semconv.GenAIUsageCacheCreationInputTokensKey.Int(4),
			semconv.GenAIUsageCacheWriteInputTokensKey.Int(4),
		}}
		got := exportStubs(t, tracetest.SpanStubs{stub}, WithSchema(tt.schema))[0].Attributes
		has := map[attribute.Key]bool{}
		for _, kv := range got {
			has[kv.Key] = true
		}
		if has[semconv.GenAIUsageCacheCreationInputTokensKey] != tt.creation || has[semconv.GenAIUsageCacheWriteInputTokensKey] != tt.write {
			t.Errorf("%s: span keeps %v", tt.schema, got)
		}

		rec := &metricRecorder{}
		in := &metricdata.ResourceMetrics{ScopeMetrics: []metricdata.ScopeMetrics{{Metrics: []metricdata.Metrics{{
			Name: semconv.InvokeAgentToolCallsName,
			Data: metricdata.Histogram[int64]{Temporality: metricdata.DeltaTemporality, DataPoints: []metricdata.HistogramDataPoint[int64]{
				{Attributes: attribute.NewSet(semconv.GenAIAgentNameKey.String("a")), StartTime: t0, Time: t1, Count: 1, Sum: 3, Bounds: []float64{1}, BucketCounts: []uint64{0, 1}},
			}},
		}}}}}
		if err := Metrics(rec, WithSchema(tt.schema)).Export(context.Background(), in); err != nil {
			t.Fatal(err)
		}
		kept := rec.last != nil && len(rec.last.ScopeMetrics) == 1 && len(rec.last.ScopeMetrics[0].Metrics) == 1
		if kept != tt.callsMetric {
			t.Errorf("%s: %s kept = %v, want %v", tt.schema, semconv.InvokeAgentToolCallsName, kept, tt.callsMetric)
		}
	}
}

// The keys the schema switch added that name things are held to their
// grammar, as the API holds them.
func TestFilterNewNameKeys(t *testing.T) {
	stub := tracetest.SpanStub{Name: "chat m", Attributes: []attribute.KeyValue{
		semconv.GenAIResponseIDKey.String("resp /home/alice/x"),
		semconv.GenAIResponseIDKey.String("chatcmpl-1"),
		semconv.RPCResponseStatusCodeKey.String("-32602"),
	}}
	got := exportStubs(t, tracetest.SpanStubs{stub})[0].Attributes
	vals := map[attribute.Key]string{}
	for _, kv := range got {
		vals[kv.Key] = kv.Value.AsString()
	}
	if vals[semconv.GenAIResponseIDKey] != "chatcmpl-1" || vals[semconv.RPCResponseStatusCodeKey] != "-32602" {
		t.Errorf("attributes %v", vals)
	}
	bad := exportStubs(t, tracetest.SpanStubs{{Name: "chat m", Attributes: []attribute.KeyValue{
		semconv.GenAIResponseIDKey.String("resp /home/alice/x"),
	}}})[0].Attributes
	if len(bad) == 1 && bad[0].Value.AsString() != other {
		t.Errorf("a response id that is a path left as %q", bad[0].Value.AsString())
	}
}
