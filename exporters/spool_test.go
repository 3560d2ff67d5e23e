package exporters

import (
	"context"
	"fmt"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	colmetricpb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	metricpb "go.opentelemetry.io/proto/otlp/metrics/v1"
	"google.golang.org/protobuf/proto"

	"github.com/otelagent/otelagent-go/internal/otlpconv"
)

// quickCount agrees with decoding on every shape of request delivery
// encodes, and refuses truncated bytes.
func TestQuickCountAgreesWithDecoding(t *testing.T) {
	spans := encodeTestSpans(t, 7)
	points := encodeTestMetrics(t)
	for _, tc := range []struct {
		sig  signalKind
		body []byte
	}{{signalTraces, spans}, {signalMetrics, points}, {signalTraces, nil}, {signalMetrics, nil}} {
		want, wantOK := countItems(tc.sig, tc.body)
		got, gotOK := quickCount(tc.sig, tc.body)
		if got != want || gotOK != wantOK {
			t.Errorf("%v: quickCount = %d, %v; decoding counts %d, %v", tc.sig, got, gotOK, want, wantOK)
		}
	}
	if n, _ := countItems(signalTraces, spans); n != 7 {
		t.Fatalf("decoding counts %d spans, want 7", n)
	}
	if n, _ := countItems(signalMetrics, points); n < 3 {
		t.Fatalf("decoding counts %d data points, want at least 3", n)
	}
	for cut := 1; cut < len(spans); cut += 7 {
		if n, ok := quickCount(signalTraces, spans[:cut]); ok && n > 7 {
			t.Fatalf("truncated at %d: %d spans", cut, n)
		}
	}
	if _, ok := quickCount(signalTraces, spans[:len(spans)-1]); ok {
		t.Error("a request missing its last byte was counted as well formed")
	}
}

// encodeTestSpans returns n ended spans of two scopes as delivery encodes
// them.
func encodeTestSpans(t *testing.T, n int) []byte {
	t.Helper()
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	for i := range n {
		_, s := tp.Tracer(fmt.Sprintf("scope-%d", i%2)).Start(context.Background(), "execute_tool read_file",
			trace.WithAttributes(attribute.String("gen_ai.tool.name", "read_file")))
		s.End()
	}
	body, err := proto.Marshal(&coltracepb.ExportTraceServiceRequest{ResourceSpans: otlpconv.Spans(rec.Ended())})
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// encodeTestMetrics returns a collection with a counter, a histogram and a
// gauge, of several data points, as delivery encodes it.
func encodeTestMetrics(t *testing.T) []byte {
	t.Helper()
	reader := sdkmetric.NewManualReader()
	m := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)).Meter("m")
	ctx := context.Background()
	c, _ := m.Int64Counter("c")
	h, _ := m.Float64Histogram("h")
	g, _ := m.Int64Gauge("g")
	for _, tool := range []string{"a", "b"} {
		attrs := metric.WithAttributes(attribute.String("gen_ai.tool.name", tool))
		c.Add(ctx, 1, attrs)
		h.Record(ctx, 0.5, attrs)
		g.Record(ctx, 3, attrs)
	}
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(ctx, &rm); err != nil {
		t.Fatal(err)
	}
	pb, err := otlpconv.Metrics(&rm)
	if err != nil {
		t.Fatal(err)
	}
	body, err := proto.Marshal(&colmetricpb.ExportMetricsServiceRequest{ResourceMetrics: []*metricpb.ResourceMetrics{pb}})
	if err != nil {
		t.Fatal(err)
	}
	return body
}
