package viewer

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	metricpb "go.opentelemetry.io/proto/otlp/metrics/v1"

	"github.com/otelagent/otelagent-go/internal/otlpconv"
	"github.com/otelagent/otelagent-go/otelagent"
)

// The usage metrics of a run, read without its spans, say what its chat
// spans say: calls, tokens, cost and unpriced tokens by model and by agent,
// a cumulative series exported twice counted once.
func TestMetricsUsageAgreesWithSpans(t *testing.T) {
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	tel := otelagent.New(otelagent.WithTracerProvider(tp), otelagent.WithMeterProvider(mp))

	ctx, coder := tel.StartSession(context.Background(), otelagent.Agent{Name: "coder", Model: "gpt-4o", Provider: "openai"})
	for i := range 3 {
		_, c := tel.StartChat(ctx, otelagent.ChatRequest{})
		c.SetUsage(otelagent.Usage{InputTokens: int64(100 * (i + 1)), OutputTokens: 20, CacheReadInputTokens: 50})
		c.End(nil)
	}
	subCtx, helper := tel.StartSession(ctx, otelagent.Agent{Name: "helper", Model: "local-llama"})
	_, c := tel.StartChat(subCtx, otelagent.ChatRequest{})
	c.SetUsage(otelagent.Usage{InputTokens: 1200, OutputTokens: 300})
	c.End(nil)
	helper.End(nil)
	coder.End(nil)

	var metricsJSON bytes.Buffer
	for range 2 { // cumulative: the second export repeats the first's totals
		var rm metricdata.ResourceMetrics
		if err := reader.Collect(context.Background(), &rm); err != nil {
			t.Fatal(err)
		}
		m, err := otlpconv.Metrics(&rm)
		if err != nil {
			t.Fatal(err)
		}
		b, err := otlpconv.MetricsJSON([]*metricpb.ResourceMetrics{m})
		if err != nil {
			t.Fatal(err)
		}
		metricsJSON.Write(append(b, '\n'))
	}

	fromSpans := New(nil)
	if err := fromSpans.Read(bytes.NewReader(otlpJSONBatch(t, spans.GetSpans().Snapshots()))); err != nil {
		t.Fatal(err)
	}
	fromMetrics := New(nil)
	if err := fromMetrics.Read(&metricsJSON); err != nil {
		t.Fatal(err)
	}
	byModel, byAgent := fromMetrics.Summary().MetricsUsage()
	same := func(what string, got, want []Usage) {
		t.Helper()
		if len(got) != len(want) || len(want) != 2 {
			t.Fatalf("%s: %d rows from metrics, %d from spans, want 2", what, len(got), len(want))
		}
		for i := range want {
			g, w := got[i], want[i]
			if g.Name != w.Name || g.Chats != w.Chats || g.InputTokens != w.InputTokens || g.OutputTokens != w.OutputTokens ||
				math.Abs(g.CostUSD-w.CostUSD) > 1e-12 || g.UnpricedInputTokens != w.UnpricedInputTokens || g.UnpricedOutputTokens != w.UnpricedOutputTokens {
				t.Errorf("%s %q:\nmetrics %+v\nspans   %+v", what, w.Name, g, w)
			}
		}
	}
	same("by model", byModel, fromSpans.Summary().ByModel())
	same("by agent", byAgent, fromSpans.Summary().ByAgent())

	var out bytes.Buffer
	if err := WriteSummary(&out, fromMetrics.Summary(), WithWidth(100)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"by model (from metrics)", "local-llama", "unpriced 1,200 in / 300 out"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the summary of metrics lacks %q:\n%s", want, out.String())
		}
	}
}
