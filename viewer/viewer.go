package viewer

import (
	"encoding/json"
	"fmt"
	"io"
)

// defaultMaxPending is how many spans a Viewer holds while it waits for
// their traces' roots: about 300 bytes each, some 3 MB in all.
const defaultMaxPending = 10000

// Viewer reads spans, hands each trace over as a tree once it is complete,
// and adds every span to a Summary. Its memory is bounded by the spans it
// holds while their traces are incomplete (WithMaxPendingSpans), the
// longest input line and the summary's bounded tables: not by the size of
// the input. A Viewer is not safe for concurrent use.
type Viewer struct {
	asm *assembler
	sum *Summary
}

// New returns a Viewer that calls onTrace with each trace's tree: when its
// root span has been read, when too many spans wait (partial), or at Flush.
// onTrace may be nil when only the summary is wanted.
func New(onTrace func(*Trace), opts ...Option) *Viewer {
	cfg := newConfig(opts)
	v := &Viewer{sum: newSummary()}
	v.asm = newAssembler(cfg.maxPending, func(t *Trace) {
		v.sum.Traces++
		if onTrace != nil {
			onTrace(t)
		}
	})
	return v
}

// Read reads OTLP JSON lines from r (one ExportTraceServiceRequest or
// ExportMetricsServiceRequest per line, as the collector's file exporter
// and otelagent's debug log write them) until EOF. Lines that are not
// JSON objects (a diagnostic a program wrote in between) are skipped.
func (v *Viewer) Read(r io.Reader) error {
	return readLines(r, func(line []byte) error {
		if line[0] != '{' {
			return nil
		}
		var req request
		if err := json.Unmarshal(line, &req); err != nil {
			return fmt.Errorf("not OTLP JSON: %w", err)
		}
		for _, rs := range req.ResourceSpans {
			for _, ss := range rs.ScopeSpans {
				for i := range ss.Spans {
					if s, ok := ss.Spans[i].span(); ok {
						v.add(s)
					}
				}
			}
		}
		for _, rm := range req.ResourceMetrics {
			for _, sm := range rm.ScopeMetrics {
				for i := range sm.Metrics {
					v.sum.addMetric(&sm.Metrics[i])
				}
			}
		}
		v.asm.endBatch()
		return nil
	})
}

// Add adds spans that arrived together (one export), and hands over the
// traces they complete.
func (v *Viewer) Add(spans ...Span) {
	for _, s := range spans {
		v.add(s)
	}
	v.asm.endBatch()
}

func (v *Viewer) add(s Span) {
	v.sum.add(&s)
	v.asm.add(s)
}

// Flush hands over every trace still waiting for its root, as partial.
func (v *Viewer) Flush() { v.asm.flushAll() }

// Pending is the number of spans waiting for their trace's root.
func (v *Viewer) Pending() int { return v.asm.spans }

// Summary is the summary of every span read so far.
func (v *Viewer) Summary() *Summary { return v.sum }

func (m *jsonMetric) points() int {
	switch {
	case m.Sum != nil:
		return len(m.Sum.DataPoints)
	case m.Histogram != nil:
		return len(m.Histogram.DataPoints)
	case m.Gauge != nil:
		return len(m.Gauge.DataPoints)
	case m.ExponentialHistogram != nil:
		return len(m.ExponentialHistogram.DataPoints)
	}
	return 0
}
