package conformance_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/internal/collectortest"
	"github.com/otelagent/otelagent-go/semconv"
	"github.com/otelagent/otelagent-go/semconv/conformance"
)

// holds decides, for the demo, each conditionally required attribute of a
// span or metric it produces: true when the condition holds (the attribute
// must then be received), false when it cannot for the demo (with why, in
// the comment). A conditionally required attribute of a produced span or
// metric that is not decided here fails the test, so each one is listed.
var holds = map[string]func(attrs map[string]any, failed bool) bool{
	// "If the operation ended in an error": spans with status Error.
	"error.type": func(_ map[string]any, failed bool) bool { return failed },
	// "If available": the demo always names its model.
	"gen_ai.request.model": always,
	// "When available": the demo gives every session an id.
	"gen_ai.conversation.id": always,
	// "When available" / "When applicable": the demo names its agent, and
	// every tool call runs inside it.
	"gen_ai.agent.name": always,
	// "If the operation involves a call to a GenAI provider": every LLM call.
	"gen_ai.provider.name": always,
	// "If server.address is set".
	"server.port": func(attrs map[string]any, _ bool) bool { return attrs["server.address"] != nil },
	// Request options the demo never sends (a seed, several choices, an
	// output format, a named prompt, a data source, a streamed request), and
	// an agent description it does not give: the conditions cannot hold.
	"gen_ai.request.seed":         never,
	"gen_ai.request.choice.count": never,
	"gen_ai.output.type":          never,
	"gen_ai.request.stream":       never,
	"gen_ai.prompt.name":          never,
	"gen_ai.prompt.version":       never,
	"gen_ai.data_source.id":       never,
	"gen_ai.agent.description":    never,
	"gen_ai.request.top_k":        never,
}

func always(map[string]any, bool) bool { return true }
func never(map[string]any, bool) bool  { return false }

// metricUndecidable are conditionally required metric attributes whose
// condition a data point does not show (error.type: a point aggregates
// calls; it is checked on the spans).
var metricUndecidable = []string{"error.type"}

// TestDemoThroughCollector runs the demo against a real OpenTelemetry
// Collector under each schema and checks that every Required attribute, and
// every Conditionally Required one whose condition holds, of each span and
// metric of the conventions the demo produces is in what the collector
// received.
func TestDemoThroughCollector(t *testing.T) {
	if os.Getenv("OTELAGENT_OTELCOL") == "" {
		t.Log("OTELAGENT_OTELCOL is not set: internal/collectortest builds the collector (slow)")
	}
	m := load(t)
	bin := buildDemo(t)
	for _, s := range schemas {
		t.Run(s.String(), func(t *testing.T) {
			col := collectortest.Start(t)
			runDemoBinary(t, bin, col.Endpoint(), s)
			col.Stop()
			spans, metrics := col.Traces(), col.Metrics()
			if len(spans) == 0 || len(metrics) == 0 {
				t.Fatalf("the collector received %d spans and %d metrics", len(spans), len(metrics))
			}
			checkReceivedSpans(t, m, s, spans)
			checkReceivedMetrics(t, m, s, metrics)
		})
	}
}

func buildDemo(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "demo")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/demo")
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/demo: %v\n%s", err, out)
	}
	return bin
}

func runDemoBinary(t *testing.T, bin, endpoint string, s semconv.Schema) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	home, tmp := t.TempDir(), t.TempDir()
	cmd := exec.CommandContext(ctx, bin, "run", "--agent", "coder", "--model", "gpt-4o", "fix the rounding bug")
	cmd.Dir = tmp
	cmd.Env = []string{
		"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, ".config"), "XDG_CACHE_HOME=" + filepath.Join(home, ".cache"),
		"TMPDIR=" + tmp, "OTEL_EXPORTER_OTLP_ENDPOINT=" + endpoint,
	}
	if s != semconv.SchemaDefault {
		cmd.Env = append(cmd.Env, "OTEL_SEMCONV_STABILITY_OPT_IN=http,"+s.String())
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("demo run: %v\n%s", err, out)
	}
}

// spanType maps a received span to the model's span type ("" for
// otelagent's own command span).
func spanType(s collectortest.Span) string {
	switch s.Attributes["gen_ai.operation.name"] {
	case semconv.OperationInvokeAgent:
		return semconv.SpanTypeInvokeAgent
	case semconv.OperationChat:
		return semconv.SpanTypeChat
	}
	if s.Attributes["mcp.method.name"] != nil {
		if s.Kind == trace.SpanKindServer {
			return semconv.SpanTypeMCPServer
		}
		return semconv.SpanTypeMCPClient
	}
	if s.Attributes["gen_ai.operation.name"] == semconv.OperationExecuteTool {
		return semconv.SpanTypeExecuteTool
	}
	return ""
}

// mustHave returns the attributes uses requires of what attrs describes.
func mustHave(t *testing.T, where string, uses []conformance.Use, attrs map[string]any, failed bool, undecidable []string) []string {
	t.Helper()
	var out []string
	for _, u := range uses {
		switch u.Requirement {
		case "required":
			out = append(out, u.Key)
		case "conditionally_required":
			if slices.Contains(undecidable, u.Key) {
				continue
			}
			h, ok := holds[u.Key]
			if !ok {
				t.Errorf("%s: conditionally required %s (%q) is not decided for the demo: add it to holds", where, u.Key, u.Condition)
				continue
			}
			if h(attrs, failed) {
				out = append(out, u.Key)
			}
		}
	}
	return out
}

func checkReceivedSpans(t *testing.T, m *conformance.Model, s semconv.Schema, spans []collectortest.Span) {
	seen := map[string]int{}
	for _, sp := range spans {
		typ := spanType(sp)
		if typ == "" {
			continue
		}
		seen[typ]++
		ms, ok := m.Spans[typ]
		if !ok {
			t.Errorf("span %q: model span type %s not found", sp.Name, typ)
			continue
		}
		where := fmt.Sprintf("schema %s: span %q (%s, %s/%s)", s, sp.Name, typ, modelDir, ms.File)
		for _, key := range mustHave(t, where, ms.Attributes, sp.Attributes, sp.StatusCode == codes.Error, nil) {
			if _, ok := sp.Attributes[key]; !ok {
				t.Errorf("%s: %s is required and was not received", where, key)
			}
		}
		for key := range sp.Attributes {
			if _, ok := s.Catalog().Lookup(attributeKey(key)); !ok {
				t.Errorf("%s: %s received, which schema %s does not define", where, key, s)
			}
		}
	}
	for _, typ := range []string{semconv.SpanTypeInvokeAgent, semconv.SpanTypeChat, semconv.SpanTypeExecuteTool} {
		if seen[typ] == 0 {
			t.Errorf("schema %s: the demo produced no %s span", s, typ)
		}
	}
}

func checkReceivedMetrics(t *testing.T, m *conformance.Model, s semconv.Schema, metrics []collectortest.Metric) {
	got := map[string]bool{}
	for _, met := range metrics {
		if strings.HasPrefix(met.Name, "otelagent.") {
			continue
		}
		got[met.Name] = true
		mm, ok := m.Metrics[met.Name]
		if !ok {
			t.Errorf("schema %s: metric %s received, not in the model", s, met.Name)
			continue
		}
		where := fmt.Sprintf("schema %s: metric %s (%s/%s)", s, met.Name, modelDir, mm.File)
		if met.Unit != mm.Unit || met.Type != mm.Instrument {
			t.Errorf("%s: received %s in %q, model %s in %q", where, met.Type, met.Unit, mm.Instrument, mm.Unit)
		}
		for _, p := range met.Points {
			for _, key := range mustHave(t, where, mm.Attributes, p.Attributes, false, metricUndecidable) {
				if _, ok := p.Attributes[key]; !ok {
					t.Errorf("%s: %s is required and was not received on point %v", where, key, p.Attributes)
				}
			}
		}
	}
	want := []string{semconv.ClientTokenUsageName, semconv.ClientOperationDurationName, semconv.ExecuteToolDurationName, semconv.InvokeAgentDurationName}
	if s != semconv.SchemaDefault {
		want = append(want, semconv.InvokeAgentInferenceCallsName, semconv.InvokeAgentToolCallsName)
	}
	for _, name := range want {
		if !got[name] {
			t.Errorf("schema %s: the collector received no %s", s, name)
		}
	}
	if s == semconv.SchemaDefault && got[semconv.InvokeAgentToolCallsName] {
		t.Errorf("schema %s: received %s, which v1.41.0 does not define", s, semconv.InvokeAgentToolCallsName)
	}
}
