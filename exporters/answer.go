package exporters

import (
	"encoding/json"
	"strconv"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/otelagent/otelagent-go/internal/protowalk"
)

// A collector that accepts a request may still refuse part of it: OTLP's
// partial success. ExportTraceServiceResponse and
// ExportMetricsServiceResponse have the same shape, partial_success (field
// 1) holding the count of refused items (field 1, rejected_spans or
// rejected_data_points, an int64) and a message (field 2), so one reader
// serves both signals. The answer is read from the wire rather than with
// the generated collector packages, which would link gRPC (see
// internal/otlpconv).

// rejectedItems reads partial success from a protobuf answer; 0 when there
// is none or the answer is not readable.
func rejectedItems(answer []byte) int64 {
	var rejected int64
	protowalk.Bytes(answer, func(num protowire.Number, partial []byte) bool {
		if num != 1 {
			return true
		}
		return protowalk.Varints(partial, func(n protowire.Number, v uint64) {
			if n == 1 {
				rejected = max(int64(v), 0)
			}
		})
	})
	return rejected
}

// rejectedItemsJSON reads partial success from an OTLP JSON answer, in the
// JSON names or the proto names of its fields, the count as a string (how
// the JSON mapping writes an int64) or a number.
func rejectedItemsJSON(answer []byte) int64 {
	var doc map[string]map[string]json.RawMessage
	if json.Unmarshal(answer, &doc) != nil {
		return 0
	}
	partial := doc["partialSuccess"]
	if partial == nil {
		partial = doc["partial_success"]
	}
	for _, k := range []string{"rejectedSpans", "rejected_spans", "rejectedDataPoints", "rejected_data_points"} {
		raw, ok := partial[k]
		if !ok {
			continue
		}
		var s string
		if json.Unmarshal(raw, &s) != nil {
			s = string(raw)
		}
		if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 {
			return n
		}
		return 0
	}
	return 0
}
