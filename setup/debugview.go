package setup

import (
	"context"
	"io"
	"slices"
	"sync"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	colmetricpb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	metricpb "go.opentelemetry.io/proto/otlp/metrics/v1"

	"github.com/otelagent/otelagent-go/internal/otlpconv"
	"github.com/otelagent/otelagent-go/viewer"
)

// debugSpanExporter is what debug output does with spans, behind the same
// filter as what is sent: in the debug log file (--debug-log), the exact
// record as OTLP JSON lines; on a person's writer (--debug), the tree of
// each trace as its root ends.
func (p *Pipeline) debugSpanExporter(w io.Writer) sdktrace.SpanExporter {
	if p.isDebugLog(w) {
		return &jsonLines{w: w}
	}
	return viewer.NewTreeExporter(w,
		viewer.WithWidth(viewer.TerminalWidth(w)),
		viewer.WithColor(viewer.UseColor(w)))
}

// debugMetricExporter is what debug output does with metrics: OTLP JSON
// lines in the debug log file; nothing on a person's writer, where the
// tree already carries each call's tokens and cost (nil).
func (p *Pipeline) debugMetricExporter(w io.Writer) sdkmetric.Exporter {
	if w == nil || !p.isDebugLog(w) {
		return nil
	}
	return &jsonLines{w: w}
}

// isDebugLog reports whether w is the debug log file the pipeline opened
// (--debug-log), rather than a writer the program gave (--debug).
func (p *Pipeline) isDebugLog(w io.Writer) bool {
	c, ok := w.(io.Closer)
	return ok && slices.Contains(p.closers, c)
}

// jsonLines writes spans and metrics as OTLP JSON, one export request per
// line: the collector's file exporter format, which jq, the collector's
// otlpjsonfile receiver and otelagent's viewer read.
type jsonLines struct {
	mu sync.Mutex
	w  io.Writer
}

var (
	_ sdktrace.SpanExporter = (*jsonLines)(nil)
	_ sdkmetric.Exporter    = (*jsonLines)(nil)
)

func (j *jsonLines) ExportSpans(_ context.Context, spans []sdktrace.ReadOnlySpan) error {
	rs := otlpconv.Spans(spans)
	if len(rs) == 0 {
		return nil
	}
	b, err := otlpconv.TracesJSON(&coltracepb.ExportTraceServiceRequest{ResourceSpans: rs})
	if err != nil {
		return err
	}
	return j.writeLine(b)
}

func (j *jsonLines) Export(_ context.Context, rm *metricdata.ResourceMetrics) error {
	m, err := otlpconv.Metrics(rm)
	if m == nil {
		return err
	}
	b, merr := otlpconv.MetricsJSON(&colmetricpb.ExportMetricsServiceRequest{ResourceMetrics: []*metricpb.ResourceMetrics{m}})
	if merr != nil {
		return merr
	}
	if werr := j.writeLine(b); werr != nil {
		return werr
	}
	return err // what could not be encoded, reported after the rest is written
}

func (j *jsonLines) writeLine(b []byte) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	_, err := j.w.Write(append(b, '\n'))
	return err
}

func (j *jsonLines) Temporality(k sdkmetric.InstrumentKind) metricdata.Temporality {
	return sdkmetric.DefaultTemporalitySelector(k)
}

func (j *jsonLines) Aggregation(k sdkmetric.InstrumentKind) sdkmetric.Aggregation {
	return sdkmetric.DefaultAggregationSelector(k)
}

func (j *jsonLines) ForceFlush(context.Context) error { return nil }
func (j *jsonLines) Shutdown(context.Context) error   { return nil }
