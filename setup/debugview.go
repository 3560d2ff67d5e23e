package setup

import (
	"io"
	"slices"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/otelagent/otelagent-go/viewer"
)

// debugSpanExporter is what debug output does with spans, behind the same
// filter as what is sent: on a person's writer (--debug), the tree of each
// trace as its root ends.
func (p *Pipeline) debugSpanExporter(w io.Writer) sdktrace.SpanExporter {
	return viewer.NewTreeExporter(w,
		viewer.WithWidth(viewer.TerminalWidth(w)),
		viewer.WithColor(viewer.UseColor(w)))
}

// isDebugLog reports whether w is the debug log file the pipeline opened
// (--debug-log), rather than a writer the program gave (--debug).
func (p *Pipeline) isDebugLog(w io.Writer) bool {
	c, ok := w.(io.Closer)
	return ok && slices.Contains(p.closers, c)
}

// debugMetricExporter is what debug output does with metrics: nothing on
// a person's writer (the tree carries the tokens and cost of each call);
// nil when there is no debug output.
func (p *Pipeline) debugMetricExporter(w io.Writer) sdkmetric.Exporter {
	return nil
}
