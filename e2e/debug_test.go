package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/otelagent/otelagent-go/internal/collectortest"
)

// TestDemoDebugLogShowsWhatIsSent runs the demo with --debug-log against a
// collector and checks that the debug log shows the spans (same ids, names,
// parents and attributes) and metrics (same names, attributes and values)
// the collector received, and no canary.
func TestDemoDebugLogShowsWhatIsSent(t *testing.T) {
	t.Parallel()
	c := newCanaries(t)
	col := collectortest.Start(t)
	env := newDemoEnv(t, c, col.Endpoint())
	logPath := filepath.Join(t.TempDir(), "debug.log")

	r := runDemo(t, env, "run", "--debug-log", logPath, "--agent", agentName, "--model", modelName, c.prompt)
	assertAnswered(t, r, c)
	data, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatalf("reading the debug log: %v", err)
	}
	c.assertAbsent(t, "the debug log", string(data))
	if info, err := os.Stat(logPath); err == nil && info.Mode().Perm() != 0o600 {
		t.Errorf("debug log mode %v, want 0600", info.Mode().Perm())
	}
	dbg, err := parseDebugLog(data)
	if err != nil {
		t.Fatalf("parsing the debug log: %v\n%s", err, data)
	}
	for _, line := range dbg.diagnostics {
		t.Logf("debug log diagnostic: %s", line)
	}

	spans, metrics := col.Traces(), col.Metrics()
	if len(spans) == 0 || len(metrics) == 0 {
		t.Fatalf("the collector received %d spans and %d metrics, want some of each", len(spans), len(metrics))
	}

	want := map[string]debugSpan{}
	for _, s := range spans {
		want[s.SpanID] = debugSpan{TraceID: s.TraceID, Name: s.Name, Parent: s.ParentSpanID, Attributes: normalize(s.Attributes).(map[string]any)}
	}
	got := map[string]debugSpan{}
	for _, s := range dbg.spans {
		got[s.SpanContext.SpanID] = s.flat()
	}
	for id, w := range want {
		g, ok := got[id]
		switch {
		case !ok:
			t.Errorf("span %s %q reached the collector but is not in the debug log", id, w.Name)
		case !reflect.DeepEqual(g, w):
			t.Errorf("span %s differs:\ndebug log %+v\ncollector %+v", id, g, w)
		}
	}
	for id, g := range got {
		if _, ok := want[id]; !ok {
			t.Errorf("span %s %q is in the debug log but did not reach the collector", id, g.Name)
		}
	}
	if len(dbg.spans) != len(got) {
		t.Errorf("the debug log shows %d spans with %d distinct ids", len(dbg.spans), len(got))
	}

	// Both readers collect once, at shutdown, after the last recording: the
	// cumulative totals must agree point for point.
	wantM := map[string][]string{}
	for _, m := range metrics {
		wantM[m.Name] = collectorPoints(m)
	}
	gotM := map[string][]string{}
	for _, m := range dbg.metrics {
		gotM[m.Name] = m.points()
	}
	if !reflect.DeepEqual(sortedKeys(gotM), sortedKeys(wantM)) {
		t.Errorf("metric names differ:\ndebug log %v\ncollector %v", sortedKeys(gotM), sortedKeys(wantM))
	}
	for name, w := range wantM {
		if g, ok := gotM[name]; ok && !reflect.DeepEqual(g, w) {
			t.Errorf("metric %s differs:\ndebug log %v\ncollector %v", name, g, w)
		}
	}
}

// debugLog is what the debug log holds: stdouttrace spans and stdoutmetric
// exports as pretty-printed JSON, and otelagent's one-line diagnostics.
type debugLog struct {
	spans       []stdoutSpan
	metrics     []stdoutMetric // every metric of every export, in order
	diagnostics []string
}

// stdoutSpan is the part of stdouttrace's JSON (sdktrace's SpanStub) that
// the collector receives too.
type stdoutSpan struct {
	Name        string
	SpanContext struct{ TraceID, SpanID string }
	Parent      struct{ TraceID, SpanID string }
	Attributes  []stdoutKeyValue
}

type stdoutKeyValue struct {
	Key   string
	Value struct {
		Type  string
		Value any
	}
}

// stdoutExport is one stdoutmetric export (metricdata.ResourceMetrics).
type stdoutExport struct {
	ScopeMetrics []struct {
		Metrics []stdoutMetric
	}
}

type stdoutMetric struct {
	Name string
	Data struct {
		DataPoints []struct {
			Attributes []stdoutKeyValue
			Value      any      // sums and gauges
			Count      *float64 // histograms
			Sum        any
		}
	}
}

// debugSpan is a span as both sides show it.
type debugSpan struct {
	TraceID, Name, Parent string
	Attributes            map[string]any
}

func (s stdoutSpan) flat() debugSpan {
	parent := s.Parent.SpanID
	if strings.Trim(parent, "0") == "" {
		parent = ""
	}
	return debugSpan{TraceID: s.SpanContext.TraceID, Name: s.Name, Parent: parent, Attributes: kvMap(s.Attributes)}
}

func kvMap(kvs []stdoutKeyValue) map[string]any {
	m := make(map[string]any, len(kvs))
	for _, kv := range kvs {
		m[kv.Key] = normalize(kv.Value.Value)
	}
	return m
}

// points renders each data point as "attributes value" (count and sum for
// histograms), sorted, for comparison with collectorPoints.
func (m stdoutMetric) points() []string {
	var out []string
	for _, p := range m.Data.DataPoints {
		attrs := kvMap(p.Attributes)
		if p.Count != nil {
			out = append(out, pointString(attrs, fmt.Sprintf("count=%v sum=%v", *p.Count, normalize(p.Sum))))
		} else {
			out = append(out, pointString(attrs, fmt.Sprint(normalize(p.Value))))
		}
	}
	sort.Strings(out)
	return out
}

func collectorPoints(m collectortest.Metric) []string {
	var out []string
	for _, p := range m.Points {
		attrs := normalize(p.Attributes).(map[string]any)
		if m.Type == "histogram" {
			out = append(out, pointString(attrs, fmt.Sprintf("count=%v sum=%v", float64(p.Count), p.Sum)))
		} else {
			out = append(out, pointString(attrs, fmt.Sprint(p.Value())))
		}
	}
	sort.Strings(out)
	return out
}

func pointString(attrs map[string]any, value string) string {
	b, _ := json.Marshal(attrs) // sorted keys
	return string(b) + " " + value
}

// normalize makes values from both JSON shapes comparable: every number a
// float64, every array a []any, every object a map[string]any.
func normalize(v any) any {
	switch v := v.(type) {
	case int64:
		return float64(v)
	case json.Number:
		f, err := v.Float64()
		if err != nil {
			return v.String()
		}
		return f
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = normalize(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = normalize(e)
		}
		return out
	}
	return v
}

// parseDebugLog splits the debug log into its one-line "otelagent:"
// diagnostics and the JSON documents between them, and sorts the documents
// into spans and metric exports. Anything else is an error: the debug log
// must be readable by a program.
func parseDebugLog(data []byte) (debugLog, error) {
	var out debugLog
	var jsonPart bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "otelagent:") {
			out.diagnostics = append(out.diagnostics, line)
			continue
		}
		jsonPart.WriteString(line)
		jsonPart.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return out, err
	}
	dec := json.NewDecoder(&jsonPart)
	dec.UseNumber()
	for i := 1; ; i++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); errors.Is(err, io.EOF) {
			return out, nil
		} else if err != nil {
			return out, fmt.Errorf("JSON document %d: %w", i, err)
		}
		var probe map[string]json.RawMessage
		if err := json.Unmarshal(raw, &probe); err != nil {
			return out, fmt.Errorf("JSON document %d is not an object: %w", i, err)
		}
		dd := json.NewDecoder(bytes.NewReader(raw))
		dd.UseNumber()
		switch {
		case probe["SpanContext"] != nil:
			var s stdoutSpan
			if err := dd.Decode(&s); err != nil {
				return out, fmt.Errorf("span %d: %w", i, err)
			}
			out.spans = append(out.spans, s)
		case probe["ScopeMetrics"] != nil:
			var e stdoutExport
			if err := dd.Decode(&e); err != nil {
				return out, fmt.Errorf("metrics %d: %w", i, err)
			}
			for _, sm := range e.ScopeMetrics {
				out.metrics = append(out.metrics, sm.Metrics...)
			}
		default:
			return out, fmt.Errorf("JSON document %d is neither a span nor a metric export: %.200s", i, raw)
		}
	}
}

func TestParseDebugLog(t *testing.T) {
	log := `{
	"Name": "run",
	"SpanContext": {"TraceID": "0af7651916cd43dd8448eb211c80319c", "SpanID": "b7ad6b7169203331"},
	"Parent": {"TraceID": "00000000000000000000000000000000", "SpanID": "0000000000000000"},
	"Attributes": [{"Key": "otelagent.command.flags", "Value": {"Type": "STRINGSLICE", "Value": ["agent"]}}]
}
otelagent: export to http://127.0.0.1:1/v1/traces failed (connection_refused); circuit open
{
	"Resource": [],
	"ScopeMetrics": [{"Scope": {"Name": "s"}, "Metrics": [
		{"Name": "otelagent.cost.usage", "Data": {"DataPoints": [{"Attributes": [{"Key": "gen_ai.request.model", "Value": {"Type": "STRING", "Value": "gpt-4o"}}], "Value": 0.0000001}]}},
		{"Name": "gen_ai.client.token.usage", "Data": {"DataPoints": [{"Attributes": [], "Count": 2, "Sum": 10}]}}
	]}]
}
`
	got, err := parseDebugLog([]byte(log))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.spans) != 1 || len(got.metrics) != 2 || len(got.diagnostics) != 1 {
		t.Fatalf("got %d spans, %d metrics, %d diagnostics; want 1, 2, 1", len(got.spans), len(got.metrics), len(got.diagnostics))
	}
	wantSpan := debugSpan{TraceID: "0af7651916cd43dd8448eb211c80319c", Name: "run", Attributes: map[string]any{"otelagent.command.flags": []any{"agent"}}}
	if s := got.spans[0].flat(); !reflect.DeepEqual(s, wantSpan) {
		t.Errorf("span = %+v, want %+v", s, wantSpan)
	}
	cost := collectortest.Metric{Name: "otelagent.cost.usage", Type: "sum", Points: []collectortest.Point{{Attributes: map[string]any{"gen_ai.request.model": "gpt-4o"}, Double: 1e-7}}}
	if g, w := got.metrics[0].points(), collectorPoints(cost); !reflect.DeepEqual(g, w) {
		t.Errorf("sum points = %v, want %v", g, w)
	}
	hist := collectortest.Metric{Name: "gen_ai.client.token.usage", Type: "histogram", Points: []collectortest.Point{{Attributes: map[string]any{}, Count: 2, Sum: 10}}}
	if g, w := got.metrics[1].points(), collectorPoints(hist); !reflect.DeepEqual(g, w) {
		t.Errorf("histogram points = %v, want %v", g, w)
	}

	for _, bad := range []string{"{\"Name\": \"x\"}\n", "not json\n", "{\"SpanContext\": {}\n"} {
		if _, err := parseDebugLog([]byte(bad)); err == nil {
			t.Errorf("parseDebugLog(%q) succeeded, want an error", bad)
		}
	}
}
