package collectortest_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetrichttp"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/internal/collectortest"
)

func TestValidateRepoConfig(t *testing.T) {
	root, err := collectortest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	collectortest.Validate(t, filepath.Join(root, "collector-config.yaml"))
}

// TestStartSendStop proves the harness end to end: the OTel SDK exports over
// OTLP/HTTP to a real collector, and what the collector wrote parses back
// into the spans and metrics that were sent.
func TestStartSendStop(t *testing.T) {
	begin := time.Now()
	c := collectortest.Start(t)
	t.Logf("Start took %v", time.Since(begin).Round(time.Millisecond))
	if !strings.HasPrefix(c.Endpoint(), "http://127.0.0.1:") {
		t.Fatalf("Endpoint() = %q, want http://127.0.0.1:PORT", c.Endpoint())
	}
	if !strings.HasPrefix(c.GRPCEndpoint(), "127.0.0.1:") {
		t.Fatalf("GRPCEndpoint() = %q, want 127.0.0.1:PORT", c.GRPCEndpoint())
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res := resource.NewSchemaless(attribute.String("service.name", "collectortest"))
	const canary = "canary-7f3a9e"

	traceExp, err := otlptracehttp.New(ctx,
		otlptracehttp.WithEndpointURL(c.Endpoint()+"/v1/traces"),
		otlptracehttp.WithTimeout(2*time.Second),
		otlptracehttp.WithRetry(otlptracehttp.RetryConfig{Enabled: false}),
	)
	if err != nil {
		t.Fatal(err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithResource(res), sdktrace.WithSyncer(traceExp))
	tracer := tp.Tracer("collectortest-scope", trace.WithInstrumentationVersion("1.2.3"))
	pctx, parent := tracer.Start(ctx, "parent", trace.WithAttributes(
		attribute.String("p.string", canary),
		attribute.Int("p.int", 42),
	))
	_, child := tracer.Start(pctx, "child",
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(
			attribute.Bool("c.bool", true),
			attribute.Float64("c.double", 1.5),
			attribute.StringSlice("c.slice", []string{"a", "b"}),
		))
	child.AddEvent("retry", trace.WithAttributes(attribute.Int("attempt", 2)))
	child.SetStatus(codes.Error, "boom")
	child.End()
	parent.End()
	if err := tp.Shutdown(ctx); err != nil {
		t.Fatalf("tracer provider shutdown: %v", err)
	}

	metricExp, err := otlpmetrichttp.New(ctx,
		otlpmetrichttp.WithEndpointURL(c.Endpoint()+"/v1/metrics"),
		otlpmetrichttp.WithTimeout(2*time.Second),
		otlpmetrichttp.WithRetry(otlpmetrichttp.RetryConfig{Enabled: false}),
	)
	if err != nil {
		t.Fatal(err)
	}
	// The interval never elapses: Shutdown does the one export.
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithResource(res),
		sdkmetric.WithReader(sdkmetric.NewPeriodicReader(metricExp, sdkmetric.WithInterval(time.Hour))))
	meter := mp.Meter("collectortest-scope")
	counter, err := meter.Int64Counter("test.requests", metric.WithUnit("{request}"))
	if err != nil {
		t.Fatal(err)
	}
	hist, err := meter.Float64Histogram("test.duration", metric.WithUnit("s"),
		metric.WithExplicitBucketBoundaries(1, 5))
	if err != nil {
		t.Fatal(err)
	}
	kind := metric.WithAttributes(attribute.String("kind", "x"))
	counter.Add(ctx, 3, kind)
	counter.Add(ctx, 4, kind)
	for _, v := range []float64{0.5, 2.5, 7} {
		hist.Record(ctx, v)
	}
	if err := mp.Shutdown(ctx); err != nil {
		t.Fatalf("meter provider shutdown: %v", err)
	}

	c.Stop()
	c.Stop() // idempotent

	spans := c.Traces()
	if len(spans) != 2 {
		t.Fatalf("got %d spans, want 2: %+v\nlog:\n%s", len(spans), spans, c.Log())
	}
	byName := map[string]collectortest.Span{}
	for _, s := range spans {
		byName[s.Name] = s
	}
	p, ch := byName["parent"], byName["child"]
	wantParent := parent.SpanContext()
	if p.TraceID != wantParent.TraceID().String() || p.SpanID != wantParent.SpanID().String() || p.ParentSpanID != "" {
		t.Errorf("parent ids = %s/%s/%q, want %s/%s/root", p.TraceID, p.SpanID, p.ParentSpanID, wantParent.TraceID(), wantParent.SpanID())
	}
	if ch.TraceID != p.TraceID || ch.ParentSpanID != p.SpanID || ch.SpanID != child.SpanContext().SpanID().String() {
		t.Errorf("child ids = %s/%s parent %s, want trace %s parent %s", ch.TraceID, ch.SpanID, ch.ParentSpanID, p.TraceID, p.SpanID)
	}
	if p.Kind != trace.SpanKindInternal || ch.Kind != trace.SpanKindClient {
		t.Errorf("kinds = %v, %v; want internal, client", p.Kind, ch.Kind)
	}
	if p.StatusCode != codes.Unset || ch.StatusCode != codes.Error || ch.StatusMessage != "boom" {
		t.Errorf("status = %v, %v %q; want Unset, Error \"boom\"", p.StatusCode, ch.StatusCode, ch.StatusMessage)
	}
	assertAttrs(t, "parent", p.Attributes, map[string]any{"p.string": canary, "p.int": int64(42)})
	assertAttrs(t, "child", ch.Attributes, map[string]any{"c.bool": true, "c.double": 1.5, "c.slice": []any{"a", "b"}})
	if len(ch.Events) != 1 || ch.Events[0].Name != "retry" || ch.Events[0].Attributes["attempt"] != int64(2) {
		t.Errorf("child events = %+v, want one retry{attempt=2}", ch.Events)
	}
	if p.Resource["service.name"] != "collectortest" || p.ScopeName != "collectortest-scope" || p.ScopeVersion != "1.2.3" {
		t.Errorf("parent resource/scope = %v %q %q", p.Resource, p.ScopeName, p.ScopeVersion)
	}
	if p.StartTime.IsZero() || p.EndTime.Before(p.StartTime) || p.EndTime.Before(ch.EndTime) {
		t.Errorf("times: parent %v..%v child ends %v", p.StartTime, p.EndTime, ch.EndTime)
	}

	metrics := c.Metrics()
	byMetric := map[string]collectortest.Metric{}
	for _, m := range metrics {
		byMetric[m.Name] = m
	}
	if len(byMetric) != 2 {
		t.Fatalf("got metrics %+v, want test.requests and test.duration", metrics)
	}
	req := byMetric["test.requests"]
	if req.Type != "sum" || !req.Monotonic || req.Temporality != "cumulative" || req.Unit != "{request}" || len(req.Points) != 1 {
		t.Fatalf("test.requests = %+v, want one cumulative monotonic sum point", req)
	}
	if pt := req.Points[0]; !pt.IsInt || pt.Int != 7 || pt.Value() != 7 || pt.Attributes["kind"] != "x" {
		t.Errorf("test.requests point = %+v, want int 7 {kind=x}", pt)
	}
	dur := byMetric["test.duration"]
	if dur.Type != "histogram" || dur.Unit != "s" || len(dur.Points) != 1 {
		t.Fatalf("test.duration = %+v, want one histogram point", dur)
	}
	hp := dur.Points[0]
	if hp.Count != 3 || hp.Sum != 10 || hp.Min != 0.5 || hp.Max != 7 {
		t.Errorf("test.duration count/sum/min/max = %d/%v/%v/%v, want 3/10/0.5/7", hp.Count, hp.Sum, hp.Min, hp.Max)
	}
	if !equal(hp.Bounds, []float64{1, 5}) || !equal(hp.BucketCounts, []uint64{1, 1, 1}) {
		t.Errorf("test.duration buckets = %v %v, want [1 5] [1 1 1]", hp.Bounds, hp.BucketCounts)
	}
	if req.Resource["service.name"] != "collectortest" || req.ScopeName != "collectortest-scope" {
		t.Errorf("test.requests resource/scope = %v %q", req.Resource, req.ScopeName)
	}

	raw := c.RawOutput()
	if !strings.Contains(raw, canary) || !strings.Contains(raw, "test.duration") {
		t.Errorf("RawOutput lacks the sent canary or metric name:\n%s", raw)
	}
	if got := strings.Count(raw, "\n"); got != 2 {
		t.Errorf("RawOutput has %d lines, want 2 (one export per signal; the readiness probe must write nothing):\n%s", got, raw)
	}
	if log := c.Log(); !strings.Contains(log, "Everything is ready") || !strings.Contains(log, "Shutdown complete") {
		t.Errorf("Log lacks start or shutdown:\n%s", log)
	}
}

func TestStopWithoutData(t *testing.T) {
	c := collectortest.Start(t, collectortest.WithStopTimeout(30*time.Second))
	if spans := c.Traces(); len(spans) != 0 {
		t.Errorf("Traces() = %+v, want none", spans)
	}
	if metrics := c.Metrics(); len(metrics) != 0 {
		t.Errorf("Metrics() = %+v, want none", metrics)
	}
}

func assertAttrs(t *testing.T, what string, got, want map[string]any) {
	t.Helper()
	for k, w := range want {
		g, ok := got[k]
		if !ok {
			t.Errorf("%s: attribute %q missing in %v", what, k, got)
			continue
		}
		if gs, ok := g.([]any); ok {
			ws, _ := w.([]any)
			if !equal(gs, ws) {
				t.Errorf("%s: %s = %#v, want %#v", what, k, g, w)
			}
			continue
		}
		if g != w {
			t.Errorf("%s: %s = %#v, want %#v", what, k, g, w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s: attributes %v, want exactly %v", what, got, want)
	}
}

func equal[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestStopFlushes runs the collector with batching and file flushing slowed
// to an hour: what was sent is on disk only because stopping the collector flushes both.
func TestStopFlushes(t *testing.T) {
	root, err := collectortest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	base, err := os.ReadFile(filepath.Join(root, "collector-config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	slow := strings.NewReplacer("timeout: 200ms", "timeout: 1h", "flush_interval: 1s", "flush_interval: 1h").Replace(string(base))
	if slow == string(base) || strings.Count(slow, "1h") != 3 {
		t.Fatalf("collector-config.yaml no longer has the batch timeout and two flush intervals this test slows down")
	}
	path := filepath.Join(t.TempDir(), "slow.yaml")
	if err := os.WriteFile(path, []byte(slow), 0o644); err != nil {
		t.Fatal(err)
	}
	c := collectortest.Start(t, collectortest.WithConfig(path), collectortest.WithEnv("OTELAGENT_UNUSED", "1"))

	body := `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"flushed"}]}]}]}`
	client := &http.Client{Timeout: 2 * time.Second}
	resp, err := client.Post(c.Endpoint()+"/v1/traces", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /v1/traces: %s", resp.Status)
	}
	spans := c.Traces()
	if len(spans) != 1 || spans[0].Name != "flushed" {
		t.Errorf("Traces() = %+v, want the one span sent before Stop", spans)
	}
}
