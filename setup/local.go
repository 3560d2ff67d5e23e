package setup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"go.opentelemetry.io/otel/exporters/stdout/stdoutmetric"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	metricpb "go.opentelemetry.io/proto/otlp/metrics/v1"

	"github.com/otelagent/otelagent-go/internal/otlpconv"
)

// The console exporters print to stderr: a program's stdout is its output,
// which telemetry must never mix into.
func consoleSpanExporter() (sdktrace.SpanExporter, error) {
	return stdouttrace.New(stdouttrace.WithWriter(os.Stderr), stdouttrace.WithPrettyPrint())
}

func consoleMetricExporter() (sdkmetric.Exporter, error) {
	return stdoutmetric.New(stdoutmetric.WithWriter(os.Stderr), stdoutmetric.WithPrettyPrint())
}

// jsonLines writes one OTLP JSON request per line, the format of the
// Collector's file exporter, which its otlpjsonfile receiver reads.
type jsonLines struct {
	mu     sync.Mutex
	w      io.Writer
	closed bool
}

func (j *jsonLines) writeLine(line []byte) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed {
		return errors.New("otelagent: file exporter used after Shutdown")
	}
	_, err := j.w.Write(append(line, '\n'))
	return err
}

func (j *jsonLines) shutdown() {
	j.mu.Lock()
	j.closed = true
	j.mu.Unlock()
}

// fileSpanExporter writes spans as OTLP JSON lines.
type fileSpanExporter struct{ out *jsonLines }

func (e fileSpanExporter) ExportSpans(_ context.Context, spans []sdktrace.ReadOnlySpan) error {
	rs := otlpconv.Spans(spans)
	if len(rs) == 0 {
		return nil
	}
	line, err := otlpconv.TracesJSON(rs)
	if err != nil {
		return err
	}
	return e.out.writeLine(line)
}

func (e fileSpanExporter) Shutdown(context.Context) error { e.out.shutdown(); return nil }

// fileMetricExporter writes metrics as OTLP JSON lines.
type fileMetricExporter struct {
	out *jsonLines
	sdkmetric.Exporter
}

func newFileMetricExporter(w io.Writer) (fileMetricExporter, error) {
	// The stdout exporter only lends its temporality and aggregation
	// selectors; it writes nothing.
	base, err := stdoutmetric.New(stdoutmetric.WithWriter(io.Discard))
	return fileMetricExporter{out: &jsonLines{w: w}, Exporter: base}, err
}

func (e fileMetricExporter) Export(_ context.Context, rm *metricdata.ResourceMetrics) error {
	m, err := otlpconv.Metrics(rm)
	if err != nil {
		return err
	}
	line, err := otlpconv.MetricsJSON([]*metricpb.ResourceMetrics{m})
	if err != nil {
		return err
	}
	return e.out.writeLine(line)
}

func (e fileMetricExporter) ForceFlush(context.Context) error { return nil }

func (e fileMetricExporter) Shutdown(context.Context) error { e.out.shutdown(); return nil }

// errDirReported: the export directory's problem was already reported,
// for the other signal's file.
var errDirReported = errors.New("otelagent: export directory already reported")

// openExportFile opens dir/name for the file exporter, refusing what
// another user could read, write or redirect (see openPrivateFile). A
// directory that fails its checks is one line, not one per file.
func (p *Pipeline) openExportFile(dir, name string) (*os.File, error) {
	if p.exportDirBad {
		return nil, errDirReported
	}
	if err := checkDir(dir); err != nil {
		p.exportDirBad = true
		return nil, fmt.Errorf("otelagent: %s=%q: %v; file export disabled", envExportFileDir, dir, err)
	}
	f, err := openPrivateFile(dir, name, true)
	if err != nil {
		return nil, fmt.Errorf("otelagent: %s=%q: %s: %v; not written", envExportFileDir, dir, name, err)
	}
	p.closers = append(p.closers, f)
	return f, nil
}
