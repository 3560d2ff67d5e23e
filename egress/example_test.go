package egress_test

import (
	"context"
	"fmt"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/otelagent/otelagent-go/egress"
	"github.com/otelagent/otelagent-go/semconv"
)

func ExampleSpans() {
	// The setup wraps every span exporter it builds; here an in-memory one.
	mem := tracetest.NewInMemoryExporter()
	counters := &egress.Counters{}
	filtered := egress.Spans(mem,
		// As parsed from OTELAGENT_ALLOWED_ATTRIBUTES=http.route.
		egress.WithAllowedKeys("http.route"),
		egress.WithCounters(counters),
	)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(filtered))
	defer func() { _ = tp.Shutdown(context.Background()) }()

	_, span := tp.Tracer("example").Start(context.Background(), "execute_tool read_file")
	span.SetAttributes(
		semconv.GenAIToolNameKey.String("read_file"),
		attribute.String("http.route", "/v1/files"),
		attribute.String("file.path", "/home/alice/notes.txt"),
	)
	span.End()

	for _, kv := range mem.GetSpans()[0].Attributes {
		fmt.Println(kv.Key, "=", kv.Value.Emit())
	}
	st := counters.Stats()
	fmt.Println("dropped:", st.DroppedAttributes, st.DroppedKeys)
	// Output:
	// gen_ai.tool.name = read_file
	// http.route = /v1/files
	// dropped: 1 [file.path]
}
