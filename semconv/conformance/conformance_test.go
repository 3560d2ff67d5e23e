package conformance_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"

	"github.com/otelagent/otelagent-go/semconv"
	"github.com/otelagent/otelagent-go/semconv/conformance"
)

// schemas are every schema otelagent can emit; each is checked against the
// model.
var schemas = []semconv.Schema{semconv.SchemaDefault, semconv.SchemaLatest, semconv.SchemaLatestDup}

// deliberate lists every known difference between what otelagent emits and
// the model, with why it is kept. A difference the checks find that is not
// here fails the test; an entry here that the checks no longer find fails
// it too, so the list is exactly the differences.
var deliberate = []struct {
	schemas []semconv.Schema
	item    string
	reason  string
}{
	// Every schema.
	{schemas, "attribute gen_ai.input.messages: type", contentAsJSON},
	{schemas, "attribute gen_ai.output.messages: type", contentAsJSON},
	{schemas, "attribute gen_ai.system_instructions: type", contentAsJSON},
	{schemas, "attribute gen_ai.tool.definitions: type", contentAsJSON},
	{schemas, "attribute gen_ai.tool.call.arguments: type", contentAsJSON},
	{schemas, "attribute gen_ai.tool.call.result: type", contentAsJSON},
	{schemas, "attribute gen_ai.provider.name: value _OTHER",
		"the model requires the provider on LLM calls and its enum is open; when the program names none, otelagent records " +
			"the conventions' fallback value _OTHER rather than a guess (semconv.ProviderUnknown)"},
	{schemas, "attribute gen_ai.provider.name: value ollama",
		"the model's enum, which is open, has no value for Ollama; the ollama adapter records the provider's own name (semconv/providers.go)"},
	{schemas, "attribute mcp.method.name: value server/discover",
		"sent by newer MCP protocol versions (MCP Go SDK v1.8.0); the model's enum, which is open, does not list it yet (semconv/mcp.go)"},

	// The default schema: v1.41.0 and otelagent's attribute sets before the
	// switch, which existing dashboards use.
	{defaultOnly, "span gen_ai.inference.client: attribute gen_ai.agent.name", beforeSwitch + ": agent attribution of LLM calls"},
	{defaultOnly, "span gen_ai.invoke_agent.internal: attribute gen_ai.provider.name",
		"v1.41.0 requires gen_ai.provider.name on invoke_agent spans; the model's internal invoke_agent span does not list it"},
	{defaultOnly, "span gen_ai.execute_tool.internal: attribute gen_ai.conversation.id", beforeSwitch + ": joins a tool call to its session"},
	{defaultOnly, "span gen_ai.invoke_agent.internal: attribute gen_ai.agent.id", agentIdentity},
	{defaultOnly, "span gen_ai.invoke_agent.internal: attribute gen_ai.agent.version", agentIdentity},
	{defaultOnly, "metric gen_ai.client.token.usage: attribute gen_ai.agent.name", beforeSwitch + ": token usage by agent"},
	{defaultOnly, "metric gen_ai.client.operation.duration: attribute gen_ai.agent.name", beforeSwitch + ": duration by agent"},
	{defaultOnly, "metric gen_ai.client.operation.time_to_first_chunk: attribute gen_ai.agent.name", beforeSwitch + ": same series as the other client metrics"},
	{defaultOnly, "metric gen_ai.client.operation.time_per_output_chunk: attribute gen_ai.agent.name", beforeSwitch + ": same series as the other client metrics"},
	{defaultOnly, "metric gen_ai.invoke_agent.duration: attribute gen_ai.provider.name", beforeSwitch},

	// The latest schemas: later renames, publicly confirmed.
	{latest, "attribute gen_ai.usage.cache_write.input_tokens: not in the model", cacheWrite},
	{latest, "span gen_ai.inference.client: attribute gen_ai.usage.cache_write.input_tokens", cacheWrite},
}

var (
	defaultOnly = []semconv.Schema{semconv.SchemaDefault}
	latest      = []semconv.Schema{semconv.SchemaLatest, semconv.SchemaLatestDup}
)

const (
	contentAsJSON = "the model's type is any (structured); OpenTelemetry Go attributes have no structured type, so otelagent " +
		"records the JSON serialisation the model's JSON schemas define, as the GenAI spans document allows for span attributes"
	agentIdentity = "the model lists the agent's id and version only on remote agents' spans (gen_ai.invoke_agent.client, " +
		"gen_ai.create_agent.client); the default schema records them on the in-process agent's span, which knows them"
	beforeSwitch = "otelagent's default schema keeps what it emitted before the schema switch"
	cacheWrite   = "renamed from gen_ai.usage.cache_creation.input_tokens after the 2026-08-03 model by " +
		"open-telemetry/semantic-conventions-genai#440 (cited by open-telemetry/opentelemetry-python-genai#554, 2026-09)"
)

// difference is one way otelagent differs from the model.
type difference struct {
	item string // stable id, matched against deliberate
	msg  string // names the model file
}

type checker struct {
	m     *conformance.Model
	cat   *semconv.Catalog
	diffs []difference
}

func (c *checker) differ(item, format string, args ...any) {
	c.diffs = append(c.diffs, difference{item, item + ": " + fmt.Sprintf(format, args...)})
}

func where(file string) string { return "(" + modelDir + "/" + file + ")" }

// external reports whether the model's spans or metrics use key without
// its registry defining it (a core convention such as error.type).
func (c *checker) external(key string) bool {
	for _, s := range c.m.Spans {
		if _, ok := s.Use(key); ok {
			return true
		}
	}
	for _, met := range c.m.Metrics {
		if _, ok := met.Use(key); ok {
			return true
		}
	}
	return false
}

func own(key string) bool { return strings.HasPrefix(key, "otelagent.") }

var modelType = map[attribute.Type][]string{
	attribute.STRING:      {"string", "enum", "template[string]"},
	attribute.INT64:       {"int"},
	attribute.FLOAT64:     {"double"},
	attribute.BOOL:        {"boolean"},
	attribute.STRINGSLICE: {"string[]"},
}

// attributes: every attribute otelagent can emit is in the model with the
// same type, or used by the model's spans and metrics, or otelagent's own.
func (c *checker) attributes() {
	for _, def := range c.cat.Attributes() {
		key := string(def.Key)
		if own(key) {
			continue
		}
		a, ok := c.m.Attributes[key]
		if !ok {
			if !c.external(key) {
				c.differ("attribute "+key+": not in the model", "neither in the registry nor used by a span or metric %s", where("*/registry.yaml"))
			}
			continue
		}
		if !slices.Contains(modelType[def.Type], a.Type) {
			c.differ("attribute "+key+": type", "otelagent %s, model %s %s", def.Type, a.Type, where(a.File))
		}
	}
}

// enumValues: the values otelagent emits for enum attributes are members.
func (c *checker) enumValues() {
	values := map[attribute.Key][]string{
		semconv.GenAIOperationNameKey: {semconv.OperationChat, semconv.OperationInvokeAgent, semconv.OperationExecuteTool},
		semconv.GenAITokenTypeKey:     {semconv.TokenTypeInput, semconv.TokenTypeOutput},
		semconv.GenAIOutputTypeKey:    {semconv.OutputTypeText, semconv.OutputTypeJSON, semconv.OutputTypeImage, semconv.OutputTypeSpeech},
		semconv.GenAIProviderNameKey: {semconv.ProviderUnknown, semconv.ProviderOpenAI, semconv.ProviderGCPGemini,
			semconv.ProviderGCPVertexAI, semconv.ProviderAWSBedrock, semconv.ProviderOllama},
		semconv.MCPMethodNameKey: semconv.MCPMethods(),
	}
	for key, vals := range values {
		if _, ok := c.cat.Lookup(key); !ok {
			continue
		}
		a := c.m.Attributes[string(key)]
		for _, v := range vals {
			if !slices.Contains(a.Members, v) {
				c.differ(fmt.Sprintf("attribute %s: value %s", key, v), "not a member of the model's enum %s", where(a.File))
			}
		}
	}
}

var modelInstrument = map[string]string{
	"Int64Histogram": "histogram", "Float64Histogram": "histogram",
	"Int64Counter": "counter", "Float64Counter": "counter",
	"Int64UpDownCounter": "updowncounter", "Float64UpDownCounter": "updowncounter",
	"Int64Gauge": "gauge", "Float64Gauge": "gauge",
}

// metrics: each metric of the conventions has the model's instrument kind
// and unit, only attributes the model lists for it, and every one it
// requires.
func (c *checker) metrics() {
	for _, def := range c.cat.Metrics() {
		if own(def.Name) {
			continue
		}
		mm, ok := c.m.Metrics[def.Name]
		if !ok {
			c.differ("metric "+def.Name+": not in the model", "%s", where("*/metrics.yaml"))
			continue
		}
		if got := modelInstrument[def.Instrument]; got != mm.Instrument {
			c.differ("metric "+def.Name+": instrument", "%s (%s), model %s %s", def.Instrument, got, mm.Instrument, where(mm.File))
		}
		if def.Unit != mm.Unit {
			c.differ("metric "+def.Name+": unit", "%q, model %q %s", def.Unit, mm.Unit, where(mm.File))
		}
		for _, k := range def.Attributes {
			if _, ok := mm.Use(string(k)); !ok && !own(string(k)) {
				c.differ(fmt.Sprintf("metric %s: attribute %s", def.Name, k), "not one the model lists for it %s", where(mm.File))
			}
		}
		for _, u := range mm.Attributes {
			if u.Requirement == "required" && !slices.Contains(def.Attributes, attribute.Key(u.Key)) {
				c.differ(fmt.Sprintf("metric %s: requires %s", def.Name, u.Key), "otelagent does not record it %s", where(mm.File))
			}
		}
	}
}

// spans: each span of the conventions has the model's kind, only
// attributes the model lists for its type, and every one it requires.
func (c *checker) spans() {
	for _, def := range c.cat.Spans() {
		if def.Type == semconv.SpanTypeCommand {
			continue // otelagent's own: no convention
		}
		ms, ok := c.m.Spans[def.Type]
		if !ok {
			c.differ("span "+def.Type+": not in the model", "%s", where("*/spans.yaml"))
			continue
		}
		if !strings.EqualFold(def.Kind, ms.Kind) {
			c.differ("span "+def.Type+": kind", "%s, model %s %s", def.Kind, ms.Kind, where(ms.File))
		}
		for _, k := range def.Attributes {
			if _, ok := ms.Use(string(k)); !ok && !own(string(k)) {
				c.differ(fmt.Sprintf("span %s: attribute %s", def.Type, k), "not one the model lists %s", where(ms.File))
			}
		}
		for _, u := range ms.Attributes {
			if u.Requirement == "required" && !slices.Contains(def.Attributes, attribute.Key(u.Key)) {
				c.differ(fmt.Sprintf("span %s: requires %s", def.Type, u.Key), "otelagent does not record it %s", where(ms.File))
			}
		}
	}
}

// TestConformance checks each schema's catalog against the model. Every
// difference is either fixed or listed in deliberate, with its reason.
func TestConformance(t *testing.T) {
	m := load(t)
	for _, s := range schemas {
		t.Run(s.String(), func(t *testing.T) {
			c := &checker{m: m, cat: s.Catalog()}
			c.attributes()
			c.enumValues()
			c.metrics()
			c.spans()
			found := map[string]bool{}
			for _, d := range c.diffs {
				found[d.item] = true
				if reason, ok := deliberateFor(s, d.item); ok {
					t.Logf("deliberate: %s. Why: %s", d.msg, reason)
					continue
				}
				t.Errorf("schema %s: %s", s, d.msg)
			}
			for _, d := range deliberate {
				if slices.Contains(d.schemas, s) && !found[d.item] {
					t.Errorf("schema %s: deliberate difference %q is no longer found: remove it from the list", s, d.item)
				}
			}
		})
	}
}

func deliberateFor(s semconv.Schema, item string) (string, bool) {
	for _, d := range deliberate {
		if d.item == item && slices.Contains(d.schemas, s) {
			return d.reason, true
		}
	}
	return "", false
}

// The checks themselves must find what they are for: a catalog built to
// be wrong in each way is reported, naming the model file.
func TestCheckerFindsDifferences(t *testing.T) {
	m := load(t)
	c := &checker{m: m, cat: semconv.SchemaDefault.Catalog()}
	c.spans()
	c.metrics()
	var msgs []string
	for _, d := range c.diffs {
		msgs = append(msgs, d.msg)
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{
		"span gen_ai.inference.client: attribute gen_ai.agent.name: not one the model lists (testdata/model/gen-ai/spans.yaml)",
		"metric gen_ai.client.token.usage: attribute gen_ai.agent.name: not one the model lists for it (testdata/model/gen-ai/metrics.yaml)",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("checker did not report %q; got:\n%s", want, all)
		}
	}
}
