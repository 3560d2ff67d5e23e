package otelagenttest

import (
	"context"

	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/otelagent/otelagent-go/semconv"
)

// Metrics collects and returns everything recorded so far. Values are
// cumulative since the harness was created. It fails the test now if the
// collection fails.
func (h *Harness) Metrics() metricdata.ResourceMetrics {
	h.tb.Helper()
	var rm metricdata.ResourceMetrics
	if err := h.reader.Collect(context.Background(), &rm); err != nil {
		h.tb.Fatalf("otelagenttest: collecting metrics: %v", err)
	}
	return rm
}

// Metric returns the metric named name and whether any was recorded.
func (h *Harness) Metric(name string) (metricdata.Metrics, bool) {
	h.tb.Helper()
	return findMetric(h.Metrics(), name)
}

func findMetric(rm metricdata.ResourceMetrics, name string) (metricdata.Metrics, bool) {
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name == name {
				return m, true
			}
		}
	}
	return metricdata.Metrics{}, false
}

// TokenTotals returns the tokens recorded on gen_ai.client.token.usage,
// summed by gen_ai.token.type ("input", "output"). It is empty when no
// usage was recorded.
func (h *Harness) TokenTotals() map[string]int64 {
	h.tb.Helper()
	totals := make(map[string]int64)
	m, ok := h.Metric(semconv.ClientTokenUsageName)
	if !ok {
		return totals
	}
	hist, ok := m.Data.(metricdata.Histogram[int64])
	if !ok {
		h.tb.Errorf("otelagenttest: %s is a %T, want a metricdata.Histogram[int64]", m.Name, m.Data)
		return totals
	}
	for _, p := range hist.DataPoints {
		v, _ := p.Attributes.Value(semconv.GenAITokenTypeKey)
		totals[v.AsString()] += p.Sum
	}
	return totals
}

// Cost returns the estimated cost in USD recorded on otelagent.cost.usage,
// summed over every model, provider and agent; 0 when none was recorded.
func (h *Harness) Cost() float64 {
	h.tb.Helper()
	m, ok := h.Metric(semconv.CostUsageName)
	if !ok {
		return 0
	}
	sum, ok := m.Data.(metricdata.Sum[float64])
	if !ok {
		h.tb.Errorf("otelagenttest: %s is a %T, want a metricdata.Sum[float64]", m.Name, m.Data)
		return 0
	}
	var total float64
	for _, p := range sum.DataPoints {
		total += p.Value
	}
	return total
}
