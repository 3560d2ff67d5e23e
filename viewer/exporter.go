package viewer

import (
	"bufio"
	"context"
	"io"
	"sync"

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// TreeExporter is a span exporter that prints the tree of each trace on a
// writer when the trace's root span ends: what --debug shows a person.
// Place it behind the same privacy filter as the exporters that send, and
// it shows what was sent, nothing more. It holds the spans of unfinished
// traces, at most WithMaxPendingSpans of them (past that, the oldest trace
// is printed partial); Shutdown prints what is left.
type TreeExporter struct {
	mu      sync.Mutex
	w       *bufio.Writer
	cfg     config
	v       *Viewer
	err     error
	stopped bool
}

var _ sdktrace.SpanExporter = (*TreeExporter)(nil)

// NewTreeExporter returns a TreeExporter writing to w. For a terminal,
// pass WithWidth(TerminalWidth(w)) and WithColor(UseColor(w)).
func NewTreeExporter(w io.Writer, opts ...Option) *TreeExporter {
	e := &TreeExporter{w: bufio.NewWriter(w), cfg: newConfig(opts)}
	e.v = New(func(t *Trace) { writeTree(e.w, t, e.cfg) }, opts...)
	return e
}

// ExportSpans adds spans to their traces and prints the traces they
// complete.
func (e *TreeExporter) ExportSpans(_ context.Context, spans []sdktrace.ReadOnlySpan) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.stopped {
		return nil
	}
	batch := make([]Span, len(spans))
	for i, s := range spans {
		batch[i] = FromReadOnly(s)
	}
	e.v.Add(batch...)
	return e.flush()
}

// Shutdown prints the traces whose root never ended, as partial trees.
func (e *TreeExporter) Shutdown(context.Context) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.stopped {
		return nil
	}
	e.stopped = true
	e.v.Flush()
	return e.flush()
}

func (e *TreeExporter) flush() error {
	if err := e.w.Flush(); err != nil && e.err == nil {
		e.err = err
		return err
	}
	return nil
}

// FromReadOnly converts an SDK span into the viewer's model.
func FromReadOnly(s sdktrace.ReadOnlySpan) Span {
	sc, parent := s.SpanContext(), s.Parent()
	sp := Span{
		TraceID:      sc.TraceID(),
		SpanID:       sc.SpanID(),
		ParentID:     parent.SpanID(),
		RemoteParent: parent.IsValid() && parent.IsRemote(),
		Name:         s.Name(),
		Start:        s.StartTime(),
		End:          s.EndTime(),
	}
	for _, kv := range s.Attributes() {
		sp.setAttr(string(kv.Key), kv.Value.AsInterface())
	}
	if st := s.Status(); st.Code == codes.Error {
		sp.fail(st.Description)
	}
	return sp
}
