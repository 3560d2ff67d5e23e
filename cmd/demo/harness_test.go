package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/otelagent/otelagent-go/otelagent"
)

// harness records what a Telemetry exports, for assertions.
type harness struct {
	t      *testing.T
	spans  *tracetest.SpanRecorder
	reader *sdkmetric.ManualReader
	tel    *otelagent.Telemetry
}

func newHarness(t *testing.T, opts ...otelagent.Option) *harness {
	t.Helper()
	h := &harness{t: t, spans: tracetest.NewSpanRecorder(), reader: sdkmetric.NewManualReader()}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(h.spans))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(h.reader))
	t.Cleanup(func() {
		_ = tp.Shutdown(context.Background())
		_ = mp.Shutdown(context.Background())
	})
	opts = append([]otelagent.Option{otelagent.WithTracerProvider(tp), otelagent.WithMeterProvider(mp)}, opts...)
	h.tel = otelagent.New(opts...)
	return h
}

func (h *harness) ended() []sdktrace.ReadOnlySpan { return h.spans.Ended() }

// named returns the ended spans named name.
func (h *harness) named(name string) []sdktrace.ReadOnlySpan {
	var found []sdktrace.ReadOnlySpan
	for _, s := range h.spans.Ended() {
		if s.Name() == name {
			found = append(found, s)
		}
	}
	return found
}

// span returns the one ended span named name.
func (h *harness) span(name string) sdktrace.ReadOnlySpan {
	h.t.Helper()
	found := h.named(name)
	if len(found) != 1 {
		h.t.Fatalf("want one span %q, got %d (of %v)", name, len(found), spanNames(h.spans.Ended()))
	}
	return found[0]
}

func spanNames(spans []sdktrace.ReadOnlySpan) []string {
	var names []string
	for _, s := range spans {
		names = append(names, s.Name())
	}
	return names
}

func (h *harness) metrics() metricdata.ResourceMetrics {
	h.t.Helper()
	var rm metricdata.ResourceMetrics
	if err := h.reader.Collect(context.Background(), &rm); err != nil {
		h.t.Fatal(err)
	}
	return rm
}

// metric returns the metric named name, failing if it is missing.
func (h *harness) metric(rm metricdata.ResourceMetrics, name string) metricdata.Metrics {
	h.t.Helper()
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name == name {
				return m
			}
		}
	}
	h.t.Fatalf("metric %q not recorded", name)
	return metricdata.Metrics{}
}

func attrs(kvs []attribute.KeyValue) map[attribute.Key]attribute.Value {
	m := make(map[attribute.Key]attribute.Value, len(kvs))
	for _, kv := range kvs {
		m[kv.Key] = kv.Value
	}
	return m
}

// exportedText returns every string the spans and metrics would carry out
// of the process: names, attribute keys and values, events, links, status,
// resource, scope, metric data point and exemplar attributes.
func exportedText(spans []sdktrace.ReadOnlySpan, rm metricdata.ResourceMetrics) []string {
	var out []string
	addKVs := func(kvs []attribute.KeyValue) {
		for _, kv := range kvs {
			out = append(out, string(kv.Key), kv.Value.Emit())
		}
	}
	for _, s := range spans {
		out = append(out, s.Name(), s.Status().Description, s.InstrumentationScope().Name)
		addKVs(s.Attributes())
		addKVs(s.Resource().Attributes())
		for _, e := range s.Events() {
			out = append(out, e.Name)
			addKVs(e.Attributes)
		}
		for _, l := range s.Links() {
			addKVs(l.Attributes)
		}
	}
	if rm.Resource != nil {
		addKVs(rm.Resource.Attributes())
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			out = append(out, m.Name, m.Description, m.Unit)
			out = append(out, dataPointText(m.Data)...)
		}
	}
	return out
}

func dataPointText(data metricdata.Aggregation) []string {
	var out []string
	add := func(set attribute.Set, exemplars ...[]attribute.KeyValue) {
		for _, kv := range set.ToSlice() {
			out = append(out, string(kv.Key), kv.Value.Emit())
		}
		for _, ex := range exemplars {
			for _, kv := range ex {
				out = append(out, string(kv.Key), kv.Value.Emit())
			}
		}
	}
	switch d := data.(type) {
	case metricdata.Sum[int64]:
		for _, p := range d.DataPoints {
			add(p.Attributes, exemplarAttrs(p.Exemplars)...)
		}
	case metricdata.Sum[float64]:
		for _, p := range d.DataPoints {
			add(p.Attributes, exemplarAttrs(p.Exemplars)...)
		}
	case metricdata.Histogram[int64]:
		for _, p := range d.DataPoints {
			add(p.Attributes, exemplarAttrs(p.Exemplars)...)
		}
	case metricdata.Histogram[float64]:
		for _, p := range d.DataPoints {
			add(p.Attributes, exemplarAttrs(p.Exemplars)...)
		}
	case metricdata.Gauge[int64]:
		for _, p := range d.DataPoints {
			add(p.Attributes, exemplarAttrs(p.Exemplars)...)
		}
	case metricdata.Gauge[float64]:
		for _, p := range d.DataPoints {
			add(p.Attributes, exemplarAttrs(p.Exemplars)...)
		}
	default:
		out = append(out, fmt.Sprintf("unexpected aggregation %T", data))
	}
	return out
}

func exemplarAttrs[N int64 | float64](exemplars []metricdata.Exemplar[N]) [][]attribute.KeyValue {
	out := make([][]attribute.KeyValue, len(exemplars))
	for i, e := range exemplars {
		out[i] = e.FilteredAttributes
	}
	return out
}

// leaks returns the canaries found in text.
func leaks(text []string, canaries ...string) []string {
	var found []string
	for _, c := range canaries {
		for _, s := range text {
			if strings.Contains(s, c) {
				found = append(found, fmt.Sprintf("%q in %q", c, s))
				break
			}
		}
	}
	return found
}
