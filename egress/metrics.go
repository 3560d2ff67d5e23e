package egress

import (
	"context"
	"strings"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/otelagent/otelagent-go/semconv"
)

// Metrics returns a metric exporter that hands next only what may leave
// the process: data point and exemplar attributes are filtered, checked,
// redacted and capped as Spans does for span attributes, and the resource
// and the instrumentation scope are reduced the same way.
//
// Only metrics semconv defines leave, with semconv's description and unit,
// and those opted in with WithMetricNames, with their description redacted
// and capped and a unit made of a unit's characters; any other metric is
// dropped and counted: its name, description and unit are free text chosen
// by whoever created the instrument.
//
// Keys semconv marks SpansOnly (session and tool call ids, per-call token
// counts and cost, content) never leave on a metric, even when content
// capture is on or the key was opted in: they are dropped from data points
// and exemplars and counted like any dropped attribute.
//
// When filtering makes the attributes of two data points of a metric equal,
// they are merged into one, so a backend never sees duplicate series: sums
// are added (delta and cumulative alike), gauges keep the latest value,
// histograms add counts, sums and buckets and keep the smaller minimum and
// the larger maximum (exponential histograms are first brought to a common
// scale), summaries add count and sum and lose their quantiles, which cannot
// be merged. Exemplars are kept; the attributes they carry pass the same
// allowlist.
//
// The ResourceMetrics given to Export is never modified (the SDK's readers
// reuse it between collections); what changes is copied, what does not is
// shared. next must not be nil.
func Metrics(next sdkmetric.Exporter, opts ...Option) sdkmetric.Exporter {
	c := newConfig(opts)
	known := map[string]semconv.MetricDef{}
	for _, m := range c.schema.Catalog().Metrics() {
		known[m.Name] = m
	}
	return &metricFilter{next: next, cfg: c, known: known}
}

type metricFilter struct {
	next  sdkmetric.Exporter
	cfg   *config
	res   resourceCache
	known map[string]semconv.MetricDef // semconv's metrics by name
}

func (f *metricFilter) Temporality(k sdkmetric.InstrumentKind) metricdata.Temporality {
	return f.next.Temporality(k)
}

func (f *metricFilter) Aggregation(k sdkmetric.InstrumentKind) sdkmetric.Aggregation {
	return f.next.Aggregation(k)
}

func (f *metricFilter) ForceFlush(ctx context.Context) error { return f.next.ForceFlush(ctx) }

func (f *metricFilter) Shutdown(ctx context.Context) error { return f.next.Shutdown(ctx) }

func (f *metricFilter) Export(ctx context.Context, rm *metricdata.ResourceMetrics) error {
	if rm == nil {
		return f.next.Export(ctx, rm)
	}
	out := &metricdata.ResourceMetrics{
		Resource:     f.res.filter(f.cfg, rm.Resource),
		ScopeMetrics: make([]metricdata.ScopeMetrics, len(rm.ScopeMetrics)),
	}
	for i, sm := range rm.ScopeMetrics {
		metrics := make([]metricdata.Metrics, 0, len(sm.Metrics))
		for _, m := range sm.Metrics {
			if !f.identity(&m) {
				f.cfg.counters.droppedMetrics.Add(1)
				continue
			}
			m.Data = f.filterData(m.Data)
			metrics = append(metrics, m)
		}
		scope, _ := f.cfg.filterScope(sm.Scope)
		out.ScopeMetrics[i] = metricdata.ScopeMetrics{Scope: scope, Metrics: metrics}
	}
	return f.next.Export(ctx, out)
}

// identity reports whether m may leave, and gives it the description and
// unit it leaves with.
func (f *metricFilter) identity(m *metricdata.Metrics) bool {
	if d, ok := f.known[m.Name]; ok {
		m.Description, m.Unit = d.Description, d.Unit
		return true
	}
	if !f.cfg.metrics[m.Name] {
		return false
	}
	m.Description, _ = f.cfg.cleanStr(m.Description, rule{limit: f.cfg.maxLen}, false)
	if !unitOK(m.Unit) {
		m.Unit = ""
	}
	return true
}

// unitOK reports whether u looks like a UCUM unit ("s", "By", "{token}",
// "1/s", "USD"), not like text.
func unitOK(u string) bool {
	if len(u) > maxUnitLen {
		return false
	}
	for i := 0; i < len(u); i++ {
		if b := u[i]; !isAlnum(b) && strings.IndexByte("{}/._-*^%[]", b) < 0 {
			return false
		}
	}
	return true
}

const maxUnitLen = 32

func (f *metricFilter) filterData(data metricdata.Aggregation) metricdata.Aggregation {
	switch d := data.(type) {
	case metricdata.Sum[int64]:
		d.DataPoints = filterPoints(f.cfg, d.DataPoints, sumAccess[int64]())
		return d
	case metricdata.Sum[float64]:
		d.DataPoints = filterPoints(f.cfg, d.DataPoints, sumAccess[float64]())
		return d
	case metricdata.Gauge[int64]:
		d.DataPoints = filterPoints(f.cfg, d.DataPoints, gaugeAccess[int64]())
		return d
	case metricdata.Gauge[float64]:
		d.DataPoints = filterPoints(f.cfg, d.DataPoints, gaugeAccess[float64]())
		return d
	case metricdata.Histogram[int64]:
		d.DataPoints = filterPoints(f.cfg, d.DataPoints, histAccess[int64]())
		return d
	case metricdata.Histogram[float64]:
		d.DataPoints = filterPoints(f.cfg, d.DataPoints, histAccess[float64]())
		return d
	case metricdata.ExponentialHistogram[int64]:
		d.DataPoints = filterPoints(f.cfg, d.DataPoints, expHistAccess[int64]())
		return d
	case metricdata.ExponentialHistogram[float64]:
		d.DataPoints = filterPoints(f.cfg, d.DataPoints, expHistAccess[float64]())
		return d
	case metricdata.Summary:
		d.DataPoints = filterPoints(f.cfg, d.DataPoints, summaryAccess())
		return d
	}
	return data
}

// filterPointAccess gives filterPoints what it needs of one data point type.
type filterPointAccess[P any] struct {
	attrs func(*P) *attribute.Set
	// exemplarsClean reports whether the point's exemplars would pass as
	// they are; exemplars filters them (on the filter's own copy).
	exemplarsClean func(c *config, p *P) bool
	exemplars      func(c *config, p *P)
	merge          func(dst *P, src P) // merges src into dst, equal attributes
}

// filterPoints filters the attributes of each point and merges the points
// whose attributes became equal. It returns points itself when nothing
// changed; it never modifies points.
func filterPoints[P any](c *config, points []P, a filterPointAccess[P]) []P {
	var out []P
	var index map[attribute.Distinct]int // built on the first change
	for i := range points {
		set, changed := c.filterSet(*a.attrs(&points[i]), c.metricRule)
		if out == nil {
			if !changed && a.exemplarsClean(c, &points[i]) {
				continue
			}
			out = make([]P, i, len(points))
			copy(out, points[:i])
			index = make(map[attribute.Distinct]int, len(points))
			for k := range out {
				index[a.attrs(&out[k]).Equivalent()] = k
			}
		}
		// Work on the copy in out: slices inside it are replaced, never
		// written, so the caller's points stay as they were.
		out = append(out, points[i])
		p := &out[len(out)-1]
		*a.attrs(p) = set
		a.exemplars(c, p)
		if k, ok := index[set.Equivalent()]; ok {
			a.merge(&out[k], *p)
			out = out[:len(out)-1]
			c.counters.mergedDataPoints.Add(1)
			continue
		}
		index[set.Equivalent()] = len(out) - 1
	}
	if out == nil {
		return points
	}
	return out
}

// filterExemplarsClean reports whether filterExemplars would leave ex as it is.
func filterExemplarsClean[N int64 | float64](c *config, ex []metricdata.Exemplar[N]) bool {
	for _, e := range ex {
		if !c.attrsClean(e.FilteredAttributes, c.metricRule) {
			return false
		}
	}
	return true
}

// filterExemplars filters the attributes exemplars carry (those a view
// removed from the point: they can be anything). It returns the input when
// nothing changed.
func filterExemplars[N int64 | float64](c *config, ex []metricdata.Exemplar[N]) []metricdata.Exemplar[N] {
	var out []metricdata.Exemplar[N]
	for i, e := range ex {
		attrs, _ := c.filterAttrs(e.FilteredAttributes, c.metricRule)
		if out == nil && !sameSlice(attrs, e.FilteredAttributes) {
			out = make([]metricdata.Exemplar[N], i, len(ex))
			copy(out, ex[:i])
		}
		if out != nil {
			e.FilteredAttributes = attrs
			out = append(out, e)
		}
	}
	if out == nil {
		return ex
	}
	return out
}

// filterConcat returns a new slice holding a then b, so neither input is
// appended to in place.
func filterConcat[T any](a, b []T) []T {
	if len(b) == 0 {
		return a
	}
	out := make([]T, 0, len(a)+len(b))
	return append(append(out, a...), b...)
}

func sumAccess[N int64 | float64]() filterPointAccess[metricdata.DataPoint[N]] {
	return filterPointAccess[metricdata.DataPoint[N]]{
		attrs: func(p *metricdata.DataPoint[N]) *attribute.Set { return &p.Attributes },
		exemplarsClean: func(c *config, p *metricdata.DataPoint[N]) bool {
			return filterExemplarsClean(c, p.Exemplars)
		},
		exemplars: func(c *config, p *metricdata.DataPoint[N]) { p.Exemplars = filterExemplars(c, p.Exemplars) },
		merge: func(dst *metricdata.DataPoint[N], src metricdata.DataPoint[N]) {
			dst.Value += src.Value
			filterMergeTimes(&dst.StartTime, &dst.Time, src.StartTime, src.Time)
			dst.Exemplars = filterConcat(dst.Exemplars, src.Exemplars)
		},
	}
}

func gaugeAccess[N int64 | float64]() filterPointAccess[metricdata.DataPoint[N]] {
	return filterPointAccess[metricdata.DataPoint[N]]{
		attrs: func(p *metricdata.DataPoint[N]) *attribute.Set { return &p.Attributes },
		exemplarsClean: func(c *config, p *metricdata.DataPoint[N]) bool {
			return filterExemplarsClean(c, p.Exemplars)
		},
		exemplars: func(c *config, p *metricdata.DataPoint[N]) { p.Exemplars = filterExemplars(c, p.Exemplars) },
		merge: func(dst *metricdata.DataPoint[N], src metricdata.DataPoint[N]) {
			// Last value wins; on a tie the later point in the batch.
			if !src.Time.Before(dst.Time) {
				dst.Value = src.Value
			}
			filterMergeTimes(&dst.StartTime, &dst.Time, src.StartTime, src.Time)
			dst.Exemplars = filterConcat(dst.Exemplars, src.Exemplars)
		},
	}
}

func histAccess[N int64 | float64]() filterPointAccess[metricdata.HistogramDataPoint[N]] {
	return filterPointAccess[metricdata.HistogramDataPoint[N]]{
		attrs: func(p *metricdata.HistogramDataPoint[N]) *attribute.Set { return &p.Attributes },
		exemplarsClean: func(c *config, p *metricdata.HistogramDataPoint[N]) bool {
			return filterExemplarsClean(c, p.Exemplars)
		},
		exemplars: func(c *config, p *metricdata.HistogramDataPoint[N]) {
			p.Exemplars = filterExemplars(c, p.Exemplars)
		},
		merge: mergeHist[N],
	}
}

func mergeHist[N int64 | float64](dst *metricdata.HistogramDataPoint[N], src metricdata.HistogramDataPoint[N]) {
	if !filterEqualBounds(dst.Bounds, src.Bounds) {
		// One instrument has one set of bounds; points with others cannot
		// be merged bucket by bucket. Keep the point with more data rather
		// than export a duplicate series.
		if src.Count > dst.Count {
			*dst = src
		}
		return
	}
	counts := make([]uint64, len(dst.BucketCounts))
	copy(counts, dst.BucketCounts)
	for i := range counts {
		if i < len(src.BucketCounts) {
			counts[i] += src.BucketCounts[i]
		}
	}
	dst.BucketCounts = counts
	dst.Count += src.Count
	dst.Sum += src.Sum
	dst.Min = filterMinExtrema(dst.Min, src.Min)
	dst.Max = filterMaxExtrema(dst.Max, src.Max)
	filterMergeTimes(&dst.StartTime, &dst.Time, src.StartTime, src.Time)
	dst.Exemplars = filterConcat(dst.Exemplars, src.Exemplars)
}

func filterEqualBounds(a, b []float64) bool {
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

func filterMinExtrema[N int64 | float64](a, b metricdata.Extrema[N]) metricdata.Extrema[N] {
	av, aok := a.Value()
	bv, bok := b.Value()
	if !aok || (bok && bv < av) {
		return b
	}
	return a
}

func filterMaxExtrema[N int64 | float64](a, b metricdata.Extrema[N]) metricdata.Extrema[N] {
	av, aok := a.Value()
	bv, bok := b.Value()
	if !aok || (bok && bv > av) {
		return b
	}
	return a
}

// filterMergeTimes widens [start, end] to cover the other point's interval.
func filterMergeTimes(start, end *time.Time, srcStart, srcEnd time.Time) {
	if !srcStart.IsZero() && (start.IsZero() || srcStart.Before(*start)) {
		*start = srcStart
	}
	if srcEnd.After(*end) {
		*end = srcEnd
	}
}

func summaryAccess() filterPointAccess[metricdata.SummaryDataPoint] {
	return filterPointAccess[metricdata.SummaryDataPoint]{
		attrs:          func(p *metricdata.SummaryDataPoint) *attribute.Set { return &p.Attributes },
		exemplarsClean: func(*config, *metricdata.SummaryDataPoint) bool { return true },
		exemplars:      func(*config, *metricdata.SummaryDataPoint) {},
		merge: func(dst *metricdata.SummaryDataPoint, src metricdata.SummaryDataPoint) {
			dst.Count += src.Count
			dst.Sum += src.Sum
			dst.QuantileValues = nil
			filterMergeTimes(&dst.StartTime, &dst.Time, src.StartTime, src.Time)
		},
	}
}
