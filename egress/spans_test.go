package egress

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/semconv"
)

// exportStubs passes stubs through FilterSpans built with opts and returns
// what the next exporter received.
func exportStubs(t *testing.T, stubs tracetest.SpanStubs, opts ...Option) tracetest.SpanStubs {
	t.Helper()
	mem := tracetest.NewInMemoryExporter()
	if err := Spans(mem, opts...).ExportSpans(context.Background(), stubs.Snapshots()); err != nil {
		t.Fatalf("ExportSpans: %v", err)
	}
	got := mem.GetSpans()
	if len(got) != len(stubs) {
		t.Fatalf("exported %d spans, want %d", len(got), len(stubs))
	}
	return got
}

func testSpanContext(t byte) trace.SpanContext {
	return trace.NewSpanContext(trace.SpanContextConfig{
		TraceID:    trace.TraceID{t, 1},
		SpanID:     trace.SpanID{t, 2},
		TraceFlags: trace.FlagsSampled,
	})
}

func TestFilterSpansAttributeAllowlist(t *testing.T) {
	stats := &Counters{}
	in := tracetest.SpanStub{
		Name: "execute_tool read_file",
		Attributes: []attribute.KeyValue{
			semconv.GenAIOperationNameKey.String(semconv.OperationExecuteTool),
			attribute.String("user.email", "alice@example.com"),
			semconv.GenAIToolNameKey.String("read_file"),
			attribute.String("file.path", "/home/alice/secret.txt"),
			semconv.GenAIUsageInputTokensKey.Int(1200),
			attribute.String("http.route", "/v1/chat"),
		},
		DroppedAttributes: 2,
	}
	tests := []struct {
		name        string
		opts        []Option
		wantAttrs   []attribute.KeyValue
		wantDropped int
	}{
		{
			name: "semconv keys only",
			wantAttrs: []attribute.KeyValue{
				semconv.GenAIOperationNameKey.String(semconv.OperationExecuteTool),
				semconv.GenAIToolNameKey.String("read_file"),
				semconv.GenAIUsageInputTokensKey.Int(1200),
			},
			wantDropped: 2 + 3,
		},
		{
			name: "opted-in key",
			opts: []Option{WithAllowedKeys("http.route", "")},
			wantAttrs: []attribute.KeyValue{
				semconv.GenAIOperationNameKey.String(semconv.OperationExecuteTool),
				semconv.GenAIToolNameKey.String("read_file"),
				semconv.GenAIUsageInputTokensKey.Int(1200),
				attribute.String("http.route", "/v1/chat"),
			},
			wantDropped: 2 + 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := exportStubs(t, tracetest.SpanStubs{in}, append(tt.opts, WithCounters(stats))...)[0]
			if !slices.Equal(got.Attributes, tt.wantAttrs) {
				t.Errorf("attributes = %v, want %v", got.Attributes, tt.wantAttrs)
			}
			if got.DroppedAttributes != tt.wantDropped {
				t.Errorf("DroppedAttributes = %d, want %d", got.DroppedAttributes, tt.wantDropped)
			}
		})
	}
	if n := stats.Stats().DroppedAttributes; n != 5 {
		t.Errorf("stats.DroppedAttributes = %d, want 5", n)
	}
	if got, want := stats.Stats().DroppedKeys, []string{"file.path", "http.route", "user.email"}; !slices.Equal(got, want) {
		t.Errorf("stats.Stats().DroppedKeys = %v, want %v", got, want)
	}
}

func TestFilterStatsDroppedKeysBounded(t *testing.T) {
	stats := &Counters{}
	attrs := make([]attribute.KeyValue, 0, 200)
	for i := range 200 {
		attrs = append(attrs, attribute.Int(strings.Repeat("k", 100)+string(rune('A'+i%26))+strings.Repeat("x", i), i))
	}
	exportStubs(t, tracetest.SpanStubs{{Name: "s", Attributes: attrs}}, WithCounters(stats))
	keys := stats.Stats().DroppedKeys
	if len(keys) > maxDroppedKeys {
		t.Errorf("DroppedKeys holds %d names, want at most %d", len(keys), maxDroppedKeys)
	}
	for _, k := range keys {
		if len(k) > maxDroppedKeyLen {
			t.Errorf("DroppedKeys holds a %d-character name, want at most %d", len(k), maxDroppedKeyLen)
		}
	}
	if n := stats.Stats().DroppedAttributes; n != 200 {
		t.Errorf("stats.DroppedAttributes = %d, want 200", n)
	}
}

// Name-valued attributes that fail their grammar become "_OTHER"; free
// text is redacted and capped.
func TestFilterSpansRedactsAndCaps(t *testing.T) {
	f := newFakeRand(10)
	key := "sk-proj-" + f.from(fakeBase62, 100)
	gh := "ghp_" + f.from(fakeBase62, 36)
	stats := &Counters{}
	in := tracetest.SpanStub{
		Name: "chat gpt-4o",
		Attributes: []attribute.KeyValue{
			semconv.GenAIRequestModelKey.String("gpt-4o"),
			semconv.GenAIAgentNameKey.String("agent with key=" + key),
			semconv.CommandFlagsKey.StringSlice([]string{"model", gh, "debug"}),
			semconv.GenAIConversationIDKey.String(strings.Repeat("é", 300)),
			attribute.String("http.route", "/v1/"+key),
			attribute.String("http.note", strings.Repeat("é", 300)),
		},
		Status: sdktrace.Status{Code: codes.Error, Description: "auth failed for Bearer " + key},
	}
	opts := []Option{WithAllowedKeys("http.route", "http.note")}
	got := exportStubs(t, tracetest.SpanStubs{in}, append(opts, WithCounters(stats))...)[0]
	want := []attribute.KeyValue{
		semconv.GenAIRequestModelKey.String("gpt-4o"),
		semconv.GenAIAgentNameKey.String("_OTHER"),
		semconv.CommandFlagsKey.StringSlice([]string{"model", "_OTHER", "debug"}),
		semconv.GenAIConversationIDKey.String("_OTHER"),
		attribute.String("http.route", "/v1/"+RedactMarker),
		attribute.String("http.note", strings.Repeat("é", DefaultMaxValueLength)),
	}
	if !slices.Equal(got.Attributes, want) {
		t.Errorf("attributes = %v, want %v", got.Attributes, want)
	}
	// A free-text description is an error message: only the code leaves.
	if got.Status.Description != "" || got.Status.Code != codes.Error {
		t.Errorf("status = %+v, want Error without a description", got.Status)
	}
	if got.Name != in.Name {
		t.Errorf("name = %q, want %q", got.Name, in.Name)
	}
	if got.DroppedAttributes != 0 {
		t.Errorf("DroppedAttributes = %d, want 0", got.DroppedAttributes)
	}
	if st := stats.Stats(); st.RedactedValues != 1 || st.TruncatedValues != 1 || st.ReplacedNames != 4 {
		t.Errorf("stats = %+v; want 1 redacted, 1 truncated, 4 replaced (3 names, 1 description)", st)
	}

	// A configured cap applies to free text and span names; an error.type
	// longer than a class may be becomes "_OTHER", and so does the status
	// description that must equal it.
	in.Name = strings.Repeat("n", 50)
	in.Attributes = append(in.Attributes, semconv.ErrorTypeKey.String(strings.Repeat("e", 80)))
	in.Status.Description = strings.Repeat("e", 80)
	got = exportStubs(t, tracetest.SpanStubs{in}, append(opts, WithMaxValueLength(10), WithMaxValueLength(0))...)[0]
	if got.Name != strings.Repeat("n", 10) {
		t.Errorf("name = %q, want 10 characters", got.Name)
	}
	if v := got.Attributes[0].Value.AsString(); v != "gpt-4o" {
		t.Errorf("model = %q, want it unchanged", v)
	}
	if v := got.Attributes[4].Value.AsString(); v != "/v1/[REDAC" {
		t.Errorf("http.route = %q, want %q", v, "/v1/[REDAC")
	}
	if got.Status.Description != "_OTHER" {
		t.Errorf("status description = %q, want _OTHER", got.Status.Description)
	}
}

func TestFilterSpansContentCapture(t *testing.T) {
	f := newFakeRand(11)
	key := "sk-ant-api03-" + f.from(fakeBase62, 90)
	prompt := "Summarise this file. My key is " + key + ". " + strings.Repeat("lorem ipsum ", 100)
	in := tracetest.SpanStub{
		Name: "chat claude",
		Attributes: []attribute.KeyValue{
			semconv.GenAIRequestModelKey.String("claude"),
			semconv.GenAIInputMessagesKey.String(prompt),
		},
	}
	tests := []struct {
		name string
		opts []Option
		want []attribute.KeyValue
	}{
		{
			name: "off by default",
			want: []attribute.KeyValue{semconv.GenAIRequestModelKey.String("claude")},
		},
		{
			name: "allowed keys cannot opt content in",
			opts: []Option{WithAllowedKeys(string(semconv.GenAIInputMessagesKey))},
			want: []attribute.KeyValue{semconv.GenAIRequestModelKey.String("claude")},
		},
		{
			name: "on: redacted, content cap",
			opts: []Option{WithContentCapture(true)},
			want: []attribute.KeyValue{
				semconv.GenAIRequestModelKey.String("claude"),
				semconv.GenAIInputMessagesKey.String(strings.ReplaceAll(prompt, key, RedactMarker)),
			},
		},
		{
			name: "on, smaller content cap",
			opts: []Option{WithContentCapture(true), WithMaxContentLength(20)},
			want: []attribute.KeyValue{
				semconv.GenAIRequestModelKey.String("claude"),
				semconv.GenAIInputMessagesKey.String(prompt[:20]),
			},
		},
		{
			name: "turned off again",
			opts: []Option{WithContentCapture(true), WithContentCapture(false)},
			want: []attribute.KeyValue{semconv.GenAIRequestModelKey.String("claude")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := exportStubs(t, tracetest.SpanStubs{in}, tt.opts...)[0]
			if !slices.Equal(got.Attributes, tt.want) {
				t.Errorf("attributes = %v, want %v", got.Attributes, tt.want)
			}
		})
	}
}

// TestFilterSpansRecordError uses the real SDK: what span.RecordError
// attaches must not leave, except the error's type.
func TestFilterSpansRecordError(t *testing.T) {
	mem := tracetest.NewInMemoryExporter()
	stats := &Counters{}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(Spans(mem,
		WithCounters(stats),
		WithAllowedKeys("exception.message", "exception.stacktrace"), // cannot opt these in
		WithEventNames("checkpoint"),
	)))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })

	_, span := tp.Tracer("test").Start(context.Background(), "execute_tool read_file")
	span.RecordError(errors.New("open /home/alice/notes.txt: permission denied"), trace.WithStackTrace(true))
	span.AddEvent("user said", trace.WithAttributes(attribute.String("text", "my password is hunter2")))
	span.AddEvent("checkpoint", trace.WithAttributes(semconv.GenAIToolNameKey.String("read_file"), attribute.String("path", "/etc")))
	span.SetAttributes(semconv.ErrorTypeKey.String("permission_denied"))
	span.SetStatus(codes.Error, "permission_denied")
	span.End()

	spans := mem.GetSpans()
	if len(spans) != 1 {
		t.Fatalf("exported %d spans, want 1", len(spans))
	}
	got := spans[0]
	if len(got.Events) != 2 {
		t.Fatalf("events = %+v, want exception and checkpoint", got.Events)
	}
	exc, cp := got.Events[0], got.Events[1]
	if exc.Name != "exception" || len(exc.Attributes) != 1 || exc.Attributes[0] != attribute.String("exception.type", "*errors.errorString") {
		t.Errorf("exception event = %+v, want only exception.type", exc)
	}
	if exc.DroppedAttributeCount != 2 {
		t.Errorf("exception event DroppedAttributeCount = %d, want 2 (message, stacktrace)", exc.DroppedAttributeCount)
	}
	if cp.Name != "checkpoint" || !slices.Equal(cp.Attributes, []attribute.KeyValue{semconv.GenAIToolNameKey.String("read_file")}) || cp.DroppedAttributeCount != 1 {
		t.Errorf("checkpoint event = %+v, want the tool name only", cp)
	}
	if got.DroppedEvents != 1 {
		t.Errorf("DroppedEvents = %d, want 1", got.DroppedEvents)
	}
	if n := stats.Stats().DroppedEvents; n != 1 {
		t.Errorf("stats.DroppedEvents = %d, want 1", n)
	}
	if got.Status.Description != "permission_denied" {
		t.Errorf("status description = %q, want it unchanged", got.Status.Description)
	}
	for _, ev := range got.Events {
		for _, kv := range ev.Attributes {
			if strings.Contains(kv.Value.Emit(), "alice") || strings.Contains(kv.Value.Emit(), "hunter2") {
				t.Errorf("event %q leaks %v", ev.Name, kv)
			}
		}
	}
}

func TestFilterSpansLinks(t *testing.T) {
	link := sdktrace.Link{
		SpanContext: testSpanContext(7),
		Attributes: []attribute.KeyValue{
			semconv.GenAIAgentNameKey.String("planner"),
			attribute.String("prompt", "secret plans"),
		},
		DroppedAttributeCount: 1,
	}
	clean := sdktrace.Link{SpanContext: testSpanContext(8)}
	got := exportStubs(t, tracetest.SpanStubs{{Name: "s", Links: []sdktrace.Link{clean, link}}})[0]
	want := []sdktrace.Link{
		clean,
		{
			SpanContext:           testSpanContext(7),
			Attributes:            []attribute.KeyValue{semconv.GenAIAgentNameKey.String("planner")},
			DroppedAttributeCount: 2,
		},
	}
	if len(got.Links) != 2 {
		t.Fatalf("links = %+v, want %+v", got.Links, want)
	}
	for i := range want {
		g, w := got.Links[i], want[i]
		if !g.SpanContext.Equal(w.SpanContext) || !slices.Equal(g.Attributes, w.Attributes) || g.DroppedAttributeCount != w.DroppedAttributeCount {
			t.Errorf("link %d = %+v, want %+v", i, g, w)
		}
	}
}

func TestFilterSpansResource(t *testing.T) {
	res := resource.NewWithAttributes("https://opentelemetry.io/schemas/1.26.0",
		attribute.String("service.name", "myagent"),
		attribute.String("service.version", "1.2.3"),
		attribute.String("deployment.environment.name", "dev"),
		attribute.String("telemetry.sdk.language", "go"),
		attribute.String("host.name", "alice-laptop"),
		attribute.String("process.owner", "alice"),
		attribute.StringSlice("process.command_args", []string{"myagent", "run", "--api-key", "x"}),
		attribute.String("team", "platform"),
		attribute.String("service.namespace", "ghp_"+newFakeRand(12).from(fakeBase62, 36)),
	)
	tests := []struct {
		name string
		opts []Option
		want *resource.Resource
	}{
		{
			name: "built-in allowlist",
			want: resource.NewWithAttributes(res.SchemaURL(),
				attribute.String("service.name", "myagent"),
				attribute.String("service.version", "1.2.3"),
				attribute.String("deployment.environment.name", "dev"),
				attribute.String("telemetry.sdk.language", "go"),
				attribute.String("service.namespace", RedactMarker),
			),
		},
		{
			name: "user-set resource keys and allowed keys",
			opts: []Option{WithResourceKeys("team"), WithAllowedKeys("host.name")},
			want: resource.NewWithAttributes(res.SchemaURL(),
				attribute.String("service.name", "myagent"),
				attribute.String("service.version", "1.2.3"),
				attribute.String("deployment.environment.name", "dev"),
				attribute.String("telemetry.sdk.language", "go"),
				attribute.String("service.namespace", RedactMarker),
				attribute.String("team", "platform"),
				attribute.String("host.name", "alice-laptop"),
			),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := exportStubs(t, tracetest.SpanStubs{{Name: "a", Resource: res}, {Name: "b", Resource: res}}, tt.opts...)
			for _, s := range got {
				if !s.Resource.Equal(tt.want) || s.Resource.SchemaURL() != tt.want.SchemaURL() {
					t.Errorf("resource = %v, want %v", s.Resource, tt.want)
				}
			}
			if got[0].Resource != got[1].Resource {
				t.Errorf("the resource was filtered twice; want one filtered resource shared by both spans")
			}
		})
	}
}

func TestFilterSpansDoesNotModifyInput(t *testing.T) {
	f := newFakeRand(13)
	key := "AKIA" + f.from(fakeUpper+fakeDigits, 16)
	stub := tracetest.SpanStub{
		Name:        "chat " + key,
		SpanContext: testSpanContext(1),
		Attributes: []attribute.KeyValue{
			attribute.String("x", "y"),
			semconv.CommandFlagsKey.StringSlice([]string{key}),
		},
		Events: []sdktrace.Event{
			{Name: "exception", Attributes: []attribute.KeyValue{attribute.String("exception.message", key)}},
			{Name: "other"},
		},
		Links:    []sdktrace.Link{{SpanContext: testSpanContext(2), Attributes: []attribute.KeyValue{attribute.String("x", "y")}}},
		Status:   sdktrace.Status{Code: codes.Error, Description: key},
		Resource: resource.NewSchemaless(attribute.String("host.name", "h")),
	}
	snap := sdktrace.ReadOnlySpan(&ptrSpan{stub.Snapshot()})
	before := tracetest.SpanStubFromReadOnlySpan(snap)
	flags := before.Attributes[1].Value.AsStringSlice()

	in := []sdktrace.ReadOnlySpan{snap}
	mem := tracetest.NewInMemoryExporter()
	if err := Spans(mem).ExportSpans(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	if in[0] != snap {
		t.Errorf("the input slice was modified")
	}
	after := tracetest.SpanStubFromReadOnlySpan(snap)
	if after.Name != before.Name || !slices.Equal(after.Attributes, before.Attributes) ||
		!slices.Equal(after.Attributes[1].Value.AsStringSlice(), flags) ||
		len(after.Events) != 2 || after.Events[0].Attributes[0].Value.AsString() != key ||
		after.Status != before.Status || !after.Resource.Equal(before.Resource) ||
		!slices.Equal(after.Links[0].Attributes, before.Links[0].Attributes) {
		t.Errorf("input span changed:\nbefore %+v\nafter  %+v", before, after)
	}
	if out := mem.GetSpans()[0]; strings.Contains(out.Name, key) || out.Status.Description != "" {
		t.Errorf("exported span = %+v, want the key redacted", out)
	}
}

func TestFilterSpansPassesCleanSpanAsIs(t *testing.T) {
	res := resource.NewSchemaless(attribute.String("service.name", "myagent"))
	snap := tracetest.SpanStub{
		Name:       "invoke_agent coder",
		Attributes: []attribute.KeyValue{semconv.GenAIAgentNameKey.String("coder")},
		Events:     []sdktrace.Event{{Name: "exception", Attributes: []attribute.KeyValue{attribute.String("exception.type", "*os.PathError")}}},
		Resource:   res,
	}.Snapshot()
	snap = &ptrSpan{snap}
	var got []sdktrace.ReadOnlySpan
	exp := Spans(exporterFunc(func(spans []sdktrace.ReadOnlySpan) { got = spans }))
	in := []sdktrace.ReadOnlySpan{snap}
	if err := exp.ExportSpans(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != snap {
		t.Fatalf("a clean span was wrapped: got %T", got[0])
	}
	allocs := testing.AllocsPerRun(100, func() { _ = exp.ExportSpans(context.Background(), in) })
	if allocs != 0 {
		t.Errorf("exporting a clean span allocates %v times, want 0", allocs)
	}
}

func TestFilterSpansShutdown(t *testing.T) {
	mem := tracetest.NewInMemoryExporter()
	exp := Spans(mem)
	if err := exp.ExportSpans(context.Background(), tracetest.SpanStubs{{Name: "s"}}.Snapshots()); err != nil {
		t.Fatal(err)
	}
	if err := exp.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(mem.GetSpans()); n != 0 {
		t.Errorf("after Shutdown the next exporter holds %d spans, want 0 (Shutdown not passed on)", n)
	}
}

// ptrSpan makes a span comparable with ==, to check identity (the
// tracetest snapshot is a struct with slices).
type ptrSpan struct{ sdktrace.ReadOnlySpan }

// exporterFunc is a SpanExporter that hands each batch to a function.
type exporterFunc func([]sdktrace.ReadOnlySpan)

func (f exporterFunc) ExportSpans(_ context.Context, s []sdktrace.ReadOnlySpan) error {
	f(s)
	return nil
}
func (exporterFunc) Shutdown(context.Context) error { return nil }

// benchSpan is a typical exported span: a chat call with nine attributes
// (one of them unknown to semconv), two events and the default resource.
func benchSpan() sdktrace.ReadOnlySpan {
	return tracetest.SpanStub{
		Name:        "chat gpt-4o",
		SpanContext: testSpanContext(1),
		Parent:      testSpanContext(2),
		SpanKind:    trace.SpanKindClient,
		Attributes: []attribute.KeyValue{
			semconv.GenAIOperationNameKey.String(semconv.OperationChat),
			semconv.GenAIRequestModelKey.String("gpt-4o"),
			semconv.GenAIResponseModelKey.String("gpt-4o-2024-08-06"),
			semconv.GenAIProviderNameKey.String("openai"),
			semconv.GenAIAgentNameKey.String("coder"),
			semconv.GenAIConversationIDKey.String("f47ac10b-58cc-4372-a567-0e02b2c3d479"),
			semconv.GenAIUsageInputTokensKey.Int(1200),
			semconv.GenAIUsageOutputTokensKey.Int(350),
			attribute.String("http.url", "https://api.openai.com/v1/chat/completions"),
		},
		Events: []sdktrace.Event{
			{Name: "exception", Attributes: []attribute.KeyValue{
				attribute.String("exception.type", "*url.Error"),
				attribute.String("exception.message", "Post https://api.openai.com/v1/chat/completions: EOF"),
			}},
			{Name: "retry"},
		},
		Status:               sdktrace.Status{Code: codes.Error, Description: "timeout"},
		Resource:             resource.Default(),
		InstrumentationScope: instrumentation.Scope{Name: "github.com/otelagent/otelagent-go/otelagent"},
	}.Snapshot()
}

// BenchmarkFilterSpans compares exporting a typical span with and without
// the filter, into an exporter that does nothing (the filter's own cost)
// and into stdouttrace writing to io.Discard (an exporter that encodes,
// like OTLP does).
func BenchmarkFilterSpans(b *testing.B) {
	spans := []sdktrace.ReadOnlySpan{benchSpan()}
	stdout, err := stdouttrace.New(stdouttrace.WithWriter(io.Discard))
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		exp  sdktrace.SpanExporter
	}{
		{"discard/raw", exporterFunc(func([]sdktrace.ReadOnlySpan) {})},
		{"discard/filtered", Spans(exporterFunc(func([]sdktrace.ReadOnlySpan) {}))},
		{"stdout/raw", stdout},
		{"stdout/filtered", Spans(stdout)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			ctx := context.Background()
			for b.Loop() {
				if err := bc.exp.ExportSpans(ctx, spans); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// The status description is free text to the SDK; only the error class
// otelagent puts there (equal to error.type) may leave.
func TestFilterSpansStatusDescriptionIsTheErrorClass(t *testing.T) {
	key := "sk-proj-" + newFakeRand(30).from(fakeBase62, 48)
	tests := []struct {
		name   string
		attrs  []attribute.KeyValue
		status sdktrace.Status
		want   sdktrace.Status
	}{
		{
			name:   "class equal to error.type",
			attrs:  []attribute.KeyValue{semconv.ErrorTypeKey.String("timeout")},
			status: sdktrace.Status{Code: codes.Error, Description: "timeout"},
			want:   sdktrace.Status{Code: codes.Error, Description: "timeout"},
		},
		{
			name:   "message without error.type",
			status: sdktrace.Status{Code: codes.Error, Description: "open /home/alice/notes.txt: permission denied"},
			want:   sdktrace.Status{Code: codes.Error},
		},
		{
			name:   "message with error.type",
			attrs:  []attribute.KeyValue{semconv.ErrorTypeKey.String("*fs.PathError")},
			status: sdktrace.Status{Code: codes.Error, Description: "open /home/alice/notes.txt: permission denied"},
			want:   sdktrace.Status{Code: codes.Error, Description: "*fs.PathError"},
		},
		{
			name:   "credential as the class",
			attrs:  []attribute.KeyValue{semconv.ErrorTypeKey.String(key)},
			status: sdktrace.Status{Code: codes.Error, Description: key},
			want:   sdktrace.Status{Code: codes.Error, Description: "_OTHER"},
		},
		{
			name:   "no description",
			status: sdktrace.Status{Code: codes.Ok},
			want:   sdktrace.Status{Code: codes.Ok},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := exportStubs(t, tracetest.SpanStubs{{Name: "execute_tool grep", Attributes: tt.attrs, Status: tt.status}})[0]
			if got.Status != tt.want {
				t.Errorf("status = %+v, want %+v", got.Status, tt.want)
			}
		})
	}
}

// Scope attributes are set by whoever creates a tracer; they pass the same
// allowlist as span attributes.
func TestFilterSpansScopeAttributes(t *testing.T) {
	mem := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(Spans(mem, WithScopeNames("myagent"))))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	tracer := tp.Tracer("myagent", trace.WithInstrumentationVersion("1.2.3"), trace.WithInstrumentationAttributes(
		attribute.String("user.home", "/home/alice"),
		semconv.GenAIAgentNameKey.String("coder"),
	))
	_, span := tracer.Start(context.Background(), "run")
	span.End()

	got := mem.GetSpans()[0]
	want := instrumentation.Scope{Name: "myagent", Version: "1.2.3", Attributes: attribute.NewSet(semconv.GenAIAgentNameKey.String("coder"))}
	if got.InstrumentationScope.Name != want.Name || got.InstrumentationScope.Version != want.Version ||
		!got.InstrumentationScope.Attributes.Equals(&want.Attributes) {
		t.Errorf("scope = %+v, want %+v", got.InstrumentationScope, want)
	}
	if !got.InstrumentationLibrary.Attributes.Equals(&want.Attributes) {
		t.Errorf("library = %+v, want %+v", got.InstrumentationLibrary, want)
	}
}

// exception.message and exception.stacktrace never leave, not even on the
// resource and not even when the user opts them in.
func TestFilterSpansNeverKeysOnResource(t *testing.T) {
	res := resource.NewSchemaless(
		attribute.String("exception.message", "open /home/alice/plan.md"),
		attribute.String("exception.stacktrace", "main.go:12"),
		attribute.String("service.name", "myagent"),
	)
	got := exportStubs(t, tracetest.SpanStubs{{Name: "run", Resource: res}},
		WithResourceKeys("exception.message"), WithAllowedKeys("exception.stacktrace"))[0]
	if want := resource.NewSchemaless(attribute.String("service.name", "myagent")); !got.Resource.Equal(want) {
		t.Errorf("resource = %v, want %v", got.Resource, want)
	}
}

// error.type and exception.type set through the raw API hold error
// classes: an error's text becomes "_OTHER", on the attribute, the event
// and the status description alike (issue 10, item 5).
func TestFilterSpansErrorClassRules(t *testing.T) {
	msg := "open /home/alice/plan.md: permission denied"
	for _, tt := range []struct{ class, want string }{
		{msg, "_OTHER"},
		{"dial tcp 10.0.0.7:5432", "_OTHER"},
		{"timeout", "timeout"},
		{"*fs.PathError", "*fs.PathError"},
		// A generic type over a module's type, as reflect (and so
		// span.RecordError) spells it: its package path looks like a host.
		{"*pkg.Err[example.com/x.T]", "*pkg.Err[example.com/x.T]"},
		{"503", "503"},
	} {
		got := exportStubs(t, tracetest.SpanStubs{{
			Name:       "execute_tool grep",
			Attributes: []attribute.KeyValue{semconv.ErrorTypeKey.String(tt.class)},
			Events:     []sdktrace.Event{{Name: "exception", Attributes: []attribute.KeyValue{attribute.String("exception.type", tt.class)}}},
			Status:     sdktrace.Status{Code: codes.Error, Description: tt.class},
		}})[0]
		if v := got.Attributes[0].Value.AsString(); v != tt.want {
			t.Errorf("error.type %q -> %q, want %q", tt.class, v, tt.want)
		}
		if v := got.Events[0].Attributes[0].Value.AsString(); v != tt.want {
			t.Errorf("exception.type %q -> %q, want %q", tt.class, v, tt.want)
		}
		if got.Status.Description != tt.want {
			t.Errorf("status %q -> %q, want %q", tt.class, got.Status.Description, tt.want)
		}
	}
}

// Scope names other than otelagent's and opted-in ones leave as "_OTHER";
// a version must look like one and a schema URL must be OpenTelemetry's.
func TestFilterSpansScopeIdentity(t *testing.T) {
	mem := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(Spans(mem)))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	for _, tr := range []trace.Tracer{
		tp.Tracer("summarize /home/alice/plan.md", trace.WithInstrumentationVersion("key=hunter2"), trace.WithSchemaURL("https://evil.example/?q=alice")),
		tp.Tracer(ownScopeForTest, trace.WithInstrumentationVersion("v0.3.1"), trace.WithSchemaURL("https://opentelemetry.io/schemas/1.41.0")),
	} {
		_, span := tr.Start(context.Background(), "run")
		span.End()
	}
	spans := mem.GetSpans()
	if sc := spans[0].InstrumentationScope; sc.Name != "_OTHER" || sc.Version != "" || sc.SchemaURL != "" {
		t.Errorf("foreign scope = %+v, want _OTHER without version and schema URL", sc)
	}
	if sc := spans[1].InstrumentationScope; sc.Name != ownScopeForTest || sc.Version != "v0.3.1" || sc.SchemaURL != "https://opentelemetry.io/schemas/1.41.0" {
		t.Errorf("own scope = %+v, want it unchanged", sc)
	}
}

// mcp.method.name set through the raw API holds only methods the MCP
// specification defines.
func TestFilterSpansMCPMethod(t *testing.T) {
	got := exportStubs(t, tracetest.SpanStubs{
		{Name: "tools/call", Attributes: []attribute.KeyValue{semconv.MCPMethodNameKey.String("tools/call")}},
		{Name: "x", Attributes: []attribute.KeyValue{semconv.MCPMethodNameKey.String("x-custom/secret-payload alice")}},
	})
	if v := got[0].Attributes[0].Value.AsString(); v != "tools/call" {
		t.Errorf("known method = %q, want it unchanged", v)
	}
	if v := got[1].Attributes[0].Value.AsString(); v != "_OTHER" {
		t.Errorf("unknown method = %q, want _OTHER", v)
	}
}

// A value of another type than semconv gives its key never leaves: a count
// key cannot carry text (a prompt, a path) past the filter.
func TestFilterSpansDropsValuesOfTheWrongType(t *testing.T) {
	in := tracetest.SpanStub{
		Name: "chat m",
		Attributes: []attribute.KeyValue{
			attribute.String(string(semconv.GenAIUsageInputTokensKey), "summarise /home/alice/notes.txt"),
			attribute.Int(string(semconv.GenAIRequestModelKey), 4),
			semconv.GenAIUsageOutputTokensKey.Int(7),
		},
	}
	got := exportStubs(t, tracetest.SpanStubs{in})[0]
	if want := []attribute.KeyValue{semconv.GenAIUsageOutputTokensKey.Int(7)}; !slices.Equal(got.Attributes, want) {
		t.Errorf("attributes = %v, want %v", got.Attributes, want)
	}
	if got.DroppedAttributes != 2 {
		t.Errorf("DroppedAttributes = %d, want 2", got.DroppedAttributes)
	}
}

// The scope rules at their bounds: otelagent's scopes are those under its
// module path, a version is at most 32 characters of a semantic version,
// and a schema URL is OpenTelemetry's with such a version.
func TestFilterSpansScopeBounds(t *testing.T) {
	const schemas = "https://opentelemetry.io/schemas/"
	v32 := "1.2.3-rc." + strings.Repeat("a", 23)
	for _, tt := range []struct {
		in, want instrumentation.Scope
	}{
		{instrumentation.Scope{Name: ownScopePrefix + "-fork"}, instrumentation.Scope{Name: "_OTHER"}},
		{instrumentation.Scope{Name: ownScopePrefix + "/x", Version: v32}, instrumentation.Scope{Name: ownScopePrefix + "/x", Version: v32}},
		{instrumentation.Scope{Name: ownScopePrefix + "/x", Version: v32 + "a"}, instrumentation.Scope{Name: ownScopePrefix + "/x"}},
		{instrumentation.Scope{Name: ownScopePrefix + "/x", Version: "1.2.3+build.5"}, instrumentation.Scope{Name: ownScopePrefix + "/x", Version: "1.2.3+build.5"}},
		{instrumentation.Scope{Name: ownScopePrefix + "/x", Version: "sk-" + strings.Repeat("aB3", 7)}, instrumentation.Scope{Name: ownScopePrefix + "/x"}},
		{instrumentation.Scope{Name: ownScopePrefix + "/x", SchemaURL: schemas + v32}, instrumentation.Scope{Name: ownScopePrefix + "/x", SchemaURL: schemas + v32}},
		{instrumentation.Scope{Name: ownScopePrefix + "/x", SchemaURL: schemas + v32 + "a"}, instrumentation.Scope{Name: ownScopePrefix + "/x"}},
		{instrumentation.Scope{Name: ownScopePrefix + "/x", SchemaURL: schemas + "1.0?u=alice"}, instrumentation.Scope{Name: ownScopePrefix + "/x"}},
	} {
		ctr := &Counters{}
		got := exportStubs(t, tracetest.SpanStubs{{Name: "run", InstrumentationScope: tt.in}}, WithCounters(ctr))[0].InstrumentationScope
		if got.Name != tt.want.Name || got.Version != tt.want.Version || got.SchemaURL != tt.want.SchemaURL {
			t.Errorf("scope %+v -> %+v, want %+v", tt.in, got, tt.want)
		}
		want := int64(0)
		if tt.want.Name != tt.in.Name {
			want = 1
		}
		if n := ctr.Stats().ReplacedScopes; n != want {
			t.Errorf("scope %+v: ReplacedScopes = %d, want %d", tt.in, n, want)
		}
	}
}

// Events dropped by the filter add to those the SDK dropped already.
func TestFilterSpansDroppedEventsAdd(t *testing.T) {
	got := exportStubs(t, tracetest.SpanStubs{{
		Name:          "chat m",
		Events:        []sdktrace.Event{{Name: "gen_ai.user.message"}, {Name: "exception"}},
		DroppedEvents: 2,
	}})[0]
	if len(got.Events) != 1 || got.Events[0].Name != "exception" || got.DroppedEvents != 3 {
		t.Errorf("events %v, DroppedEvents %d; want [exception], 3", got.Events, got.DroppedEvents)
	}
}

// A resource whose attributes all pass still loses a schema URL that is not
// OpenTelemetry's.
func TestFilterSpansResourceSchemaURL(t *testing.T) {
	res := resource.NewWithAttributes("https://evil.example/?u=alice", attribute.String("service.name", "myagent"))
	got := exportStubs(t, tracetest.SpanStubs{{Name: "run", Resource: res}})[0]
	if got.Resource.SchemaURL() != "" || !got.Resource.Equal(resource.NewSchemaless(attribute.String("service.name", "myagent"))) {
		t.Errorf("resource = %v, schema URL %q; want service.name only, no schema URL", got.Resource, got.Resource.SchemaURL())
	}
}

// TestFilterSpansServerAddress: server.address set through the raw API is
// held to the API's host rule: a machine on the user's network is _OTHER.
func TestFilterSpansServerAddress(t *testing.T) {
	for addr, want := range map[string]string{
		"api.openai.com":       "api.openai.com",
		"127.0.0.1":            "127.0.0.1",
		"alices-macbook.local": "_OTHER",
		"alices-macbook":       "_OTHER",
		"https://x.example/v1": "_OTHER",
	} {
		got := exportStubs(t, tracetest.SpanStubs{{Name: "chat", Attributes: []attribute.KeyValue{semconv.ServerAddressKey.String(addr)}}})
		if len(got[0].Attributes) != 1 || got[0].Attributes[0].Value.AsString() != want {
			t.Errorf("server.address %q left as %v, want %q", addr, got[0].Attributes, want)
		}
	}
}
