package otelagent_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/otelagent/otelagent-go/otelagent"
)

// restoreGlobals puts the global providers back after a test changes them.
func restoreGlobals(t *testing.T) {
	tp, mp := otel.GetTracerProvider(), otel.GetMeterProvider()
	t.Cleanup(func() {
		otel.SetTracerProvider(tp)
		otel.SetMeterProvider(mp)
	})
}

func TestGlobalProviderSetLaterIsUsed(t *testing.T) {
	restoreGlobals(t)
	otel.SetTracerProvider(tracenoop.NewTracerProvider())
	otel.SetMeterProvider(metricnoop.NewMeterProvider())
	tel := otelagent.New()

	ctx := context.Background()
	if got, call := tel.StartToolCall(ctx, otelagent.Tool{Name: "before"}); call != nil || got != ctx {
		t.Fatal("no-op providers: want nil handle and the same context")
	}

	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	otel.SetTracerProvider(tp)
	otel.SetMeterProvider(mp)

	_, call := tel.StartToolCall(ctx, otelagent.Tool{Name: "after"})
	call.End(nil)
	if got := spanNames(rec.Ended()); len(got) != 1 || got[0] != "execute_tool after" {
		t.Errorf("spans after setting a global provider: %v", got)
	}
}

func TestDefaultFollowsGlobals(t *testing.T) {
	restoreGlobals(t)
	rec := tracetest.NewSpanRecorder()
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec)))
	otelagent.TrackCommand("version", nil)
	if got := spanNames(rec.Ended()); len(got) != 1 || got[0] != "version" {
		t.Errorf("default telemetry spans: %v", got)
	}
}

func TestFromContext(t *testing.T) {
	if otelagent.FromContext(context.Background()) != otelagent.Default() {
		t.Error("FromContext without a Telemetry is not Default")
	}
	tel := otelagent.New()
	if otelagent.FromContext(otelagent.NewContext(context.Background(), tel)) != tel {
		t.Error("FromContext lost the Telemetry")
	}
	if otelagent.FromContext(otelagent.NewContext(context.Background(), nil)) == nil {
		t.Error("FromContext returned nil")
	}
}

func TestNilHandlesAndTelemetry(t *testing.T) {
	var tel *otelagent.Telemetry
	ctx := context.Background()
	_, cmd := tel.StartCommand(ctx, "run")
	_, s := tel.StartSession(ctx, otelagent.Agent{})
	_, c := tel.StartChat(ctx, otelagent.ChatRequest{})
	_, tc := tel.StartToolCall(ctx, otelagent.Tool{})
	tel.RecordToolCall(ctx, "t", "", "", time.Second, errors.New("x"))
	tel.RecordTokenUsage(ctx, "m", 1, 1, 0)
	c.SetUsage(otelagent.Usage{})
	c.SetResponseModel("m")
	c.CaptureContent("a", "b")
	tc.CaptureContent("a", "b")
	if tel.CapturesContent() {
		t.Error("nil Telemetry captures content")
	}
	for _, end := range []func(error){cmd.End, s.End, c.End, tc.End} {
		end(nil)
	}
}

// When off, every call must cost no allocation: it returns before building
// attributes or contexts.
func TestOffPathDoesNotAllocate(t *testing.T) {
	restoreGlobals(t)
	otel.SetTracerProvider(tracenoop.NewTracerProvider())
	otel.SetMeterProvider(metricnoop.NewMeterProvider())
	tels := map[string]*otelagent.Telemetry{
		"globals no-op": otelagent.New(),
		"explicit no-op": otelagent.New(
			otelagent.WithTracerProvider(tracenoop.NewTracerProvider()),
			otelagent.WithMeterProvider(metricnoop.NewMeterProvider())),
	}
	ctx := context.Background()
	errBoom := errors.New("boom")
	for name, tel := range tels {
		allocs := testing.AllocsPerRun(100, func() {
			cctx, cmd := tel.StartCommand(ctx, "run", "debug")
			sctx, s := tel.StartSession(cctx, otelagent.Agent{Name: "a", SessionID: "s"})
			_, c := tel.StartChat(sctx, otelagent.ChatRequest{Model: "m"})
			c.SetUsage(otelagent.Usage{InputTokens: 1})
			c.End(nil)
			_, tc := tel.StartToolCall(sctx, otelagent.Tool{Name: "t"})
			tc.End(errBoom)
			tel.RecordToolCall(sctx, "t", "s", "a", time.Second, nil)
			tel.RecordTokenUsage(sctx, "m", 1, 2, 0.1)
			tel.RecordMCPOperation(sctx, otelagent.MCPOperation{Method: "tools/call", ToolName: "t"}, time.Second, errBoom)
			s.End(nil)
			cmd.End(nil)
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per run, want 0", name, allocs)
		}
	}
}

func TestEnabled(t *testing.T) {
	restoreGlobals(t)
	otel.SetTracerProvider(tracenoop.NewTracerProvider())
	otel.SetMeterProvider(metricnoop.NewMeterProvider())
	var nilTel *otelagent.Telemetry
	if nilTel.Enabled() || otelagent.New().Enabled() {
		t.Error("Enabled = true for a nil Telemetry or no-op providers")
	}
	if !otelagent.New(otelagent.WithTracerProvider(sdktrace.NewTracerProvider())).Enabled() {
		t.Error("Enabled = false with a recording tracer provider")
	}
	if !otelagent.New(otelagent.WithMeterProvider(sdkmetric.NewMeterProvider())).Enabled() {
		t.Error("Enabled = false with a recording meter provider")
	}
}
