package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
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
		got[s.SpanID] = debugSpan{TraceID: s.TraceID, Name: s.Name, Parent: s.ParentSpanID, Attributes: normalize(s.Attributes).(map[string]any)}
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
		gotM[m.Name] = collectorPoints(m)
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

// debugLog is what the debug log holds: OTLP JSON lines, spans and metric
// exports as the collector's file exporter writes them, and otelagent's
// one-line diagnostics.
type debugLog struct {
	spans       []collectortest.Span
	metrics     []collectortest.Metric // every metric of every export, in order
	diagnostics []string
}

// debugSpan is a span as both sides show it.
type debugSpan struct {
	TraceID, Name, Parent string
	Attributes            map[string]any
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

// parseDebugLog sorts the debug log's lines into span exports, metric
// exports and "otelagent:" diagnostics. Anything else is an error: the
// debug log must be readable by a program.
func parseDebugLog(data []byte) (debugLog, error) {
	var out debugLog
	for i, line := range strings.Split(string(data), "\n") {
		var err error
		var spans []collectortest.Span
		var metrics []collectortest.Metric
		switch {
		case strings.TrimSpace(line) == "":
		case strings.HasPrefix(line, "otelagent:"):
			out.diagnostics = append(out.diagnostics, line)
		case strings.HasPrefix(line, `{"resourceSpans":`):
			spans, err = collectortest.ParseTraces([]byte(line))
			out.spans = append(out.spans, spans...)
		case strings.HasPrefix(line, `{"resourceMetrics":`):
			metrics, err = collectortest.ParseMetrics([]byte(line))
			out.metrics = append(out.metrics, metrics...)
		default:
			err = errors.New("neither OTLP JSON spans nor metrics")
		}
		if err != nil {
			return out, fmt.Errorf("line %d: %w: %.200s", i+1, err, line)
		}
	}
	return out, nil
}

func TestParseDebugLog(t *testing.T) {
	log := `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","name":"run","attributes":[{"key":"otelagent.command.flags","value":{"arrayValue":{"values":[{"stringValue":"agent"}]}}}]}]}]}]}
otelagent: export to http://127.0.0.1:1/v1/traces failed (connection_refused); circuit open
{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"otelagent.cost.usage","sum":{"dataPoints":[{"attributes":[{"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}}],"asDouble":1e-7}],"aggregationTemporality":2,"isMonotonic":true}},{"name":"gen_ai.client.token.usage","histogram":{"dataPoints":[{"count":"2","sum":10}],"aggregationTemporality":2}}]}]}]}
`
	got, err := parseDebugLog([]byte(log))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.spans) != 1 || len(got.metrics) != 2 || len(got.diagnostics) != 1 {
		t.Fatalf("got %d spans, %d metrics, %d diagnostics; want 1, 2, 1", len(got.spans), len(got.metrics), len(got.diagnostics))
	}
	if s := got.spans[0]; s.Name != "run" || s.TraceID != "0af7651916cd43dd8448eb211c80319c" || !reflect.DeepEqual(normalize(s.Attributes), map[string]any{"otelagent.command.flags": []any{"agent"}}) {
		t.Errorf("span = %+v", s)
	}
	if g := collectorPoints(got.metrics[0]); !reflect.DeepEqual(g, []string{`{"gen_ai.request.model":"gpt-4o"} 1e-07`}) {
		t.Errorf("sum points = %v", g)
	}
	if g := collectorPoints(got.metrics[1]); !reflect.DeepEqual(g, []string{`{} count=2 sum=10`}) {
		t.Errorf("histogram points = %v", g)
	}
	for _, bad := range []string{"{\"Name\": \"x\"}\n", "not json\n", "{\"resourceSpans\": [\n"} {
		if _, err := parseDebugLog([]byte(bad)); err == nil {
			t.Errorf("parseDebugLog(%q) succeeded, want an error", bad)
		}
	}
}
