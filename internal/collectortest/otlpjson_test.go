package collectortest

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

func TestParseTraces(t *testing.T) {
	// Two lines, one per export, as the file exporter writes them; values
	// cover every AnyValue kind and both encodings of 64-bit integers.
	data := `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},"scopeSpans":[{"scope":{"name":"s","version":"v1"},"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","parentSpanId":"eee19b7ec3c1b173","name":"chat m","kind":3,"startTimeUnixNano":"1000","endTimeUnixNano":"3000","attributes":[{"key":"s","value":{"stringValue":"x"}},{"key":"b","value":{"boolValue":false}},{"key":"i","value":{"intValue":"-9007199254740993"}},{"key":"i2","value":{"intValue":7}},{"key":"d","value":{"doubleValue":0.25}},{"key":"nan","value":{"doubleValue":"NaN"}},{"key":"bytes","value":{"bytesValue":"aGk="}},{"key":"arr","value":{"arrayValue":{"values":[{"intValue":"1"},{"stringValue":"two"}]}}},{"key":"kv","value":{"kvlistValue":{"values":[{"key":"k","value":{"boolValue":true}}]}}},{"key":"empty","value":{}}],"events":[{"timeUnixNano":"2000","name":"e","attributes":[{"key":"n","value":{"intValue":"1"}}]}],"status":{"code":2,"message":"bad"}}]}]}]}

{"resourceSpans":[{"resource":{},"scopeSpans":[{"scope":{},"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b173","name":"root","kind":1,"status":{"code":1}}]}]}]}
`
	spans, err := ParseTraces([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(spans) != 2 {
		t.Fatalf("got %d spans, want 2", len(spans))
	}
	got := spans[0]
	nan, _ := got.Attributes["nan"].(float64)
	if !math.IsNaN(nan) {
		t.Errorf("nan attribute = %#v, want NaN", got.Attributes["nan"])
	}
	delete(got.Attributes, "nan")
	want := Span{
		TraceID:       "5b8efff798038103d269b633813fc60c",
		SpanID:        "eee19b7ec3c1b174",
		ParentSpanID:  "eee19b7ec3c1b173",
		Name:          "chat m",
		Kind:          trace.SpanKindClient,
		StatusCode:    codes.Error,
		StatusMessage: "bad",
		StartTime:     time.Unix(0, 1000).UTC(),
		EndTime:       time.Unix(0, 3000).UTC(),
		Attributes: map[string]any{
			"s": "x", "b": false, "i": int64(-9007199254740993), "i2": int64(7), "d": 0.25,
			"bytes": []byte("hi"), "arr": []any{int64(1), "two"}, "kv": map[string]any{"k": true}, "empty": nil,
		},
		Events:       []Event{{Name: "e", Time: time.Unix(0, 2000).UTC(), Attributes: map[string]any{"n": int64(1)}}},
		Resource:     map[string]any{"service.name": "svc"},
		ScopeName:    "s",
		ScopeVersion: "v1",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("span 0:\n got %#v\nwant %#v", got, want)
	}
	root := spans[1]
	if root.Name != "root" || root.ParentSpanID != "" || root.Kind != trace.SpanKindInternal || root.StatusCode != codes.Ok || !root.StartTime.IsZero() || len(root.Resource) != 0 {
		t.Errorf("span 1 = %#v", root)
	}
}

func TestParseMetrics(t *testing.T) {
	data := `{"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},"scopeMetrics":[{"scope":{"name":"s"},"metrics":[` +
		`{"name":"tokens","unit":"{token}","description":"d","sum":{"dataPoints":[{"attributes":[{"key":"t","value":{"stringValue":"input"}}],"startTimeUnixNano":"1","timeUnixNano":"2","asInt":"12"},{"asDouble":0.5}],"aggregationTemporality":2,"isMonotonic":true}},` +
		`{"name":"updown","sum":{"dataPoints":[{"asInt":"-3"}],"aggregationTemporality":1}},` +
		`{"name":"g","gauge":{"dataPoints":[{"asDouble":"Infinity"}]}},` +
		`{"name":"h","unit":"s","histogram":{"dataPoints":[{"count":"3","sum":10,"min":0.5,"max":7,"bucketCounts":["1","1","1"],"explicitBounds":[1,5]}],"aggregationTemporality":2}},` +
		`{"name":"eh","exponentialHistogram":{"dataPoints":[{"count":"1"}],"aggregationTemporality":2}}` +
		`]}]}]}`
	metrics, err := ParseMetrics([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	want := []Metric{
		{
			Name: "tokens", Unit: "{token}", Description: "d", Type: "sum", Monotonic: true, Temporality: "cumulative",
			Points: []Point{
				{Attributes: map[string]any{"t": "input"}, StartTime: time.Unix(0, 1).UTC(), Time: time.Unix(0, 2).UTC(), IsInt: true, Int: 12},
				{Attributes: map[string]any{}, Double: 0.5},
			},
		},
		{Name: "updown", Type: "sum", Temporality: "delta", Points: []Point{{Attributes: map[string]any{}, IsInt: true, Int: -3}}},
		{Name: "g", Type: "gauge", Points: []Point{{Attributes: map[string]any{}, Double: math.Inf(1)}}},
		{
			Name: "h", Unit: "s", Type: "histogram", Temporality: "cumulative",
			Points: []Point{{Attributes: map[string]any{}, Count: 3, Sum: 10, Min: 0.5, Max: 7, Bounds: []float64{1, 5}, BucketCounts: []uint64{1, 1, 1}}},
		},
		{Name: "eh", Type: "exponentialHistogram"},
	}
	for i := range want {
		want[i].Resource = map[string]any{"service.name": "svc"}
		want[i].ScopeName = "s"
	}
	if !reflect.DeepEqual(metrics, want) {
		t.Errorf("metrics:\n got %+v\nwant %+v", metrics, want)
	}
	if v := metrics[0].Points[0].Value(); v != 12 {
		t.Errorf("int point Value() = %v, want 12", v)
	}
	if v := metrics[0].Points[1].Value(); v != 0.5 {
		t.Errorf("double point Value() = %v, want 0.5", v)
	}
}

func TestParseErrorsNameTheLine(t *testing.T) {
	tests := []struct {
		name  string
		parse func([]byte) error
		data  string
	}{
		{"traces not JSON", func(b []byte) error { _, err := ParseTraces(b); return err }, "{}\nnot json\n"},
		{"traces bad int", func(b []byte) error { _, err := ParseTraces(b); return err },
			`{}` + "\n" + `{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"i","value":{"intValue":"x"}}]}]}]}]}`},
		{"metrics bad count", func(b []byte) error { _, err := ParseMetrics(b); return err },
			`{}` + "\n" + `{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"histogram":{"dataPoints":[{"count":"-1"}]}}]}]}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.parse([]byte(tt.data))
			if err == nil || !strings.HasPrefix(err.Error(), "line 2:") {
				t.Errorf("error = %v, want one starting with \"line 2:\"", err)
			}
		})
	}
}
