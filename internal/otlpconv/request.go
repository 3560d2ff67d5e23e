package otlpconv

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	metricpb "go.opentelemetry.io/proto/otlp/metrics/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
)

// The OTLP export requests (ExportTraceServiceRequest,
// ExportMetricsServiceRequest) are one repeated field, number 1, of
// resource spans or resource metrics. They are encoded here rather than
// through the generated packages of go.opentelemetry.io/proto/otlp/collector:
// those also hold the gRPC service stubs and the grpc-gateway handlers, and
// importing them links google.golang.org/grpc into every program that
// sends telemetry (6 MB of binary, 3 MiB of memory at start-up, measured
// in BENCHMARKS.md), even one whose user opted out.

// requestField is the field number of the resources in both requests.
const requestField protowire.Number = 1

// TracesRequest returns the OTLP ExportTraceServiceRequest holding rs, in
// protobuf.
func TracesRequest(rs []*tracepb.ResourceSpans) ([]byte, error) { return encodeRequest(rs) }

// MetricsRequest returns the OTLP ExportMetricsServiceRequest holding rm,
// in protobuf.
func MetricsRequest(rm []*metricpb.ResourceMetrics) ([]byte, error) { return encodeRequest(rm) }

// ParseTracesRequest reads an ExportTraceServiceRequest in protobuf.
// Unknown fields are skipped, as proto.Unmarshal does.
func ParseTracesRequest(b []byte) ([]*tracepb.ResourceSpans, error) {
	return parseRequest(b, func() *tracepb.ResourceSpans { return new(tracepb.ResourceSpans) })
}

// ParseMetricsRequest reads an ExportMetricsServiceRequest in protobuf.
func ParseMetricsRequest(b []byte) ([]*metricpb.ResourceMetrics, error) {
	return parseRequest(b, func() *metricpb.ResourceMetrics { return new(metricpb.ResourceMetrics) })
}

// cachedSize marshals each item with the size encodeRequest just computed
// for its length prefix, instead of computing it a second time.
var cachedSize = proto.MarshalOptions{UseCachedSize: true}

func encodeRequest[M proto.Message](items []M) ([]byte, error) {
	sizes := make([]int, len(items))
	total := 0
	for i, m := range items {
		sizes[i] = proto.Size(m)
		total += protowire.SizeTag(requestField) + protowire.SizeBytes(sizes[i])
	}
	b := make([]byte, 0, total)
	for i, m := range items {
		b = protowire.AppendTag(b, requestField, protowire.BytesType)
		b = protowire.AppendVarint(b, uint64(sizes[i]))
		var err error
		if b, err = cachedSize.MarshalAppend(b, m); err != nil {
			return nil, err
		}
	}
	return b, nil
}

var errMalformed = errors.New("otlpconv: malformed OTLP request")

func parseRequest[M proto.Message](b []byte, newItem func() M) ([]M, error) {
	var out []M
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return nil, errMalformed
		}
		b = b[n:]
		if num != requestField {
			if n = protowire.ConsumeFieldValue(num, typ, b); n < 0 {
				return nil, errMalformed
			}
			b = b[n:]
			continue
		}
		if typ != protowire.BytesType {
			return nil, errMalformed
		}
		v, n := protowire.ConsumeBytes(b)
		if n < 0 {
			return nil, errMalformed
		}
		b = b[n:]
		m := newItem()
		if err := proto.Unmarshal(v, m); err != nil {
			return nil, fmt.Errorf("otlpconv: %w", err)
		}
		out = append(out, m)
	}
	return out, nil
}

// The JSON names of the requests' field, as the protobuf JSON mapping
// writes it and as it also accepts it (the field's proto name).
const (
	resourceSpansJSON   = "resourceSpans"
	resourceMetricsJSON = "resourceMetrics"
)

// TracesJSON returns the ExportTraceServiceRequest holding rs as one line
// of OTLP JSON (no trailing newline).
func TracesJSON(rs []*tracepb.ResourceSpans) ([]byte, error) {
	return requestJSON(resourceSpansJSON, rs)
}

// MetricsJSON returns the ExportMetricsServiceRequest holding rm as one
// line of OTLP JSON (no trailing newline).
func MetricsJSON(rm []*metricpb.ResourceMetrics) ([]byte, error) {
	return requestJSON(resourceMetricsJSON, rm)
}

// ParseTracesJSON reads one OTLP JSON traces request, with ids in hex as
// OTLP JSON writes them (base64 ids are accepted too). Unknown fields are
// ignored, as OTLP receivers do.
func ParseTracesJSON(b []byte) ([]*tracepb.ResourceSpans, error) {
	return parseRequestJSON(b, resourceSpansJSON, "resource_spans", func() *tracepb.ResourceSpans { return new(tracepb.ResourceSpans) })
}

// ParseMetricsJSON reads one OTLP JSON metrics request; see ParseTracesJSON.
func ParseMetricsJSON(b []byte) ([]*metricpb.ResourceMetrics, error) {
	return parseRequestJSON(b, resourceMetricsJSON, "resource_metrics", func() *metricpb.ResourceMetrics { return new(metricpb.ResourceMetrics) })
}

func requestJSON[M proto.Message](field string, items []M) ([]byte, error) {
	if len(items) == 0 {
		return []byte("{}"), nil // what the JSON mapping writes for an empty request
	}
	var b bytes.Buffer
	b.WriteString(`{"` + field + `":[`)
	for i, m := range items {
		if i > 0 {
			b.WriteByte(',')
		}
		item, err := marshalJSON(m)
		if err != nil {
			return nil, err
		}
		b.Write(item)
	}
	b.WriteString("]}")
	return b.Bytes(), nil
}

func parseRequestJSON[M proto.Message](b []byte, jsonName, protoName string, newItem func() M) ([]M, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("otlpconv: %w", err)
	}
	raw, ok := doc[jsonName]
	if !ok {
		raw = doc[protoName]
	}
	var items []json.RawMessage
	if len(raw) > 0 && !bytes.Equal(raw, []byte("null")) {
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, fmt.Errorf("otlpconv: %s: %w", jsonName, err)
		}
	}
	out := make([]M, 0, len(items))
	for _, item := range items {
		m := newItem()
		if err := unmarshalJSON(item, m); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}
