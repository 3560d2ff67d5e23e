package viewer

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/semconv"
)

func both() tracetest.SpanStubs { return append(demoRun(), unpricedRun()...) }

func TestSummaryGolden(t *testing.T) {
	v := New(nil)
	if err := v.Read(bytes.NewReader(otlpJSON(t, filtered(t, both())))); err != nil {
		t.Fatal(err)
	}
	v.Flush()
	var buf bytes.Buffer
	if err := WriteSummary(&buf, v.Summary(), WithWidth(100)); err != nil {
		t.Fatal(err)
	}
	golden(t, "summary-100.txt", buf.Bytes())

	s := v.Summary()
	if s.Traces != 2 || s.Spans != 17 || s.Commands != 2 || s.FailedCommands != 1 || s.Sessions != 3 {
		t.Errorf("counts: %+v", s)
	}
	total := s.Total()
	if total.Chats != 6 || total.InputTokens != 674+1200 || total.OutputTokens != 204+300 {
		t.Errorf("total: %+v", total)
	}
	if total.UnpricedInputTokens != 1200 || total.UnpricedOutputTokens != 300 {
		t.Errorf("unpriced: %+v", total)
	}
	if c := total.CostUSD; c < 0.003359 || c > 0.003361 {
		t.Errorf("cost %v, want 0.00336", c)
	}
	byAgent := map[string]Usage{}
	for _, u := range s.ByAgent() {
		byAgent[u.Name] = u
	}
	if u := byAgent["coder"]; u.Sessions != 1 || u.Chats != 3 || u.InputTokens != 505 {
		t.Errorf("coder: %+v", u)
	}
	tools := s.Tools()
	if len(tools) != 5 || tools[0].Name != "read_file" || tools[0].Calls != 2 {
		t.Fatalf("tools: %+v", tools)
	}
	for _, ts := range tools {
		if ts.Name == "web_fetch" && (ts.FailureRate() != 1 || ts.Errors["429"] != 1) {
			t.Errorf("web_fetch: %+v", ts)
		}
	}
	slow := s.Slowest()
	if len(slow) != slowest || slow[0].Name != "execute_tool web_fetch" || slow[1].Name != "chat local-llama" {
		t.Errorf("slowest: %v", spanNames(slow))
	}
}

func spanNames(spans []Span) []string {
	var out []string
	for _, s := range spans {
		out = append(out, s.Name)
	}
	return out
}

// The exporter prints a trace when its root ends, not before, and what is
// left at Shutdown as partial.
func TestTreeExporterPrintsWhenTheRootEnds(t *testing.T) {
	spans := filtered(t, demoRun())
	var buf bytes.Buffer
	exp := NewTreeExporter(&buf, WithWidth(100))
	ctx := context.Background()
	for _, s := range spans[:len(spans)-1] {
		if err := exp.ExportSpans(ctx, []sdktrace.ReadOnlySpan{s}); err != nil {
			t.Fatal(err)
		}
	}
	if buf.Len() != 0 {
		t.Fatalf("printed before the root ended:\n%s", buf.String())
	}
	if err := exp.ExportSpans(ctx, spans[len(spans)-1:]); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(buf.String(), "\n"); got != 13 {
		t.Fatalf("%d lines when the root ended, want 13:\n%s", got, buf.String())
	}

	// A trace whose root never ends is shown at Shutdown.
	buf.Reset()
	orphans := filtered(t, unpricedRun()[:2])
	if err := exp.ExportSpans(ctx, orphans); err != nil {
		t.Fatal(err)
	}
	if buf.Len() != 0 {
		t.Fatalf("printed a trace without its root:\n%s", buf.String())
	}
	if err := exp.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "chat local-llama") || !strings.Contains(buf.String(), "execute_tool web_fetch") {
		t.Errorf("Shutdown did not print the unfinished trace:\n%s", buf.String())
	}
	if err := exp.ExportSpans(ctx, spans); err != nil || strings.Count(buf.String(), "run ") > 0 {
		t.Errorf("exported after Shutdown: %v\n%s", err, buf.String())
	}
}

func TestReadAcceptsDebugLogsAndCollectorFiles(t *testing.T) {
	spans := filtered(t, demoRun())
	want := treeOf(t, otlpJSON(t, spans), WithWidth(100))

	t.Run("one request for all spans", func(t *testing.T) {
		batch := otlpJSONBatch(t, spans)
		if got := treeOf(t, batch, WithWidth(100)); got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("diagnostics and blank lines in between", func(t *testing.T) {
		in := "otelagent: span export failed (connection_refused)\n\n" + string(otlpJSON(t, spans))
		if got := treeOf(t, []byte(in), WithWidth(100)); got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("base64 ids", func(t *testing.T) {
		in := hexToBase64(t, string(otlpJSON(t, spans)))
		if got := treeOf(t, []byte(in), WithWidth(100)); got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("delivered twice", func(t *testing.T) {
		in := append(otlpJSON(t, spans[:3]), otlpJSON(t, spans)...)
		if got := treeOf(t, in, WithWidth(100)); got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("not JSON", func(t *testing.T) {
		err := New(nil).Read(strings.NewReader(`{"resourceSpans": [`))
		if err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("err = %v, want one naming line 1", err)
		}
	})
}

// hexToBase64 rewrites every 32- and 16-character hex id as base64.
func hexToBase64(t *testing.T, s string) string {
	t.Helper()
	for _, key := range []string{`"traceId":"`, `"spanId":"`, `"parentSpanId":"`} {
		var b strings.Builder
		for {
			i := strings.Index(s, key)
			if i < 0 {
				b.WriteString(s)
				break
			}
			b.WriteString(s[:i+len(key)])
			s = s[i+len(key):]
			j := strings.IndexByte(s, '"')
			raw, err := hex.DecodeString(s[:j])
			if err != nil {
				t.Fatal(err)
			}
			b.WriteString(base64Std(raw))
			s = s[j:]
		}
		s = b.String()
	}
	return s
}

func TestPendingSpansAreBounded(t *testing.T) {
	const limit = 100
	shown := 0
	v := New(func(tr *Trace) {
		shown += tr.Spans()
		if !tr.Partial {
			t.Errorf("a trace without its root is not partial")
		}
	}, WithMaxPendingSpans(limit))
	for i := range 1000 {
		// Spans whose parent never arrives: each its own trace.
		v.Add(orphan(i, i%7))
		if v.Pending() > limit {
			t.Fatalf("%d spans pending after %d added, limit %d", v.Pending(), i+1, limit)
		}
	}
	v.Flush()
	if shown != 1000 || v.Pending() != 0 {
		t.Errorf("%d spans shown, %d pending; want all 1000 shown", shown, v.Pending())
	}
}

func orphan(i, trace int) Span {
	s := Span{Name: "execute_tool x", Kind: KindTool, Tool: "x"}
	s.TraceID[0], s.TraceID[1] = byte(trace+1), byte(i/7)
	s.SpanID[0], s.SpanID[1] = byte(i>>8), byte(i)
	s.ParentID[0] = 0xff
	return s
}

// A 100 MB file is summarized in a few MB: the reader holds a line at a
// time and the traces that wait for their root, never the input.
func TestReadStreamsLargeInput(t *testing.T) {
	size := 100 << 20
	if testing.Short() || raceEnabled {
		size = 10 << 20 // the same bound, in less time
	}
	line := otlpJSONBatch(t, filtered(t, demoRun()))
	gen := &generator{line: line, size: size}
	v := New(nil)
	var peak uint64
	gen.sample = func() {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		peak = max(peak, m.HeapAlloc)
	}
	if err := v.Read(gen); err != nil {
		t.Fatal(err)
	}
	v.Flush()
	traces := gen.written / len(line)
	if got := v.Summary().Traces; got != traces {
		t.Errorf("%d traces summarized, want %d", got, traces)
	}
	if got := v.Summary().Total().Chats; got != 5*traces {
		t.Errorf("%d chats, want %d", got, 5*traces)
	}
	t.Logf("%d MB read, %d traces, peak heap %.1f MB", gen.written>>20, traces, float64(peak)/(1<<20))
	if limit := uint64(16 << 20); peak > limit {
		t.Errorf("peak heap %d MB reading %d MB, want under %d MB", peak>>20, gen.written>>20, limit>>20)
	}
}

// generator is an io.Reader of size bytes of OTLP JSON, one trace per line,
// each with its own trace id, made as it is read.
type generator struct {
	line    []byte
	size    int
	written int
	n       int
	pending []byte
	sample  func()
}

func (g *generator) Read(p []byte) (int, error) {
	if len(g.pending) == 0 {
		if g.written >= g.size {
			return 0, io.EOF
		}
		g.n++
		if g.n%2000 == 0 {
			g.sample()
		}
		id := fmt.Sprintf("%032x", g.n)
		g.pending = bytes.ReplaceAll(g.line, []byte("4bf92f35000000000000000000000001"), []byte(id))
		g.written += len(g.pending)
	}
	n := copy(p, g.pending)
	g.pending = g.pending[n:]
	return n, nil
}

// A command run under a TRACEPARENT has a remote parent: its tree is
// printed when it ends, complete, not held until Shutdown.
func TestTreeExporterRemoteParent(t *testing.T) {
	stubs := demoRun()
	root := &stubs[len(stubs)-1]
	root.Parent = trace.NewSpanContext(trace.SpanContextConfig{TraceID: root.SpanContext.TraceID(), SpanID: trace.SpanID{9, 9}, Remote: true})
	var buf bytes.Buffer
	exp := NewTreeExporter(&buf, WithWidth(100))
	for _, s := range stubs.Snapshots() {
		if err := exp.ExportSpans(context.Background(), []sdktrace.ReadOnlySpan{s}); err != nil {
			t.Fatal(err)
		}
	}
	if !strings.HasPrefix(buf.String(), "run ") || strings.Count(buf.String(), "\n") != 13 {
		t.Errorf("the tree under a remote parent:\n%s", buf.String())
	}
}

// A summary tells apart at most 200 models; the rest are summed under
// "(others)", and nothing is lost from the totals, cache tokens included.
func TestSummaryBoundsNamesKeepsSums(t *testing.T) {
	const n, named = 250, 200
	b := &stubber{trace: trace.TraceID{0x5e, 15: 3}}
	root := b.span(trace.SpanID{}, "run", trace.SpanKindInternal, 0, 10*n+10, command("run")...)
	for i := range n {
		attrs := append(chat(fmt.Sprintf("model-%d", i), "coder", 10, 0, 1, 0),
			semconv.GenAIUsageCacheCreationInputTokensKey.Int64(2))
		b.span(root, "chat m", trace.SpanKindClient, 10*i+1, 10*i+5, attrs...)
	}
	v := New(nil)
	if err := v.Read(bytes.NewReader(otlpJSON(t, filtered(t, b.spans)))); err != nil {
		t.Fatal(err)
	}
	v.Flush()
	s := v.Summary()
	models := s.ByModel()
	if len(models) != named+1 {
		t.Fatalf("%d models in the summary, want %d and %q", len(models), named, otherName)
	}
	chats := 0
	for _, u := range models {
		chats += u.Chats
		if u.Name == otherName && u.Chats != n-named {
			t.Errorf("%s: %d chats, want %d", otherName, u.Chats, n-named)
		}
	}
	if tot := s.Total(); chats != n || tot.Chats != n || tot.InputTokens != 10*n || tot.CacheCreationTokens != 2*n {
		t.Errorf("%d chats by model; total %+v; want %d chats, %d input and %d cache creation tokens", chats, tot, n, 10*n, 2*n)
	}
}

// A tool without calls has failed none of them.
func TestToolStatsFailureRateWithoutCalls(t *testing.T) {
	if r := (ToolStats{}).FailureRate(); r != 0 {
		t.Errorf("FailureRate() = %v, want 0", r)
	}
	if r := (ToolStats{Calls: 4, Failed: 1}).FailureRate(); r != 0.25 {
		t.Errorf("FailureRate() = %v, want 0.25", r)
	}
}

// A successful command is not a failed one; a model keeps the provider its
// first call named when a later call names none.
func TestSummaryCountsOnlyFailedCommandsAndKeepsProvider(t *testing.T) {
	b := &stubber{trace: trace.TraceID{0x5e, 15: 4}}
	root := b.span(trace.SpanID{}, "run", trace.SpanKindInternal, 0, 100, command("run")...)
	b.span(root, "chat gpt-4o", trace.SpanKindClient, 1, 10, chat("gpt-4o", "coder", 10, 0, 1, 0)...)
	later := chat("gpt-4o", "coder", 10, 0, 1, 0)
	later = slices.DeleteFunc(later, func(kv attribute.KeyValue) bool { return kv.Key == semconv.GenAIProviderNameKey })
	b.span(root, "chat gpt-4o", trace.SpanKindClient, 11, 20, later...)
	v := New(nil)
	if err := v.Read(bytes.NewReader(otlpJSON(t, filtered(t, b.spans)))); err != nil {
		t.Fatal(err)
	}
	v.Flush()
	s := v.Summary()
	if s.Commands != 1 || s.FailedCommands != 0 {
		t.Errorf("commands %d, failed %d; want 1, 0", s.Commands, s.FailedCommands)
	}
	if m := s.ByModel(); len(m) != 1 || m[0].Provider != "openai" || m[0].Chats != 2 {
		t.Errorf("by model %+v, want gpt-4o by openai, 2 chats", m)
	}
}

// A tool tells apart at most 200 error classes; the rest are counted under
// "(others)", and every failure is counted.
func TestSummaryBoundsErrorClasses(t *testing.T) {
	const n, named = 250, 200
	b := &stubber{trace: trace.TraceID{0x5e, 15: 5}}
	root := b.span(trace.SpanID{}, "run", trace.SpanKindInternal, 0, 10*n+10, command("run")...)
	for i := range n {
		b.span(root, "execute_tool grep", trace.SpanKindInternal, 10*i+1, 10*i+5, tool("grep", "coder")...)
		b.fail(fmt.Sprintf("class_%d", i))
	}
	v := New(nil)
	if err := v.Read(bytes.NewReader(otlpJSON(t, filtered(t, b.spans)))); err != nil {
		t.Fatal(err)
	}
	v.Flush()
	tools := v.Summary().Tools()
	if len(tools) != 1 || tools[0].Failed != n {
		t.Fatalf("tools %+v, want grep failed %d times", tools, n)
	}
	errs, sum := tools[0].Errors, 0
	for _, c := range errs {
		sum += c
	}
	if len(errs) != named+1 || errs[otherName] != n-named || sum != n {
		t.Errorf("%d error classes, %d under %q, %d in all; want %d, %d, %d", len(errs), errs[otherName], otherName, sum, named+1, n-named, n)
	}
}

// The viewer reads collector files of any origin, unfiltered: a span's
// error.type wins over its status description, a Go type name is a class,
// and a span that ends before it starts lasted no time.
func TestSummaryErrorClassesFromUnfilteredSpans(t *testing.T) {
	b := &stubber{trace: trace.TraceID{0x5e, 15: 6}}
	root := b.span(trace.SpanID{}, "run", trace.SpanKindInternal, 0, 100, command("run")...)
	b.span(root, "execute_tool web_fetch", trace.SpanKindInternal, 1, 10, tool("web_fetch", "coder")...)
	b.fail("429")
	b.span(root, "execute_tool grep", trace.SpanKindInternal, 30, 20, tool("grep", "coder")...)
	b.fail("*pkg.Err[example.com/x.T]")
	v := New(nil)
	if err := v.Read(bytes.NewReader(otlpJSON(t, b.spans.Snapshots()))); err != nil {
		t.Fatal(err)
	}
	v.Flush()
	got := map[string]ToolStats{}
	for _, ts := range v.Summary().Tools() {
		got[ts.Name] = ts
	}
	if ts := got["web_fetch"]; ts.Errors["429"] != 1 {
		t.Errorf("web_fetch errors %v, want 429 (the error.type, not the status description)", ts.Errors)
	}
	if ts := got["grep"]; ts.Errors["*pkg.Err[example.com/x.T]"] != 1 || ts.Total != 0 {
		t.Errorf("grep: errors %v, total %v; want the type name as the class, and no time", ts.Errors, ts.Total)
	}
}
