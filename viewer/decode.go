package viewer

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"
)

// maxLine bounds one line of input: a collector writes one export request
// per line, a batch of a few thousand spans at most, far below it.
const maxLine = 64 << 20

// readLines calls f with each line of r, without its newline, in a buffer
// reused for the next line: memory is the longest line, not the input.
func readLines(r io.Reader, f func(line []byte) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var buf []byte
	for n := 1; ; n++ {
		buf = buf[:0]
		for {
			chunk, err := br.ReadSlice('\n')
			buf = append(buf, chunk...)
			if len(buf) > maxLine {
				return fmt.Errorf("line %d: longer than %d MiB", n, maxLine>>20)
			}
			if errors.Is(err, bufio.ErrBufferFull) {
				continue
			}
			if err != nil && !errors.Is(err, io.EOF) {
				return err
			}
			if line := bytes.TrimSpace(buf); len(line) > 0 {
				if ferr := f(line); ferr != nil {
					return fmt.Errorf("line %d: %w", n, ferr)
				}
			}
			if err != nil {
				return nil
			}
			break
		}
	}
}

// request is one line of OTLP JSON: an ExportTraceServiceRequest or an
// ExportMetricsServiceRequest, as the collector's file exporter and the
// debug log write them (lowerCamelCase, 64-bit integers as strings, ids
// as hex). Only what the viewer uses is decoded.
type request struct {
	ResourceSpans []struct {
		ScopeSpans []struct {
			Spans []jsonSpan `json:"spans"`
		} `json:"scopeSpans"`
	} `json:"resourceSpans"`
	ResourceMetrics []struct {
		ScopeMetrics []struct {
			Metrics []jsonMetric `json:"metrics"`
		} `json:"scopeMetrics"`
	} `json:"resourceMetrics"`
}

type jsonSpan struct {
	TraceID      string     `json:"traceId"`
	SpanID       string     `json:"spanId"`
	ParentSpanID string     `json:"parentSpanId"`
	Name         string     `json:"name"`
	Flags        uint32     `json:"flags"`
	Start        jsonNumber `json:"startTimeUnixNano"`
	End          jsonNumber `json:"endTimeUnixNano"`
	Attributes   []jsonKV   `json:"attributes"`
	Status       struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"status"`
}

type jsonMetric struct {
	Name string `json:"name"`
	Sum  *struct {
		DataPoints  []jsonPoint `json:"dataPoints"`
		Temporality int         `json:"aggregationTemporality"`
	} `json:"sum"`
	Histogram *struct {
		DataPoints  []jsonPoint `json:"dataPoints"`
		Temporality int         `json:"aggregationTemporality"`
	} `json:"histogram"`
	Gauge *struct {
		DataPoints []jsonPoint `json:"dataPoints"`
	} `json:"gauge"`
	ExponentialHistogram *struct {
		DataPoints []json.RawMessage `json:"dataPoints"`
	} `json:"exponentialHistogram"`
}

type jsonPoint struct {
	Attributes []jsonKV    `json:"attributes"`
	Start      jsonNumber  `json:"startTimeUnixNano"`
	AsInt      *jsonNumber `json:"asInt"`
	AsDouble   *jsonNumber `json:"asDouble"`
	Sum        *jsonNumber `json:"sum"`
	Count      *jsonNumber `json:"count"`
}

// value is a number point's value, or a histogram point's sum.
func (p jsonPoint) value() float64 {
	for _, n := range []*jsonNumber{p.AsDouble, p.AsInt, p.Sum} {
		if n != nil {
			return n.float()
		}
	}
	return 0
}

type jsonKV struct {
	Key   string `json:"key"`
	Value struct {
		String *string     `json:"stringValue"`
		Bool   *bool       `json:"boolValue"`
		Int    *jsonNumber `json:"intValue"`
		Double *jsonNumber `json:"doubleValue"`
	} `json:"value"`
}

// value returns the attribute's value as string, int64, float64 or bool;
// nil for kinds the viewer does not read (arrays, maps, bytes).
func (kv jsonKV) value() any {
	v := kv.Value
	switch {
	case v.String != nil:
		return *v.String
	case v.Bool != nil:
		return *v.Bool
	case v.Int != nil:
		n, _ := strconv.ParseInt(string(*v.Int), 10, 64)
		return n
	case v.Double != nil:
		return v.Double.float()
	}
	return nil
}

// jsonNumber is a JSON number or a string holding one, as protobuf JSON
// writes 64-bit integers, NaN and infinities.
type jsonNumber string

func (n *jsonNumber) UnmarshalJSON(b []byte) error {
	*n = jsonNumber(bytes.Trim(b, `"`))
	return nil
}

func (n jsonNumber) float() float64 {
	f, _ := strconv.ParseFloat(string(n), 64)
	return f
}

func (n jsonNumber) time() time.Time {
	ns, err := strconv.ParseInt(string(n), 10, 64)
	if err != nil || ns == 0 {
		return time.Time{}
	}
	return time.Unix(0, ns)
}

// decodeID decodes a trace or span id: hex, as OTLP JSON writes it, or
// base64, as a generic protobuf JSON encoder would.
func decodeID(s string, dst []byte) bool {
	switch len(s) {
	case 0:
		return false
	case hex.EncodedLen(len(dst)):
		_, err := hex.Decode(dst, []byte(s))
		return err == nil
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b) != len(dst) {
		return false
	}
	copy(dst, b)
	return true
}

// span converts a decoded span into the viewer's model.
func (js *jsonSpan) span() (Span, bool) {
	s := Span{Name: js.Name, Start: js.Start.time(), End: js.End.time()}
	if !decodeID(js.TraceID, s.TraceID[:]) || !decodeID(js.SpanID, s.SpanID[:]) {
		return Span{}, false
	}
	decodeID(js.ParentSpanID, s.ParentID[:])
	// SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK | SPAN_FLAGS_CONTEXT_IS_REMOTE_MASK
	s.RemoteParent = js.Flags&0x300 == 0x300
	for _, kv := range js.Attributes {
		s.setAttr(kv.Key, kv.value())
	}
	if js.Status.Code == 2 { // STATUS_CODE_ERROR
		s.fail(js.Status.Message)
	}
	return s, true
}
