package otlpconv

import (
	"context"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
)

// keeper is an otlptrace.Client that hands what it is given back to the
// caller of Spans, through the context of that call: one exporter serves
// every goroutine without a lock.
type keeper struct{}

type keptKey struct{}

func (keeper) Start(context.Context) error { return nil }
func (keeper) Stop(context.Context) error  { return nil }

func (keeper) UploadTraces(ctx context.Context, rs []*tracepb.ResourceSpans) error {
	if dst, ok := ctx.Value(keptKey{}).(*[]*tracepb.ResourceSpans); ok {
		*dst = rs
	}
	return nil
}

var transformer = otlptrace.NewUnstarted(keeper{})

// Spans returns spans as OTLP ResourceSpans, grouped by resource and scope
// as the OTLP trace exporters group them. It returns nil for no spans.
func Spans(spans []sdktrace.ReadOnlySpan) []*tracepb.ResourceSpans {
	if len(spans) == 0 {
		return nil
	}
	var out []*tracepb.ResourceSpans
	// ExportSpans only transforms and calls keeper.UploadTraces: it fails
	// only when the client does, which keeper never does.
	_ = transformer.ExportSpans(context.WithValue(context.Background(), keptKey{}, &out), spans)
	return out
}

// SpanCount returns the number of spans in rs.
func SpanCount(rs []*tracepb.ResourceSpans) int {
	n := 0
	for _, r := range rs {
		for _, ss := range r.GetScopeSpans() {
			n += len(ss.GetSpans())
		}
	}
	return n
}
