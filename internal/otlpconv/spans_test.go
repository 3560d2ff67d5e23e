package otlpconv_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"slices"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"

	"github.com/otelagent/otelagent-go/internal/otlpconv"
)

func endedSpans(t *testing.T) []sdktrace.ReadOnlySpan {
	t.Helper()
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	tr := tp.Tracer("scope")
	ctx, parent := tr.Start(context.Background(), "run")
	_, child := tr.Start(ctx, "execute_tool read_file")
	child.SetAttributes(attribute.String("gen_ai.tool.name", "read_file"))
	child.SetStatus(codes.Error, "timeout")
	child.End()
	parent.End()
	return rec.Ended()
}

func TestSpans(t *testing.T) {
	spans := endedSpans(t)
	rs := otlpconv.Spans(spans)
	if n := otlpconv.SpanCount(rs); n != 2 {
		t.Fatalf("SpanCount = %d, want 2", n)
	}
	got := rs[0].GetScopeSpans()[0].GetSpans()
	if got[0].GetName() != "execute_tool read_file" || got[1].GetName() != "run" {
		t.Errorf("names = %q, %q", got[0].GetName(), got[1].GetName())
	}
	if !bytes.Equal(got[0].GetParentSpanId(), got[1].GetSpanId()) {
		t.Error("the child's parent is not the run span")
	}
	if otlpconv.Spans(nil) != nil {
		t.Error("Spans(nil) is not nil")
	}
}

func TestTracesJSONHexIDs(t *testing.T) {
	spans := endedSpans(t)
	req := otlpconv.Spans(spans)
	b, err := otlpconv.TracesJSON(req)
	if err != nil {
		t.Fatal(err)
	}
	tid := spans[0].SpanContext().TraceID()
	if !bytes.Contains(b, []byte(`"traceId":"`+hex.EncodeToString(tid[:])+`"`)) {
		t.Errorf("trace id is not hex in %s", b)
	}
	sid := spans[1].SpanContext().SpanID()
	if !bytes.Contains(b, []byte(`"parentSpanId":"`+hex.EncodeToString(sid[:])+`"`)) {
		t.Errorf("parent span id is not hex in %s", b)
	}
	if !bytes.Contains(b, []byte(`"kind":1`)) {
		t.Errorf("span kind is not an integer in %s", b)
	}
	back, err := otlpconv.ParseTracesJSON(b)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(back, req, func(a, b *tracepb.ResourceSpans) bool { return proto.Equal(a, b) }) {
		t.Errorf("round trip differs:\n got %v\nwant %v", back, req)
	}
}

func TestParseTracesJSONAcceptsBase64IDs(t *testing.T) {
	in := []byte(`{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"AAECAwQFBgcICQoLDA0ODw==","spanId":"AAECAwQFBgc=","name":"x","kind":"SPAN_KIND_CLIENT","unknownField":1}]}]}]}`)
	req, err := otlpconv.ParseTracesJSON(in)
	if err != nil {
		t.Fatal(err)
	}
	s := req[0].GetScopeSpans()[0].GetSpans()[0]
	if hex.EncodeToString(s.GetTraceId()) != "000102030405060708090a0b0c0d0e0f" || s.GetKind() != 3 {
		t.Errorf("span = %v", s)
	}
}
