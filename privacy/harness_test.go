package privacy_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/baggage"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/egress"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// useAPI drives every public entry point of otelagent with content in
// every position that can hold content: flag values and positional
// arguments, error messages (plain, wrapped, joined, typed), error classes
// that are free text, CaptureContent with capture off, and baggage in the
// context. Names (command, agent, model, tool) are exported by design and
// are never content here. TrackCommand records through Default, which the
// caller sets.
func useAPI(ctx context.Context, tel *otelagent.Telemetry, content string) {
	ctx = withBaggage(ctx, content)
	args := []string{"--prompt=" + content, "--file", content, content, "-v", "--", "--model=" + content, content}

	ctx, cmd := tel.StartCommand(ctx, "run", otelagent.FlagNames(args)...)
	ctx, session := tel.StartSession(ctx, otelagent.Agent{Name: "coder", SessionID: "sess-1", Model: "gpt-4o", Provider: "openai"})

	_, chat := tel.StartChat(ctx, otelagent.ChatRequest{})
	chat.CaptureContent(content, content)
	chat.SetUsage(otelagent.Usage{InputTokens: 1200, OutputTokens: 300, CacheReadInputTokens: 800, ReasoningOutputTokens: 100})
	chat.SetResponseModel("gpt-4o-2024-08-06")
	chat.End(nil)

	_, failed := tel.StartChat(ctx, otelagent.ChatRequest{Model: "claude-sonnet-4-5", Provider: "anthropic"})
	failed.CaptureContent(content, "")
	failed.End(fmt.Errorf("anthropic: %w", &junkError{msg: content, class: content, code: 529}))

	_, noUsage := tel.StartChat(ctx, otelagent.ChatRequest{})
	noUsage.End(errors.New(content))

	_, read := tel.StartToolCall(ctx, otelagent.Tool{Name: "read_file", Type: semconv.ToolTypeFunction, CallID: "call_1"})
	read.CaptureContent(content, content)
	read.End(&fs.PathError{Op: "open", Path: content, Err: fs.ErrPermission})

	_, grep := tel.StartToolCall(ctx, otelagent.Tool{Name: "grep"})
	grep.End(otelagent.WithErrorType(errors.New(content), content))

	// A class with no spaces, shaped like a path, as a program might build
	// from what it was working on.
	_, patch := tel.StartToolCall(ctx, otelagent.Tool{Name: "patch"})
	patch.End(otelagent.WithErrorType(errors.New(content), "/home/alice/zorblax/plan.md"))

	_, shell := tel.StartToolCall(ctx, otelagent.Tool{Name: "shell"})
	shell.End(&junkError{msg: content, class: content, code: 99999})

	_, fetch := tel.StartToolCall(ctx, otelagent.Tool{Name: "fetch"})
	fetch.End(errors.Join(errors.New(content), context.DeadlineExceeded))

	tel.RecordToolCall(ctx, "write_file", "sess-1", "coder", 20*time.Millisecond, errors.New(content))
	tel.RecordToolCall(ctx, "write_file", "", "reviewer", time.Millisecond, fmt.Errorf("write %s: %w", content, os.ErrExist))
	tel.RecordTokenUsage(ctx, "gpt-4o", 100, 20, 0)
	tel.RecordTokenUsage(ctx, "in-house-model", 10, 2, 0)
	tel.RecordTokenUsage(ctx, "gpt-4o", 5, 1, 0.25)

	session.End(fmt.Errorf("session failed: %s", content))
	cmd.End(errors.New(content))
	otelagent.TrackCommand("status", args)
}

// useSDK is a program that also records through the pipeline's providers
// directly, the way frameworks and other instrumentations do: free-form
// attributes, content keys without capture, events, an error recorded with
// its message and stack, a status description with the message, link and
// scope attributes. The egress filter must remove the content from all of
// them. scoped is put where it becomes part of a tracer's or meter's
// identity (scope name, version, schema URL, attributes): the SDK keeps
// every scope it was asked for, so FuzzAPI passes the same one each time.
func useSDK(ctx context.Context, tp trace.TracerProvider, mp metric.MeterProvider, content, scoped string) {
	ctx = withBaggage(ctx, content)
	tracer := tp.Tracer("example.com/myagent/plugins", trace.WithInstrumentationAttributes(attribute.String("plugin.config", scoped)))
	_, other := tracer.Start(ctx, "plugin load")
	other.End()
	_, span := tracer.Start(ctx, "plugin run",
		trace.WithAttributes(attribute.String("prompt", content), attribute.StringSlice("argv", []string{"--key", content})),
		trace.WithLinks(trace.Link{SpanContext: other.SpanContext(), Attributes: []attribute.KeyValue{attribute.String("reason", content)}}))
	span.SetAttributes(semconv.GenAIInputMessagesKey.String(content), semconv.GenAIToolCallResultKey.String(content))
	span.AddEvent("user prompt", trace.WithAttributes(attribute.String("text", content)))
	span.AddEvent(content)
	span.RecordError(errors.New(content), trace.WithStackTrace(true),
		trace.WithAttributes(attribute.String("file.path", content)))
	span.SetStatus(codes.Error, content)
	span.End()

	// The raw API's free-text positions: scope name, version and schema
	// URL; error.type and exception.type set from an error's text; a
	// semconv key holding bytes or a map with free-text keys.
	raw := tp.Tracer(scoped, trace.WithInstrumentationVersion(scoped), trace.WithSchemaURL(scoped))
	_, rs := raw.Start(ctx, "plugin raw", trace.WithAttributes(
		semconv.ErrorTypeKey.String(content),
		semconv.GenAIToolNameKey.String("grep"),
		attribute.ByteSlice(string(semconv.GenAIAgentNameKey), []byte(content)),
		attribute.Map(string(semconv.GenAIProviderNameKey), attribute.String(content, "x")),
	))
	rs.AddEvent("exception", trace.WithAttributes(attribute.String("exception.type", content)))
	rs.SetStatus(codes.Error, content)
	rs.End()

	meter := mp.Meter("example.com/myagent/plugins", metric.WithInstrumentationAttributes(attribute.String("plugin.config", scoped)),
		metric.WithInstrumentationVersion(scoped), metric.WithSchemaURL(scoped))
	// A metric semconv defines, created with free text as its description
	// and unit, and one it does not: only the first leaves, with semconv's.
	if d, err := meter.Float64Histogram(semconv.ExecuteToolDurationName, metric.WithDescription(scoped), metric.WithUnit(scoped)); err == nil {
		d.Record(ctx, 0.5, metric.WithAttributes(semconv.ErrorTypeKey.String(content), attribute.String("prompt", content)))
	}
	if calls, err := meter.Int64Counter("myagent.plugin.calls", metric.WithDescription(scoped)); err == nil {
		calls.Add(ctx, 1, metric.WithAttributes(
			attribute.String("prompt", content),
			semconv.GenAIToolCallArgumentsKey.String(content),
			semconv.GenAIConversationIDKey.String("sess-1"),
			semconv.GenAIToolNameKey.String("plugin"),
		))
	}
}

// misuseNames puts a credential where the API expects a name or a class:
// a value passed as a flag name, an error class set from a token. The
// first layer accepts word-like strings there; the egress filter must
// redact them.
func misuseNames(ctx context.Context, tel *otelagent.Telemetry, secret string) {
	_, cmd := tel.StartCommand(ctx, "login", secret)
	cmd.End(otelagent.WithErrorType(errors.New("denied"), secret))
}

func withBaggage(ctx context.Context, content string) context.Context {
	var members []baggage.Member
	for _, kv := range [][2]string{{"user.prompt", content}, {"api_key", content}} {
		if m, err := baggage.NewMemberRaw(kv[0], kv[1]); err == nil {
			members = append(members, m)
		}
	}
	if b, err := baggage.New(members...); err == nil {
		ctx = baggage.ContextWithBaggage(ctx, b)
	}
	return ctx
}

// junkError classifies itself with free text and a status code that is no
// HTTP status: neither may be exported as its class.
type junkError struct {
	msg, class string
	code       int
}

func (e *junkError) Error() string     { return e.msg }
func (e *junkError) ErrorType() string { return e.class }
func (e *junkError) StatusCode() int   { return e.code }

// memPipeline is the in-memory equivalent of what setup builds: the SDK
// providers, every exporter behind the egress filter (unless unfiltered).
type memPipeline struct {
	tel     *otelagent.Telemetry
	tp      *sdktrace.TracerProvider
	mp      *sdkmetric.MeterProvider
	spans   *tracetest.InMemoryExporter
	metrics *memMetricExporter
}

func newMemPipeline(tb testing.TB, opts ...egress.Option) *memPipeline {
	p := &memPipeline{spans: tracetest.NewInMemoryExporter(), metrics: &memMetricExporter{}}
	p.tp = sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(
		sdktrace.NewSimpleSpanProcessor(egress.Spans(p.spans, opts...))))
	p.mp = sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewPeriodicReader(
		egress.Metrics(p.metrics, opts...), sdkmetric.WithInterval(time.Hour))))
	p.tel = otelagent.New(otelagent.WithTracerProvider(p.tp), otelagent.WithMeterProvider(p.mp))
	tb.Cleanup(func() {
		_ = p.mp.Shutdown(context.Background())
		_ = p.tp.Shutdown(context.Background())
	})
	return p
}

// export flushes the metrics and returns everything exported since the
// last reset, as JSON: every field of every span (name, attributes,
// events, links, status, resource, scope) and every metric.
func (p *memPipeline) export(tb testing.TB) []byte {
	tb.Helper()
	if err := p.mp.ForceFlush(context.Background()); err != nil {
		tb.Fatal(err)
	}
	spans, err := json.Marshal(p.spans.GetSpans())
	if err != nil {
		tb.Fatal(err)
	}
	return append(spans, p.metrics.bytes()...)
}

func (p *memPipeline) reset() {
	p.spans.Reset()
	p.metrics.reset()
}

// memMetricExporter keeps what it is given as JSON: the reader reuses the
// data it exports, so it is encoded at once. Delta temporality makes each
// export hold only what was recorded since the previous one.
type memMetricExporter struct {
	mu  sync.Mutex
	buf bytes.Buffer
	n   int
}

func (e *memMetricExporter) Temporality(sdkmetric.InstrumentKind) metricdata.Temporality {
	return metricdata.DeltaTemporality
}

func (e *memMetricExporter) Aggregation(k sdkmetric.InstrumentKind) sdkmetric.Aggregation {
	return sdkmetric.DefaultAggregationSelector(k)
}

func (e *memMetricExporter) Export(_ context.Context, rm *metricdata.ResourceMetrics) error {
	data, err := json.Marshal(rm)
	if err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.buf.Write(data)
	e.n++
	return nil
}

func (e *memMetricExporter) ForceFlush(context.Context) error { return nil }
func (e *memMetricExporter) Shutdown(context.Context) error   { return nil }

func (e *memMetricExporter) bytes() []byte {
	e.mu.Lock()
	defer e.mu.Unlock()
	return bytes.Clone(e.buf.Bytes())
}

func (e *memMetricExporter) reset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.buf.Reset()
}

// setDefault makes tel the Default for TrackCommand until the test ends.
func setDefault(tb testing.TB, tel *otelagent.Telemetry) {
	otelagent.SetDefault(tel)
	tb.Cleanup(func() { otelagent.SetDefault(nil) })
}

// mustContain guards against a test that passes because nothing arrived.
func mustContain(t *testing.T, where string, data []byte, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !bytes.Contains(data, []byte(w)) {
			t.Errorf("%s: %q missing: the output checked is not what was recorded (%d bytes)", where, w, len(data))
		}
	}
}

// excerpt shows where a needle was found, for the failure message.
func excerpt(data []byte, needle string) string {
	i := bytes.Index(data, []byte(needle))
	lo, hi := max(i-80, 0), min(i+len(needle)+80, len(data))
	return strings.ToValidUTF8(string(data[lo:hi]), "?")
}

// syncBuffer is a bytes.Buffer that the span and metric exporters can
// write to at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) Bytes() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return bytes.Clone(s.b.Bytes())
}
