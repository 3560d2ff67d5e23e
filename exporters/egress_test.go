package exporters

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/protobuf/proto"

	"github.com/otelagent/otelagent-go/egress"
)

// The composition setup uses: the egress filter between the processor and
// delivery. Spans that ended while the collector was down are on disk only
// in their filtered form, and reach the collector in the next run exactly
// once, filtered.
func TestSpoolHoldsOnlyFilteredSpans(t *testing.T) {
	const canary = "CANARY-prompt sk-proj-abcdefghijklmnopqrstuvwxyz0123456789"
	srv := newServer(t)
	dir := filepath.Join(t.TempDir(), "s")
	srv.SetStatus(503, "")
	run := func() *Delivery {
		d, err := NewDelivery(ep(srv.TracesURL()), nil, WithSpoolDir(dir))
		if err != nil {
			t.Fatal(err)
		}
		tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(NewSyncSpanProcessor(egress.Spans(d.SpanExporter()))))
		for range 5 {
			_, s := tp.Tracer("t").Start(context.Background(), "execute_tool search", trace.WithAttributes(
				attribute.String("gen_ai.tool.name", "search"), attribute.String("prompt", canary)))
			s.End()
		}
		_ = tp.Shutdown(context.Background())
		_ = d.Shutdown(context.Background())
		return d
	}
	run()
	var raw []byte
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		raw = append(raw, b...)
	}
	if !bytes.Contains(raw, []byte("search")) {
		t.Fatal("the spool does not hold the spans")
	}
	if bytes.Contains(raw, []byte("CANARY")) || bytes.Contains(raw, []byte("sk-proj-")) {
		t.Fatal("the spool holds unfiltered content")
	}
	srv.SetHealthy()
	srv.SetStatus(200, "")
	d := run()
	if st := d.Stats().Traces; st.Replayed != 5 || st.Exported != 5 || srv.UniqueSpans() != 10 || srv.Duplicates() != 0 {
		t.Errorf("stats %+v, collector %d unique, %d duplicates", st, srv.UniqueSpans(), srv.Duplicates())
	}
	for _, sp := range srv.Spans() {
		b, _ := proto.Marshal(sp)
		if bytes.Contains(b, []byte("CANARY")) {
			t.Fatal("the collector received unfiltered content")
		}
	}
}
