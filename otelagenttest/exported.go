package otelagenttest

import (
	"fmt"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// AssertNotExported checks that none of strs occurs, even as a substring,
// in anything the harness would export: span names, attribute keys and
// values (slice elements and map entries included), events and their
// attributes, status descriptions, links, trace state, instrumentation
// scopes, the resource, and metric names, descriptions, units and data
// point and exemplar attributes. Each occurrence is reported with where it
// was found. Use it with canary prompts, file contents and API keys pushed
// through the code under test.
//
// An empty string occurs everywhere, so it fails the test now.
func (h *Harness) AssertNotExported(strs ...string) {
	h.tb.Helper()
	for _, s := range strs {
		if s == "" {
			h.tb.Fatalf("otelagenttest: AssertNotExported given an empty string, which every export contains")
			return
		}
	}
	v := visitor{check: func(where, text string) {
		for _, s := range strs {
			if strings.Contains(text, s) {
				h.tb.Errorf("otelagenttest: %q exported in %s", s, where)
			}
		}
	}}
	for _, s := range h.recorder.Ended() {
		v.span(s)
	}
	v.metrics(h.Metrics())
}

// visitor passes every exported string, with where it is, to check.
type visitor struct {
	check func(where, text string)
}

func (v visitor) span(s sdktrace.ReadOnlySpan) {
	where := fmt.Sprintf("span %q", s.Name())
	v.check(where+" name", s.Name())
	v.attrs(where+" attribute", s.Attributes())
	v.spanContext(where+" trace state", s.SpanContext())
	v.spanContext(where+" parent trace state", s.Parent())
	v.check(where+" status description", s.Status().Description)
	for i, e := range s.Events() {
		at := fmt.Sprintf("%s event %d", where, i)
		v.check(at+" name", e.Name)
		v.attrs(at+" attribute", e.Attributes)
	}
	for i, l := range s.Links() {
		at := fmt.Sprintf("%s link %d", where, i)
		v.spanContext(at+" trace state", l.SpanContext)
		v.attrs(at+" attribute", l.Attributes)
	}
	v.scope(where+" scope", s.InstrumentationScope())
	v.resource(where+" resource", s.Resource())
}

func (v visitor) spanContext(where string, sc trace.SpanContext) {
	if ts := sc.TraceState().String(); ts != "" {
		v.check(where, ts)
	}
}

func (v visitor) scope(where string, sc instrumentation.Scope) {
	v.check(where+" name", sc.Name)
	v.check(where+" version", sc.Version)
	v.check(where+" schema URL", sc.SchemaURL)
	v.attrs(where+" attribute", sc.Attributes.ToSlice())
}

func (v visitor) resource(where string, r *resource.Resource) {
	if r == nil {
		return
	}
	v.check(where+" schema URL", r.SchemaURL())
	v.attrs(where+" attribute", r.Attributes())
}

func (v visitor) attrs(where string, kvs []attribute.KeyValue) {
	for _, kv := range kvs {
		at := where + " " + string(kv.Key)
		v.check(at+" (key)", string(kv.Key))
		v.value(at, kv.Value)
	}
}

// value checks each string a value holds separately, rather than its JSON
// rendering, which escapes quotes and non-ASCII text.
func (v visitor) value(where string, val attribute.Value) {
	switch val.Type() {
	case attribute.STRING:
		v.check(where, val.AsString())
	case attribute.STRINGSLICE:
		for i, s := range val.AsStringSlice() {
			v.check(fmt.Sprintf("%s[%d]", where, i), s)
		}
	case attribute.BYTESLICE:
		v.check(where, string(val.AsByteSlice()))
	case attribute.SLICE:
		for i, e := range val.AsSlice() {
			v.value(fmt.Sprintf("%s[%d]", where, i), e)
		}
	case attribute.MAP:
		v.attrs(where, val.AsMap())
	default:
		v.check(where, val.Emit())
	}
}

func (v visitor) metrics(rm metricdata.ResourceMetrics) {
	v.resource("metrics resource", rm.Resource)
	for _, sm := range rm.ScopeMetrics {
		v.scope("metrics scope", sm.Scope)
		for _, m := range sm.Metrics {
			where := fmt.Sprintf("metric %q", m.Name)
			v.check(where+" name", m.Name)
			v.check(where+" description", m.Description)
			v.check(where+" unit", m.Unit)
			v.aggregation(where, m.Data)
		}
	}
}

func (v visitor) aggregation(where string, data metricdata.Aggregation) {
	switch d := data.(type) {
	case metricdata.Sum[int64]:
		points(v, where, d.DataPoints)
	case metricdata.Sum[float64]:
		points(v, where, d.DataPoints)
	case metricdata.Gauge[int64]:
		points(v, where, d.DataPoints)
	case metricdata.Gauge[float64]:
		points(v, where, d.DataPoints)
	case metricdata.Histogram[int64]:
		histogramPoints(v, where, d.DataPoints)
	case metricdata.Histogram[float64]:
		histogramPoints(v, where, d.DataPoints)
	case metricdata.ExponentialHistogram[int64]:
		expPoints(v, where, d.DataPoints)
	case metricdata.ExponentialHistogram[float64]:
		expPoints(v, where, d.DataPoints)
	case metricdata.Summary:
		for i, p := range d.DataPoints {
			v.attrs(fmt.Sprintf("%s point %d attribute", where, i), p.Attributes.ToSlice())
		}
	case nil:
	default:
		// A new aggregation kind must be taught to the visitor, not skipped.
		v.check(where+" data of an unknown kind", fmt.Sprintf("%+v", d))
	}
}

func points[N int64 | float64](v visitor, where string, ps []metricdata.DataPoint[N]) {
	for i, p := range ps {
		at := fmt.Sprintf("%s point %d", where, i)
		v.attrs(at+" attribute", p.Attributes.ToSlice())
		exemplars(v, at, p.Exemplars)
	}
}

func histogramPoints[N int64 | float64](v visitor, where string, ps []metricdata.HistogramDataPoint[N]) {
	for i, p := range ps {
		at := fmt.Sprintf("%s point %d", where, i)
		v.attrs(at+" attribute", p.Attributes.ToSlice())
		exemplars(v, at, p.Exemplars)
	}
}

func expPoints[N int64 | float64](v visitor, where string, ps []metricdata.ExponentialHistogramDataPoint[N]) {
	for i, p := range ps {
		at := fmt.Sprintf("%s point %d", where, i)
		v.attrs(at+" attribute", p.Attributes.ToSlice())
		exemplars(v, at, p.Exemplars)
	}
}

func exemplars[N int64 | float64](v visitor, where string, es []metricdata.Exemplar[N]) {
	for i, e := range es {
		v.attrs(fmt.Sprintf("%s exemplar %d attribute", where, i), e.FilteredAttributes)
	}
}
