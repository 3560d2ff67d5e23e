package otelagent_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// BenchmarkCommand is a command span with its metrics, next to raw SDK code
// recording the same span, attributes and metric records.
func BenchmarkCommand(b *testing.B) {
	env := newBenchEnv(b)
	ctx := context.Background()
	b.Run("otelagent", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, c := env.tel.StartCommand(ctx, "run", "model", "debug")
			c.End(nil)
		}
	})
	b.Run("raw", func(b *testing.B) {
		dur, _ := env.meter.Float64Histogram(semconv.CommandDurationName,
			metric.WithExplicitBucketBoundaries(semconv.CommandDurationBuckets...))
		count, _ := env.meter.Int64Counter(semconv.CommandInvocationsName)
		b.ReportAllocs()
		for b.Loop() {
			start := time.Now()
			cctx, span := env.tracer.Start(ctx, "run", trace.WithSpanKind(trace.SpanKindInternal),
				trace.WithAttributes(
					semconv.CommandNameKey.String("run"),
					semconv.CommandFlagsKey.StringSlice([]string{"model", "debug"})))
			span.SetAttributes(semconv.CommandOutcomeKey.String(semconv.OutcomeSuccess))
			span.End()
			attrs := metric.WithAttributes(
				semconv.CommandNameKey.String("run"),
				semconv.CommandOutcomeKey.String(semconv.OutcomeSuccess))
			dur.Record(cctx, time.Since(start).Seconds(), attrs)
			count.Add(cctx, 1, attrs)
		}
	})
	benchBest(b, env, ctx, bestCommand)
}

// BenchmarkDisabled measures every call of the API when telemetry is off in
// the two ways BenchmarkOff does not cover: a nil *Telemetry, and the
// global providers before any was set (what an agent gets when setup
// disabled telemetry and installed nothing). The reference is an empty
// function call; the target is no allocation and at most 50 ns.
func BenchmarkDisabled(b *testing.B) {
	if isGlobalDelegate(otel.GetTracerProvider()) && isGlobalDelegate(otel.GetMeterProvider()) {
		benchOffCalls(b, "global", otelagent.New())
	} else {
		b.Log("global providers already set in this process: global case skipped")
	}
	benchOffCalls(b, "nil", nil)
}

// isGlobalDelegate reports whether p is the OpenTelemetry API's own
// placeholder provider, used until a program sets one.
func isGlobalDelegate(p any) bool {
	t := reflect.TypeOf(p)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath() == "go.opentelemetry.io/otel/internal/global"
}

func benchOffCalls(b *testing.B, mode string, tel *otelagent.Telemetry) {
	ctx := context.Background()
	run := func(name string, f func(b *testing.B)) {
		b.Run("mode="+mode+"/call="+name, func(b *testing.B) {
			b.ReportAllocs()
			f(b)
		})
	}
	run("empty-call", func(b *testing.B) {
		for b.Loop() {
			emptyCall(ctx, "read_file")
		}
	})
	run("ToolCall", func(b *testing.B) {
		for b.Loop() {
			_, c := tel.StartToolCall(ctx, otelagent.Tool{Name: "read_file", Type: "function", CallID: "call_1"})
			c.End(errBench)
		}
	})
	run("RecordToolCall", func(b *testing.B) {
		for b.Loop() {
			tel.RecordToolCall(ctx, "filesystem", "s", "a", time.Second, nil)
		}
	})
	run("Session", func(b *testing.B) {
		for b.Loop() {
			_, s := tel.StartSession(ctx, otelagent.Agent{Name: "coder", SessionID: "s"})
			s.End(nil)
		}
	})
	run("Chat", func(b *testing.B) {
		for b.Loop() {
			_, c := tel.StartChat(ctx, otelagent.ChatRequest{Model: "gpt-4o", Provider: "openai"})
			c.SetResponseModel("gpt-4o-2024-08-06")
			c.SetUsage(otelagent.Usage{InputTokens: 1200, OutputTokens: 300})
			c.End(nil)
		}
	})
	run("RecordTokenUsage", func(b *testing.B) {
		for b.Loop() {
			tel.RecordTokenUsage(ctx, "gpt-4o", 1200, 300, 0.01)
		}
	})
	run("Command", func(b *testing.B) {
		for b.Loop() {
			_, c := tel.StartCommand(ctx, "run", "model", "debug")
			c.End(nil)
		}
	})
}
