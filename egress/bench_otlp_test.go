package egress

import (
	"context"
	"testing"
	"time"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"

	"github.com/otelagent/otelagent-go/exporters"
	"github.com/otelagent/otelagent-go/internal/otlptest"
)

// encodeClient is an otlptrace.Client that does what OTLPTraceExporter's
// client does before the network: marshal the request. It keeps the
// encoded size so the work cannot be optimized away.
type encodeClient struct{ bytes int }

func (*encodeClient) Start(context.Context) error { return nil }
func (*encodeClient) Stop(context.Context) error  { return nil }
func (c *encodeClient) UploadTraces(_ context.Context, rs []*tracepb.ResourceSpans) error {
	body, err := proto.Marshal(&coltracepb.ExportTraceServiceRequest{ResourceSpans: rs})
	c.bytes += len(body)
	return err
}

// The privacy filter on a typical span against the export path it sits in
// front of: path=encode is the OTLP transform and protobuf encoding without
// the network (the least the filter can be compared with), path=otlp the
// whole OTLP/HTTP export to a local collector. filter=off is the same
// exporter without the filter.
func BenchmarkFilterOTLP(b *testing.B) {
	spans := []sdktrace.ReadOnlySpan{benchSpan()}
	ctx := context.Background()
	for _, path := range []string{"encode", "otlp"} {
		for _, filter := range []string{"off", "on"} {
			b.Run("path="+path+"/filter="+filter, func(b *testing.B) {
				var exp sdktrace.SpanExporter
				if path == "encode" {
					exp = otlptrace.NewUnstarted(&encodeClient{})
					if err := exp.(*otlptrace.Exporter).Start(ctx); err != nil {
						b.Fatal(err)
					}
				} else {
					srv := otlptest.NewServer()
					b.Cleanup(srv.Close)
					d, err := exporters.NewDelivery(&exporters.Endpoint{URL: srv.TracesURL(), Timeout: time.Second}, nil)
					if err != nil {
						b.Fatal(err)
					}
					b.Cleanup(func() { _ = d.Shutdown(context.Background()) })
					exp = d.SpanExporter()
				}
				b.Cleanup(func() { _ = exp.Shutdown(context.Background()) })
				if filter == "on" {
					exp = Spans(exp)
				}
				b.ReportAllocs()
				for b.Loop() {
					if err := exp.ExportSpans(ctx, spans); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
