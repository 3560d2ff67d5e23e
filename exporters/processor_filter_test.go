package exporters

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/egress"
	"github.com/otelagent/otelagent-go/internal/otlptest"
)

const canary = "CANARY-prompt sk-proj-abcdefghijklmnopqrstuvwxyz0123456789"

// The composition setup uses: the privacy filter between the processor and
// the OTLP exporter. Spans that ended while the collector was down are on
// disk only in their filtered form, and reach the collector in the next run
// exactly once, filtered.
func TestSyncSpanProcessorWithEgressFilter(t *testing.T) {
	dir := t.TempDir()
	// Run 1: collector down.
	exp1 := procNewExporter(t, procDownURL(t), dir)
	p1 := NewSyncSpanProcessor(egress.Spans(exp1), WithSpooler(exp1), WithExportTimeout(procTestTimeout),
		WithFailureThreshold(1), WithBackoff(time.Hour, time.Hour))
	tr := procTracer(p1)
	for range 5 {
		_, s := tr.Start(context.Background(), "execute_tool search", trace.WithAttributes(
			attribute.String("gen_ai.tool.name", "search"),
			attribute.String("prompt", canary)))
		s.End()
	}
	procShutdown(t, p1)
	raw := procReadSpoolDir(t, dir)
	if !strings.Contains(raw, "search") {
		t.Fatal("the spool does not hold the spans")
	}
	if strings.Contains(raw, "CANARY") || strings.Contains(raw, "sk-proj-") {
		t.Fatal("the spool holds data the privacy filter removes")
	}

	// Run 2: collector up.
	srv := otlptest.NewServer()
	defer srv.Close()
	exp2 := procNewExporter(t, srv.TracesURL(), dir)
	p2 := NewSyncSpanProcessor(egress.Spans(exp2), WithSpooler(exp2), WithExportTimeout(procTestTimeout))
	procWaitFor(t, "replay", func() bool { return srv.UniqueSpans() == 5 })
	procShutdown(t, p2)
	if srv.Duplicates() != 0 {
		t.Errorf("%d duplicates", srv.Duplicates())
	}
	for _, s := range srv.Spans() {
		for _, kv := range s.GetAttributes() {
			if strings.Contains(kv.GetValue().GetStringValue(), "CANARY") {
				t.Errorf("collector received the canary in %s", kv.GetKey())
			}
		}
	}
}
