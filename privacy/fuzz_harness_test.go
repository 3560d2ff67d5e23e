package privacy_test

import (
	"bytes"
	"context"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/egress"
	"github.com/otelagent/otelagent-go/otelagent"
)

// fuzzPipeline is memPipeline made cheap enough to run thousands of times
// a second: built once, no goroutine of its own (a manual metric reader
// instead of a periodic one), and what the filters pass on is written as
// plain text (every string of every field) into one reused buffer instead
// of being kept and encoded as JSON.
type fuzzPipeline struct {
	tel     *otelagent.Telemetry
	tp      *sdktrace.TracerProvider
	mp      *sdkmetric.MeterProvider
	reader  *sdkmetric.ManualReader
	metrics sdkmetric.Exporter // the egress filter in front of sink
	sink    *textSink
	rm      metricdata.ResourceMetrics
}

func newFuzzPipeline(tb testing.TB) *fuzzPipeline {
	p := &fuzzPipeline{sink: &textSink{}}
	p.reader = sdkmetric.NewManualReader(sdkmetric.WithTemporalitySelector(func(sdkmetric.InstrumentKind) metricdata.Temporality {
		return metricdata.DeltaTemporality
	}))
	p.metrics = egress.Metrics(textMetricExporter{p.sink})
	p.tp = sdktrace.NewTracerProvider(sdktrace.WithSyncer(egress.Spans(textSpanExporter{p.sink})))
	p.mp = sdkmetric.NewMeterProvider(sdkmetric.WithReader(p.reader))
	p.tel = otelagent.New(otelagent.WithTracerProvider(p.tp), otelagent.WithMeterProvider(p.mp))
	tb.Cleanup(func() {
		_ = p.mp.Shutdown(context.Background())
		_ = p.tp.Shutdown(context.Background())
	})
	return p
}

// export collects the metrics recorded since the last call, passes them
// through the filter and returns the text of everything exported since the
// last reset. The result is only valid until the next reset.
func (p *fuzzPipeline) export(tb testing.TB) []byte {
	ctx := context.Background()
	if err := p.reader.Collect(ctx, &p.rm); err != nil {
		tb.Fatal(err)
	}
	if err := p.metrics.Export(ctx, &p.rm); err != nil {
		tb.Fatal(err)
	}
	return p.sink.buf.Bytes()
}

func (p *fuzzPipeline) reset() { p.sink.buf.Reset() }

// textSink receives every string an exporter would send: names, keys,
// values (Emit), descriptions, units, scopes, resources, tracestate. The
// SDK calls the span exporter under its own lock and the fuzz function
// collects metrics itself, so no lock is needed.
type textSink struct{ buf bytes.Buffer }

func (s *textSink) str(v string) { s.buf.WriteString(v); s.buf.WriteByte('\n') }

func (s *textSink) attrs(kvs []attribute.KeyValue) {
	for _, kv := range kvs {
		s.str(string(kv.Key))
		s.str(kv.Value.Emit())
	}
}

func (s *textSink) set(set attribute.Set) { s.attrs(set.ToSlice()) }

func (s *textSink) scope(sc instrumentation.Scope) {
	s.str(sc.Name)
	s.str(sc.Version)
	s.str(sc.SchemaURL)
	s.set(sc.Attributes)
}

func (s *textSink) resource(r *resource.Resource) {
	if r != nil {
		s.str(r.SchemaURL())
		s.attrs(r.Attributes())
	}
}

func (s *textSink) spanContext(sc trace.SpanContext) { s.str(sc.TraceState().String()) }

type textSpanExporter struct{ s *textSink }

func (e textSpanExporter) ExportSpans(_ context.Context, spans []sdktrace.ReadOnlySpan) error {
	s := e.s
	for _, sp := range spans {
		s.str(sp.Name())
		s.spanContext(sp.SpanContext())
		s.spanContext(sp.Parent())
		s.attrs(sp.Attributes())
		for _, ev := range sp.Events() {
			s.str(ev.Name)
			s.attrs(ev.Attributes)
		}
		for _, l := range sp.Links() {
			s.spanContext(l.SpanContext)
			s.attrs(l.Attributes)
		}
		s.str(sp.Status().Description)
		s.scope(sp.InstrumentationScope())
		s.resource(sp.Resource())
	}
	return nil
}

func (textSpanExporter) Shutdown(context.Context) error { return nil }

type textMetricExporter struct{ s *textSink }

func (textMetricExporter) Temporality(sdkmetric.InstrumentKind) metricdata.Temporality {
	return metricdata.DeltaTemporality
}

func (textMetricExporter) Aggregation(k sdkmetric.InstrumentKind) sdkmetric.Aggregation {
	return sdkmetric.DefaultAggregationSelector(k)
}

func (e textMetricExporter) Export(_ context.Context, rm *metricdata.ResourceMetrics) error {
	s := e.s
	s.resource(rm.Resource)
	for _, sm := range rm.ScopeMetrics {
		s.scope(sm.Scope)
		for _, m := range sm.Metrics {
			s.str(m.Name)
			s.str(m.Description)
			s.str(m.Unit)
			writePoints(s, m.Data)
		}
	}
	return nil
}

func (textMetricExporter) ForceFlush(context.Context) error { return nil }
func (textMetricExporter) Shutdown(context.Context) error   { return nil }

// writePoints writes the attributes of every data point and exemplar.
func writePoints(s *textSink, data metricdata.Aggregation) {
	switch d := data.(type) {
	case metricdata.Sum[int64]:
		writeSimple(s, d.DataPoints)
	case metricdata.Sum[float64]:
		writeSimple(s, d.DataPoints)
	case metricdata.Gauge[int64]:
		writeSimple(s, d.DataPoints)
	case metricdata.Gauge[float64]:
		writeSimple(s, d.DataPoints)
	case metricdata.Histogram[int64]:
		writeHist(s, d.DataPoints)
	case metricdata.Histogram[float64]:
		writeHist(s, d.DataPoints)
	default:
		// Exponential histograms and summaries are not what the SDK's
		// default aggregation makes; say so rather than check nothing.
		s.str("unsupported aggregation")
	}
}

func writeSimple[N int64 | float64](s *textSink, points []metricdata.DataPoint[N]) {
	for _, p := range points {
		s.set(p.Attributes)
		writeExemplars(s, p.Exemplars)
	}
}

func writeHist[N int64 | float64](s *textSink, points []metricdata.HistogramDataPoint[N]) {
	for _, p := range points {
		s.set(p.Attributes)
		writeExemplars(s, p.Exemplars)
	}
}

func writeExemplars[N int64 | float64](s *textSink, ex []metricdata.Exemplar[N]) {
	for _, e := range ex {
		s.attrs(e.FilteredAttributes)
	}
}
