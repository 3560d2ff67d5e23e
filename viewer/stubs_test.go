package viewer

import (
	"bytes"
	"context"
	"encoding/base64"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/egress"
	"github.com/otelagent/otelagent-go/internal/otlpconv"
	"github.com/otelagent/otelagent-go/semconv"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// canary is content a filter must drop: it is put in a prompt, a tool's
// arguments, an unknown attribute, an event and an error message.
const canary = "CANARY-7f3a-prompt-text"

// t0 is the fixed clock of the stubs.
var t0 = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

func ms(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }

// stubber builds span stubs with fixed ids and times.
type stubber struct {
	trace trace.TraceID
	next  byte
	spans tracetest.SpanStubs
}

func (b *stubber) span(parent trace.SpanID, name string, kind trace.SpanKind, start, end int, attrs ...attribute.KeyValue) trace.SpanID {
	b.next++
	id := trace.SpanID{0, 0, 0, 0, 0, 0, b.trace[15], b.next}
	var psc trace.SpanContext
	if parent.IsValid() {
		psc = trace.NewSpanContext(trace.SpanContextConfig{TraceID: b.trace, SpanID: parent, TraceFlags: trace.FlagsSampled})
	}
	b.spans = append(b.spans, tracetest.SpanStub{
		Name:     name,
		SpanKind: kind,
		SpanContext: trace.NewSpanContext(trace.SpanContextConfig{
			TraceID: b.trace, SpanID: id, TraceFlags: trace.FlagsSampled,
		}),
		Parent:               psc,
		StartTime:            ms(start),
		EndTime:              ms(end),
		Attributes:           attrs,
		Resource:             resource.NewSchemaless(attribute.String("service.name", "otelagent-demo")),
		InstrumentationScope: instrumentation.Scope{Name: "github.com/otelagent/otelagent-go/otelagent"},
	})
	return id
}

// fail marks the last span failed with class, its status description
// holding an error message with the canary.
func (b *stubber) fail(class string) {
	s := &b.spans[len(b.spans)-1]
	s.Attributes = append(s.Attributes, semconv.ErrorTypeKey.String(class))
	s.Status = sdktrace.Status{Code: codes.Error, Description: "open /home/alice/" + canary + ": " + class}
}

func chat(model, agent string, in, cached, out int64, cost float64) []attribute.KeyValue {
	a := []attribute.KeyValue{
		semconv.GenAIOperationNameKey.String(semconv.OperationChat),
		semconv.GenAIRequestModelKey.String(model),
		semconv.GenAIProviderNameKey.String("openai"),
		semconv.GenAIAgentNameKey.String(agent),
		semconv.GenAIUsageInputTokensKey.Int64(in),
		semconv.GenAIUsageOutputTokensKey.Int64(out),
		semconv.PricedKey.Bool(cost > 0),
		semconv.GenAIInputMessagesKey.String(`[{"role":"user","content":"` + canary + `"}]`),
		attribute.String("user.prompt", canary),
	}
	if cached > 0 {
		a = append(a, semconv.GenAIUsageCacheReadInputTokensKey.Int64(cached))
	}
	if cost > 0 {
		a = append(a, semconv.CostUSDKey.Float64(cost))
	}
	return a
}

func tool(name, agent string) []attribute.KeyValue {
	return []attribute.KeyValue{
		semconv.GenAIOperationNameKey.String(semconv.OperationExecuteTool),
		semconv.GenAIToolNameKey.String(name),
		semconv.GenAIToolTypeKey.String(semconv.ToolTypeFunction),
		semconv.GenAIAgentNameKey.String(agent),
		semconv.GenAIToolCallArgumentsKey.String(`{"path":"` + canary + `"}`),
	}
}

func session(agent, model string) []attribute.KeyValue {
	return []attribute.KeyValue{
		semconv.GenAIOperationNameKey.String(semconv.OperationInvokeAgent),
		semconv.GenAIAgentNameKey.String(agent),
		semconv.GenAIRequestModelKey.String(model),
		semconv.GenAIProviderNameKey.String("openai"),
	}
}

func command(name string) []attribute.KeyValue {
	return []attribute.KeyValue{semconv.CommandNameKey.String(name), semconv.CommandOutcomeKey.String(semconv.OutcomeSuccess)}
}

// demoRun is the demo's "run" as its --debug shows it (same shape, tokens
// and costs; a fixed clock and ids), in the order the spans end.
func demoRun() tracetest.SpanStubs {
	b := &stubber{trace: trace.TraceID{0x4b, 0xf9, 0x2f, 0x35, 15: 1}}
	run := b.span(trace.SpanID{}, "run", trace.SpanKindInternal, 0, 1230, command("run")...)
	coder := b.span(run, "invoke_agent coder", trace.SpanKindInternal, 5, 1220, session("coder", "gpt-4o")...)
	b.span(coder, "chat gpt-4o", trace.SpanKindClient, 10, 410, chat("gpt-4o", "coder", 50, 0, 33, 0.000455)...)
	b.span(coder, "execute_tool read_file", trace.SpanKindInternal, 415, 425, tool("read_file", "coder")...)
	b.span(coder, "execute_tool run_tests", trace.SpanKindInternal, 430, 730, tool("run_tests", "coder")...)
	b.fail("tests_failed")
	b.span(coder, "chat gpt-4o", trace.SpanKindClient, 735, 835, chat("gpt-4o", "coder", 191, 50, 25, 0.000665)...)
	delegate := b.span(coder, "execute_tool delegate", trace.SpanKindInternal, 840, 1000, tool("delegate", "coder")...)
	researcher := b.span(delegate, "invoke_agent researcher", trace.SpanKindInternal, 842, 998, session("researcher", "gpt-4o")...)
	b.span(researcher, "chat gpt-4o", trace.SpanKindClient, 845, 900, chat("gpt-4o", "researcher", 50, 0, 12, 0.000245)...)
	b.span(researcher, "execute_tool read_file", trace.SpanKindInternal, 905, 910, tool("read_file", "researcher")...)
	b.span(researcher, "chat gpt-4o", trace.SpanKindClient, 912, 995, chat("gpt-4o", "researcher", 119, 50, 38, 0.000615)...)
	b.span(coder, "chat gpt-4o", trace.SpanKindClient, 1005, 1215, chat("gpt-4o", "coder", 264, 191, 96, 0.00138)...)
	// In the order they end: children first, the root last.
	order := []int{2, 3, 4, 5, 8, 9, 10, 7, 6, 11, 1, 0}
	out := make(tracetest.SpanStubs, len(order))
	for i, j := range order {
		out[i] = b.spans[j]
	}
	return out
}

// unpricedRun is a second command: a model without a price, a rate-limited
// tool call, a failed command.
func unpricedRun() tracetest.SpanStubs {
	b := &stubber{trace: trace.TraceID{0x9a, 0x01, 15: 2}}
	b.next = 0x10
	fix := b.span(trace.SpanID{}, "fix", trace.SpanKindInternal, 2000, 4500, command("fix")...)
	b.fail("max_turns")
	helper := b.span(fix, "invoke_agent helper", trace.SpanKindInternal, 2010, 4490, session("helper", "local-llama")...)
	b.fail("max_turns")
	b.span(helper, "chat local-llama", trace.SpanKindClient, 2020, 3020, chat("local-llama", "helper", 1200, 0, 300, 0)...)
	b.span(helper, "execute_tool web_fetch", trace.SpanKindInternal, 3030, 4480, tool("web_fetch", "helper")...)
	b.fail("429")
	// Failed through the raw API: an error message as the status, and no
	// error.type.
	b.span(helper, "execute_tool shell", trace.SpanKindInternal, 4482, 4488, tool("shell", "helper")...)
	b.spans[4].Status = sdktrace.Status{Code: codes.Error, Description: "exit status 1: cat /home/alice/" + canary}
	return tracetest.SpanStubs{b.spans[2], b.spans[3], b.spans[4], b.spans[1], b.spans[0]}
}

// filtered passes spans through the egress filter, as setup does in front
// of every exporter, and returns what came out.
func filtered(t testing.TB, stubs tracetest.SpanStubs) []sdktrace.ReadOnlySpan {
	t.Helper()
	rec := tracetest.NewInMemoryExporter()
	if err := egress.Spans(rec, egress.WithContentCapture(false)).ExportSpans(context.Background(), stubs.Snapshots()); err != nil {
		t.Fatal(err)
	}
	var out []sdktrace.ReadOnlySpan
	for _, s := range rec.GetSpans().Snapshots() {
		out = append(out, s)
	}
	return out
}

// otlpJSON encodes spans as OTLP JSON lines, one line per span as the
// synchronous exporter and the debug log write them.
func otlpJSON(t testing.TB, spans []sdktrace.ReadOnlySpan) []byte {
	t.Helper()
	var buf bytes.Buffer
	for _, s := range spans {
		b, err := otlpconv.TracesJSON(otlpconv.Spans([]sdktrace.ReadOnlySpan{s}))
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update to accept):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// otlpJSONBatch encodes spans as one OTLP JSON request on one line, as a
// collector's file exporter writes a batch.
func otlpJSONBatch(t testing.TB, spans []sdktrace.ReadOnlySpan) []byte {
	t.Helper()
	b, err := otlpconv.TracesJSON(otlpconv.Spans(spans))
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

func base64Std(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
