package collectortest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// Span is one span as the collector received it, flattened from OTLP JSON.
// Attribute values are string, bool, int64, float64, []byte, []any or
// map[string]any, as in the OTLP AnyValue they came from.
type Span struct {
	TraceID       string // 32 lower-case hex digits
	SpanID        string // 16 lower-case hex digits
	ParentSpanID  string // "" for a root span
	Name          string
	Kind          trace.SpanKind
	StatusCode    codes.Code
	StatusMessage string
	StartTime     time.Time
	EndTime       time.Time
	Attributes    map[string]any
	Events        []Event
	Resource      map[string]any
	ScopeName     string
	ScopeVersion  string
}

// Event is a span event.
type Event struct {
	Name       string
	Time       time.Time
	Attributes map[string]any
}

// Metric is one metric of one export, flattened from OTLP JSON.
type Metric struct {
	Name        string
	Description string
	Unit        string
	// Type is "sum", "gauge", "histogram", "exponentialHistogram" or
	// "summary"; Points is filled for the first three.
	Type string
	// Monotonic is set for monotonic sums (counters).
	Monotonic bool
	// Temporality is "cumulative", "delta" or "" (gauges).
	Temporality  string
	Points       []Point
	Resource     map[string]any
	ScopeName    string
	ScopeVersion string
}

// Point is one data point. Sums and gauges set IsInt and Int, or Double;
// histograms set Count, Sum, Min, Max, Bounds and BucketCounts.
type Point struct {
	Attributes map[string]any
	StartTime  time.Time
	Time       time.Time

	IsInt  bool
	Int    int64
	Double float64

	Count        uint64
	Sum          float64
	Min          float64
	Max          float64
	Bounds       []float64
	BucketCounts []uint64
}

// Value returns a sum or gauge point's value whether it was sent as an
// integer or a double.
func (p Point) Value() float64 {
	if p.IsInt {
		return float64(p.Int)
	}
	return p.Double
}

// ParseTraces parses OTLP JSON lines (the file exporter's "json" format, one
// ExportTraceServiceRequest per line) into spans, in file order.
func ParseTraces(data []byte) ([]Span, error) {
	var spans []Span
	err := eachLine(data, func(line []byte) error {
		var doc jsonTraces
		if err := json.Unmarshal(line, &doc); err != nil {
			return err
		}
		for _, rs := range doc.ResourceSpans {
			res := attrMap(rs.Resource.Attributes)
			for _, ss := range rs.ScopeSpans {
				for _, s := range ss.Spans {
					span := Span{
						TraceID:       s.TraceID,
						SpanID:        s.SpanID,
						ParentSpanID:  s.ParentSpanID,
						Name:          s.Name,
						Kind:          trace.SpanKind(s.Kind),
						StatusCode:    statusCode(s.Status.Code),
						StatusMessage: s.Status.Message,
						StartTime:     unixNano(s.StartTimeUnixNano),
						EndTime:       unixNano(s.EndTimeUnixNano),
						Attributes:    attrMap(s.Attributes),
						Resource:      res,
						ScopeName:     ss.Scope.Name,
						ScopeVersion:  ss.Scope.Version,
					}
					for _, e := range s.Events {
						span.Events = append(span.Events, Event{
							Name:       e.Name,
							Time:       unixNano(e.TimeUnixNano),
							Attributes: attrMap(e.Attributes),
						})
					}
					spans = append(spans, span)
				}
			}
		}
		return nil
	})
	return spans, err
}

// ParseMetrics parses OTLP JSON lines (one ExportMetricsServiceRequest per
// line) into metrics, in file order.
func ParseMetrics(data []byte) ([]Metric, error) {
	var metrics []Metric
	err := eachLine(data, func(line []byte) error {
		var doc jsonMetrics
		if err := json.Unmarshal(line, &doc); err != nil {
			return err
		}
		for _, rm := range doc.ResourceMetrics {
			res := attrMap(rm.Resource.Attributes)
			for _, sm := range rm.ScopeMetrics {
				for _, m := range sm.Metrics {
					metric := Metric{
						Name:         m.Name,
						Description:  m.Description,
						Unit:         m.Unit,
						Resource:     res,
						ScopeName:    sm.Scope.Name,
						ScopeVersion: sm.Scope.Version,
					}
					switch {
					case m.Sum != nil:
						metric.Type = "sum"
						metric.Monotonic = m.Sum.IsMonotonic
						metric.Temporality = temporality(m.Sum.AggregationTemporality)
						metric.Points = numberPoints(m.Sum.DataPoints)
					case m.Gauge != nil:
						metric.Type = "gauge"
						metric.Points = numberPoints(m.Gauge.DataPoints)
					case m.Histogram != nil:
						metric.Type = "histogram"
						metric.Temporality = temporality(m.Histogram.AggregationTemporality)
						metric.Points = histogramPoints(m.Histogram.DataPoints)
					case m.ExponentialHistogram != nil:
						metric.Type = "exponentialHistogram"
					case m.Summary != nil:
						metric.Type = "summary"
					}
					metrics = append(metrics, metric)
				}
			}
		}
		return nil
	})
	return metrics, err
}

func eachLine(data []byte, f func([]byte) error) error {
	s := bufio.NewScanner(bytes.NewReader(data))
	s.Buffer(nil, 64<<20) // one line holds a whole export request
	for n := 1; s.Scan(); n++ {
		line := bytes.TrimSpace(s.Bytes())
		if len(line) == 0 {
			continue
		}
		if err := f(line); err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
	}
	return s.Err()
}

func numberPoints(in []jsonNumberPoint) []Point {
	out := make([]Point, 0, len(in))
	for _, p := range in {
		pt := Point{
			Attributes: attrMap(p.Attributes),
			StartTime:  unixNano(p.StartTimeUnixNano),
			Time:       unixNano(p.TimeUnixNano),
		}
		if p.AsInt != nil {
			pt.IsInt, pt.Int = true, int64(*p.AsInt)
		} else if p.AsDouble != nil {
			pt.Double = float64(*p.AsDouble)
		}
		out = append(out, pt)
	}
	return out
}

func histogramPoints(in []jsonHistogramPoint) []Point {
	out := make([]Point, 0, len(in))
	for _, p := range in {
		pt := Point{
			Attributes: attrMap(p.Attributes),
			StartTime:  unixNano(p.StartTimeUnixNano),
			Time:       unixNano(p.TimeUnixNano),
			Count:      uint64(p.Count),
			Bounds:     make([]float64, len(p.ExplicitBounds)),
		}
		if p.Sum != nil {
			pt.Sum = float64(*p.Sum)
		}
		if p.Min != nil {
			pt.Min = float64(*p.Min)
		}
		if p.Max != nil {
			pt.Max = float64(*p.Max)
		}
		for i, b := range p.ExplicitBounds {
			pt.Bounds[i] = float64(b)
		}
		for _, c := range p.BucketCounts {
			pt.BucketCounts = append(pt.BucketCounts, uint64(c))
		}
		out = append(out, pt)
	}
	return out
}

// statusCode maps OTLP's status codes (1 ok, 2 error) to the Go API's
// (codes.Ok is 2, codes.Error is 1).
func statusCode(c int) codes.Code {
	switch c {
	case 1:
		return codes.Ok
	case 2:
		return codes.Error
	default:
		return codes.Unset
	}
}

func temporality(t int) string {
	switch t {
	case 1:
		return "delta"
	case 2:
		return "cumulative"
	default:
		return ""
	}
}

func unixNano(n jsonUint) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, int64(n)).UTC()
}

func attrMap(kvs []jsonKeyValue) map[string]any {
	m := make(map[string]any, len(kvs))
	for _, kv := range kvs {
		m[kv.Key] = kv.Value.value()
	}
	return m
}

// The types below mirror OTLP JSON as the collector writes it: field names
// in lowerCamelCase, 64-bit integers as strings, ids as hex, enums as numbers.

type jsonTraces struct {
	ResourceSpans []struct {
		Resource   jsonResource `json:"resource"`
		ScopeSpans []struct {
			Scope jsonScope `json:"scope"`
			Spans []struct {
				TraceID           string         `json:"traceId"`
				SpanID            string         `json:"spanId"`
				ParentSpanID      string         `json:"parentSpanId"`
				Name              string         `json:"name"`
				Kind              int            `json:"kind"`
				StartTimeUnixNano jsonUint       `json:"startTimeUnixNano"`
				EndTimeUnixNano   jsonUint       `json:"endTimeUnixNano"`
				Attributes        []jsonKeyValue `json:"attributes"`
				Events            []struct {
					TimeUnixNano jsonUint       `json:"timeUnixNano"`
					Name         string         `json:"name"`
					Attributes   []jsonKeyValue `json:"attributes"`
				} `json:"events"`
				Status struct {
					Message string `json:"message"`
					Code    int    `json:"code"`
				} `json:"status"`
			} `json:"spans"`
		} `json:"scopeSpans"`
	} `json:"resourceSpans"`
}

type jsonMetrics struct {
	ResourceMetrics []struct {
		Resource     jsonResource `json:"resource"`
		ScopeMetrics []struct {
			Scope   jsonScope `json:"scope"`
			Metrics []struct {
				Name        string `json:"name"`
				Description string `json:"description"`
				Unit        string `json:"unit"`
				Sum         *struct {
					DataPoints             []jsonNumberPoint `json:"dataPoints"`
					AggregationTemporality int               `json:"aggregationTemporality"`
					IsMonotonic            bool              `json:"isMonotonic"`
				} `json:"sum"`
				Gauge *struct {
					DataPoints []jsonNumberPoint `json:"dataPoints"`
				} `json:"gauge"`
				Histogram *struct {
					DataPoints             []jsonHistogramPoint `json:"dataPoints"`
					AggregationTemporality int                  `json:"aggregationTemporality"`
				} `json:"histogram"`
				ExponentialHistogram *json.RawMessage `json:"exponentialHistogram"`
				Summary              *json.RawMessage `json:"summary"`
			} `json:"metrics"`
		} `json:"scopeMetrics"`
	} `json:"resourceMetrics"`
}

type jsonResource struct {
	Attributes []jsonKeyValue `json:"attributes"`
}

type jsonScope struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonNumberPoint struct {
	Attributes        []jsonKeyValue `json:"attributes"`
	StartTimeUnixNano jsonUint       `json:"startTimeUnixNano"`
	TimeUnixNano      jsonUint       `json:"timeUnixNano"`
	AsInt             *jsonInt       `json:"asInt"`
	AsDouble          *jsonFloat     `json:"asDouble"`
}

type jsonHistogramPoint struct {
	Attributes        []jsonKeyValue `json:"attributes"`
	StartTimeUnixNano jsonUint       `json:"startTimeUnixNano"`
	TimeUnixNano      jsonUint       `json:"timeUnixNano"`
	Count             jsonUint       `json:"count"`
	Sum               *jsonFloat     `json:"sum"`
	Min               *jsonFloat     `json:"min"`
	Max               *jsonFloat     `json:"max"`
	BucketCounts      []jsonUint     `json:"bucketCounts"`
	ExplicitBounds    []jsonFloat    `json:"explicitBounds"`
}

type jsonKeyValue struct {
	Key   string       `json:"key"`
	Value jsonAnyValue `json:"value"`
}

type jsonAnyValue struct {
	StringValue *string    `json:"stringValue"`
	BoolValue   *bool      `json:"boolValue"`
	IntValue    *jsonInt   `json:"intValue"`
	DoubleValue *jsonFloat `json:"doubleValue"`
	BytesValue  []byte     `json:"bytesValue"` // base64, as encoding/json decodes []byte
	ArrayValue  *struct {
		Values []jsonAnyValue `json:"values"`
	} `json:"arrayValue"`
	KvlistValue *struct {
		Values []jsonKeyValue `json:"values"`
	} `json:"kvlistValue"`
}

func (v jsonAnyValue) value() any {
	switch {
	case v.StringValue != nil:
		return *v.StringValue
	case v.BoolValue != nil:
		return *v.BoolValue
	case v.IntValue != nil:
		return int64(*v.IntValue)
	case v.DoubleValue != nil:
		return float64(*v.DoubleValue)
	case v.BytesValue != nil:
		return v.BytesValue
	case v.ArrayValue != nil:
		out := make([]any, len(v.ArrayValue.Values))
		for i, e := range v.ArrayValue.Values {
			out[i] = e.value()
		}
		return out
	case v.KvlistValue != nil:
		return attrMap(v.KvlistValue.Values)
	default:
		return nil
	}
}

// jsonInt, jsonUint and jsonFloat accept a JSON number or a string holding
// one, as protobuf JSON allows (and uses for 64-bit integers, NaN and
// infinities).
type (
	jsonInt   int64
	jsonUint  uint64
	jsonFloat float64
)

func (n *jsonInt) UnmarshalJSON(b []byte) error {
	v, err := strconv.ParseInt(unquote(b), 10, 64)
	*n = jsonInt(v)
	return err
}

func (n *jsonUint) UnmarshalJSON(b []byte) error {
	v, err := strconv.ParseUint(unquote(b), 10, 64)
	*n = jsonUint(v)
	return err
}

func (n *jsonFloat) UnmarshalJSON(b []byte) error {
	v, err := strconv.ParseFloat(unquote(b), 64)
	*n = jsonFloat(v)
	return err
}

func unquote(b []byte) string {
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		return string(b[1 : len(b)-1])
	}
	return string(b)
}
