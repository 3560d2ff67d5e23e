package otelagent_test

import (
	"context"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagent/pricing"
	"github.com/otelagent/otelagent-go/semconv"
)

// The "best" references: hand-written SDK code as a careful engineer writes
// it, building everything that does not change between calls once: span
// start options with precomputed attribute slices, metric attribute sets
// (attribute.NewSet, metric.WithAttributeSet) and constant attributes. Only
// per-call values (timestamps, token counts, cost) are built per call.
// The "raw" references of bench_test.go build their attributes on every
// call. TestBestReferencesAreIdentical checks that each best reference
// exports the same spans and metric points as otelagent's call, so the
// comparison is honest.
//
// Each constructor takes a tracer and a meter and returns one call.

type bestCall func(ctx context.Context)

func mustHistF(m metric.Meter, name string, buckets []float64) metric.Float64Histogram {
	h, _ := m.Float64Histogram(name, metric.WithExplicitBucketBoundaries(buckets...))
	return h
}

// bestToolCall is StartToolCall + End(errBench) in a session "coder"/"s-1".
func bestToolCall(tr trace.Tracer, m metric.Meter) bestCall {
	hist := mustHistF(m, semconv.ExecuteToolDurationName, semconv.OperationDurationBuckets)
	sessionErrors, _ := m.Int64Counter(semconv.SessionErrorsName)
	start := []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindInternal), trace.WithAttributes(
		semconv.GenAIOperationNameKey.String("execute_tool"),
		semconv.GenAIToolNameKey.String("read_file"),
		semconv.GenAIToolTypeKey.String("function"),
		semconv.GenAIToolCallIDKey.String("call_1"),
		semconv.GenAIAgentNameKey.String("coder"),
		semconv.GenAIConversationIDKey.String("s-1"))}
	errAttr := semconv.ErrorTypeKey.String("_OTHER")
	histOpt := metric.WithAttributeSet(attribute.NewSet(
		semconv.GenAIToolNameKey.String("read_file"),
		semconv.GenAIToolTypeKey.String("function"),
		semconv.GenAIAgentNameKey.String("coder"),
		errAttr))
	errOpt := metric.WithAttributeSet(attribute.NewSet(
		semconv.GenAIOperationNameKey.String("execute_tool"),
		semconv.GenAIAgentNameKey.String("coder"),
		errAttr))
	return func(ctx context.Context) {
		t0 := time.Now()
		tctx, span := tr.Start(ctx, "execute_tool read_file", start...)
		span.SetAttributes(errAttr)
		span.SetStatus(codes.Error, "_OTHER")
		span.End()
		hist.Record(tctx, time.Since(t0).Seconds(), histOpt)
		sessionErrors.Add(context.Background(), 1, errOpt)
	}
}

// bestRecordToolCall is RecordToolCall(ctx, "filesystem", "session-id",
// "agentName", 500ms, nil) with no session in ctx.
func bestRecordToolCall(tr trace.Tracer, m metric.Meter) bestCall {
	hist := mustHistF(m, semconv.ExecuteToolDurationName, semconv.OperationDurationBuckets)
	kind := trace.WithSpanKind(trace.SpanKindInternal)
	attrs := trace.WithAttributes(
		semconv.GenAIOperationNameKey.String("execute_tool"),
		semconv.GenAIToolNameKey.String("filesystem"),
		semconv.GenAIAgentNameKey.String("agentName"),
		semconv.GenAIConversationIDKey.String("session-id"))
	histOpt := metric.WithAttributeSet(attribute.NewSet(
		semconv.GenAIToolNameKey.String("filesystem"),
		semconv.GenAIAgentNameKey.String("agentName")))
	return func(ctx context.Context) {
		end := time.Now()
		sctx, span := tr.Start(ctx, "execute_tool filesystem", kind, attrs, trace.WithTimestamp(end.Add(-500*time.Millisecond)))
		span.End(trace.WithTimestamp(end))
		hist.Record(sctx, 0.5, histOpt)
	}
}

// bestSession is StartSession + End(nil) of the agent of BenchmarkSession.
func bestSession(tr trace.Tracer, m metric.Meter) bestCall {
	hist := mustHistF(m, semconv.InvokeAgentDurationName, semconv.InvokeAgentDurationBuckets)
	start := []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindInternal), trace.WithAttributes(
		semconv.GenAIOperationNameKey.String("invoke_agent"),
		semconv.GenAIAgentNameKey.String("coder"),
		semconv.GenAIConversationIDKey.String("s-1"),
		semconv.GenAIRequestModelKey.String("gpt-4o"),
		semconv.GenAIProviderNameKey.String("openai"))}
	histOpt := metric.WithAttributeSet(attribute.NewSet(
		semconv.GenAIAgentNameKey.String("coder"),
		semconv.GenAIRequestModelKey.String("gpt-4o"),
		semconv.GenAIProviderNameKey.String("openai")))
	type sessionKey struct{}
	return func(ctx context.Context) {
		t0 := time.Now()
		sctx, span := tr.Start(ctx, "invoke_agent coder", start...)
		_ = context.WithValue(sctx, sessionKey{}, span) // the session a program would carry too
		span.SetAttributes(semconv.SessionToolCallsKey.Int64(0), semconv.SessionChatCallsKey.Int64(0), semconv.SessionErrorsKey.Int64(0))
		span.End()
		hist.Record(ctx, time.Since(t0).Seconds(), histOpt)
	}
}

// bestChat is StartChat + SetUsage + End(nil) of BenchmarkChat.
func bestChat(tr trace.Tracer, m metric.Meter) bestCall {
	dur := mustHistF(m, semconv.ClientOperationDurationName, semconv.OperationDurationBuckets)
	tokens, _ := m.Int64Histogram(semconv.ClientTokenUsageName, metric.WithExplicitBucketBoundaries(semconv.TokenUsageBuckets...))
	cost, _ := m.Float64Counter(semconv.CostUsageName)
	price, _ := otelPrice("gpt-4o")
	version := semconv.PricingVersionKey.String(pricingVersion())
	usage := benchUsage
	start := []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(
		semconv.GenAIOperationNameKey.String("chat"),
		semconv.GenAIRequestModelKey.String("gpt-4o"),
		semconv.GenAIProviderNameKey.String("openai"))}
	base := []attribute.KeyValue{
		semconv.GenAIOperationNameKey.String("chat"),
		semconv.GenAIRequestModelKey.String("gpt-4o"),
		semconv.GenAIProviderNameKey.String("openai"),
	}
	baseOpt := metric.WithAttributeSet(attribute.NewSet(base...))
	inOpt := metric.WithAttributeSet(attribute.NewSet(append(base[:3:3], semconv.GenAITokenTypeKey.String("input"))...))
	outOpt := metric.WithAttributeSet(attribute.NewSet(append(base[:3:3], semconv.GenAITokenTypeKey.String("output"))...))
	return func(ctx context.Context) {
		t0 := time.Now()
		sctx, span := tr.Start(ctx, "chat gpt-4o", start...)
		usd := price(usage)
		span.SetAttributes(
			semconv.GenAIUsageInputTokensKey.Int64(usage.InputTokens), semconv.GenAIUsageOutputTokensKey.Int64(usage.OutputTokens),
			semconv.GenAIUsageCacheReadInputTokensKey.Int64(usage.CacheReadInputTokens), semconv.PricedKey.Bool(true),
			semconv.CostUSDKey.Float64(usd), version)
		span.End()
		dur.Record(sctx, time.Since(t0).Seconds(), baseOpt)
		tokens.Record(sctx, usage.InputTokens, inOpt)
		tokens.Record(sctx, usage.OutputTokens, outOpt)
		cost.Add(sctx, usd, baseOpt)
	}
}

// bestRecordTokenUsage is RecordTokenUsage(ctx, "gpt-4o", 1200, 300, 0.01)
// with no session in ctx.
func bestRecordTokenUsage(_ trace.Tracer, m metric.Meter) bestCall {
	tokens, _ := m.Int64Histogram(semconv.ClientTokenUsageName, metric.WithExplicitBucketBoundaries(semconv.TokenUsageBuckets...))
	cost, _ := m.Float64Counter(semconv.CostUsageName)
	// The conventions require the provider: no session says it.
	base := []attribute.KeyValue{semconv.GenAIOperationNameKey.String("chat"), semconv.GenAIRequestModelKey.String("gpt-4o"),
		semconv.GenAIProviderNameKey.String(semconv.ProviderUnknown)}
	baseOpt := metric.WithAttributeSet(attribute.NewSet(base...))
	inOpt := metric.WithAttributeSet(attribute.NewSet(append(base[:3:3], semconv.GenAITokenTypeKey.String("input"))...))
	outOpt := metric.WithAttributeSet(attribute.NewSet(append(base[:3:3], semconv.GenAITokenTypeKey.String("output"))...))
	return func(ctx context.Context) {
		tokens.Record(ctx, 1200, inOpt)
		tokens.Record(ctx, 300, outOpt)
		cost.Add(ctx, 0.01, baseOpt)
	}
}

// bestCommand is StartCommand(ctx, "run", "model", "debug") + End(nil), and
// TrackCommand("run", []string{"--model=x", "--debug"}) (which records a
// command of no duration).
func bestCommand(tr trace.Tracer, m metric.Meter) bestCall {
	dur := mustHistF(m, semconv.CommandDurationName, semconv.CommandDurationBuckets)
	count, _ := m.Int64Counter(semconv.CommandInvocationsName)
	start := []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindInternal), trace.WithAttributes(
		semconv.CommandNameKey.String("run"),
		semconv.CommandFlagsKey.StringSlice([]string{"model", "debug"}))}
	outcome := semconv.CommandOutcomeKey.String(semconv.OutcomeSuccess)
	opt := metric.WithAttributeSet(attribute.NewSet(semconv.CommandNameKey.String("run"), outcome))
	return func(ctx context.Context) {
		t0 := time.Now()
		cctx, span := tr.Start(ctx, "run", start...)
		span.SetAttributes(outcome)
		span.End()
		dur.Record(cctx, time.Since(t0).Seconds(), opt)
		count.Add(cctx, 1, opt)
	}
}

// bestMCP is RecordMCPOperation of a successful client tools/call of
// read_file that took 20 ms.
func bestMCP(_ trace.Tracer, m metric.Meter) bestCall {
	hist := mustHistF(m, semconv.MCPClientOperationDurationName, semconv.MCPOperationDurationBuckets)
	opt := metric.WithAttributeSet(attribute.NewSet(
		semconv.MCPMethodNameKey.String(semconv.MCPMethodToolsCall),
		semconv.GenAIOperationNameKey.String(semconv.OperationExecuteTool),
		semconv.GenAIToolNameKey.String("read_file")))
	return func(ctx context.Context) {
		hist.Record(ctx, (20 * time.Millisecond).Seconds(), opt)
	}
}

var benchUsage = otelagent.Usage{InputTokens: 1200, OutputTokens: 300, CacheReadInputTokens: 800}

var benchMCPOp = otelagent.MCPOperation{Side: otelagent.MCPClient, Method: "tools/call", ToolName: "read_file"}

var benchArgs = []string{"--model=x", "--debug"}

func pricingVersion() string { return pricing.Default().Version() }

// benchBest runs a best reference as the sub-benchmark "best".
func benchBest(b *testing.B, env *benchEnv, ctx context.Context, newCall func(trace.Tracer, metric.Meter) bestCall) {
	b.Run("best", func(b *testing.B) {
		call := newCall(env.tracer, env.meter)
		b.ReportAllocs()
		for b.Loop() {
			call(ctx)
		}
	})
}

// BenchmarkMCP is RecordMCPOperation against the raw and best references.
func BenchmarkMCP(b *testing.B) {
	env := newBenchEnv(b)
	ctx := context.Background()
	b.Run("otelagent", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			env.tel.RecordMCPOperation(ctx, benchMCPOp, 20*time.Millisecond, nil)
		}
	})
	b.Run("raw", func(b *testing.B) {
		hist := mustHistF(env.meter, semconv.MCPClientOperationDurationName, semconv.MCPOperationDurationBuckets)
		b.ReportAllocs()
		for b.Loop() {
			hist.Record(ctx, (20 * time.Millisecond).Seconds(), metric.WithAttributes(
				semconv.MCPMethodNameKey.String(semconv.MCPMethodToolsCall),
				semconv.GenAIOperationNameKey.String(semconv.OperationExecuteTool),
				semconv.GenAIToolNameKey.String("read_file")))
		}
	})
	benchBest(b, env, ctx, bestMCP)
}

// BenchmarkTrackCommand is docker-agent's TrackCommand (through the Default
// Telemetry) against the best reference of a command.
func BenchmarkTrackCommand(b *testing.B) {
	env := newBenchEnv(b)
	otelagent.SetDefault(env.tel)
	b.Cleanup(func() { otelagent.SetDefault(nil) })
	b.Run("otelagent", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			otelagent.TrackCommand("run", benchArgs)
		}
	})
	benchBest(b, env, context.Background(), bestCommand)
}
