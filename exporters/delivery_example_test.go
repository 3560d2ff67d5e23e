package exporters_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/otelagent/otelagent-go/egress"
	"github.com/otelagent/otelagent-go/exporters"
	"github.com/otelagent/otelagent-go/internal/otlptest"
)

func ExampleNewDelivery() {
	collector := otlptest.NewServer() // a local OTLP/HTTP collector
	defer collector.Close()
	spool, _ := os.MkdirTemp("", "spool")
	defer os.RemoveAll(spool)

	d, err := exporters.NewDelivery(&exporters.Endpoint{URL: collector.TracesURL()}, nil,
		exporters.WithSpoolDir(filepath.Join(spool, "myagent")))
	if err != nil {
		fmt.Println(err)
		return
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(
		exporters.NewSyncSpanProcessor(egress.Spans(d.SpanExporter()))))
	_, span := tp.Tracer("example").Start(context.Background(), "run")
	span.End() // returns once the collector accepted it, or it is in the spool

	_ = tp.Shutdown(context.Background())
	_ = d.Shutdown(context.Background())
	st := d.Stats().Traces
	fmt.Printf("ended %d, exported %d, pending %d, collector has %d\n", st.Ended, st.Exported, st.Pending, collector.UniqueSpans())
	// Output: ended 1, exported 1, pending 0, collector has 1
}
