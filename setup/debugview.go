package setup

import (
	"io"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/otelagent/otelagent-go/viewer"
)

// debugSpanExporter is what debug output does with spans, behind the same
// filter as what is sent: in the debug log file (--debug-log), the exact
// record as OTLP JSON lines, as the file exporter writes them; on a
// person's writer (--debug), the tree of each trace as its root ends.
func debugSpanExporter(s settings, w io.Writer) sdktrace.SpanExporter {
	if s.debugLogFile != "" {
		return fileSpanExporter{out: &jsonLines{w: w}}
	}
	return viewer.NewTreeExporter(w,
		viewer.WithWidth(viewer.TerminalWidth(w)),
		viewer.WithColor(viewer.UseColor(w)))
}

// debugMetricExporter is what debug output does with metrics: OTLP JSON
// lines in the debug log file; nothing on a person's writer, where the
// tree already carries each call's tokens and cost (nil).
func debugMetricExporter(s settings, w io.Writer) (sdkmetric.Exporter, error) {
	if w == nil || s.debugLogFile == "" {
		return nil, nil
	}
	return newFileMetricExporter(w)
}
