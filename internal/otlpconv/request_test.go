package otlpconv_test

import (
	"bytes"
	"testing"

	colmetricpb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	metricpb "go.opentelemetry.io/proto/otlp/metrics/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/otelagent/otelagent-go/internal/otlpconv"
)

// The requests are encoded without the generated collector packages (they
// link gRPC): these tests hold them to what those packages produce and read.

func TestTracesRequestIsTheCollectorsMessage(t *testing.T) {
	rs := otlpconv.Spans(endedSpans(t))
	rs = append(rs, rs[0]) // two resources: the field repeats
	got, err := otlpconv.TracesRequest(rs)
	if err != nil {
		t.Fatal(err)
	}
	want, err := proto.Marshal(&coltracepb.ExportTraceServiceRequest{ResourceSpans: rs})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("TracesRequest differs from proto.Marshal of ExportTraceServiceRequest:\n got %x\nwant %x", got, want)
	}
	back, err := otlpconv.ParseTracesRequest(want)
	if err != nil || len(back) != 2 || !proto.Equal(back[0], rs[0]) || !proto.Equal(back[1], rs[1]) {
		t.Fatalf("ParseTracesRequest = %v, %v; want the %d resources encoded", back, err, len(rs))
	}
	// The JSON is what protojson reads as the collector's request (hex ids
	// are read as base64 there, which they also are: only the ids differ).
	j, err := otlpconv.TracesJSON(rs)
	if err != nil {
		t.Fatal(err)
	}
	var req coltracepb.ExportTraceServiceRequest
	if err := protojson.Unmarshal(j, &req); err != nil {
		t.Fatalf("TracesJSON is not an ExportTraceServiceRequest: %v", err)
	}
	if n := len(req.GetResourceSpans()); n != 2 {
		t.Errorf("protojson read %d resources from TracesJSON, want 2", n)
	}
}

func TestMetricsRequestIsTheCollectorsMessage(t *testing.T) {
	conv, err := otlpconv.Metrics(collect(t))
	if err != nil {
		t.Fatal(err)
	}
	rm := []*metricpb.ResourceMetrics{conv}
	got, err := otlpconv.MetricsRequest(rm)
	if err != nil {
		t.Fatal(err)
	}
	want, err := proto.Marshal(&colmetricpb.ExportMetricsServiceRequest{ResourceMetrics: rm})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("MetricsRequest differs from proto.Marshal of ExportMetricsServiceRequest")
	}
	back, err := otlpconv.ParseMetricsRequest(want)
	if err != nil || len(back) != 1 || !proto.Equal(back[0], conv) {
		t.Fatalf("ParseMetricsRequest = %v, %v", back, err)
	}
	j, err := otlpconv.MetricsJSON(rm)
	if err != nil {
		t.Fatal(err)
	}
	var req colmetricpb.ExportMetricsServiceRequest
	if err := protojson.Unmarshal(j, &req); err != nil || len(req.GetResourceMetrics()) != 1 {
		t.Errorf("protojson read %v, %v from MetricsJSON, want one resource", req.GetResourceMetrics(), err)
	}
}

func TestParseRequestEdges(t *testing.T) {
	// Empty requests, in both forms.
	if rs, err := otlpconv.ParseTracesRequest(nil); err != nil || len(rs) != 0 {
		t.Errorf("ParseTracesRequest(nil) = %v, %v", rs, err)
	}
	if j, err := otlpconv.TracesJSON(nil); err != nil || string(j) != "{}" {
		t.Errorf("TracesJSON(nil) = %s, %v; want {}", j, err)
	}
	// An unknown field is skipped; the field in its proto name is read.
	unknown := []byte{0x10, 0x05} // field 2, varint 5
	if rs, err := otlpconv.ParseTracesRequest(unknown); err != nil || len(rs) != 0 {
		t.Errorf("unknown field: %v, %v", rs, err)
	}
	if rs, err := otlpconv.ParseTracesJSON([]byte(`{"resource_spans":[{}],"other":1}`)); err != nil || len(rs) != 1 {
		t.Errorf("resource_spans: %v, %v", rs, err)
	}
	// Malformed input fails.
	for _, b := range [][]byte{{0x0a}, {0x0a, 0x05, 0x01}, {0x08, 0x01}, {0xff}} {
		if _, err := otlpconv.ParseTracesRequest(b); err == nil {
			t.Errorf("ParseTracesRequest(%x) accepted a malformed request", b)
		}
	}
	for _, s := range []string{`[]`, `{"resourceSpans":{}}`, `{"resourceSpans":[{"scopeSpans":1}]}`} {
		if _, err := otlpconv.ParseTracesJSON([]byte(s)); err == nil {
			t.Errorf("ParseTracesJSON(%s) accepted a malformed request", s)
		}
	}
}
