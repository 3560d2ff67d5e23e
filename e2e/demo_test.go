package e2e

import (
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"

	"github.com/otelagent/otelagent-go/internal/collectortest"
	"github.com/otelagent/otelagent-go/semconv"
)

func TestCollectorConfigIsValid(t *testing.T) {
	root, err := collectortest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	collectortest.Validate(t, filepath.Join(root, "collector-config.yaml"))
}

// TestDemoExportsToCollector runs the demo once against a real collector and
// checks everything the collector received.
func TestDemoExportsToCollector(t *testing.T) {
	t.Parallel()
	c := newCanaries(t)
	col := collectortest.Start(t)
	env := newDemoEnv(t, c, col.Endpoint())

	r := runDemo(t, env, "run", "--agent", agentName, "--model", modelName, c.prompt)
	assertAnswered(t, r, c)
	c.assertAbsent(t, "the demo's stderr", r.stderr)
	if strings.Contains(r.stderr, "could not be delivered") {
		t.Errorf("the demo reports undelivered telemetry with a live collector:\n%s", r.stderr)
	}
	if got := files(t, env.tmp); len(got) != 0 {
		t.Errorf("the demo left files in TMPDIR: %q", got)
	}

	spans, metrics := col.Traces(), col.Metrics()
	t.Run("spans", func(t *testing.T) { checkSpans(t, spans) })
	t.Run("metrics", func(t *testing.T) { checkMetrics(t, metrics) })
	t.Run("no canary", func(t *testing.T) {
		raw := col.RawOutput()
		if raw == "" {
			t.Fatal("the collector wrote nothing")
		}
		c.assertAbsent(t, "the collector's output files", raw)
		c.assertAbsent(t, "the collector's log", col.Log())
		c.assertAbsent(t, "the demo's HOME (notice marker, spool)", readTree(t, env.home))
		// Paths identify a user and their machine: neither HOME nor the
		// workspace under TMPDIR may be exported.
		for _, path := range []string{env.home, env.tmp} {
			if i := strings.Index(raw, path); i >= 0 {
				t.Errorf("path %q found in the collector's output: ...%s...", path, excerpt(raw, i, len(path)))
			}
		}
	})
}

// checkResource checks that a resource describes the service and the SDK
// only: no host, user or process attribute (setup/resource.go promises it,
// and the demo sets no OTEL_RESOURCE_ATTRIBUTES).
func checkResource(t *testing.T, where string, res map[string]any) {
	t.Helper()
	if res["service.name"] != "otelagent-demo" {
		t.Errorf("%s: resource service.name = %v, want otelagent-demo", where, res["service.name"])
	}
	for k := range res {
		if !strings.HasPrefix(k, "service.") && !strings.HasPrefix(k, "telemetry.sdk.") {
			t.Errorf("%s: resource attribute %q = %v, want only service.* and telemetry.sdk.*", where, k, res[k])
		}
	}
}

// spanTree indexes spans by id.
type spanTree struct {
	spans []collectortest.Span
	byID  map[string]collectortest.Span
}

func newSpanTree(spans []collectortest.Span) spanTree {
	tr := spanTree{spans: spans, byID: make(map[string]collectortest.Span, len(spans))}
	for _, s := range spans {
		tr.byID[s.SpanID] = s
	}
	return tr
}

func (tr spanTree) children(parent collectortest.Span, op string) []collectortest.Span {
	var out []collectortest.Span
	for _, s := range tr.spans {
		if s.ParentSpanID == parent.SpanID && s.Attributes[string(semconv.GenAIOperationNameKey)] == op {
			out = append(out, s)
		}
	}
	return out
}

func checkSpans(t *testing.T, spans []collectortest.Span) {
	if len(spans) == 0 {
		t.Fatal("the collector received no spans")
	}
	tr := newSpanTree(spans)
	if len(tr.byID) != len(spans) {
		t.Errorf("%d spans but %d distinct span ids: a span was exported twice", len(spans), len(tr.byID))
	}

	traces := map[string]bool{}
	var roots []collectortest.Span
	for _, s := range spans {
		traces[s.TraceID] = true
		checkResource(t, "span "+s.Name, s.Resource)
		if s.ParentSpanID == "" {
			roots = append(roots, s)
		} else if _, ok := tr.byID[s.ParentSpanID]; !ok {
			t.Errorf("orphan span %q: its parent %s was not exported", s.Name, s.ParentSpanID)
		}
		for k := range s.Attributes {
			def, ok := semconv.Lookup(attribute.Key(k))
			switch {
			case !ok:
				t.Errorf("span %q has attribute %q, which semconv does not define", s.Name, k)
			case def.Content:
				t.Errorf("span %q has content attribute %q with content capture off", s.Name, k)
			}
		}
	}
	if len(traces) != 1 {
		t.Errorf("spans belong to %d traces, want 1", len(traces))
	}
	if len(roots) != 1 {
		t.Fatalf("%d root spans, want 1: %v", len(roots), spanNames(roots))
	}

	root := roots[0]
	if root.Name != semconv.SpanNameCommand("run") || root.Attributes[string(semconv.CommandNameKey)] != "run" {
		t.Errorf("root span %q, %s=%v; want the command span \"run\"", root.Name, semconv.CommandNameKey, root.Attributes[string(semconv.CommandNameKey)])
	}
	if got, want := root.Attributes[string(semconv.CommandFlagsKey)], []any{"agent", "model"}; !reflect.DeepEqual(got, want) {
		t.Errorf("root span %s = %#v, want the flag names %v and never their values", semconv.CommandFlagsKey, got, want)
	}
	if root.StatusCode == codes.Error {
		t.Errorf("root span status Error (%q), want the command to succeed", root.StatusMessage)
	}

	sessions := tr.children(root, semconv.OperationInvokeAgent)
	if len(sessions) != 1 {
		t.Fatalf("%d invoke_agent spans under the command span, want 1; spans: %v", len(sessions), spanNames(spans))
	}
	session := sessions[0]
	if want := semconv.SpanNameInvokeAgent(agentName); session.Name != want {
		t.Errorf("session span %q, want %q", session.Name, want)
	}
	if id, _ := session.Attributes[string(semconv.GenAIConversationIDKey)].(string); id == "" {
		t.Errorf("session span has no %s", semconv.GenAIConversationIDKey)
	}

	chats := 0
	for _, s := range spans {
		if s.Attributes[string(semconv.GenAIOperationNameKey)] != semconv.OperationChat {
			continue
		}
		chats++
		if want := semconv.SpanNameChat(modelName); s.Name != want {
			t.Errorf("chat span %q, want %q", s.Name, want)
		}
		for _, k := range []attribute.Key{semconv.GenAIUsageInputTokensKey, semconv.GenAIUsageOutputTokensKey} {
			if n, _ := s.Attributes[string(k)].(int64); n <= 0 {
				t.Errorf("chat span %s has %s = %v, want a positive count", s.SpanID, k, s.Attributes[string(k)])
			}
		}
	}
	if chats == 0 {
		t.Error("no chat span")
	}

	tools := tr.children(session, semconv.OperationExecuteTool)
	if len(tools) < 3 {
		t.Errorf("%d execute_tool spans under the session, want at least 3: %v", len(tools), spanNames(tools))
	}
	failed := 0
	for _, s := range tools {
		if s.StatusCode != codes.Error {
			continue
		}
		failed++
		et, _ := s.Attributes[string(semconv.ErrorTypeKey)].(string)
		if et == "" || strings.ContainsAny(et, " /\"") {
			t.Errorf("failed tool span %q has %s %q, want a low-cardinality class", s.Name, semconv.ErrorTypeKey, et)
		}
		if s.StatusMessage != "" && s.StatusMessage != et {
			t.Errorf("failed tool span %q has status message %q, want the error class %q (never the error text)", s.Name, s.StatusMessage, et)
		}
	}
	if failed == 0 {
		t.Errorf("no execute_tool span under the session has status Error: %v", spanNames(tools))
	}

	// The sub-agent's session is a child of the tool call that ran it.
	var subs []collectortest.Span
	for _, tool := range tools {
		subs = append(subs, tr.children(tool, semconv.OperationInvokeAgent)...)
	}
	if len(subs) != 1 {
		t.Fatalf("%d invoke_agent spans under the session's tool calls, want 1 (the sub-agent); spans: %v", len(subs), spanNames(spans))
	}
	sub := subs[0]
	if sub.Attributes[string(semconv.GenAIConversationIDKey)] == session.Attributes[string(semconv.GenAIConversationIDKey)] {
		t.Errorf("the sub-agent's session has its parent's %s", semconv.GenAIConversationIDKey)
	}
	if len(tr.children(sub, semconv.OperationChat)) == 0 {
		t.Errorf("the sub-agent's session %q has no chat span", sub.Name)
	}
}

func checkMetrics(t *testing.T, metrics []collectortest.Metric) {
	if len(metrics) == 0 {
		t.Fatal("the collector received no metrics")
	}
	defs := map[string]semconv.MetricDef{}
	for _, d := range semconv.Metrics() {
		defs[d.Name] = d
	}
	// Cumulative temporality: the last export of a metric holds its totals.
	last := map[string]collectortest.Metric{}
	for _, m := range metrics {
		last[m.Name] = m
		checkResource(t, "metric "+m.Name, m.Resource)
		def, ok := defs[m.Name]
		if !ok {
			t.Errorf("metric %q is not defined in semconv", m.Name)
			continue
		}
		for _, p := range m.Points {
			for k := range p.Attributes {
				switch key := attribute.Key(k); {
				case key == semconv.GenAIConversationIDKey, key == semconv.GenAIToolCallIDKey:
					t.Errorf("metric %q has the unbounded attribute %q", m.Name, k)
				case !slices.Contains(def.Attributes, key):
					if _, ok := semconv.Lookup(key); !ok {
						t.Errorf("metric %q has attribute %q, which semconv does not define", m.Name, k)
					} else {
						t.Errorf("metric %q has attribute %q, which is not among its attributes in semconv (%v)", m.Name, k, def.Attributes)
					}
				}
			}
		}
	}

	tokens, ok := last[semconv.ClientTokenUsageName]
	if !ok {
		t.Errorf("no %s metric; got %v", semconv.ClientTokenUsageName, sortedKeys(last))
	} else {
		byType := map[any]uint64{}
		for _, p := range tokens.Points {
			if p.Attributes[string(semconv.GenAIRequestModelKey)] != modelName {
				t.Errorf("%s point %v has %s %v, want %q", tokens.Name, p.Attributes, semconv.GenAIRequestModelKey, p.Attributes[string(semconv.GenAIRequestModelKey)], modelName)
			}
			if p.Sum > 0 {
				byType[p.Attributes[string(semconv.GenAITokenTypeKey)]] += p.Count
			}
		}
		for _, typ := range []string{semconv.TokenTypeInput, semconv.TokenTypeOutput} {
			if byType[typ] == 0 {
				t.Errorf("%s has no point with %s=%s and a positive sum: %+v", tokens.Name, semconv.GenAITokenTypeKey, typ, tokens.Points)
			}
		}
	}

	cost, ok := last[semconv.CostUsageName]
	if !ok {
		t.Errorf("no %s metric; got %v", semconv.CostUsageName, sortedKeys(last))
	} else {
		total := 0.0
		for _, p := range cost.Points {
			total += p.Value()
		}
		if total <= 0 {
			t.Errorf("%s total %v, want > 0 for priced model %s", cost.Name, total, modelName)
		}
	}
}

func spanNames(spans []collectortest.Span) []string {
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = s.Name
	}
	return out
}
