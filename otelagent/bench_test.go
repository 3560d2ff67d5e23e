package otelagent_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// Each benchmark pairs otelagent with "raw": hand-written OpenTelemetry SDK
// code that builds its attributes on every call, and "best" (see
// bench_best_test.go): the same code with everything constant built once.
// Both produce the same spans, attributes and metric records, run in
// the same process, so the ratio is the cost of the library itself. Spans
// are ended into a processor that drops them, metrics aggregated by a
// manual reader: exporting is measured in the exporters package. Raw code
// records each metric with the context otelagent records it with (the
// span's where otelagent passes it), since a sampled span in the context
// makes the SDK offer the measurement as an exemplar.

type dropProcessor struct{}

func (dropProcessor) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (dropProcessor) OnEnd(sdktrace.ReadOnlySpan)                     {}
func (dropProcessor) Shutdown(context.Context) error                  { return nil }
func (dropProcessor) ForceFlush(context.Context) error                { return nil }

type benchEnv struct {
	tp     *sdktrace.TracerProvider
	mp     *sdkmetric.MeterProvider
	tracer trace.Tracer
	meter  metric.Meter
	tel    *otelagent.Telemetry
}

func newBenchEnv(b *testing.B) *benchEnv {
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(dropProcessor{}))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	b.Cleanup(func() {
		_ = tp.Shutdown(context.Background())
		_ = mp.Shutdown(context.Background())
	})
	return &benchEnv{
		tp: tp, mp: mp,
		tracer: tp.Tracer("raw"),
		meter:  mp.Meter("raw"),
		tel:    otelagent.New(otelagent.WithTracerProvider(tp), otelagent.WithMeterProvider(mp)),
	}
}

var errBench = errors.New("tool failed")

func BenchmarkToolCall(b *testing.B) {
	env := newBenchEnv(b)
	ctx, session := env.tel.StartSession(context.Background(), otelagent.Agent{Name: "coder", SessionID: "s-1"})
	defer session.End(nil)
	tool := otelagent.Tool{Name: "read_file", Type: "function", CallID: "call_1"}

	b.Run("otelagent", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, call := env.tel.StartToolCall(ctx, tool)
			call.End(errBench)
		}
	})
	b.Run("raw", func(b *testing.B) {
		hist, _ := env.meter.Float64Histogram(semconv.ExecuteToolDurationName,
			metric.WithExplicitBucketBoundaries(semconv.OperationDurationBuckets...))
		sessionErrors, _ := env.meter.Int64Counter(semconv.SessionErrorsName)
		b.ReportAllocs()
		for b.Loop() {
			start := time.Now()
			tctx, span := env.tracer.Start(ctx, "execute_tool read_file", trace.WithSpanKind(trace.SpanKindInternal),
				trace.WithAttributes(
					semconv.GenAIOperationNameKey.String("execute_tool"),
					semconv.GenAIToolNameKey.String("read_file"),
					semconv.GenAIToolTypeKey.String("function"),
					semconv.GenAIToolCallIDKey.String("call_1"),
					semconv.GenAIAgentNameKey.String("coder"),
					semconv.GenAIConversationIDKey.String("s-1")))
			span.SetAttributes(semconv.ErrorTypeKey.String("_OTHER"))
			span.SetStatus(codes.Error, "_OTHER")
			span.End()
			hist.Record(tctx, time.Since(start).Seconds(), metric.WithAttributes(
				semconv.GenAIToolNameKey.String("read_file"),
				semconv.GenAIToolTypeKey.String("function"),
				semconv.GenAIAgentNameKey.String("coder"),
				semconv.ErrorTypeKey.String("_OTHER")))
			sessionErrors.Add(context.Background(), 1, metric.WithAttributes(
				semconv.GenAIOperationNameKey.String("execute_tool"),
				semconv.GenAIAgentNameKey.String("coder"),
				semconv.ErrorTypeKey.String("_OTHER")))
		}
	})
	benchBest(b, env, ctx, bestToolCall)
}

func BenchmarkRecordToolCall(b *testing.B) {
	env := newBenchEnv(b)
	ctx := context.Background()
	b.Run("otelagent", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			env.tel.RecordToolCall(ctx, "filesystem", "session-id", "agentName", 500*time.Millisecond, nil)
		}
	})
	b.Run("raw", func(b *testing.B) {
		hist, _ := env.meter.Float64Histogram(semconv.ExecuteToolDurationName,
			metric.WithExplicitBucketBoundaries(semconv.OperationDurationBuckets...))
		b.ReportAllocs()
		for b.Loop() {
			end := time.Now()
			sctx, span := env.tracer.Start(ctx, "execute_tool filesystem", trace.WithSpanKind(trace.SpanKindInternal),
				trace.WithTimestamp(end.Add(-500*time.Millisecond)),
				trace.WithAttributes(
					semconv.GenAIOperationNameKey.String("execute_tool"),
					semconv.GenAIToolNameKey.String("filesystem"),
					semconv.GenAIAgentNameKey.String("agentName"),
					semconv.GenAIConversationIDKey.String("session-id")))
			span.End(trace.WithTimestamp(end))
			hist.Record(sctx, 0.5, metric.WithAttributes(
				semconv.GenAIToolNameKey.String("filesystem"),
				semconv.GenAIAgentNameKey.String("agentName")))
		}
	})
	benchBest(b, env, ctx, bestRecordToolCall)
}

func BenchmarkSession(b *testing.B) {
	env := newBenchEnv(b)
	ctx := context.Background()
	agent := otelagent.Agent{Name: "coder", SessionID: "s-1", Model: "gpt-4o", Provider: "openai"}
	b.Run("otelagent", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, s := env.tel.StartSession(ctx, agent)
			s.End(nil)
		}
	})
	b.Run("raw", func(b *testing.B) {
		hist, _ := env.meter.Float64Histogram(semconv.InvokeAgentDurationName,
			metric.WithExplicitBucketBoundaries(semconv.InvokeAgentDurationBuckets...))
		b.ReportAllocs()
		for b.Loop() {
			start := time.Now()
			sctx, span := env.tracer.Start(ctx, "invoke_agent coder", trace.WithSpanKind(trace.SpanKindInternal),
				trace.WithAttributes(
					semconv.GenAIOperationNameKey.String("invoke_agent"),
					semconv.GenAIAgentNameKey.String("coder"),
					semconv.GenAIConversationIDKey.String("s-1"),
					semconv.GenAIRequestModelKey.String("gpt-4o"),
					semconv.GenAIProviderNameKey.String("openai")))
			_ = context.WithValue(sctx, struct{}{}, span) // the session a raw program would carry too
			span.SetAttributes(semconv.SessionToolCallsKey.Int64(0), semconv.SessionChatCallsKey.Int64(0), semconv.SessionErrorsKey.Int64(0))
			span.End()
			hist.Record(ctx, time.Since(start).Seconds(), metric.WithAttributes(
				semconv.GenAIAgentNameKey.String("coder"),
				semconv.GenAIRequestModelKey.String("gpt-4o"),
				semconv.GenAIProviderNameKey.String("openai")))
		}
	})
	benchBest(b, env, ctx, bestSession)
}

func BenchmarkChat(b *testing.B) {
	env := newBenchEnv(b)
	ctx := context.Background()
	usage := otelagent.Usage{InputTokens: 1200, OutputTokens: 300, CacheReadInputTokens: 800}
	b.Run("otelagent", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, c := env.tel.StartChat(ctx, otelagent.ChatRequest{Model: "gpt-4o", Provider: "openai"})
			c.SetUsage(usage)
			c.End(nil)
		}
	})
	b.Run("raw", func(b *testing.B) {
		dur, _ := env.meter.Float64Histogram(semconv.ClientOperationDurationName,
			metric.WithExplicitBucketBoundaries(semconv.OperationDurationBuckets...))
		tokens, _ := env.meter.Int64Histogram(semconv.ClientTokenUsageName,
			metric.WithExplicitBucketBoundaries(semconv.TokenUsageBuckets...))
		cost, _ := env.meter.Float64Counter(semconv.CostUsageName)
		price, _ := otelPrice("gpt-4o")
		b.ReportAllocs()
		for b.Loop() {
			start := time.Now()
			sctx, span := env.tracer.Start(ctx, "chat gpt-4o", trace.WithSpanKind(trace.SpanKindClient),
				trace.WithAttributes(
					semconv.GenAIOperationNameKey.String("chat"),
					semconv.GenAIRequestModelKey.String("gpt-4o"),
					semconv.GenAIProviderNameKey.String("openai")))
			usd := price(usage)
			span.SetAttributes(
				semconv.GenAIUsageInputTokensKey.Int64(1200), semconv.GenAIUsageOutputTokensKey.Int64(300),
				semconv.GenAIUsageCacheReadInputTokensKey.Int64(800), semconv.PricedKey.Bool(true),
				semconv.CostUSDKey.Float64(usd), semconv.PricingVersionKey.String("v"))
			span.End()
			base := []attribute.KeyValue{
				semconv.GenAIOperationNameKey.String("chat"),
				semconv.GenAIRequestModelKey.String("gpt-4o"),
				semconv.GenAIProviderNameKey.String("openai"),
			}
			dur.Record(sctx, time.Since(start).Seconds(), metric.WithAttributes(base...))
			tokens.Record(sctx, 1200, metric.WithAttributes(append(base[:3:3], semconv.GenAITokenTypeKey.String("input"))...))
			tokens.Record(sctx, 300, metric.WithAttributes(append(base[:3:3], semconv.GenAITokenTypeKey.String("output"))...))
			cost.Add(sctx, usd, metric.WithAttributes(base...))
		}
	})
	benchBest(b, env, ctx, bestChat)
}

func BenchmarkRecordTokenUsage(b *testing.B) {
	env := newBenchEnv(b)
	ctx := context.Background()
	b.Run("otelagent", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			env.tel.RecordTokenUsage(ctx, "gpt-4o", 1200, 300, 0.01)
		}
	})
	b.Run("raw", func(b *testing.B) {
		tokens, _ := env.meter.Int64Histogram(semconv.ClientTokenUsageName,
			metric.WithExplicitBucketBoundaries(semconv.TokenUsageBuckets...))
		cost, _ := env.meter.Float64Counter(semconv.CostUsageName)
		b.ReportAllocs()
		for b.Loop() {
			base := []attribute.KeyValue{
				semconv.GenAIOperationNameKey.String("chat"),
				semconv.GenAIRequestModelKey.String("gpt-4o"),
			}
			tokens.Record(ctx, 1200, metric.WithAttributes(append(base[:2:2], semconv.GenAITokenTypeKey.String("input"))...))
			tokens.Record(ctx, 300, metric.WithAttributes(append(base[:2:2], semconv.GenAITokenTypeKey.String("output"))...))
			cost.Add(ctx, 0.01, metric.WithAttributes(base...))
		}
	})
	benchBest(b, env, ctx, bestRecordTokenUsage)
}

//go:noinline
func emptyCall(context.Context, string) {}

// BenchmarkOff measures every call with the OpenTelemetry no-op providers
// against an empty function call: the target is no allocation and a few
// nanoseconds.
func BenchmarkOff(b *testing.B) {
	tel := otelagent.New(
		otelagent.WithTracerProvider(tracenoop.NewTracerProvider()),
		otelagent.WithMeterProvider(metricnoop.NewMeterProvider()))
	ctx := context.Background()
	b.Run("empty-call", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			emptyCall(ctx, "read_file")
		}
	})
	b.Run("ToolCall", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, c := tel.StartToolCall(ctx, otelagent.Tool{Name: "read_file"})
			c.End(errBench)
		}
	})
	b.Run("Session", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, s := tel.StartSession(ctx, otelagent.Agent{Name: "coder", SessionID: "s"})
			s.End(nil)
		}
	})
	b.Run("Chat", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, c := tel.StartChat(ctx, otelagent.ChatRequest{Model: "gpt-4o"})
			c.SetUsage(otelagent.Usage{InputTokens: 1})
			c.End(nil)
		}
	})
	b.Run("Command", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, c := tel.StartCommand(ctx, "run", "debug")
			c.End(nil)
		}
	})
	b.Run("RecordToolCall", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tel.RecordToolCall(ctx, "filesystem", "s", "a", time.Second, nil)
		}
	})
	b.Run("RecordTokenUsage", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tel.RecordTokenUsage(ctx, "gpt-4o", 100, 50, 0.01)
		}
	})
}

// BenchmarkChatChunk is the cost RecordChunk adds to each chunk of a
// streamed response, against recording the same histogram by hand with
// its attribute set built once.
func BenchmarkChatChunk(b *testing.B) {
	env := newBenchEnv(b)
	ctx := context.Background()
	b.Run("otelagent", func(b *testing.B) {
		_, c := env.tel.StartChat(ctx, otelagent.ChatRequest{Model: "gpt-4o", Provider: "openai", Stream: true})
		defer c.End(nil)
		b.ReportAllocs()
		for b.Loop() {
			c.RecordChunk()
		}
	})
	b.Run("raw", func(b *testing.B) {
		h, _ := env.meter.Float64Histogram(semconv.ClientTimePerOutputChunkName,
			metric.WithExplicitBucketBoundaries(semconv.TimePerOutputChunkBuckets...))
		opt := metric.WithAttributeSet(attribute.NewSet(
			semconv.GenAIOperationNameKey.String("chat"),
			semconv.GenAIRequestModelKey.String("gpt-4o"),
			semconv.GenAIProviderNameKey.String("openai")))
		last := time.Now()
		b.ReportAllocs()
		for b.Loop() {
			now := time.Now()
			h.Record(ctx, now.Sub(last).Seconds(), opt)
			last = now
		}
	})
}
