package setup

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/otelagent/otelagent-go/exporters"
)

// metricCounts counts metric exports to the collector, for the exit
// summary.
type metricCounts struct {
	exported, failed atomic.Uint64
	mu               sync.Mutex
	lastClass        string
}

// countingMetricExporter counts what its Exporter delivered.
type countingMetricExporter struct {
	sdkmetric.Exporter
	counts *metricCounts
}

func (e *countingMetricExporter) Export(ctx context.Context, rm *metricdata.ResourceMetrics) error {
	err := e.Exporter.Export(ctx, rm)
	if err != nil {
		e.counts.failed.Add(1)
		e.counts.mu.Lock()
		e.counts.lastClass = exporters.ErrorClass(err)
		e.counts.mu.Unlock()
	} else {
		e.counts.exported.Add(1)
	}
	return err
}

// summary returns the one line that says what could not be delivered, or
// "" when everything was.
func (p *Pipeline) summary() string {
	var parts []string
	class := ""
	if p.processor != nil {
		st := p.processor.Stats()
		class = st.LastErrorClass
		if kept := st.SpoolSpans + st.Pending; kept > 0 {
			where := "in memory"
			if p.status.SpoolDir != "" {
				where = "in " + p.status.SpoolDir + " for the next run"
			}
			parts = append(parts, fmt.Sprintf("%d spans kept %s", kept, where))
		}
		if st.Dropped > 0 {
			parts = append(parts, fmt.Sprintf("%d spans dropped", st.Dropped))
		}
	}
	if failed := p.metricStats.failed.Load(); failed > 0 {
		p.metricStats.mu.Lock()
		if class == "" {
			class = p.metricStats.lastClass
		}
		p.metricStats.mu.Unlock()
		parts = append(parts, "metrics not sent")
	}
	if len(parts) == 0 {
		return ""
	}
	if class == "" {
		class = "error"
	}
	return fmt.Sprintf("otelagent: telemetry could not be delivered to %s (%s): %s", p.status.Endpoint, class, strings.Join(parts, ", "))
}
