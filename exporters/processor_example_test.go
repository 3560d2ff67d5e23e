package exporters_test

import (
	"context"
	"log"
	"os"
	"path/filepath"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/otelagent/otelagent-go/egress"
	"github.com/otelagent/otelagent-go/exporters"
)

// The composition for OTLP: processor, then the privacy filter, then the
// OTLP exporter, whose spool therefore only ever holds filtered data.
func ExampleNewSyncSpanProcessor() {
	cache, err := os.UserCacheDir()
	if err != nil {
		log.Fatal(err)
	}
	otlp, err := exporters.NewOTLPTraceExporter(exporters.OTLPConfig{
		TracesURL: "http://localhost:4318/v1/traces",
		Timeout:   time.Second,
		SpoolDir:  filepath.Join(cache, "otelagent", "spool", "myagent"),
	})
	if err != nil {
		log.Fatal(err)
	}
	proc := exporters.NewSyncSpanProcessor(
		egress.Spans(otlp),
		exporters.WithSpooler(otlp),
		exporters.WithDiagnostics(os.Stderr), // with --debug
	)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(proc))
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		_ = tp.Shutdown(ctx)
	}()
	// ... tp.Tracer(...) ...
}
