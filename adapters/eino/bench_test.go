package oteleino_test

import (
	"context"
	"testing"

	"github.com/cloudwego/eino/callbacks"
	"github.com/cloudwego/eino/components"
	"github.com/cloudwego/eino/components/model"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	oteleino "github.com/otelagent/otelagent-go/adapters/eino"
	"github.com/otelagent/otelagent-go/otelagent"
)

// BenchmarkChatCallbacks is the handler's cost per chat model call: its
// start and end callbacks, with usage, recorded on SDK providers and off.
func BenchmarkChatCallbacks(b *testing.B) {
	info := &callbacks.RunInfo{Name: "model", Type: "Scripted", Component: components.ComponentOfChatModel}
	input := &model.CallbackInput{Config: &model.Config{Model: "gpt-4o"}}
	output := &model.CallbackOutput{TokenUsage: &model.TokenUsage{PromptTokens: 120, CompletionTokens: 30, TotalTokens: 150}}
	run := func(b *testing.B, tel *otelagent.Telemetry) {
		h := oteleino.NewHandler(oteleino.WithTelemetry(tel), oteleino.WithProviderName("openai"))
		ctx := context.Background()
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			h.OnEnd(h.OnStart(ctx, info, input), info, output)
		}
	}
	b.Run("on", func(b *testing.B) {
		tp := sdktrace.NewTracerProvider()
		mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
		b.Cleanup(func() { _ = tp.Shutdown(context.Background()); _ = mp.Shutdown(context.Background()) })
		run(b, otelagent.New(otelagent.WithTracerProvider(tp), otelagent.WithMeterProvider(mp)))
	})
	b.Run("off", func(b *testing.B) {
		run(b, otelagent.New(otelagent.WithTracerProvider(tracenoop.NewTracerProvider()), otelagent.WithMeterProvider(metricnoop.NewMeterProvider())))
	})
}
